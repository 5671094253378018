"""The standings engine: from a group's results and rules to an ordered table.

Pure Python: no ORM, no settings. Teams are any hashable keys (the ORM side
passes team ids). ``tournaments.services.recompute_group`` feeds it and stores
the rows.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

Team = Hashable


class Tiebreaker(StrEnum):
    POINTS = "points"
    GOAL_DIFFERENCE = "goal_difference"
    GOALS_FOR = "goals_for"
    HEAD_TO_HEAD = "head_to_head"
    WINS = "wins"


DEFAULT_TIEBREAKERS = (
    Tiebreaker.POINTS,
    Tiebreaker.GOAL_DIFFERENCE,
    Tiebreaker.GOALS_FOR,
)


@dataclass(frozen=True)
class Result:
    """One match as the engine sees it.

    A walkover carries its awarded score. ``counts`` is False for matches that
    stay out of the table (a play-off, an annulled match); a match without a
    score has not been played and is left out too.
    """

    home: Team
    away: Team
    home_goals: int | None
    away_goals: int | None
    counts: bool = True
    round: int | None = None

    @property
    def is_played(self):
        return self.home_goals is not None and self.away_goals is not None


@dataclass(frozen=True)
class Zone:
    """Positions first..last (inclusive) get the status ``code`` (e.g. "P")."""

    first: int
    last: int
    code: str


@dataclass(frozen=True)
class Rules:
    points_for_win: int = 3
    points_for_draw: int = 1
    tiebreakers: Sequence[Tiebreaker] = DEFAULT_TIEBREAKERS


@dataclass
class Row:
    team: Team
    position: int = 0
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    points: int = 0
    adjustment: int = 0
    status: str = ""
    shared: bool = False

    @property
    def goal_difference(self):
        return self.goals_for - self.goals_against

    def add(self, scored, conceded, rules):
        self.played += 1
        self.goals_for += scored
        self.goals_against += conceded
        if scored > conceded:
            self.won += 1
            self.points += rules.points_for_win
        elif scored == conceded:
            self.drawn += 1
            self.points += rules.points_for_draw
        else:
            self.lost += 1


def compute_table(
    teams: Iterable[Team],
    results: Iterable[Result],
    rules: Rules = Rules(),
    adjustments: Mapping[Team, int] | None = None,
    manual_order: Mapping[Team, int] | None = None,
    zones: Iterable[Zone] = (),
) -> list[Row]:
    """Return the table's rows, best first.

    ``teams`` lists the group's members; their order is kept among teams that
    no tiebreaker separates, which then share a position. ``adjustments`` adds
    (or deducts) points per team. ``manual_order`` maps teams to a final
    position fixed by hand: when given, it decides the order, teams without a
    manual position following in computed order, and no position is shared.
    """
    teams = list(dict.fromkeys(teams))
    zones = list(zones)
    counted = [r for r in results if r.counts and r.is_played]
    rows = _records(teams, counted, rules)
    for team, points in (adjustments or {}).items():
        if team in rows:
            rows[team].points += points
            rows[team].adjustment += points

    blocks = _order(teams, list(rules.tiebreakers), rows, counted, rules)
    ordered = []
    for block in blocks:
        position = len(ordered) + 1
        for team in block:
            rows[team].position = position
            rows[team].shared = len(block) > 1
            ordered.append(rows[team])

    manual_order = {t: p for t, p in (manual_order or {}).items() if t in rows}
    if manual_order:
        ordered = _apply_manual_order(ordered, manual_order)

    for row in ordered:
        row.status = next((z.code for z in zones if z.first <= row.position <= z.last), "")
    return ordered


def _apply_manual_order(ordered, manual_order):
    """Teams fixed by hand take exactly their position; the others fill the free
    places in computed order. The order is then final: no position is shared."""
    slots = [None] * len(ordered)
    overflow = []
    for row in sorted(
        (r for r in ordered if r.team in manual_order), key=lambda r: manual_order[r.team]
    ):
        place = min(max(manual_order[row.team], 1), len(slots)) - 1
        while place < len(slots) and slots[place] is not None:
            place += 1
        if place < len(slots):
            slots[place] = row
        else:
            overflow.append(row)
    rest = iter([r for r in ordered if r.team not in manual_order] + overflow)
    final = [slot if slot is not None else next(rest) for slot in slots]
    for index, row in enumerate(final, start=1):
        row.position, row.shared = index, False
    return final


def positions_by_round(
    teams: Iterable[Team],
    results: Iterable[Result],
    rules: Rules = Rules(),
    adjustments: Mapping[Team, int] | None = None,
) -> dict[int, list[Row]]:
    """The table after each round that has a counted result, by round number.

    A manual final order is a decision about the end of the season, so it is
    not applied here; point adjustments are.
    """
    teams = list(dict.fromkeys(teams))
    results = [r for r in results if r.counts and r.is_played and r.round is not None]
    rounds = sorted({r.round for r in results})
    return {
        number: compute_table(teams, [r for r in results if r.round <= number], rules, adjustments)
        for number in rounds
    }


def _records(teams, results, rules):
    rows = {team: Row(team) for team in teams}
    for result in results:
        if result.home not in rows or result.away not in rows:
            continue
        rows[result.home].add(result.home_goals, result.away_goals, rules)
        rows[result.away].add(result.away_goals, result.home_goals, rules)
    return rows


def _order(teams, tiebreakers, rows, results, rules):
    """Split ``teams`` into blocks that the tiebreakers cannot separate, best first."""
    if len(teams) < 2 or not tiebreakers:
        return [teams]
    criterion, rest = tiebreakers[0], tiebreakers[1:]
    if criterion == Tiebreaker.HEAD_TO_HEAD:
        blocks = _head_to_head(teams, results, rules)
    else:
        blocks = _split_by(teams, lambda team: _value(rows[team], criterion))
    ordered = []
    for block in blocks:
        ordered.extend(_order(block, rest, rows, results, rules))
    return ordered


def _value(row, criterion):
    if criterion == Tiebreaker.POINTS:
        return row.points
    if criterion == Tiebreaker.GOAL_DIFFERENCE:
        return row.goal_difference
    if criterion == Tiebreaker.GOALS_FOR:
        return row.goals_for
    if criterion == Tiebreaker.WINS:
        return row.won
    raise ValueError(f"Unknown tiebreaker: {criterion!r}")


def _split_by(teams, key):
    """Group teams by descending key, keeping the given order inside a group."""
    blocks = {}
    for team in teams:
        blocks.setdefault(key(team), []).append(team)
    return [blocks[value] for value in sorted(blocks, reverse=True)]


def _head_to_head(teams, results, rules):
    """Order tied teams by the matches among themselves only.

    Points, then goal difference, then goals scored in those matches. A subset
    still level after a split is compared again on its own matches, until
    nothing more separates.
    """
    among = set(teams)
    mini = _records(teams, [r for r in results if r.home in among and r.away in among], rules)
    blocks = _split_by(
        teams, lambda t: (mini[t].points, mini[t].goal_difference, mini[t].goals_for)
    )
    if len(blocks) == 1:
        return blocks
    ordered = []
    for block in blocks:
        ordered.extend(_head_to_head(block, results, rules) if len(block) > 1 else [block])
    return ordered
