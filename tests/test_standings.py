"""Unit tests for the pure-Python standings engine (no database, no settings).

Every expected table below was worked out by hand from the listed results.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from tournaments.standings import (
    DEFAULT_TIEBREAKERS,
    Difference,
    Result,
    Row,
    Rules,
    Tiebreaker,
    Zone,
    compute_table,
    positions_by_round,
    results_cover,
    table_differences,
    team_record,
)

POINTS = Tiebreaker.POINTS
GOAL_DIFFERENCE = Tiebreaker.GOAL_DIFFERENCE
GOALS_FOR = Tiebreaker.GOALS_FOR
HEAD_TO_HEAD = Tiebreaker.HEAD_TO_HEAD
WINS = Tiebreaker.WINS


def order(rows):
    return [row.team for row in rows]


def positions(rows):
    return [(row.team, row.position) for row in rows]


def line(row):
    """(team, played, won, drawn, lost, goals for, goals against, points)."""
    return (
        row.team,
        row.played,
        row.won,
        row.drawn,
        row.lost,
        row.goals_for,
        row.goals_against,
        row.points,
    )


def by_team(rows):
    return {row.team: row for row in rows}


# --- points per win and per draw -------------------------------------------


def test_default_rules_give_three_points_for_a_win_and_one_for_a_draw():
    rows = by_team(
        compute_table(
            ["A", "B", "C"],
            [Result("A", "B", 2, 0), Result("A", "C", 1, 1), Result("B", "C", 0, 0)],
        )
    )
    # A: W + D = 3 + 1; B: L + D = 1; C: D + D = 2.
    assert rows["A"].points == 4
    assert rows["B"].points == 1
    assert rows["C"].points == 2


def test_two_points_for_a_win_as_in_seasons_up_to_1994():
    rules = Rules(points_for_win=2, points_for_draw=1)
    table = compute_table(
        ["A", "B", "C"],
        [Result("A", "B", 2, 0), Result("A", "C", 1, 1), Result("B", "C", 3, 0)],
        rules,
    )
    # A: W(2) + D(1) = 3; B: L + W(2) = 2; C: D(1) + L = 1.
    assert [(row.team, row.points) for row in table] == [("A", 3), ("B", 2), ("C", 1)]


def test_two_point_win_ties_a_win_with_two_draws_that_three_points_would_split():
    results = [
        Result("A", "C", 1, 0),  # A: one win
        Result("B", "C", 0, 0),  # B: two draws
        Result("B", "D", 0, 0),
    ]
    two = by_team(compute_table(["A", "B", "C", "D"], results, Rules(points_for_win=2)))
    three = by_team(compute_table(["A", "B", "C", "D"], results, Rules()))
    assert two["A"].points == two["B"].points == 2
    assert (three["A"].points, three["B"].points) == (3, 2)


def test_draws_can_be_worth_zero_points_but_still_count_as_drawn():
    rules = Rules(points_for_win=3, points_for_draw=0)
    table = compute_table(
        ["A", "B", "C"],
        [Result("A", "B", 1, 1), Result("C", "A", 2, 2), Result("B", "C", 1, 0)],
        rules,
    )
    rows = by_team(table)
    assert line(rows["A"]) == ("A", 2, 0, 2, 0, 3, 3, 0)
    assert line(rows["B"]) == ("B", 2, 1, 1, 0, 2, 1, 3)
    assert line(rows["C"]) == ("C", 2, 0, 1, 1, 2, 3, 0)
    # B leads; A (GD 0) is above C (GD -1) on goal difference.
    assert order(table) == ["B", "A", "C"]


# --- counting ------------------------------------------------------------------


def test_played_won_drawn_lost_and_goals_are_counted_for_home_and_away_sides():
    table = compute_table(
        ["A", "B", "C"],
        [
            Result("A", "B", 3, 1),
            Result("C", "A", 2, 2),
            Result("B", "C", 0, 1),
            Result("B", "A", 2, 0),
        ],
    )
    rows = by_team(table)
    # A: W 3-1, D 2-2 (away), L 0-2 (away) -> 3 played, 1-1-1, 5:5, 4 pts.
    assert line(rows["A"]) == ("A", 3, 1, 1, 1, 5, 5, 4)
    # B: L 1-3, L 0-1, W 2-0 -> 3 played, 1-0-2, 3:4, 3 pts.
    assert line(rows["B"]) == ("B", 3, 1, 0, 2, 3, 4, 3)
    # C: D 2-2, W 1-0 (away) -> 2 played, 1-1-0, 3:2, 4 pts.
    assert line(rows["C"]) == ("C", 2, 1, 1, 0, 3, 2, 4)
    assert rows["A"].goal_difference == 0
    assert rows["B"].goal_difference == -1
    assert rows["C"].goal_difference == 1
    # A and C on 4 points: C ahead on goal difference.
    assert order(table) == ["C", "A", "B"]
    assert [row.position for row in table] == [1, 2, 3]


# --- ordered tiebreakers -------------------------------------------------------


def test_more_points_beat_a_better_goal_difference():
    table = compute_table(
        ["A", "B", "C"],
        [Result("A", "C", 1, 0), Result("B", "C", 6, 0), Result("A", "B", 1, 0)],
    )
    rows = by_team(table)
    # A: two 1-0 wins -> 6 pts, GD +2. B: W 6-0, L 0-1 -> 3 pts, GD +5.
    assert (rows["A"].points, rows["A"].goal_difference) == (6, 2)
    assert (rows["B"].points, rows["B"].goal_difference) == (3, 5)
    assert order(table) == ["A", "B", "C"]


def test_goal_difference_breaks_a_tie_on_points():
    table = compute_table(
        ["A", "B", "C", "D"],
        [Result("A", "C", 1, 0), Result("B", "D", 3, 0)],
    )
    # A and B 3 pts; B GD +3 beats A GD +1. C GD -1 beats D GD -3.
    assert order(table) == ["B", "A", "C", "D"]
    assert [row.position for row in table] == [1, 2, 3, 4]
    assert not any(row.shared for row in table)


def test_goals_for_breaks_a_tie_on_points_and_goal_difference():
    table = compute_table(
        ["A", "B", "C", "D"],
        [Result("A", "C", 2, 0), Result("B", "D", 3, 1)],
    )
    # A and B: 3 pts, GD +2; B scored 3, A scored 2.
    # C (0:2) and D (1:3): 0 pts, GD -2 each; D scored 1, C none.
    assert order(table) == ["B", "A", "D", "C"]
    assert [row.position for row in table] == [1, 2, 3, 4]


def test_default_tiebreakers_are_points_goal_difference_goals_for():
    assert tuple(DEFAULT_TIEBREAKERS) == (POINTS, GOAL_DIFFERENCE, GOALS_FOR)
    assert tuple(Rules().tiebreakers) == (POINTS, GOAL_DIFFERENCE, GOALS_FOR)


def test_wins_as_a_tiebreaker_puts_the_team_with_more_wins_first():
    results = [
        Result("A", "C", 1, 0),  # A: W 1-0
        Result("D", "A", 3, 0),  # A: L 0-3  -> 3 pts, 1 win, GD -2
        Result("B", "C", 0, 0),  # B: three draws -> 3 pts, 0 wins, GD 0
        Result("B", "D", 0, 0),
        Result("C", "B", 2, 2),
    ]
    teams = ["A", "B", "C", "D"]
    # D: W 3-0, D 0-0 = 4 pts. C: L 0-1, D 0-0, D 2-2 = 2 pts.
    default = compute_table(teams, results)
    assert order(default) == ["D", "B", "A", "C"]

    with_wins = compute_table(teams, results, Rules(tiebreakers=[POINTS, WINS, GOAL_DIFFERENCE]))
    assert order(with_wins) == ["D", "A", "B", "C"]
    rows = by_team(with_wins)
    assert (rows["A"].won, rows["B"].won) == (1, 0)
    assert rows["A"].points == rows["B"].points == 3


def test_the_order_of_the_tiebreaker_list_matters():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "C", 5, 4), Result("B", "D", 3, 0)]
    # A: 3 pts, GD +1, GF 5. B: 3 pts, GD +3, GF 3.
    gd_first = compute_table(
        teams, results, Rules(tiebreakers=[POINTS, GOAL_DIFFERENCE, GOALS_FOR])
    )
    gf_first = compute_table(
        teams, results, Rules(tiebreakers=[POINTS, GOALS_FOR, GOAL_DIFFERENCE])
    )
    assert order(gd_first) == ["B", "A", "C", "D"]
    assert order(gf_first) == ["A", "B", "C", "D"]


def test_the_first_tiebreaker_need_not_be_points():
    teams = ["A", "B", "C"]
    results = [Result("A", "B", 1, 0), Result("A", "C", 1, 0), Result("B", "C", 5, 0)]
    # A: 6 pts, GD +2. B: 3 pts, GD +4. C: 0 pts, GD -6.
    assert order(compute_table(teams, results)) == ["A", "B", "C"]
    table = compute_table(teams, results, Rules(tiebreakers=[GOAL_DIFFERENCE, POINTS]))
    assert order(table) == ["B", "A", "C"]


def test_teams_level_on_every_tiebreaker_share_a_position():
    table = compute_table(
        ["A", "B", "C", "D"],
        [Result("A", "C", 2, 0), Result("B", "D", 2, 0)],
    )
    assert positions(table) == [("A", 1), ("B", 1), ("C", 3), ("D", 3)]
    assert [row.shared for row in table] == [True, True, True, True]


# --- head to head --------------------------------------------------------------


def test_head_to_head_breaks_a_two_way_tie():
    teams = ["A", "B", "C", "D"]
    results = [
        Result("A", "B", 1, 0),
        Result("C", "A", 1, 0),
        Result("D", "A", 1, 0),
        Result("B", "C", 5, 0),
        Result("D", "B", 1, 0),
        Result("D", "C", 1, 1),
    ]
    # A: W 1-0 B, L 0-1 C, L 0-1 D -> 3 pts, 1:2 (GD -1)
    # B: L 0-1 A, W 5-0 C, L 0-1 D -> 3 pts, 5:2 (GD +3)
    # C: W 1-0 A, L 0-5 B, D 1-1 D -> 4 pts
    # D: W, W, D -> 7 pts
    default = compute_table(teams, results)
    assert order(default) == ["D", "C", "B", "A"]

    h2h = compute_table(
        teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD, GOAL_DIFFERENCE, GOALS_FOR])
    )
    assert order(h2h) == ["D", "C", "A", "B"]
    assert [row.position for row in h2h] == [1, 2, 3, 4]
    assert not any(row.shared for row in h2h)


def test_head_to_head_uses_goal_difference_in_the_matches_between_the_tied_teams():
    teams = ["C", "B", "A"]
    results = [
        Result("A", "B", 3, 0),
        Result("B", "A", 1, 0),
        Result("C", "A", 6, 0),
        Result("C", "B", 1, 0),
    ]
    # A: W 3-0, L 0-1, L 0-6 -> 3 pts, 3:7 (GD -4)
    # B: L 0-3, W 1-0, L 0-1 -> 3 pts, 1:4 (GD -3)
    # Between them: 3 pts each, A 3:1 (+2), B 1:3 (-2).
    default = compute_table(teams, results)
    assert order(default) == ["C", "B", "A"]

    h2h = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD, GOAL_DIFFERENCE]))
    assert order(h2h) == ["C", "A", "B"]
    assert [row.position for row in h2h] == [1, 2, 3]


def test_head_to_head_goal_difference_comes_before_goals_scored_in_those_matches():
    # X, Y, Z all beat W and finish level on 6 points. Among the three:
    # X 2-0 Y, Z 1-0 X, Y 5-4 Z.
    #   mini table: X 3 pts 2:1 (+1), Z 3 pts 5:5 (0), Y 3 pts 5:6 (-1)
    # Ranking the mini table on goals scored would put Y and Z above X.
    teams = ["Y", "Z", "X", "W"]
    results = [
        Result("X", "Y", 2, 0),
        Result("Z", "X", 1, 0),
        Result("Y", "Z", 5, 4),
        Result("X", "W", 1, 0),
        Result("Y", "W", 9, 0),
        Result("Z", "W", 3, 0),
    ]
    # Overall: Y GD +8, Z GD +3, X GD +2.
    assert order(compute_table(teams, results)) == ["Y", "Z", "X", "W"]

    h2h = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD]))
    assert positions(h2h) == [("X", 1), ("Z", 2), ("Y", 3), ("W", 4)]


def test_head_to_head_is_reapplied_to_the_teams_still_tied_after_a_first_split():
    # X, Y, Z all beat W and finish level on 6 points.
    # Among the three: X 2-1 Y, Z 1-0 X, Y 1-0 Z.
    #   mini table: X 3 pts 2:2, Y 3 pts 2:2, Z 3 pts 1:1
    # First pass: X and Y (2 goals) above Z (1 goal); X and Y still level.
    # Second pass, only X-Y: X won 2-1, so X is first.
    # Overall goal difference would say Y (+5), Z (+3), X (+1).
    teams = ["Y", "W", "Z", "X"]
    results = [
        Result("X", "Y", 2, 1),
        Result("Z", "X", 1, 0),
        Result("Y", "Z", 1, 0),
        Result("X", "W", 1, 0),
        Result("Y", "W", 5, 0),
        Result("Z", "W", 3, 0),
    ]
    default = compute_table(teams, results)
    assert order(default) == ["Y", "Z", "X", "W"]

    h2h = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD]))
    assert order(h2h) == ["X", "Y", "Z", "W"]
    assert positions(h2h) == [("X", 1), ("Y", 2), ("Z", 3), ("W", 4)]
    assert not any(row.shared for row in h2h)
    rows = by_team(h2h)
    assert rows["X"].points == rows["Y"].points == rows["Z"].points == 6


def test_head_to_head_only_looks_at_matches_among_the_tied_teams():
    # Only A and B are level on points. A beat B, but A lost 0-3 to C while B
    # beat C: a mini table that took in C's matches (or the overall goal
    # difference) would put B first.
    teams = ["B", "A", "C", "D"]
    results = [
        Result("A", "B", 1, 0),
        Result("C", "A", 3, 0),
        Result("B", "C", 1, 0),
        Result("C", "D", 1, 0),
    ]
    # A: W 1-0, L 0-3 -> 3 pts, GD -2. B: L 0-1, W 1-0 -> 3 pts, GD 0.
    # C: L 0-1, W 3-0, W 1-0 -> 6 pts. D: 0 pts.
    default = compute_table(teams, results)
    assert order(default) == ["C", "B", "A", "D"]

    h2h = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD, GOAL_DIFFERENCE]))
    assert positions(h2h) == [("C", 1), ("A", 2), ("B", 3), ("D", 4)]


def test_head_to_head_followed_by_goal_difference_when_still_level():
    teams = ["B", "A", "C"]
    results = [Result("A", "B", 1, 1), Result("A", "C", 2, 0), Result("B", "C", 1, 0)]
    # A and B 4 pts, drew 1-1 with each other; A GD +2, B GD +1.
    then_gd = compute_table(
        teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD, GOAL_DIFFERENCE])
    )
    assert positions(then_gd) == [("A", 1), ("B", 2), ("C", 3)]

    # Without a further criterion they stay level, in input order.
    h2h_only = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD]))
    assert positions(h2h_only) == [("B", 1), ("A", 1), ("C", 3)]
    assert [row.shared for row in h2h_only] == [True, True, False]


def test_head_to_head_between_teams_that_never_met_falls_through_to_next_criterion():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "C", 1, 0), Result("B", "D", 4, 0)]
    table = compute_table(
        teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD, GOAL_DIFFERENCE])
    )
    assert order(table) == ["B", "A", "C", "D"]


# --- the 1996 Copa Peru final group ------------------------------------------

COPA_PERU_1996_TEAMS = ["GAL", "UTC", "BOL", "GGC", "CNI", "LEO"]
COPA_PERU_1996_RESULTS = [
    # Round 1
    Result("LEO", "BOL", 1, 0),
    Result("GAL", "UTC", 1, 0),
    Result("CNI", "GGC", 3, 1),
    # Round 2
    Result("GAL", "BOL", 1, 1),
    Result("GGC", "LEO", 3, 0),
    Result("UTC", "CNI", 3, 2),
    # Round 3
    Result("UTC", "LEO", 2, 1),
    Result("BOL", "GGC", 3, 0),
    Result("GAL", "CNI", 3, 1),
    # Round 4
    Result("GGC", "UTC", 4, 2),
    Result("BOL", "CNI", 3, 0),
    Result("GAL", "LEO", 5, 0),
    # Round 5
    Result("CNI", "LEO", 2, 1),
    Result("UTC", "BOL", 4, 1),
    Result("GAL", "GGC", 5, 2),
]


def test_copa_peru_1996_final_group_with_points_goal_difference_goals_for():
    table = compute_table(
        COPA_PERU_1996_TEAMS,
        COPA_PERU_1996_RESULTS,
        Rules(tiebreakers=[POINTS, GOAL_DIFFERENCE, GOALS_FOR]),
    )
    assert [line(row) for row in table] == [
        ("GAL", 5, 4, 1, 0, 15, 4, 13),
        ("UTC", 5, 3, 0, 2, 11, 9, 9),
        ("BOL", 5, 2, 1, 2, 8, 6, 7),
        ("GGC", 5, 2, 0, 3, 10, 13, 6),
        ("CNI", 5, 2, 0, 3, 8, 11, 6),
        ("LEO", 5, 1, 0, 4, 3, 12, 3),
    ]
    assert [row.position for row in table] == [1, 2, 3, 4, 5, 6]
    assert not any(row.shared for row in table)
    # GGC and CNI: same points and goal difference (-3); GGC scored more.
    rows = by_team(table)
    assert rows["GGC"].goal_difference == rows["CNI"].goal_difference == -3


def test_copa_peru_1996_head_to_head_before_goal_difference_puts_cni_above_ggc():
    table = compute_table(
        COPA_PERU_1996_TEAMS,
        COPA_PERU_1996_RESULTS,
        Rules(tiebreakers=[POINTS, HEAD_TO_HEAD, GOAL_DIFFERENCE, GOALS_FOR]),
    )
    # CNI beat GGC 3-1 in round 1.
    assert positions(table) == [
        ("GAL", 1),
        ("UTC", 2),
        ("BOL", 3),
        ("CNI", 4),
        ("GGC", 5),
        ("LEO", 6),
    ]
    assert line(by_team(table)["CNI"]) == ("CNI", 5, 2, 0, 3, 8, 11, 6)


# --- point adjustments -------------------------------------------------------


def test_positive_adjustment_adds_points_changes_order_and_is_recorded():
    teams = ["A", "B", "C"]
    results = [Result("A", "B", 1, 0), Result("B", "C", 1, 0)]
    # Without adjustment: A 3 (GD +1), B 3 (GD 0), C 0.
    assert order(compute_table(teams, results)) == ["A", "B", "C"]

    table = compute_table(teams, results, adjustments={"C": 4})
    assert order(table) == ["C", "A", "B"]
    rows = by_team(table)
    assert (rows["C"].points, rows["C"].adjustment) == (4, 4)
    assert (rows["A"].points, rows["A"].adjustment) == (3, 0)
    # The adjustment touches points only, not the match record.
    assert line(rows["C"]) == ("C", 1, 0, 0, 1, 0, 1, 4)


def test_negative_adjustment_deducts_points_and_can_make_a_total_negative():
    teams = ["A", "B", "C"]
    results = [Result("A", "B", 1, 0), Result("B", "C", 1, 0)]
    table = compute_table(teams, results, adjustments={"A": -4, "C": -2})
    rows = by_team(table)
    assert (rows["A"].points, rows["A"].adjustment) == (-1, -4)
    assert (rows["C"].points, rows["C"].adjustment) == (-2, -2)
    assert (rows["B"].points, rows["B"].adjustment) == (3, 0)
    assert order(table) == ["B", "A", "C"]


def test_adjustment_for_a_team_outside_the_group_is_ignored():
    table = compute_table(["A", "B"], [Result("A", "B", 0, 1)], adjustments={"Z": 10})
    assert [(row.team, row.points, row.adjustment) for row in table] == [
        ("B", 3, 0),
        ("A", 0, 0),
    ]


def test_adjustments_do_not_count_in_the_head_to_head_mini_table():
    teams = ["B", "A", "C"]
    results = [Result("A", "B", 1, 0), Result("A", "C", 1, 0), Result("B", "C", 0, 0)]
    # A 6 pts, B 1 pt, C 1 pt; B gets +5 -> A and B level on 6.
    # Between them A won 1-0 (mini: A 3, B 0). Counting B's +5 in the mini
    # table would put B first.
    table = compute_table(
        teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD]), adjustments={"B": 5}
    )
    assert positions(table) == [("A", 1), ("B", 2), ("C", 3)]
    rows = by_team(table)
    assert rows["A"].points == rows["B"].points == 6
    assert rows["B"].adjustment == 5


# --- which matches count ---------------------------------------------------------


def test_matches_that_do_not_count_are_left_out():
    teams = ["A", "B"]
    table = compute_table(
        teams,
        [Result("A", "B", 1, 1), Result("B", "A", 3, 0, counts=False)],
    )
    rows = by_team(table)
    assert line(rows["A"]) == ("A", 1, 0, 1, 0, 1, 1, 1)
    assert line(rows["B"]) == ("B", 1, 0, 1, 0, 1, 1, 1)
    assert positions(table) == [("A", 1), ("B", 1)]


def test_a_play_off_that_does_not_count_is_left_out_of_head_to_head_too():
    teams = ["B", "A", "C"]
    results = [
        Result("A", "C", 1, 0),
        Result("B", "C", 1, 0),
        Result("A", "B", 0, 0),
        Result("B", "A", 2, 0, counts=False),  # play-off
    ]
    table = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD]))
    # A and B 4 pts each, drew 0-0: still level without the play-off.
    assert positions(table) == [("B", 1), ("A", 1), ("C", 3)]


def test_unplayed_matches_are_left_out():
    table = compute_table(
        ["A", "B", "C"],
        [
            Result("A", "B", 2, 0),
            Result("B", "C", None, None),
            Result("C", "A", 1, None),
            Result("A", "C", None, 4),
        ],
    )
    rows = by_team(table)
    assert line(rows["A"]) == ("A", 1, 1, 0, 0, 2, 0, 3)
    assert line(rows["B"]) == ("B", 1, 0, 0, 1, 0, 2, 0)
    assert line(rows["C"]) == ("C", 0, 0, 0, 0, 0, 0, 0)
    assert order(table) == ["A", "C", "B"]


def test_a_walkover_counts_with_its_awarded_score():
    # B did not turn up; A is awarded a 3-0 win.
    table = compute_table(["B", "A"], [Result("A", "B", 3, 0)])
    rows = by_team(table)
    assert line(rows["A"]) == ("A", 1, 1, 0, 0, 3, 0, 3)
    assert line(rows["B"]) == ("B", 1, 0, 0, 1, 0, 3, 0)
    assert order(table) == ["A", "B"]


# --- shared positions, teams without matches ------------------------------------


def test_identical_records_share_a_position_and_the_next_one_is_skipped():
    teams = ["D", "C", "A", "B"]
    results = [
        Result("A", "B", 2, 0),
        Result("A", "C", 2, 0),
        Result("A", "D", 1, 0),
        Result("B", "C", 1, 1),
        Result("B", "D", 1, 0),
        Result("C", "D", 1, 0),
    ]
    # A 9; B and C: L 0-2, D 1-1, W 1-0 -> 4 pts, 2:3 each; D 0.
    table = compute_table(teams, results)
    # C is listed before B in `teams`, so C comes first inside position 2.
    assert positions(table) == [("A", 1), ("C", 2), ("B", 2), ("D", 4)]
    assert [row.shared for row in table] == [False, True, True, False]
    rows = by_team(table)
    assert line(rows["B"])[1:] == line(rows["C"])[1:] == (3, 1, 1, 1, 2, 3, 4)


def test_input_order_is_kept_within_a_shared_position():
    results = [Result("A", "C", 2, 0), Result("B", "D", 2, 0)]
    one = compute_table(["A", "B", "C", "D"], results)
    other = compute_table(["D", "B", "C", "A"], results)
    assert order(one) == ["A", "B", "C", "D"]
    assert order(other) == ["B", "A", "D", "C"]
    assert [row.position for row in other] == [1, 1, 3, 3]


def test_teams_with_no_match_are_all_listed_with_zeros():
    table = compute_table(["X", "Y", "Z"], [])
    assert order(table) == ["X", "Y", "Z"]
    for row in table:
        assert line(row)[1:] == (0, 0, 0, 0, 0, 0, 0)
        assert row.goal_difference == 0
        assert row.adjustment == 0
        assert row.position == 1
        assert row.shared is True


def test_a_team_without_matches_is_listed_among_teams_that_played():
    table = compute_table(["A", "IDLE", "B"], [Result("A", "B", 0, 1)])
    # B 3 pts; IDLE 0 pts GD 0 above A 0 pts GD -1.
    assert positions(table) == [("B", 1), ("IDLE", 2), ("A", 3)]
    assert line(by_team(table)["IDLE"]) == ("IDLE", 0, 0, 0, 0, 0, 0, 0)


# --- manual order ----------------------------------------------------------------


def test_manual_order_wins_over_the_computed_one():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "B", 1, 0), Result("A", "C", 1, 0), Result("B", "C", 1, 0)]
    # Computed: A 6, B 3, C 0 (GD -2), D 0 (GD 0) -> A, B, D, C.
    assert order(compute_table(teams, results)) == ["A", "B", "D", "C"]

    table = compute_table(teams, results, manual_order={"A": 4, "B": 3, "C": 1, "D": 2})
    assert positions(table) == [("C", 1), ("D", 2), ("B", 3), ("A", 4)]
    # The figures stay those of the matches.
    assert by_team(table)["A"].points == 6


def test_teams_without_a_manual_position_follow_in_computed_order():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "B", 1, 0), Result("A", "C", 1, 0), Result("B", "C", 1, 0)]
    table = compute_table(teams, results, manual_order={"C": 1})
    assert positions(table) == [("C", 1), ("A", 2), ("B", 3), ("D", 4)]


def test_manual_order_gives_positions_one_to_n_without_sharing():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "C", 2, 0), Result("B", "D", 2, 0)]
    # Computed: A and B share 1, C and D share 3.
    assert [row.position for row in compute_table(teams, results)] == [1, 1, 3, 3]

    table = compute_table(teams, results, manual_order={"D": 1})
    assert positions(table) == [("D", 1), ("A", 2), ("B", 3), ("C", 4)]
    assert not any(row.shared for row in table)


def test_manual_order_for_a_team_outside_the_group_is_ignored():
    teams = ["A", "B"]
    results = [Result("A", "B", 1, 1)]
    table = compute_table(teams, results, manual_order={"Z": 1})
    # Nothing applies: the computed shared position remains.
    assert positions(table) == [("A", 1), ("B", 1)]
    assert all(row.shared for row in table)


# --- zones -----------------------------------------------------------------------


def test_zones_give_the_status_by_position():
    teams = ["A", "B", "C", "D", "E"]
    results = [
        Result("A", "B", 1, 0),
        Result("A", "C", 1, 0),
        Result("A", "D", 1, 0),
        Result("A", "E", 1, 0),
        Result("B", "C", 1, 0),
        Result("B", "D", 1, 0),
        Result("B", "E", 1, 0),
        Result("C", "D", 1, 0),
        Result("C", "E", 1, 0),
        Result("D", "E", 1, 0),
    ]
    zones = [Zone(1, 1, "C"), Zone(2, 3, "P"), Zone(5, 5, "R")]
    table = compute_table(teams, results, zones=zones)
    assert [(row.team, row.position, row.status) for row in table] == [
        ("A", 1, "C"),
        ("B", 2, "P"),
        ("C", 3, "P"),
        ("D", 4, ""),
        ("E", 5, "R"),
    ]


def test_teams_sharing_a_position_get_the_status_of_that_position():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "C", 2, 0), Result("B", "D", 2, 0)]
    # A and B share 1; C and D share 3.
    table = compute_table(teams, results, zones=[Zone(1, 1, "P"), Zone(2, 2, "X"), Zone(4, 4, "R")])
    assert [(row.team, row.status) for row in table] == [
        ("A", "P"),
        ("B", "P"),
        ("C", ""),
        ("D", ""),
    ]


def test_zones_follow_the_manual_positions():
    teams = ["A", "B", "C"]
    results = [Result("A", "B", 1, 0), Result("B", "C", 1, 0)]
    table = compute_table(teams, results, manual_order={"C": 1}, zones=[Zone(1, 1, "P")])
    assert [(row.team, row.status) for row in table] == [("C", "P"), ("A", ""), ("B", "")]


def test_no_zones_leave_the_status_empty():
    table = compute_table(["A", "B"], [Result("A", "B", 1, 0)])
    assert [row.status for row in table] == ["", ""]


# --- team list hygiene -----------------------------------------------------------


def test_results_involving_a_team_not_in_the_group_are_ignored():
    table = compute_table(
        ["A", "B"],
        [Result("A", "B", 1, 1), Result("A", "OUT", 0, 5), Result("OUT", "B", 0, 3)],
    )
    assert order(table) == ["A", "B"]
    rows = by_team(table)
    assert line(rows["A"]) == ("A", 1, 0, 1, 0, 1, 1, 1)
    assert line(rows["B"]) == ("B", 1, 0, 1, 0, 1, 1, 1)
    assert "OUT" not in rows


def test_results_with_an_outside_team_are_ignored_in_head_to_head_too():
    teams = ["B", "A", "C"]
    results = [
        Result("A", "C", 1, 0),
        Result("B", "C", 1, 0),
        Result("A", "B", 1, 1),
        Result("OUT", "A", 9, 0),
    ]
    table = compute_table(teams, results, Rules(tiebreakers=[POINTS, HEAD_TO_HEAD]))
    assert positions(table) == [("B", 1), ("A", 1), ("C", 3)]


def test_duplicate_team_keys_are_collapsed():
    table = compute_table(["A", "B", "A", "B", "C"], [Result("B", "A", 1, 0)])
    # B 3 pts; C (0 pts, GD 0) above A (0 pts, GD -1).
    assert order(table) == ["B", "C", "A"]
    rows = by_team(table)
    assert len(table) == 3
    # The result is counted once, not once per duplicate.
    assert line(rows["B"]) == ("B", 1, 1, 0, 0, 1, 0, 3)
    assert line(rows["A"]) == ("A", 1, 0, 0, 1, 0, 1, 0)


def test_teams_can_be_any_hashable_key_such_as_ids():
    table = compute_table([10, 20, 30], [Result(30, 10, 2, 1), Result(20, 30, 0, 0)])
    # 30: W + D = 4; 20: D = 1; 10: L = 0.
    assert [(row.team, row.points) for row in table] == [(30, 4), (20, 1), (10, 0)]


def test_a_manual_position_is_a_place_not_a_rank():
    # Computed: A 3 pts; C and D 0 pts, 0:0, sharing 2nd; B 0 pts, 0:3, 4th.
    # The editor separates C and D by hand without moving A or B.
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "B", 3, 0)]
    table = compute_table(teams, results, manual_order={"D": 2, "C": 3})
    assert [(r.team, r.position) for r in table] == [("A", 1), ("D", 2), ("C", 3), ("B", 4)]


def test_one_manual_position_leaves_the_others_in_computed_order_around_it():
    teams = ["A", "B", "C", "D"]
    results = [Result("A", "B", 1, 0), Result("B", "C", 1, 0), Result("C", "D", 1, 0)]
    # computed: A 3 pts, B 3, C 3, D 0 -> by goal difference A +1, B 0, C 0 (GF 1 each), D -1
    table = compute_table(teams, results, manual_order={"B": 3})
    assert [r.team for r in table] == ["A", "C", "B", "D"]
    assert [r.position for r in table] == [1, 2, 3, 4]


# Published tables and team records


def published_row(team, played, points, **fields):
    return Row(team, position=fields.pop("position", 1), played=played, points=points, **fields)


def test_results_cover_a_published_table_when_they_count_every_match():
    published = [
        published_row("A", 2, 4, won=1, drawn=1),
        published_row("B", 2, 1, drawn=1, lost=1),
    ]
    one = [Result("A", "B", 1, 1)]
    assert not results_cover(published, one)
    assert results_cover(published, [*one, Result("B", "A", 0, 2)])


def test_results_outside_the_table_or_the_count_do_not_cover_it():
    published = [published_row("A", 1, 3, won=1), published_row("B", 1, 0, lost=1)]
    assert not results_cover(published, [Result("A", "B", 1, 0, counts=False)])
    assert not results_cover(published, [Result("A", "Z", 1, 0)])
    assert not results_cover([], [])


def test_table_differences_name_each_cell_and_missing_teams():
    published = [published_row("A", 2, 5, won=1, drawn=1), published_row("C", 0, 0, position=2)]
    computed = [published_row("A", 2, 4, won=1, drawn=1), published_row("B", 0, 0, position=2)]
    assert table_differences(published, computed) == [
        Difference("A", "points", 5, 4),
        Difference("C", "team", "listed", "not in the group"),
        Difference("B", "team", "not listed", "in the group"),
    ]


def test_identical_tables_have_no_differences():
    rows = [published_row("A", 1, 3, won=1), published_row("B", 1, 0, lost=1, position=2)]
    assert table_differences(rows, rows) == []


def test_a_team_record_counts_its_own_played_matches_only():
    results = [Result("A", "B", 2, 1), Result("C", "A", 1, 1), Result("B", "C", 3, 0),
               Result("A", "C", None, None)]  # fmt: skip
    row = team_record("A", results, Rules(points_for_win=2))
    assert (row.played, row.won, row.drawn, row.lost, row.goals_for, row.goals_against) == (
        2, 1, 1, 0, 3, 2
    )  # fmt: skip
    assert row.points == 3


# Positions round by round ------------------------------------------------------


def test_positions_by_round_give_the_table_after_each_round():
    results = [
        Result("A", "B", 1, 0, round=1),
        Result("C", "D", 2, 2, round=1),
        Result("A", "C", 0, 3, round=2),
        Result("B", "D", 1, 1, round=2),
        Result("D", "A", 0, 0, round=3, counts=False),  # a play-off: not in the table
        Result("B", "C", None, None, round=3),  # not played yet
    ]
    tables = positions_by_round(["A", "B", "C", "D"], results, Rules(), {"D": -1})
    assert list(tables) == [1, 2]
    # Round 1: A 3 pts; C 1 (GD 0, 2 scored); D 1 - 1 = 0 (GD 0); B 0 (GD -1).
    assert [(r.team, r.position, r.points) for r in tables[1]] == [
        ("A", 1, 3),
        ("C", 2, 1),
        ("D", 3, 0),
        ("B", 4, 0),
    ]
    # Round 2: C 4; A 3; D 2 - 1 = 1 (GD 0) ahead of B 1 (GD -1).
    assert [(r.team, r.position, r.points) for r in tables[2]] == [
        ("C", 1, 4),
        ("A", 2, 3),
        ("D", 3, 1),
        ("B", 4, 1),
    ]


TEAMS = "ABCDE"
results_strategy = st.lists(
    st.builds(
        Result,
        home=st.sampled_from(TEAMS),
        away=st.sampled_from(TEAMS),
        home_goals=st.one_of(st.none(), st.integers(0, 3)),
        away_goals=st.integers(0, 3),
        counts=st.booleans(),
        round=st.one_of(st.none(), st.integers(1, 5)),
    ),
    max_size=25,
)
rules_strategy = st.builds(
    Rules,
    points_for_win=st.sampled_from([2, 3]),
    tiebreakers=st.lists(st.sampled_from(list(Tiebreaker)), min_size=1, max_size=4, unique=True),
)


@settings(max_examples=300, deadline=None, database=None)
@given(
    results=results_strategy,
    rules=rules_strategy,
    adjustments=st.dictionaries(st.sampled_from(TEAMS), st.integers(-3, 3), max_size=2),
)
def test_positions_by_round_equal_the_table_of_the_results_up_to_each_round(
    results, rules, adjustments
):
    """The positions carry the records from round to round; the table of each round
    must still be the one compute_table gives of the results up to it."""
    tables = positions_by_round(TEAMS, results, rules, adjustments)
    rounds = sorted({r.round for r in results if r.counts and r.is_played and r.round})
    assert list(tables) == rounds
    for number in rounds:
        up_to = [r for r in results if r.round is not None and r.round <= number]
        assert tables[number] == compute_table(TEAMS, up_to, rules, adjustments)
