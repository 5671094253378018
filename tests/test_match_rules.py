"""Match.clean on knockout ties (a shoot-out follows a level aggregate), and on the
rounds of a group."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def annulled_beside_a_played_one(group, alfa, beta, gamma):
    """Alfa–Beta annulled in round 1, then Alfa–Gamma played in the same round."""
    annulled = Match.objects.create(group=group, round=1, home_team=alfa, away_team=beta)
    annulled.status = Match.Status.ANNULLED
    annulled.save()
    play(group, alfa, gamma, 1, 0, round=1)
    return annulled


def test_an_annulled_match_stays_editable_though_its_teams_play_other_matches_of_the_round(
    league,
):
    """Annulled, it isn't played: the round's other fixtures don't clash with it."""
    group, (alfa, beta, gamma, delta) = league
    annulled = annulled_beside_a_played_one(group, alfa, beta, gamma)
    play(group, delta, beta, 0, 0, round=1)

    annulled.notes = "Suspended at half-time; not replayed."
    annulled.full_clean()

    annulled.status, annulled.home_score, annulled.away_score = Match.Status.PLAYED, 1, 0
    with pytest.raises(ValidationError) as error:
        annulled.full_clean()
    assert "Alfa already plays in round 1" in str(error.value.message_dict["home_team"])


def saved_queries(match):
    with CaptureQueriesContext(connection) as captured:
        match.save()
    return [query["sql"] for query in captured.captured_queries]


def test_a_score_edit_is_saved_without_checking_the_group_again(league):
    """Its group, round and teams are as stored: the members and the round's other
    matches are not read again (a member with matches can't leave its group)."""
    group, (alfa, beta, *_) = league
    match = play(group, alfa, beta, 1, 0)
    match.home_score = 2
    statements = saved_queries(match)
    assert not [sql for sql in statements if "tournaments_groupmember" in sql]
    match_reads = [s for s in statements if s.startswith("SELECT") and "tournaments_match" in s]
    assert len(match_reads) == 1, match_reads  # the stored row, for its group and round
    assert Match.objects.get(pk=match.pk).home_score == 2


def test_saving_a_match_into_a_round_its_team_plays_is_refused(league):
    """save() checks again under the group's lock what clean() checked: a form that
    passed validation before another editor's save is still refused."""
    group, (alfa, beta, gamma, delta) = league
    play(group, alfa, gamma, 1, 0, round=1)
    match = play(group, beta, delta, 1, 0, round=2)
    match.round, match.home_team = 1, alfa
    with pytest.raises(ValidationError) as error:
        match.save()
    assert "Alfa already plays in round 1" in str(error.value.message_dict["home_team"])
    assert Match.objects.get(pk=match.pk).round == 2


def test_reviving_an_annulled_match_whose_teams_play_that_round_is_refused(league):
    group, (alfa, beta, gamma, _delta) = league
    annulled = annulled_beside_a_played_one(group, alfa, beta, gamma)
    annulled.status, annulled.home_score, annulled.away_score = Match.Status.PLAYED, 1, 0
    with pytest.raises(ValidationError) as error:
        annulled.save()
    assert "Alfa already plays in round 1" in str(error.value.message_dict["home_team"])


def test_saving_a_match_into_a_group_its_teams_are_not_in_is_refused(league):
    group, (alfa, beta, *_) = league
    match = play(group, alfa, beta, 1, 0)
    match.group = GroupFactory(stage=group.stage)
    with pytest.raises(ValidationError) as error:
        match.save()
    assert "add it to the group first" in str(error.value.message_dict["home_team"])


def test_an_annulled_match_edited_is_not_checked_against_its_round(league):
    group, (alfa, beta, gamma, _delta) = league
    annulled = annulled_beside_a_played_one(group, alfa, beta, gamma)
    annulled.notes = "Abandoned at half-time."
    statements = saved_queries(annulled)
    assert not [sql for sql in statements if "tournaments_groupmember" in sql]
    assert Match.objects.get(pk=annulled.pk).notes == "Abandoned at half-time."


def test_a_save_that_fails_leaves_nothing_read_for_the_next(league):
    """The stored group read under the lock is for this save's signals only."""
    group, (alfa, beta, *_) = league
    match = play(group, alfa, beta, 1, 0)
    with pytest.raises(ValueError):
        match.save(update_fields=["home_score", "no_such_field"])
    assert "_stored_group_id" not in vars(match)
