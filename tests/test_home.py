"""The home page: the latest season's champion and final, the next fixtures or the
latest results, the roll of honour and a team search; never a draft, in a few queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    play,
    to_come,
)
from tests.test_indexes import html_of, table_rows, words
from tests.test_public import TABLE_1996, standings_rows
from tournaments.models import Department, Match, Season, SeasonTeam
from tournaments.selectors import HOME_MATCHES


def section(html, css_class):
    """The inner markup of the page's <section class="css_class">."""
    match = re.search(rf'<section class="{css_class}"[^>]*>(.*?)</section>', html, re.S)
    assert match, css_class
    return match.group(1)


def result_lines(html):
    """The visible text of each line of the matches section, without the venue."""
    items = re.findall(r"<li>(.*?)</li>", section(html, "home-matches"), re.S)
    venue = re.compile(r'<span class="venue">.*?</span>', re.S)
    return [words(venue.sub("", item)) for item in items]


@pytest.fixture
def fixtures_to_come(season_1996, on_commit):
    """A published 2020 season under way: a round played, seven fixtures from today,
    one a day, stored in no particular order, and one left behind yesterday."""
    today = timezone.localdate()
    with on_commit():
        group = GroupFactory(stage=StageFactory(season=SeasonFactory(year=2020), name="Liguilla"))
        teams = [TeamFactory(name=f"Club {letter}") for letter in "ABCDEFGH"]
        for team in teams:
            GroupMemberFactory(group=group, team=team)
        play(group, teams[0], teams[1], 3, 1, date=today - timedelta(days=7))
        for number, days in enumerate((4, 0, 6, 2, 5, 1, 3, -1), start=2):
            to_come(
                group,
                teams[days + 1],
                teams[(days + 4) % 8],
                round=number,
                date=today + timedelta(days=days),
            )
    return group


@pytest.fixture
def newer_draft(season_1996, on_commit):
    """A draft newer than every published season, with a champion, a result and a
    fixture: none of it may show."""
    today = timezone.localdate()
    with on_commit():
        season = SeasonFactory(year=today.year + 1, draft=True)
        regional = GroupFactory(stage=StageFactory(season=season, name="Secret region"))
        final = GroupFactory(stage=StageFactory(season=season, name="Secret final", order=2))
        hidden, other = TeamFactory(name="Hidden Club"), TeamFactory(name="Other Hidden")
        for team in (hidden, other):
            GroupMemberFactory(group=regional, team=team)
            GroupMemberFactory(group=final, team=team)
        play(final, hidden, other, 4, 0, date=today - timedelta(days=1))
        to_come(regional, other, hidden, round=2, date=today + timedelta(days=1))
    assert Season.objects.get(pk=season.pk).champion.name == "Hidden Club"
    return season


# -- the latest season ---------------------------------------------------------------------


def test_the_latest_season_shows_its_champion_department_and_final_table(client, season_1996):
    html = html_of(client, "/")
    latest = section(html, "latest-season")
    card = re.search(r'<div class="champion-card">(.*?)</div>', latest, re.S).group(1)
    assert words(card) == (
        "Champion José Gálvez Department Áncash Promoted to 1997 Torneo Descentralizado"
    )
    assert 'href="/teams/jose-galvez/"' in latest and 'href="/departments/ancash/"' in latest
    assert 'href="/seasons/1996/"' in latest
    rows = standings_rows(latest)
    assert [[r[1].replace(" (P)", ""), *r[2:]] for r in rows] == [list(t) for t in TABLE_1996]
    assert "Promoted to 1997 Torneo Descentralizado" in words(latest)  # the zone's legend


def test_a_knockout_final_shows_the_final_tie(client, season_1996, cup_season):
    latest = words(section(html_of(client, "/"), "latest-season"))
    assert "Latest season: 2005 Copa Perú Champion Beta" in latest
    assert "National stage · Final Alfa v Beta" in latest
    for leg in ("Alfa 1–0 Beta", "Beta 1–0 Alfa", "Alfa 0–2 Beta"):
        assert leg in latest
    assert "Beta won in a play-off" in latest
    assert "Standings" not in latest  # the group stage before is on the season page


def test_the_champions_department_is_the_one_it_entered_for(client, season_1996):
    lima = Department.objects.get(slug="lima")
    SeasonTeam.objects.filter(season__year=1996, team__slug="jose-galvez").update(department=lima)
    card = section(html_of(client, "/"), "latest-season")
    assert "Department Lima" in words(card) and 'href="/departments/lima/"' in card
    SeasonTeam.objects.filter(season__year=1996, team__slug="jose-galvez").delete()
    assert "Department Áncash" in words(section(html_of(client, "/"), "latest-season"))


def test_a_knockout_final_not_played_yet_shows_no_empty_results(client, season_1996, on_commit):
    with on_commit():
        final = StageFactory(season=SeasonFactory(year=2021), name="Final", kind="knockout")
        tie = GroupFactory(stage=final, name="Final")
        for name in ("Alfa", "Beta"):
            GroupMemberFactory(group=tie, team=TeamFactory(name=name))
    latest = section(html_of(client, "/"), "latest-season")
    assert words(latest).startswith("Latest season: 2021 Copa Perú This season has no champion")
    assert 'class="results"' not in latest and "<h3>" not in latest


def test_a_season_without_a_champion_says_so_and_shows_its_table_so_far(client, fixtures_to_come):
    latest = words(section(html_of(client, "/"), "latest-season"))
    assert latest.startswith("Latest season: 2020 Copa Perú This season has no champion")
    assert "Standings: " in latest and "Club A 1 1 0 0 3 1 +2 3" in latest


# -- the next fixtures, or the latest results ----------------------------------------------


def test_the_next_fixtures_come_soonest_first_when_matches_are_to_be_played(
    client, fixtures_to_come
):
    html = html_of(client, "/")
    matches = section(html, "home-matches")
    assert "<h2" in matches and ">Next fixtures</h2>" in matches
    today = timezone.localdate()
    dates = re.findall(r'<time datetime="([\d-]+)"', matches)
    assert dates == [str(today + timedelta(days=days)) for days in range(HOME_MATCHES)]
    lines = result_lines(html)
    assert lines[0].endswith("Club B v Club E")  # today's
    assert not any("3–1" in line for line in lines)  # no result among the fixtures
    assert "2020 Copa Perú · Liguilla" in words(matches)


def test_the_latest_results_come_newest_first_when_nothing_is_to_be_played(client, season_1996):
    html = html_of(client, "/")
    matches = section(html, "home-matches")
    assert ">Latest results</h2>" in matches and "Next fixtures" not in html
    assert result_lines(html) == [
        "Feb. 2, 1997 José Gálvez 5–2 Gigantes del Cenepa",
        "Feb. 2, 1997 UTC 4–1 Coronel Bolognesi",
        "Feb. 2, 1997 CNI 2–1 León de Huánuco",
        "Jan. 29, 1997 José Gálvez 5–0 León de Huánuco",
        "Jan. 29, 1997 Coronel Bolognesi 3–0 CNI",
        "Jan. 29, 1997 Gigantes del Cenepa 4–2 UTC",
    ]
    latest = Match.objects.played().order_by("-date", "-pk").first()
    assert f'href="/matches/{latest.pk}/"' in matches  # the score links to the match
    assert 'href="/teams/gigantes-del-cenepa/"' in matches
    assert 'href="/seasons/1996/matches/"' in matches


# -- the roll of honour ----------------------------------------------------------------------


def test_the_roll_of_honour_lists_each_published_season_once_newest_first(
    client, season_1996, cup_season, newer_draft
):
    SeasonFactory(year=1990)  # on record, its champion not: nothing made up
    html = html_of(client, "/")
    assert table_rows(html, "honours") == [
        ["2005", "Beta", "Alfa"],
        ["1996", "José Gálvez", "UTC"],
        ["1990", "", ""],
    ]
    assert html.count("<table") == 1  # the roll of honour (the final is a tie)
    assert html.count('href="/seasons/1990/"') == 1


def test_a_draft_shows_nowhere_on_the_home_page(client, newer_draft):
    html = html_of(client, "/")
    assert str(newer_draft.year) not in html
    for name in ("Hidden Club", "Other Hidden", "Secret region", "Secret final"):
        assert name not in html
    assert "Latest season: 1996 Copa Perú" in words(section(html, "latest-season"))
    assert ">Latest results</h2>" in html  # the draft's fixture is not a next fixture


# -- the search ------------------------------------------------------------------------------


def test_the_search_form_is_labelled_and_finds_teams(client, season_1996):
    html = html_of(client, "/")
    form = re.search(r'<form class="search"([^>]*)>(.*?)</form>', html, re.S)
    attributes, fields = form.groups()
    assert 'role="search"' in attributes and 'method="get"' in attributes
    action = re.search(r'action="([^"]+)"', attributes).group(1)
    assert action == reverse("tournaments:teams")
    label_for = re.search(r'<label for="([^"]+)">Find a team</label>', fields).group(1)
    input_tag = re.search(r"<input [^>]*>", fields).group(0)
    assert f'id="{label_for}"' in input_tag and 'name="q"' in input_tag
    found = html_of(client, action, q="galvez")
    assert 'href="/teams/jose-galvez/"' in found and 'href="/teams/utc/"' not in found


# -- what it reads -----------------------------------------------------------------------------


def test_the_home_page_reads_as_much_for_forty_seasons_as_for_one(
    client, season_1996, django_assert_num_queries
):
    # The seasons and the champion's department; the final group, its rows, zones and
    # tiebreakers; the matches.
    with django_assert_num_queries(7):
        html_of(client, "/")
    for year in range(1967, 1996):
        SeasonFactory(year=year)
    for year in range(1997, 2007):
        SeasonFactory(year=year, draft=True)
    with django_assert_num_queries(7):
        assert len(table_rows(html_of(client, "/"), "honours")) == 30


def test_a_knockout_final_reads_its_legs_instead_of_a_table(
    client, cup_season, django_assert_num_queries
):
    # The seasons (the champion, Beta, has no department to read); the tie with its
    # (empty) table; its legs; the matches.
    with django_assert_num_queries(7):
        assert "Beta won in a play-off" in words(html_of(client, "/"))
