"""The indexes: every season at /seasons/, every department at /departments/, and the
home page's latest season and roll of honour. Drafts are in none of them."""

import re
from types import SimpleNamespace

import pytest

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    knockout_tie,
    play,
)
from tests.test_public import text
from tournaments.generation import generate_season
from tournaments.models import Department, SeasonTeam, Team

SORTS = ["year", "-year", "champion", "-champion", "runner_up", "-runner_up", "team_count"]
SORTS += ["-team_count", "format", "-format", "gd", "", "-", "year,champion", "%00", "é" * 300]


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def words(html):
    """The visible text, without the spaces that tags leave before punctuation."""
    return re.sub(r" ([,.:])", r"\1", text(html))


def table_rows(html, css_class):
    """The cells' text of each body row of the table of ``css_class``."""
    table = html[html.index(f'class="data {css_class}"') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[words(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


@pytest.fixture
def draft(season_1996, on_commit):
    """A draft 2005 over the 1996 data: José Gálvez beats UTC 9–0 and is champion,
    entered for Lima; Novato, of Amazonas, is known only from it."""
    galvez, utc = Team.objects.get(slug="jose-galvez"), Team.objects.get(slug="utc")
    lima, amazonas = Department.objects.get(slug="lima"), Department.objects.get(slug="amazonas")
    with on_commit():
        novato = TeamFactory(name="Novato", department=amazonas)
        season = SeasonFactory(year=2005, draft=True)
        group = GroupFactory(stage=StageFactory(season=season, name="Final", level="national"))
        for team, department in ((galvez, lima), (utc, lima), (novato, amazonas)):
            GroupMemberFactory(group=group, team=team)
            SeasonTeam.objects.create(season=season, team=team, department=department)
        match = play(group, galvez, utc, 9, 0, round=1)
        play(group, novato, galvez, 0, 1, round=2)
        play(group, utc, novato, 0, 0, round=3)
    season.refresh_from_db()
    assert season.champion == galvez  # the draft has what would show, were it public
    return SimpleNamespace(season=season, match=match, novato=novato)


def assert_no_draft(html):
    assert "2005" not in html and "Novato" not in html and "9–0" not in html


# -- /seasons/ ------------------------------------------------------------------------


def test_the_seasons_index_lists_1996_with_champion_runner_up_format_and_teams(client, season_1996):
    rows = table_rows(html_of(client, "/seasons/"), "seasons")
    assert rows == [["1996", "José Gálvez", "UTC", "Round robin final", "26"]]


def test_the_seasons_index_links_each_season_and_its_two_finalists(client, season_1996):
    html = html_of(client, "/seasons/")
    for link in ('href="/seasons/1996/"', 'href="/teams/jose-galvez/"', 'href="/teams/utc/"'):
        assert link in html


def test_a_format_names_the_kinds_of_the_stages_in_order(client, cup_season):
    # 2005: one regional group, then semi-finals and a final (two knockout stages);
    # Beta won the final in a play-off.
    rows = table_rows(html_of(client, "/seasons/"), "seasons")
    assert rows == [["2005", "Beta", "Alfa", "Round robin, then knockout", "4"]]


def test_a_season_of_several_groups_then_ties_reads_groups_then_knockout(client, db, on_commit):
    with on_commit():
        season = SeasonFactory(year=1999)
        teams = [TeamFactory() for _ in range(4)]
        stage = StageFactory(season=season, name="Regional", order=1)
        for number, pair in enumerate((teams[:2], teams[2:]), start=1):
            group = GroupFactory(stage=stage, name=f"Group {number}")
            for team in pair:
                GroupMemberFactory(group=group, team=team)
        final = StageFactory(season=season, name="Final", order=2, kind="knockout", legs=1)
        knockout_tie(final, 1, teams[0], teams[2], (2, 0, {}))
    row = table_rows(html_of(client, "/seasons/"), "seasons")[0]
    assert row[0] == "1999" and row[3] == "Groups, then knockout"


def test_the_seasons_index_sorts_by_teams_and_by_champion(client, season_1996, cup_season):
    by_teams = table_rows(html_of(client, "/seasons/", sort="team_count"), "seasons")
    assert [row[0] for row in by_teams] == ["2005", "1996"]  # 4 teams, then 26
    by_champion = table_rows(html_of(client, "/seasons/", sort="-champion"), "seasons")
    assert [row[1] for row in by_champion] == ["José Gálvez", "Beta"]
    newest_first = table_rows(html_of(client, "/seasons/"), "seasons")
    assert [row[0] for row in newest_first] == ["2005", "1996"]


@pytest.mark.parametrize("sort", SORTS)
def test_any_sort_gives_the_page(client, season_1996, sort):
    assert "José Gálvez" in html_of(client, "/seasons/", sort=sort)


@pytest.mark.parametrize("url", ["/departments/", "/records/", "/teams/utc/vs/cni/"])
def test_the_pages_without_sorting_ignore_a_sort(client, season_1996, url):
    assert "UTC" in html_of(client, url, sort="-whatever")


def test_the_header_links_the_indexes_and_the_records(client, season_1996):
    header = html_of(client, "/teams/utc/").split("</header>")[0]
    for path in ("/seasons/", "/departments/", "/records/"):
        assert f'href="{path}"' in header, path


def test_the_seasons_index_is_in_english_under_en(client, season_1996, spanish_site):
    html = html_of(client, "/en/seasons/")
    assert 'href="/en/seasons/1996/"' in html and 'href="/en/teams/jose-galvez/"' in html


# -- /departments/ ----------------------------------------------------------------------


def test_the_departments_index_lists_all_25_most_titles_first_then_by_name(client, season_1996):
    rows = table_rows(html_of(client, "/departments/"), "departments")
    assert len(rows) == 25
    assert rows[0][:3] == ["Áncash", "1", "1996"]  # José Gálvez's department
    assert [row[0] for row in rows[1:4]] == ["Amazonas", "Apurímac", "Arequipa"]
    assert rows[-1][:3] == ["Ucayali", "0", "—"]


def test_each_department_lists_and_links_its_teams(client, season_1996):
    html = html_of(client, "/departments/")
    huanuco = next(r for r in table_rows(html, "departments") if r[0] == "Huánuco")
    assert huanuco[3] == "León de Huánuco, Unión Naranjillo"
    assert 'href="/teams/union-naranjillo/"' in html and 'href="/departments/huanuco/"' in html


def test_a_title_counts_for_the_department_the_champion_entered_for(client, season_1996, on_commit):
    """1996: José Gálvez entered for Áncash; a 1990 title entered for Lima counts for Lima."""
    galvez, utc = Team.objects.get(slug="jose-galvez"), Team.objects.get(slug="utc")
    with on_commit():
        season = SeasonFactory(year=1990, points_for_win=2)
        group = GroupFactory(stage=StageFactory(season=season, level="national"))
        for team in (galvez, utc):
            GroupMemberFactory(group=group, team=team)
            SeasonTeam.objects.create(
                season=season, team=team, department=Department.objects.get(slug="lima")
            )
        play(group, galvez, utc, 2, 0)
    rows = table_rows(html_of(client, "/departments/"), "departments")
    assert rows[0][:3] == ["Áncash", "1", "1996"] and rows[1][:3] == ["Lima", "1", "1990"]


# -- the home page ------------------------------------------------------------------------


def test_the_home_page_gives_the_latest_season_and_the_roll_of_honour(client, season_1996):
    html = html_of(client, "/")
    latest = words(html[html.index('class="latest-season"') :].split("</section>")[0])
    assert "Latest season: 1996 Copa Perú Champion José Gálvez Department Áncash" in latest
    assert table_rows(html, "honours") == [["1996", "José Gálvez", "UTC"]]
    assert 'href="/seasons/"' in html


def test_the_roll_of_honour_is_newest_first(client, season_1996, cup_season):
    rows = table_rows(html_of(client, "/"), "honours")
    assert rows == [["2005", "Beta", "Alfa"], ["1996", "José Gálvez", "UTC"]]


# -- drafts and query counts ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/seasons/", "/departments/"])
def test_a_draft_is_in_no_index(client, draft, url):
    html = html_of(client, url)
    assert "José Gálvez" in html  # the published 1996 is
    assert_no_draft(html)


def test_a_draft_title_counts_for_no_department(client, draft):
    rows = table_rows(html_of(client, "/departments/"), "departments")
    lima = next(row for row in rows if row[0] == "Lima")
    assert lima[1:3] == ["0", "—"] and rows[0][:3] == ["Áncash", "1", "1996"]


# The home page reads 7 for a final group (1996), 8 for a knockout final (the big one).
INDEX_QUERIES = {"/": 8, "/seasons/": 2, "/departments/": 3}


def test_the_indexes_read_as_much_for_a_big_season_as_for_1996(
    client, season_1996, django_assert_max_num_queries
):
    for big in (False, True):
        if big:
            generate_season(2101, teams=40, group_size=5)
        for url, queries in INDEX_QUERIES.items():
            with django_assert_max_num_queries(queries):
                assert ("2101" in html_of(client, url)) == big, url
