"""django-filter filter sets of the public pages."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Group, Match, Stage, Team, Venue


class DateRangeInputs(django_filters.widgets.DateRangeWidget):
    """Two date boxes, each with a label of its own ("From", "To"); the page shows the
    pair as a fieldset whose legend is the filter's label."""

    template_name = "tournaments/widgets/date_range.html"


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
        # Translators: a filter's legend over two date boxes, "From" and "To" (in
        # Spanish not "Fecha", which is the Round filter's name).
        label=pgettext_lazy("the match list's filter", "Dates"),
        widget=DateRangeInputs(attrs={"type": "date"}),
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

    def labels_in_use(self):
        """The labels of the filters that narrow the list, in the form's order; an
        invalid one is ignored (strict=False), so it is not in use."""
        values = getattr(self.form, "cleaned_data", {})
        return [
            field.label
            for name, field in self.form.fields.items()
            if values.get(name) not in (None, "", slice(None, None))
        ]


def group_label(group):
    stage, name = group.stage.display_name, group.display_name
    return name if name == stage else f"{stage}: {name}"  # a stage's lone group may share its name


def stage_label(stage):
    return stage.display_name  # str(stage) names the season too, a query per choice


class TeamSearchForm(forms.Form):
    q = forms.CharField(label=_("Team"), required=False, max_length=100)
