"""The public pages. Each runs a fixed number of queries whatever the data size,
and reads the stored standings: nothing is recomputed per request."""

import re

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from . import selectors, spreadsheet
from .filters import SeasonMatchFilter, TeamSearchForm, group_label, stage_label
from .interchange import footballjson
from .models import (
    Department,
    Match,
    Season,
    Standing,
    StatusZone,
    Team,
)
from .tables import CSV_SEQUENCE, MatchTable


class HomeView(TemplateView):
    template_name = "tournaments/home.html"

    def get_context_data(self, **kwargs):
        home = selectors.home_page(today=timezone.localdate())
        return super().get_context_data(**home, **kwargs)


class TeamSearchView(ListView):
    template_name = "tournaments/team_list.html"
    context_object_name = "teams"
    paginate_by = 50

    def get_queryset(self):
        self.form = TeamSearchForm(self.request.GET or None)
        teams = Team.objects.outside_drafts().select_related("department").order_by("name")
        if self.form.is_valid():
            teams = teams.search(self.form.cleaned_data["q"])  # names, aliases, codes, cities
        return teams

    def paginate_queryset(self, queryset, page_size):
        # A bad ?page= shows the first or last page rather than an error.
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_form=self.form, **kwargs)


class SeasonDetailView(DetailView):
    template_name = "tournaments/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        return selectors.season_for_page(self.request.user, self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.season_page(self.object), **kwargs)


class SeasonTeamsView(DetailView):
    """The teams that entered a season, by department."""

    template_name = "tournaments/season_teams.html"
    context_object_name = "season"
    slug_field = "year"
    slug_url_kwarg = "year"

    def get_queryset(self):
        return Season.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=selectors.season_entries(self.object), **kwargs)


class GroupDetailView(DetailView):
    """A group's table and its results by round, a page at a time."""

    template_name = "tournaments/group_detail.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        kwargs = self.kwargs
        return selectors.visible_group(
            self.request.user, kwargs["year"], kwargs["stage"], kwargs["group"]
        )

    def get_context_data(self, **kwargs):
        page = selectors.group_page(self.object, self.request.GET.get("page"))
        return super().get_context_data(season=self.object.stage.season, **page, **kwargs)


class SeasonMatchesView(SingleTableMixin, FilterView):
    """Every match of a season: sortable, paginated, filtered; also as CSV."""

    template_name = "tournaments/season_matches.html"
    table_class = MatchTable
    filterset_class = SeasonMatchFilter
    strict = False  # an invalid filter is reported on the form and ignored

    def dispatch(self, request, *args, **kwargs):
        self.season = selectors.visible_season(request.user, kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.season_matches(self.season)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "season": self.season}

    def get_table_kwargs(self):
        """A stage or group column that would repeat one name on every row is left out,
        and the caption names it once."""
        chosen = getattr(self.filterset.form, "cleaned_data", {})
        group = chosen.get("group") or selectors.lone_group(self.object_list)
        if group:
            return {"caption": group_label(group), "exclude": ("stage", "group")}
        if chosen.get("stage"):
            return {"caption": stage_label(chosen["stage"]), "exclude": ("stage",)}
        return {"caption": gettext("Matches of the %(season)s") % {"season": self.season}}

    def get(self, request, *args, **kwargs):
        if "per_page" in request.GET and per_page(request.GET["per_page"]) is None:
            request.GET = request.GET.copy()  # a bad ?per_page= is ignored
            del request.GET["per_page"]
        if request.GET.get("format") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def csv_response(self):
        filterset = self.get_filterset(self.get_filterset_class())
        table = MatchTable(filterset.qs, sequence=CSV_SEQUENCE)
        RequestConfig(self.request, paginate=False).configure(table)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="copa-peru-{self.season.year}-matches.csv"'
        )
        spreadsheet.write_rows(response, table.as_values())
        return response

    def get_context_data(self, **kwargs):
        in_use = self.filterset.labels_in_use()
        return super().get_context_data(season=self.season, filters_in_use=in_use, **kwargs)


def per_page(value):
    """A ?per_page= of 1 to 500 as a number; None for anything else.

    Only ASCII digits, and few of them: "²" passes str.isdigit() but not int(), and
    int() of thousands of digits raises (Python's limit on long conversions).
    """
    if not re.fullmatch(r"[0-9]{1,3}", value):
        return None
    number = int(value)
    return number if 1 <= number <= 500 else None


class TeamDetailView(DetailView):
    template_name = "tournaments/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        teams = Team.objects.visible_to(self.request.user)  # a draft's new team is unseen
        return teams.select_related("department").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.team_page(self.object), **kwargs)


class DepartmentDetailView(DetailView):
    template_name = "tournaments/department_detail.html"
    context_object_name = "department"
    queryset = Department.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.department_page(self.object), **kwargs)


class MatchDetailView(DetailView):
    template_name = "tournaments/match_detail.html"
    context_object_name = "match"

    def get_queryset(self):
        return (
            Match.objects.visible_to(self.request.user)
            .with_teams()
            .prefetch_related("goals__scorer", "goals__team")
        )

    def get_context_data(self, **kwargs):
        tie = selectors.match_tie(self.object)
        goals = selectors.goals_by_side(self.object)
        return super().get_context_data(tie=tie, goals=goals, **kwargs)


def season_zone_colours(request, year):
    zones = StatusZone.objects.visible_to(request.user).filter(group__stage__season__year=year)
    zones = zones.order_by("pk")
    return render(
        request,
        "tournaments/zone_colours.css",
        {"zones": zones.only("pk", "colour")},
        content_type="text/css; charset=utf-8",
    )


def season_football_json(request, year):
    """The season in openfootball's football.json format."""
    season = selectors.visible_season(request.user, year)
    response = JsonResponse(
        footballjson.export_season(season), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="copa-peru-{year}.football.json"'
    return response


def season_standings_csv(request, year):
    """Every stored table of the season, one row per team."""
    season = selectors.visible_season(request.user, year)
    rows = Standing.objects.for_season(season).select_related("team", "group__stage")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="copa-peru-{year}-standings.csv"'
    # The same headings as the season page's tables, in the reader's language.
    heading = [
        gettext("Stage"),
        gettext("Group"),
        pgettext("table column", "Pos"),
        gettext("Team"),
        pgettext("table column", "Pld"),
        pgettext("table column", "W"),
        pgettext("table column", "D"),
        pgettext("table column", "L"),
        pgettext("table column", "GF"),
        pgettext("table column", "GA"),
        pgettext("table column", "GD"),
        pgettext("table column", "Pts"),
        gettext("Status"),
    ]
    spreadsheet.write_rows(response, [heading, *(standings_csv_row(row) for row in rows)])
    return response


def standings_csv_row(row):
    return [
        row.group.stage.display_name,
        row.group.display_name,
        f"{row.position}=" if row.shared_position else row.position,
        row.team.name,
        row.played,
        row.won,
        row.drawn,
        row.lost,
        row.goals_for,
        row.goals_against,
        row.goal_difference,
        row.points,
        row.status,
    ]
