"""django-filter filter sets of the public pages."""

import django_filters
from django import forms
from django.db.models import Q

from .models import Group, Match, Stage, Team, Venue


class SeasonMatchFilter(django_filters.FilterSet):
    """The matches of one season; every choice is limited to that season."""

    team = django_filters.ModelChoiceFilter(
        label="Team", queryset=Team.objects.none(), method="filter_team", empty_label="Any team"
    )
    stage = django_filters.ModelChoiceFilter(
        label="Stage",
        field_name="group__stage",
        queryset=Stage.objects.none(),
        empty_label="Any stage",
    )
    group = django_filters.ModelChoiceFilter(
        label="Group", queryset=Group.objects.none(), empty_label="Any group"
    )
    round = django_filters.NumberFilter(label="Round", min_value=1)
    date = django_filters.DateFromToRangeFilter(
        label="Date (from – to)",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    venue = django_filters.ModelChoiceFilter(
        label="Venue", queryset=Venue.objects.none(), empty_label="Any venue"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Match.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = Match
        fields = ("team", "stage", "group", "round", "date", "venue", "status")

    def __init__(self, *args, season, **kwargs):
        super().__init__(*args, **kwargs)
        in_season = Q(home_matches__group__stage__season=season) | Q(
            away_matches__group__stage__season=season
        )
        filters = self.filters
        filters["team"].queryset = Team.objects.filter(
            pk__in=Team.objects.filter(in_season).values("pk")
        )
        filters["stage"].queryset = Stage.objects.filter(season=season)
        filters["group"].queryset = Group.objects.filter(stage__season=season).select_related(
            "stage"
        )
        filters["venue"].queryset = Venue.objects.filter(
            pk__in=Match.objects.for_season(season).values("venue")
        )
        filters["group"].field.label_from_instance = group_label
        filters["stage"].field.label_from_instance = stage_label

    def filter_team(self, queryset, name, team):
        return queryset.filter(Q(home_team=team) | Q(away_team=team))


def group_label(group):
    return f"{group.stage.display_name}: {group.display_name}"


def stage_label(stage):
    return stage.display_name  # str(stage) names the season too, a query per choice


class TeamSearchForm(forms.Form):
    q = forms.CharField(label="Team", required=False, max_length=100)
