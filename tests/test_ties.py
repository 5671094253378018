"""tie_result: how a knockout tie is decided, rule by rule, without a database."""

import pytest

from tournaments.standings import (
    Leg,
    TieDecision,
    TieRule,
    TieRules,
    play_off_allowed,
    shootout_allowed,
    tie_result,
)

A, B = "Alfa", "Beta"
SINGLE = TieRules(legs=1)
AGGREGATE = TieRules(legs=2, rule=TieRule.AGGREGATE)
AWAY_GOALS = TieRules(legs=2, rule=TieRule.AWAY_GOALS)
POINTS = TieRules(legs=2, rule=TieRule.POINTS)
POINTS_GD = TieRules(legs=2, rule=TieRule.POINTS_GOAL_DIFFERENCE)


def leg(home, away, score=None, penalties=None, walkover=False):
    goals = score or (None, None)
    shootout = penalties or (None, None)
    return Leg(home, away, goals[0], goals[1], shootout[0], shootout[1], walkover)


def outcome(result):
    return result.winner, result.decided_by


def test_no_legs_no_result():
    result = tie_result([], AGGREGATE)
    assert (result.first, result.winner, result.level) == (None, None, False)


def test_a_single_match_is_won_in_the_match():
    result = tie_result([leg(A, B, (2, 1))], SINGLE)
    assert outcome(result) == (A, TieDecision.MATCH)
    assert (result.loser, result.first_goals, result.second_goals) == (B, 2, 1)


def test_a_level_single_match_goes_to_penalties():
    assert outcome(tie_result([leg(A, B, (1, 1), (3, 4))], SINGLE)) == (B, TieDecision.PENALTIES)


def test_a_level_single_match_without_shootout_is_open():
    result = tie_result([leg(A, B, (1, 1))], SINGLE)
    assert result.winner is None and result.level


def test_the_aggregate_decides_two_legs():
    result = tie_result([leg(A, B, (2, 0)), leg(B, A, (1, 0))], AGGREGATE)
    assert outcome(result) == (A, TieDecision.AGGREGATE)
    assert (result.first_goals, result.second_goals) == (2, 1)


def test_an_unplayed_second_leg_leaves_the_tie_open():
    result = tie_result([leg(A, B, (2, 0)), leg(B, A)], AGGREGATE)
    assert result.winner is None and result.first_goals is None and not result.level


def test_a_missing_second_leg_leaves_the_tie_open():
    assert tie_result([leg(A, B, (2, 0))], AGGREGATE).winner is None


def test_a_level_aggregate_goes_to_the_shoot_out_of_the_last_leg():
    legs = [leg(A, B, (1, 0)), leg(B, A, (1, 0), (3, 4))]
    assert outcome(tie_result(legs, AGGREGATE)) == (A, TieDecision.PENALTIES)


def test_a_shoot_out_after_a_decided_aggregate_is_ignored():
    legs = [leg(A, B, (2, 0)), leg(B, A, (1, 0), (5, 4))]
    assert outcome(tie_result(legs, AGGREGATE)) == (A, TieDecision.AGGREGATE)


def test_away_goals_break_a_level_aggregate():
    legs = [leg(A, B, (2, 1)), leg(B, A, (1, 0))]  # 2–2; Beta scored one away, Alfa none
    assert outcome(tie_result(legs, AWAY_GOALS)) == (B, TieDecision.AWAY_GOALS)
    assert outcome(tie_result(legs, AGGREGATE)) == (None, None)


def test_level_away_goals_go_to_penalties():
    legs = [leg(A, B, (1, 1)), leg(B, A, (1, 1), (2, 4))]
    assert outcome(tie_result(legs, AWAY_GOALS)) == (A, TieDecision.PENALTIES)


def test_points_decide_before_goals():
    legs = [leg(A, B, (1, 0)), leg(B, A, (0, 0))]  # Alfa won once, drew once
    assert outcome(tie_result(legs, POINTS)) == (A, TieDecision.POINTS)


def test_points_ignore_the_aggregate_when_level():
    legs = [leg(A, B, (1, 0)), leg(B, A, (2, 0))]  # a win each: level on points
    result = tie_result(legs, POINTS)
    assert result.winner is None and result.level


def test_goal_difference_breaks_level_points_where_the_rule_says_so():
    legs = [leg(A, B, (1, 0)), leg(B, A, (2, 0))]
    assert outcome(tie_result(legs, POINTS_GD)) == (B, TieDecision.GOAL_DIFFERENCE)


def test_a_play_off_decides_level_points():
    legs = [leg(A, B, (1, 0)), leg(B, A, (2, 0)), leg(A, B, (0, 1))]
    assert outcome(tie_result(legs, POINTS)) == (B, TieDecision.PLAY_OFF)


def test_a_play_off_decided_on_penalties():
    legs = [leg(A, B, (1, 0)), leg(B, A, (0, 2)), leg(A, B, (1, 1), (5, 4))]
    result = tie_result(legs, POINTS)
    assert outcome(result) == (A, TieDecision.PLAY_OFF) and result.shootout


def test_a_played_play_off_settles_the_tie_on_its_own():
    legs = [leg(A, B, (3, 0)), leg(B, A, (1, 0)), leg(B, A, (1, 0))]
    assert outcome(tie_result(legs, AGGREGATE)) == (B, TieDecision.PLAY_OFF)


def test_an_unplayed_play_off_leaves_level_legs_open():
    legs = [leg(A, B, (1, 0)), leg(B, A, (1, 0)), leg(A, B)]
    result = tie_result(legs, POINTS)
    assert result.winner is None and result.level


def test_under_the_points_rule_a_shoot_out_in_the_legs_does_not_decide():
    legs = [leg(A, B, (1, 0)), leg(B, A, (1, 0), (4, 3))]
    assert tie_result(legs, POINTS).winner is None


def test_a_walkover_is_said_to_be_one():
    legs = [leg(A, B, (3, 0), walkover=True), leg(B, A, (1, 0))]
    assert outcome(tie_result(legs, AGGREGATE)) == (A, TieDecision.WALKOVER)


def test_first_is_the_home_team_of_the_first_leg_whoever_wins():
    result = tie_result([leg(B, A, (0, 1)), leg(A, B, (0, 0))], AGGREGATE)
    assert (result.first, result.second, result.winner, result.loser) == (B, A, A, B)
    assert (result.first_goals, result.second_goals) == (0, 1)


@pytest.mark.parametrize(
    "legs, rules, index, allowed",
    [
        ([leg(A, B, (1, 1), (4, 3))], SINGLE, 0, True),
        ([leg(A, B, (2, 1), (4, 3))], SINGLE, 0, False),
        ([leg(A, B, (1, 0)), leg(B, A, (1, 0), (3, 4))], AGGREGATE, 1, True),
        ([leg(A, B, (1, 0)), leg(B, A, (1, 1), (3, 4))], AGGREGATE, 1, False),
        ([leg(A, B, (1, 1), (3, 4)), leg(B, A, (1, 1))], AGGREGATE, 0, False),
        ([leg(A, B, (2, 1)), leg(B, A, (1, 0), (3, 4))], AWAY_GOALS, 1, False),
        ([leg(A, B, (1, 1)), leg(B, A, (1, 1), (3, 4))], AWAY_GOALS, 1, True),
        ([leg(A, B, (1, 0)), leg(B, A, (1, 0), (3, 4))], POINTS, 1, False),
        # The case the issue reported: legs of 1–0 and 0–2, a decider won on penalties.
        ([leg(A, B, (1, 0)), leg(A, B, (0, 2)), leg(A, B, (1, 1), (4, 3))], POINTS, 2, True),
        ([leg(A, B, (1, 0)), leg(A, B, (0, 2)), leg(A, B, (2, 1), (4, 3))], POINTS, 2, False),
        ([leg(A, B, (3, 0), walkover=True)], SINGLE, 0, False),
    ],
    ids=[
        "single_level",
        "single_decided",
        "aggregate_level_last_leg",
        "aggregate_decided",
        "not_the_last_leg",
        "away_goals_decide",
        "away_goals_level",
        "points_rule_needs_a_play_off",
        "level_play_off_after_1_0_and_0_2",
        "decided_play_off",
        "walkover",
    ],
)
def test_when_a_shoot_out_is_allowed(legs, rules, index, allowed):
    assert shootout_allowed(legs, rules, index) is allowed


@pytest.mark.parametrize(
    "legs, rules, allowed",
    [
        ([leg(A, B, (1, 0)), leg(B, A, (1, 0)), leg(A, B, (1, 0))], POINTS, True),
        ([leg(A, B, (1, 0)), leg(B, A, (0, 0)), leg(A, B, (1, 0))], POINTS, False),
        ([leg(A, B, (1, 0)), leg(B, A, (2, 0)), leg(A, B, (1, 0))], POINTS_GD, False),
        ([leg(A, B, (1, 0)), leg(B, A, (1, 0)), leg(A, B, (1, 0))], AGGREGATE, True),
        ([leg(A, B, (1, 0)), leg(B, A, (1, 0), (4, 3)), leg(A, B, (1, 0))], AGGREGATE, False),
        ([leg(A, B, (1, 0)), leg(B, A), leg(A, B, (1, 0))], POINTS, False),
    ],
    ids=[
        "level_points",
        "decided_points",
        "decided_goal_difference",
        "level_aggregate",
        "shoot_out_already_decided",
        "second_leg_unplayed",
    ],
)
def test_when_a_play_off_is_allowed(legs, rules, allowed):
    assert play_off_allowed(legs, rules) is allowed
