"""Results pasted on a group's admin page, one a line: "José Gálvez 2-1 UTC".

Two parts. ``read_line`` is text only: where the score is, and the names on
each side of it. ``read_results`` matches the lines against one group as it
is in the database: its teams, its matches, their scores now.

How a line is read:

- The score is two numbers joined by a dash of any kind (``-``, ``–``, ``—``,
  ``‒``, ``−``...) or a colon, with or without spaces around the dash, and set
  apart from the names by spaces. A name may hold digits and dashes ("7 de
  Agosto"); a line that can be split at two places is read at the one whose
  two names are both teams of the group, and is not understood otherwise.
- A team is named by its name, an alias or its short code, without accents or
  case, among the group's teams only (``interchange.teams.TeamMatcher``). Its
  heuristics fire only when nothing matched exactly, and the preview says so.
- The match is the group's one match with that home team and that away team,
  annulled matches left out. Named rule ``the_unplayed_one``: when the two
  teams meet at the same home more than once in the group, the line goes to
  the one match of them without a score, if exactly one has none (the preview
  says so); otherwise the line is ambiguous.

Nothing is saved unless every line was understood: a line that could mean two
teams, two matches or two splits is a problem, as is the same match twice.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .interchange.teams import AmbiguousTeam, Found, TeamMatcher
from .models import MAX_SCORE, Match

MAX_PASTE_LENGTH = 20_000  # characters: a few hundred lines, far beyond a round

# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash,
# horizontal bar, minus sign, small and full-width hyphen-minus, colons.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d:\uff1a"
SCORE = re.compile(rf"(?<!\S)([0-9]+)\s*[{re.escape(DASHES)}]\s*([0-9]+)(?!\S)")


class NotUnderstood(ValueError):
    """A line that can't be saved, and why (the message is shown beside it)."""


# --- the text ----------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One way to read a line: home team, its goals, the away team's, away team."""

    home: str
    home_goals: int
    away_goals: int
    away: str


def goals(digits):
    """The number written, or None beyond MAX_SCORE (without int() of a huge string)."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(MAX_SCORE)) or int(significant) > MAX_SCORE:
        return None
    return int(significant)


def score_places(line):
    """Every place a score could be in ``line``, overlapping ones included."""
    found = SCORE.search(line)
    while found:
        yield found
        found = SCORE.search(line, found.start() + 1)


def read_line(text):
    """The readings of one line, or NotUnderstood saying why there is none."""
    line = " ".join(text.split())
    readings, places, too_high = [], 0, False
    for found in score_places(line):
        places += 1
        home, away = line[: found.start()].strip(), line[found.end() :].strip()
        home_goals, away_goals = goals(found[1]), goals(found[2])
        if not (home and away):
            continue
        if home_goals is None or away_goals is None:
            too_high = True
            continue
        readings.append(Reading(home, home_goals, away_goals, away))
    if readings:
        return readings
    if too_high:
        raise NotUnderstood(gettext("A score can't be more than %(limit)s.") % {"limit": MAX_SCORE})
    if places:
        raise NotUnderstood(gettext("A team is missing before or after the score."))
    raise NotUnderstood(
        gettext("No score found: write the home team, the score and the away team (A 2-1 B).")
    )


# --- the group ----------------------------------------------------------------


class Outcome(models.TextChoices):
    NEW = "new", _("New")
    CHANGED = "changed", _("Changed")
    UNCHANGED = "unchanged", _("Unchanged")
    PROBLEM = "problem", _("Problem")


def score_text(home_goals, away_goals):
    return "" if home_goals is None else f"{home_goals}–{away_goals}"


@dataclass
class PastedResult:
    """One pasted line as understood: its match and score, or its problem."""

    number: int
    text: str
    match: Match | None = None
    before: tuple = (None, None)
    after: tuple = (None, None)
    problem: str = ""
    notes: list = field(default_factory=list)

    @property
    def outcome(self):
        if self.problem or self.match is None:
            return Outcome.PROBLEM
        if self.before == (None, None):
            return Outcome.NEW
        return Outcome.UNCHANGED if self.before == self.after else Outcome.CHANGED

    @property
    def outcome_label(self):
        return self.outcome.label

    @property
    def score_before(self):
        return score_text(*self.before)

    @property
    def score_after(self):
        return score_text(*self.after)

    @property
    def saves(self):
        return self.outcome in (Outcome.NEW, Outcome.CHANGED)


@dataclass
class Paste:
    """Every pasted line of a group, as understood."""

    results: list

    @property
    def problems(self):
        return [result for result in self.results if result.outcome == Outcome.PROBLEM]

    @property
    def to_save(self):
        return [result for result in self.results if result.saves]

    @property
    def can_save(self):
        return not self.problems and bool(self.to_save)

    @property
    def fingerprint(self):
        """What saving would write, over what it would replace: a confirm whose paste
        no longer gives the previewed one (the text or the database changed) saves nothing."""
        writes = [(r.match.pk, r.before, r.after) for r in self.to_save]
        return hashlib.sha256(repr(writes).encode()).hexdigest()


class GroupReader:
    """Reads lines against one group: its teams, and its matches that aren't annulled."""

    def __init__(self, group):
        self.teams = TeamMatcher(group.teams.all())
        self.matches = {}
        matches = group.matches.exclude(status=Match.Status.ANNULLED).select_related(
            "home_team", "away_team"
        )
        for match in matches.order_by("round", "date", "pk"):
            match.group = group  # its checks read the group and its stage: read once
            self.matches.setdefault((match.home_team_id, match.away_team_id), []).append(match)

    def read(self, number, text):
        result = PastedResult(number, text.strip())
        try:
            reading = self.reading(text)
            home = self.team(reading.home, result.notes)
            away = self.team(reading.away, result.notes)
            result.match = self.match(home, away, result.notes)
        except NotUnderstood as problem:
            result.problem = str(problem)
            return result
        result.before = (result.match.home_score, result.match.away_score)
        result.after = (reading.home_goals, reading.away_goals)
        return result

    def reading(self, text):
        """The line's one reading: of several, the one that names two of the group's teams."""
        readings = read_line(text)
        if len(readings) > 1:
            readings = [r for r in readings if self.names_team(r.home) and self.names_team(r.away)]
        if len(readings) != 1:
            raise NotUnderstood(gettext("The score could be in more than one place in this line."))
        return readings[0]

    def names_team(self, written):
        try:
            self.team(written, [])
        except NotUnderstood:
            return False
        return True

    def team(self, written, notes):
        """The group's team that ``written`` names: exactly, else by a heuristic (noted)."""
        try:
            found = self.exact_team(written) or self.teams.match(name=written)
        except AmbiguousTeam as ambiguous:
            raise NotUnderstood(str(ambiguous)) from None
        if found is None:
            raise NotUnderstood(
                gettext("No team of this group is called “%(name)s”.") % {"name": written}
            )
        if found.heuristic:
            notes.append(found.describe(written))
        return found.team

    def exact_team(self, written):
        """The team with this name or alias, or this short code; one's name can't be
        another's code."""
        by_name, by_code = self.teams.find(name=written), self.teams.find(code=written)
        if by_name and by_code and by_name != by_code:
            raise AmbiguousTeam(
                gettext("“%(name)s” could be %(first)s or %(second)s.")
                % {"name": written, "first": by_name, "second": by_code}
            )
        team = by_name or by_code
        return Found(team) if team else None

    def match(self, home, away, notes):
        """The group's match of ``home`` against ``away`` at home (rule the_unplayed_one)."""
        names = {"home": home, "away": away}
        candidates = self.matches.get((home.pk, away.pk), [])
        if not candidates:
            if (away.pk, home.pk) in self.matches:
                raise NotUnderstood(
                    gettext(
                        "In this group %(home)s play %(away)s only away: "
                        "were the teams written the wrong way round?"
                    )
                    % names
                )
            raise NotUnderstood(
                gettext("No match of this group between %(home)s and %(away)s.") % names
            )
        if len(candidates) == 1:
            return candidates[0]
        unplayed = [match for match in candidates if match.home_score is None]
        names["count"] = len(candidates)
        if len(unplayed) != 1:
            raise NotUnderstood(
                gettext(
                    "%(home)s are at home to %(away)s in %(count)s matches of this group: "
                    "enter this result on the group's page, in its round."
                )
                % names
            )
        notes.append(
            gettext(
                "%(home)s are at home to %(away)s in %(count)s matches of this group: "
                "this is the one without a score (round %(round)s)."
            )
            % {**names, "round": unplayed[0].round}
        )
        return unplayed[0]


def flag_repeated_matches(results):
    """A match on two lines: both are problems (which score would be meant?)."""
    understood = [result for result in results if result.outcome != Outcome.PROBLEM]
    lines = {}
    for result in understood:
        lines.setdefault(result.match.pk, []).append(result.number)
    for result in understood:
        others = [number for number in lines[result.match.pk] if number != result.number]
        if others:
            result.problem = ngettext(
                "This match is also on line %(lines)s.",
                "This match is also on lines %(lines)s.",
                len(others),
            ) % {"lines": ", ".join(str(number) for number in others)}


def apply_score(result):
    """Put the pasted score on the match (not saved) and check it as the model does."""
    match = result.match
    if match.walkover:
        result.problem = gettext(
            "This match is a walkover (an awarded score): change it on the match's page."
        )
        return
    match.home_score, match.away_score = result.after
    match.status = Match.Status.PLAYED  # scheduled or postponed until now
    try:
        match.full_clean()
    except ValidationError as error:
        result.problem = " ".join(error.messages)


def read_results(group, text):
    """Each non-blank line of ``text`` as understood against ``group`` as it is now."""
    reader = GroupReader(group)
    results = [
        reader.read(number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    flag_repeated_matches(results)
    for result in results:
        if result.saves:
            apply_score(result)
    return Paste(results)


def save_results(paste):
    """Save what a paste understood whole changes, in one transaction, through the
    model (so history and standings follow). Returns how many matches were saved."""
    if not paste.can_save:
        raise ValueError("A paste with problems, or nothing to change, is not saved.")
    with transaction.atomic():
        for result in paste.to_save:
            result.match.full_clean()
            result.match.save()
    return len(paste.to_save)
