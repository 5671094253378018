"""reports.py: knockout ties and season figures, on plain objects (no database)."""

from datetime import date
from types import SimpleNamespace

from tournaments.reports import knockout_tie, results_pages, round_pages, season_stats

ALFA, BETA = SimpleNamespace(pk=1, name="Alfa"), SimpleNamespace(pk=2, name="Beta")


def leg(number, home, away, home_score, away_score, status="played", when=None, **extra):
    fields = {"home_penalties": None, "away_penalties": None, "walkover": False, "group_id": 1}
    fields.update(extra)
    return SimpleNamespace(
        pk=number * 10 + (when.day if when else 0),
        round=number,
        date=when,
        status=status,
        home_team=home,
        away_team=away,
        home_team_id=home.pk,
        away_team_id=away.pk,
        home_score=home_score,
        away_score=away_score,
        **fields,
    )


def test_the_aggregate_of_two_legs_decides():
    tie = knockout_tie([leg(1, ALFA, BETA, 2, 0), leg(2, BETA, ALFA, 1, 0)])
    assert (tie.first_goals, tie.second_goals, tie.winner, tie.decided_by) == (
        2,
        1,
        ALFA,
        "aggregate",
    )


def test_a_level_aggregate_goes_to_the_shoot_out_of_the_second_leg():
    second = leg(2, BETA, ALFA, 1, 0, home_penalties=3, away_penalties=4)
    tie = knockout_tie([leg(1, ALFA, BETA, 1, 0), second])
    assert (tie.winner, tie.decided_by) == (ALFA, "penalties")


def test_a_deciding_third_match_settles_the_tie_on_its_own():
    legs = [leg(1, ALFA, BETA, 3, 0), leg(2, BETA, ALFA, 1, 0), leg(3, BETA, ALFA, 1, 0)]
    tie = knockout_tie(legs)
    assert (tie.first_goals, tie.second_goals) == (3, 1)
    assert (tie.winner, tie.decided_by) == (BETA, "play_off")


def test_an_annulled_leg_does_not_block_the_aggregate():
    legs = [
        leg(1, ALFA, BETA, None, None, status="annulled"),
        leg(1, ALFA, BETA, 1, 0, when=date(1997, 1, 5)),
        leg(2, BETA, ALFA, 0, 0),
    ]
    tie = knockout_tie(legs)
    assert (tie.winner, tie.decided_by) == (ALFA, "aggregate")


def test_legs_with_and_without_dates_sort_without_error():
    legs = [
        leg(1, ALFA, BETA, 1, 0, when=date(1997, 1, 5)),
        leg(1, ALFA, BETA, None, None, status="annulled"),
    ]
    assert len(knockout_tie(legs).legs) == 2


def test_an_unplayed_leg_leaves_the_tie_open():
    tie = knockout_tie(
        [leg(1, ALFA, BETA, 1, 0), leg(2, BETA, ALFA, None, None, status="scheduled")]
    )
    assert tie.winner is None and tie.first_goals is None


def test_walkovers_are_left_out_of_the_goal_figures():
    matches = [leg(1, ALFA, BETA, 2, 1), leg(2, BETA, ALFA, 3, 0, walkover=True)]
    stats = season_stats(matches)
    assert (stats.matches_played, stats.total_goals) == (1, 3)
    assert stats.biggest_away_win is None and stats.biggest_home_win is matches[0]


def test_results_pages_pack_whole_rounds():
    rounds = [(number, 9) for number in range(1, 35)]  # an 18-team double round robin
    pages = results_pages(rounds, 100)
    assert pages[:2] == [(0, 99), (99, 198)]  # 11 rounds a page: a 12th would not fit
    assert pages[-1][1] == 306 and all(stop - start <= 100 for start, stop in pages)
    assert round_pages(rounds, pages)[11:13] == [(12, 2), (13, 2)]


def test_a_round_bigger_than_a_page_takes_pages_of_its_own():
    pages = results_pages([(1, 4), (2, 250), (3, 30)], 100)
    assert pages == [(0, 4), (4, 104), (104, 204), (204, 284)]
    assert round_pages([(1, 4), (2, 250), (3, 30)], pages) == [(1, 1), (2, 2), (3, 4)]


def test_a_group_without_results_has_no_page():
    assert results_pages([], 100) == []
