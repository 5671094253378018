"""A big, realistic, synthetic Copa Perú season, built fast for tests and the bench.

``generate_season(year)`` writes every row with ``bulk_create`` (no per-row save,
so no signal and no history row), then stores the standings once with
``recompute_groups``. The data is random but reproducible: one
``random.Random(seed)`` drives every choice.

The season, with the defaults (200 teams, groups of 10):

- First stage: 20 regional round-robin groups of 10 (double round robin, 18
  rounds, 1,800 matches); the top two of each group qualify ("Q").
- Second stage: the 40 qualifiers in 4 round-robin groups of 10 (360 matches),
  top two "Q" again. This stage exists because the first alone gives 1,800
  matches; it is skipped when there are too few qualifiers to fill two groups.
- Knockout: the winners and runners-up of the last round-robin stage paired in
  two-legged ties (a tie is a knockout group of 2 members, its legs rounds 1
  and 2), then round after round to the Final: quarter-finals, semi-finals,
  final with the defaults. Some ties go to extra time or penalties (both legs
  level, so that the aggregate is level and the shoot-out follows a level
  score), one is decided by a walkover (status played, awarded 3-0).

Calling it again in the same database with another year adds another season:
teams, players and venues carry the year in their slugs (``gen{year}-team-{i}``).
"""

import json
import math
import random
from datetime import date, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from tournaments import scheduling, standings
from tournaments.models import (
    Department,
    Goal,
    Group,
    GroupMember,
    Match,
    Player,
    PointAdjustment,
    Season,
    SeasonTeam,
    Stage,
    StatusZone,
    Team,
    TeamAlias,
    Tiebreaker,
    TopScorer,
    Venue,
)
from tournaments.services import recompute_groups

DEPARTMENTS_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "departments.json"

# Departments roughly north to south, with a few towns each: groups are cut from
# this order, so that they are regional as in the real first stages.
TOWNS = {
    "tumbes": ["Tumbes", "Zarumilla"],
    "piura": ["Piura", "Sullana", "Talara", "Paita"],
    "lambayeque": ["Chiclayo", "Ferreñafe", "Lambayeque"],
    "cajamarca": ["Cajamarca", "Jaén", "Chota"],
    "amazonas": ["Chachapoyas", "Bagua Grande"],
    "loreto": ["Iquitos", "Yurimaguas"],
    "san-martin": ["Tarapoto", "Moyobamba"],
    "la-libertad": ["Trujillo", "Chepén", "Pacasmayo"],
    "ancash": ["Huaraz", "Chimbote", "Casma"],
    "huanuco": ["Huánuco", "Tingo María"],
    "ucayali": ["Pucallpa"],
    "pasco": ["Cerro de Pasco", "Oxapampa"],
    "lima": ["Lima", "Huacho", "Cañete", "Huaral"],
    "callao": ["Callao", "Bellavista"],
    "junin": ["Huancayo", "Tarma", "La Oroya", "Jauja"],
    "huancavelica": ["Huancavelica", "Lircay"],
    "ica": ["Ica", "Chincha", "Pisco", "Nazca"],
    "ayacucho": ["Ayacucho", "Huanta"],
    "apurimac": ["Abancay", "Andahuaylas"],
    "cusco": ["Cusco", "Sicuani", "Quillabamba"],
    "madre-de-dios": ["Puerto Maldonado"],
    "arequipa": ["Arequipa", "Camaná", "Mollendo"],
    "puno": ["Puno", "Juliaca"],
    "moquegua": ["Moquegua", "Ilo"],
    "tacna": ["Tacna"],
}
PREFIXES = [
    "Deportivo",
    "Atlético",
    "Unión",
    "Sport",
    "Juventud",
    "Defensor",
    "Social",
    "Alianza",
    "Cultural",
    "Estudiantes de",
    "Racing",
    "Real",
]
FIRST_NAMES = ["José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "César", "Víctor", "Raúl"]
SURNAMES = ["Quispe", "Flores", "Huamán", "Mamani", "Rojas", "Chávez", "Vargas", "Ramos", "Díaz"]
TIEBREAKER_SETS = [
    ["points", "goal_difference", "goals_for"],
    ["points", "head_to_head", "goal_difference", "goals_for"],
    ["points", "goal_difference", "goals_for", "head_to_head", "wins"],
]
QUALIFIED_COLOUR = "#D0F0C0"
WIN, DRAW = 3, 1  # the season's points (from 1995)


def generate_season(year, teams=200, group_size=10, seed=0):
    """Create the season ``year`` and everything in it; return the Season."""
    if teams < 2 or group_size < 2:
        raise ValueError("A season needs at least 2 teams, in groups of at least 2.")
    with transaction.atomic():
        return _Generator(year, teams, group_size, random.Random(seed)).run()


class _Generator:
    def __init__(self, year, team_count, group_size, rng):
        self.year = year
        self.team_count = team_count
        self.group_size = group_size
        self.rng = rng
        self.prefix = f"gen{year}"
        self.matches = []  # unsaved Match objects of every stage
        self.stage_order = 0
        self.next_date = self._sunday(date(year, 3, 1))

    # -- the season and its teams ------------------------------------------------

    def run(self):
        # bulk_create, not create(): a saved Season would queue a recompute of all its
        # groups for the commit, on top of the explicit one at the end.
        (self.season,) = Season.objects.bulk_create(
            [
                Season(
                    year=self.year,
                    points_for_win=WIN,
                    points_for_draw=DRAW,
                    promoted_to=f"{self.year + 1} Liga 1",
                    intro=f"A synthetic season of {self.team_count} teams (generated).",
                )
            ]
        )
        self.departments = self._departments()
        self._teams()
        self.venues = Venue.objects.bulk_create(
            [
                Venue(name="Estadio Nacional", slug=f"{self.prefix}-estadio-nacional", city="Lima"),
                Venue(name="Estadio Mansiche", slug=f"{self.prefix}-mansiche", city="Trujillo"),
            ]
        )

        # Round-robin stages, then the knockout rounds down to the final.
        first = self._round_robin_stage("First stage", self._regional_groups())
        groups = first
        qualifiers = 2 * len(first)
        second_count = _power_of_two_at_most(qualifiers // self.group_size)
        if second_count >= 2:
            groups = self._round_robin_stage("Second stage", self._mixed(first, second_count))
        pairs = self._first_knockout_pairs(groups)
        walkover_done = False
        while True:
            winners, walkover_done = self._knockout_stage(pairs, walkover_done)
            if len(winners) == 1:
                break
            pairs = list(zip(winners[::2], winners[1::2], strict=True))

        Match.objects.bulk_create(self.matches)
        self._goals_and_scorers()
        self.season.champion_id = winners[0]
        Season.objects.filter(pk=self.season.pk).update(champion_id=winners[0])
        recompute_groups(Group.objects.filter(stage__season=self.season))
        self.season.refresh_from_db()
        return self.season

    def _departments(self):
        """By slug, in TOWNS order: the existing rows, plus the missing ones of the fixture."""
        fixture = json.loads(DEPARTMENTS_FIXTURE.read_text(encoding="utf-8"))
        names = {row["fields"]["slug"]: row["fields"]["name"] for row in fixture}
        existing = set(Department.objects.filter(slug__in=names).values_list("slug", flat=True))
        Department.objects.bulk_create(
            Department(name=name, slug=slug) for slug, name in names.items() if slug not in existing
        )
        by_slug = Department.objects.in_bulk(list(names), field_name="slug")
        return [by_slug[slug] for slug in TOWNS]

    def _teams(self):
        """Teams spread over the departments in turn, named after a town of theirs."""
        rng = self.rng
        used = {}  # town -> how many teams already named after it
        prefixes = {
            town: rng.sample(PREFIXES, len(PREFIXES)) for towns in TOWNS.values() for town in towns
        }
        teams, self.team_department = [], []
        for i in range(self.team_count):
            department = self.departments[i % len(self.departments)]
            towns = TOWNS[department.slug]
            town = towns[(i // len(self.departments)) % len(towns)]
            count = used[town] = used.get(town, 0) + 1
            name = f"{prefixes[town][(count - 1) % len(PREFIXES)]} {town}"
            if count > len(PREFIXES):
                name += f" {(count - 1) // len(PREFIXES) + 1}"
            code = slugify(town).replace("-", "")[:3].upper() if rng.random() < 0.3 else ""
            teams.append(
                Team(
                    name=name,
                    slug=f"{self.prefix}-team-{i}",
                    short_code=code,
                    city=town,
                    department=department,
                )
            )
            self.team_department.append(department)
        self.teams = Team.objects.bulk_create(teams)
        self.name_of = {team.pk: team.name for team in self.teams}
        # Members in the order compute_group_table reads them (the database's collation),
        # which is the order the engine keeps among teams that nothing separates.
        self.name_rank = {
            pk: rank
            for rank, pk in enumerate(
                Team.objects.filter(pk__in=self.name_of)
                .order_by("name")
                .values_list("pk", flat=True)
            )
        }
        # A strength per team, so that tables look like tables (and not coin tosses).
        self.strength = {team.pk: rng.lognormvariate(0, 0.3) for team in self.teams}

        TeamAlias.objects.bulk_create(
            TeamAlias(team=team, name=f"Club {team.name} ({self.year})")
            for team in self.teams[::10]
        )
        routes = [SeasonTeam.Route.DEPARTMENT_CHAMPION] * 8 + [SeasonTeam.Route.INVITED]
        entries = [
            SeasonTeam(
                season=self.season,
                team=team,
                department=department,
                route=rng.choice(routes),
            )
            for team, department in zip(self.teams, self.team_department, strict=True)
        ]
        entries[0].route = SeasonTeam.Route.RELEGATED
        entries[0].notes = "Relegated from the First Division the year before."
        SeasonTeam.objects.bulk_create(entries)

    # -- round-robin stages ------------------------------------------------------

    def _regional_groups(self):
        """Team ids cut into len/group_size groups of neighbours, sizes within one."""
        order = {department.pk: index for index, department in enumerate(self.departments)}
        ids = [
            team.pk
            for team, _ in sorted(
                zip(self.teams, self.team_department, strict=True),
                key=lambda pair: order[pair[1].pk],
            )
        ]
        return _split(ids, max(1, len(ids) // self.group_size))

    def _mixed(self, groups, count):
        """The qualifiers of ``groups`` in ``count`` groups, away from their old rivals."""
        new = [[] for _ in range(count)]
        for index, group in enumerate(groups):
            winner, runner_up = group.qualified
            new[index % count].append(winner)
            new[(index + 1) % count].append(runner_up)
        return new

    def _round_robin_stage(self, name, team_groups):
        rng = self.rng
        stage = self._stage(name, Stage.Kind.ROUND_ROBIN)
        groups = Group.objects.bulk_create(
            Group(
                stage=stage,
                name=f"Group {_letter(i)}",
                slug=f"group-{_letter(i).lower()}",
                order=i + 1,
            )
            for i in range(len(team_groups))
        )
        members, tiebreakers, zones = [], [], []
        for group, team_ids in zip(groups, team_groups, strict=True):
            group.team_ids = sorted(team_ids, key=self.name_rank.get)
            group.criteria = rng.choice(TIEBREAKER_SETS)
            members.extend(GroupMember(group=group, team_id=t) for t in group.team_ids)
            tiebreakers.extend(
                Tiebreaker(group=group, order=order, criterion=criterion)
                for order, criterion in enumerate(group.criteria, start=1)
            )
            zones.append(
                StatusZone(
                    group=group,
                    first_position=1,
                    last_position=2,
                    code="Q",
                    label=f"Qualified from {name.lower()}",
                    colour=QUALIFIED_COLOUR,
                )
            )
        GroupMember.objects.bulk_create(members)
        Tiebreaker.objects.bulk_create(tiebreakers)
        StatusZone.objects.bulk_create(zones)

        start = self.next_date
        rounds = 0
        for group in groups:
            group.results = []
            schedule = _double_round_robin(group.team_ids, rng)
            rounds = max(rounds, len(schedule))
            for number, pairs in enumerate(schedule, start=1):
                day = start + timedelta(weeks=number - 1)
                for home, away in pairs:
                    home_goals, away_goals = self._score(home, away)
                    self._add_match(
                        group,
                        number,
                        day - timedelta(days=rng.random() < 0.3),
                        home,
                        away,
                        home_score=home_goals,
                        away_score=away_goals,
                        venue=self.venues[1] if rng.random() < 0.03 else None,
                    )
                    group.results.append(standings.Result(home, away, home_goals, away_goals))
        self.next_date = start + timedelta(weeks=rounds + 1)

        adjustments = self._point_adjustments(groups)
        for group in groups:
            table = standings.compute_table(
                teams=group.team_ids,
                results=group.results,
                rules=standings.Rules(WIN, DRAW, [standings.Tiebreaker(c) for c in group.criteria]),
                adjustments=adjustments.get(group.pk),
            )
            group.qualified = [row.team for row in table[:2]]
            group.records = [(row.points, row.goal_difference, row.goals_for) for row in table[:2]]
        return groups

    def _point_adjustments(self, groups):
        """A few deductions (and one bonus), about one group in five."""
        rng = self.rng
        rows, by_group = [], {}
        for group in rng.sample(groups, max(1, len(groups) // 5)):
            team = rng.choice(group.team_ids)
            points = rng.choice([-3, -3, -6, -1, 2])
            reason = (
                "Awarded by the organiser after an appeal."
                if points > 0
                else "Fielded an ineligible player."
            )
            rows.append(PointAdjustment(group=group, team_id=team, points=points, reason=reason))
            by_group.setdefault(group.pk, {})[team] = points
        PointAdjustment.objects.bulk_create(rows)
        return by_group

    # -- knockout ------------------------------------------------------------------

    def _first_knockout_pairs(self, groups):
        """Winners against runners-up of other groups; a power of two of them."""
        if len(groups) == 1:
            return [tuple(groups[0].qualified)]
        count = len(groups)
        if count & (count - 1) == 0:
            return [
                (g.qualified[0], groups[(i + 1) % count].qualified[1]) for i, g in enumerate(groups)
            ]
        # Not a power of two: the best winners, then the best runners-up, seeded 1 v n.
        winners = sorted(groups, key=lambda g: g.records[0], reverse=True)
        runners_up = sorted(groups, key=lambda g: g.records[1], reverse=True)
        seeds = [g.qualified[0] for g in winners] + [g.qualified[1] for g in runners_up]
        seeds = seeds[: _power_of_two_at_most(len(seeds))]
        return [(seeds[i], seeds[-1 - i]) for i in range(len(seeds) // 2)]

    def _knockout_stage(self, pairs, walkover_done):
        """One round of two-legged ties; returns the winners in bracket order."""
        rng = self.rng
        name = _round_name(2 * len(pairs))
        stage = self._stage(name, Stage.Kind.KNOCKOUT)
        if len(pairs) == 1:
            tie_names = [name]
        else:
            tie = name.removesuffix("s") if name.endswith("-finals") else "Tie"
            tie_names = [f"{tie} {i + 1}" for i in range(len(pairs))]
        groups = Group.objects.bulk_create(
            Group(stage=stage, name=tie_name, slug=slugify(tie_name), order=i + 1)
            for i, tie_name in enumerate(tie_names)
        )
        GroupMember.objects.bulk_create(
            GroupMember(group=group, team_id=team)
            for group, pair in zip(groups, pairs, strict=True)
            for team in pair
        )
        first_leg = self.next_date
        self.next_date += timedelta(weeks=2)
        # The first round has a walkover and (with two ties or more) a tie won on
        # penalties, whatever the draw; later ties go to penalties by chance only.
        walkover = shootout = None
        if not walkover_done:
            walkover, shootout = rng.randrange(len(pairs)), rng.randrange(len(pairs))
            if shootout == walkover:
                shootout = (shootout + 1) % len(pairs) if len(pairs) > 1 else None
        winners = []
        for index, (group, (better, other)) in enumerate(zip(groups, pairs, strict=True)):
            # The better-placed team plays the second leg at home.
            venue = self.venues[0] if len(pairs) == 1 else None
            if index == shootout or (index != walkover and rng.random() < 0.1):
                first = rng.choice([(0, 0), (1, 1), (2, 2)])
                second = rng.choice([(0, 0), (1, 1)])
                winner = self._shootout(group, first_leg, better, other, first, second, venue)
            else:
                first = self._score(other, better)
                self._add_match(group, 1, first_leg, other, better, *first, venue=venue)
                if index == walkover:
                    winner = self._walkover(group, first_leg, better, other, first)
                    walkover_done = True
                else:
                    winner = self._second_leg(group, first_leg, better, other, first, venue)
            winners.append(winner)
        return winners, walkover_done

    def _shootout(self, group, day, better, other, first, second, venue):
        """Both legs level, level after extra time: penalties in the second leg."""
        self._add_match(group, 1, day, other, better, *first, venue=venue)
        shootout = self.rng.choice([(5, 4), (4, 3), (3, 2), (4, 2), (7, 6), (5, 3)])
        if self.rng.random() < 0.5:
            shootout = shootout[::-1]
        self._add_match(
            group,
            2,
            day + timedelta(weeks=1),
            better,
            other,
            *second,
            extra_time=True,
            home_penalties=shootout[0],
            away_penalties=shootout[1],
            venue=venue,
        )
        return better if shootout[0] > shootout[1] else other

    def _walkover(self, group, day, better, other, first):
        """The second leg is not played: awarded 3-0 to the side that then wins the tie."""
        other_goals, better_goals = first
        # Awarded to ``better`` (at home) unless that would leave the aggregate level.
        to_better = better_goals + 3 != other_goals
        score = (3, 0) if to_better else (0, 3)
        absent = self.name_of[other if to_better else better]
        self._add_match(
            group,
            2,
            day + timedelta(weeks=1),
            better,
            other,
            *score,
            walkover=True,
            notes=f"Not played: {absent} did not turn up; awarded 3–0.",
        )
        return better if to_better else other

    def _second_leg(self, group, day, better, other, first, venue):
        """A played second leg; a level aggregate goes to extra time, then penalties."""
        rng = self.rng
        home, away = self._score(better, other)
        extra_time, penalties = False, (None, None)
        total_better, total_other = first[1] + home, first[0] + away
        if total_better == total_other:
            extra_time = True
            if home != away or rng.random() < 0.5:  # an extra-time goal decides it
                if rng.random() < 0.55:
                    home += 1
                else:
                    away += 1
            else:  # a shoot-out, after a level score
                penalties = rng.choice([(4, 2), (5, 4), (3, 1), (6, 5)])
                if rng.random() < 0.5:
                    penalties = penalties[::-1]
        self._add_match(
            group,
            2,
            day + timedelta(weeks=1),
            better,
            other,
            home,
            away,
            extra_time=extra_time,
            home_penalties=penalties[0],
            away_penalties=penalties[1],
            venue=venue,
        )
        total_better, total_other = first[1] + home, first[0] + away
        if total_better != total_other:
            return better if total_better > total_other else other
        return better if penalties[0] > penalties[1] else other

    # -- matches, goals ---------------------------------------------------------

    def _stage(self, name, kind):
        self.stage_order += 1
        (stage,) = Stage.objects.bulk_create(
            [
                Stage(
                    season=self.season,
                    name=name,
                    slug=slugify(name),
                    order=self.stage_order,
                    kind=kind,
                )
            ]
        )
        return stage

    def _score(self, home, away):
        ratio = self.strength[home] / self.strength[away]
        return (
            _poisson(self.rng, min(4.0, 1.4 * ratio)),
            _poisson(self.rng, min(4.0, 1.05 / ratio)),
        )

    def _add_match(self, group, number, day, home, away, home_score, away_score, **fields):
        rng = self.rng
        self.matches.append(
            Match(
                group=group,
                round=number,
                date=day,
                kickoff_time=rng.choice([time(15, 30), time(13, 0), time(20, 0), None]),
                home_team_id=home,
                away_team_id=away,
                home_score=home_score,
                away_score=away_score,
                status=Match.Status.PLAYED,
                attendance=rng.randrange(300, 20000, 50) if rng.random() < 0.4 else None,
                **fields,
            )
        )

    def _goals_and_scorers(self):
        """Scorers for the knockout matches (three players a team), and the top scorers."""
        rng = self.rng
        knockout = [
            m for m in self.matches if m.group.stage.kind == Stage.Kind.KNOCKOUT and not m.walkover
        ]
        team_ids = sorted({t for m in knockout for t in (m.home_team_id, m.away_team_id)})
        players = Player.objects.bulk_create(
            Player(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                slug=f"{self.prefix}-player-{i}",
            )
            for i in range(3 * len(team_ids))
        )
        squad = {team: players[3 * i : 3 * i + 3] for i, team in enumerate(team_ids)}
        goals, tally = [], {}
        for match in knockout:
            last_minute = 120 if match.extra_time else 90
            for team, opponent, count in (
                (match.home_team_id, match.away_team_id, match.home_score),
                (match.away_team_id, match.home_team_id, match.away_score),
            ):
                for minute in sorted(rng.sample(range(1, last_minute + 1), count)):
                    own_goal = rng.random() < 0.04
                    scorer = rng.choice(squad[opponent] if own_goal else squad[team])
                    goals.append(
                        Goal(
                            match=match,
                            team_id=team,
                            scorer=scorer,
                            minute=minute,
                            own_goal=own_goal,
                            penalty=not own_goal and rng.random() < 0.1,
                        )
                    )
                    if not own_goal:
                        tally[scorer.pk] = (tally.get(scorer.pk, (0, team))[0] + 1, team)
        Goal.objects.bulk_create(goals)
        best = sorted(tally.items(), key=lambda item: (-item[1][0], item[0]))[:3]
        # The tally covers the whole season; only the knockout goals are recorded one by one.
        TopScorer.objects.bulk_create(
            TopScorer(
                season=self.season, player_id=player, team_id=team, goals=count + rng.randint(6, 12)
            )
            for player, (count, team) in best
        )

    @staticmethod
    def _sunday(day):
        return day + timedelta(days=(6 - day.weekday()) % 7)


def _double_round_robin(teams, rng):
    """Rounds of (home, away) pairs, the teams drawn in a random order: each pair
    meets twice, once at each ground (the editors' schedule, ``scheduling``)."""
    teams = list(teams)
    rng.shuffle(teams)
    return scheduling.round_robin(teams, double=True)


def _poisson(rng, mean):
    """Goals in a match: Knuth's Poisson sampler, capped at 9."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit and k < 9:
        k += 1
        product *= rng.random()
    return k


def _split(items, count):
    """``items`` in ``count`` consecutive chunks whose sizes differ by at most one."""
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        chunks.append(items[start:end])
        start = end
    return chunks


def _power_of_two_at_most(n):
    return 1 << (n.bit_length() - 1) if n >= 1 else 0


def _letter(index):
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _round_name(teams):
    return {2: "Final", 4: "Semi-finals", 8: "Quarter-finals"}.get(teams, f"Round of {teams}")
