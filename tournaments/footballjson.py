"""Seasons to and from openfootball's football.json format.

https://github.com/openfootball/football.json: a document names the competition
and lists its rounds, each with its matches::

    {"name": "Copa Perú 1996", "rounds": [{"name": "Round 1", "matches": [
        {"date": "1997-01-19", "team1": "José Gálvez", "team2": "UTC",
         "score": {"ft": [1, 0]}}]}]}

Older files give ``"score1": 1, "score2": 0`` (``score1et``, ``score1p`` ...)
instead of ``score``, and may name teams as ``{"name": ..., "code": ...}``.
Newer ones may list the ``matches`` at the top, each naming its ``round``.
Both are read; ``export_season`` writes the first form.

``import_season`` checks the whole document before it writes anything, then
creates or updates the season, one round-robin stage with one group, the
teams (found through ``TeamMatcher``), the members and the matches, in one
transaction. Matches are found by their natural key (group, round, home,
away), so importing the same file twice changes nothing. Every row passes
``full_clean`` (the admin's rules); on any error nothing is written. The
standings are never read from the file: the signals compute them on commit.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from .models import Group, GroupMember, Match, Season, Stage, Team
from .services import AmbiguousTeam, TeamMatcher, name_key

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


class FootballJsonError(ValueError):
    """The document can't be imported; the message says where and why."""


# Export ---------------------------------------------------------------------


def season_name(year):
    return f"Copa Perú {year}"


def export_season(season):
    """The season's matches as a football.json document (a dict).

    One round per (stage, group, round), in the season's order. The stored
    score of a match after extra time is the one after extra time: it is given
    as ``et`` (the full-time score isn't known). Annulled matches are left out;
    a walkover gives its awarded score.
    """
    groups = list(
        Group.objects.filter(stage__season=season)
        .select_related("stage")
        .order_by("stage__order", "stage__pk", "order", "name", "pk")
    )
    matches = (
        Match.objects.filter(group__in=groups)
        .exclude(status=Match.Status.ANNULLED)
        .select_related("home_team", "away_team")
        .order_by("round", "date", "kickoff_time", "pk")
    )
    by_group = {}
    for match in matches:
        by_group.setdefault(match.group_id, {}).setdefault(match.round, []).append(match)

    rounds = []
    for group in groups:
        knockout = group.stage.kind == Stage.Kind.KNOCKOUT
        for number, round_matches in sorted(by_group.get(group.pk, {}).items()):
            label = f"{'Leg' if knockout else 'Round'} {number}"
            if len(groups) > 1:
                label = f"{group.stage.name} – {group.name} – {label}"
            rounds.append({"name": label, "matches": [export_match(m) for m in round_matches]})
    return {"name": season_name(season.year), "rounds": rounds}


def export_match(match):
    data = {}
    if match.date:
        data["date"] = match.date.isoformat()
    if match.kickoff_time:
        data["time"] = match.kickoff_time.strftime("%H:%M")
    data["team1"] = match.home_team.name
    data["team2"] = match.away_team.name
    if match.home_score is not None and match.away_score is not None:
        score = {"et" if match.extra_time else "ft": [match.home_score, match.away_score]}
        if match.home_penalties is not None and match.away_penalties is not None:
            score["p"] = [match.home_penalties, match.away_penalties]
        data["score"] = score
    return data


# Reading and checking the document --------------------------------------------


@dataclass
class TeamRef:
    name: str
    code: str = ""


@dataclass
class ParsedMatch:
    where: str  # "round 2 (Matchday 2), match 3", for messages
    round: int
    team1: TeamRef
    team2: TeamRef
    date: datetime.date | None = None
    time: datetime.time | None = None
    score: tuple[int, int] | None = None
    extra_time: bool = False
    penalties: tuple[int, int] | None = None

    @property
    def label(self):
        return f"{self.where} ({self.team1.name} v {self.team2.name})"


def parse_document(data):
    """Check the whole document; returns its matches or raises FootballJsonError.

    Every problem found is reported at once, one per line.
    """
    if not isinstance(data, dict):
        raise FootballJsonError(
            f"The document is not a football.json object but a {_kind(data)}: "
            'expected {"name": ..., "rounds": [...]}.'
        )
    rounds = _rounds_of(data)
    errors = []
    parsed = []
    for round_index, (round_label, round_name, entries) in enumerate(rounds, start=1):
        number = round_index
        if round_name is not None:
            found = TRAILING_NUMBER.search(round_name)
            if found:
                number = int(found.group(1))
                if number < 1:
                    errors.append(f"{round_label}: the round number in its name must be 1 or more.")
                    continue
        for where, entry in entries:
            try:
                parsed.append(_parse_match(entry, where, number))
            except FootballJsonError as error:
                errors.append(str(error))
    if errors:
        raise FootballJsonError("\n".join(errors))
    if not parsed:
        raise FootballJsonError("The document has rounds but no matches.")

    seen = {}
    for match in parsed:
        key = (match.round, name_key(match.team1.name), name_key(match.team2.name))
        if key in seen:
            errors.append(f"{match.label}: the same match as {seen[key].where}.")
        seen.setdefault(key, match)
    if errors:
        raise FootballJsonError("\n".join(errors))
    return parsed


def _rounds_of(data):
    """[(label for messages, round name or None, [(where, match entry), ...]), ...]."""
    if "rounds" in data:
        rounds = data["rounds"]
        if not isinstance(rounds, list):
            raise FootballJsonError(f'"rounds" must be a list, not a {_kind(rounds)}.')
        if not rounds:
            raise FootballJsonError('The document has no rounds ("rounds" is empty).')
        result = []
        errors = []
        for index, entry in enumerate(rounds, start=1):
            label = f"round {index}"
            if not isinstance(entry, dict):
                errors.append(f"{label}: not an object but a {_kind(entry)}.")
                continue
            name = entry.get("name")
            if name is not None and not isinstance(name, str):
                errors.append(f"{label}: its name must be text, not a {_kind(name)}.")
                continue
            if name and name.strip().lower() != label:  # not "round 2 (Round 2)"
                label = f"round {index} ({name})"
            matches = entry.get("matches")
            if not isinstance(matches, list):
                errors.append(
                    f"{label}: no list of matches."
                    if matches is None
                    else f'{label}: "matches" must be a list, not a {_kind(matches)}.'
                )
                continue
            where = [(f"{label}, match {i}", m) for i, m in enumerate(matches, start=1)]
            result.append((label, name or None, where))
        if errors:
            raise FootballJsonError("\n".join(errors))
        return result

    if "matches" in data:  # newer files: one list of matches, each naming its round
        matches = data["matches"]
        if not isinstance(matches, list):
            raise FootballJsonError(f'"matches" must be a list, not a {_kind(matches)}.')
        if not matches:
            raise FootballJsonError('The document has no rounds ("matches" is empty).')
        order = {}
        for index, entry in enumerate(matches, start=1):
            name = entry.get("round") if isinstance(entry, dict) else None
            if name is not None and not isinstance(name, str):
                raise FootballJsonError(
                    f"match {index}: its round must be text, not a {_kind(name)}."
                )
            where = f"match {index}" + (f" ({name})" if name else "")
            order.setdefault(name or None, []).append((where, entry))
        return [
            (f"round {name}" if name else "matches without a round", name, entries)
            for name, entries in order.items()
        ]

    raise FootballJsonError('The document has no rounds: expected a "rounds" list.')


def _parse_match(entry, where, number):
    if not isinstance(entry, dict):
        raise FootballJsonError(f"{where}: not an object but a {_kind(entry)}.")
    problems = []
    teams = []
    for key in ("team1", "team2"):
        try:
            teams.append(_parse_team(entry.get(key), key))
        except FootballJsonError as error:
            problems.append(str(error))
    if len(teams) == 2 and name_key(teams[0].name) == name_key(teams[1].name):
        problems.append(f"{teams[0].name} can't play against itself.")
    match = ParsedMatch(where, number, *(teams if len(teams) == 2 else (None, None)))

    date = entry.get("date")
    if date is not None:
        parsed = None
        if isinstance(date, str) and DATE_PATTERN.match(date):
            with contextlib.suppress(ValueError):  # e.g. 2015-02-30
                parsed = datetime.date.fromisoformat(date)
        if parsed is None:
            problems.append(f"bad date {date!r}: expected a date written YYYY-MM-DD.")
        match.date = parsed
    time = entry.get("time")
    if time is not None:
        found = TIME_PATTERN.match(time) if isinstance(time, str) else None
        parsed = None
        if found:
            with contextlib.suppress(ValueError):  # e.g. 25:00
                parsed = datetime.time(int(found[1]), int(found[2]), int(found[3] or 0))
        if parsed is None:
            problems.append(f"bad time {time!r}: expected HH:MM.")
        match.time = parsed

    try:
        _parse_score(entry, match)
    except FootballJsonError as error:
        problems.append(str(error))
    if problems:
        raise FootballJsonError(f"{where}: " + " ".join(problems))
    return match


def _parse_team(value, key):
    if isinstance(value, str) and value.strip():
        return TeamRef(" ".join(value.split()))
    if isinstance(value, dict):
        name, code = value.get("name"), value.get("code") or ""
        if isinstance(name, str) and name.strip() and isinstance(code, str):
            return TeamRef(" ".join(name.split()), code.strip())
        raise FootballJsonError(
            f'{key} must be a team name or an object {{"name": ..., "code": ...}} '
            "with a name (and a code, if any) written as text."
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FootballJsonError(f"{key} is missing.")
    raise FootballJsonError(f"{key} must be a team name, not a {_kind(value)}.")


def _parse_score(entry, match):
    """Fill the match's score from "score" or the older score1/score2 keys."""
    old_keys = [key for pair in OLD_SCORE_KEYS.values() for key in pair if key in entry]
    if "score" in entry and entry["score"] is not None and old_keys:
        raise FootballJsonError(
            f'give the score either as "score" or as {", ".join(old_keys)}, not both.'
        )
    if old_keys:
        score = {}
        for part, (home_key, away_key) in OLD_SCORE_KEYS.items():
            home, away = entry.get(home_key), entry.get(away_key)
            if home is None and away is None:
                continue
            if home is None or away is None:
                missing = home_key if home is None else away_key
                raise FootballJsonError(f"malformed score: {missing} is missing.")
            score[part] = [home, away]
        source = "score1/score2"
    else:
        score = entry.get("score")
        source = "score"
        if score is None:
            return
        if not isinstance(score, dict):
            raise FootballJsonError(
                f'malformed score: expected an object such as {{"ft": [1, 0]}}, '
                f"not a {_kind(score)}."
            )
        unknown = [key for key in score if key not in SCORE_KEYS]
        if unknown:
            raise FootballJsonError(
                f"malformed score: unknown part {', '.join(map(repr, unknown))} "
                "(expected ft, ht, et or p)."
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
                f"malformed score: {part} in {source} must be two goal counts "
                f"such as [1, 0], not {value!r}."
            )
        pairs[part] = tuple(value)
    if not pairs:
        return
    if "ft" not in pairs and "et" not in pairs:
        raise FootballJsonError(
            "malformed score: it has no full-time (ft) or extra-time (et) score."
        )
    if "et" in pairs:
        ft = pairs.get("ft")
        if ft is not None and ft[0] != ft[1]:
            raise FootballJsonError(
                f"malformed score: extra time is only played after a level score, "
                f"but ft is {ft[0]}–{ft[1]}."
            )
        if ft is not None and (pairs["et"][0] < ft[0] or pairs["et"][1] < ft[1]):
            raise FootballJsonError(
                "malformed score: the score after extra time (et) can't be lower than ft."
            )
        match.score, match.extra_time = pairs["et"], True
    else:
        match.score = pairs["ft"]
    if "p" in pairs:
        if match.score[0] != match.score[1]:
            raise FootballJsonError(
                f"malformed score: a penalty shoot-out (p) only follows a level score, "
                f"but the score is {match.score[0]}–{match.score[1]}."
            )
        if pairs["p"][0] == pairs["p"][1]:
            raise FootballJsonError("malformed score: a penalty shoot-out (p) has a winner.")
        match.penalties = pairs["p"]


def _kind(value):
    return {
        dict: "object",
        list: "list",
        str: "text",
        int: "number",
        float: "number",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# Import ---------------------------------------------------------------------


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    lines: list = field(default_factory=list)  # one per change: "created match ..."
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    def __str__(self):
        return "\n".join(self.lines)


def import_season(data, year, stage_name="League", points_for_win=None, dry_run=False):
    """Import a football.json document (already decoded) as season ``year``.

    Raises FootballJsonError, with nothing written, when the document or any
    row it would write is invalid. With ``dry_run`` everything is rolled back
    and the report says what would have changed.
    """
    matches = parse_document(data)
    stage_name = " ".join(str(stage_name or "").split())
    if not stage_name or not slugify(stage_name):
        raise FootballJsonError(f"The stage name {stage_name!r} gives no slug: choose another.")
    if points_for_win is not None and points_for_win < 1:
        raise FootballJsonError("Points for a win must be 1 or more.")
    report = Report(dry_run=dry_run)
    with transaction.atomic():
        _Importer(report, year, stage_name, points_for_win).load(matches)
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Importer:
    def __init__(self, report, year, stage_name, points_for_win):
        self.report = report
        self.year = year
        self.stage_name = stage_name
        self.points_for_win = points_for_win
        self.teams = TeamMatcher()
        self.errors = []

    def load(self, matches):
        season = self.season()
        stage = self.stage(season)
        group = self.group(stage)
        resolved = []
        seen = {}
        for match in matches:
            home, away = self.team(match.team1, match), self.team(match.team2, match)
            if home is None or away is None:
                continue
            key = (match.round, home.pk, away.pk)
            if home.pk == away.pk:
                self.errors.append(
                    f"{match.label}: both names are {home.name}'s: a team can't play itself."
                )
            elif key in seen:
                self.errors.append(
                    f"{match.label}: the same match as {seen[key].label}, "
                    f"{home.name} v {away.name} in round {match.round}."
                )
            else:
                seen[key] = match
                resolved.append((match, home, away))
        self.raise_errors()
        members = set(group.members.values_list("team_id", flat=True))
        added = set()
        for _match, home, away in resolved:
            for team in (home, away):
                if team.pk not in members and team.pk not in added:
                    member = GroupMember(group=group, team=team)
                    self.save(member, f"{team.name} in {group.name}", created=True)
                    added.add(team.pk)
        self.raise_errors()
        in_file = set()
        for match, home, away in resolved:
            in_file.add(self.match(group, match, home, away))
        self.raise_errors()
        left = group.matches.exclude(pk__in=in_file).select_related("home_team", "away_team")
        for match in left.order_by("round", "pk"):
            self.report.warnings.append(
                f"Round {match.round}, {match}: in the database but not in the file (left as is)."
            )

    # Rows -------------------------------------------------------------------

    def season(self):
        season = Season.objects.filter(year=self.year).first()
        if season is None:
            season = Season(
                year=self.year,
                points_for_win=self.points_for_win or Season.default_points_for_win(self.year),
            )
            self.save(season, str(season), created=True)
            self.raise_errors()
        elif self.points_for_win is not None and season.points_for_win != self.points_for_win:
            before = season.points_for_win
            season.points_for_win = self.points_for_win
            self.save(
                season, str(season), changes=[f"points for a win {before} → {self.points_for_win}"]
            )
            self.raise_errors()
        return season

    def stage(self, season):
        slug = slugify(self.stage_name)
        stage = Stage.objects.filter(season=season, slug=slug).first()
        if stage is None:
            order = (season.stages.aggregate(last=Max("order"))["last"] or 0) + 1
            stage = Stage(
                season=season,
                name=self.stage_name,
                slug=slug,
                order=order,
                kind=Stage.Kind.ROUND_ROBIN,
            )
            self.save(stage, str(stage), created=True)
            self.raise_errors()
        elif stage.kind != Stage.Kind.ROUND_ROBIN:
            raise FootballJsonError(
                f"The stage {stage.name} of {self.year} is a {stage.get_kind_display().lower()} "
                "stage: a football.json file is imported into a round-robin stage. "
                "Choose another stage name."
            )
        return stage

    def group(self, stage):
        group = Group.objects.filter(stage=stage, slug=stage.slug).first()
        if group is None:
            others = list(stage.groups.all()[:2])
            if len(others) == 1:  # the stage's only group, whatever its name
                return others[0]
            if others:
                raise FootballJsonError(
                    f"The stage {stage.name} of {self.year} has several groups and none named "
                    f"{stage.name}: import into another stage."
                )
            group = Group(stage=stage, name=stage.name, slug=stage.slug)
            self.save(group, str(group), created=True)
            self.raise_errors()
        return group

    def team(self, ref, match):
        try:
            team = self.teams.find(ref.name, ref.code)
        except AmbiguousTeam as error:
            self.errors.append(f"{match.label}: {error}")
            return None
        if team is None:
            base = slugify(ref.name) or "team"
            slug, n = base[:100], 2
            while Team.objects.filter(slug=slug).exists():
                suffix = f"-{n}"
                slug, n = base[: 100 - len(suffix)] + suffix, n + 1
            code = ref.code if len(ref.code) <= 5 else ""
            team = Team(name=ref.name[:100], slug=slug, short_code=code)
            self.save(team, team.name, created=True)
            if team.pk is None:  # invalid: reported, a stand-in keeps the checks going
                team.pk = -len(self.errors)
            else:
                self.teams.add(team)
        return team

    def match(self, group, parsed, home, away):
        values = {
            "home_score": parsed.score[0] if parsed.score else None,
            "away_score": parsed.score[1] if parsed.score else None,
            "extra_time": parsed.extra_time,
            "home_penalties": parsed.penalties[0] if parsed.penalties else None,
            "away_penalties": parsed.penalties[1] if parsed.penalties else None,
        }
        # A date or time the file doesn't give is unknown, not removed.
        if parsed.date is not None:
            values["date"] = parsed.date
        if parsed.time is not None:
            values["kickoff_time"] = parsed.time
        instance = Match.objects.filter(
            group=group, round=parsed.round, home_team=home, away_team=away
        ).first()
        if parsed.score:
            values["status"] = Match.Status.PLAYED
        elif instance is None or instance.status == Match.Status.PLAYED:
            values["status"] = Match.Status.SCHEDULED
        elif instance.status == Match.Status.ANNULLED:
            return instance.pk  # no score in the file: an annulled match stays as it is
        label = f"round {parsed.round}: {home.name} v {away.name} ({parsed.where})"
        if instance is None:
            instance = Match(group=group, round=parsed.round, home_team=home, away_team=away)
            for name, value in values.items():
                setattr(instance, name, value)
            self.save(instance, label, created=True)
            return instance.pk
        changes = [
            f"{name} {_show(getattr(instance, name))} → {_show(value)}"
            for name, value in values.items()
            if getattr(instance, name) != value
        ]
        if changes:
            for name, value in values.items():
                setattr(instance, name, value)
            self.save(instance, label, changes=changes)
        return instance.pk

    # Saving -------------------------------------------------------------------

    def save(self, instance, label, created=False, changes=()):
        """full_clean, then save and report; an invalid row is collected, not saved."""
        label = f"{instance._meta.verbose_name} {label}"
        try:
            instance.full_clean()
        except ValidationError as error:
            self.errors.append(f"{label}: {_messages(error)}")
            return
        instance.save()
        if created:
            self.report.created += 1
            self.report.lines.append(f"created {label}")
        else:
            self.report.updated += 1
            self.report.lines.append(f"updated {label}: {'; '.join(changes)}")

    def raise_errors(self):
        if self.errors:
            raise FootballJsonError("\n".join(self.errors))


def _messages(error):
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


def _show(value):
    if value is None:
        return "none"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
