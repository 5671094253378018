"""Keep stored standings current after every kind of change.

The receivers only decide which groups are affected. They collect ids in one
batch per transaction, and the batch recomputes each group once, after the
commit. Receivers never query for a ``raw`` save (loaddata): stages and
seasons are resolved to their groups when the batch runs.

A writer that wants the edit and its standings to stand or fall together (an
admin request, an import) calls ``settle_standings`` before its transaction
ends: the batch runs then, inside it, and a failure rolls the edit back.

One receiver guards a rule instead: a team leaves its group only without
matches there, whichever way it leaves.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import (
    Group,
    GroupMember,
    Match,
    PointAdjustment,
    PublishedRow,
    Season,
    Stage,
    StatusZone,
    Tiebreaker,
)
from .services import recompute_group_ids

GROUP_CHILDREN = (Match, GroupMember, PointAdjustment, PublishedRow, StatusZone, Tiebreaker)


class StandingsBatch:
    """The groups, stages and seasons changed in one transaction."""

    def __init__(self):
        self.group_ids = set()
        self.stage_ids = set()
        self.season_ids = set()
        self.outcome_season_ids = set()  # only the champion to redo, not the tables
        self.ran = False

    def __call__(self):
        if self.ran:  # settled before the commit
            return
        self.ran = True
        group_ids = set(self.group_ids)
        if self.stage_ids or self.season_ids:
            group_ids.update(
                Group.objects.filter(stage_id__in=self.stage_ids).values_list("pk", flat=True)
            )
            group_ids.update(
                Group.objects.filter(stage__season_id__in=self.season_ids).values_list(
                    "pk", flat=True
                )
            )
        recompute_group_ids(group_ids, self.season_ids | self.outcome_season_ids)


def current_batch(using):
    """This transaction's batch still to run, or None."""
    batch = getattr(connections[using], "standings_batch", None)
    return batch if batch is not None and not batch.ran else None


def pending_batch(using, **ids):
    """Add ids to this transaction's batch and register it to run on commit.

    It is registered again for every change (a cheap append; it runs once), so
    that a change after a rolled-back savepoint, whose registrations Django
    discards, still has it run. A batch left over by a transaction rolled back
    as a whole is carried by the next one: a recomputation too many, never one
    too few. Outside a transaction the batch runs at once.
    """
    batch = current_batch(using)
    if batch is None:
        batch = connections[using].standings_batch = StandingsBatch()
    for name, values in ids.items():
        getattr(batch, name).update(v for v in values if v is not None)
    transaction.on_commit(batch, using=using)


def settle_standings(using=DEFAULT_DB_ALIAS):
    """Run this transaction's pending batch now, before the commit, so that a
    recomputation that fails takes the writes that caused it down with it.
    The batch's on_commit calls then do nothing; a later write in the same
    transaction starts a new batch."""
    batch = current_batch(using)
    if batch is not None:
        batch()


def remember_previous_group(sender, instance, raw, using, **kwargs):
    """A row moved to another group leaves a table behind that must be recomputed too."""
    if raw or instance.pk is None:
        return
    if "_stored_group_id" in vars(instance):  # Match.save read it, under its new group's lock
        instance._previous_group_id = vars(instance).pop("_stored_group_id")
        return
    instance._previous_group_id = (
        sender.objects.using(using)
        .filter(pk=instance.pk)
        .values_list("group_id", flat=True)
        .order_by("pk")  # not the default ordering, which joins the group and its stage
        .first()
    )


def group_child_changed(sender, instance, using, **kwargs):
    previous = getattr(instance, "_previous_group_id", None)
    pending_batch(using, group_ids=[instance.group_id, previous])


# Each receiver with its sender: one without would run for every model, and make
# Django delete any model's rows one by one (the stored standings included).
for child in GROUP_CHILDREN:
    pre_save.connect(remember_previous_group, sender=child)
    post_save.connect(group_child_changed, sender=child)
    post_delete.connect(group_child_changed, sender=child)


@receiver(pre_save, sender=Group)
@receiver(pre_save, sender=Stage)
def remember_previous_season(sender, instance, raw, using, **kwargs):
    """A stage or group moved elsewhere leaves a season whose champion may change."""
    if raw or instance.pk is None:
        return
    season = "season_id" if sender is Stage else "stage__season_id"
    instance._previous_season_id = (
        sender.objects.using(using).filter(pk=instance.pk).values_list(season, flat=True).first()
    )


@receiver(post_save, sender=Group)
def group_changed(sender, instance, using, **kwargs):
    previous = getattr(instance, "_previous_season_id", None)
    pending_batch(using, group_ids=[instance.pk], outcome_season_ids=[previous])


@receiver(post_save, sender=Stage)
def stage_changed(sender, instance, using, **kwargs):
    previous = getattr(instance, "_previous_season_id", None)
    pending_batch(using, stage_ids=[instance.pk], outcome_season_ids=[instance.season_id, previous])


@receiver(pre_delete, sender=Group)
def group_deleted(sender, instance, using, **kwargs):
    """Its season's champion may have come from it (read now: the stage may go too)."""
    season_ids = (
        Stage.objects.using(using).filter(pk=instance.stage_id).values_list("season_id", flat=True)
    )
    pending_batch(using, outcome_season_ids=list(season_ids))


@receiver(post_delete, sender=Stage)
def stage_deleted(sender, instance, using, **kwargs):
    pending_batch(using, outcome_season_ids=[instance.season_id])


@receiver(post_save, sender=Season)
def season_changed(sender, instance, using, **kwargs):
    pending_batch(using, season_ids=[instance.pk])


@receiver(m2m_changed, sender=Group.teams.through)
def group_teams_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    """``group.teams.add()`` and friends bypass GroupMember's save signals."""
    if not reverse:
        if action.startswith("post_"):
            pending_batch(using, group_ids=[instance.pk])
    elif action == "pre_clear":
        pending_batch(using, group_ids=instance.groups.using(using).values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        pending_batch(using, group_ids=pk_set)


@receiver(pre_delete, sender=GroupMember)
def refuse_leaving_with_matches(sender, instance, using, origin, **kwargs):
    """``delete()``, a queryset's ``delete()`` (the admin's bulk delete) and
    ``group.teams.remove()``/``clear()`` all come here, inside the deletion's
    transaction, which then holds the group's lock to its commit. Deleting the
    group itself (or its stage or season) takes its matches too: allowed."""
    direct = isinstance(origin, GroupMember) or (
        isinstance(origin, QuerySet) and origin.model is GroupMember
    )
    if direct:
        instance.refuse_leaving(using)
