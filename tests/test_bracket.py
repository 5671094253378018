"""Knockout stages on the season page: one bracket of ties, each stage a column."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import SeasonFactory, StageFactory, TeamFactory, knockout_tie
from tournaments.models import Match
from tournaments.reports import bracket_order


def text(html):
    """Visible text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def season_page(client, cup_season):
    response = client.get(cup_season.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def bracket_of(html):
    return html[html.index('class="bracket-box"') : html.index("</ol>")]


def test_the_knockout_stages_are_the_columns_of_one_bracket_in_order(season_page):
    bracket = bracket_of(season_page)
    columns = re.findall(r'<li class="round" id="([^"]+)">', bracket)
    assert columns == ["semi-finals", "final"]
    assert 'class="bracket connected"' in season_page
    assert text(season_page).count("Knockout rounds") == 1


def test_the_ties_feeding_one_sit_side_by_side(season_page):
    """Alfa's semi-final is second in the stage, first in the bracket: Alfa plays the final
    as the home side of its first leg."""
    semis = bracket_of(season_page).split('id="final"')[0]
    assert semis.index("Alfa") < semis.index("Beta")
    assert semis.count('class="slot pair"') == 1


def test_each_tie_shows_its_legs_aggregate_winner_and_how(season_page):
    assert season_page.count('class="bracket-tie"') == 3
    bracket = text(bracket_of(season_page))
    assert "1st 2nd Agg. ✓ Alfa (went through) 2 1 3 Delta 1 1 2 Alfa won on aggregate" in bracket
    assert "✓ Beta (went through) 1 0 (4) 1 Gamma 0 1 (3) 1 Beta won on penalties" in bracket
    assert "1st 2nd PO Agg. Alfa 1 0 0 1 ✓ Beta (went through) 0 1 2 1 Beta won in a play-off" in (
        bracket
    )


def test_the_winner_is_bold_and_marked_not_only_coloured(season_page):
    rows = re.findall(r'<tr class="winner">\s*<th scope="row">(.*?)</th>', season_page, re.S)
    assert [text(row) for row in rows] == [
        "✓ Alfa (went through)",
        "✓ Beta (went through)",
        "✓ Beta (went through)",
    ]


def test_each_score_links_to_its_match(cup_season, season_page):
    bracket = bracket_of(season_page)
    legs = Match.objects.filter(group__stage__season=cup_season, group__stage__kind="knockout")
    assert len(legs) == 7
    for match in legs:  # once in each team's row
        assert bracket.count(f'href="{match.get_absolute_url()}"') == 2


def test_the_legs_are_listed_in_full_under_the_bracket(season_page):
    page = text(season_page)
    assert "Gamma 1–0 (3–4 p) Beta" in page
    assert "Aggregate: Alfa 1–1 Beta; Beta won in a play-off." in page


def test_stages_come_in_the_order_played_headed_with_their_level(season_page):
    page = text(season_page)
    assert page.index("Regional stage · Group stage") < page.index(
        "National stage · Knockout rounds"
    )


def test_the_match_page_of_a_leg_shows_how_the_tie_was_won(client, cup_season):
    play_off = cup_season.stages.get(slug="final").groups.get().matches.get(round=3)
    page = text(client.get(play_off.get_absolute_url()).content.decode())
    assert "› Play-off" in page and "Leg 3" not in page
    assert "The tie" in page
    assert "Aggregate: Alfa 1–1 Beta; Beta won in a play-off." in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_bracket_runs_as_many_queries_for_eight_quarter_finals_as_for_two_semis(
    client, cup_season, on_commit, django_assert_max_num_queries
):
    small = count_queries(client, cup_season.get_absolute_url())
    with on_commit():
        big = SeasonFactory(year=2006)
        teams = [TeamFactory(name=f"Club {n}") for n in range(16)]
        for order, name in enumerate(["Round of 16", "Quarter-finals", "Semi-finals", "Final"]):
            stage = StageFactory(season=big, name=name, order=order, kind="knockout")
            winners = []
            for index in range(0, len(teams), 2):
                home, away = teams[index], teams[index + 1]
                knockout_tie(stage, index, home, away, (2, 0, {}), (1, 1, {}))
                winners.append(home)
            teams = winners
    with django_assert_max_num_queries(small):
        html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('class="bracket-tie"') == 15
    assert 'class="bracket connected"' in html


def tie(first, second, winner=None):
    team = {name: SimpleNamespace(pk=name) for name in (first, second)}
    return SimpleNamespace(first=team[first], second=team[second], winner=winner)


def test_the_bracket_puts_the_ties_feeding_one_side_by_side():
    quarters = [tie("a", "b"), tie("c", "d"), tie("e", "f"), tie("g", "h")]
    semis = [tie("c", "h"), tie("e", "a")]
    final = [tie("e", "h")]
    orders, connected = bracket_order([quarters, semis, final])
    assert connected
    assert orders == [[2, 0, 1, 3], [1, 0], [0]]


@pytest.mark.parametrize(
    "later",
    [
        [tie("a", "z")],  # a team joins in the second round
        [tie("a", "b")],  # both teams from one tie (a replay entered as a new round)
        [tie("a", "c"), tie("b", "d")],  # as many ties as before: not halved
    ],
)
def test_a_bracket_with_gaps_keeps_each_rounds_order_and_draws_no_lines(later):
    earlier = [tie("a", "b"), tie("c", "d")]
    orders, connected = bracket_order([earlier, later])
    assert not connected
    assert orders == [[0, 1], list(range(len(later)))]
