"""Read and check a football.json document: plain data, nothing written.

``load_document(text)`` decodes a file's JSON; ``parse_document(data)``
returns the document's matches, or raises ``FootballJsonError`` with every
problem found, one per line. Each match knows its round's name as
``read_round_name`` reads it: openfootball writes "Stage, Round" ("Group,
Matchday 3", "Finals, Semifinals"), the stage first. ``shape_season`` (in
``shape``) then groups the matches into stages, groups and ties.
"""

import contextlib
import datetime
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext, pgettext

from ..base import InterchangeError
from ..teams import name_key

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
# "15:00"; a zone some files append ("15:00 UTC-5") is read past: the time stored is local.
TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+UTC[+-]\d{1,2}(?::?\d{2})?)?\Z")
TRAILING_NUMBER = re.compile(r"(\d+)\s*\Z")
SCORE_KEYS = ("ft", "ht", "et", "p")
OLD_SCORE_KEYS = {  # older files: key pairs, and where they go in a "score" object
    "ft": ("score1", "score2"),
    "ht": ("score1i", "score2i"),
    "et": ("score1et", "score2et"),
    "p": ("score1p", "score2p"),
}
# A match outside the regular rounds: a first-place play-off, a decider, a replay.
PLAY_OFF_ROUND = re.compile(
    r"\b(?:play[\s-]?offs?|deciders?|deciding match|desempates?|replays?|repetici[oó]n)\b",
    re.IGNORECASE,
)
KNOCKOUT_ROUND = re.compile(
    r"^(?:round of \d+|last \d+|1/\d+(?:[\s-]finals?)?|(?:eighth|quarter|semi)[\s-]?finals?"
    r"|octavos de final|cuartos de final|semifinal(?:es)?|(?:the |gran )?finals?"
    r"|(?:match for )?(?:third|3rd)[\s-]place(?: match| play-?off)?|tercer (?:lugar|puesto))\Z",
    re.IGNORECASE,
)
THIRD_PLACE_ROUND = re.compile(
    r"^(?:match for )?(?:third|3rd)[\s-]place|^tercer (?:lugar|puesto)", re.IGNORECASE
)
KNOCKOUT_SECTION = "Finals"  # openfootball's name for the knockout rounds: "Finals, Final"
STATUSES = ("postponed", "abandoned", "awarded")
# An abandoned match is stored annulled with this line in its notes, so that the
# export can tell it from a match annulled for other reasons and write it back.
ABANDONED_NOTE = "abandoned"


class FootballJsonError(InterchangeError):
    """The document can't be imported; the message says where and why."""


class RoundKind(StrEnum):
    LEAGUE = "league"  # a round of a round-robin stage: "Matchday 3"
    KNOCKOUT = "knockout"  # a knockout round, a stage of its own: "Semifinals"
    PLAY_OFF = "play_off"  # a one-off match outside the table: "Play-off", "Replay"


@dataclass(frozen=True)
class RoundName:
    """A round's name as read: "Finals, Semifinals" is round Semifinals of stage Finals."""

    text: str | None  # as the file writes it
    stage: str | None  # the part before the comma; None without one
    round: str  # the part after it, or the whole name
    kind: RoundKind
    number: int | None = None  # a league round's number, when its name gives one

    @property
    def stage_name(self):
        """The name of the Stage this round belongs to (None: the importer's default).

        A league round belongs to its named stage. A knockout round is a stage of
        its own, named by the round ("Semifinals") or, outside openfootball's
        "Finals" section, by the whole name ("Qualifying, Final"); a play-off
        is a stage named by the whole name ("Final, Play-off").
        """
        if self.kind == RoundKind.LEAGUE:
            return self.stage
        if self.kind == RoundKind.PLAY_OFF or (
            self.stage and self.stage.casefold() != KNOCKOUT_SECTION.casefold()
        ):
            return self.text
        return self.round


def read_round_name(text):
    """Read a round's name: its stage, its round, its kind, and a league round's number.

    A play-off or decider is told by its words, a knockout round by its name
    (Round of 16, Quarterfinals, Semi-finals, Final, Third place...); any other
    name ending in a number is that round of a round-robin stage ("Matchday 3",
    "Fecha 3", "3"). A name without a number is a knockout round of its own
    after a stage ("Finals, Second round"), and without a stage the round at
    its place in the file (number None), as plain files have always been read.
    """
    text = " ".join(text.split()) if text else None
    stage, _, round_ = (text or "").partition(",")
    stage, round_ = (stage.strip(), round_.strip()) if round_.strip() else (None, stage.strip())
    stage = stage or None
    if PLAY_OFF_ROUND.search(round_):
        return RoundName(text, stage, round_, RoundKind.PLAY_OFF)
    if KNOCKOUT_ROUND.match(round_):
        return RoundName(text, stage, round_, RoundKind.KNOCKOUT)
    found = TRAILING_NUMBER.search(round_)
    if found:
        return RoundName(text, stage, round_, RoundKind.LEAGUE, int(found.group(1)))
    if stage:
        return RoundName(text, stage, round_, RoundKind.KNOCKOUT)
    return RoundName(text, stage, round_, RoundKind.LEAGUE)


@dataclass
class TeamRef:
    name: str
    code: str = ""


@dataclass
class ParsedMatch:
    where: str  # "round 2 (Matchday 2), match 3" or "match 12 (Finals, Semifinals)"
    round: int | None  # a league round's number; a tie's legs are numbered by shape
    team1: TeamRef
    team2: TeamRef
    round_name: RoundName = None
    index: int = 0  # the match's place in the file, from 1
    date: datetime.date | None = None
    time: datetime.time | None = None
    score: tuple[int, int] | None = None
    extra_time: bool = False
    penalties: tuple[int, int] | None = None
    group: str | None = None  # the file's "group", e.g. "Group A"
    status: str | None = None  # one of STATUSES, or None: played or to be played

    @property
    def label(self):
        return gettext("%(where)s (%(home)s v %(away)s)") % {
            "where": self.where,
            "home": self.team1.name,
            "away": self.team2.name,
        }


def load_document(text):
    """The JSON value of a football.json file's ``text``, or FootballJsonError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FootballJsonError(
            gettext("not valid JSON (%(error)s at line %(line)s, column %(column)s).")
            % {"error": error.msg, "line": error.lineno, "column": error.colno}
        ) from None
    except RecursionError:
        # json decodes arrays and objects recursively: "[" some thousand deep is too much.
        raise FootballJsonError(gettext("The file nests too deeply to be read.")) from None


def parse_document(data):
    """Check the whole document; returns its matches or raises FootballJsonError.

    Every problem found is reported at once, one per line.
    """
    if not isinstance(data, dict):
        raise FootballJsonError(
            gettext(
                "The document is not a football.json object but a %(kind)s: "
                'expected {"name": ..., "rounds": [...]}.'
            )
            % {"kind": _kind(data)}
        )
    rounds = _rounds_of(data)
    errors = []
    parsed = []
    places = {}  # rounds seen per stage, for rounds whose name gives no number
    for round_label, name, entries in rounds:
        round_name = read_round_name(name)
        stage_key = (round_name.stage or "").casefold()
        places[stage_key] = places.get(stage_key, 0) + 1
        number = None
        if round_name.kind == RoundKind.LEAGUE:
            number = places[stage_key] if round_name.number is None else round_name.number
            if number < 1:
                errors.append(
                    gettext("%(round)s: the round number in its name must be 1 or more.")
                    % {"round": round_label}
                )
                continue
        for where, entry in entries:
            try:
                match = _parse_match(entry, where, number, round_name)
            except FootballJsonError as error:
                errors.append(str(error))
            else:
                match.index = len(parsed) + 1
                parsed.append(match)
    if errors:
        raise FootballJsonError("\n".join(errors))
    if not parsed:
        raise FootballJsonError(gettext("The document has rounds but no matches."))

    seen = {}
    for match in parsed:
        if match.round is None:
            continue  # the meetings of a knockout round are the legs of a tie
        key = (
            (match.round_name.stage or "").casefold(),
            match.round,
            name_key(match.team1.name),
            name_key(match.team2.name),
        )
        if key in seen:
            errors.append(
                gettext("%(match)s: the same match as %(other)s.")
                % {"match": match.label, "other": seen[key].where}
            )
        seen.setdefault(key, match)
    if errors:
        raise FootballJsonError("\n".join(errors))
    return parsed


def _rounds_of(data):
    """[(label for messages, round name or None, [(where, match entry), ...]), ...]."""
    if "rounds" in data:
        rounds = data["rounds"]
        if not isinstance(rounds, list):
            raise FootballJsonError(
                gettext('"rounds" must be a list, not a %(kind)s.') % {"kind": _kind(rounds)}
            )
        if not rounds:
            raise FootballJsonError(gettext('The document has no rounds ("rounds" is empty).'))
        result = []
        errors = []
        for index, entry in enumerate(rounds, start=1):
            label = gettext("round %(number)s") % {"number": index}
            if not isinstance(entry, dict):
                errors.append(
                    gettext("%(where)s: not an object but a %(kind)s.")
                    % {"where": label, "kind": _kind(entry)}
                )
                continue
            name = entry.get("name")
            if name is not None and not isinstance(name, str):
                errors.append(
                    gettext("%(where)s: its name must be text, not a %(kind)s.")
                    % {"where": label, "kind": _kind(name)}
                )
                continue
            if name and name.strip().lower() != f"round {index}":  # not "round 2 (Round 2)"
                label = gettext("round %(number)s (%(name)s)") % {"number": index, "name": name}
            matches = entry.get("matches")
            if not isinstance(matches, list):
                errors.append(
                    gettext("%(where)s: no list of matches.") % {"where": label}
                    if matches is None
                    else gettext('%(where)s: "matches" must be a list, not a %(kind)s.')
                    % {"where": label, "kind": _kind(matches)}
                )
                continue
            where = [
                (gettext("%(round)s, match %(number)s") % {"round": label, "number": i}, m)
                for i, m in enumerate(matches, start=1)
            ]
            result.append((label, name or None, where))
        if errors:
            raise FootballJsonError("\n".join(errors))
        return result

    if "matches" in data:  # newer files: one list of matches, each naming its round
        matches = data["matches"]
        if not isinstance(matches, list):
            raise FootballJsonError(
                gettext('"matches" must be a list, not a %(kind)s.') % {"kind": _kind(matches)}
            )
        if not matches:
            raise FootballJsonError(gettext('The document has no rounds ("matches" is empty).'))
        order = {}
        for index, entry in enumerate(matches, start=1):
            name = entry.get("round") if isinstance(entry, dict) else None
            if name is not None and not isinstance(name, str):
                raise FootballJsonError(
                    gettext("match %(number)s: its round must be text, not a %(kind)s.")
                    % {"number": index, "kind": _kind(name)}
                )
            where = (
                gettext("match %(number)s (%(round)s)") % {"number": index, "round": name}
                if name
                else gettext("match %(number)s") % {"number": index}
            )
            order.setdefault(name or None, []).append((where, entry))
        return [
            (
                gettext("round %(name)s") % {"name": name}
                if name
                else gettext("matches without a round"),
                name,
                entries,
            )
            for name, entries in order.items()
        ]

    raise FootballJsonError(gettext('The document has no rounds: expected a "rounds" list.'))


def _parse_match(entry, where, number, round_name):
    if not isinstance(entry, dict):
        raise FootballJsonError(
            gettext("%(where)s: not an object but a %(kind)s.")
            % {"where": where, "kind": _kind(entry)}
        )
    problems = []
    teams = []
    for key in ("team1", "team2"):
        try:
            teams.append(_parse_team(entry.get(key), key))
        except FootballJsonError as error:
            problems.append(str(error))
    if len(teams) == 2 and name_key(teams[0].name) == name_key(teams[1].name):
        problems.append(gettext("%(team)s can't play against itself.") % {"team": teams[0].name})
    match = ParsedMatch(where, number, *(teams if len(teams) == 2 else (None, None)))
    match.round_name = round_name

    date = entry.get("date")
    if date is not None:
        parsed = None
        if isinstance(date, str) and DATE_PATTERN.match(date):
            with contextlib.suppress(ValueError):  # e.g. 2015-02-30
                parsed = datetime.date.fromisoformat(date)
        if parsed is None:
            problems.append(
                gettext("bad date %(date)r: expected a date written YYYY-MM-DD.") % {"date": date}
            )
        match.date = parsed
    time = entry.get("time")
    if time is not None:
        found = TIME_PATTERN.match(time) if isinstance(time, str) else None
        parsed = None
        if found:
            with contextlib.suppress(ValueError):  # e.g. 25:00
                parsed = datetime.time(int(found[1]), int(found[2]), int(found[3] or 0))
        if parsed is None:
            problems.append(gettext("bad time %(time)r: expected HH:MM.") % {"time": time})
        match.time = parsed

    for read in (_parse_score, _parse_status, _parse_group):
        try:
            read(entry, match)
        except FootballJsonError as error:
            problems.append(str(error))
    if problems:
        raise FootballJsonError(
            gettext("%(where)s: %(problems)s") % {"where": where, "problems": " ".join(problems)}
        )
    return match


def _parse_team(value, key):
    if isinstance(value, str) and value.strip():
        return TeamRef(" ".join(value.split()))
    if isinstance(value, dict):
        name, code = value.get("name"), value.get("code") or ""
        if isinstance(name, str) and name.strip() and isinstance(code, str):
            return TeamRef(" ".join(name.split()), code.strip())
        raise FootballJsonError(
            gettext(
                '%(key)s must be a team name or an object {"name": ..., "code": ...} '
                "with a name (and a code, if any) written as text."
            )
            % {"key": key}
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FootballJsonError(gettext("%(key)s is missing.") % {"key": key})
    raise FootballJsonError(
        gettext("%(key)s must be a team name, not a %(kind)s.") % {"key": key, "kind": _kind(value)}
    )


def _parse_score(entry, match):
    """Fill the match's score from "score" or the older score1/score2 keys."""
    old_keys = [key for pair in OLD_SCORE_KEYS.values() for key in pair if key in entry]
    if "score" in entry and entry["score"] is not None and old_keys:
        raise FootballJsonError(
            gettext('give the score either as "score" or as %(keys)s, not both.')
            % {"keys": ", ".join(old_keys)}
        )
    if old_keys:
        score = {}
        for part, (home_key, away_key) in OLD_SCORE_KEYS.items():
            home, away = entry.get(home_key), entry.get(away_key)
            if home is None and away is None:
                continue
            if home is None or away is None:
                missing = home_key if home is None else away_key
                raise FootballJsonError(
                    gettext("malformed score: %(key)s is missing.") % {"key": missing}
                )
            score[part] = [home, away]
        source = "score1/score2"
    else:
        score = entry.get("score")
        source = "score"
        if score is None:
            return
        if not isinstance(score, dict):
            raise FootballJsonError(
                gettext(
                    'malformed score: expected an object such as {"ft": [1, 0]}, not a %(kind)s.'
                )
                % {"kind": _kind(score)}
            )
        unknown = [key for key in score if key not in SCORE_KEYS]
        if unknown:
            raise FootballJsonError(
                gettext("malformed score: unknown part %(parts)s (expected ft, ht, et or p).")
                % {"parts": ", ".join(map(repr, unknown))}
            )
    pairs = {}
    for part, value in score.items():
        if value is None:
            continue
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
        ):
            raise FootballJsonError(
                gettext(
                    "malformed score: %(part)s in %(source)s must be two goal counts "
                    "such as [1, 0], not %(value)r."
                )
                % {"part": part, "source": source, "value": value}
            )
        pairs[part] = tuple(value)
    if not pairs:
        return
    if "ft" not in pairs and "et" not in pairs:
        raise FootballJsonError(
            gettext("malformed score: it has no full-time (ft) or extra-time (et) score.")
        )
    # In a knockout round, extra time and a shoot-out follow a level aggregate:
    # the model checks them against the tie's other legs.
    leg_of_a_tie = match.round_name is not None and match.round_name.kind == RoundKind.KNOCKOUT
    if "et" in pairs:
        ft = pairs.get("ft")
        if ft is not None and ft[0] != ft[1] and not leg_of_a_tie:
            raise FootballJsonError(
                gettext(
                    "malformed score: extra time is only played after a level score, "
                    "but ft is %(home)s–%(away)s."
                )
                % {"home": ft[0], "away": ft[1]}
            )
        if ft is not None and (pairs["et"][0] < ft[0] or pairs["et"][1] < ft[1]):
            raise FootballJsonError(
                gettext("malformed score: the score after extra time (et) can't be lower than ft.")
            )
        match.score, match.extra_time = pairs["et"], True
    else:
        match.score = pairs["ft"]
    if "p" in pairs:
        if match.score[0] != match.score[1] and not leg_of_a_tie:
            raise FootballJsonError(
                gettext(
                    "malformed score: a penalty shoot-out (p) only follows a level score, "
                    "but the score is %(home)s–%(away)s."
                )
                % {"home": match.score[0], "away": match.score[1]}
            )
        if pairs["p"][0] == pairs["p"][1]:
            raise FootballJsonError(
                gettext("malformed score: a penalty shoot-out (p) has a winner.")
            )
        match.penalties = pairs["p"]


def _parse_status(entry, match):
    """postponed (no score), abandoned (a score, if any, as it stood), awarded (its score)."""
    status = entry.get("status")
    if status is None:
        return
    if not isinstance(status, str) or status.strip().lower() not in STATUSES:
        raise FootballJsonError(
            gettext("unknown status %(status)r: expected %(statuses)s or %(last)s.")
            % {"status": status, "statuses": ", ".join(STATUSES[:-1]), "last": STATUSES[-1]}
        )
    match.status = status.strip().lower()
    if match.status == "postponed" and match.score:
        raise FootballJsonError(gettext("a postponed match has no score: remove it or the status."))
    if match.status == "awarded":
        if not match.score:
            raise FootballJsonError(
                gettext('an awarded match needs its awarded score, e.g. "ft": [3, 0].')
            )
        if match.extra_time or match.penalties:
            raise FootballJsonError(
                gettext("an awarded score has no extra time (et) or penalties (p).")
            )


def _parse_group(entry, match):
    group = entry.get("group")
    if group is None:
        return
    if not isinstance(group, str) or not group.strip():
        raise FootballJsonError(
            gettext('"group" must be a name such as "Group A", not %(group)r.') % {"group": group}
        )
    match.group = " ".join(group.split())


def _kind(value):
    """What a JSON value is, in words: "not a %(kind)s" in the messages."""
    kinds = {
        dict: pgettext("a kind of JSON value", "object"),
        list: pgettext("a kind of JSON value", "list"),
        str: pgettext("a kind of JSON value", "text"),
        int: pgettext("a kind of JSON value", "number"),
        float: pgettext("a kind of JSON value", "number"),
        bool: pgettext("a kind of JSON value", "true/false"),
        type(None): pgettext("a kind of JSON value", "null"),
    }
    return kinds.get(type(value), type(value).__name__)
