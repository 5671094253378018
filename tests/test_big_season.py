"""A big season's page stays small: tables inline, each group's results on a page of its own.

1996 (15 matches) keeps every result on its season page. Above
SEASON_PAGE_MAX_MATCHES the season page shows the groups' tables and links each
group to its page, which shows its results by round, a bounded page at a time.
"""

import re

import pytest

from tests.test_public import standings_rows, text
from tournaments import selectors
from tournaments.generation import generate_season
from tournaments.models import Group, Match, Stage

# Each with one query for where its stages were played (selectors.venue_rows_of_query):
# too many matches to read them all.
SEASON_PAGE_QUERIES = 10
GROUP_PAGE_QUERIES = 7


@pytest.fixture
def big_season(db):
    """40 teams in groups of 5, then a second stage and knockout rounds: 200+ matches."""
    season = generate_season(2101, teams=40, group_size=5)
    assert Match.objects.for_season(season).count() > selectors.SEASON_PAGE_MAX_MATCHES
    return season


def round_robin_groups(season):
    return Group.objects.for_season(season).exclude(stage__kind=Stage.Kind.KNOCKOUT)


def hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


def test_a_small_season_shows_every_result_on_its_page(client, season_1996):
    html = client.get("/seasons/1996/").content.decode()
    assert len(re.findall(r"<h5>Round \d+</h5>", html)) == 5
    assert "each group's results are on a page of their own" not in html


def test_a_big_season_shows_its_tables_and_links_each_group_to_its_results(client, big_season):
    html = client.get(big_season.get_absolute_url()).content.decode()
    groups = list(round_robin_groups(big_season))
    assert html.count('class="data standings"') == len(groups)
    assert "<h5>Round" not in html and "cross-table" not in html and "<svg" not in html
    for group in groups:
        count = group.matches.count()
        link = f'<a href="{group.get_absolute_url()}">The {count} results of {group.name}, round'
        assert link in html, group
    assert "each group's results are on a page of their own" in text(html)
    assert 'class="bracket' in html  # the knockout rounds stay: a bracket is a summary


def test_a_big_season_page_still_shows_its_figures_and_champion(client, big_season):
    html = client.get(big_season.get_absolute_url()).content.decode()
    box = text(html[html.index('class="infobox"') : html.index("</aside>")])
    assert f"Champion {big_season.champion.name}" in box
    played = Match.objects.for_season(big_season).filter(walkover=False).count()
    assert f"Matches played {played}" in box
    for label in ("Biggest home win", "Biggest away win", "Highest scoring"):
        figure = re.search(rf"{label} (.+?) (Biggest|Highest|Seasons|Download)", box)[1]
        assert "–" in figure and figure != "—", label
    for label in ("Biggest home win", "Biggest away win", "Highest scoring"):
        assert re.search(rf'<dt>{label}</dt><dd><a href="/matches/\d+/">', html), label


def test_every_link_of_the_season_and_group_pages_goes_somewhere(client, big_season):
    group = round_robin_groups(big_season).first()
    for url in [big_season.get_absolute_url(), group.get_absolute_url()]:
        links = hrefs(client.get(url).content.decode())
        assert links and all(link for link in links), url


def test_the_group_page_shows_the_table_and_the_results_by_round(client, season_1996):
    html = client.get("/seasons/1996/final-stage/final-group-stage/").content.decode()
    assert '<p class="crumbs"><a href="/seasons/1996/">1996 Copa Perú</a> › ' in html
    assert '<a href="/seasons/1996/#final-stage">Final stage</a>' in html
    assert [r[1] for r in standings_rows(html)][:2] == ["José Gálvez (P)", "UTC"]
    assert "Rules for classification" in html and 'class="data cross-table"' in html
    rounds = re.findall(r'<div class="round" id="round-(\d+)">', html)
    assert rounds == ["1", "2", "3", "4", "5"]
    assert text(html).count("Estadio Nacional, Lima") == 1  # a neutral venue, said once
    assert 'class="pagination"' not in html  # 15 matches: one page
    assert 'href="#round-5"' in html


def test_a_groups_results_come_a_few_whole_rounds_a_page(client, season_1996, monkeypatch):
    monkeypatch.setattr(selectors, "RESULTS_PER_PAGE", 7)  # 1996: 5 rounds of 3 matches
    url = "/seasons/1996/final-stage/final-group-stage/"
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    shown = [re.findall(r'<div class="round" id="round-(\d+)">', html) for html in pages]
    assert shown == [["1", "2"], ["3", "4"], ["5"]]
    assert 'href="?page=3#round-5"' in pages[0] and 'href="#round-5"' in pages[2]
    assert "Page 2 of 3" in pages[1]
    assert client.get(url, {"page": "x"}).content.decode().count('class="round"') == 2


def test_a_group_too_big_for_a_cross_table_reads_one_page_of_results(
    client, season_1996, monkeypatch
):
    monkeypatch.setattr(selectors, "CROSS_TABLE_MAX_TEAMS", 5)  # 1996's group has 6
    monkeypatch.setattr(selectors, "RESULTS_PER_PAGE", 7)
    html = client.get("/seasons/1996/final-stage/final-group-stage/", {"page": 2}).content.decode()
    assert "cross-table" not in html and "<svg" not in html
    assert re.findall(r'<div class="round" id="round-(\d+)">', html) == ["3", "4"]
    assert text(html).count("Estadio Nacional, Lima") == 1


def test_a_knockout_ties_page_shows_the_tie(client, cup_season):
    tie = Group.objects.get(stage__season=cup_season, stage__name="Final")
    html = text(client.get(tie.get_absolute_url()).content.decode())
    assert "Alfa 1–0 Beta Beta 1–0 Alfa Alfa 0–2 Beta" in html
    assert "Aggregate: Alfa 1–1 Beta; Beta won in a play-off." in html
    assert "Round 1" not in html and "Rules for classification" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/seasons/1996/final-stage/no-such-group/",
        "/seasons/1996/no-such-stage/final-group-stage/",
        "/seasons/1995/final-stage/final-group-stage/",
    ],
)
def test_an_unknown_group_is_a_404(client, season_1996, url):
    assert client.get(url).status_code == 404


def test_the_pages_read_as_much_for_a_big_season_as_for_1996(
    client, season_1996, big_season, django_assert_max_num_queries
):
    for season in (season_1996.stage.season, big_season):
        group_url = round_robin_groups(season).select_related("stage__season")[0].get_absolute_url()
        with django_assert_max_num_queries(SEASON_PAGE_QUERIES):
            assert client.get(season.get_absolute_url()).status_code == 200
        for page in (1, 2):
            with django_assert_max_num_queries(GROUP_PAGE_QUERIES):
                assert client.get(group_url, {"page": page}).status_code == 200
