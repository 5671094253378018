"""Writes that span models: storing the standings computed by the engine."""

from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import freshness, standings
from .compiled import CompiledRead
from .models import (
    Group,
    GroupMember,
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
    """The group's rules, its tiebreakers prefetched (as a page reads them)."""
    return make_rules(
        group.stage.win_points,
        group.stage.draw_points,
        [t.criterion for t in group.tiebreakers.all()],
    )


def make_rules(win_points, draw_points, criteria):
    return standings.Rules(
        points_for_win=win_points,
        points_for_draw=draw_points,
        tiebreakers=[standings.Tiebreaker(c) for c in criteria] or standings.DEFAULT_TIEBREAKERS,
    )


@dataclass(frozen=True)
class GroupInputs:
    """What the engine needs of a group, read from the database."""

    rules: standings.Rules
    members: list  # (team_id, manual_position), in the order of the teams' names
    results: list  # standings.Result
    adjustments: dict  # {team id: points added or deducted}
    zones: list  # standings.Zone
    published: list  # its published table as engine rows, [] without one


# A recompute follows every save and reads the same rows of another group each time:
# its reads are compiled once (compiled.CompiledRead). Each in its order within the
# group: the models' default orderings begin with the group, and would join it.
TIEBREAKER_CRITERIA = CompiledRead(
    lambda group_id: (
        Tiebreaker.objects.filter(group_id=group_id).order_by("order").values_list("criterion")
    )
)
ZONES = CompiledRead(
    lambda group_id: (
        StatusZone.objects.filter(group_id=group_id)
        .order_by("first_position")
        .values_list("first_position", "last_position", "code")
    )
)
PUBLISHED_FIELDS = (
    "team_id",
    "row",
    "position",
    "won",
    "drawn",
    "lost",
    "goals_for",
    "goals_against",
    "points",
    "status",
)
PUBLISHED_ROWS = CompiledRead(
    lambda group_id: (
        PublishedRow.objects.filter(group_id=group_id)
        .order_by("row")
        .values_list(*PUBLISHED_FIELDS)
    )
)
ADJUSTMENTS = CompiledRead(
    lambda group_id: (
        PointAdjustment.objects.filter(group_id=group_id)
        .order_by("pk")
        .values_list("team_id", "points")
    )
)
MEMBERS = CompiledRead(
    lambda group_id: (
        GroupMember.objects.filter(group_id=group_id)
        .order_by("team__name")
        .values_list("team_id", "manual_position")
    )
)
RESULT_FIELDS = (
    "home_team_id",
    "away_team_id",
    "home_score",
    "away_score",
    "round",
    "counts_for_table",
    "status",
)
RESULTS = CompiledRead(
    lambda group_id: Match.objects.filter(group_id=group_id).order_by().values_list(*RESULT_FIELDS)
)


def group_inputs(group_id, win_points, draw_points):
    """The group's engine inputs, its points for a win and a draw given."""
    published = [
        PublishedRow(**dict(zip(PUBLISHED_FIELDS, values, strict=True)))
        for values in PUBLISHED_ROWS(group_id)
    ]
    return GroupInputs(
        rules=make_rules(
            win_points, draw_points, [criterion for (criterion,) in TIEBREAKER_CRITERIA(group_id)]
        ),
        members=MEMBERS(group_id),
        results=[as_result(*values) for values in RESULTS(group_id)],
        adjustments=adjustment_totals(ADJUSTMENTS(group_id)),
        zones=[standings.Zone(*values) for values in ZONES(group_id)],
        published=published_table(published),
    )


def inputs_of(group):
    """The engine inputs of a Group read as a model."""
    return group_inputs(group.pk, group.stage.win_points, group.stage.draw_points)


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
    """{team id: points added or deducted} of a group's (team id, points) adjustments."""
    totals = {}
    for team_id, points in adjustments:
        totals[team_id] = totals.get(team_id, 0) + points
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


def compute_group_table(group):
    """The group's table from scratch, as engine rows (team ids as keys)."""
    return table_of(inputs_of(group))


def table_of(inputs):
    """The table the engine computes from a group's inputs."""
    return standings.compute_table(
        teams=[team_id for team_id, _position in inputs.members],
        results=inputs.results,
        rules=inputs.rules,
        adjustments=inputs.adjustments,
        manual_order={
            team_id: position for team_id, position in inputs.members if position is not None
        },
        zones=inputs.zones,
    )


def published_table(published_rows):
    """PublishedRows as engine rows ([] for none)."""
    rows = []
    for published in published_rows:
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


def table_to_store(inputs):
    """(rows, is_published): the published table while the results don't cover it."""
    if inputs.published and not standings.results_cover(inputs.published, inputs.results):
        return inputs.published, True
    return table_of(inputs), False


LAST_FIRST = ("-order", "-pk")  # a season's stages, its last one first
# A group's season's last stage, as a subquery of the group.
LAST_STAGE = Stage.objects.filter(season=OuterRef("stage__season")).order_by(*LAST_FIRST)

# The group locked, with what a recompute needs of its stage and season (read in the
# lock's statement, from its snapshot: a change to them recomputes the group again
# after this one, and a change to the season's stages sends the season itself to
# update_season_outcome). The points of a win and a draw are the stage's own or else
# its season's, as Stage.win_points and draw_points.
LOCKED_GROUP = CompiledRead(
    lambda group_id: (
        Group.objects.select_for_update(of=("self",))
        .filter(pk=group_id)
        .order_by()
        .values_list(
            "stage__kind",
            Coalesce("stage__points_for_win", "stage__season__points_for_win"),
            Coalesce("stage__points_for_draw", "stage__season__points_for_draw"),
            "shows_published_table",
            "stage__season_id",
            "stage_id",
            Subquery(LAST_STAGE.values("pk")[:1]),
        )
    )
)


def recompute_group(group_id):
    """Bring the stored rows of one group up to date with a fresh computation; returns
    its season's id when the group is of its season's last stage (it may decide the
    champion), else None (and for a group deleted meanwhile).

    The group row is locked first, so that of two concurrent recomputations the
    later one reads the matches only after the earlier one has committed: the
    last table written is always computed from the latest results. Knockout
    ties have no table. A group whose results don't account for its published
    table stores that table instead. Only the rows whose values changed are
    written (a result usually moves a few teams), in at most one delete and one insert.
    """
    # No savepoint: inside a batch, a failure takes the whole batch down anyway.
    with transaction.atomic(savepoint=False):
        locked = LOCKED_GROUP(group_id)
        if not locked:
            return None
        kind, win_points, draw_points, shows_published, season_id, stage_id, last = locked[0]
        if kind == Stage.Kind.KNOCKOUT:
            Standing.objects.filter(group_id=group_id).delete()
        else:
            # Read after the lock, never in its statement: on PostgreSQL a locking read
            # returns the locked row as it is now but joined rows as the snapshot saw them.
            inputs = group_inputs(group_id, win_points, draw_points)
            rows, is_published = table_to_store(inputs)
            if is_published != shows_published:
                Group.objects.filter(pk=group_id).update(shows_published_table=is_published)
            store_table(group_id, rows)
    return season_id if stage_id == last else None


# Each stored column of a Standing, with the attribute of the engine's Row it stores.
STANDING_COLUMNS = (
    ("position", "position"),
    ("played", "played"),
    ("won", "won"),
    ("drawn", "drawn"),
    ("lost", "lost"),
    ("goals_for", "goals_for"),
    ("goals_against", "goals_against"),
    ("goal_difference", "goal_difference"),
    ("points", "points"),
    ("points_adjustment", "adjustment"),
    ("shared_position", "shared"),
    ("status", "status"),
)
STANDING_VALUES = tuple(column for column, _attribute in STANDING_COLUMNS)


STORED_STANDINGS = CompiledRead(
    lambda group_id: (
        Standing.objects.filter(group_id=group_id)
        .order_by()
        .values_list("pk", "row", "team_id", *STANDING_VALUES)
    )
)


def standing_values(row):
    """An engine row's values, in the order of STANDING_VALUES."""
    return tuple(getattr(row, attribute) for _column, attribute in STANDING_COLUMNS)


def store_table(group_id, rows):
    """Store the engine's rows as the group's Standing rows, in display order,
    writing only the rows that differ: those no longer wanted or whose values
    changed are deleted in one statement, and the changed and new ones inserted in
    one (Django's bulk_update would build a CASE expression per row and field:
    slower than both, by far, for a few hundred).

    A row is matched by its place *and* its team: a team that moved is deleted
    and inserted again, so no update ever swaps two rows' places (which the
    unique constraints would refuse halfway through the statement)."""
    stored = {
        (place, team): (pk, values) for pk, place, team, *values in STORED_STANDINGS(group_id)
    }
    stale, new = [], []
    for place, row in enumerate(rows, start=1):
        values = standing_values(row)
        old = stored.pop((place, row.team), None)
        if old is not None and tuple(old[1]) == values:
            continue
        if old is not None:
            stale.append(old[0])
        fields = dict(zip(STANDING_VALUES, values, strict=True))
        new.append(Standing(group_id=group_id, team_id=row.team, row=place, **fields))
    stale.extend(pk for pk, _values in stored.values())  # no longer wanted
    if stale:
        Standing.objects.filter(pk__in=stale).delete()
    if new:
        Standing.objects.bulk_create(new)


def published_differences(group):
    """Where the group's published table and its results disagree ([] without one)."""
    inputs = inputs_of(group)
    if not inputs.published:
        return []
    differences = standings.table_differences(inputs.published, table_of(inputs))
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
        # Only a group of its season's last stage decides the champion; changes to
        # the stages themselves come with their seasons in ``season_ids``.
        deciding = {recompute_group(group_id) for group_id in sorted(group_ids)} - {None}
        for season_id in sorted(deciding | set(season_ids)):
            update_season_outcome(season_id)
        freshness.data_changed()  # the tables are new: pages cached meanwhile are not
