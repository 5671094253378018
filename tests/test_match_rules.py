"""Match.clean on knockout ties (a shoot-out follows a level aggregate), and on the
rounds of a group."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import GroupFactory, GroupMemberFactory, StageFactory, TeamFactory, play
from tournaments.models import Match


@pytest.fixture
def tie(db):
    group = GroupFactory(stage=StageFactory(kind="knockout"))
    alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
    for team in (alfa, beta):
        GroupMemberFactory(group=group, team=team)
    play(group, alfa, beta, 2, 1, round=1)
    return group, alfa, beta


def second_leg(group, home, away, home_score, away_score):
    return Match(
        group=group,
        round=2,
        home_team=home,
        away_team=away,
        home_score=home_score,
        away_score=away_score,
        home_penalties=3,
        away_penalties=4,
        status=Match.Status.PLAYED,
    )


def test_a_shoot_out_after_a_level_aggregate_is_accepted(tie):
    group, alfa, beta = tie
    second_leg(group, beta, alfa, 1, 0).full_clean()  # 2–2 on aggregate


def test_a_shoot_out_after_a_decided_aggregate_is_refused(tie):
    group, alfa, beta = tie
    with pytest.raises(ValidationError) as error:
        second_leg(group, beta, alfa, 1, 1).full_clean()  # Alfa 3–2 on aggregate
    assert "level aggregate" in str(error.value.message_dict["home_penalties"])


def test_in_a_round_robin_the_match_itself_must_be_level(league):
    group, (alfa, beta, *_) = league
    match = Match(
        group=group,
        round=1,
        home_team=alfa,
        away_team=beta,
        home_score=1,
        away_score=0,
        home_penalties=4,
        away_penalties=3,
        status=Match.Status.PLAYED,
    )
    with pytest.raises(ValidationError) as error:
        match.full_clean()
    assert "home_penalties" in error.value.message_dict


def test_an_annulled_match_stays_editable_though_its_teams_play_other_matches_of_the_round(
    league,
):
    """Annulled, it isn't played: the round's other fixtures don't clash with it."""
    group, (alfa, beta, gamma, delta) = league
    annulled = Match.objects.create(group=group, round=1, home_team=alfa, away_team=beta)
    annulled.status = Match.Status.ANNULLED
    annulled.save()
    play(group, alfa, gamma, 1, 0, round=1)
    play(group, delta, beta, 0, 0, round=1)

    annulled.notes = "Suspended at half-time; not replayed."
    annulled.full_clean()

    annulled.status, annulled.home_score, annulled.away_score = Match.Status.PLAYED, 1, 0
    with pytest.raises(ValidationError) as error:
        annulled.full_clean()
    assert "Alfa already plays in round 1" in str(error.value.message_dict["home_team"])
