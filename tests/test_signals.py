"""Stored standings follow every kind of change, once per group per transaction."""

import pytest
from django.db import transaction

from tests.factories import GroupFactory, GroupMemberFactory, StageFactory, TeamFactory, play, table
from tournaments import services, signals
from tournaments.models import PointAdjustment, StatusZone, Tiebreaker


@pytest.fixture
def recomputations(monkeypatch):
    """The group ids recomputed, in order."""
    calls = []
    original = services.recompute_group

    def counting(group_id):
        calls.append(group_id)
        return original(group_id)

    monkeypatch.setattr("tournaments.services.recompute_group", counting)
    return calls


def test_creating_a_match_updates_the_table(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 2, 0)
    assert table(group) == [
        ("Alfa", 1, 1, 3),
        ("Delta", 2, 0, 0),
        ("Gamma", 2, 0, 0),
        ("Beta", 4, 1, 0),
    ]


def test_editing_a_score_updates_the_table(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        match = play(group, alfa, beta, 2, 0)
    with on_commit():
        match.home_score, match.away_score = 0, 1
        match.save()
    assert table(group)[0] == ("Beta", 1, 1, 3)
    assert table(group)[-1] == ("Alfa", 4, 1, 0)


def test_deleting_a_match_updates_the_table(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        match = play(group, alfa, beta, 2, 0)
    with on_commit():
        match.delete()
    assert {row[2] for row in table(group)} == {0}
    assert {row[3] for row in table(group)} == {0}


def test_a_match_moved_to_another_group_updates_both_tables(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        other = GroupFactory(stage=group.stage)
        GroupMemberFactory(group=other, team=alfa)
        GroupMemberFactory(group=other, team=beta)
        match = play(group, alfa, beta, 2, 0)
    assert table(other) == [("Alfa", 1, 0, 0), ("Beta", 1, 0, 0)]
    with on_commit():
        match.group = other
        match.save()
    assert table(other) == [("Alfa", 1, 1, 3), ("Beta", 2, 1, 0)]
    assert {row[2] for row in table(group)} == {0}


def test_a_point_adjustment_changes_points_and_order(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 2, 0)
    with on_commit():
        deduction = PointAdjustment.objects.create(
            group=group, team=alfa, points=-6, reason="Fielded an ineligible player"
        )
    rows = table(group)
    assert rows[-1] == ("Alfa", 4, 1, -3)
    with on_commit():
        deduction.delete()
    assert table(group)[0] == ("Alfa", 1, 1, 3)


def test_adding_and_removing_a_member_updates_the_table(league, on_commit):
    group, teams = league
    with on_commit():
        member = GroupMemberFactory(group=group, team=TeamFactory(name="Epsilon"))
    assert "Epsilon" in [row[0] for row in table(group)]
    with on_commit():
        member.delete()
    assert "Epsilon" not in [row[0] for row in table(group)]


def test_members_added_through_the_many_to_many_relation_count(league, on_commit):
    group, teams = league
    zeta = TeamFactory(name="Zeta")
    with on_commit():
        group.teams.add(zeta)
    assert "Zeta" in [row[0] for row in table(group)]
    with on_commit():
        zeta.groups.clear()
    assert "Zeta" not in [row[0] for row in table(group)]


def test_changing_the_tiebreakers_reorders_the_table(league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        # Alfa and Beta both on 3 points; Alfa has the better goal difference,
        # Beta the more goals scored.
        play(group, alfa, gamma, 3, 0)
        play(group, beta, delta, 4, 3, round=1)
        play(group, beta, alfa, 2, 2, round=2)
        play(group, gamma, delta, 0, 0, round=2)
        Tiebreaker.objects.create(group=group, order=1, criterion="points")
        Tiebreaker.objects.create(group=group, order=2, criterion="goal_difference")
        goals_for = Tiebreaker.objects.create(group=group, order=3, criterion="goals_for")
    assert [row[0] for row in table(group)[:2]] == ["Alfa", "Beta"]
    with on_commit():
        Tiebreaker.objects.filter(group=group, criterion="goal_difference").delete()
        goals_for.order = 2
        goals_for.save()
    assert [row[0] for row in table(group)[:2]] == ["Beta", "Alfa"]


def test_changing_the_points_for_a_win_recomputes_the_season(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
    season = group.stage.season
    with on_commit():
        season.points_for_win = 2
        season.save()
    assert table(group)[0] == ("Alfa", 1, 1, 2)
    with on_commit():
        group.stage.points_for_win = 5
        group.stage.save()
    assert table(group)[0] == ("Alfa", 1, 1, 5)


def test_status_zones_mark_the_rows(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
        StatusZone.objects.create(
            group=group,
            first_position=1,
            last_position=1,
            code="P",
            label="Promoted",
            colour="#D0F0C0",
        )
    assert list(group.standings.values_list("team__name", "status")) == [
        ("Alfa", "P"),
        ("Delta", ""),
        ("Gamma", ""),
        ("Beta", ""),
    ]


def test_manual_order_overrides_the_computed_one(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
        group.manual_order_reason = "Drawing of lots"
        group.save()
        group.members.filter(team=beta).update(manual_position=1)
        # .update() sends no signal: saving the group schedules the recomputation
        group.save()
    assert table(group)[0][0] == "Beta"


def test_a_round_saved_in_one_transaction_recomputes_the_group_once(
    league, on_commit, recomputations
):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
        play(group, gamma, delta, 2, 2)
        PointAdjustment.objects.create(group=group, team=delta, points=1, reason="Awarded")
    assert recomputations == [group.pk]


def test_nothing_is_recomputed_before_the_commit(league, django_capture_on_commit_callbacks):
    group, (alfa, beta, *_) = league
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        play(group, alfa, beta, 1, 0)
        assert {row[2] for row in table(group)} == {0}
    batches = [c for c in callbacks if isinstance(c, signals.StandingsBatch)]
    assert len(batches) == 1


def test_a_rolled_back_savepoint_does_not_lose_later_changes(league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        try:
            with transaction.atomic():
                play(group, alfa, beta, 1, 0)
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
        play(group, gamma, delta, 3, 0)
    assert table(group)[0] == ("Gamma", 1, 1, 3)
    assert ("Alfa", 2, 0, 0) in table(group)


def test_deleting_a_group_with_matches_does_not_fail(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
    with on_commit():
        group.delete()
    assert not group.__class__.objects.filter(pk=group.pk).exists()


def test_knockout_ties_have_no_table(db, on_commit):
    with on_commit():
        tie = GroupFactory(stage=StageFactory(kind="knockout"))
        alfa, beta = TeamFactory(), TeamFactory()
        GroupMemberFactory(group=tie, team=alfa)
        GroupMemberFactory(group=tie, team=beta)
        play(tie, alfa, beta, 1, 0)
    assert table(tie) == []


def test_recompute_groups_repairs_a_tampered_table(season_1996):
    season_1996.standings.update(points=0)
    services.recompute_groups(type(season_1996).objects.filter(pk=season_1996.pk))
    assert table(season_1996)[0] == ("José Gálvez", 1, 5, 13)
