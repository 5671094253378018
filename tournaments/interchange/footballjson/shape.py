"""A document's matches as a season's shape: stages, their groups or ties, and rounds.

Plain data, nothing read or written: ``shape_season`` takes the parsed
matches with their teams already found (any hashable values that print as
names) and returns the stages in file order. A league round ("Group,
Matchday 3") is round 3 of a round-robin stage, split into groups by the
file's ``group`` field or, when it gives none, by who plays whom (the
heuristic ``groups_by_opponents``, which says when it fires). A knockout
round ("Finals, Semifinals") is a knockout stage of its own, whose meetings
between the same two teams are the legs of one tie: round 1, 2, and any
third meeting a play-off. A play-off round is a one-match knockout stage
outside any table.
"""

from dataclasses import dataclass, field
from string import ascii_uppercase

from django.utils.text import slugify
from django.utils.translation import gettext

from .parse import THIRD_PLACE_ROUND, FootballJsonError, RoundKind

# A set of teams that only meet each other is a group if it has at least this many:
# two teams alone are more likely the first round of a group not yet complete.
SMALLEST_GROUP = 3


@dataclass
class PlannedMatch:
    parsed: object  # the ParsedMatch
    home: object
    away: object
    round: int  # a league round, or a tie's leg (3 and later: play-offs)


@dataclass
class GroupPlan:
    name: str | None  # None: the stage's only group, named as the stage
    inferred: bool = False  # named "Group A"... by groups_by_opponents
    tie: bool = False
    matches: list = field(default_factory=list)

    @property
    def teams(self):
        """The group's teams, in order of first appearance."""
        return list(dict.fromkeys(t for m in self.matches for t in (m.home, m.away)))


@dataclass
class StagePlan:
    name: str
    knockout: bool
    play_off: bool = False  # a decider outside the table
    legs: int = 1
    groups: list = field(default_factory=list)
    where: str = ""  # the first match's place, for messages


@dataclass
class Shape:
    stages: list
    warnings: list


def shape_season(resolved, default_stage):
    """[(ParsedMatch, home, away), ...] in file order → Shape, or FootballJsonError."""
    errors, warnings = [], []
    buckets = {}  # stage slug → (StagePlan, [(parsed, home, away)])
    for parsed, home, away in resolved:
        kind = parsed.round_name.kind
        name = parsed.round_name.stage_name or default_stage
        key = slugify(name) or name.casefold()
        if key not in buckets:
            plan = StagePlan(
                name,
                knockout=kind != RoundKind.LEAGUE,
                play_off=kind == RoundKind.PLAY_OFF,
                where=parsed.where,
            )
            buckets[key] = (plan, [])
        plan, entries = buckets[key]
        if plan.knockout != (kind != RoundKind.LEAGUE):
            errors.append(
                gettext(
                    "%(match)s: the stage %(stage)s has both round-robin and knockout "
                    "rounds (%(where)s): name them apart."
                )
                % {"match": parsed.label, "stage": plan.name, "where": plan.where}
            )
            continue
        entries.append((parsed, home, away))
    for plan, entries in buckets.values():
        if plan.knockout:
            _ties(plan, entries)
        else:
            _groups(plan, entries, errors, warnings)
    if errors:
        raise FootballJsonError("\n".join(errors))
    return Shape(_final_last([plan for plan, _ in buckets.values()]), warnings)


def _final_last(plans):
    """A third-place match listed after the final is played before it in our order:
    the last stage is the one that decides the title."""
    third = [p for p in plans if p.knockout and THIRD_PLACE_ROUND.match(p.name)]
    if not third or plans[-1] not in third:
        return plans
    others = [p for p in plans if p not in third]
    return others[:-1] + third + others[-1:]


def _groups(plan, entries, errors, warnings):
    named = [parsed for parsed, _, _ in entries if parsed.group]
    if named and len(named) < len(entries):
        for parsed, _, _ in entries:
            if not parsed.group:
                errors.append(
                    gettext(
                        "%(match)s: no group, while other matches of the stage %(stage)s "
                        "name theirs (%(where)s: %(group)s)."
                    )
                    % {
                        "match": parsed.label,
                        "stage": plan.name,
                        "where": named[0].where,
                        "group": named[0].group,
                    }
                )
        return
    if named:
        by_name = {}
        for parsed, home, away in entries:
            group = by_name.setdefault(parsed.group.casefold(), GroupPlan(parsed.group))
            group.matches.append(PlannedMatch(parsed, home, away, parsed.round))
        plan.groups = list(by_name.values())
    else:
        plan.groups = groups_by_opponents(entries)
        if len(plan.groups) > 1 and min(len(g.teams) for g in plan.groups) < SMALLEST_GROUP:
            warnings.append(
                gettext(
                    "Stage %(stage)s: its teams fall into %(count)s sets that never "
                    "meet, some too small to be groups (heuristic groups_by_opponents): kept as "
                    'one group. Give the matches a "group" to split it.'
                )
                % {"stage": plan.name, "count": len(plan.groups)}
            )
            plan.groups = [GroupPlan(None, matches=[m for g in plan.groups for m in g.matches])]
            plan.groups[0].matches.sort(key=lambda m: m.parsed.index)
        elif len(plan.groups) > 1:
            groups = "; ".join(
                f"{g.name}: {', '.join(str(t) for t in g.teams)}" for g in plan.groups
            )
            warnings.append(
                gettext(
                    "Stage %(stage)s: the file gives no group, so its %(count)s groups "
                    "were inferred from who plays whom (heuristic groups_by_opponents): "
                    "%(groups)s."
                )
                % {"stage": plan.name, "count": len(plan.groups), "groups": groups}
            )
    for group in plan.groups:
        seen = {}
        for match in group.matches:
            key = (match.round, match.home, match.away)
            if key in seen:
                errors.append(
                    gettext(
                        "%(match)s: the same match as %(other)s, "
                        "%(home)s v %(away)s in round %(round)s."
                    )
                    % {
                        "match": match.parsed.label,
                        "other": seen[key].parsed.where,
                        "home": match.home,
                        "away": match.away,
                        "round": match.round,
                    }
                )
            seen.setdefault(key, match)


def groups_by_opponents(entries):
    """Split a stage's matches into groups of teams that play each other.

    The groups are the connected parts of the graph of who plays whom, named
    "Group A", "Group B"... in order of first appearance; a stage that is all
    one part is one group (name None: the stage's own).
    """
    parent = {}

    def root(team):
        parent.setdefault(team, team)
        while parent[team] != team:
            parent[team] = parent[parent[team]]
            team = parent[team]
        return team

    for _, home, away in entries:
        parent[root(home)] = root(away)
    groups = {}
    for parsed, home, away in entries:
        group = groups.setdefault(root(home), GroupPlan(None, inferred=True))
        group.matches.append(PlannedMatch(parsed, home, away, parsed.round))
    plans = list(groups.values())
    if len(plans) == 1:
        plans[0].inferred = False
        return plans
    for index, group in enumerate(plans):
        letter = ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)
        group.name = f"Group {letter}"  # stored: English, as openfootball names groups
    return plans


def _ties(plan, entries):
    """One tie per pair of teams; its meetings, in date (else file) order, are its legs."""
    ties = {}
    for parsed, home, away in entries:
        ties.setdefault(frozenset((home, away)), []).append((parsed, home, away))
    for meetings in ties.values():
        if all(parsed.date for parsed, _, _ in meetings):
            meetings.sort(key=lambda m: (m[0].date, m[0].index))
        group = GroupPlan(None, tie=True)
        for leg, (parsed, home, away) in enumerate(meetings, start=1):
            group.matches.append(PlannedMatch(parsed, home, away, leg))
        plan.groups.append(group)
    two_legged = any(len(group.matches) > 1 for group in plan.groups)
    plan.legs = 2 if two_legged and not plan.play_off else 1
