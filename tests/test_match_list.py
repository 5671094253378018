"""The match list of a season: its team filter reads the season's teams, not every team."""

import json
import re

import pytest
from django.db import connection

from tests.factories import GroupFactory, GroupMemberFactory, TeamFactory
from tournaments.filters import SeasonMatchFilter
from tournaments.generation import generate_season
from tournaments.models import Match, Season, Team

MATCH_LIST_QUERIES = 8  # the season, the filters' checks and choices, the count, the page


def team_options(html):
    select = html[html.index('<select name="team"') :].split("</select>")[0]
    return re.findall(r'<option value="(\d+)"', select)


def team_table_reads(queryset):
    """How the database reads tournaments_team for ``queryset``: (operation, how) pairs.

    PostgreSQL is told to avoid whole-table reads wherever it has another way (on a
    small test database it would rather scan everything); what it still scans, it
    has no other way to read."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return [
                (node["Node Type"], node.get("Index Cond", "no condition: every row"))
                for node in plan_nodes(plan[0]["Plan"])
                if node.get("Relation Name") == "tournaments_team"
            ]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        details = [row[-1] for row in cursor.fetchall()]
        return [
            tuple(detail.split(" USING ", 1)) if " USING " in detail else (detail, "every row")
            for detail in details
            if re.search(r"\btournaments_team\b", detail)
        ]


def plan_nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


def test_the_team_filter_offers_only_the_seasons_teams(client, season_1996, on_commit):
    with on_commit():  # another season's group, with teams of its own
        group = GroupFactory()
        for _ in range(30):
            GroupMemberFactory(group=group, team=TeamFactory())
    html = client.get("/seasons/1996/matches/").content.decode()
    season = Season.objects.get(year=1996)
    played = Team.objects.filter(pk__in=Match.objects.for_season(season).values("home_team"))
    assert sorted(team_options(html)) == sorted(
        str(pk) for pk in played.values_list("pk", flat=True)
    )
    assert len(team_options(html)) == 6 < Team.objects.count()


def test_the_team_choices_are_read_by_key_not_by_scanning_every_team(season_1996):
    generate_season(2101, teams=40, group_size=5)
    season = Season.objects.get(year=1996)
    choices = SeasonMatchFilter(season=season).filters["team"].queryset
    if connection.vendor == "postgresql":
        pytest.skip(
            "PostgreSQL's plan for a test database of a few dozen rows says nothing of a "
            "real one (it may walk the whole name index for the ORDER BY); SQLite's is stable"
        )
    reads = team_table_reads(choices)
    assert reads, "the plan reads the teams somewhere"
    assert all(operation.startswith("SEARCH") for operation, _ in reads), reads


def test_the_match_list_runs_as_many_queries_for_a_big_season_as_for_1996(
    client, season_1996, django_assert_max_num_queries
):
    big = generate_season(2101, teams=60, group_size=6)
    for season in (Season.objects.get(year=1996), big):
        team = Match.objects.for_season(season).first().home_team_id
        for query in ("", f"?team={team}", "?page=2&sort=-score", f"?team={team}&format=csv"):
            url = f"/seasons/{season.year}/matches/{query}"
            with django_assert_max_num_queries(MATCH_LIST_QUERIES):
                assert client.get(url).status_code == 200, url
