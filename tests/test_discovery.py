"""Search engines find every public page: robots.txt, the sitemap, the favicon, the manifest.

The sitemap lists each page in both languages, each with its hreflang alternates and
x-default (the plain, Spanish URL), and a lastmod only where the data keeps a history
record; a draft is never in it, and it reads a fixed number of queries however big.
"""

import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    play,
)
from tournaments import sitemaps
from tournaments.generation import generate_season
from tournaments.models import Department, Match, Team

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
HOST = "http://testserver"
SECTIONS = ("pages", "seasons", "groups", "matches", "teams", "departments")


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def entries(client, section, page=None):
    """{loc: {"lastmod": text or None, "alternates": {hreflang: href}}} of one section."""
    url = f"/sitemap-{section}.xml" + (f"?p={page}" if page else "")
    found = {}
    for url_element in xml_of(client, url).findall("sm:url", NS):
        alternates = {
            link.get("hreflang"): link.get("href") for link in url_element.findall("xhtml:link", NS)
        }
        lastmod = url_element.find("sm:lastmod", NS)
        found[url_element.find("sm:loc", NS).text] = {
            "lastmod": None if lastmod is None else lastmod.text,
            "alternates": alternates,
        }
    return found


def all_entries(client):
    found = {}
    for section in SECTIONS:
        found.update(entries(client, section))
    return found


@pytest.fixture
def spanish_1996(season_1996, spanish_site):
    """The 1996 season on the site as configured: Spanish at the plain URLs."""
    return season_1996


# -- robots.txt ------------------------------------------------------------------------------


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, spanish_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines and "Disallow: /en/admin/" in lines
    assert "Disallow: /i18n/en/" in lines  # the language switch: redirects, not pages
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /seasons") for line in lines)


def test_robots_and_the_sitemap_are_at_the_root_whatever_the_browser_prefers(client, spanish_1996):
    for url in ("/robots.txt", "/sitemap.xml", "/sitemap-seasons.xml"):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200, url
    assert client.get("/en/robots.txt").status_code == 404


# -- the sitemap -----------------------------------------------------------------------------


def test_the_sitemap_index_lists_a_sitemap_for_each_kind_of_page(client, spanish_1996):
    index = xml_of(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert locations == [f"{HOST}/sitemap-{section}.xml" for section in SECTIONS]


def test_the_sitemap_lists_the_1996_season_in_spanish_with_its_english_alternate(
    client, spanish_1996
):
    season = entries(client, "seasons")
    assert set(season) == {f"{HOST}/seasons/1996/", f"{HOST}/en/seasons/1996/"}
    expected = {
        "es": f"{HOST}/seasons/1996/",
        "en": f"{HOST}/en/seasons/1996/",
        "x-default": f"{HOST}/seasons/1996/",
    }
    for entry in season.values():
        assert entry["alternates"] == expected


def test_the_sitemap_lists_the_group_teams_departments_and_the_15_matches(client, spanish_1996):
    def spanish(section):
        return {loc for loc in entries(client, section) if not loc.startswith(f"{HOST}/en/")}

    assert spanish("groups") == {f"{HOST}/seasons/1996/final-stage/final-group-stage/"}
    matches = spanish("matches")
    assert matches == {f"{HOST}/matches/{pk}/" for pk in Match.objects.values_list("pk", flat=True)}
    assert len(matches) == 15
    assert spanish("teams") == {f"{HOST}/teams/{team.slug}/" for team in Team.objects.all()}
    assert len(spanish("teams")) == 26
    assert spanish("departments") == {
        f"{HOST}/departments/{slug}/" for slug in Department.objects.values_list("slug", flat=True)
    }
    pages = ("/", "/seasons/", "/teams/", "/departments/", "/records/")  # the indexes
    assert spanish("pages") == {f"{HOST}{path}" for path in pages}


def test_every_entry_has_both_languages_and_x_default_as_alternates(client, spanish_1996):
    found = all_entries(client)
    assert len(found) == 2 * (5 + 1 + 1 + 15 + 26 + 25)
    for loc, entry in found.items():
        alternates = entry["alternates"]
        assert set(alternates) == {"es", "en", "x-default"}, loc
        assert loc in (alternates["es"], alternates["en"])
        assert alternates["x-default"] == alternates["es"]
        assert alternates["en"] == alternates["es"].replace(HOST, f"{HOST}/en", 1)
        assert alternates["es"] in found and alternates["en"] in found


@pytest.fixture
def with_a_draft(season_1996, on_commit):
    """A draft 2005 season of one group, with a new team known only from it."""
    with on_commit():
        draft = SeasonFactory(year=2005, draft=True)
        group = GroupFactory(stage=StageFactory(season=draft, name="Regional stage"))
        novato = TeamFactory(name="Novato")
        utc = Team.objects.get(slug="utc")
        for team in (novato, utc):
            GroupMemberFactory(group=group, team=team)
        match = play(group, novato, utc, 2, 0)
    return SimpleNamespace(group=group, match=match, team=novato)


def test_a_draft_season_is_left_out_of_the_sitemap(client, with_a_draft):
    found = "\n".join(all_entries(client))
    assert "/seasons/1996/" in found
    assert "/seasons/2005/" not in found
    assert with_a_draft.group.get_absolute_url() not in found
    assert f"/matches/{with_a_draft.match.pk}/" not in found
    assert f"/teams/{with_a_draft.team.slug}/" not in found
    assert "/teams/utc/" in found  # a team of a published season stays


def test_lastmod_is_the_latest_history_record_or_nothing(client, season_1996, on_commit):
    # loaddata writes no history: no entry has a date, rather than a made-up one.
    assert {entry["lastmod"] for entry in all_entries(client).values()} == {None}
    match = Match.objects.order_by("pk").first()
    with on_commit():
        match.attendance = 30000
        match.save()
    # The framework writes the day, in the site's time zone.
    edited = timezone.localdate(match.history.latest().history_date).isoformat()
    assert entries(client, "matches")[f"{HOST}/matches/{match.pk}/"]["lastmod"] == edited
    assert entries(client, "seasons")[f"{HOST}/seasons/1996/"]["lastmod"] == edited
    group = entries(client, "groups")[f"{HOST}{match.group.get_absolute_url()}"]
    assert group["lastmod"] == edited
    home = entries(client, "teams")[f"{HOST}{match.home_team.get_absolute_url()}"]
    assert home["lastmod"] == edited
    others = [e for e in entries(client, "matches").values() if e["lastmod"] is not None]
    assert len(others) == 2  # the edited match in each language: the other 14 never were


def test_the_index_gives_each_section_its_latest_change(client, season_1996, on_commit):
    match = Match.objects.order_by("pk").first()
    with on_commit():
        match.save()
    index = xml_of(client, "/sitemap.xml")
    lastmods = {
        element.find("sm:loc", NS).text.rsplit("-", 1)[1]: element.find("sm:lastmod", NS)
        for element in index.findall("sm:sitemap", NS)
    }
    assert lastmods["matches.xml"] is not None and lastmods["seasons.xml"] is not None
    assert lastmods["departments.xml"] is None and lastmods["pages.xml"] is None


def test_a_section_longer_than_a_page_is_split_between_two_languages_of_one_row(
    client, season_1996, monkeypatch
):
    monkeypatch.setattr(sitemaps.RecordSitemap, "limit", 7)  # 30 entries: 5 pages, pairs split
    index = [loc.text for loc in xml_of(client, "/sitemap.xml").findall("sm:sitemap/sm:loc", NS)]
    assert [loc for loc in index if "matches" in loc] == [
        f"{HOST}/sitemap-matches.xml",
        *(f"{HOST}/sitemap-matches.xml?p={page}" for page in range(2, 6)),
    ]
    pages = [entries(client, "matches", page) for page in range(1, 6)]
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]
    listed = [loc for page in pages for loc in page]
    assert len(listed) == len(set(listed)) == 30
    assert client.get("/sitemap-matches.xml?p=6").status_code == 404


def test_an_unknown_section_is_a_404(client, db):
    assert client.get("/sitemap-players.xml").status_code == 404


def section_queries(client):
    counts = {}
    for url in ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in SECTIONS)]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_the_sitemap_reads_as_many_queries_for_a_big_season_as_for_1996(
    client, season_1996, django_assert_max_num_queries
):
    small = section_queries(client)
    assert small["/sitemap-matches.xml"] <= 2  # counted, then one page read
    generate_season(2101, teams=40, group_size=5)
    assert Match.objects.count() > 200
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url


def test_the_sitemap_comes_from_the_page_cache(
    client, season_1996, page_cache, django_assert_num_queries
):
    first = client.get("/sitemap-matches.xml")
    with django_assert_num_queries(0):
        again = client.get("/sitemap-matches.xml")
    assert again.content == first.content
    assert again["Cache-Control"].startswith("public")


# -- favicon and manifest --------------------------------------------------------------------


def test_the_favicon_is_answered_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"
    assert finders.find("img/favicon.ico")


def test_every_icon_the_pages_and_the_manifest_name_exists(client, season_1996):
    html = client.get("/seasons/1996/").content.decode()
    for path in ("img/favicon.svg", "img/favicon.ico", "img/apple-touch-icon.png"):
        assert f'href="/static/{path}"' in html, path
        assert finders.find(path), path
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


def test_the_manifest_speaks_the_language_of_its_address(client, db, spanish_site):
    spanish = client.get("/manifest.webmanifest")
    assert spanish["Content-Type"] == "application/manifest+json"
    english = json.loads(client.get("/en/manifest.webmanifest").content)
    assert json.loads(spanish.content)["lang"] == "es"
    assert english["lang"] == "en" and english["start_url"] == "/en/"
    assert english["name"] == "Copa Perú records" and english["short_name"] == "Copa Perú"
    assert english["theme_color"] == "#1b2230"
    assert {icon["sizes"] for icon in english["icons"]} == {"any", "192x192", "512x512"}


@pytest.mark.parametrize(
    "url", ["/", "/seasons/1996/", "/teams/jose-galvez/", "/departments/ancash/", "/teams/"]
)
def test_every_page_links_its_icon_and_manifest(client, season_1996, url):
    html = client.get(url).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#1b2230">' in html
