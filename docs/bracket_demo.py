"""Build the invented 2030 "demonstration season" behind docs/bracket-*.png.

    export DATABASE_URL=sqlite:////tmp/bracket.db DEBUG=1
    .venv/bin/python manage.py migrate
    PYTHONPATH=. .venv/bin/python docs/bracket_demo.py
    .venv/bin/python manage.py runserver 127.0.0.1:8123

then open /seasons/2030/ at 1280 and 390 px. The teams are invented: never load this
into a real database.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copaperu.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from tournaments.models import Group, GroupMember, Match, Season, Stage, Team  # noqa: E402

NAMES = [
    "Atlético Andes",
    "Unión Costa Verde",
    "Deportivo Selva",
    "Sport Altiplano",
    "Club Río Rímac",
    "Juventud Pampa",
    "Real Cordillera del Sur",
    "Defensor Valle",
]


def team(name):
    return Team.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def stage(season, name, order, **fields):
    return Stage.objects.create(
        season=season, name=name, slug=slugify(name), order=order, level="national", **fields
    )


def tie(stage, order, home, away, legs):
    """Legs as (home goals, away goals, extra fields), the home side alternating."""
    name = f"{home.name} v {away.name}"
    group = Group.objects.create(stage=stage, name=name, slug=slugify(name), order=order)
    for member in (home, away):
        GroupMember.objects.create(group=group, team=member)
    for number, (home_goals, away_goals, extra) in enumerate(legs, start=1):
        first, second = (home, away) if number % 2 else (away, home)
        Match.objects.create(
            group=group,
            round=number,
            home_team=first,
            away_team=second,
            home_score=home_goals,
            away_score=away_goals,
            status="played",
            **extra,
        )


with transaction.atomic():
    Season.objects.filter(year=2030).delete()
    season = Season.objects.create(
        year=2030,
        intro="A demonstration season with invented teams, to show a knockout bracket.",
    )
    t = [team(name) for name in NAMES]
    regional = Stage.objects.create(
        season=season, name="Group A", slug="group-a", order=1, level="regional"
    )
    group = Group.objects.create(stage=regional, name="Group A", slug="group-a")
    for member in t[:4]:
        GroupMember.objects.create(group=group, team=member)
    for home, away, home_goals, away_goals in ((t[0], t[1], 2, 0), (t[2], t[3], 1, 1)):
        Match.objects.create(
            group=group,
            home_team=home,
            away_team=away,
            home_score=home_goals,
            away_score=away_goals,
            status="played",
        )
    quarters = stage(season, "Quarter-finals", 2, kind="knockout")
    tie(quarters, 1, t[0], t[7], [(2, 0, {}), (1, 1, {})])
    tie(quarters, 2, t[3], t[4], [(1, 0, {}), (1, 0, {"home_penalties": 5, "away_penalties": 4})])
    tie(quarters, 3, t[1], t[6], [(0, 0, {}), (3, 1, {"extra_time": True})])
    tie(quarters, 4, t[2], t[5], [(2, 2, {}), (0, 1, {})])
    semis = stage(season, "Semi-finals", 3, kind="knockout")
    tie(semis, 1, t[0], t[4], [(3, 1, {}), (1, 2, {})])
    tie(semis, 2, t[6], t[2], [(1, 1, {}), (0, 0, {"home_penalties": 2, "away_penalties": 4})])
    final = stage(season, "Final", 4, kind="knockout", tie_rule="points")
    tie(final, 1, t[0], t[6], [(1, 0, {}), (2, 1, {}), (0, 1, {})])
print("Demonstration season 2030 built.")
