"""What the public pages compute from data already loaded: no queries here.

Season statistics, results cross-tables, knockout aggregates and brackets, the
geometry of the positions-by-round chart, how a team's season ended, and how a
group's results are cut into pages. Standings themselves are stored, never
computed per request.
"""

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Stage, as_leg, leg_order, tie_legs, versus
from .standings import Result, TieDecision, TieRules, tie_result
from .standings import team_record as engine_team_record


@dataclass
class SeasonStats:
    matches_played: int = 0
    total_goals: int = 0
    biggest_home_win: object = None
    biggest_away_win: object = None
    highest_scoring: object = None
    biggest_win: object = None  # either side: where a neutral venue makes home meaningless

    @property
    def goals_per_match(self):
        return self.total_goals / self.matches_played if self.matches_played else None


def season_stats(matches, neutral_groups=frozenset()):
    """Figures over the played matches; walkovers have no real goals, so they don't count.
    The matches of ``neutral_groups`` (group pks: played at a neutral venue) are no
    side's home or away win; they count for ``biggest_win``."""
    stats = SeasonStats()
    for match in matches:
        if match.home_score is None or match.walkover or match.status != "played":
            continue
        stats.matches_played += 1
        total = match.home_score + match.away_score
        stats.total_goals += total
        margin = match.home_score - match.away_score
        if margin and _beats(match, stats.biggest_win, abs(margin)):
            stats.biggest_win = match
        home_ground = match.group_id not in neutral_groups
        if home_ground and margin > 0 and _beats(match, stats.biggest_home_win, margin):
            stats.biggest_home_win = match
        if home_ground and margin < 0 and _beats(match, stats.biggest_away_win, -margin):
            stats.biggest_away_win = match
        best = stats.highest_scoring
        if best is None or total > best.home_score + best.away_score:
            stats.highest_scoring = match
    return stats


def _beats(match, best, margin):
    """A wider margin wins; on the same margin, more goals; else the earlier match stays."""
    if best is None:
        return True
    best_margin = abs(best.home_score - best.away_score)
    if margin != best_margin:
        return margin > best_margin
    return match.home_score + match.away_score > best.home_score + best.away_score


def neutral_venue(venues, cities):
    """The one venue of a set of matches, if it is none of their teams' home ground; else
    None. ``venues``: each match's (None where not recorded); ``cities``: its teams'
    ("" where unknown). The record names no team's ground, so a team's home is taken to
    be any ground in its city; where a venue or a city is unknown, so is the answer (None).
    At a neutral venue "home" and "away" only say which team is named first."""
    distinct = set(venues)
    if len(distinct) != 1:
        return None
    (venue,) = distinct
    if venue is None or not venue.city.strip():
        return None
    homes = {city.strip().casefold() for city in cities}
    if not homes or "" in homes or venue.city.strip().casefold() in homes:
        return None
    return venue


@dataclass
class CrossTable:
    teams: list
    # [(home team, [cell, ...]), ...]; a cell is None on the diagonal, else the
    # matches between the two teams as [(match's url, its score or "v"), ...].
    rows: list = field(default_factory=list)


def cross_table(teams, matches):
    """Home team × away team: each cell lists the matches between them (linked)."""
    by_pair = {}
    for match in matches:
        score = versus() if match.home_score is None else f"{match.home_score}–{match.away_score}"
        by_pair.setdefault((match.home_team_id, match.away_team_id), []).append((match.url, score))
    table = CrossTable(teams=list(teams))
    for home in table.teams:
        cells = [
            None if home.pk == away.pk else by_pair.get((home.pk, away.pk), [])
            for away in table.teams
        ]
        table.rows.append((home, cells))
    return table


TIE_DECISIONS = {
    TieDecision.MATCH: _("won the match"),
    TieDecision.AGGREGATE: _("won on aggregate"),
    TieDecision.AWAY_GOALS: _("won on away goals"),
    TieDecision.POINTS: _("won on points"),
    TieDecision.GOAL_DIFFERENCE: _("won on goal difference"),
    TieDecision.PENALTIES: _("won on penalties"),
    TieDecision.PLAY_OFF: _("won in a play-off"),
    TieDecision.WALKOVER: _("went through by walkover"),
}


# A bracket's column headings, (short, long).
LEG_COLUMNS = {
    1: (pgettext_lazy("first leg, short column heading", "1st"), _("First leg")),
    2: (pgettext_lazy("second leg, short column heading", "2nd"), _("Second leg")),
}


@dataclass
class TieLine:
    """One team's row of a tie in a bracket: its goals leg by leg, then the aggregate."""

    team: object
    cells: list  # [(match, goals or None, penalties or None), ...] in leg order
    aggregate: int | None
    winner: bool


@dataclass
class Tie:
    """A knockout tie for the pages: its legs in order and the engine's verdict."""

    legs: list
    regular_legs: int = 2
    first: object = None
    second: object = None
    first_goals: int | None = None
    second_goals: int | None = None
    winner: object = None
    loser: object = None
    decided_by: str = ""
    shootout: bool = False

    @property
    def how(self):
        """ "won on aggregate", "won in a play-off (on penalties)"…"""
        if not self.decided_by:
            return ""
        text = TIE_DECISIONS[self.decided_by]
        if self.shootout and self.decided_by == TieDecision.PLAY_OFF:
            # Translators: "won in a play-off, on penalties".
            return gettext("%(how)s, on penalties") % {"how": text}
        return text

    @property
    def lines(self):
        """The two teams' rows, first-leg home team first ([] before the tie has teams)."""
        if self.first is None:
            return []
        return [
            self._line(self.first, self.first_goals),
            self._line(self.second, self.second_goals),
        ]

    def _line(self, team, aggregate):
        cells = []
        for match in self.legs:
            home = match.home_team_id == team.pk
            goals = match.home_score if home else match.away_score
            penalties = match.home_penalties if home else match.away_penalties
            cells.append((match, goals, penalties))
        winner = self.winner is not None and self.winner.pk == team.pk
        return TieLine(team=team, cells=cells, aggregate=aggregate, winner=winner)

    @property
    def columns(self):
        """A bracket's column headings, (short, long): one per leg, then the aggregate."""
        columns = []
        for match in self.legs:
            if match.round > self.regular_legs:
                columns.append(
                    (pgettext("play-off, short column heading", "PO"), gettext("Play-off"))
                )
            elif self.regular_legs == 1:
                columns.append((gettext("Score"), gettext("Score")))
            else:
                columns.append(LEG_COLUMNS.get(match.round, (match.round, gettext("Leg"))))
        if self.regular_legs > 1:
            columns.append(
                (pgettext("aggregate, short column heading", "Agg."), gettext("Aggregate"))
            )
        return columns


def knockout_tie(matches, rules=None):
    """The tie of these matches (a knockout group's), decided by ``tie_result``.

    ``rules`` are the stage's (``stage.tie_rules``); annulled matches are shown
    but don't count.
    """
    rules = rules or TieRules()
    legs = sorted(matches, key=leg_order)
    tie = Tie(legs=legs, regular_legs=rules.legs)
    if not legs:
        return tie
    result = tie_result([as_leg(m) for m in tie_legs(legs)], rules)
    teams = {m.home_team_id: m.home_team for m in legs} | {
        m.away_team_id: m.away_team for m in legs
    }
    tie.first, tie.second = legs[0].home_team, legs[0].away_team
    tie.first_goals, tie.second_goals = result.first_goals, result.second_goals
    if result.first is not None and result.first != tie.first.pk:  # annulled first leg
        tie.first_goals, tie.second_goals = result.second_goals, result.first_goals
    if result.winner is not None:
        tie.winner, tie.loser = teams[result.winner], teams[result.loser]
        tie.decided_by, tie.shootout = result.decided_by, result.shootout
    return tie


def bracket_order(rounds):
    """Where each round's ties go in a bracket, and whether lines can join them.

    ``rounds`` are the ties of consecutive knockout stages, in the order played.
    When every tie of a round is fed by exactly two ties of the round before
    (its teams come from them), the earlier rounds are reordered so that the
    two ties feeding one sit side by side, and the bracket is ``connected``.
    Otherwise (byes, teams joining mid-way, a record with gaps) every round
    keeps its own order and no lines are drawn. Returns (orders, connected),
    ``orders`` giving each round's ties as indexes into it.
    """
    orders = [list(range(len(ties))) for ties in rounds]
    if len(rounds) < 2:
        return orders, False
    feeders = [_feeders(earlier, later) for earlier, later in pairwise(rounds)]
    if any(f is None for f in feeders):
        return orders, False
    for index in range(len(rounds) - 2, -1, -1):
        orders[index] = [f for tie in orders[index + 1] for f in feeders[index][tie]]
    return orders, True


def _feeders(earlier, later):
    """For each tie of ``later``, the two ties of ``earlier`` its teams came from, or None."""
    if len(earlier) != 2 * len(later):
        return None
    tie_of = {}
    for index, tie in enumerate(earlier):
        for team in (tie.first, tie.second):
            if team is not None:
                tie_of[team.pk] = index
    feeders = []
    for tie in later:
        if tie.first is None:
            return None
        pair = [tie_of.get(tie.first.pk), tie_of.get(tie.second.pk)]
        if None in pair or pair[0] == pair[1]:
            return None
        feeders.append(pair)
    if sorted(f for pair in feeders for f in pair) != list(range(len(earlier))):
        return None
    return feeders


def team_record(team, matches):
    """A team's record over these matches, by the engine's one rule (unplayed ones left out)."""
    results = [
        Result(
            home=m.home_team_id,
            away=m.away_team_id,
            home_goals=m.home_score if m.status == "played" else None,
            away_goals=m.away_score if m.status == "played" else None,
        )
        for m in matches
    ]
    return engine_team_record(team.pk, results)


def standing_data(standing):
    """A stored table row as plain data: what `manage.py standings --json` prints and
    the API serves (``standing.team`` loaded)."""
    return {
        "position": standing.position,
        "team": standing.team.name,
        "played": standing.played,
        "won": standing.won,
        "drawn": standing.drawn,
        "lost": standing.lost,
        "goals_for": standing.goals_for,
        "goals_against": standing.goals_against,
        "points": standing.points,
        "status": standing.status,
    }


@dataclass
class Line:
    team: object
    status: str
    points: str  # SVG polyline points
    label_y: float  # the baseline of its label
    position: int
    by_round: list  # its position after each of the chart's rounds (None: not in that table)


@dataclass
class Chart:
    width: int
    height: int
    rounds: list  # [(axis label, x)]
    round_numbers: list
    positions: list  # [(position, baseline y of its number)]
    lines: list
    label_x: float
    grid_bottom: int
    axis_y: int  # the baseline of the round labels


TEXT_BASELINE = 4  # from a row's middle to the baseline of the text centred on it


def round_label(number):
    # Translators: a chart's axis: a round, abbreviated ("R1" for round 1).
    return pgettext("chart axis: a round, abbreviated", "R%(number)s") % {"number": number}


def positions_chart(tables, standings, row_height=26, round_width=56):
    """Geometry of the positions-by-round chart: one line per team, position 1 on top.

    ``tables`` is one group's table after each round, {round: engine rows}
    (services.round_tables), ``standings`` its stored rows (for the final order
    and the status).
    """
    rounds = sorted(tables)
    if len(rounds) < 2 or not standings:
        return None
    count = len(standings)
    left, top = 36, 20
    x_of = {n: left + i * round_width for i, n in enumerate(rounds)}

    def y_of(position):
        return top + (position - 1) * row_height

    by_team = {}  # {team id: [(round, position), ...]} in round order
    for number in rounds:
        for row in tables[number]:
            by_team.setdefault(row.team, []).append((number, row.position))
    lines = []
    for standing in standings:
        points = by_team.get(standing.team_id)
        if not points:
            continue
        lines.append(
            Line(
                team=standing.team,
                status=standing.status,
                points=" ".join(f"{x_of[number]},{y_of(position)}" for number, position in points),
                # rows, not positions: shared places don't overlap
                label_y=y_of(standing.row) + TEXT_BASELINE,
                position=standing.position,
                by_round=[dict(points).get(number) for number in rounds],
            )
        )
    label_x = x_of[rounds[-1]] + 10
    height = top * 2 + (count - 1) * row_height
    return Chart(
        # The lines end in their final position; the teams' names are in a legend
        # beside the chart (HTML, so that long names wrap on a phone).
        width=int(label_x + 24),
        height=height,
        rounds=[(round_label(n), x_of[n]) for n in rounds],
        round_numbers=rounds,
        positions=[(p, y_of(p) + TEXT_BASELINE) for p in range(1, count + 1)],
        lines=lines,
        label_x=label_x,
        grid_bottom=height - 8,
        axis_y=height - 2,
    )


def stage_blocks(stages):
    """The season page's sections in the order played: each group stage on its own,
    consecutive knockout stages together as one bracket (each stage a round).

    ``stages`` are ``{"stage": stage, "groups": [section, ...]}``, a knockout
    section holding its ``tie``."""
    blocks = []
    for stage in stages:
        if stage["stage"].kind != Stage.Kind.KNOCKOUT:
            blocks.append(stage)
        elif blocks and "rounds" in blocks[-1]:
            blocks[-1]["rounds"].append(stage)
        else:
            blocks.append({"rounds": [stage]})
    return [bracket(block["rounds"]) if "rounds" in block else block for block in blocks]


def bracket(rounds):
    """A bracket's rounds, their ties placed so that two feeding one sit side by side.

    In a connected bracket, the ties of every round but the last come in pairs
    (``slots``), which the stylesheet joins to the tie they feed. A round's ``venue``
    is its stage's neutral venue (selectors.mark_venues), if any.
    """
    orders, connected = bracket_order(
        [[section["tie"] for section in stage["groups"]] for stage in rounds]
    )
    levels = {stage["stage"].level for stage in rounds}  # one stated level heads the bracket
    columns = []
    for number, (stage, order) in enumerate(zip(rounds, orders, strict=True), start=1):
        ties = [stage["groups"][index] for index in order]
        if connected and number < len(rounds):
            slots = [ties[i : i + 2] for i in range(0, len(ties), 2)]
        else:
            slots = [[tie] for tie in ties]
        columns.append(
            {"stage": stage["stage"], "ties": ties, "slots": slots, "venue": stage.get("venue")}
        )
    venues = {column["venue"] for column in columns}
    return {
        "rounds": columns,
        "connected": connected,
        # The neutral venue of every round, if they share one (else each round's is said).
        "venue": venues.pop() if len(venues) == 1 else None,
        "level": rounds[0]["stage"].get_level_display()
        if len(levels) == 1 and "" not in levels
        else "",
    }


def results_pages(rounds, per_page):
    """How a group's results are cut into pages of at most ``per_page`` matches.

    ``rounds`` are (round number, match count) in the order shown. Whole rounds
    are packed while they fit; a round bigger than a page takes pages of its own.
    Returns each page as (start, stop): a slice of the matches in that order.
    """
    pages, start, stop = [], 0, 0
    for _number, count in rounds:
        if stop > start and stop + count - start > per_page:  # it does not fit: a new page
            pages.append((start, stop))
            start = stop
        stop += count
        while stop - start > per_page:  # a round bigger than a page
            pages.append((start, start + per_page))
            start += per_page
    if stop > start:
        pages.append((start, stop))
    return pages


def round_pages(rounds, pages):
    """(round number, the page its first match is on, counted from 1) for each round."""
    links, offset, page = [], 0, 0
    for number, count in rounds:
        while pages[page][1] <= offset:
            page += 1
        links.append((number, page + 1))
        offset += count
    return links


def season_outcome(team, season, group, standing, matches, first_stage=None):
    """ "Champion", "Lost to X in the Semi-finals (X won on penalties)", "3rd in Final
    group", or the furthest stage's name when nothing more is known. With no ``group``
    (the team is in none of the season's recorded groups), that it went out before
    ``first_stage``, the first on record, or is not in it while the season goes on;
    "" if the season has no stage on record."""
    if season.champion_id == team.pk:
        return gettext("Champion")
    if season.runner_up_id == team.pk:
        return gettext("Runner-up")
    if group is None:
        return early_exit(season, first_stage) if first_stage else ""
    stage = group.stage
    if stage.kind == Stage.Kind.KNOCKOUT:
        tie = knockout_tie(matches, stage.tie_rules)
        if tie.winner is None:
            return stage.display_name
        names = {"stage": stage.display_name, "how": tie.how}
        if tie.winner.pk == team.pk:
            return gettext("Beat %(loser)s in the %(stage)s (%(how)s)") % {
                "loser": tie.loser,
                **names,
            }
        return gettext("Lost to %(winner)s in the %(stage)s (%(winner)s %(how)s)") % {
            "winner": tie.winner,
            **names,
        }
    if standing is None:
        return stage.display_name
    names = {"place": ordinal(standing.position), "group": group.display_name}
    if standing.shared_position:
        # Translators: "Joint 2nd in Group A": the place is an ordinal ("2nd", "2.º").
        return gettext("Joint %(place)s in %(group)s") % names
    # Translators: "3rd in Group A": the place is an ordinal ("3rd", "3.º").
    return gettext("%(place)s in %(group)s") % names


def early_exit(season, first_stage):
    names = {"stage": first_stage.display_name}
    if season.champion_id:
        # Translators: a team's season that ended before the first stage on record
        # ("Went out before the Final stage.").
        return gettext("Went out before the %(stage)s.") % names
    # Translators: a team's season still under way, in which the team is not among those
    # of the first stage on record ("Not in the Final stage.").
    return gettext("Not in the %(stage)s.") % names


def ordinal(number):
    """A place as an ordinal in the active language: "1st", "22nd", "13th" in English;
    each language gives its own form (in Spanish, "1.º") for each English ending."""
    if number % 100 in (11, 12, 13):
        return pgettext("ordinal ending in 11, 12 or 13", "%(number)sth") % {"number": number}
    if number % 10 == 1:
        return pgettext("ordinal ending in 1", "%(number)sst") % {"number": number}
    if number % 10 == 2:
        return pgettext("ordinal ending in 2", "%(number)snd") % {"number": number}
    if number % 10 == 3:
        return pgettext("ordinal ending in 3", "%(number)srd") % {"number": number}
    return pgettext("ordinal ending in 0 or 4 to 9", "%(number)sth") % {"number": number}
