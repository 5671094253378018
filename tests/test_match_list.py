"""The match list of a season: its team filter reads the season's teams, not every team."""

import json
import re

import pytest
from django.db import connection

from tests.factories import GroupFactory, GroupMemberFactory, TeamFactory
from tournaments.filters import SeasonMatchFilter
from tournaments.generation import generate_season
from tournaments.models import Match, Season, Team

# The season, the filters' checks and choices, the count, the groups listed (one group's
# stage and group columns are left out), the page.
MATCH_LIST_QUERIES = 9


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


# --- the filters and the columns, as a reader on a phone meets them --------------------


def filter_form(html):
    return html[html.index('<form class="filters"') : html.index("</form>")]


def summary(html):
    found = re.search(r'<details class="filter-panel"[^>]*>\s*<summary>(.*?)</summary>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


def headers(html):
    thead = html[html.index('<table class="data matches"') :].split("</thead>")[0]
    cells = re.findall(r"<th [^>]*>\s*(?:<a [^>]*>)?([^<]+)", thead)
    return [cell.strip() for cell in cells]


def caption(html):
    return re.search(r'<table class="data matches">\s*<caption>([^<]*)</caption>', html).group(1)


def test_every_filter_box_has_a_label_tied_to_it(client, season_1996):
    form = filter_form(client.get("/seasons/1996/matches/").content.decode())
    boxes = re.findall(r'<(?:input|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', form)
    labelled = re.findall(r'<label for="([^"]*)"', form)
    assert len(boxes) == 8  # team, stage, group, round, two dates, venue, status
    assert sorted(boxes) == sorted(labelled)
    assert 'for=""' not in form


def test_the_date_range_is_a_fieldset_of_a_from_box_and_a_to_box(client, season_1996):
    form = filter_form(client.get("/seasons/1996/matches/").content.decode())
    fieldset = form[form.index("<fieldset") : form.index("</fieldset>")]
    assert "<legend>Dates</legend>" in fieldset
    assert re.findall(r'<label for="(id_date_\d)">(\w+)</label>', fieldset) == [
        ("id_date_0", "From"),
        ("id_date_1", "To"),
    ]
    assert 'name="date_after"' in fieldset and 'name="date_before"' in fieldset
    assert "-<input" not in fieldset  # no bare dash between the boxes


def test_the_filters_fold_behind_a_control_that_says_which_are_active(client, season_1996):
    url = "/seasons/1996/matches/"
    assert summary(client.get(url).content.decode()) == "Filter"
    utc = Team.objects.get(slug="utc").pk
    html = client.get(url, {"team": utc, "date_after": "1997-01-26"}).content.decode()
    assert summary(html) == "Filter · 2 active: Team, Dates"
    assert "3 matches." in html
    html = client.get(url, {"round": 2}).content.decode()
    assert summary(html) == "Filter · 1 active: Round"
    assert '<details class="filter-panel">' in html  # folded: the list comes first


def test_an_invalid_filter_is_not_counted_and_the_filters_open_on_its_message(client, season_1996):
    html = client.get("/seasons/1996/matches/", {"team": 999999, "round": 1}).content.decode()
    assert summary(html) == "Filter · 1 active: Round"
    assert '<details class="filter-panel" open>' in html and 'role="alert"' in html


def test_one_groups_list_names_the_group_once_instead_of_on_every_row(client, season_1996):
    html = client.get("/seasons/1996/matches/").content.decode()
    assert headers(html) == ["Date", "Home", "Score", "Away", "Rd", "Venue", "Status"]
    assert caption(html) == "Final stage: Final group stage"
    assert html.count("Final group stage") == 2  # the caption and the group filter's choice


def test_the_csv_keeps_every_column_in_its_own_order(client, season_1996):
    rows = client.get("/seasons/1996/matches/", {"format": "csv"}).content.decode().splitlines()
    assert rows[0] == "Date,Rd,Stage,Group,Home,Score,Away,Venue,Status"
    assert rows[1].split(",")[2:4] == ["Final stage", "Final group stage"]


def test_a_list_of_several_groups_keeps_them_until_one_is_chosen(client, cup_season):
    url = f"/seasons/{cup_season.year}/matches/"
    html = client.get(url).content.decode()
    assert headers(html) == [
        *("Date", "Home", "Score", "Away", "Rd", "Stage", "Group", "Venue", "Status")
    ]
    assert caption(html) == "Matches of the 2005 Copa Perú"

    semis = cup_season.stages.get(name="Semi-finals")
    html = client.get(url, {"stage": semis.pk}).content.decode()
    assert "Group" in headers(html) and "Stage" not in headers(html)
    assert caption(html) == "Semi-finals"

    tie = semis.groups.order_by("order").first()
    html = client.get(url, {"group": tie.pk}).content.decode()
    assert "Group" not in headers(html) and "Stage" not in headers(html)
    assert caption(html) == f"Semi-finals: {tie.display_name}"


def test_a_filtered_list_that_falls_in_one_group_drops_the_columns(client, cup_season):
    html = client.get("/seasons/2005/matches/", {"round": 3}).content.decode()
    assert "1 match." in html  # only the final went to a third match
    assert "Stage" not in headers(html) and "Group" not in headers(html)
    assert caption(html) == "Final: Alfa v Beta"
