"""Head-to-head: every meeting of two teams and the record of each, from either side,
linked from the team page and the match page. Drafts count for nothing."""

import re

import pytest

from tests.factories import SeasonFactory, StageFactory, TeamFactory, knockout_tie
from tests.test_indexes import assert_no_draft, draft, html_of, table_rows  # noqa: F401 (draft: a fixture)
from tests.test_public import text
from tournaments.generation import generate_season
from tournaments.models import Match, Team

GALVEZ_UTC = "/teams/jose-galvez/vs/utc/"
HEAD_TO_HEAD_QUERIES = 2  # the two teams; their meetings with their groups, stages, seasons


def records(html):
    """{team: [Pld, W, D, L, GF, GA]} of the record table."""
    return {row[0]: row[1:] for row in table_rows(html, "standings head-to-head")}


def test_jose_galvez_v_utc_shows_their_one_1996_meeting(client, season_1996):
    html = html_of(client, GALVEZ_UTC)
    meetings = table_rows(html, "meetings")
    assert len(meetings) == 1
    season, stage, date, round_name, match, venue = meetings[0]
    assert (season, stage, round_name) == ("1996", "Final stage: Final group stage", "Round 1")
    assert date == "Jan. 19, 1997" and venue == "Estadio Nacional, Lima"
    assert match == "José Gálvez 1–0 UTC"
    match_url = Match.objects.get(home_team__slug="jose-galvez", away_team__slug="utc").url
    assert f'href="{match_url}"' in html


def test_the_record_is_given_from_each_side_first_team_first(client, season_1996):
    html = html_of(client, GALVEZ_UTC)
    assert records(html) == {
        "José Gálvez": ["1", "1", "0", "0", "1", "0"],
        "UTC": ["1", "0", "0", "1", "0", "1"],
    }
    assert list(records(html)) == ["José Gálvez", "UTC"]
    assert 'href="/teams/utc/vs/jose-galvez/"' in html  # the other side


def test_the_reverse_order_works_from_its_first_teams_side(client, season_1996):
    html = html_of(client, "/teams/utc/vs/jose-galvez/")
    assert list(records(html)) == ["UTC", "José Gálvez"]
    assert text(html).count("José Gálvez 1–0 UTC") == 1


@pytest.mark.parametrize(
    "url",
    [
        "/teams/jose-galvez/vs/jose-galvez/",
        "/teams/jose-galvez/vs/no-such-team/",
        "/teams/no-such-team/vs/utc/",
    ],
)
def test_an_unknown_team_or_the_same_team_twice_is_a_404(client, season_1996, url):
    assert client.get(url).status_code == 404


def test_two_teams_that_never_met_get_a_page_saying_so(client, season_1996):
    html = html_of(client, "/teams/utc/vs/sachapuyos/")
    assert "UTC and Sachapuyos have no meeting on record." in html
    assert records(html)["UTC"] == ["0"] * 6


def test_a_shootout_decides_the_tie_not_the_match(client, db, on_commit):
    """Alfa v Beta: 2–1 and 0–1 after extra time, Beta through 4–3 on penalties. Each
    leg counts at its score: one win each, goals 2–2; the shoot-out wins nothing."""
    with on_commit():
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        stage = StageFactory(season=SeasonFactory(year=2001), name="Final", kind="knockout")
        shootout = {"extra_time": True, "home_penalties": 4, "away_penalties": 3}
        knockout_tie(stage, 1, alfa, beta, (2, 1, {}), (1, 0, shootout))
    html = html_of(client, "/teams/alfa/vs/beta/")
    assert records(html) == {
        "Alfa": ["2", "1", "0", "1", "2", "2"],
        "Beta": ["2", "1", "0", "1", "2", "2"],
    }
    rounds = [row[3] for row in table_rows(html, "meetings")]
    assert rounds == ["Leg 1", "Leg 2"]
    matches = [row[4] for row in table_rows(html, "meetings")]
    assert matches == ["Alfa 2–1 Beta", "Beta 1–0 (a.e.t.) (4–3 p) Alfa"]


def test_a_drawn_match_won_on_penalties_is_a_draw(client, db, on_commit):
    with on_commit():
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        stage = StageFactory(season=SeasonFactory(year=2002), name="Final", kind="knockout", legs=1)
        knockout_tie(stage, 1, alfa, beta, (1, 1, {"home_penalties": 5, "away_penalties": 4}))
    alfa = records(html_of(client, "/teams/alfa/vs/beta/"))["Alfa"]
    assert alfa == ["1", "0", "1", "0", "1", "1"]


def test_the_team_page_lists_its_opponents_each_linking_the_head_to_head(client, season_1996):
    html = html_of(client, "/teams/jose-galvez/")
    section = html[html.index('class="columns opponents"') :].split("</ul>")[0]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', section)
    assert links == [
        ("/teams/jose-galvez/vs/cni/", "CNI"),
        ("/teams/jose-galvez/vs/coronel-bolognesi/", "Coronel Bolognesi"),
        ("/teams/jose-galvez/vs/gigantes-del-cenepa/", "Gigantes del Cenepa"),
        ("/teams/jose-galvez/vs/leon-de-huanuco/", "León de Huánuco"),
        ("/teams/jose-galvez/vs/utc/", "UTC"),
    ]
    assert "José Gálvez has met 5 teams" in text(html)


def test_the_match_page_links_all_meetings_of_its_two_teams(client, season_1996):
    match = Match.objects.get(home_team__slug="jose-galvez", away_team__slug="utc")
    html = html_of(client, match.get_absolute_url())
    assert f'<a href="{GALVEZ_UTC}">All meetings of these two teams</a>' in html


def test_the_head_to_head_is_in_english_under_en(client, season_1996, spanish_site):
    html = html_of(client, f"/en{GALVEZ_UTC}")
    assert 'href="/en/teams/utc/vs/jose-galvez/"' in html


# -- drafts and query counts ----------------------------------------------------------------


@pytest.mark.usefixtures("draft")
def test_a_drafts_meeting_is_neither_listed_nor_counted(client):
    html = html_of(client, GALVEZ_UTC)
    assert_no_draft(html)
    assert len(table_rows(html, "meetings")) == 1
    assert records(html)["José Gálvez"] == ["1", "1", "0", "0", "1", "0"]


@pytest.mark.usefixtures("draft")
def test_a_team_known_only_from_a_draft_has_no_head_to_head(client):
    assert client.get("/teams/jose-galvez/vs/novato/").status_code == 404
    assert client.get("/teams/novato/vs/utc/").status_code == 404


@pytest.mark.usefixtures("draft")
def test_the_team_page_names_no_opponent_met_only_in_a_draft(client):
    html = html_of(client, "/teams/jose-galvez/")
    assert "Novato" not in html and "has met 5 teams" in text(html)


def test_the_head_to_head_reads_as_much_for_a_big_season_as_for_1996(
    client, season_1996, django_assert_max_num_queries
):
    with django_assert_max_num_queries(HEAD_TO_HEAD_QUERIES):
        html_of(client, GALVEZ_UTC)
    season = generate_season(2101, teams=40, group_size=5)
    # Two teams that met twice or more: in a group, then in a knockout tie.
    met = Match.objects.for_season(season).values_list("home_team", "away_team")
    pairs = {}
    for home, away in met:
        pairs[frozenset((home, away))] = pairs.get(frozenset((home, away)), 0) + 1
    first, second = Team.objects.filter(pk__in=max(pairs, key=pairs.get)).order_by("pk")
    with django_assert_max_num_queries(HEAD_TO_HEAD_QUERIES):
        html = html_of(client, f"/teams/{first.slug}/vs/{second.slug}/")
    assert len(table_rows(html, "meetings")) == max(pairs.values()) >= 2


def test_both_orders_name_one_canonical_address(client, season_1996):
    canonical = re.compile(r'<link rel="canonical" href="http://testserver([^"]*)">')
    one = canonical.search(html_of(client, "/teams/jose-galvez/vs/utc/")).group(1)
    other = canonical.search(html_of(client, "/teams/utc/vs/jose-galvez/")).group(1)
    assert one == other == "/teams/jose-galvez/vs/utc/"
