"""A source shows as its title linking to its address, never as the raw address."""

import pytest
from django.utils import translation

from tests.factories import GroupFactory, GroupMemberFactory, StageFactory, TeamFactory
from tests.test_public import text
from tests.test_season_page import publish
from tournaments.models import Match, Season
from tournaments.sources import Source, describe

WIKIPEDIA_1996 = "https://en.wikipedia.org/wiki/1996_Copa_Per%C3%BA"


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (WIKIPEDIA_1996, "Wikipedia: 1996 Copa Perú"),
        (
            "https://en.m.wikipedia.org/wiki/1996_Copa_Per%C3%BA#Final_stage",
            "Wikipedia: 1996 Copa Perú",
        ),
        ("https://es.wikipedia.org/wiki/Copa_Per%C3%BA_1996", "Wikipedia (es): Copa Perú 1996"),
        (
            "https://es.wikipedia.org/w/index.php?title=Copa_Per%C3%BA_1996&oldid=1",
            "Wikipedia (es): Copa Perú 1996",
        ),
        ("https://www.rsssf.org/tablesp/peru96.html", "rsssf.org"),
        ("http://example.com", "example.com"),
    ],
)
def test_a_source_is_named_from_its_address(url, label):
    with translation.override("en"):
        source = describe(url)
    assert (source.url, source.label) == (url, label)


def test_the_edition_is_named_where_its_language_is_not_the_pages():
    with translation.override("es"):
        assert describe(WIKIPEDIA_1996).label == "Wikipedia (en): 1996 Copa Perú"
        assert describe("https://es.wikipedia.org/wiki/Copa_Per%C3%BA_1996").label == (
            "Wikipedia: Copa Perú 1996"
        )


def test_a_stored_title_wins_unless_it_is_an_address():
    assert describe("https://rsssf.org/x.html", "RSSSF: Peru 1985").label == "RSSSF: Peru 1985"
    assert describe("", WIKIPEDIA_1996) == describe(WIKIPEDIA_1996)
    assert describe("", "El Comercio").url == ""
    assert describe("", "") is None


def test_the_season_page_links_its_source_by_title(client, season_1996):
    html = client.get("/seasons/1996/").content.decode()
    assert "Source: Wikipedia: 1996 Copa Perú" in text(html)
    assert f'<a href="{WIKIPEDIA_1996}" rel="nofollow" hreflang="en">' in html
    assert "%C3%…" not in html and f">{WIKIPEDIA_1996}" not in html


def test_the_spanish_season_page_says_the_source_is_in_english(client, season_1996, spanish_site):
    Season.objects.filter(year=1996).update(source_url=WIKIPEDIA_1996)
    html = client.get("/seasons/1996/").content.decode()
    assert "Wikipedia (en): 1996 Copa Perú" in html


def test_a_published_table_whose_source_is_an_address_names_it(client, league, on_commit):
    group, teams = league
    with on_commit():
        publish(group, teams, WIKIPEDIA_1996)  # the wikitext's `source=` may be an address
    html = client.get(group.stage.season.get_absolute_url()).content.decode()
    assert "Table as published in Wikipedia: 1996 Copa Perú ; results not recorded." in text(html)
    assert f'<a href="{WIKIPEDIA_1996}" rel="nofollow">' in html


UNSAFE = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x"]


@pytest.mark.parametrize("url", UNSAFE)
def test_only_an_http_address_is_a_link(url):
    assert describe(url) == Source("", url.strip())
    assert describe(url, "El Comercio") == Source("", "El Comercio")


def test_a_malformed_address_is_shown_unlinked_not_an_error():
    assert describe("https://[bad") == Source("", "https://[bad")
    assert describe("", "https://[bad") == Source("", "https://[bad")
    assert describe("https://[bad", "El Comercio") == Source("", "El Comercio")
    assert describe("https://") == Source("", "https://")


@pytest.mark.parametrize("url", [*UNSAFE, "https://[bad"])
def test_the_pages_link_no_unsafe_source(client, season_1996, on_commit, url):
    Season.objects.filter(year=1996).update(source_url=url)
    match = Match.objects.filter(group__stage__season__year=1996).first()
    Match.objects.filter(pk=match.pk).update(report_url=url)
    with on_commit():
        stage = StageFactory(season=season_1996.stage.season, order=9, name="Extra")
        group, teams = GroupFactory(stage=stage), []
        for name in ("Alfa", "Beta", "Gamma", "Delta"):
            teams.append(TeamFactory(name=name))
            GroupMemberFactory(group=group, team=teams[-1])
        publish(group, teams, "", url)
    season = client.get("/seasons/1996/")
    report = client.get(match.get_absolute_url())
    for response in (season, report):
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="javascript' not in html.lower() and 'href="data:' not in html
        assert 'href=" javascript' not in html.lower()
    shown = url.strip()
    assert f"Source: {shown}" in text(season.content.decode())
    assert f"Table as published in {shown}; results not recorded." in text(season.content.decode())
    assert f"Report {shown}" in text(report.content.decode())


def test_only_wikipedia_is_named_as_wikipedia():
    with translation.override("en"):
        assert describe("https://evilwikipedia.org/wiki/X").label == "evilwikipedia.org"
        assert describe("https://wikipedia.org.evil.com/wiki/X").label == "wikipedia.org.evil.com"
        assert describe("https://wikipedia.org/wiki/X") == Source(
            "https://wikipedia.org/wiki/X", "Wikipedia: X"
        )


def test_an_edition_not_named_by_a_language_code_gets_no_hreflang():
    with translation.override("en"):
        simple = describe("https://simple.wikipedia.org/wiki/Copa_Per%C3%BA")
        assert (simple.label, simple.language) == ("Wikipedia (simple): Copa Perú", "")
        assert describe("https://zh-min-nan.wikipedia.org/wiki/X").language == ""
        assert describe("https://ast.wikipedia.org/wiki/X").language == "ast"
