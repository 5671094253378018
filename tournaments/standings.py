"""The standings engine: from a group's results and rules to an ordered table.

Pure Python: no ORM, no settings. Teams are any hashable keys (the ORM side
passes team ids). ``tournaments.services.recompute_group`` feeds it and stores
the rows.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import groupby

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
    _adjust(rows, adjustments)
    ordered = _rank(teams, rows, counted, rules)

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
    """The table after each round that has a counted result, by round number: the
    table compute_table would give of the results up to that round.

    A manual final order is a decision about the end of the season, so it is
    not applied here; point adjustments are. The records are carried from one
    round to the next rather than counted again from the first round.
    """
    teams = list(dict.fromkeys(teams))
    counted = sorted(
        (r for r in results if r.counts and r.is_played and r.round is not None),
        key=lambda r: r.round,
    )
    running = _records(teams, [], rules)
    _adjust(running, adjustments)
    tables, so_far = {}, []
    for number, in_round in groupby(counted, key=lambda r: r.round):
        in_round = list(in_round)
        _add_results(running, in_round, rules)
        so_far.extend(in_round)
        rows = {team: copy(row) for team, row in running.items()}
        tables[number] = _rank(teams, rows, so_far, rules)
    return tables


def _rank(teams, rows, results, rules):
    """The rows in order, each with its position and whether it shares it."""
    ordered = []
    for block in _order(teams, list(rules.tiebreakers), rows, results, rules):
        position = len(ordered) + 1
        for team in block:
            rows[team].position = position
            rows[team].shared = len(block) > 1
            ordered.append(rows[team])
    return ordered


def _adjust(rows, adjustments):
    for team, points in (adjustments or {}).items():
        if team in rows:
            rows[team].points += points
            rows[team].adjustment += points


def _records(teams, results, rules):
    rows = {team: Row(team) for team in teams}
    _add_results(rows, results, rules)
    return rows


def _add_results(rows, results, rules):
    for result in results:
        if result.home not in rows or result.away not in rows:
            continue
        rows[result.home].add(result.home_goals, result.away_goals, rules)
        rows[result.away].add(result.away_goals, result.home_goals, rules)


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


# Knockout ties ----------------------------------------------------------------


class TieRule(StrEnum):
    """How a stage decides a tie that its legs leave level, after one or two legs."""

    AGGREGATE = "aggregate"  # goals over the legs, then penalties in the last leg
    AWAY_GOALS = "away_goals"  # goals, then away goals, then penalties in the last leg
    POINTS = "points"  # points over the legs, then a play-off
    POINTS_GOAL_DIFFERENCE = "points_goal_difference"  # points, goal difference, play-off


class TieDecision(StrEnum):
    MATCH = "match"  # a single match, won in normal or extra time
    AGGREGATE = "aggregate"
    AWAY_GOALS = "away_goals"
    POINTS = "points"
    GOAL_DIFFERENCE = "goal_difference"
    PENALTIES = "penalties"
    PLAY_OFF = "play_off"
    WALKOVER = "walkover"


@dataclass(frozen=True)
class TieRules:
    legs: int = 2
    rule: TieRule = TieRule.AGGREGATE

    @property
    def play_off_decides(self):
        return self.legs > 1 and self.rule in (TieRule.POINTS, TieRule.POINTS_GOAL_DIFFERENCE)


@dataclass(frozen=True)
class Leg:
    """One match of a tie, in the order played: the regular legs, then any play-off."""

    home: Team
    away: Team
    home_goals: int | None
    away_goals: int | None
    home_penalties: int | None = None
    away_penalties: int | None = None
    walkover: bool = False

    @property
    def is_played(self):
        return self.home_goals is not None and self.away_goals is not None

    @property
    def has_shootout(self):
        return self.home_penalties is not None and self.away_penalties is not None

    def goals_of(self, team):
        return self.home_goals if team == self.home else self.away_goals

    def shootout_winner(self):
        return self.home if self.home_penalties > self.away_penalties else self.away


@dataclass
class TieResult:
    """``first`` is the home team of the first leg. The goals are over the regular
    legs, None until they are all played. ``level`` says that the regular legs,
    shoot-out aside, left the teams level: the tie needs penalties or a play-off."""

    first: Team = None
    second: Team = None
    first_goals: int | None = None
    second_goals: int | None = None
    winner: Team = None
    loser: Team = None
    decided_by: TieDecision | None = None
    level: bool = False
    shootout: bool = False

    def decide(self, winner, decided_by, shootout=False):
        self.winner = winner
        self.loser = self.second if winner == self.first else self.first
        self.decided_by = decided_by
        self.shootout = shootout
        return self


def tie_result(legs: Sequence[Leg], rules: TieRules = TieRules()) -> TieResult:
    """Who won a knockout tie, and how.

    The first ``rules.legs`` legs are the regular ones; any later match is a
    play-off, which settles the tie on its own whatever the legs said (it was
    played because the organiser judged them level). A shoot-out counts only
    in the last regular leg of a rule that allows it, or in a play-off.
    """
    if not legs:
        return TieResult()
    result = TieResult(first=legs[0].home, second=legs[0].away)
    regular, play_offs = list(legs[: rules.legs]), list(legs[rules.legs :])
    if len(regular) < rules.legs or not all(leg.is_played for leg in regular):
        return result
    result.first_goals = sum(leg.goals_of(result.first) for leg in regular)
    result.second_goals = sum(leg.goals_of(result.second) for leg in regular)
    decided = _decide_by_legs(result, regular, rules)
    if decided is None:
        result.level = True
    played_off = [leg for leg in play_offs if leg.is_played]
    if played_off:
        return _decide_by_play_off(result, played_off[-1])
    if decided is not None:
        return result.decide(*decided)
    last = regular[-1]
    if last.has_shootout and not rules.play_off_decides:
        return result.decide(last.shootout_winner(), TieDecision.PENALTIES, shootout=True)
    return result


def _decide_by_legs(result, regular, rules):
    """(winner, how) from the regular legs alone, or None when they leave it level."""
    first, second = result.first, result.second
    walkover = any(leg.walkover for leg in regular)
    if result.first_goals != result.second_goals and not rules.play_off_decides:
        winner = first if result.first_goals > result.second_goals else second
        if walkover:
            return winner, TieDecision.WALKOVER
        return winner, TieDecision.MATCH if rules.legs == 1 else TieDecision.AGGREGATE
    if rules.legs > 1 and rules.rule == TieRule.AWAY_GOALS:
        away = {
            team: sum(leg.goals_of(team) for leg in regular if leg.away == team)
            for team in (first, second)
        }
        if away[first] != away[second]:
            return (first if away[first] > away[second] else second), TieDecision.AWAY_GOALS
    if rules.play_off_decides:
        wins = {
            team: sum(1 for leg in regular if _leg_winner(leg) == team) for team in (first, second)
        }
        if wins[first] != wins[second]:
            return (first if wins[first] > wins[second] else second), TieDecision.POINTS
        if (
            rules.rule == TieRule.POINTS_GOAL_DIFFERENCE
            and result.first_goals != result.second_goals
        ):
            winner = first if result.first_goals > result.second_goals else second
            return winner, TieDecision.GOAL_DIFFERENCE
    return None


def _leg_winner(leg):
    if leg.home_goals == leg.away_goals:
        return None
    return leg.home if leg.home_goals > leg.away_goals else leg.away


def _decide_by_play_off(result, play_off):
    winner = _leg_winner(play_off)
    if winner is not None:
        return result.decide(winner, TieDecision.PLAY_OFF)
    if play_off.has_shootout:
        return result.decide(play_off.shootout_winner(), TieDecision.PLAY_OFF, shootout=True)
    return result


def shootout_allowed(legs: Sequence[Leg], rules: TieRules, index: int) -> bool:
    """May leg ``index`` of the tie end in a penalty shoot-out?

    A play-off may, when its own score is level. A regular leg may only when it
    is the last one, the rule decides level ties on penalties (not by a
    play-off), and the regular legs, shoot-out aside, leave the teams level.
    """
    leg = legs[index]
    if not leg.is_played or leg.walkover:
        return False
    if index >= rules.legs:
        return leg.home_goals == leg.away_goals
    if index != rules.legs - 1 or rules.play_off_decides:
        return False
    regular = [_without_shootout(each) for each in legs[: rules.legs]]
    return tie_result(regular, rules).level


def play_off_allowed(legs: Sequence[Leg], rules: TieRules) -> bool:
    """A play-off is played only when the regular legs leave the tie level."""
    regular = [_without_shootout(each) for each in legs[: rules.legs]]
    outcome = tie_result(regular, rules)
    return outcome.level and (rules.play_off_decides or not legs[rules.legs - 1].has_shootout)


def _without_shootout(leg):
    return replace(leg, home_penalties=None, away_penalties=None)


# Published tables ---------------------------------------------------------------

COMPARED_COLUMNS = ("played", "won", "drawn", "lost", "goals_for", "goals_against", "points")


def results_cover(published: Iterable[Row], results: Iterable[Result]) -> bool:
    """Do the recorded results account for every match the published table counts?

    Until they do, the published table is the record; from then on the table is
    computed from the results, and compared with the published one.
    """
    published = list(published)
    needed = sum(row.played for row in published)
    teams = {row.team for row in published}
    counted = [
        r for r in results if r.counts and r.is_played and r.home in teams and r.away in teams
    ]
    return needed > 0 and 2 * len(counted) >= needed


@dataclass(frozen=True)
class Difference:
    team: Team
    column: str
    published: object
    computed: object


def table_differences(published: Iterable[Row], computed: Iterable[Row]) -> list[Difference]:
    """Where a published table and the computed one disagree, column by column.

    A team in only one of them is reported with ``column="team"``.
    """
    mine = {row.team: row for row in computed}
    differences = []
    for row in published:
        other = mine.pop(row.team, None)
        if other is None:
            differences.append(Difference(row.team, "team", "listed", "not in the group"))
            continue
        for column in ("position", *COMPARED_COLUMNS):
            ours, theirs = getattr(row, column), getattr(other, column)
            if ours != theirs:
                differences.append(Difference(row.team, column, ours, theirs))
    differences += [Difference(team, "team", "not listed", "in the group") for team in mine]
    return differences


def team_record(team: Team, results: Iterable[Result], rules: Rules = Rules()) -> Row:
    """A team's record over any set of results (a season, a career, a head-to-head)."""
    row = Row(team)
    for result in results:
        if not result.is_played:
            continue
        if result.home == team:
            row.add(result.home_goals, result.away_goals, rules)
        elif result.away == team:
            row.add(result.away_goals, result.home_goals, rules)
    return row


# Totals over several tables (an all-time table) ---------------------------------


def rescored(row: Row, rules: Rules) -> Row:
    """The record ``row`` with its points counted again under ``rules``, its point
    adjustment kept: seasons of 2 and of 3 points a win compared on one basis."""
    points = row.won * rules.points_for_win + row.drawn * rules.points_for_draw
    return replace(row, points=points + row.adjustment)


def rank(rows: Iterable[Row], tiebreakers: Sequence[Tiebreaker] = DEFAULT_TIEBREAKERS) -> list[Row]:
    """Rows already totalled, best first, each with its position: ordered by the
    tiebreakers (head-to-head, which needs the results, separates no one here);
    identical records share a position and keep their given order."""
    by_team = {row.team: row for row in rows}
    return _rank(list(by_team), by_team, [], Rules(tiebreakers=tiebreakers))
