"""A shared link shows the page: its canonical address, Open Graph tags, JSON-LD and a
preview image drawn from the data (the season's final table, 1200×630)."""

import io
import json
import re

import pytest
from PIL import Image

from tests.factories import GroupFactory, GroupMemberFactory, SeasonFactory, StageFactory, play
from tournaments import previews, selectors
from tournaments.generation import generate_season
from tournaments.models import Group, Match, Season, Team

HOST = "http://testserver"


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(head, prop):
    """The content of <meta property=...> (or name=...), unescaped."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', head)
    assert len(found) == 1, (prop, found)
    return found[0].replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')


def canonical(head):
    (found,) = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    return found.replace("&amp;", "&")


def json_ld(html):
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found)


def png_size(body):
    image = Image.open(io.BytesIO(body))
    return image.format, image.size


def final_match():
    return Match.objects.get(home_team__name="José Gálvez", away_team__name="León de Huánuco")


# -- canonical -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/seasons/1996/", "/seasons/1996/"),
        ("/seasons/1996/?utm_source=whatsapp&fbclid=abc", "/seasons/1996/"),
        ("/teams/jose-galvez/?ref=x", "/teams/jose-galvez/"),
        ("/teams/?q=galvez", "/teams/"),
        ("/seasons/1996/matches/?sort=-date&status=played", "/seasons/1996/matches/"),
        ("/seasons/1996/matches/?page=1", "/seasons/1996/matches/"),
        (
            "/seasons/1996/final-stage/final-group-stage/?page=abc",
            "/seasons/1996/final-stage/final-group-stage/",
        ),
    ],
)
def test_the_canonical_address_is_the_page_without_query_noise(client, season_1996, url, expected):
    assert canonical(head_of(client, url)) == HOST + expected


def test_the_hreflang_alternates_point_at_the_canonical_address(client, season_1996):
    head = head_of(client, "/seasons/1996/matches/?team=1&utm_source=x")
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">', head))
    assert set(alternates) == {"es", "en", "x-default"}
    assert all(href.endswith("/seasons/1996/matches/") for href in alternates.values())
    assert canonical(head) in alternates.values()


def test_a_later_page_of_a_list_is_its_own_canonical_page_unless_filtered(client, season_1996):
    Team.objects.bulk_create(Team(name=f"Club {n:03}", slug=f"club-{n:03}") for n in range(60))
    assert canonical(head_of(client, "/teams/?page=2")) == f"{HOST}/teams/?page=2"
    assert canonical(head_of(client, "/teams/?page=2&q=club")) == f"{HOST}/teams/"
    assert canonical(head_of(client, "/teams/?page=99")) == f"{HOST}/teams/?page=2"  # as shown


def test_later_pages_of_a_big_group_and_match_list_are_canonical_with_their_number(client, db):
    season = generate_season(2102, teams=16, group_size=16)  # a group of over 100 matches
    group = Group.objects.for_season(season).first()
    matches = f"/seasons/{season.year}/matches/"
    for url in (group.get_absolute_url(), matches):
        assert canonical(head_of(client, f"{url}?page=2")) == f"{HOST}{url}?page=2", url
        assert canonical(head_of(client, f"{url}?page=2&utm_medium=x")) == f"{HOST}{url}", url
    assert canonical(head_of(client, f"{matches}?page=2&sort=-date")) == f"{HOST}{matches}"


def test_the_match_list_pages_are_canonical_with_their_number(client, season_1996):
    url = "/seasons/1996/matches/"
    assert canonical(head_of(client, f"{url}?per_page=5&page=2")) == f"{HOST}{url}"
    assert canonical(head_of(client, f"{url}?page=2")) == f"{HOST}{url}"  # 15 matches: one page


# -- Open Graph ------------------------------------------------------------------------------


def test_the_season_page_previews_its_champion_matches_goals_and_final_table(client, season_1996):
    head = head_of(client, "/seasons/1996/")
    assert (
        meta(head, "og:title")
        == "1996 Copa Perú: tables, results and statistics · Copa Perú records"
    )
    assert meta(head, "og:description") == "Champion: José Gálvez · 15 matches · 55 goals"
    assert meta(head, "og:url") == f"{HOST}/seasons/1996/"
    assert meta(head, "og:type") == "website"
    assert meta(head, "og:image") == f"{HOST}/seasons/1996/preview.png"
    assert meta(head, "og:image:width") == "1200" and meta(head, "og:image:height") == "630"
    assert meta(head, "og:image:alt") == "Summary of the 1996 Copa Perú"
    assert meta(head, "og:locale") == "en_US" and meta(head, "og:locale:alternate") == "es_PE"
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "og:site_name") == "Copa Perú records"


def test_the_summary_counts_played_matches_only_and_names_no_champion_before_one(
    client, db, on_commit
):
    with on_commit():
        group = GroupFactory(stage=StageFactory(season=SeasonFactory(year=2003)))
        home, away, _third = (GroupMemberFactory(group=group).team for _ in range(3))
        play(group, home, away, 2, 1)  # the group unfinished: no champion yet
    head = head_of(client, "/seasons/2003/")
    assert "Champion" not in meta(head, "og:description")
    assert meta(head, "og:description").endswith("1 match · 3 goals")


def test_a_team_page_previews_its_title_and_description(client, season_1996):
    head = head_of(client, "/teams/jose-galvez/")
    title = re.search(r"<title>(.*?)</title>", head).group(1)
    description = meta(head, "description")
    assert meta(head, "og:title") == title == "José Gálvez in the Copa Perú · Copa Perú records"
    assert meta(head, "og:description") == description
    assert description.startswith("José Gálvez (Chimbote, Áncash)")
    assert meta(head, "og:url") == f"{HOST}/teams/jose-galvez/"
    assert meta(head, "og:image") == f"{HOST}/preview.png"  # a team has no season's card


def test_a_match_page_previews_the_match_with_its_seasons_card(client, season_1996):
    match = final_match()
    head = head_of(client, match.get_absolute_url())
    assert meta(head, "og:title").startswith(f"José Gálvez {match.score_display} León de Huánuco")
    assert meta(head, "og:url") == f"{HOST}{match.get_absolute_url()}"
    assert meta(head, "og:image") == f"{HOST}/seasons/1996/preview.png"


def test_the_spanish_page_previews_in_spanish(client, season_1996, spanish_site):
    spanish = head_of(client, "/seasons/1996/")
    english = head_of(client, "/en/seasons/1996/")
    assert meta(spanish, "og:locale") == "es_PE" and meta(spanish, "og:locale:alternate") == "en_US"
    assert meta(spanish, "og:image") == f"{HOST}/seasons/1996/preview.png"
    assert meta(english, "og:image") == f"{HOST}/en/seasons/1996/preview.png"
    assert meta(english, "og:url") == f"{HOST}/en/seasons/1996/"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/seasons/1996/teams/",
        "/seasons/1996/matches/",
        "/seasons/1996/final-stage/final-group-stage/",
        "/departments/ancash/",
        "/teams/",
    ],
)
def test_every_public_page_has_a_canonical_address_and_a_preview(client, season_1996, url):
    head = head_of(client, url)
    assert canonical(head) == HOST + url
    assert meta(head, "og:url") == HOST + url
    assert meta(head, "og:title") and meta(head, "og:description")
    assert meta(head, "og:image").endswith("preview.png")
    assert meta(head, "twitter:card") == "summary_large_image"
    assert 'hreflang="x-default"' in head  # the language alternates stay


# -- JSON-LD ---------------------------------------------------------------------------------


def test_a_match_page_describes_the_match_as_a_sports_event(client, season_1996):
    match = final_match()
    event = json_ld(client.get(match.get_absolute_url()).content.decode())
    assert event["@context"] == "https://schema.org" and event["@type"] == "SportsEvent"
    assert event["name"] == "José Gálvez v León de Huánuco"
    assert event["homeTeam"] == {
        "@type": "SportsTeam",
        "name": "José Gálvez",
        "url": f"{HOST}/teams/jose-galvez/",
    }
    assert event["awayTeam"]["name"] == "León de Huánuco"
    assert event["startDate"] == match.date.isoformat()
    assert event["location"] == {
        "@type": "Place",
        "name": "Estadio Nacional",
        "address": {"@type": "PostalAddress", "addressLocality": "Lima"},
    }
    assert event["superEvent"]["url"] == f"{HOST}/seasons/1996/"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    # SportsEvent has no property for a score: none is invented.
    assert not any("score" in key.lower() for key in event)


def test_a_kickoff_time_is_given_in_limas_time(client, season_1996):
    match = final_match()
    match.kickoff_time = "15:30"
    match.venue = None
    match.save()
    event = json_ld(client.get(match.get_absolute_url()).content.decode())
    assert event["startDate"] == f"{match.date.isoformat()}T15:30:00-05:00"
    assert "location" not in event


def test_a_team_page_describes_the_team(client, season_1996):
    team = json_ld(client.get("/teams/jose-galvez/").content.decode())
    assert team == {
        "@context": "https://schema.org",
        "@type": "SportsTeam",
        "name": "José Gálvez",
        "url": f"{HOST}/teams/jose-galvez/",
        "alternateName": ["GAL"],
        "location": {
            "@type": "PostalAddress",
            "addressLocality": "Chimbote",
            "addressRegion": "Áncash",
        },
    }
    assert "alternateName" not in json_ld(client.get("/teams/utc/").content.decode())  # UTC is UTC


def test_a_name_with_markup_cannot_close_the_json_ld_script(client, season_1996):
    evil = "</script><script>alert(1)</script><!--"
    match_url = final_match().get_absolute_url()
    Team.objects.filter(slug="jose-galvez").update(name=evil)
    for url in ("/teams/jose-galvez/", match_url):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html, url
        data = json_ld(html)
        names = [data.get("name"), data.get("homeTeam", {}).get("name")]
        assert evil in names, url


def test_the_json_ld_needs_no_change_to_the_content_security_policy(client, season_1996):
    response = client.get(final_match().get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    # A data block is not run: no script-src, no 'unsafe-inline', no nonce (which would
    # also make every page unique, and uncacheable).
    assert "script-src" not in policy and "unsafe-inline" not in policy and "nonce-" not in policy
    assert '<script type="application/ld+json">' in response.content.decode()


def test_the_json_ld_reads_no_query_more(client, season_1996, django_assert_max_num_queries):
    url = final_match().get_absolute_url()
    with django_assert_max_num_queries(2):  # the match with its relations, its goals
        client.get(url)


# -- the preview images ----------------------------------------------------------------------


def test_the_season_preview_is_a_1200_by_630_png(client, season_1996):
    response = client.get("/seasons/1996/preview.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert png_size(response.content) == ("PNG", (1200, 630))


def test_the_site_preview_is_a_1200_by_630_png(client, db):
    response = client.get("/preview.png")
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == ("PNG", (1200, 630))


def test_the_preview_draws_the_champion_and_the_stored_final_table(season_1996):
    season = Season.objects.with_summary().get(year=1996)
    card = previews.season_card(season, selectors.final_table(season))
    assert card.title == "1996 Copa Perú"
    assert card.lines == ("Champion: José Gálvez", "15 matches · 55 goals")
    assert card.caption == "Final group stage" and card.points_heading == "Pts"
    stored = [(str(s.position), s.team.name, s.points) for s in season_1996.standings.all()]
    assert list(card.rows) == stored and len(stored) == 6
    assert card.rows[0] == ("1", "José Gálvez", stored[0][2])


def test_a_season_without_one_final_group_is_drawn_without_a_table(client, db, on_commit):
    with on_commit():
        stage = StageFactory(season=SeasonFactory(year=2003))
        GroupFactory(stage=stage, name="Group A")
        GroupFactory(stage=stage, name="Group B", slug="group-b")
    season = Season.objects.with_summary().get(year=2003)
    assert selectors.final_table(season) is None
    assert previews.season_card(season, None).rows == ()
    assert png_size(client.get("/seasons/2003/preview.png").content)[1] == (1200, 630)


def test_a_draft_or_unknown_season_has_no_preview(client, season_1996):
    SeasonFactory(year=2005, draft=True)
    assert client.get("/seasons/2005/preview.png").status_code == 404
    assert client.get("/seasons/2006/preview.png").status_code == 404


def test_the_preview_is_drawn_in_pillows_font_where_dejavu_is_missing(
    client, season_1996, monkeypatch
):
    monkeypatch.setattr(previews, "FONT_FILES", {"regular": "missing.ttf", "bold": "none.ttf"})
    previews.font.cache_clear()
    try:
        body = client.get("/seasons/1996/preview.png").content
    finally:
        previews.font.cache_clear()
    assert png_size(body) == ("PNG", (1200, 630))


def test_the_preview_comes_from_the_page_cache(
    client, season_1996, page_cache, django_assert_num_queries
):
    first = client.get("/seasons/1996/preview.png")
    with django_assert_num_queries(0):
        again = client.get("/seasons/1996/preview.png")
    assert again.content == first.content and again["Content-Type"] == "image/png"
    assert again["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    assert "Content-Encoding" not in client.get(
        "/seasons/1996/preview.png", HTTP_ACCEPT_ENCODING="gzip"
    )  # a PNG is compressed already


def test_the_preview_reads_as_many_queries_for_a_big_season_as_for_1996(
    client, season_1996, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/seasons/1996/preview.png")
    assert len(queries) <= 4
    big = generate_season(2101, teams=40, group_size=5)
    with django_assert_max_num_queries(len(queries)):
        assert client.get(f"/seasons/{big.year}/preview.png").status_code == 200


def test_a_preview_with_a_query_string_is_sent_to_its_bare_address(client, season_1996):
    for address in ("/seasons/1996/preview.png", "/preview.png"):
        response = client.get(f"{address}?x=1")
        assert (response.status_code, response["Location"]) == (302, address)
