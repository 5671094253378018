"""Write a football.json document into the database.

``import_season`` checks the whole document before it writes anything, then
creates or updates the season, one round-robin stage with one group, the
teams (found through ``TeamMatcher``), the members and the matches, in one
transaction. Matches are found by their natural key (group, round, home,
away), so importing the same file twice changes nothing. Every row passes
``full_clean`` (the admin's rules); on any error nothing is written. The
standings are never read from the file: the signals compute them on commit.
"""

import datetime

from django.db.models import Max
from django.utils.text import slugify

from ...models import Group, GroupMember, Match, Season, Stage, Team
from .. import base
from ..teams import AmbiguousTeam, TeamMatcher
from .parse import FootballJsonError, parse_document


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
    report = base.Report(dry_run=dry_run)
    with base.one_transaction(dry_run):
        _Loader(report, year, stage_name, points_for_win).load(matches)
    return report


class _Loader(base.Loader):
    error = FootballJsonError  # every invalid row is told, at the next checkpoint

    def __init__(self, report, year, stage_name, points_for_win):
        super().__init__(report)
        self.year = year
        self.stage_name = stage_name
        self.points_for_win = points_for_win
        self.teams = TeamMatcher()

    @staticmethod
    def show(value):
        """A value in a change line as the file writes it: "date 1997-01-19 → none"."""
        if value is None:
            return "none"
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

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
                self.report.errors.append(
                    f"{match.label}: both names are {home.name}'s: a team can't play itself."
                )
            elif key in seen:
                self.report.errors.append(
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
                    self.save(member, f"{team.name} in {group.name}")
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
            self.save(season, str(season))
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
            self.save(stage, str(stage))
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
            self.save(group, str(group))
            self.raise_errors()
        return group

    def team(self, ref, match):
        try:
            team = self.teams.find(ref.name, ref.code)
        except AmbiguousTeam as error:
            self.report.errors.append(f"{match.label}: {error}")
            return None
        if team is None:
            slug = base.free_slug(Team, ref.name, "team")
            code = ref.code if len(ref.code) <= 5 else ""
            team = Team(name=ref.name[:100], slug=slug, short_code=code)
            self.save(team, team.name)
            if team.pk is None:  # invalid: reported, a stand-in keeps the checks going
                team.pk = -len(self.report.errors)
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
        if instance is None:
            instance = Match(group=group, round=parsed.round, home_team=home, away_team=away)
        label = f"round {parsed.round}: {home.name} v {away.name} ({parsed.where})"
        return self.put(instance, values, label).pk
