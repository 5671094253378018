"""What the index pages, the head-to-head and the all-time records read.

Published seasons only, a fixed number of queries each whatever the data (the
season, group, team and match pages read in selectors.py). A team's record and
its points come from the engine (tournaments.standings): from the stored tables,
or counted by it from the matches.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Abs, Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import reports, standings
from .links import link_departments, link_matches, link_teams, path_maker
from .models import Department, Match, Season, SeasonTeam, Stage, Standing, Team

# Every season's points counted again on one basis, so that the eras compare.
COMMON_BASIS = standings.Rules(points_for_win=3, points_for_draw=1)
TOP = 10  # the rows of each "most" and "biggest" list

# A season's format is its stages' phases in order, repeated ones said once.
PHASES = {
    "groups": _("groups"),  # a round-robin stage of several groups
    "round_robin": _("round robin"),  # one group, before other stages
    "final_round_robin": _("round robin final"),  # one group, the last stage
    "knockout": _("knockout"),
}


# -- the seasons --------------------------------------------------------------------


def season_index():
    """Every published season, newest first, with its champion, runner-up and
    ``team_count`` (its entries; failing those, the teams of its groups)."""
    return Season.objects.published().with_summary().select_related("runner_up").order_by("-year")


def season_formats():
    """{season id: its format in words}, for every published season with stages."""
    stages = (
        Stage.objects.filter(season__in=Season.objects.published())
        .annotate(group_count=Count("groups"))
        .order_by("season", "order", "pk")
        .values_list("season_id", "kind", "group_count", named=True)
    )
    by_season = defaultdict(list)
    for stage in stages:
        by_season[stage.season_id].append(stage)
    return {season: format_label(stages) for season, stages in by_season.items()}


def format_label(stages):
    """ "Groups, then knockout" from a season's stages in order (their kind and
    ``group_count``)."""
    phases = []
    for index, stage in enumerate(stages):
        phase = stage_phase(stage, last=index == len(stages) - 1)
        if not phases or phases[-1] != phase:
            phases.append(phase)
    text = str(PHASES[phases[0]])
    for phase in phases[1:]:
        # Translators: a season's format, its phases in order: "groups, then knockout".
        text = gettext("%(earlier)s, then %(later)s") % {"earlier": text, "later": PHASES[phase]}
    return capfirst(text)


def stage_phase(stage, last):
    if stage.kind == Stage.Kind.KNOCKOUT:
        return "knockout"
    if stage.group_count > 1:
        return "groups"
    return "final_round_robin" if last else "round_robin"


def roll_of_honour(seasons):
    """``seasons`` (any, read with their champion and runner-up) as a list, their
    champions and runners-up linked."""
    seasons = list(seasons)
    link_teams(t for s in seasons for t in (s.champion, s.runner_up) if t)
    return seasons


# -- titles -------------------------------------------------------------------------


def champions():
    """The published seasons that have a champion, newest first, each with
    ``champion_department_id`` (champion_department_id())."""
    return (
        Season.objects.published()
        .filter(champion__isnull=False)
        .select_related("champion")
        .annotate(champion_department_id=champion_department_id())
        .order_by("-year")
    )


def champion_department_id():
    """The department a season's champion won it for: the one it entered the season
    for or, where it has no entry, its own. An annotation of seasons."""
    entered_for = SeasonTeam.objects.filter(season=OuterRef("pk"), team=OuterRef("champion"))
    return Coalesce(
        Subquery(entered_for.values("department")[:1]),
        F("champion__department"),
        output_field=IntegerField(),
    )


@dataclass
class Titles:
    holder: object  # a Team or a Department
    seasons: list  # the seasons won, newest first

    @property
    def count(self):
        return len(self.seasons)


def titles_by_department(seasons):
    """{department id: [season won, ...]} of ``champions()``."""
    won = defaultdict(list)
    for season in seasons:
        if season.champion_department_id is not None:
            won[season.champion_department_id].append(season)
    return won


def most_titles(won, holders):
    """[Titles] of the holders (by pk) that won any, most first, then by name."""
    rows = [Titles(holders[pk], seasons) for pk, seasons in won.items()]
    return sorted(sorted(rows, key=lambda r: r.holder.name), key=lambda r: -r.count)


def title_tables():
    """Titles by club and by department."""
    seasons = list(champions())
    by_club = defaultdict(list)
    for season in seasons:
        by_club[season.champion_id].append(season)
    by_department = titles_by_department(seasons)
    departments = Department.objects.in_bulk(list(by_department))
    link_teams(season.champion for season in seasons)
    link_departments(departments.values())
    clubs = {season.champion_id: season.champion for season in seasons}
    return most_titles(by_club, clubs), most_titles(by_department, departments)


# -- the departments ----------------------------------------------------------------


def department_index():
    """Every department with its teams (those known only from drafts left out) and
    ``titles``, the seasons its teams won: most titles first, then by name."""
    teams = Prefetch("teams", Team.objects.outside_drafts().order_by("name"))
    departments = list(Department.objects.prefetch_related(teams).order_by("slug"))
    won = titles_by_department(champions())
    for department in departments:
        department.titles = won.get(department.pk, [])
        link_teams(department.teams.all())
    link_departments(departments)
    return sorted(departments, key=lambda d: -len(d.titles))  # stable: by name within


# -- head-to-head -------------------------------------------------------------------


def head_to_head_paths(team):
    """A function from another team's slug to the path of its head-to-head with ``team``."""
    return path_maker("tournaments:head-to-head", fixed={"slug": team.slug}, other="other")


def head_to_head(team, other):
    """Every published meeting of the two teams, newest season first, and the record
    of each over them, by the engine: a match counts at its score (after extra time;
    a shoot-out decides a tie, not the match), a walkover at its awarded score."""
    meetings = link_matches(
        list(
            Match.objects.published()
            .filter(Q(home_team=team, away_team=other) | Q(home_team=other, away_team=team))
            .with_teams()
            .order_by(
                "-group__stage__season__year",
                "group__stage__order",
                "group__stage__pk",
                "group__order",
                "round",
                "date",
                "pk",
            )
        )
    )
    return {
        "meetings": meetings,
        "records": [
            (team, reports.team_record(team, meetings)),
            (other, reports.team_record(other, meetings)),
        ],
        "reverse_url": head_to_head_paths(other)(team.slug),
    }


def opponents(team, matches):
    """[(opponent, meetings, path of the head-to-head)] over ``matches`` (the team's
    published matches, loaded with their teams), by the opponent's name."""
    met = Counter()
    teams = {}
    for match in matches:
        other = match.away_team if match.home_team_id == team.pk else match.home_team
        met[other.pk] += 1
        teams[other.pk] = other
    path = head_to_head_paths(team)
    ordered = sorted(teams.values(), key=lambda t: t.name)
    return [(other, met[other.pk], path(other.slug)) for other in ordered]


# -- all-time records ---------------------------------------------------------------


@dataclass
class AllTimeRow:
    team: Team
    record: standings.Row  # totals; its points on COMMON_BASIS
    season_points: int  # as each season counted them
    seasons: int


def all_time_table():
    """Every team's totals over the stored tables of the published seasons (the matches
    that count for a table: knockout ties and play-offs outside a table have none), best
    first by points on COMMON_BASIS, then goal difference, then goals scored."""
    totals = (
        Standing.objects.published()
        .order_by("team__name", "team")
        .values("team", "team__name", "team__slug")
        .annotate(
            played=Sum("played"),
            won=Sum("won"),
            drawn=Sum("drawn"),
            lost=Sum("lost"),
            goals_for=Sum("goals_for"),
            goals_against=Sum("goals_against"),
            points=Sum("points"),
            adjustment=Sum("points_adjustment"),
            seasons=Count("group__stage__season", distinct=True),
        )
    )
    teams, counted, rows = {}, {}, []
    for total in totals:
        team = Team(pk=total["team"], name=total["team__name"], slug=total["team__slug"])
        teams[team.pk], counted[team.pk] = team, (total["points"], total["seasons"])
        row = standings.Row(team.pk, adjustment=total["adjustment"])
        for field in ("played", "won", "drawn", "lost", "goals_for", "goals_against", "points"):
            setattr(row, field, total[field])
        rows.append(standings.rescored(row, COMMON_BASIS))
    link_teams(teams.values())
    return [AllTimeRow(teams[row.team], row, *counted[row.team]) for row in standings.rank(rows)]


def biggest_wins():
    """The TOP widest winning margins, then the most goals, earliest first on a level:
    played matches of every stage; walkovers (an awarded score) left out."""
    return link_matches(
        list(
            Match.objects.published()
            .played()
            .filter(walkover=False)
            .exclude(home_score=F("away_score"))
            .annotate(
                margin=Abs(F("home_score") - F("away_score")),
                total_goals=F("home_score") + F("away_score"),
            )
            .with_teams()
            .order_by("-margin", "-total_goals", F("date").asc(nulls_last=True), "pk")[:TOP]
        )
    )


def goal_rich_seasons():
    """The TOP seasons by goals scored in all their played matches (walkovers left
    out), with ``match_count``, ``goal_count`` and ``goals_per_match``."""
    seasons = list(
        Season.objects.published()
        .with_summary()
        .filter(match_count__gt=0)
        .order_by("-goal_count", "year")[:TOP]
    )
    for season in seasons:
        season.goals_per_match = season.goal_count / season.match_count
    return seasons


@dataclass
class TeamSeasonGoals:
    year: int
    team: Team
    goals: int
    matches: int


def most_goals_by_a_team():
    """The TOP team-seasons by goals scored in all the team's played matches of the
    season, every stage (walkovers left out)."""
    played = Match.objects.published().played().filter(walkover=False).order_by()
    goals, matches, teams = Counter(), Counter(), {}
    for side in ("home", "away"):
        team = f"{side}_team"
        by_team = played.values(
            "group__stage__season__year", team, f"{team}__name", f"{team}__slug"
        ).annotate(scored=Sum(f"{side}_score"), matches=Count("pk"))
        for row in by_team:
            key = (row["group__stage__season__year"], row[team])
            goals[key] += row["scored"]
            matches[key] += row["matches"]
            teams[row[team]] = Team(
                pk=row[team], name=row[f"{team}__name"], slug=row[f"{team}__slug"]
            )
    link_teams(teams.values())
    best = sorted(goals, key=lambda key: (-goals[key], key[0], teams[key[1]].name))[:TOP]
    return [
        TeamSeasonGoals(year, teams[pk], goals[year, pk], matches[year, pk]) for year, pk in best
    ]


def records_page():
    by_club, by_department = title_tables()
    return {
        "all_time": all_time_table(),
        "titles_by_club": by_club,
        "titles_by_department": by_department,
        "biggest_wins": biggest_wins(),
        "goal_rich_seasons": goal_rich_seasons(),
        "team_season_goals": most_goals_by_a_team(),
    }
