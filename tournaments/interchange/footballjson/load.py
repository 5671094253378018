"""Write a football.json document into the database.

``import_season`` checks the whole document before it writes anything, finds
its teams (through ``TeamMatcher``), reads the season's shape from the round
names (``shape_season``: stages, groups, ties and legs) and then creates or
updates the season, each stage, its groups or ties, their members and the
matches, in one transaction. Stages are found by their slug, groups by their
name or their teams, ties by their two teams, matches by their natural key
(group, round, home, away), so importing the same file twice changes nothing.
Every row passes ``full_clean`` (the admin's rules); on any error nothing is
written. The standings are never read from the file: the signals compute
them, and the season's champion, on commit.
"""

import datetime

from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext

from ...bilingual import english
from ...models import Group, GroupMember, Match, Season, Stage, Team, TeamAlias
from .. import base, glossary
from ..teams import AmbiguousTeam, TeamMatcher, name_key
from .parse import ABANDONED_NOTE, FootballJsonError, parse_document
from .shape import shape_season

STATUS = {  # the file's status → the match's
    "postponed": Match.Status.POSTPONED,
    "abandoned": Match.Status.ANNULLED,
    "awarded": Match.Status.PLAYED,  # a walkover, with the awarded score
}


def import_season(
    data,
    year,
    stage_name="League",
    points_for_win=None,
    tie_rule=None,
    add_aliases=True,
    dry_run=False,
):
    """Import a football.json document (already decoded) as season ``year``.

    ``stage_name`` names the stage of rounds that name none ("Matchday 1");
    ``tie_rule`` is the rule of the knockout stages (new ones get "aggregate"
    without it; existing ones change only with it). A team name matched by a
    heuristic becomes the team's alias unless ``add_aliases`` is False.
    Raises FootballJsonError, with nothing written, when the document or any
    row it would write is invalid. With ``dry_run`` everything is rolled back
    and the report says what would have changed.
    """
    matches = parse_document(data)
    stage_name = " ".join(str(stage_name or "").split())
    if not stage_name or not slugify(stage_name):
        raise FootballJsonError(
            gettext("The stage name %(name)r gives no slug: choose another.") % {"name": stage_name}
        )
    if points_for_win is not None and points_for_win < 1:
        raise FootballJsonError(gettext("Points for a win must be 1 or more."))
    if tie_rule is not None and tie_rule not in Stage.TieRule.values:
        raise FootballJsonError(
            gettext("Unknown tie rule %(rule)r: expected one of %(rules)s.")
            % {"rule": tie_rule, "rules": ", ".join(Stage.TieRule.values)}
        )
    report = base.Report(dry_run=dry_run)
    with base.one_transaction(dry_run, origin="football.json import"):
        loader = _Loader(report, year, stage_name, points_for_win, tie_rule, add_aliases)
        loader.load(matches)
    return report


class _Loader(base.Loader):
    error = FootballJsonError  # every invalid row is told, at the next checkpoint

    def __init__(self, report, year, stage_name, points_for_win, tie_rule, add_aliases):
        super().__init__(report)
        self.year = year
        self.stage_name = stage_name
        self.points_for_win = points_for_win
        self.tie_rule = tie_rule
        self.add_aliases = add_aliases
        self.teams = TeamMatcher()
        self.found = {}  # (name key, code) → team, so a name is matched (and told) once

    @staticmethod
    def show(value):
        """A value in a change line as the file writes it: "date 1997-01-19 → none"."""
        if value is None:
            return pgettext("no value", "none")
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def load(self, matches):
        season = self.season()
        resolved = self.resolve(matches)
        self.raise_errors()
        shape = shape_season(resolved, self.stage_name)
        self.report.warnings += shape.warnings
        groups, in_file = [], set()
        for plan in shape.stages:
            stage = self.stage(season, plan)
            ties = self.existing_ties(stage) if plan.knockout else {}
            for order, group_plan in enumerate(plan.groups, start=1):
                if group_plan.tie:
                    group = self.tie(stage, group_plan, order, ties)
                else:
                    group = self.group(stage, group_plan)
                self.members(group, group_plan)
                for planned in sorted(group_plan.matches, key=lambda m: m.round):
                    in_file.add(self.match(group, planned, stage))
                groups.append(group)
        self.raise_errors()
        left = (
            Match.objects.filter(group__in=groups)
            .exclude(pk__in=in_file)
            .select_related("home_team", "away_team", "group")
        )
        for match in left.order_by("group__stage__order", "group__order", "round", "pk"):
            self.report.warnings.append(
                gettext(
                    "Round %(round)s, %(match)s: in the database but not in the file (left as is)."
                )
                % {"round": match.round, "match": match}
            )

    def resolve(self, matches):
        """[(match, home, away), ...]: the teams found or created, each match checked."""
        resolved = []
        for match in matches:
            home, away = self.team(match.team1, match), self.team(match.team2, match)
            if home is None or away is None:
                continue
            if home.pk == away.pk:
                self.report.errors.append(
                    gettext("%(match)s: both names are %(team)s's: a team can't play itself.")
                    % {"match": match.label, "team": home.name}
                )
                continue
            resolved.append((match, home, away))
        return resolved

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
                season,
                str(season),
                changes=[
                    gettext("points for a win %(before)s → %(after)s")
                    % {"before": before, "after": self.points_for_win}
                ],
            )
            self.raise_errors()
        return season

    def stage(self, season, plan):
        slug = slugify(plan.name)
        if not slug:
            raise FootballJsonError(
                gettext("%(where)s: the stage name %(name)r gives no slug.")
                % {"where": plan.where, "name": plan.name}
            )
        kind = Stage.Kind.KNOCKOUT if plan.knockout else Stage.Kind.ROUND_ROBIN
        stage = base.named_row(season.stages.all(), plan.name)
        if stage is None:
            order = (season.stages.aggregate(last=Max("order"))["last"] or 0) + 1
            spanish, english = glossary.both(plan.name)
            stage = Stage(
                season=season, name=spanish, name_en=english, slug=slug, order=order, kind=kind
            )
            if plan.knockout:
                stage.legs = plan.legs
                stage.tie_rule = self.tie_rule or Stage.TieRule.AGGREGATE
            self.save(stage, str(stage))
            self.raise_errors()
        elif stage.kind != kind:
            raise FootballJsonError(
                gettext(
                    "The stage %(stage)s of %(year)s is a %(kind)s stage, but the file's rounds "
                    "make it a %(other)s stage (%(where)s). Choose another stage name."
                )
                % {
                    "stage": stage.name,
                    "year": self.year,
                    "kind": stage.get_kind_display().lower(),
                    "other": kind.label.lower(),
                    "where": plan.where,
                }
            )
        elif plan.knockout:
            values = {"legs": max(stage.legs, plan.legs)}  # first legs alone don't make it one
            if self.tie_rule:
                values["tie_rule"] = self.tie_rule
            self.put(stage, values, str(stage))
            self.raise_errors()
        return stage

    def group(self, stage, plan):
        """The round-robin group: by the file's name, else the one holding its teams."""
        groups = list(stage.groups.prefetch_related("members"))
        if plan.name and not plan.inferred:
            found = base.named_row(groups, plan.name)
        else:
            teams = {team.pk for team in plan.teams}
            holding = [g for g in groups if teams & {m.team_id for m in g.members.all()}]
            if len(holding) > 1:
                raise FootballJsonError(
                    gettext(
                        "%(where)s: its teams are in several groups of %(stage)s (%(groups)s): "
                        'give the file\'s matches a "group".'
                    )
                    % {
                        "where": plan.matches[0].parsed.where,
                        "stage": stage.name,
                        "groups": ", ".join(g.name for g in holding),
                    }
                )
            found = holding[0] if holding else None
            if found is None and plan.name is None:
                found = next((g for g in groups if g.slug == stage.slug), None)
                if found is None and len(groups) == 1:  # the stage's only group
                    found = groups[0]
                elif found is None and groups:
                    raise FootballJsonError(
                        gettext(
                            "The stage %(stage)s of %(year)s has several groups and none "
                            "named %(stage)s: import into another stage."
                        )
                        % {"stage": stage.name, "year": self.year}
                    )
        if found is not None:
            return found
        if plan.name:
            name, english = glossary.both(plan.name)
        else:  # the stage's only group, named after it
            name, english = stage.name, stage.name_en
        order = len(groups) + 1
        group = Group(
            stage=stage,
            name=name,
            name_en=english,
            slug=slugify(english or name) or "group",
            order=order,
        )
        self.save(group, str(group))
        self.raise_errors()
        return group

    def existing_ties(self, stage):
        """{frozenset of the two teams' ids: tie} of a knockout stage."""
        return {
            frozenset(m.team_id for m in group.members.all()): group
            for group in stage.groups.prefetch_related("members")
        }

    def tie(self, stage, plan, order, ties):
        first = plan.matches[0]
        key = frozenset((first.home.pk, first.away.pk))
        if key in ties:
            return ties[key]
        name = f"{first.home.name} v {first.away.name}"  # stored: the tie's name, as exported
        taken = set(stage.groups.values_list("slug", flat=True))
        slug, number = slugify(name)[:100] or "tie", 2
        while slug in taken:
            slug, number = f"{slugify(name)[:95]}-{number}", number + 1
        group = Group(stage=stage, name=name, slug=slug, order=order)  # names, for both
        self.save(group, str(group))
        self.raise_errors()
        ties[key] = group
        return group

    def members(self, group, plan):
        members = set(group.members.values_list("team_id", flat=True))
        for team in plan.teams:
            if team.pk not in members:
                label = gettext("%(team)s in %(group)s") % {"team": team.name, "group": group.name}
                self.save(GroupMember(group=group, team=team), label)
        self.raise_errors()

    def team(self, ref, match):
        key = (name_key(ref.name), name_key(ref.code))
        if key in self.found:
            return self.found[key]
        try:
            found = self.teams.match(ref.name, ref.code)
        except AmbiguousTeam as error:
            self.report.errors.append(f"{match.label}: {error}")
            return None
        if found is None:
            team = self.new_team(ref, match)
        else:
            team = found.team
            if found.heuristic:
                self.heuristic_match(ref, match, found)
        self.found[key] = team
        return team

    def new_team(self, ref, match):
        slug = base.free_slug(Team, ref.name, "team")
        code = ref.code if len(ref.code) <= 5 else ""
        team = Team(name=ref.name, slug=slug, short_code=code)  # too long: refused, not cut
        if self.validate(team, f"{team.name} ({match.where})"):
            self.save(team, team.name)
        if team.pk is None:  # invalid: reported, a stand-in keeps the checks going
            team.pk = -len(self.report.errors)
        else:
            self.teams.add(team)
        return team

    def heuristic_match(self, ref, match, found):
        """Say which heuristic matched the name to which team; keep the name as an alias."""
        added = self.add_aliases and name_key(ref.name) != name_key(found.team.name)
        values = {"where": match.where, "found": found.describe(ref.name)}
        self.report.warnings.append(
            gettext("%(where)s: %(found)s; added as its alias.") % values
            if added
            else gettext("%(where)s: %(found)s.") % values
        )
        if added:
            alias = TeamAlias(team=found.team, name=ref.name)
            label = gettext("%(alias)s of %(team)s (heuristic %(heuristic)s)") % {
                "alias": alias.name,
                "team": found.team.name,
                "heuristic": found.heuristic,
            }
            self.save(alias, label)
            self.teams.add(found.team, alias.name)

    def match(self, group, planned, stage):
        parsed, home, away, number = planned.parsed, planned.home, planned.away, planned.round
        values = {
            "home_score": parsed.score[0] if parsed.score else None,
            "away_score": parsed.score[1] if parsed.score else None,
            "extra_time": parsed.extra_time,
            "home_penalties": parsed.penalties[0] if parsed.penalties else None,
            "away_penalties": parsed.penalties[1] if parsed.penalties else None,
            "walkover": parsed.status == "awarded",
        }
        # A date or time the file doesn't give is unknown, not removed.
        if parsed.date is not None:
            values["date"] = parsed.date
        if parsed.time is not None:
            values["kickoff_time"] = parsed.time
        instance = Match.objects.filter(
            group=group, round=number, home_team=home, away_team=away
        ).first()
        if parsed.status:
            values["status"] = STATUS[parsed.status]
        elif parsed.score:
            values["status"] = Match.Status.PLAYED
        elif instance is None or instance.status == Match.Status.PLAYED:
            values["status"] = Match.Status.SCHEDULED
        elif instance.status == Match.Status.ANNULLED:
            return instance.pk  # no score in the file: an annulled match stays as it is
        if parsed.status == "abandoned":
            notes = instance.notes if instance else ""
            if ABANDONED_NOTE not in notes.splitlines():
                values["notes"] = f"{notes}\n{ABANDONED_NOTE}".strip()
        if instance is None:
            instance = Match(group=group, round=number, home_team=home, away_team=away)
        label = gettext("%(round)s: %(home)s v %(away)s (%(where)s)") % {
            "round": self.round_label(stage, number),
            "home": home.name,
            "away": away.name,
            "where": parsed.where,
        }
        return self.put(instance, values, label).pk

    @staticmethod
    def round_label(stage, number):
        if stage.kind == Stage.Kind.ROUND_ROBIN:
            return gettext("round %(number)s") % {"number": number}
        name = english(stage, "name")  # as the file names it
        if number <= stage.legs:
            return gettext("%(stage)s, leg %(number)s") % {"stage": name, "number": number}
        return gettext("%(stage)s, play-off") % {"stage": name}
