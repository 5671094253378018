"""Write a parsed article into the database, and check its typed tables.

``import_article`` creates or updates, in one transaction, everything the
article states: it finds rows by their natural keys, so importing the same
article twice changes nothing and an edited one updates what changed. Every
row passes ``full_clean`` (the admin's rules). Where a group's matches
account for its typed table, the standings are computed from them and
``compare_tables`` reports where the article's table disagrees; where they
don't, the typed table is kept as the group's published table, the record.

The article's winners are not stored (the champion is computed): the report
says where they differ from what the results decide. Every warning and error
names its line ("line 12: …"); an error writes nothing.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext

from ... import services, standings
from ...models import (
    Department,
    Goal,
    Group,
    GroupMember,
    Match,
    Player,
    PointAdjustment,
    PublishedRow,
    Season,
    SeasonTeam,
    Stage,
    StatusZone,
    Team,
    Tiebreaker,
    TopScorer,
    Venue,
)
from .. import base, glossary
from ..teams import AmbiguousTeam, TeamMatcher, name_key
from .parse import Problem, WikitextError
from .plan import owner_of, plan_article

CRITERIA = [  # phrases of class_rules, most specific first
    ("head-to-head", standings.Tiebreaker.HEAD_TO_HEAD),
    ("head to head", standings.Tiebreaker.HEAD_TO_HEAD),
    ("goal difference", standings.Tiebreaker.GOAL_DIFFERENCE),
    ("goals scored", standings.Tiebreaker.GOALS_FOR),
    ("goals for", standings.Tiebreaker.GOALS_FOR),
    ("wins", standings.Tiebreaker.WINS),
    ("points", standings.Tiebreaker.POINTS),
]


@dataclass
class Difference:
    group: str
    team: str
    column: str
    article: object
    computed: object

    def __str__(self):
        return gettext(
            "%(group)s: %(team)s, %(column)s: the article says %(article)s, "
            "the matches give %(computed)s"
        ) % {
            "group": self.group,
            "team": self.team,
            "column": self.column,
            "article": self.article,
            "computed": self.computed,
        }


@dataclass
class Report(base.Report):
    differences: list = field(default_factory=list)  # the typed tables against the matches


def import_article(article, *, year=None, source_url=None, dry_run=False):
    """Import ``article``; with ``dry_run`` everything is rolled back. Returns a Report.

    Raises ``WikitextError`` with every error found, and then nothing is written.
    """
    year = year or article.year
    if not year:
        raise WikitextError(
            gettext(
                "The article gives no season year (no {{Infobox football league season}} with "
                "season=): pass --year."
            )
        )
    plan = plan_article(article)
    if plan.errors:
        raise WikitextError(problems=plan.errors)
    report = Report(dry_run=dry_run)
    report.warnings += [str(p) for p in sorted(article.warnings + plan.warnings, key=_by_line)]
    with base.one_transaction(dry_run, origin="Wikipedia import"):
        try:
            loader = _Loader(article, year, report, source_url, plan)
            loader.load()
            loader.compare_champion()
        except AmbiguousTeam as error:
            raise WikitextError(str(error)) from None
    report.differences = compare_tables(article, year)
    return report


def _by_line(problem):
    return problem.line or 0


def default_source_url(title):
    return f"https://en.wikipedia.org/wiki/{quote(title.replace(' ', '_'))}" if title else ""


def criteria_from_rules(text):
    """'1) Points; 2) Goal difference; 3) Goals scored' → engine tiebreakers, in order."""
    found = []
    for part in [p for p in re.split(r"[;,]|\d\)", text.lower()) if p.strip()]:
        for phrase, criterion in CRITERIA:
            if phrase in part and criterion not in found:
                found.append(criterion)
                break
    return found


def compare_tables(article, year):
    """Each typed table against the one its matches give: every cell that differs."""
    differences = []
    for table in article.tables:
        if table.published:
            continue  # kept as the record: nothing computed to compare it with
        names = {row.code: row.name for row in table.rows}
        by_name = {name_key(row.name): row.code for row in table.rows}
        results = [
            standings.Result(
                by_name[name_key(m.team1)], by_name[name_key(m.team2)], m.score1, m.score2
            )
            for m in _matches_of(article, table)
        ]
        rules = standings.Rules(
            points_for_win=table.win_points or Season.default_points_for_win(year),
            tiebreakers=criteria_from_rules(table.class_rules) or standings.DEFAULT_TIEBREAKERS,
        )
        computed = standings.compute_table(
            [row.code for row in table.rows],
            results,
            rules,
            adjustments={row.code: row.adjust_points for row in table.rows if row.adjust_points},
        )
        typed_rows = [
            standings.Row(
                typed.code,
                position=typed.position or index,
                played=typed.played,
                won=typed.won,
                drawn=typed.drawn,
                lost=typed.lost,
                goals_for=typed.goals_for,
                goals_against=typed.goals_against,
                points=typed.won * rules.points_for_win
                + typed.drawn * rules.points_for_draw
                + typed.adjust_points,
            )
            for index, typed in enumerate(table.rows, start=1)
        ]
        differences += [
            Difference(
                table.group,
                names[difference.team],
                difference.column.replace("_", " "),
                difference.published,
                difference.computed,
            )
            for difference in standings.table_differences(typed_rows, computed)
        ]
    return differences


def _matches_of(article, table):
    """The boxes that belong to a table's group: in its section, under a round heading."""
    return [box for box in article.matches if not box.duplicate and owner_of(article, box) is table]


def official_department_names():
    """The departments fixture's official names, by their accent-free key."""
    for directory in settings.FIXTURE_DIRS:
        path = directory / "departments.json"
        if path.exists():
            rows = json.loads(path.read_text(encoding="utf-8"))
            return {name_key(row["fields"]["name"]): row["fields"] for row in rows}
    return {}


class _Loader(base.Loader):
    error = WikitextError
    stop_at_first_error = True  # later rows of an article build on earlier ones

    def __init__(self, article, year, report, source_url, plan):
        super().__init__(report)
        self.article = article
        self.year = year
        self.plan = plan
        self.source_url = source_url or default_source_url(article.title)
        self.teams = TeamMatcher()
        self.departments = {d.slug: d for d in Department.objects.all()}
        self.official = official_department_names()
        self.line = None  # the article's line being written, for messages

    def validate(self, instance, label):
        """``full_clean``, an invalid row being an error at the article's line."""
        try:
            instance.full_clean()
        except ValidationError as error:
            message = gettext("%(kind)s %(label)s: %(message)s") % {
                "kind": instance._meta.verbose_name,
                "label": label,
                "message": base.validation_message(error),
            }
            self.report.errors.append(str(Problem(self.line, message)))
            self.raise_errors()
        return True

    # The article, part by part ---------------------------------------------------

    def load(self):
        self.season = self.load_season()
        self.load_qualifiers()
        for table in self.article.tables:
            self.load_table(table)
        for table, boxes in self.plan.group_boxes:
            self.load_group_matches(table.model, self.group_rounds(boxes), counts=True)
        for stage in self.plan.knockout:
            self.load_knockout(stage)
        self.load_top_scorers()

    def load_season(self):
        article = self.article
        self.ensure_teams()
        values = {}
        promoted = self.promoted_to()
        if promoted:
            values["promoted_to"] = promoted
        if article.intro:  # an English article's prose; its Spanish is the editors' to write
            values["intro_en"] = article.intro
        if self.source_url:
            values["source_url"] = self.source_url
        win_points = next((t.win_points for t in article.tables if t.win_points), None)
        if win_points or not Season.objects.filter(year=self.year).exists():
            values["points_for_win"] = win_points or Season.default_points_for_win(self.year)
        return self.upsert(Season, {"year": self.year}, values, str(self.year))

    def compare_champion(self):
        """Recompute the season's groups (in this transaction: a dry run too) and say
        where the article's winners differ from the champion the results give."""
        group_ids = list(
            Group.objects.filter(stage__season=self.season).values_list("pk", flat=True)
        )
        services.recompute_group_ids(group_ids, season_ids=[self.season.pk])
        named = self.article.winners
        if not named:
            return
        champion_id, _ = services.computed_outcome(self.season)
        team = self.teams.find(named)
        if champion_id is not None and team is not None and team.pk == champion_id:
            return
        if champion_id is None:
            message = gettext(
                "the article names %(named)s as champion; the results decide no champion: "
                "set an override in the admin if %(named)s was awarded the title."
            ) % {"named": named}
        else:
            champion = Team.objects.get(pk=champion_id)
            message = gettext(
                "the article names %(named)s as champion; the results give %(champion)s."
            ) % {"named": named, "champion": champion}
        self.report.warnings.append(str(Problem(self.article.winners_line, message)))

    def promoted_to(self):
        for table in self.article.tables:
            for zone in table.zones:
                if zone.label.lower().startswith("promoted to "):
                    return zone.label[len("promoted to ") :].strip()
        found = re.search(r"promoted to (?:the )?([^.]+)\.", self.article.intro)
        return found.group(1).strip() if found else ""

    def _table_row(self, name):
        return any(
            name_key(row.name) == name_key(name) for t in self.article.tables for row in t.rows
        )

    def ensure_teams(self):
        """Every team of the tables and of the qualified-teams list, found or created."""
        if getattr(self, "_teams_done", False):
            return
        self._teams_done = True
        locations = {name_key(q.team): q for q in self.article.qualifiers}
        seen = {}
        for table in self.article.tables:
            for row in table.rows:
                seen.setdefault(name_key(row.name), (row.name, row.code if row.code_given else ""))
        for qualifier in self.article.qualifiers:
            seen.setdefault(name_key(qualifier.team), (qualifier.team, ""))
        for key, (name, code) in seen.items():
            qualifier = locations.get(key)
            department = self.department(qualifier.department) if qualifier else None
            team = self.teams.find(name, code)
            values = {}
            if team is None:
                values = {
                    "name": name,
                    "short_code": code,
                    "city": qualifier.location if qualifier else "",
                    "department": department,
                }
                team = self.upsert(Team, {"slug": base.free_slug(Team, name, "team")}, values, name)
                self.teams.add(team)
                continue
            # An existing club keeps what editors typed; the article fills the blanks.
            if code and not team.short_code:
                values["short_code"] = code
            if qualifier and qualifier.location and not team.city:
                values["city"] = qualifier.location
            if department and team.department_id is None:
                values["department"] = department
            if values:
                self.upsert(Team, {"pk": team.pk}, values, team.name)

    def department(self, name):
        key = name_key(name)
        if key not in self.departments:
            official = self.official.get(key, {"name": name, "slug": key})
            self.departments[key] = self.upsert(
                Department, {"slug": official["slug"]}, {"name": official["name"]}, name
            )
        return self.departments[key]

    def team(self, name, where, line):
        """A team the article's tables name; anything else is an error."""
        named = self._table_row(name) or any(
            name_key(q.team) == name_key(name) for q in self.article.qualifiers
        )
        team = self.teams.find(name) if named else None
        if team is None:
            raise WikitextError(
                problems=[
                    Problem(
                        line,
                        gettext("%(where)s: team %(name)r is in no table of the article.")
                        % {"where": where, "name": name},
                    )
                ]
            )
        return team

    def knockout_team(self, name):
        """A team of a knockout tie: found, or created (ties have no table to list them)."""
        team = self.teams.find(name)
        if team is None:
            slug = base.free_slug(Team, name, "team")
            team = self.upsert(Team, {"slug": slug}, {"name": name}, name)
            self.teams.add(team)
        return team

    def load_qualifiers(self):
        self.ensure_teams()
        per_department = {}
        for qualifier in self.article.qualifiers:
            per_department.setdefault(name_key(qualifier.department), []).append(qualifier)
        for qualifier in self.article.qualifiers:
            department = self.department(qualifier.department)
            sent = len(per_department[name_key(qualifier.department)])
            team = self.teams.find(qualifier.team)
            self.upsert(
                SeasonTeam,
                {"season": self.season, "team": team},
                {
                    "department": department,
                    "route": SeasonTeam.Route.DEPARTMENT_CHAMPION if sent == 1 else "",
                    # Stored and shown on the site: English, like the article it comes from.
                    "notes": ""
                    if sent == 1
                    else f"{department.name} sent {sent} teams; "
                    "the source does not say how each qualified.",
                },
                f"{team} ({department})",
            )

    def stage(self, name, kind, **values):
        order, level = self.plan.place(name)
        spanish, english = glossary.both(name)
        found = base.named_row(self.season.stages.all(), name)
        return self.upsert(
            Stage,
            {"pk": found.pk} if found else {"season": self.season, "slug": slugify(name)},
            {
                "name": spanish,
                "name_en": english,
                "kind": kind,
                "order": order,
                "level": level,
                **values,
            },
            f"{self.year} {name}",
        )

    def load_table(self, table):
        self.line = table.line
        stage = self.stage(table.stage, Stage.Kind.ROUND_ROBIN)
        group_order = [t.group for t in self.article.tables if t.stage == table.stage].index(
            table.group
        ) + 1
        spanish, english = glossary.both(table.group)
        values = {"name": spanish, "name_en": english, "order": group_order}
        if table.published:
            values["published_source"] = table.source or f"Wikipedia: {self.article.title}"[:200]
            values["published_source_url"] = self.source_url
        found = base.named_row(stage.groups.all(), table.group)
        group = self.upsert(
            Group,
            {"pk": found.pk} if found else {"stage": stage, "slug": slugify(table.group)},
            values,
            f"{table.stage}: {table.group}",
        )
        table.model = group
        for row in table.rows:
            team = self.teams.find(row.name, row.code if row.code_given else "")
            label = gettext("%(team)s in %(group)s") % {"team": team, "group": group.name}
            self.upsert(GroupMember, {"group": group, "team": team}, {}, label)
            if row.adjust_points:
                self.upsert(
                    PointAdjustment,
                    {"group": group, "team": team},
                    {
                        "points": row.adjust_points,
                        "reason": "Según la tabla del artículo.",
                        "reason_en": "As given in the article's table.",
                    },
                    gettext("%(team)s: %(points)+d points")
                    % {"team": team, "points": row.adjust_points},
                )
        self.load_rules(table, group)
        if table.published:
            self.load_published(table, group)

    def load_rules(self, table, group):
        criteria = criteria_from_rules(table.class_rules) or list(standings.DEFAULT_TIEBREAKERS)
        if table.class_rules and not criteria_from_rules(table.class_rules):
            self.report.warnings.append(
                str(
                    Problem(
                        table.line,
                        gettext(
                            "%(group)s: class_rules %(rules)r names no criterion I "
                            "know; points, goal difference, goals scored assumed."
                        )
                        % {"group": group.name, "rules": table.class_rules},
                    )
                )
            )
        self.replace_set(
            group.tiebreakers,
            [{"order": i, "criterion": c.value} for i, c in enumerate(criteria, start=1)],
            Tiebreaker,
            group,
            gettext("%(group)s tiebreakers") % {"group": group.name},
        )
        self.replace_set(
            group.zones,
            [
                {
                    "first_position": z.first,
                    "last_position": z.last,
                    "code": z.code,
                    **dict(zip(("label", "label_en"), glossary.both(z.label), strict=True)),
                    "colour": z.colour,
                }
                for z in table.zones
            ],
            StatusZone,
            group,
            gettext("%(group)s status zones") % {"group": group.name},
        )

    def load_published(self, table, group):
        """The article's table as the group's published one: its matches don't cover it."""
        win = table.win_points or self.season.points_for_win
        draw = self.season.points_for_draw
        wanted = []
        for index, row in enumerate(table.rows, start=1):
            shared = row.position if row.position and row.position < index else None
            wanted.append(
                {
                    "team_id": self.teams.find(row.name, row.code if row.code_given else "").pk,
                    "row": index,
                    "position": shared,
                    "won": row.won,
                    "drawn": row.drawn,
                    "lost": row.lost,
                    "goals_for": row.goals_for,
                    "goals_against": row.goals_against,
                    "points": row.won * win + row.drawn * draw + row.adjust_points,
                    "status": table.status_of(index, row),
                }
            )
        current = list(group.published_rows.order_by("row").values(*wanted[0]))
        if current == wanted:
            return
        group.published_rows.all().delete()
        for values in wanted:
            label = gettext("%(group)s row %(row)s") % {"group": group.name, "row": values["row"]}
            self.save(PublishedRow(group=group, **values), label)

    def replace_set(self, related, wanted, model, group, label):
        fields = list(wanted[0]) if wanted else []
        current = (
            [{f: getattr(o, f) for f in fields} for o in related.order_by("pk")] if fields else []
        )
        if current == wanted and related.count() == len(wanted):
            return
        related.all().delete()
        for values in wanted:
            model.objects.create(group=group, **values)
        self.report.updated += 1
        self.report.lines.append(
            gettext("set %(label)s: %(values)s") % {"label": label, "values": wanted}
        )

    def venue(self, stadium):
        if not stadium:
            return None
        name, _, city = stadium.rpartition(",")
        if not name:
            name, city = city, ""
        name, city = name.strip(), city.strip()
        if "estadio" not in name.lower() and "stadium" not in name.lower():
            name = f"Estadio {name}"
        return self.upsert(Venue, {"slug": slugify(name)}, {"name": name, "city": city}, stadium)

    def group_rounds(self, boxes):
        """(round, box): the box's round, else its date's place among the group's dates."""
        dates = sorted({box.date for box in boxes if box.date})
        return [(box.round or (dates.index(box.date) + 1 if box.date else 1), box) for box in boxes]

    def load_knockout(self, planned):
        stage = self.stage(
            planned.name, Stage.Kind.KNOCKOUT, legs=planned.legs, tie_rule=planned.rule.value
        )
        for order, tie in enumerate(planned.ties.values(), start=1):
            self.line = tie.line
            title = f"{tie.team1} v {tie.team2}"
            group = self.upsert(
                Group,
                {"stage": stage, "slug": slugify(title)},
                {"name": title, "name_en": "", "order": order},  # team names, for both
                f"{planned.name}: {title}",
            )
            for name in (tie.team1, tie.team2):
                team = self.knockout_team(name)
                label = gettext("%(team)s in %(group)s") % {"team": team, "group": title}
                self.upsert(GroupMember, {"group": group, "team": team}, {}, label)
            self.load_group_matches(group, planned.rounds(tie), counts=False)

    def load_group_matches(self, group, rounds, counts):
        for round_number, box in rounds:
            self.line = box.line
            where = box.describe()
            if counts:
                home = self.team(box.team1, where, box.line)
                away = self.team(box.team2, where, box.line)
            else:
                home, away = self.knockout_team(box.team1), self.knockout_team(box.team2)
            values = {
                "date": box.date,
                "kickoff_time": box.time,
                "home_score": box.score1,
                "away_score": box.score2,
                "extra_time": box.extra_time,
                "home_penalties": box.penalties[0] if box.penalties else None,
                "away_penalties": box.penalties[1] if box.penalties else None,
                "walkover": box.walkover,
                "status": Match.Status.PLAYED,
                "counts_for_table": counts,
                "venue": self.venue(box.stadium),
                "attendance": box.attendance,
                "referee": box.referee,
                "report_url": box.report,
            }
            match = self.upsert(
                Match,
                {"group": group, "round": round_number, "home_team": home, "away_team": away},
                values,
                gettext("%(where)s, round %(round)s") % {"where": where, "round": round_number},
            )
            self.load_goals(match, box)

    def load_goals(self, match, box):
        wanted = [
            (goal, match.home_team if side == 1 else match.away_team)
            for side, goals in ((1, box.goals1), (2, box.goals2))
            for goal in goals
        ]
        current = [
            (g.scorer.name if g.scorer else "", g.team_id, g.minute, g.penalty, g.own_goal)
            for g in match.goals.select_related("scorer").order_by("pk")
        ]
        target = [(g.player, t.pk, g.minute, g.penalty, g.own_goal) for g, t in wanted]
        if current == target:
            return
        match.goals.all().delete()
        for goal, team in wanted:
            scorer = self.player(goal.player) if goal.player else None
            instance = Goal(
                match=match,
                team=team,
                scorer=scorer,
                minute=goal.minute,
                penalty=goal.penalty,
                own_goal=goal.own_goal,
            )
            label = gettext("by %(player)s in %(match)s") % {
                "player": goal.player or gettext("unknown"),
                "match": box.describe(),
            }
            self.validate(instance, label)
            instance.save()
        self.report.updated += 1
        self.report.lines.append(
            gettext("set the goals of %(match)s: %(count)s")
            % {"match": match, "count": len(wanted)}
        )

    def player(self, name):
        return self.upsert(Player, {"slug": slugify(name)}, {"name": name}, name)

    def load_top_scorers(self):
        for name, goals, club in self.article.top_scorers:
            team = self.teams.find(club) if club else None
            if club and team is None:
                self.report.warnings.append(
                    str(
                        Problem(
                            self.article.top_scorers_line,
                            gettext(
                                "league topscorer %(name)s: %(club)r is not a team of the "
                                "article; the tally is imported without the club."
                            )
                            % {"name": name, "club": club},
                        )
                    )
                )
            player = self.player(name)
            self.upsert(
                TopScorer,
                {"season": self.season, "player": player},
                {"goals": goals, "team": team},
                f"{name} ({goals})",
            )
