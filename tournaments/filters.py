"""django-filter filter sets of the public pages."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Group, Match, Stage, Team, Venue


class SeasonMatchFilter(django_filters.FilterSet):
    """The matches of one season; every choice is limited to that season."""

    team = django_filters.ModelChoiceFilter(
        label=_("Team"),
        queryset=Team.objects.none(),
        method="filter_team",
        empty_label=_("Any team"),
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Stage"),
        field_name="group__stage",
        queryset=Stage.objects.none(),
        empty_label=_("Any stage"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=Group.objects.none(), empty_label=_("Any group")
    )
    round = django_filters.NumberFilter(label=_("Round"), min_value=1)
    date = django_filters.DateFromToRangeFilter(
        label=_("Date (from – to)"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    venue = django_filters.ModelChoiceFilter(
        label=_("Venue"), queryset=Venue.objects.none(), empty_label=_("Any venue")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Match.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Match
        fields = ("team", "stage", "group", "round", "date", "venue", "status")

    def __init__(self, *args, season, **kwargs):
        super().__init__(*args, **kwargs)
        filters = self.filters
        # A match's teams are members of its group: the members name the season's teams
        # (an OR of "home or away in the season" made PostgreSQL scan every team).
        filters["team"].queryset = Team.objects.playing_in(season)
        filters["stage"].queryset = Stage.objects.filter(season=season)
        filters["group"].queryset = Group.objects.for_season(season)
        filters["venue"].queryset = Venue.objects.filter(
            pk__in=Match.objects.for_season(season).values("venue")
        )
        filters["group"].field.label_from_instance = group_label
        filters["stage"].field.label_from_instance = stage_label

    def filter_team(self, queryset, name, team):
        return queryset.involving(team)


def group_label(group):
    return f"{group.stage.display_name}: {group.display_name}"


def stage_label(stage):
    return stage.display_name  # str(stage) names the season too, a query per choice


class TeamSearchForm(forms.Form):
    q = forms.CharField(label=_("Team"), required=False, max_length=100)
