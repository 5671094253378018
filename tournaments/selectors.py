"""What the public pages read: one function per page, each a fixed number of queries
whatever the season's size. Views call these and render; what is computed from the
rows read (statistics, ties, brackets, charts) is in reports.py."""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import groupby
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import records, reports, services
from .compiled import CompiledModelRead
from .links import link_departments, link_matches, link_teams
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
    Team,
    TopScorer,
    Venue,
)

# A season with more matches than this shows its groups' tables, and each group's
# results on a page of its own: printed whole, 2,000 matches were 1.4 MB of HTML.
SEASON_PAGE_MAX_MATCHES = 150
# A group's results page shows whole rounds, at most this many matches a page.
RESULTS_PER_PAGE = 100
# A results cross-table and a positions chart grow with the square of the teams:
# a group bigger than this has neither.
CROSS_TABLE_MAX_TEAMS = 20

MATCH_ORDER = ("round", "date", "kickoff_time", "pk")

# The home page lists this many of the next fixtures, or of the latest results.
HOME_MATCHES = 6


# -- the home page -----------------------------------------------------------------------


def home_page(today):
    """The home page: the latest published season's champion and final, the next
    fixtures from ``today`` or, when none is set, the latest results, and the roll of
    honour. At most eight queries, however many seasons there are."""
    seasons = records.roll_of_honour(
        Season.objects.published()
        .select_related("champion", "runner_up")
        .annotate(champion_department_id=records.champion_department_id())
        .order_by("-year")
    )
    latest = seasons[0] if seasons else None
    matches = home_matches(today)
    return {
        "honours": seasons,
        "latest": latest,
        "champion_department": champion_department(latest),
        "final": final_section(latest),
        "matches": matches,
        "upcoming": bool(matches) and matches[0].to_come,
    }


def champion_department(season):
    """The department the season's champion won it for (``season`` annotated with
    records.champion_department_id()); None without one."""
    if season is None or season.champion_department_id is None:
        return None
    department = Department.objects.get(pk=season.champion_department_id)
    link_departments([department])
    return department


def final_section(season):
    """The group_section of the season's last stage, if that is one group (a final
    group's table, or the final tie); None if it has several groups or none."""
    if season is None:
        return None
    last = Stage.objects.filter(season=season).order_by("-order", "-pk").values("pk")[:1]
    groups = shown_groups().with_match_count().filter(stage=Subquery(last))
    groups = list(groups.order_by("order", "pk")[:2])
    if len(groups) != 1:
        return None
    group = with_adjustments(groups)[0]
    legs = []
    if group.stage.kind == Stage.Kind.KNOCKOUT:
        legs = link_matches(list(group.matches.with_teams(groups=False).order_by(*MATCH_ORDER)))
    return group_section(group, in_groups(legs, groups), group.match_count)


def home_matches(today):
    """The next HOME_MATCHES fixtures (not played, dated ``today`` or later), soonest
    first; failing any, the latest HOME_MATCHES results, newest first. One query:
    fixtures sort before results, and each kind in its own order."""
    to_come = Q(status__in=[Match.Status.SCHEDULED, Match.Status.POSTPONED], date__gte=today)
    matches = (
        Match.objects.published()
        .filter(to_come | Q(status=Match.Status.PLAYED))
        .annotate(to_come=Case(When(to_come, then=True), default=False))
        .with_teams()
        .order_by(
            F("to_come").desc(),
            Case(When(to_come, then=F("date"))).asc(),  # fixtures: soonest first
            Case(When(to_come, then=F("kickoff_time"))).asc(nulls_last=True),
            Case(When(to_come, then=F("pk"))).asc(),
            *NEWEST_FIRST,  # results: newest first
        )[:HOME_MATCHES]
    )
    matches = list(matches)
    if matches and matches[0].to_come:
        matches = [match for match in matches if match.to_come]
    return link_matches(matches)


# -- the season page -------------------------------------------------------------------


def visible_season(user, year):
    """The season of ``year``, or a 404 if there is none ``user`` may see: a draft is
    seen only by editors (SeasonQuerySet.visible_to)."""
    return get_object_or_404(Season.objects.visible_to(user), year=year)


# The season page's reads, each compiled once (compiled.py): it is the page that a
# final's crowd opens, and Django took longer to write its SQL than to run it.
def page_season_read(viewer):
    """The read of a season by its year, with what its page shows, as ``viewer`` may
    see it (visible_to)."""
    return CompiledModelRead(
        lambda year: Season.objects.visible_to(viewer).for_page().filter(year=year)
    )


# By whether the viewer is staff, the one thing of a user that visible_to() reads.
PAGE_SEASONS = {staff: page_season_read(SimpleNamespace(is_staff=staff)) for staff in (False, True)}
PAGE_GROUPS = CompiledModelRead(lambda season_id: season_groups(season_id))
PAGE_MATCHES = CompiledModelRead(
    lambda season_id: (
        Match.objects.for_season(season_id).order_by(*MATCH_ORDER).with_teams(groups=False)
    )
)


def season_for_page(user, year):
    """The season of ``year`` as its page shows it (Season.objects.for_page()), or a
    404 if there is none ``user`` may see (visible_season)."""
    year_field = Season._meta.get_field("year").get_internal_type()
    low, high = connection.ops.integer_field_range(year_field)
    seasons = PAGE_SEASONS[user.is_staff](year) if low <= year <= high else []
    if not seasons:
        raise Http404("No season of that year.")
    return seasons[0]


def season_page(season):
    """The season page: its stages (tables, results, brackets) and its statistics;
    ``season`` comes from season_for_page(), with its counts and neighbours.

    A season of SEASON_PAGE_MAX_MATCHES matches or fewer shows every result, read
    once; a bigger one shows its groups' tables, each linking to the group's page for
    its results, and reads its matches as bare lines, then those it shows.
    """
    groups = with_adjustments(PAGE_GROUPS(season.pk))
    inline = sum(group.match_count for group in groups) <= SEASON_PAGE_MAX_MATCHES
    if inline:
        lines = shown = link_matches(in_groups(PAGE_MATCHES(season.pk), groups))
        venues = neutral_venues(venue_rows(lines))
    else:
        matches = Match.objects.filter(group__in=groups).order_by(*MATCH_ORDER)
        fields = ("pk", "group_id", "home_score", "away_score", "status", "walkover")
        lines = list(matches.values_list(*fields, named=True))
        venues = neutral_venues(venue_rows_of_query(matches))
    stats = reports.season_stats(lines, {g.pk for g in groups if g.stage_id in venues})
    if not inline:
        shown = shown_matches(groups, stats)
    by_group = defaultdict(list)
    for match in shown:
        by_group[match.group_id].append(match)
    stages = in_stages(
        groups, lambda group: season_section(group, by_group[group.pk], group.match_count, inline)
    )
    link_teams(team for team in [season.champion, season.runner_up] if team)
    mark_venues(stages, venues)
    return {
        "match_count": len(lines),
        "results_inline": inline,
        **where_played(stages, venues),
        "stages": stages,
        "blocks": reports.stage_blocks(stages),
        "stats": featured(stats, shown),
        **scorers_table(season),
    }


def venue_rows(matches):
    """(stage pk, venue, home team's city, away team's city) of each of ``matches`` (read
    with their teams, venue and group) that isn't annulled: what neutral_venues reads."""
    return [
        (m.group.stage_id, m.venue, m.home_team.city, m.away_team.city)
        for m in matches
        if m.status != Match.Status.ANNULLED
    ]


def venue_rows_of_query(matches):
    """venue_rows of a queryset of matches, read as values: one query."""
    rows = (
        matches.exclude(status=Match.Status.ANNULLED)
        .order_by()
        .values_list(
            "group__stage",
            "venue",
            "venue__name",
            "venue__city",
            "home_team__city",
            "away_team__city",
        )
    )
    return [
        (stage, pk and Venue(pk=pk, name=name, city=city), home, away)
        for stage, pk, name, city, home, away in rows
    ]


def neutral_venues(rows):
    """{stage pk: venue} for the stages all played at one neutral venue
    (reports.neutral_venue); ``rows``: venue_rows."""
    venues, cities = defaultdict(set), defaultdict(list)
    for stage, venue, *teams in rows:
        venues[stage].add(venue)
        cities[stage] += teams
    neutral = {stage: reports.neutral_venue(venues[stage], cities[stage]) for stage in venues}
    return {stage: venue for stage, venue in neutral.items() if venue}


def mark_venues(stages, venues):
    """Set each stage's ``venue``: its neutral venue (``venues``: neutral_venues) or None."""
    for block in stages:
        block["venue"] = venues.get(block["stage"].pk)


def where_played(stages, venues):
    """``neutral_venue``: the one neutral venue of every stage with matches, if they
    share one; ``neutral_stages``: whether any stage was played at a neutral venue."""
    played = {
        venues.get(block["stage"].pk)
        for block in stages
        if any(section["match_count"] for section in block["groups"])
    }
    return {
        "neutral_venue": played.pop() if len(played) == 1 else None,
        "neutral_stages": bool(venues),
    }


def scorers_table(season):
    """``top_scorers`` (the season's, with their clubs' paths), ``leading_scorers``
    (those with the most goals) and ``scorer_clubs`` (whether any club is known)."""
    scorers = top_scorers(season)
    link_teams(scorer.team for scorer in scorers if scorer.team)
    return {
        "top_scorers": scorers,
        "leading_scorers": [s for s in scorers if s.goals == scorers[0].goals],
        "scorer_clubs": any(scorer.team for scorer in scorers),
    }


def in_stages(groups, section_of):
    """[{"stage": stage, "groups": [section_of(group), ...]}, ...] for ``groups`` in
    the order played (read with their stage)."""
    stages = []
    for group in groups:
        if not stages or stages[-1]["stage"].pk != group.stage_id:
            stages.append({"stage": group.stage, "groups": []})
        stages[-1]["groups"].append(section_of(group))
    return stages


def shown_matches(groups, stats):
    """What a big season's page shows of its matches, with their teams: the knockout
    legs (its brackets) and the statistics' matches."""
    knockout = [group for group in groups if group.stage.kind == Stage.Kind.KNOCKOUT]
    featured = [
        stats.biggest_home_win,
        stats.biggest_away_win,
        stats.biggest_win,
        stats.highest_scoring,
    ]
    matches = (
        Match.objects.filter(Q(group__in=knockout) | Q(pk__in=[m.pk for m in featured if m]))
        .with_teams(groups=False)
        .order_by(*MATCH_ORDER)
    )
    return in_groups(link_matches(list(matches)), groups)


def in_groups(matches, groups):
    """The matches of ``groups`` (read with their stage and season), each with its group
    set from them rather than read again with every match. A match of another group is
    left out: one that an editor's commit put in a new group between the two reads."""
    by_pk = {group.pk: group for group in groups}
    kept = [match for match in matches if match.group_id in by_pk]
    for match in kept:
        match.group = by_pk[match.group_id]
    return kept


def featured(stats, matches):
    """The statistics with their matches loaded (they were read as bare lines)."""
    by_pk = {match.pk: match for match in matches}

    def loaded(line):
        return by_pk[line.pk] if line else None

    return replace(
        stats,
        biggest_home_win=loaded(stats.biggest_home_win),
        biggest_away_win=loaded(stats.biggest_away_win),
        highest_scoring=loaded(stats.highest_scoring),
        biggest_win=loaded(stats.biggest_win),
    )


def shown_groups():
    """Groups with what a page shows of them: the season (for their links), and the
    table's rows, zones and tiebreakers (with_adjustments reads the rest)."""
    return Group.objects.select_related("stage__season").with_tables()


def with_adjustments(groups):
    """Read the point adjustments that the groups' footnotes explain, for the groups
    whose tables show one: a query, none when no table does. Returns the groups."""
    adjusted = [g for g in groups if any(row.points_adjustment for row in g.standings.all())]
    adjustments = Prefetch("point_adjustments", PointAdjustment.objects.order_by("pk"))
    prefetch_related_objects(adjusted, adjustments)
    return groups


def season_groups(season):
    """The season's groups in order, with what their sections show prefetched and
    their ``match_count``."""
    return shown_groups().for_season(season).with_match_count()


def season_section(group, matches, match_count, inline):
    """A group's section of the season page: its table, and its results inline or a
    link to them on its page. Its figures (cross-table, positions chart) are on its
    page too, linked: the season page is the one a final's crowd opens, and the
    figures were a fifth of its rendering."""
    section = group_section(group, matches, match_count)
    if "tie" in section:
        return section
    if inline:
        section["rounds"] = by_round(matches)
        if match_count and has_figures(section["standings"]):
            section["figures_url"] = group.get_absolute_url()
    elif match_count:
        section["results_url"] = group.get_absolute_url()
    return section


def group_section(group, matches, match_count):
    """What every page shows of one group: a knockout tie, or its table and its notes."""
    section = {"group": group, "matches": matches, "match_count": match_count}
    if group.stage.kind == Stage.Kind.KNOCKOUT:
        section["tie"] = reports.knockout_tie(matches, group.stage.tie_rules)
        return section
    standings = table_rows(group)
    section.update(
        standings=standings,
        rules=group.classification_rules(),
        # (row, points) with the points unsigned: the template words the sign.
        adjusted=[(s, abs(s.points_adjustment)) for s in standings if s.points_adjustment],
    )
    return section


def has_figures(standings):
    """Whether a table is small enough for a results cross-table and a positions chart
    (they grow with the square of its teams)."""
    return 0 < len(standings) <= CROSS_TABLE_MAX_TEAMS


def figures(group, section):
    """A round-robin group's results cross-table and positions chart, if it is small
    enough for them (the section's matches are all the group's)."""
    standings = section["standings"]
    if not has_figures(standings):
        return {}
    shown = {"cross": reports.cross_table([s.team for s in standings], section["matches"])}
    if not group.shows_published_table:
        tables = services.round_tables(group, section["matches"], standings)
        shown["chart"] = reports.positions_chart(tables, standings)
    return shown


def by_round(matches):
    """[(round, [match, ...])] for matches in round order."""
    return [(number, list(group)) for number, group in groupby(matches, lambda m: m.round)]


def table_rows(group):
    """The group's stored table (prefetched), each row with its zone's id and its
    team's path."""
    zones = {zone.code: zone.pk for zone in group.zones.all()}
    rows = list(group.standings.all())
    for row in rows:
        row.zone_id = zones.get(row.status)
    link_teams(row.team for row in rows)
    return rows


# The season page's table of scorers lists at most this many.
TOP_SCORERS = 10


@dataclass
class Scorer:
    name: str
    team: Team | None  # None where no source names the club: none is made up
    goals: int


TALLIES = CompiledModelRead(
    lambda season_id: (
        TopScorer.objects.filter(season=season_id).select_related("player", "team").order_by()
    )
)


def top_scorers(season):
    """The season's best scorers, most goals first: the recorded tallies or, failing
    those, the goals counted. A club is the tally's or, where it names none, the one
    team the player's recorded goals were all scored for. One or two queries."""
    tallies = TALLIES(season.pk)
    if tallies and all(tally.team for tally in tallies):
        scorers = [Scorer(t.player.name, t.team, t.goals) for t in tallies]
    else:
        counted = goals_by_scorer(season)
        scorers = [
            Scorer(t.player.name, t.team or counted.get(t.player_id, {}).get("club"), t.goals)
            for t in tallies
        ] or [Scorer(c["name"], c["club"], c["goals"]) for c in counted.values()]
    scorers.sort(key=lambda s: (-s.goals, s.name))
    return scorers[:TOP_SCORERS]


def goals_by_scorer(season):
    """{player pk: {"name", "goals", "club"}} from the season's recorded goals (own
    goals left out); "club" is the team they were all scored for, or None. No query for
    a season read by Season.objects.for_page() that has none."""
    if not getattr(season, "has_recorded_goals", True):
        return {}
    rows = (
        Goal.objects.for_season(season)
        .filter(own_goal=False, scorer__isnull=False)
        .values("scorer", "scorer__name", "team", "team__name", "team__slug")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counted = {}
    for row in rows:
        team = Team(pk=row["team"], name=row["team__name"], slug=row["team__slug"])
        player = counted.setdefault(row["scorer"], {"name": row["scorer__name"], "goals": 0})
        player["goals"] += row["count"]
        player["club"] = team if "club" not in player else None  # a second team: unknown
    return counted


def season_entries(season):
    """The teams entered, by department; the first of each department's entries has
    ``department_rows``, how many rows its department heading spans (0 on the others)."""
    entries = list(
        season.entries.select_related("team", "department").order_by(
            "department__slug", "team__name"
        )
    )
    link_teams(entry.team for entry in entries)
    link_departments(entry.department for entry in entries)
    for _department, rows in groupby(entries, lambda entry: entry.department_id):
        first, *others = rows
        first.department_rows = 1 + len(others)
        for entry in others:
            entry.department_rows = 0
    return entries


# -- a group's page ----------------------------------------------------------------------


def visible_group(user, year, stage, slug):
    """The group of ``slug`` in the stage of ``stage`` (a slug) of ``year``, as its page
    shows it (shown_groups(), with ``shares_stage``: whether its stage has other groups),
    or a 404 if there is none ``user`` may see."""
    others = Group.objects.filter(stage=OuterRef("stage")).exclude(pk=OuterRef("pk"))
    groups = shown_groups().visible_to(user).annotate(shares_stage=Exists(others))
    return get_object_or_404(groups, stage__season__year=year, stage__slug=stage, slug=slug)


def group_page(group, page_number):
    """A group's page: its table, cross-table and chart (or its tie), and its results
    by round, at most RESULTS_PER_PAGE a page, with a link to every round; and its
    stage's neutral venue, judged over the stage as on the season page.

    ``group`` comes from visible_group().
    """
    with_adjustments([group])
    matches = group.matches.with_teams().order_by(*MATCH_ORDER)
    whole = (
        group.stage.kind == Stage.Kind.KNOCKOUT
        or len(group.standings.all()) <= CROSS_TABLE_MAX_TEAMS
    )
    if whole:  # the tie, the cross-table and the chart need every match
        matches = link_matches(list(matches))
        counts = Counter(match.round for match in matches)
    else:
        counts = dict(matches.order_by().values_list("round").annotate(Count("pk")))
    rounds = sorted(counts.items())
    pages = reports.results_pages(rounds, RESULTS_PER_PAGE) or [(0, 0)]
    paginator = Paginator(pages, 1)
    page = paginator.get_page(page_number)
    start, stop = page.object_list[0]
    shown = matches[start:stop] if whole else link_matches(list(matches[start:stop]))
    section = group_section(group, matches if whole else [], sum(counts.values()))
    if whole and "tie" not in section:
        section.update(figures(group, section))
    return {
        "section": section,
        "rounds": by_round(shown),
        "round_links": reports.round_pages(rounds, pages),
        "neutral_venue": stage_venue(group, matches if whole else None),
        "page_obj": page,
        "paginator": paginator,
        "is_paginated": page.has_other_pages(),
    }


def stage_venue(group, matches=None):
    """The neutral venue of ``group``'s stage, or None: judged over all the stage's
    matches (a query), or over ``matches`` (the group's, read with their teams) when
    the group is its stage's only one."""
    if matches is not None and not group.shares_stage:
        rows = venue_rows(matches)
    else:
        rows = venue_rows_of_query(Match.objects.filter(group__stage=group.stage_id))
    return neutral_venues(rows).get(group.stage_id)


# -- a team's page -----------------------------------------------------------------------


def team_page(team):
    """A team's page: its seasons (how each ended), its matches and its record."""
    matches = link_matches(
        list(
            Match.objects.involving(team)
            .published()
            .with_teams()
            .order_by("-group__stage__season__year", "group__stage__order", "round", "date", "pk")
        )
    )
    return {
        "seasons": team_seasons(team, matches),
        "matches": matches,
        "record": reports.team_record(team, matches),
        "opponents": records.opponents(team, matches),
    }


def team_seasons(team, matches):
    """Per published season: the department it came from, the furthest stage it
    reached (by stage order), how its season ended (``outcome``, ``champion``) and,
    in a season where it is in no group (it went out before the recorded stages),
    ``first_stage``: the stage the season's record starts at, if any."""
    seasons = {}
    for entry in team.entries.published().select_related("season", "department"):
        seasons[entry.season.year] = {"season": entry.season, "department": entry.department}
    memberships = (
        GroupMember.objects.published().filter(team=team).select_related("group__stage__season")
    )
    for member in memberships:
        stage = member.group.stage
        row = seasons.setdefault(stage.season.year, {"season": stage.season})
        row["group"] = further(row.get("group"), member.group)
    standings = {
        s.group_id: s
        for s in Standing.objects.filter(team=team).only("group_id", "position", "shared_position")
    }
    by_group = defaultdict(list)
    for match in matches:  # a tie's legs all involve the team: they are all here
        by_group[match.group_id].append(match)
    unplaced = {row["season"].pk: row for row in seasons.values() if "group" not in row}
    for season, stage in first_stages(list(unplaced)).items():
        unplaced[season]["first_stage"] = stage
    for row in seasons.values():
        group = row.get("group")
        row["standing"] = standings.get(getattr(group, "pk", None))
        row["champion"] = row["season"].champion_id == team.pk
        row["outcome"] = reports.season_outcome(
            team,
            row["season"],
            group,
            row["standing"],
            by_group[getattr(group, "pk", None)],
            row.get("first_stage"),
        )
    return [seasons[year] for year in sorted(seasons, reverse=True)]


def further(group, other):
    """Of two groups (``group`` may be None), the one of the later stage (by order)."""
    if group is None or (other.stage.order, other.stage.pk) > (group.stage.order, group.stage.pk):
        return other
    return group


def first_stages(seasons):
    """{season pk: its first stage} for ``seasons`` (pks) with a stage: where a season's
    record starts, for a team in none of its groups (it went out before). One query."""
    stages = Stage.objects.filter(season__in=seasons).order_by("-order", "-pk")
    return {stage.season_id: stage for stage in stages}  # the earliest is set last


# -- a department's page -----------------------------------------------------------------


def department_page(department):
    """A department's page: its teams, and the teams it sent to each season (drafts
    and the teams known only from them left out), each with the furthest group it
    reached that season (``group``) and how it ended (``outcome``, ``champion``)."""
    entries = list(
        department.entries.published()
        .select_related("season", "team")
        .order_by("-season__year", "team__name")
    )
    members = GroupMember.objects.filter(
        team__in={entry.team_id for entry in entries},
        group__stage__season__in={entry.season_id for entry in entries},
    ).select_related("group__stage__season")
    furthest = {}
    for member in members:
        key = (member.group.stage.season_id, member.team_id)
        furthest[key] = further(furthest.get(key), member.group)
    starts = first_stages({entry.season_id for entry in entries})
    places = Standing.objects.filter(
        group__in={group.pk for group in furthest.values()},
        team__in={entry.team_id for entry in entries},
    ).only("group_id", "team_id", "position", "shared_position")
    places = {(place.group_id, place.team_id): place for place in places}
    for entry in entries:
        entry.group = group = furthest.get((entry.season_id, entry.team_id))
        place = places.get((getattr(group, "pk", None), entry.team_id))
        entry.champion = entry.season.champion_id == entry.team_id
        # A knockout tie's legs are not read here: its stage is named, not its result.
        entry.outcome = reports.season_outcome(
            entry.team, entry.season, group, place, [], starts.get(entry.season_id)
        )
    return {
        "teams": department.teams.outside_drafts().order_by("name"),
        "entries": entries,
    }


# -- a match's page ----------------------------------------------------------------------


def goals_by_side(match):
    """The match's recorded goals (prefetched) as [("home", team, goals), ("away", …)],
    each side's in the order scored, those of unknown minute last; [] if none."""
    goals = sorted(match.goals.all(), key=lambda goal: (goal.minute is None, goal.minute or 0))
    if not goals:
        return []
    return [
        (side, team, [goal for goal in goals if goal.team_id == team.pk])
        for side, team in (("home", match.home_team), ("away", match.away_team))
    ]


def match_tie(match):
    """The knockout tie ``match`` is a leg of (None for a group match)."""
    if match.group.stage.kind != Stage.Kind.KNOCKOUT:
        return None
    legs = link_matches(list(match.group.matches.with_teams()))
    return reports.knockout_tie(legs, match.group.stage.tie_rules)


# -- the open API (tournaments/api/) -------------------------------------------------------

# The match list's order: as played, then as the season page lists its stages.
CALENDAR_ORDER = ("date", "kickoff_time", "group__stage__order", "group__order", "round", "pk")


def season_tables(season):
    """The season's stages in order, each with its groups' sections (group_section):
    the stored tables and the knockout ties, not the groups' results. A fixed number
    of queries whatever the season's size."""
    groups = list(season_groups(season))
    knockout = [group for group in groups if group.stage.kind == Stage.Kind.KNOCKOUT]
    legs = Match.objects.filter(group__in=knockout).with_teams(groups=False)
    by_group = defaultdict(list)
    for match in in_groups(link_matches(list(legs.order_by(*MATCH_ORDER))), groups):
        by_group[match.group_id].append(match)
    return in_stages(
        groups, lambda group: group_section(group, by_group[group.pk], group.match_count)
    )


def season_matches(season):
    """The season's matches in the match list's order, with their teams, venue and group."""
    return Match.objects.for_season(season).with_teams().order_by(*CALENDAR_ORDER)


def lone_group(matches):
    """The group that all of ``matches`` are in, with its stage; None if they are in
    several (or none)."""
    groups = list(Group.objects.filter(pk__in=matches.values("group")).select_related("stage")[:2])
    return groups[0] if len(groups) == 1 else None


def departments_with_team_count():
    """Every department with ``team_count``: its teams as its page lists them (a team
    known only from drafts left out)."""
    teams = (
        Team.objects.outside_drafts()
        .filter(department=OuterRef("pk"))
        .order_by()
        .values("department")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Department.objects.annotate(team_count=Coalesce(Subquery(teams), 0))


# -- feeds and calendars -----------------------------------------------------------------

# A results feed's order: the newest match first, then the last entered.
NEWEST_FIRST = (F("date").desc(nulls_last=True), F("kickoff_time").desc(nulls_last=True), "-pk")
# A calendar's order: as played.
AS_PLAYED = ("date", "kickoff_time", "pk")


def feed_team(slug):
    """The team of ``slug`` for its feeds, or a 404: a team known only from drafts
    would announce them."""
    return get_object_or_404(Team.objects.outside_drafts(), slug=slug)


def season_results(season):
    """The season's played matches, newest first, for its results feed."""
    return results(Match.objects.for_season(season))


def team_results(team):
    """The matches ``team`` played in published seasons, newest first."""
    return results(Match.objects.involving(team).published())


def results(matches):
    matches = matches.played().with_teams().with_change_history().order_by(*NEWEST_FIRST)
    return link_matches(list(matches))


def season_fixtures(season):
    """Every dated match of the season, played or not, in the order played."""
    return fixtures(Match.objects.for_season(season))


def team_fixtures(team):
    """Every dated match of ``team`` in published seasons, in the order played."""
    return fixtures(Match.objects.involving(team).published())


def fixtures(matches):
    # An undated match has no place in a calendar.
    matches = matches.filter(date__isnull=False).with_teams().with_change_history()
    return link_matches(list(matches.order_by(*AS_PLAYED)))


# -- the sitemap and the link previews (tournaments/sitemaps.py, tournaments/discovery.py) --


def last_recorded(model, *conditions, **lookups):
    """When the rows of ``model`` that the filters select (on OuterRef) last changed:
    their newest history record's date, a subquery; None where no record was kept
    (``loaddata`` and bulk imports write none, and no date is made up for them)."""
    history = model.history.model.objects.filter(*conditions, **lookups)
    return Subquery(history.order_by("-history_date").values("history_date")[:1])


def later_of(first, second):
    """The later of two times that may be None (GREATEST is NULL on SQLite if either is)."""
    return Greatest(Coalesce(first, second), Coalesce(second, first))


def sitemap_seasons():
    """The published seasons, ``last_changed`` by their own rows or their matches."""
    changed = later_of(
        last_recorded(Season, id=OuterRef("pk")),
        last_recorded(Match, group__stage__season=OuterRef("pk")),
    )
    return Season.objects.published().only("pk", "year").annotate(last_changed=changed)


def sitemap_groups():
    """The groups (and knockout ties) of published seasons, each with its page's path
    fields and ``last_changed`` by its own row or its matches."""
    changed = later_of(
        last_recorded(Group, id=OuterRef("pk")), last_recorded(Match, group=OuterRef("pk"))
    )
    groups = Group.objects.published().select_related("stage__season")
    fields = ("pk", "slug", "stage__slug", "stage__season__year")
    return groups.only(*fields).annotate(last_changed=changed)


def sitemap_matches():
    """The matches of published seasons, ``last_changed`` by their own row or goals."""
    changed = later_of(
        last_recorded(Match, id=OuterRef("pk")), last_recorded(Goal, match=OuterRef("pk"))
    )
    return Match.objects.published().only("pk").annotate(last_changed=changed)


def sitemap_teams():
    """The teams the public sees (none known only from drafts), ``last_changed`` by
    their own row or their matches of published seasons."""
    matches = last_recorded(
        Match,
        Q(home_team=OuterRef("pk")) | Q(away_team=OuterRef("pk")),
        group__stage__season__draft=False,
    )
    changed = later_of(last_recorded(Team, id=OuterRef("pk")), matches)
    return Team.objects.outside_drafts().only("pk", "slug").annotate(last_changed=changed)


def sitemap_departments():
    """Every department, ``last_changed`` by its own row or its teams' (not those known
    only from a draft: their change would date the draft)."""
    public_teams = Team.objects.outside_drafts().values("pk")
    changed = later_of(
        last_recorded(Department, id=OuterRef("pk")),
        last_recorded(Team, department=OuterRef("pk"), id__in=public_teams),
    )
    return Department.objects.only("pk", "slug").annotate(last_changed=changed)


def latest_change(items):
    """The latest ``last_changed`` of a sitemap's items, one query (None if none has one)."""
    return items.aggregate(latest=Max("last_changed"))["latest"]


def final_table(season):
    """The group a season's preview image draws: its last round-robin stage's, if that
    stage is one group (a final group; a stage of several groups, or none, gives
    None). Three queries: the stage, its groups, their stored tables with teams."""
    standings = Prefetch("standings", Standing.objects.select_related("team").order_by("row"))
    stage = (
        Stage.objects.filter(season=season, kind=Stage.Kind.ROUND_ROBIN)
        .order_by("-order", "-pk")
        .prefetch_related(Prefetch("groups", Group.objects.prefetch_related(standings)))
        .first()
    )
    groups = list(stage.groups.all()) if stage else []
    return groups[0] if len(groups) == 1 else None
