"""Following a season or a team: an Atom feed of its results, an iCalendar of its matches.

The feed has one entry per played match, newest first; the calendar one event per
dated match, played or to come, whose UID stays while its SEQUENCE grows with every
edit, so that a calendar app updates the event rather than adding a copy.
"""

from datetime import date, datetime, time, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    play,
)
from tournaments.generation import generate_season
from tournaments.models import Match, Team

ATOM = "{http://www.w3.org/2005/Atom}"
SEASON_FEED = "/seasons/1996/results.atom"
SEASON_CALENDAR = "/seasons/1996/fixtures.ics"
FEED_QUERIES = 2


def entries(response):
    """A feed's entries as dicts of their elements' text (link: its href)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ElementTree.fromstring(response.content)
    return [
        {
            **{child.tag.removeprefix(ATOM): child.text for child in entry},
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def event_of(response, match):
    (event,) = [e for e in events(response) if str(e["url"]).endswith(match.get_absolute_url())]
    return event


def final_match():
    return Match.objects.get(home_team__slug="jose-galvez", away_team__slug="utc")


def a_match_to_come():
    """A play-off after the 1996 table, with its kickoff time, not played yet."""
    group = final_match().group
    return Match.objects.create(
        group=group,
        round=6,
        date=date(1997, 2, 5),
        kickoff_time=time(15, 30),
        home_team=Team.objects.get(slug="jose-galvez"),
        away_team=Team.objects.get(slug="utc"),
        status=Match.Status.SCHEDULED,
        counts_for_table=False,
    )


# -- the results feed --------------------------------------------------------------------


def test_the_1996_feed_has_an_entry_for_each_of_its_15_matches_newest_first(client, season_1996):
    found = entries(client.get(SEASON_FEED))
    assert len(found) == 15
    assert len({entry["id"] for entry in found}) == 15
    published = [entry["published"] for entry in found]
    assert published == sorted(published, reverse=True)
    assert published[0].startswith("1997-02-02") and published[-1].startswith("1997-01-19")
    # The same day: the last entered first, a stable order.
    assert [entry["title"] for entry in found[:3]] == [
        "José Gálvez 5–2 Gigantes del Cenepa",
        "UTC 4–1 Coronel Bolognesi",
        "CNI 2–1 León de Huánuco",
    ]


def test_a_feed_entry_says_where_the_match_was_and_links_to_its_page(client, season_1996):
    match = final_match()
    (entry,) = [e for e in entries(client.get(SEASON_FEED)) if e["title"] == "José Gálvez 1–0 UTC"]
    assert entry["link"] == f"http://testserver{match.get_absolute_url()}"
    assert entry["id"] == entry["link"]
    assert entry["summary"] == (
        "1996 Copa Perú · Final stage · Final group stage · Round 1 · Estadio Nacional, Lima"
    )
    assert entry["published"] == entry["updated"] == "1997-01-19T00:00:00-05:00"


def test_the_feed_leaves_out_a_match_not_played_yet(client, season_1996):
    a_match_to_come()
    assert len(entries(client.get(SEASON_FEED))) == 15
    assert len(events(client.get(SEASON_CALENDAR))) == 16


def test_a_team_feed_has_the_matches_it_played_newest_first(client, season_1996):
    found = entries(client.get("/teams/jose-galvez/results.atom"))
    assert [entry["title"] for entry in found] == [
        "José Gálvez 5–2 Gigantes del Cenepa",
        "José Gálvez 5–0 León de Huánuco",
        "José Gálvez 3–1 CNI",
        "José Gálvez 1–1 Coronel Bolognesi",
        "José Gálvez 1–0 UTC",
    ]


def test_the_feed_speaks_the_language_of_its_address(client, season_1996, spanish_site):
    for url, language in [(SEASON_FEED, "es"), (f"/en{SEASON_FEED}", "en")]:
        response = client.get(url)
        feed = ElementTree.fromstring(response.content)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language, url
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{url}"
        assert len(entries(response)) == 15
    english = ElementTree.fromstring(client.get(f"/en{SEASON_FEED}").content)
    assert english.find(f"{ATOM}title").text == "Results of the 1996 Copa Perú"
    entry = english.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/en/matches/")


# -- the calendar ------------------------------------------------------------------------


def test_the_1996_calendar_has_an_event_for_each_of_its_15_matches(client, season_1996):
    response = client.get(SEASON_CALENDAR)
    found = events(response)
    assert len(found) == 15
    assert response["Content-Disposition"] == 'attachment; filename="copa-peru-1996.ics"'
    assert len({str(event["uid"]) for event in found}) == 15
    event = event_of(response, final_match())
    assert event["summary"] == "José Gálvez 1–0 UTC"
    assert event["location"] == "Estadio Nacional, Lima"
    assert event["uid"] == f"match-{final_match().pk}@copaperu"
    assert event["description"] == (
        "1996 Copa Perú · Final stage · Final group stage · Round 1 · Estadio Nacional, Lima\n"
        f"http://testserver{final_match().get_absolute_url()}"
    )
    assert event["status"] == "CONFIRMED"


def test_a_match_without_a_kickoff_time_is_an_all_day_event(client, season_1996):
    event = event_of(client.get(SEASON_CALENDAR), final_match())
    assert event.decoded("dtstart") == date(1997, 1, 19)
    assert event.decoded("dtend") == date(1997, 1, 20)


def test_a_kickoff_time_is_in_lima_for_two_hours(client, season_1996):
    match = a_match_to_come()
    response = client.get(SEASON_CALENDAR)
    assert b"DTSTART;TZID=America/Lima:19970205T153000" in response.content
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/Lima" in response.content
    event = event_of(response, match)
    start = event.decoded("dtstart")
    assert start == datetime(1997, 2, 5, 15, 30, tzinfo=ZoneInfo("America/Lima"))
    assert start.utcoffset() == timedelta(hours=-5)
    assert event.decoded("duration") == timedelta(hours=2)
    assert event["summary"] == "José Gálvez – UTC"  # no score yet


def test_a_postponed_match_is_a_tentative_event_that_says_so(client, season_1996):
    match = a_match_to_come()
    Match.objects.filter(pk=match.pk).update(status=Match.Status.POSTPONED)
    event = event_of(client.get(SEASON_CALENDAR), match)
    assert event["status"] == "TENTATIVE"
    assert event["description"].splitlines()[1] == "Postponed"


def test_after_a_score_change_the_event_keeps_its_uid_and_its_sequence_grows(
    client, season_1996, page_cache, on_commit, django_assert_num_queries
):
    match = final_match()
    before = event_of(client.get(SEASON_CALENDAR), match)
    with django_assert_num_queries(0):  # served from the page cache
        client.get(SEASON_CALENDAR)
    with on_commit():
        match.home_score, match.away_score = 2, 1
        match.save()
    after = event_of(client.get(SEASON_CALENDAR), match)  # not the cached one
    assert after["summary"] == "José Gálvez 2–1 UTC"
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    last_change = match.history.latest().history_date.replace(microsecond=0)
    assert after.decoded("last-modified") == after.decoded("dtstamp") == last_change


def test_after_a_score_change_the_feed_entry_keeps_its_id_and_is_updated(
    client, season_1996, page_cache, on_commit
):
    match = final_match()

    def entry():
        (found,) = [
            e
            for e in entries(client.get(SEASON_FEED))
            if e["link"].endswith(match.get_absolute_url())
        ]
        return found

    before = entry()
    with on_commit():
        match.home_score, match.away_score = 2, 1
        match.save()
    after = entry()
    assert (before["title"], after["title"]) == ("José Gálvez 1–0 UTC", "José Gálvez 2–1 UTC")
    assert after["id"] == before["id"]
    assert after["updated"] > before["updated"] == after["published"]


# -- drafts ------------------------------------------------------------------------------


@pytest.fixture
def draft(db, on_commit):
    """Alfa played 2003 (published) and 2005 (a draft); Novato only the draft."""
    alfa, beta, novato = (TeamFactory(name=name) for name in ("Alfa", "Beta", "Novato"))
    with on_commit():
        for year, away, is_draft in [(2003, beta, False), (2005, novato, True)]:
            group = GroupFactory(
                stage=StageFactory(season=SeasonFactory(year=year, draft=is_draft))
            )
            for team in (alfa, away):
                GroupMemberFactory(group=group, team=team)
            play(group, alfa, away, 1, 0, date=date(year, 5, 1))
    return alfa


def test_a_draft_season_has_no_feed_and_no_calendar(client, draft):
    for url in ["/seasons/2005/results.atom", "/seasons/2005/fixtures.ics"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/seasons/2003/results.atom").status_code == 200


def test_an_editor_previews_a_draft_season_feed(client, draft, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", is_staff=True))
    assert [e["title"] for e in entries(client.get("/seasons/2005/results.atom"))] == [
        "Alfa 1–0 Novato"
    ]


def test_a_team_feed_and_calendar_leave_out_its_draft_matches(client, draft):
    assert [e["title"] for e in entries(client.get("/teams/alfa/results.atom"))] == [
        "Alfa 1–0 Beta"
    ]
    assert [str(e["summary"]) for e in events(client.get("/teams/alfa/fixtures.ics"))] == [
        "Alfa 1–0 Beta"
    ]


def test_a_team_known_only_from_a_draft_has_no_feed(client, draft):
    for url in ["/teams/novato/results.atom", "/teams/novato/fixtures.ics"]:
        assert client.get(url).status_code == 404, url


def test_unknown_seasons_and_teams_have_no_feed(client, season_1996):
    for url in ["/seasons/1995/results.atom", "/teams/nobody/fixtures.ics"]:
        assert client.get(url).status_code == 404, url


# -- the pages link them -----------------------------------------------------------------


@pytest.mark.parametrize(
    "page, feed, calendar",
    [
        ("/seasons/1996/", SEASON_FEED, SEASON_CALENDAR),
        (
            "/teams/jose-galvez/",
            "/teams/jose-galvez/results.atom",
            "/teams/jose-galvez/fixtures.ics",
        ),
    ],
)
def test_season_and_team_pages_link_their_feed_and_calendar(
    client, season_1996, page, feed, calendar
):
    html = client.get(page).content.decode()
    head = html[: html.index("</head>")]
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Results feed" href="{feed}">'
        in head
    )
    assert (
        f'<link rel="alternate" type="text/calendar" title="Calendar (iCal)" href="{calendar}">'
        in head
    )
    assert f'<a href="{feed}" type="application/atom+xml">Results feed</a>' in html
    assert f'<a href="{calendar}" type="text/calendar">Calendar (iCal)</a>' in html


# -- queries -----------------------------------------------------------------------------


def feed_urls(season):
    team = Match.objects.for_season(season).order_by("pk").first().home_team
    return [
        f"/seasons/{season.year}/results.atom",
        f"/seasons/{season.year}/fixtures.ics",
        f"/teams/{team.slug}/results.atom",
        f"/teams/{team.slug}/fixtures.ics",
    ]


def test_feeds_and_calendars_run_as_many_queries_for_a_big_season_as_for_1996(
    client, season_1996, on_commit, django_assert_max_num_queries
):
    small = []
    for url in feed_urls(season_1996.stage.season):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        small.append(len(queries))
    assert max(small) <= FEED_QUERIES  # the season or the team, then its matches
    big = generate_season(2101, teams=40, group_size=5)
    with on_commit():  # some matches with a history, some without
        for match in Match.objects.for_season(big).order_by("pk")[:3]:
            match.save()
    assert Match.objects.for_season(big).count() > 200
    for url, count in zip(feed_urls(big), small, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url
