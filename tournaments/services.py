"""Writes that span models: storing the standings computed by the engine."""

from dataclasses import replace

from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import freshness, standings
from .models import (
    Group,
    Match,
    PointAdjustment,
    PublishedRow,
    Season,
    Stage,
    Standing,
    StatusZone,
    Team,
    Tiebreaker,
    as_leg,
    counts_in_standings,
    tie_legs,
)


def rules_for(group):
    criteria = [t.criterion for t in group.tiebreakers.all()]
    return standings.Rules(
        points_for_win=group.stage.win_points,
        points_for_draw=group.stage.draw_points,
        tiebreakers=[standings.Tiebreaker(c) for c in criteria] or standings.DEFAULT_TIEBREAKERS,
    )


def group_inputs(group):
    """What the engine needs of a group, read from the database: its members (their
    team_id and manual_position), its results and its point adjustments. Read as
    values: a group of 380 matches took 16 ms as model instances."""
    members = list(
        group.members.order_by("team__name").values_list("team_id", "manual_position", named=True)
    )
    fields = ("home_team_id", "away_team_id", "home_score", "away_score", "round")
    results = [
        as_result(*values)
        for values in group.matches.order_by().values_list(*fields, "counts_for_table", "status")
    ]
    return members, results, adjustment_totals(group.point_adjustments.all())


def as_result(home, away, home_goals, away_goals, round_number, counts_for_table, status):
    """A match's values as the engine's Result."""
    return standings.Result(
        home=home,
        away=away,
        home_goals=home_goals,
        away_goals=away_goals,
        counts=counts_in_standings(counts_for_table, status),
        round=round_number,
    )


def adjustment_totals(adjustments):
    """{team id: points added or deducted} of a group's PointAdjustment rows."""
    totals = {}
    for adjustment in adjustments:
        totals[adjustment.team_id] = totals.get(adjustment.team_id, 0) + adjustment.points
    return totals


def round_tables(group, matches, rows):
    """The group's table after each round, for its positions chart: computed from the
    group's ``matches`` and its computed ``rows`` (with their points adjustments) as its
    page has read them, its tiebreakers prefetched. Not stored: only the chart shows
    it, and stored it made a save rewrite a row per team and round, 760 in a group of 20."""
    results = [
        as_result(
            m.home_team_id,
            m.away_team_id,
            m.home_score,
            m.away_score,
            m.round,
            m.counts_for_table,
            m.status,
        )
        for m in matches
    ]
    members = [row.team_id for row in sorted(rows, key=lambda row: row.team.name)]
    adjustments = {row.team_id: row.points_adjustment for row in rows if row.points_adjustment}
    return standings.positions_by_round(members, results, rules_for(group), adjustments)


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


def published_table(group):
    """The group's published rows as engine rows, or [] when it has none."""
    rows = []
    for published in group.published_rows.all():
        row = standings.Row(
            published.team_id,
            position=published.position or published.row,
            played=published.played,
            won=published.won,
            drawn=published.drawn,
            lost=published.lost,
            goals_for=published.goals_for,
            goals_against=published.goals_against,
            points=published.points,
            status=published.status,
        )
        rows.append(row)
    for row in rows:
        row.shared = sum(1 for other in rows if other.position == row.position) > 1
    return rows


def table_to_store(group, inputs):
    """(rows, is_published): the published table while the results don't cover it."""
    published = published_table(group)
    _members, results, _adjustments = inputs
    if published and not standings.results_cover(published, results):
        return published, True
    return compute_group_table(group, inputs), False


# A group's rules and published rows, each in its order within the group: the
# models' default orderings begin with the group, which would join its stage and season.
GROUP_RULES = (
    Prefetch("tiebreakers", Tiebreaker.objects.order_by("order")),
    Prefetch("zones", StatusZone.objects.order_by("first_position")),
    Prefetch("published_rows", PublishedRow.objects.order_by("row")),
    Prefetch("point_adjustments", PointAdjustment.objects.order_by("pk")),
)


def recompute_group(group_id):
    """Bring the stored rows of one group up to date with a fresh computation.

    The group row is locked first, so that of two concurrent recomputations the
    later one reads the matches only after the earlier one has committed: the
    last table written is always computed from the latest results. Knockout
    ties have no table. A group deleted meanwhile is skipped. A group whose
    results don't account for its published table stores that table instead.
    Only the rows whose values changed are written (a result usually moves a
    few teams), in at most one delete and one insert.
    """
    # No savepoint: inside a batch, a failure takes the whole batch down anyway.
    with transaction.atomic(savepoint=False):
        try:
            # The stage and season, for the points a result earns, come in the same
            # statement: a change to them recomputes the group again after this one.
            group = (
                Group.objects.select_for_update(of=("self",))
                .select_related("stage__season")
                .get(pk=group_id)
            )
        except Group.DoesNotExist:
            return
        if group.stage.kind == Stage.Kind.KNOCKOUT:
            Standing.objects.filter(group=group).delete()
            return
        # Read after the lock, never in its statement: on PostgreSQL a locking read
        # returns the locked row as it is now but joined rows as the snapshot saw them.
        prefetch_related_objects([group], *GROUP_RULES)
        inputs = group_inputs(group)
        rows, is_published = table_to_store(group, inputs)
        if is_published != group.shows_published_table:
            Group.objects.filter(pk=group.pk).update(shows_published_table=is_published)
        store_table(group, rows)


STANDING_VALUES = (
    "position",
    "played",
    "won",
    "drawn",
    "lost",
    "goals_for",
    "goals_against",
    "goal_difference",
    "points",
    "points_adjustment",
    "shared_position",
    "status",
)


def store_table(group, rows):
    """Store the engine's rows as the group's Standing rows, in display order.

    A row is matched by its place *and* its team: a team that moved is deleted
    and inserted again, so no update ever swaps two rows' places (which the
    unique constraints would refuse halfway through the statement)."""
    wanted = [
        {
            "team_id": row.team,
            "row": index,
            "position": row.position,
            "played": row.played,
            "won": row.won,
            "drawn": row.drawn,
            "lost": row.lost,
            "goals_for": row.goals_for,
            "goals_against": row.goals_against,
            "goal_difference": row.goal_difference,
            "points": row.points,
            "points_adjustment": row.adjustment,
            "shared_position": row.shared,
            "status": row.status,
        }
        for index, row in enumerate(rows, start=1)
    ]
    write_differences(group, Standing, wanted, ("row", "team_id"), STANDING_VALUES)


def write_differences(group, model, wanted, key_fields, value_fields):
    """Make the group's rows of ``model`` equal ``wanted`` (a dict of field values
    each), matched on ``key_fields``, writing only the rows that differ: those no longer
    wanted or whose ``value_fields`` changed are deleted in one statement, and the
    changed and new ones inserted in one (Django's bulk_update would build a CASE
    expression per row and field: slower than both, by far, for a few hundred)."""
    width = len(key_fields)
    stored = model.objects.filter(group=group).order_by()
    existing = {
        row[1 : width + 1]: row for row in stored.values_list("pk", *key_fields, *value_fields)
    }
    stale, new = [], []
    for fields in wanted:
        old = existing.pop(tuple(fields[name] for name in key_fields), None)
        if old is not None and old[width + 1 :] == tuple(fields[name] for name in value_fields):
            continue
        if old is not None:
            stale.append(old[0])
        new.append(model(group=group, **fields))
    stale.extend(row[0] for row in existing.values())  # no longer wanted
    if stale:
        model.objects.filter(pk__in=stale).delete()
    if new:
        model.objects.bulk_create(new)


def published_differences(group):
    """Where the group's published table and its results disagree ([] without one)."""
    published = published_table(group)
    if not published:
        return []
    differences = standings.table_differences(published, compute_group_table(group))
    names = dict(
        Team.objects.filter(pk__in={d.team for d in differences}).values_list("pk", "name")
    )
    return [
        replace(
            d,
            team=names.get(d.team, d.team),
            column=DIFFERENCE_LABELS.get(d.column, d.column),
            published=DIFFERENCE_LABELS.get(d.published, d.published),
            computed=DIFFERENCE_LABELS.get(d.computed, d.computed),
        )
        for d in differences
    ]


# The engine's column names and team-presence words, as the admin shows them.
DIFFERENCE_LABELS = {
    "team": pgettext_lazy("table column", "Team"),
    "position": pgettext_lazy("table column", "Position"),
    "played": pgettext_lazy("table column", "Played"),
    "won": pgettext_lazy("table column", "Won"),
    "drawn": pgettext_lazy("table column", "Drawn"),
    "lost": pgettext_lazy("table column", "Lost"),
    "goals_for": pgettext_lazy("table column", "Goals for"),
    "goals_against": pgettext_lazy("table column", "Goals against"),
    "points": pgettext_lazy("table column", "Points"),
    # Translators: whether the published table lists a team.
    "listed": _("listed"),
    "not listed": _("not listed"),
    "in the group": _("in the group"),
    "not in the group": _("not in the group"),
}


def group_finished(group, members, matches):
    """A round-robin group is over: nothing is left to play and every two members
    have met (or its standings are the published table, the record)."""
    if group.shows_published_table:
        return True
    if any(m.status in (Match.Status.SCHEDULED, Match.Status.POSTPONED) for m in matches):
        return False
    met = {
        frozenset((m.home_team_id, m.away_team_id))
        for m in matches
        if counts_in_standings(m.counts_for_table, m.status)
    }
    teams = [member.team_id for member in members]
    return len(teams) > 1 and all(
        frozenset((a, b)) in met for i, a in enumerate(teams) for b in teams[i + 1 :]
    )


LAST_FIRST = ("-order", "-pk")  # a season's stages, its last one first


def computed_outcome(season):
    """(champion id, runner-up id) as the last stage decides them, or Nones.

    Only a national stage (or one of no stated level) decides the title: the
    last stage's final table (one group, finished, first place not shared),
    or its final tie's winner and loser. A last stage of several groups or
    ties (semi-finals still to be followed by a final) decides nothing.
    """
    stage = season.stages.order_by(*LAST_FIRST).first()
    if stage is None or stage.level not in (Stage.Level.NOT_STATED, Stage.Level.NATIONAL):
        return None, None  # the record stops before the national stage
    groups = list(stage.groups.all()[:2])
    if len(groups) != 1:  # no final yet, or several groups or ties: nothing decides alone
        return None, None
    group = groups[0]
    if stage.kind == Stage.Kind.KNOCKOUT:
        legs = tie_legs(list(group.matches.all()))
        result = standings.tie_result([as_leg(m) for m in legs], stage.tie_rules)
        return result.winner, result.loser
    # A final group may have 380 matches: what group_finished reads of them, as values.
    fields = ("home_team_id", "away_team_id", "status", "counts_for_table")
    matches = group.matches.order_by().values_list(*fields, named=True)
    if not group_finished(
        group, group.members.order_by().values_list("team_id", named=True), matches
    ):
        return None, None
    top = list(group.standings.order_by("row")[:3])
    champion = (
        top[0].team_id if top and top[0].position == 1 and not top[0].shared_position else None
    )
    second = [row for row in top if row.position == 2]
    runner_up = second[0].team_id if len(second) == 1 and champion else None
    return champion, runner_up


def update_season_outcome(season_id):
    """Store the champion and runner-up: the editor's override, else the results'."""
    season = Season.objects.filter(pk=season_id).first()
    if season is None:
        return
    computed_champion, computed_runner_up = computed_outcome(season)
    champion = season.champion_override_id or computed_champion
    runner_up = season.runner_up_override_id or (
        # A title awarded to the final's loser leaves its winner second.
        computed_champion if computed_runner_up == champion else computed_runner_up
    )
    if runner_up == champion:
        runner_up = None
    if (champion, runner_up) != (season.champion_id, season.runner_up_id):
        Season.objects.filter(pk=season_id).update(champion=champion, runner_up=runner_up)


def recompute_groups(groups):
    """Recompute every group of the queryset; returns how many."""
    group_ids = sorted(groups.values_list("pk", flat=True))
    season_ids = set(groups.values_list("stage__season_id", flat=True))
    recompute_group_ids(group_ids, season_ids)  # a champion gone stale is mended too
    return len(group_ids)


def recompute_group_ids(group_ids, season_ids=()):
    """One transaction for all (one commit, not one per group); locks taken in id
    order, so two concurrent batches can't deadlock."""
    with transaction.atomic():
        for group_id in sorted(group_ids):
            recompute_group(group_id)
        # Only a group of its season's last stage decides the champion; changes to the
        # stages themselves come with their seasons in ``season_ids``.
        last_stage = Stage.objects.filter(season=OuterRef("stage__season")).order_by(*LAST_FIRST)
        touched = (
            Group.objects.filter(pk__in=group_ids)
            .annotate(last_stage=Subquery(last_stage.values("pk")[:1]))
            .values_list("stage__season_id", "stage_id", "last_stage")
        )
        deciding = {season for season, stage, last in touched if stage == last}
        for season_id in sorted(deciding | set(season_ids)):
            update_season_outcome(season_id)
        freshness.data_changed()  # the tables are new: pages cached meanwhile are not
