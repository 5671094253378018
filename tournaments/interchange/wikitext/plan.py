"""The season's shape as an article gives it: stages in order, groups, ties.

Pure: it reads a parsed ``Article`` and decides, before anything is written,
which boxes play in which group, which groups keep their published table,
and how the knockout rounds ({{TwoLegResult}}, football boxes, brackets) make
stages of ties. What contradicts itself is an error; what repeats or is
assumed is a warning. Both are ``Problem``s with their line.
"""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext, pgettext

from ... import standings
from ..teams import name_key
from .parse import LEG, Problem

LEVELS = [  # (pattern of a heading, Stage.Level value); the innermost heading that fits wins
    (
        r"\bnational\b|\bnacional\b|\bfinal (group )?stage\b|\bfinal[ií]sima\b|\betapa final\b",
        "national",
    ),
    (r"\bregional\b", "regional"),
    (r"\bdepartment(al)?\b|\bdepartamental\b", "departmental"),
    (r"\bprovincial\b", "provincial"),
    (r"\bdistrict\b|\bdistrital\b", "district"),
]
RULES = [  # (phrase of a heading or paragraph, tie rule), most specific first
    (r"away goals|\(a\)", standings.TieRule.AWAY_GOALS),
    (r"\bpoints\b.*\bgoal difference\b", standings.TieRule.POINTS_GOAL_DIFFERENCE),
    (r"\bpoints\b", standings.TieRule.POINTS),
    (r"\baggregate\b", standings.TieRule.AGGREGATE),
]


def level_of(titles):
    """The stage level the innermost heading names ("Regional stage"), or ""."""
    for title in reversed(titles):
        for pattern, level in LEVELS:
            if re.search(pattern, title, re.IGNORECASE):
                return level
    return ""


def pair(team1, team2):
    return frozenset((name_key(team1), name_key(team2)))


def stage_key(name):
    """Stage names compared loosely: "Quarter-finals" is "Quarterfinals"."""
    return slugify(name).replace("-", "")


@dataclass
class KnockoutTie:
    team1: str  # at home in the first leg
    team2: str
    legs: list  # MatchBox, regular legs then play-offs
    line: int | None
    source: str
    away_goals: bool = False

    def describe(self):
        return pgettext("versus", "%(home)s v %(away)s") % {"home": self.team1, "away": self.team2}

    def goals(self):
        """(team 1's, team 2's) goals over the regular legs."""
        regular = [leg for leg in self.legs if not leg.play_off]
        return tuple(
            sum(
                leg.score1 if name_key(leg.team1) == name_key(team) else leg.score2
                for leg in regular
            )
            for team in (self.team1, self.team2)
        )


@dataclass
class KnockoutStage:
    name: str
    section: list
    key: tuple  # where it first appears: (line, round of a bracket)
    ties: dict = field(default_factory=dict)  # pair → KnockoutTie
    legs: int = 1
    rule: standings.TieRule = standings.TieRule.AGGREGATE
    rule_stated: bool = False

    def rounds(self, tie):
        """(round, box) of each of the tie's matches: legs 1..n, then play-offs."""
        numbered, play_offs = [], []
        for box in tie.legs:
            regular = not box.play_off and len(numbered) < self.legs
            (numbered if regular else play_offs).append(box)
        return [(i, box) for i, box in enumerate(numbered, start=1)] + [
            (self.legs + i, box) for i, box in enumerate(play_offs, start=1)
        ]


@dataclass
class Plan:
    group_boxes: list = field(default_factory=list)  # [(table, [box])]
    knockout: list = field(default_factory=list)  # KnockoutStage
    stage_places: dict = field(default_factory=dict)  # stage key → (order, level)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def place(self, name):
        return self.stage_places[stage_key(name)]


def plan_article(article):
    plan = Plan()
    owners = {}
    for box in article.matches:
        owner = owner_of(article, box)
        if owner is not None:
            owners.setdefault(id(owner), (owner, []))[1].append(box)
    for table, boxes in owners.values():
        plan.group_boxes.append((table, _without_repeats(boxes, plan, _group_match_key)))
    for table in article.tables:
        table.published = table_is_published(table, owners.get(id(table), (None, []))[1])
    _knockout(article, plan, {id(b) for _, boxes in owners.values() for b in boxes})
    _places(article, plan)
    return plan


def owner_of(article, box):
    """The table whose section holds the box, if the box is one of its rounds."""
    owner = None
    for table in article.tables:
        section = table.section
        inside = box.section[: len(section)] == section and (
            len(box.section) == len(section) or box.round is not None
        )
        if inside and (owner is None or len(section) > len(owner.section)):
            owner = table
    return owner


def table_is_published(table, boxes):
    """The article's table is the record while its group's boxes don't cover it."""
    codes = {name_key(row.name): row.code for row in table.rows}
    rows = [standings.Row(row.code, played=row.played) for row in table.rows]
    if not sum(row.played for row in rows):
        return False  # a table of nothing played publishes nothing
    results = [
        standings.Result(
            codes.get(name_key(b.team1)), codes.get(name_key(b.team2)), b.score1, b.score2
        )
        for b in boxes
        if not b.duplicate
    ]
    return not standings.results_cover(rows, results)


def _group_match_key(box):
    if box.round is not None or box.date is not None:
        return (box.round, box.date, pair(box.team1, box.team2))
    return (name_key(box.team1), name_key(box.team2))


def _without_repeats(boxes, plan, key):
    """The boxes, each match once: a repeat is a warning, a contradiction an error."""
    seen, kept = {}, []
    for box in boxes:
        earlier = seen.get(key(box))
        if earlier is None:
            seen[key(box)] = box
            kept.append(box)
        elif earlier.same_result(box):
            box.duplicate = True
            plan.warnings.append(
                Problem(
                    box.line,
                    gettext("%(match)s repeats the match at line %(line)s; imported once.")
                    % {"match": box.describe(), "line": earlier.line},
                )
            )
        else:
            plan.errors.append(
                Problem(
                    box.line,
                    gettext(
                        "%(match)s is the match at line %(line)s again, with another result "
                        "(%(score1)s–%(score2)s against %(earlier1)s–%(earlier2)s)."
                    )
                    % {
                        "match": box.describe(),
                        "line": earlier.line,
                        "score1": box.score1,
                        "score2": box.score2,
                        "earlier1": earlier.score1,
                        "earlier2": earlier.score2,
                    },
                )
            )
    return kept


# Knockout rounds -------------------------------------------------------------------------


def _knockout(article, plan, group_box_ids):
    stages = {}
    for box in article.matches:
        if id(box) not in group_box_ids:
            titles = _stage_titles(box.section)
            _stage(stages, titles[-1] if titles else "Play-off", titles, (box.line, 0))
    boxes_by_stage = {}
    for box in article.matches:
        if id(box) not in group_box_ids:
            titles = _stage_titles(box.section)
            key = stage_key(titles[-1] if titles else "Play-off")
            boxes_by_stage.setdefault(key, []).append(box)
    for key, boxes in boxes_by_stage.items():
        _ties_of_boxes(stages[key], boxes, plan)
    for tie in article.ties:
        if not tie.bracket_round:
            _add_summary_tie(_stage(stages, tie.stage, tie.section, (tie.line, 0)), tie, plan)
    _add_brackets(article, stages, plan)
    for stage in stages.values():
        _stage_rules(stage, article)
    plan.knockout = sorted(stages.values(), key=lambda s: s.key)
    _warn_assumed_rule(plan)


def _stage_titles(section):
    return section[:-1] if section and LEG.search(section[-1]) else section


def _stage(stages, name, section, key):
    stage = stages.setdefault(stage_key(name), KnockoutStage(name, section, key))
    stage.key = min(stage.key, key)
    return stage


def _ties_of_boxes(stage, boxes, plan):
    by_pair = {}
    for box in boxes:
        by_pair.setdefault(pair(box.team1, box.team2), []).append(box)
    for key, legs in by_pair.items():
        legs = _without_repeats(legs, plan, _leg_key)
        legs.sort(key=lambda b: (b.play_off, b.leg or 0))  # stable: unnumbered keep their order
        first = legs[0]
        tie = KnockoutTie(first.team1, first.team2, legs, first.line, "football boxes")
        tie.away_goals = any(b.away_goals for b in legs)
        stage.ties[key] = tie
        stage.legs = max(
            stage.legs,
            min(2, len([b for b in legs if not b.play_off])),
            *[b.legs or 1 for b in legs],
        )
        _check_box_aggregate(tie, plan)


def _leg_key(box):
    return ("play-off", box.line) if box.play_off else (box.leg or box.line,)


def _check_box_aggregate(tie, plan):
    regular = len([box for box in tie.legs if not box.play_off])
    for box in tie.legs:
        if box.aggregate is None or regular < (box.legs or 2):
            continue
        given = box.aggregate if name_key(box.team1) == name_key(tie.team1) else box.aggregate[::-1]
        if given != tie.goals():
            plan.errors.append(
                Problem(
                    box.line,
                    gettext(
                        "%(match)s: aggregatescore %(first)s–%(second)s is not the sum of "
                        "the tie's legs."
                    )
                    % {
                        "match": box.describe(),
                        "first": box.aggregate[0],
                        "second": box.aggregate[1],
                    },
                )
            )


def _summary_tie(tie):
    found = KnockoutTie(tie.team1, tie.team2, list(tie.legs), tie.line, tie.source, tie.away_goals)
    return found


def _add_summary_tie(stage, tie, plan):
    """A {{TwoLegResult}} line: new, or a check of the boxes that give the same tie."""
    key = pair(tie.team1, tie.team2)
    known = stage.ties.get(key)
    if known is None:
        stage.ties[key] = _summary_tie(tie)
        stage.legs = max(stage.legs, min(2, tie.legs_count or len(tie.legs) or 1))
        return
    _cross_check(known, tie, plan)
    known.away_goals = known.away_goals or tie.away_goals


def _cross_check(kept, other, plan):
    """Two sources give one tie: the detailed one is kept, a disagreement is told."""
    theirs = _summary_tie(other)
    if not other.legs or theirs.goals() == _oriented(kept.goals(), kept, theirs):
        return
    mine = _oriented(kept.goals(), kept, theirs)
    plan.warnings.append(
        Problem(
            other.line,
            gettext(
                "the %(source)s gives %(tie)s as %(first)s–%(second)s, but line %(line)s "
                "(%(kept)s) gives %(mine1)s–%(mine2)s: what line %(line)s gives is imported, "
                "being more detailed."
            )
            % {
                "source": other.source,
                "tie": theirs.describe(),
                "first": theirs.goals()[0],
                "second": theirs.goals()[1],
                "line": kept.line,
                "kept": kept.source,
                "mine1": mine[0],
                "mine2": mine[1],
            },
        )
    )


def _oriented(goals, tie, other):
    return goals if name_key(tie.team1) == name_key(other.team1) else goals[::-1]


def _add_brackets(article, stages, plan):
    """Each round of a bracket joins the stage that details its ties, or makes one."""
    rounds = {}
    for tie in article.ties:
        if tie.bracket_round:
            rounds.setdefault((tie.line, tie.bracket_round), []).append(tie)
    for key, ties in rounds.items():
        pairs = {pair(t.team1, t.team2) for t in ties}
        stage = next((s for s in stages.values() if pairs & set(s.ties)), None)
        if stage is None:
            stage = _stage(stages, ties[0].stage, ties[0].section, key)
        stage.key = min(stage.key, key)
        for tie in ties:
            known = stage.ties.get(pair(tie.team1, tie.team2))
            if known is not None:
                _cross_check(known, tie, plan)
                continue
            stage.ties[pair(tie.team1, tie.team2)] = _summary_tie(tie)
            stage.legs = max(stage.legs, min(2, tie.legs_count or 1))


def _stage_rules(stage, article):
    """How the stage decides level ties: "(a)", else what its headings and prose say."""
    if any(tie.away_goals for tie in stage.ties.values()):
        stage.rule, stage.rule_stated = standings.TieRule.AWAY_GOALS, True
        return
    size = len(stage.section)
    texts = stage.section[-1:] + [
        note.text for note in article.notes if note.section[:size] == stage.section and size
    ]
    for text in texts:
        for pattern, rule in RULES:
            if re.search(pattern, text, re.IGNORECASE):
                stage.rule, stage.rule_stated = rule, True
                return


def _warn_assumed_rule(plan):
    unsure = [s for s in plan.knockout if s.legs == 2 and not s.rule_stated]
    if unsure:
        first = unsure[0]
        line = min((t.line for t in first.ties.values() if t.line), default=None)
        names = ", ".join(repr(s.name) for s in unsure)
        plan.warnings.append(
            Problem(
                line,
                gettext(
                    "the article does not say how two-legged ties level on aggregate were "
                    "decided (%(stages)s): aggregate goals, then penalties, assumed; change the "
                    "stage's tie rule in the admin if not."
                )
                % {"stages": names},
            )
        )


# Stage order and levels ------------------------------------------------------------------


def _places(article, plan):
    """Stages in the order the article first shows them, each with its level."""
    found = {}
    for table in article.tables:
        found.setdefault(stage_key(table.stage), ((table.line or 0, 0), level_of(table.section)))
    for stage in plan.knockout:
        level = level_of(stage.section + [stage.name])
        key = stage_key(stage.name)
        found[key] = (
            (min(found[key][0], stage.key), found[key][1]) if key in found else (stage.key, level)
        )
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    plan.stage_places = {
        key: (order, level) for order, (key, (_, level)) in enumerate(ordered, start=1)
    }
