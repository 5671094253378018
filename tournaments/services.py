"""Writes that span models: storing the standings computed by the engine."""

from django.db import transaction
from django.db.models import prefetch_related_objects

from . import standings
from .models import Group, RoundPosition, Stage, Standing


def rules_for(group):
    criteria = [t.criterion for t in group.tiebreakers.all()]
    return standings.Rules(
        points_for_win=group.stage.win_points,
        points_for_draw=group.stage.draw_points,
        tiebreakers=[standings.Tiebreaker(c) for c in criteria] or standings.DEFAULT_TIEBREAKERS,
    )


def group_inputs(group):
    """What the engine needs of a group, read from the database."""
    members = list(group.members.select_related("team").order_by("team__name"))
    results = [
        standings.Result(
            home=m.home_team_id,
            away=m.away_team_id,
            home_goals=m.home_score,
            away_goals=m.away_score,
            counts=m.counts_in_standings,
            round=m.round,
        )
        for m in group.matches.all()
    ]
    adjustments = {}
    for adjustment in group.point_adjustments.all():
        adjustments[adjustment.team_id] = adjustments.get(adjustment.team_id, 0) + adjustment.points
    return members, results, adjustments


def compute_group_table(group, inputs=None):
    """The group's table from scratch, as engine rows (team ids as keys)."""
    members, results, adjustments = inputs or group_inputs(group)
    return standings.compute_table(
        teams=[m.team_id for m in members],
        results=results,
        rules=rules_for(group),
        adjustments=adjustments,
        manual_order={
            m.team_id: m.manual_position for m in members if m.manual_position is not None
        },
        zones=[
            standings.Zone(z.first_position, z.last_position, z.code) for z in group.zones.all()
        ],
    )


def recompute_group(group_id):
    """Replace the stored rows of one group with a fresh computation.

    The group row is locked first, so that of two concurrent recomputations the
    later one reads the matches only after the earlier one has committed: the
    last table written is always computed from the latest results. Knockout
    ties have no table. A group deleted meanwhile is skipped.
    """
    with transaction.atomic():
        group = (
            Group.objects.select_for_update(of=("self",))
            .select_related("stage__season")
            .filter(pk=group_id)
            .first()
        )
        if group is None:
            return
        Standing.objects.filter(group=group).delete()
        RoundPosition.objects.filter(group=group).delete()
        if group.stage.kind == Stage.Kind.KNOCKOUT:
            return
        # The table and the positions by round use the same rules: read them once.
        prefetch_related_objects([group], "tiebreakers")
        inputs = group_inputs(group)
        Standing.objects.bulk_create(
            Standing(
                group=group,
                team_id=row.team,
                row=index,
                position=row.position,
                played=row.played,
                won=row.won,
                drawn=row.drawn,
                lost=row.lost,
                goals_for=row.goals_for,
                goals_against=row.goals_against,
                goal_difference=row.goal_difference,
                points=row.points,
                points_adjustment=row.adjustment,
                shared_position=row.shared,
                status=row.status,
            )
            for index, row in enumerate(compute_group_table(group, inputs), start=1)
        )
        members, results, adjustments = inputs
        by_round = standings.positions_by_round(
            [m.team_id for m in members], results, rules_for(group), adjustments
        )
        RoundPosition.objects.bulk_create(
            RoundPosition(
                group=group,
                team_id=row.team,
                round=number,
                position=row.position,
                points=row.points,
            )
            for number, rows in by_round.items()
            for row in rows
        )


def recompute_groups(groups):
    """Recompute every group of the queryset; returns how many."""
    group_ids = sorted(groups.values_list("pk", flat=True))
    recompute_group_ids(group_ids)
    return len(group_ids)


def recompute_group_ids(group_ids):
    """One transaction for all (one commit, not one per group); locks taken in id
    order, so two concurrent batches can't deadlock."""
    with transaction.atomic():
        for group_id in sorted(group_ids):
            recompute_group(group_id)
