"""The pure scheduling engine: round robins by the circle method, knockout ties.

No database: teams are plain values. The properties hold for any 2 to 20 teams.
"""

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tournaments.scheduling import knockout_ties, round_robin

TEAMS = st.lists(st.integers(), min_size=2, max_size=20, unique=True)
PROPERTIES = settings(max_examples=150, deadline=None, database=None)


def matches(rounds):
    return [pair for pairs in rounds for pair in pairs]


def grounds(rounds, team):
    """The team's matches in order: "H" at home, "A" away (rounds sat out skipped)."""
    return "".join(
        "H" if home == team else "A" for home, away in matches(rounds) if team in (home, away)
    )


def longest_run(sequence):
    return max(len(list(run)) for _ground, run in itertools.groupby(sequence))


def in_a_row(sequence):
    """How many times a team plays two consecutive matches at the same ground."""
    return sum(1 for before, after in itertools.pairwise(sequence) if before == after)


# --- the 6-team group of the issue ----------------------------------------------


def test_six_teams_play_15_matches_in_5_rounds():
    rounds = round_robin("ABCDEF")

    assert len(rounds) == 5
    assert len(matches(rounds)) == 15
    for pairs in rounds:
        assert sorted(team for pair in pairs for team in pair) == list("ABCDEF")


def test_six_teams_play_30_matches_in_10_rounds_twice_round():
    rounds = round_robin("ABCDEF", double=True)

    assert len(rounds) == 10
    assert len(matches(rounds)) == 30
    assert Counter(matches(rounds)) == Counter(itertools.permutations("ABCDEF", 2))


def test_the_second_half_mirrors_the_first():
    first, second = round_robin("ABCDEF"), round_robin("ABCDEF", double=True)[5:]
    assert second == [[(away, home) for home, away in pairs] for pairs in first]


def test_five_teams_each_sit_one_round_out():
    rounds = round_robin("ABCDE")

    assert len(rounds) == 5
    assert all(len(pairs) == 2 for pairs in rounds)
    resting = [set("ABCDE") - {team for pair in pairs for team in pair} for pairs in rounds]
    assert sorted(team for rest in resting for team in rest) == list("ABCDE")


def test_two_teams_meet_in_one_round():
    assert round_robin(["Alfa", "Beta"]) in ([[("Alfa", "Beta")]], [[("Beta", "Alfa")]])


def test_four_teams_twice_round_play_three_in_a_row_at_the_turn():
    """The documented exception: no mirrored schedule of four teams avoids it."""
    rounds = round_robin("ABCD", double=True)
    runs = [longest_run(grounds(rounds, team)) for team in "ABCD"]
    assert max(runs) == 3
    assert runs.count(3) == 2


# --- properties over 2 to 20 teams ----------------------------------------------


@PROPERTIES
@given(teams=TEAMS)
def test_every_two_teams_meet_exactly_once(teams):
    met = Counter(frozenset(pair) for pair in matches(round_robin(teams)))
    assert met == Counter(frozenset(pair) for pair in itertools.combinations(teams, 2))


@PROPERTIES
@given(teams=TEAMS)
def test_twice_round_every_two_teams_meet_once_at_each_ground(teams):
    met = Counter(matches(round_robin(teams, double=True)))
    assert met == Counter(itertools.permutations(teams, 2))


@PROPERTIES
@given(teams=TEAMS, double=st.booleans())
def test_each_team_plays_at_most_once_a_round(teams, double):
    for pairs in round_robin(teams, double):
        playing = [team for pair in pairs for team in pair]
        assert len(playing) == len(set(playing))
        assert len(pairs) == len(teams) // 2  # one team sits out when the count is odd


@PROPERTIES
@given(teams=TEAMS, double=st.booleans())
def test_an_even_count_takes_n_minus_1_rounds_an_odd_count_n(teams, double):
    expected = len(teams) - 1 if len(teams) % 2 == 0 else len(teams)
    assert len(round_robin(teams, double)) == expected * (2 if double else 1)


@PROPERTIES
@given(teams=TEAMS)
def test_home_and_away_differ_by_at_most_one_match(teams):
    rounds = round_robin(teams)
    for team in teams:
        sequence = grounds(rounds, team)
        assert abs(sequence.count("H") - sequence.count("A")) <= 1
        if len(teams) % 2:
            assert sequence.count("H") == sequence.count("A")


@PROPERTIES
@given(teams=TEAMS)
def test_a_team_alternates_home_and_away_but_for_one_pair_in_a_row_at_most(teams):
    rounds = round_robin(teams)
    pairs_in_a_row = [in_a_row(grounds(rounds, team)) for team in teams]
    assert max(pairs_in_a_row) <= 1
    # The fewest possible: none with an odd count, n - 2 with an even one.
    assert sum(pairs_in_a_row) == (0 if len(teams) % 2 else len(teams) - 2)


@PROPERTIES
@given(teams=TEAMS)
def test_twice_round_half_the_matches_are_at_home_and_never_three_in_a_row(teams):
    rounds = round_robin(teams, double=True)
    for team in teams:
        sequence = grounds(rounds, team)
        assert sequence.count("H") == sequence.count("A")
        if len(teams) != 4:
            assert longest_run(sequence) <= 2, sequence


@pytest.mark.parametrize("teams", [[], ["Alfa"], ["Alfa", "Beta", "Alfa"]])
def test_a_round_robin_needs_two_distinct_teams(teams):
    with pytest.raises(ValueError):
        round_robin(teams)


# --- knockout ties ---------------------------------------------------------------


def test_ties_pair_the_teams_in_the_order_given():
    assert knockout_ties("ABCD", legs=1) == [[("A", "B")], [("C", "D")]]


def test_in_two_legs_the_second_named_team_is_at_home_in_the_second():
    assert knockout_ties("ABCD", legs=2) == [
        [("A", "B"), ("B", "A")],
        [("C", "D"), ("D", "C")],
    ]


@PROPERTIES
@given(teams=TEAMS.filter(lambda teams: len(teams) % 2 == 0), legs=st.sampled_from([1, 2]))
def test_every_team_plays_in_exactly_one_tie(teams, legs):
    ties = knockout_ties(teams, legs)

    assert len(ties) == len(teams) // 2
    assert all(len(tie) == legs for tie in ties)
    assert [tie[0][0] for tie in ties] + [tie[0][1] for tie in ties] == teams[::2] + teams[1::2]
    for tie in ties:
        assert {frozenset(leg) for leg in tie} == {frozenset(tie[0])}


@pytest.mark.parametrize(
    ("teams", "legs"),
    [(["Alfa"], 2), (["Alfa", "Beta", "Gamma"], 2), (["Alfa", "Alfa"], 1), (["Alfa", "Beta"], 3)],
)
def test_ties_refuse_what_cannot_be_paired(teams, legs):
    with pytest.raises(ValueError):
        knockout_ties(teams, legs)
