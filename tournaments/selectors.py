"""What the public pages read: one function per page, each a fixed number of queries
whatever the season's size. Views call these and render; what is computed from the
rows read (statistics, ties, brackets, charts) is in reports.py."""

from collections import Counter, defaultdict
from dataclasses import replace
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from . import records, reports, services
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


# -- the season page -------------------------------------------------------------------


def visible_season(user, year):
    """The season of ``year``, or a 404 if there is none ``user`` may see: a draft is
    seen only by editors (SeasonQuerySet.visible_to)."""
    return get_object_or_404(Season.objects.visible_to(user), year=year)


def season_page(season):
    """The season page: its stages (tables, results, brackets) and its statistics;
    ``season`` comes from Season.objects.for_page(), with its counts and neighbours.

    A season of SEASON_PAGE_MAX_MATCHES matches or fewer shows every result, read
    once; a bigger one shows its groups' tables, each linking to the group's page for
    its results, and reads its matches as bare lines, then those it shows.
    """
    groups = with_adjustments(list(season_groups(season)))
    inline = sum(group.match_count for group in groups) <= SEASON_PAGE_MAX_MATCHES
    matches = Match.objects.filter(group__in=groups).order_by(*MATCH_ORDER)
    if inline:
        lines = shown = in_groups(link_matches(list(matches.with_teams(groups=False))), groups)
    else:
        fields = ("pk", "group_id", "home_score", "away_score", "status", "walkover")
        lines = list(matches.values_list(*fields, named=True))
    stats = reports.season_stats(lines)
    if not inline:
        shown = shown_matches(groups, stats)
    by_group = defaultdict(list)
    for match in shown:
        by_group[match.group_id].append(match)
    stages = in_stages(
        groups, lambda group: season_section(group, by_group[group.pk], group.match_count, inline)
    )
    scorers = top_scorers(season)
    link_teams(t for t in [season.champion, season.runner_up, *(s[1] for s in scorers)] if t)
    return {
        "match_count": len(lines),
        "results_inline": inline,
        "stages": stages,
        "blocks": reports.stage_blocks(stages),
        "stats": featured(stats, shown),
        "top_scorers": scorers,
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
    featured = [stats.biggest_home_win, stats.biggest_away_win, stats.highest_scoring]
    matches = (
        Match.objects.filter(Q(group__in=knockout) | Q(pk__in=[m.pk for m in featured if m]))
        .with_teams(groups=False)
        .order_by(*MATCH_ORDER)
    )
    return in_groups(link_matches(list(matches)), groups)


def in_groups(matches, groups):
    """Set each match's group from ``groups`` (read with their stage and season), rather
    than read them again with every match; return the matches."""
    by_pk = {group.pk: group for group in groups}
    for match in matches:
        match.group = by_pk[match.group_id]
    return matches


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


def top_scorers(season):
    """The recorded tallies; failing those, the leaders counted from the goals."""
    tallies = list(
        season.top_scorers.select_related("player", "team").order_by("-goals", "player__name")
    )
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


def group_page(group, page_number):
    """A group's page: its table, cross-table and chart (or its tie), and its results
    by round, at most RESULTS_PER_PAGE a page, with a link to every round.

    ``group`` comes from shown_groups().
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
        "page_obj": page,
        "paginator": paginator,
        "is_paginated": page.has_other_pages(),
    }


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
    reached (by stage order) and how its season ended there."""
    seasons = {}
    for entry in team.entries.published().select_related("season", "department"):
        seasons[entry.season.year] = {"season": entry.season, "department": entry.department}
    memberships = (
        GroupMember.objects.published().filter(team=team).select_related("group__stage__season")
    )
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
        row["outcome"] = reports.season_outcome(
            team, row["season"], group, row["standing"], by_group[getattr(group, "pk", None)]
        )
    return [seasons[year] for year in sorted(seasons, reverse=True)]


# -- a department's page -----------------------------------------------------------------


def department_page(department):
    """A department's page: its teams, and the teams it sent to each season (drafts
    and the teams known only from them left out)."""
    entries = department.entries.published().select_related("season", "team")
    return {
        "teams": department.teams.outside_drafts().order_by("name"),
        "entries": entries.order_by("-season__year", "team__name"),
    }


# -- a match's page ----------------------------------------------------------------------


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
