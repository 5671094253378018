"""The public pages. Each runs a fixed number of queries whatever the data size,
and reads the stored standings: nothing is recomputed per request."""

import re
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext, pgettext
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from . import reports, spreadsheet
from .filters import SeasonMatchFilter, TeamSearchForm
from .interchange import footballjson
from .models import (
    Department,
    Goal,
    Group,
    GroupMember,
    Match,
    PointAdjustment,
    Season,
    Stage,
    Standing,
    StatusZone,
    Team,
)
from .tables import MatchTable, StandingTable


class HomeView(ListView):
    template_name = "tournaments/home.html"
    context_object_name = "seasons"

    def get_queryset(self):
        return Season.objects.with_summary().order_by("-year")

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_form=TeamSearchForm(), **kwargs)


class TeamSearchView(ListView):
    template_name = "tournaments/team_list.html"
    context_object_name = "teams"
    paginate_by = 50

    def get_queryset(self):
        self.form = TeamSearchForm(self.request.GET or None)
        teams = Team.objects.select_related("department").order_by("name")
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
    slug_field = "year"
    slug_url_kwarg = "year"

    def get_queryset(self):
        return Season.objects.select_related("champion", "runner_up")

    def get_context_data(self, **kwargs):
        season = self.object
        matches = list(
            Match.objects.for_season(season)
            .with_teams()
            .order_by("round", "date", "kickoff_time", "pk")
        )
        by_group = defaultdict(list)
        for match in matches:
            by_group[match.group_id].append(match)
        groups = (
            Group.objects.for_season(season)
            .with_tables()
            .prefetch_related(
                Prefetch("point_adjustments", PointAdjustment.objects.select_related("team")),
                "round_positions",
            )
        )
        stages = []
        for group in groups:
            if not stages or stages[-1]["stage"].pk != group.stage_id:
                stages.append({"stage": group.stage, "groups": []})
            stages[-1]["groups"].append(group_section(group, by_group[group.pk]))
        return super().get_context_data(
            stages=stages,
            blocks=stage_blocks(stages),
            stats=reports.season_stats(matches),
            top_scorers=top_scorers(season),
            entries=season.entries.select_related("team", "department").order_by(
                "department__slug", "team__name"
            ),
            previous_season=season.get_previous(),
            next_season=season.get_next(),
            **kwargs,
        )


def stage_blocks(stages):
    """The season page's sections in the order played: each group stage on its own,
    consecutive knockout stages together as one bracket (each stage a round)."""
    blocks = []
    for stage in stages:
        if stage["stage"].kind != Stage.Kind.KNOCKOUT:
            blocks.append(stage)
        elif blocks and "rounds" in blocks[-1]:
            blocks[-1]["rounds"].append(stage)
        else:
            blocks.append({"rounds": [stage]})
    return [bracket(block["rounds"]) if "rounds" in block else block for block in blocks]


def bracket(rounds):
    """A bracket's rounds, their ties placed so that two feeding one sit side by side.

    In a connected bracket, the ties of every round but the last come in pairs
    (``slots``), which the stylesheet joins to the tie they feed.
    """
    orders, connected = reports.bracket_order(
        [[section["tie"] for section in stage["groups"]] for stage in rounds]
    )
    levels = {stage["stage"].level for stage in rounds}  # one stated level heads the bracket
    columns = []
    for number, (stage, order) in enumerate(zip(rounds, orders, strict=True), start=1):
        ties = [stage["groups"][index] for index in order]
        if connected and number < len(rounds):
            slots = [ties[i : i + 2] for i in range(0, len(ties), 2)]
        else:
            slots = [[tie] for tie in ties]
        columns.append({"stage": stage["stage"], "ties": ties, "slots": slots})
    return {
        "rounds": columns,
        "connected": connected,
        "level": rounds[0]["stage"].get_level_display()
        if len(levels) == 1 and "" not in levels
        else "",
    }


def group_section(group, matches):
    """Everything the season page shows of one group or knockout tie."""
    standings = list(group.standings.all())
    section = {"group": group, "matches": matches}
    if group.stage.kind == Stage.Kind.KNOCKOUT:
        section["tie"] = reports.knockout_tie(matches, group.stage.tie_rules)
        return section
    rounds = defaultdict(list)
    for match in matches:
        rounds[match.round].append(match)
    section.update(
        standings=standings,
        table=StandingTable(
            standings,
            zones=group.zones.all(),
            caption=gettext("Standings: %(group)s") % {"group": group.display_name},
        ),
        rules=group.classification_rules(),
        cross=reports.cross_table([s.team for s in standings], matches) if standings else None,
        chart=None
        if group.shows_published_table
        else reports.positions_chart(group.round_positions.all(), standings),
        rounds=sorted(rounds.items()),
        # (row, points) with the points unsigned: the template words the sign.
        adjusted=[(s, abs(s.points_adjustment)) for s in standings if s.points_adjustment],
    )
    return section


def top_scorers(season):
    """The recorded tallies; failing those, the leaders counted from the goals."""
    tallies = list(season.top_scorers.select_related("player", "team"))
    if tallies:
        best = tallies[0].goals
        return [(t.player.name, t.team, t.goals) for t in tallies if t.goals == best]
    counted = list(
        Goal.objects.for_season(season)
        .filter(own_goal=False, scorer__isnull=False)
        .values("scorer__name")
        .annotate(goals=Count("pk"))
        .order_by("-goals", "scorer__name")[:10]
    )
    if not counted:
        return []
    return [
        (c["scorer__name"], None, c["goals"]) for c in counted if c["goals"] == counted[0]["goals"]
    ]


class SeasonMatchesView(SingleTableMixin, FilterView):
    """Every match of a season: sortable, paginated, filtered; also as CSV."""

    template_name = "tournaments/season_matches.html"
    table_class = MatchTable
    filterset_class = SeasonMatchFilter
    strict = False  # an invalid filter is reported on the form and ignored

    def dispatch(self, request, *args, **kwargs):
        self.season = get_object_or_404(Season, year=kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Match.objects.for_season(self.season)
            .with_teams()
            .order_by("date", "kickoff_time", "group__stage__order", "group__order", "round", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "season": self.season}

    def get_table_kwargs(self):
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
        table = MatchTable(filterset.qs)
        RequestConfig(self.request, paginate=False).configure(table)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="copa-peru-{self.season.year}-matches.csv"'
        )
        spreadsheet.write_rows(response, table.as_values())
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(season=self.season, **kwargs)


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
        return Team.objects.select_related("department").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        team = self.object
        matches = list(
            Match.objects.involving(team)
            .with_teams()
            .order_by("-group__stage__season__year", "group__stage__order", "round", "date", "pk")
        )
        return super().get_context_data(
            seasons=team_seasons(team, matches),
            matches=matches,
            record=reports.team_record(team, matches),
            **kwargs,
        )


def team_seasons(team, matches):
    """Per season: the department it came from, the furthest stage it reached (by
    stage order) and how its season ended there."""
    seasons = {}
    for entry in team.entries.select_related("season", "department"):
        seasons[entry.season.year] = {"season": entry.season, "department": entry.department}
    memberships = GroupMember.objects.filter(team=team).select_related("group__stage__season")
    for member in memberships:
        stage = member.group.stage
        row = seasons.setdefault(stage.season.year, {"season": stage.season})
        furthest = row.get("group")
        if furthest is None or (stage.order, stage.pk) > (furthest.stage.order, furthest.stage.pk):
            row["group"] = member.group
    standings = {
        s.group_id: s
        for s in Standing.objects.filter(team=team).only("group_id", "position", "shared_position")
    }
    by_group = defaultdict(list)
    for match in matches:  # a tie's legs all involve the team: they are all here
        by_group[match.group_id].append(match)
    for row in seasons.values():
        group = row.get("group")
        row["standing"] = standings.get(getattr(group, "pk", None))
        row["champion"] = row["season"].champion_id == team.pk
        row["outcome"] = season_outcome(
            team, row["season"], group, row["standing"], by_group[getattr(group, "pk", None)]
        )
    return [seasons[year] for year in sorted(seasons, reverse=True)]


def season_outcome(team, season, group, standing, matches):
    """ "Champion", "Lost to X in the Semi-finals (X won on penalties)", "3rd in Final
    group", or the furthest stage's name when nothing more is known."""
    if season.champion_id == team.pk:
        return gettext("Champion")
    if season.runner_up_id == team.pk:
        return gettext("Runner-up")
    if group is None:
        return ""
    stage = group.stage
    if stage.kind == Stage.Kind.KNOCKOUT:
        tie = reports.knockout_tie(matches, stage.tie_rules)
        if tie.winner is None:
            return stage.display_name
        names = {"stage": stage.display_name, "how": tie.how}
        if tie.winner.pk == team.pk:
            return gettext("Beat %(loser)s in the %(stage)s (%(how)s)") % {
                "loser": tie.loser,
                **names,
            }
        return gettext("Lost to %(winner)s in the %(stage)s (%(winner)s %(how)s)") % {
            "winner": tie.winner,
            **names,
        }
    if standing is None:
        return stage.display_name
    names = {"place": ordinal(standing.position), "group": group.display_name}
    if standing.shared_position:
        # Translators: "Joint 2nd in Group A": the place is an ordinal ("2nd", "2.º").
        return gettext("Joint %(place)s in %(group)s") % names
    # Translators: "3rd in Group A": the place is an ordinal ("3rd", "3.º").
    return gettext("%(place)s in %(group)s") % names


def ordinal(number):
    """A place as an ordinal in the active language: "1st", "22nd", "13th" in English;
    each language gives its own form (in Spanish, "1.º") for each English ending."""
    if number % 100 in (11, 12, 13):
        return pgettext("ordinal ending in 11, 12 or 13", "%(number)sth") % {"number": number}
    if number % 10 == 1:
        return pgettext("ordinal ending in 1", "%(number)sst") % {"number": number}
    if number % 10 == 2:
        return pgettext("ordinal ending in 2", "%(number)snd") % {"number": number}
    if number % 10 == 3:
        return pgettext("ordinal ending in 3", "%(number)srd") % {"number": number}
    return pgettext("ordinal ending in 0 or 4 to 9", "%(number)sth") % {"number": number}


class DepartmentDetailView(DetailView):
    template_name = "tournaments/department_detail.html"
    context_object_name = "department"
    queryset = Department.objects.all()

    def get_context_data(self, **kwargs):
        department = self.object
        return super().get_context_data(
            teams=department.teams.order_by("name"),
            entries=department.entries.select_related("season", "team").order_by(
                "-season__year", "team__name"
            ),
            **kwargs,
        )


class MatchDetailView(DetailView):
    template_name = "tournaments/match_detail.html"
    context_object_name = "match"

    def get_queryset(self):
        return Match.objects.with_teams().prefetch_related("goals__scorer", "goals__team")

    def get_context_data(self, **kwargs):
        match = self.object
        tie = None
        if match.group.stage.kind == Stage.Kind.KNOCKOUT:
            tie = reports.knockout_tie(
                match.group.matches.with_teams(), match.group.stage.tie_rules
            )
        return super().get_context_data(tie=tie, **kwargs)


def season_zone_colours(request, year):
    zones = StatusZone.objects.filter(group__stage__season__year=year).order_by("pk")
    return render(
        request,
        "tournaments/zone_colours.css",
        {"zones": zones.only("pk", "colour")},
        content_type="text/css; charset=utf-8",
    )


def season_football_json(request, year):
    """The season in openfootball's football.json format."""
    season = get_object_or_404(Season, year=year)
    response = JsonResponse(
        footballjson.export_season(season), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="copa-peru-{year}.football.json"'
    return response


def season_standings_csv(request, year):
    """Every stored table of the season, one row per team."""
    season = get_object_or_404(Season, year=year)
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
