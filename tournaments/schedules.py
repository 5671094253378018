"""Writing schedules: a group's round robin, a knockout stage's ties.

The pure engine (``scheduling``) lays the matches out; they are written here
through the models, so that their history is recorded and the standings signals
follow. Each schedule is one transaction: one refused or failed writes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from . import scheduling
from .models import NAME_LENGTH, Group, GroupMember, Match, Stage

# Stored in English, like the other change reasons (simple-history keeps 100 characters).
ROUND_ROBIN_REASON = "Generated round-robin fixtures"
TIES_REASON = "Paired teams into ties"


class ScheduleRefused(ValidationError):
    """The schedule can't be written; nothing was. ``messages`` says why."""


@dataclass(frozen=True)
class Written:
    """What a round robin wrote: how many matches, in how many rounds."""

    matches: int
    rounds: int


def match_date(first_date, days_between, number):
    """The date of round (or leg) ``number``: the first date, then every ``days_between``."""
    return first_date + timedelta(days=days_between * (number - 1))


def generate_round_robin(group, *, double, first_date, days_between_rounds, user=None):
    """Write the group's round robin (``double``: twice round) between its members,
    taken in the order of their names, every match scheduled. Raises ScheduleRefused
    for a knockout tie, a group of fewer than two teams, or one that has matches."""
    with transaction.atomic():
        Group.objects.lock(group.pk)  # two editors can't both find the group empty
        team_ids = list(
            group.members.order_by("team__name", "pk").values_list("team_id", flat=True)
        )
        refusal = round_robin_refusal(group, len(team_ids), group.matches.count())
        if refusal:
            raise ScheduleRefused(refusal)
        rounds = scheduling.round_robin(team_ids, double=double)
        for number, pairs in enumerate(rounds, start=1):
            day = match_date(first_date, days_between_rounds, number)
            for home, away in pairs:
                save_match(group, number, day, home, away, ROUND_ROBIN_REASON, user)
    return Written(matches=sum(len(pairs) for pairs in rounds), rounds=len(rounds))


def round_robin_refusal(group, team_count, match_count):
    """Why the group's round robin can't be generated (None if it can)."""
    if group.stage.kind == Stage.Kind.KNOCKOUT:
        return gettext(
            "%(group)s is a tie of a knockout stage, not a round-robin group: "
            "pair the stage's teams into ties instead."
        ) % {"group": group}
    if team_count < 2:
        return ngettext(
            "%(group)s has %(count)s team: a round robin needs two at least.",
            "%(group)s has %(count)s teams: a round robin needs two at least.",
            team_count,
        ) % {"group": group, "count": team_count}
    if match_count:
        return ngettext(
            "%(group)s already has %(count)s match: fixtures are only generated "
            "for a group without any.",
            "%(group)s already has %(count)s matches: fixtures are only generated "
            "for a group without any.",
            match_count,
        ) % {"group": group, "count": match_count}
    return None


def pair_into_ties(stage, teams, *, first_date, days_between_legs=7, user=None):
    """Write the ties of a knockout stage: ``teams`` paired in the order given
    (``scheduling.knockout_ties``), one group a tie named "Home v Away" as the
    imports name them, with its two members and its legs (the stage's: one or two,
    the second ``days_between_legs`` after the first), scheduled. Returns the ties.
    Raises ScheduleRefused for a stage that isn't a knockout one or already has
    ties, and for teams that can't be paired."""
    with transaction.atomic():
        # One pairing at a time: two editors can't both find the stage without ties.
        Stage.objects.select_for_update().filter(pk=stage.pk).exists()
        refusal = ties_refusal(stage, stage.groups.count()) or pairing_refusal(teams)
        if refusal:
            raise ScheduleRefused(refusal)
        names = {team.pk: team.name for team in teams}
        ties, slugs = [], set()
        pairings = scheduling.knockout_ties([team.pk for team in teams], legs=stage.legs)
        for order, legs in enumerate(pairings, start=1):
            tie = create_tie(stage, order, [names[pk] for pk in legs[0]], slugs, user)
            for team_id in legs[0]:
                save_member(tie, team_id, user)
            for number, (home, away) in enumerate(legs, start=1):
                day = match_date(first_date, days_between_legs, number)
                save_match(tie, number, day, home, away, TIES_REASON, user)
            ties.append(tie)
    return ties


def ties_refusal(stage, tie_count):
    """Why the stage's teams can't be paired into ties (None if they can)."""
    if stage.kind != Stage.Kind.KNOCKOUT:
        return gettext("%(stage)s is a round-robin stage: only a knockout stage has ties.") % {
            "stage": stage
        }
    if tie_count:
        return ngettext(
            "%(stage)s already has %(count)s tie: teams are only paired in a stage without any.",
            "%(stage)s already has %(count)s ties: teams are only paired in a stage without any.",
            tie_count,
        ) % {"stage": stage, "count": tie_count}
    return None


def pairing_refusal(teams):
    """Why these teams can't be paired into ties (None if they can)."""
    if len({team.pk for team in teams}) != len(teams):
        return gettext("A team is picked twice: each plays in one tie only.")
    if len(teams) < 2 or len(teams) % 2:
        return ngettext(
            "%(count)s team is picked: pick an even number of teams, two at least.",
            "%(count)s teams are picked: pick an even number of teams, two at least.",
            len(teams),
        ) % {"count": len(teams)}
    return None


def create_tie(stage, order, team_names, taken_slugs, user):
    """A knockout stage's group for one tie, named by its teams (for both languages)."""
    name = " v ".join(team_names)[:NAME_LENGTH]
    base = slugify(name)[:100] or "tie"
    slug, number = base, 2
    while slug in taken_slugs:  # two names alike once cut to length
        slug, number = f"{base[:95]}-{number}", number + 1
    taken_slugs.add(slug)
    tie = Group(stage=stage, name=name, slug=slug, order=order)
    save_recorded(tie, TIES_REASON, user)
    return tie


def save_member(group, team_id, user):
    save_recorded(GroupMember(group=group, team_id=team_id), TIES_REASON, user)


def save_match(group, number, day, home, away, reason, user):
    match = Match(
        group=group,
        round=number,
        date=day,
        home_team_id=home,
        away_team_id=away,
        status=Match.Status.SCHEDULED,
    )
    save_recorded(match, reason, user)


def save_recorded(instance, reason, user):
    """Save, and have simple-history record the new version with this reason and user."""
    instance._change_reason = reason
    if user is not None:
        instance._history_user = user
    instance.save()
