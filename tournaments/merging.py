"""Merging two teams that turn out to be one club.

Everything that names the duplicate moves to the survivor: matches, goals,
group memberships, season entries, top scorers, point adjustments, published
rows, aliases and the seasons it won or lost in the final. So do the columns
of the recorded history that name it, so that reverting an old version never
brings back a team id that no longer exists. The duplicate's name becomes an
alias of the survivor, its short code, city and department fill the
survivor's blanks, and the duplicate is deleted: its own history stays under
its id, ending with a deletion whose reason says where it went.

A merge that would break a rule (the two teams in one group, one match, one
season's entries, one published table, or as champion and runner-up of one
season) is refused before anything is written.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

from .editing import TEAM_MERGE, mark_current_edit
from .models import (
    Goal,
    Group,
    GroupMember,
    Match,
    PointAdjustment,
    PublishedRow,
    Season,
    SeasonTeam,
    Standing,
    Team,
    TeamAlias,
    TopScorer,
)
from .services import recompute_group_ids

# Every row that names a team, by the fields that name it. Standing is left out:
# it is computed, and recomputed after a merge.
TEAM_REFERENCES = (
    (Match, ("home_team", "away_team")),
    (Goal, ("team",)),
    (GroupMember, ("team",)),
    (SeasonTeam, ("team",)),
    (TopScorer, ("team",)),  # unique by season and player: a team never collides
    (PointAdjustment, ("team",)),
    (PublishedRow, ("team",)),
    (TeamAlias, ("team",)),
    (Season, ("champion", "runner_up", "champion_override", "runner_up_override")),
)

# Where a model's verbose name would not say what a count means.
REFERENCE_LABELS = {
    Season: (_("season as champion or runner-up"), _("seasons as champion or runner-up")),
}


class MergeRefused(ValidationError):
    """The merge would break a rule; nothing was changed. ``messages`` says why."""


@dataclass(frozen=True)
class Reference:
    """How many rows of one kind name a team."""

    model: type
    count: int

    @property
    def label(self):
        return reference_label(self.model, self.count)

    def __str__(self):
        # Translators: how many rows of a kind name a team: "3 matches".
        return gettext("%(count)s %(label)s") % {"count": self.count, "label": self.label}


def reference_label(model, count=2):
    """The words for ``count`` rows of ``model``: "match" for one, "matches" for more."""
    singular, plural = REFERENCE_LABELS.get(
        model, (model._meta.verbose_name, model._meta.verbose_name_plural)
    )
    return singular if count == 1 else plural


def naming(team, fields):
    """Rows whose ``fields`` name the team (any of them)."""
    condition = Q()
    for field in fields:
        condition |= Q(**{field: team})
    return condition


def references(team):
    """What names the team, by kind: what a merge would move away from it."""
    return [
        Reference(model, model._default_manager.filter(naming(team, fields)).count())
        for model, fields in TEAM_REFERENCES
    ]


def merge_problems(survivor, duplicate):
    """Why merging ``duplicate`` into ``survivor`` would break a rule ([] if it wouldn't)."""
    if survivor.pk == duplicate.pk:
        return [gettext("Choose two different teams.")]
    shared_groups = group_ids_of(survivor) & group_ids_of(duplicate)
    problems = [
        gettext("Both play in %(group)s: one group can't list a club twice.") % {"group": group}
        for group in Group.objects.filter(pk__in=shared_groups).select_related("stage__season")
    ]
    problems += [
        gettext("They play each other: %(match)s (%(group)s).")
        % {"match": match, "group": match.group}
        for match in Match.objects.filter(
            naming(survivor, ["home_team", "away_team"]),
            naming(duplicate, ["home_team", "away_team"]),
        ).select_related("home_team", "away_team", "group__stage__season")
    ]
    problems += [
        gettext("Both are qualified teams of the %(season)s.") % {"season": season}
        for season in Season.objects.filter(entries__team=survivor).filter(entries__team=duplicate)
    ]
    problems += [
        gettext("Both have a row in the published table of %(group)s.") % {"group": group}
        for group in Group.objects.filter(published_rows__team=survivor)
        .filter(published_rows__team=duplicate)
        .select_related("stage__season")
    ]
    problems += [
        gettext("One is the champion and the other the runner-up of the %(season)s.")
        % {"season": s}
        for s in Season.objects.filter(final_pair(survivor, duplicate)).distinct()
    ]
    problems += [
        gettext("The name %(name)s is already an alias of %(team)s.")
        % {"name": alias.name, "team": alias.team}
        for alias in TeamAlias.objects.filter(name=duplicate.name)
        .exclude(team__in=[survivor, duplicate])
        .select_related("team")
    ]
    return problems


def final_pair(one, other):
    """Seasons where the two teams are champion and runner-up, computed or overridden
    (in any mix: a computed champion and an overridden runner-up too)."""
    condition = Q()
    for champion, runner_up in ((one, other), (other, one)):
        for first in ("champion", "champion_override"):
            for second in ("runner_up", "runner_up_override"):
                condition |= Q(**{first: champion, second: runner_up})
    return condition


def merge_teams(survivor, duplicate, user=None):
    """Merge ``duplicate`` into ``survivor`` in one transaction; returns what moved.

    Raises MergeRefused, having changed nothing, when the merge would break a rule.
    """
    with transaction.atomic():
        locked = Team.objects.select_for_update().in_bulk([survivor.pk, duplicate.pk])
        survivor, duplicate = locked.get(survivor.pk), locked.get(duplicate.pk)
        if survivor is None or duplicate is None:
            raise MergeRefused(gettext("One of the teams no longer exists."))
        problems = merge_problems(survivor, duplicate)
        if problems:
            raise MergeRefused(problems)
        # Stored in English like the other change reasons; simple-history keeps 100 characters.
        reason = f"Merged {duplicate} into {survivor}"[:100]
        moved = references(duplicate)
        group_ids, season_ids = touched_by(duplicate)
        move_references(survivor, duplicate, reason, user)
        rewrite_history(survivor, duplicate)
        take_over_identity(survivor, duplicate, reason, user)
        remember(duplicate, reason, user)
        duplicate.delete()
        recompute_group_ids(group_ids, season_ids)
        mark_current_edit(TEAM_MERGE)  # Recent changes can't undo it: see undo_refusal
    return [reference for reference in moved if reference.count]


def group_ids_of(team, kinds=(GroupMember, Match)):
    """Ids of the groups where rows of the ``kinds`` models name the team."""
    fields = dict(TEAM_REFERENCES) | {Standing: ("team",)}
    ids = set()
    for model in kinds:
        rows = model._default_manager.filter(naming(team, fields[model]))
        ids.update(rows.values_list("group_id", flat=True))
    return ids


def touched_by(team):
    """(group ids, season ids) whose standings or outcome name the team."""
    group_ids = group_ids_of(team, (GroupMember, Match, PointAdjustment, PublishedRow, Standing))
    seasons = Season.objects.filter(naming(team, dict(TEAM_REFERENCES)[Season]))
    return group_ids, set(seasons.values_list("pk", flat=True))


def remember(instance, reason, user):
    """Have simple-history record the next save or delete with this reason and user."""
    instance._change_reason = reason
    if user is not None:
        instance._history_user = user


def move_references(survivor, duplicate, reason, user):
    """Point every row that names the duplicate at the survivor, and record the new versions."""
    for model, fields in TEAM_REFERENCES:
        moved = set()
        for field in fields:
            rows = model._default_manager.filter(**{field: duplicate})
            moved.update(rows.values_list("pk", flat=True))
            rows.update(**{field: survivor})
        if moved:
            model.history.bulk_history_create(
                model._default_manager.filter(pk__in=moved),
                update=True,
                default_user=user,
                default_change_reason=reason,
            )


def history_team_fields():
    """(historical model, field) for every recorded column that names a team."""
    for model in apps.get_app_config("tournaments").get_models():
        if not issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Team:
                yield model, field


def rewrite_history(survivor, duplicate):
    """Old versions name the survivor: reverting one can't bring back a deleted team id."""
    for model, field in history_team_fields():
        model.objects.filter(**{field.attname: duplicate.pk}).update(**{field.attname: survivor.pk})


def take_over_identity(survivor, duplicate, reason, user):
    """The duplicate's name becomes an alias; its code, city, department fill blanks."""
    name_known = TeamAlias.objects.filter(name=duplicate.name).exists()
    if duplicate.name != survivor.name and not name_known:
        alias = TeamAlias(team=survivor, name=duplicate.name)
        remember(alias, reason, user)
        alias.save()
    for field in ("short_code", "city", "department_id"):
        if not getattr(survivor, field):
            setattr(survivor, field, getattr(duplicate, field))
    remember(survivor, reason, user)
    survivor.save()
