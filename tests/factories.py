"""factory_boy factories: a valid object of each model with the fewest words."""

import factory
from django.utils.text import slugify

from tournaments import models


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    city = "Lima"


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Season

    # Before the shipped 1996 season and the tests' own years (1990 on), and always a
    # valid year (from 1967, the first edition) however many are made.
    year = factory.Sequence(lambda n: 1970 + n % 20)


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Stage

    season = factory.SubFactory(SeasonFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Group

    stage = factory.SubFactory(StageFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GroupMember

    group = factory.SubFactory(GroupFactory)
    team = factory.SubFactory(TeamFactory)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Venue

    name = factory.Sequence(lambda n: f"Stadium {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MatchFactory(factory.django.DjangoModelFactory):
    """A played match; pass home_score=None, status="scheduled" for one to come."""

    class Meta:
        model = models.Match

    group = factory.SubFactory(GroupFactory)
    round = 1
    home_team = factory.SubFactory(TeamFactory)
    away_team = factory.SubFactory(TeamFactory)
    home_score = 1
    away_score = 0
    status = models.Match.Status.PLAYED


class PlayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Player

    name = factory.Sequence(lambda n: f"Player {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def table(group):
    """The stored table: [(team name, position, played, points), ...]."""
    return [
        (s.team.name, s.position, s.played, s.points)
        for s in models.Standing.objects.filter(group=group).select_related("team").order_by("row")
    ]


def to_come(group, home, away, round=1, **fields):
    """A match not played yet, with no score."""
    return MatchFactory(
        group=group,
        home_team=home,
        away_team=away,
        home_score=None,
        away_score=None,
        round=round,
        status=models.Match.Status.SCHEDULED,
        **fields,
    )


def play(group, home, away, home_score, away_score, round=1, **fields):
    return MatchFactory(
        group=group,
        home_team=home,
        away_team=away,
        home_score=home_score,
        away_score=away_score,
        round=round,
        status=models.Match.Status.PLAYED,
        **fields,
    )


def knockout_tie(stage, order, home, away, *legs):
    """A tie of ``stage`` between two teams; each leg is (home goals, away goals, fields),
    the home side alternating from ``home``."""
    group = GroupFactory(stage=stage, name=f"{home.name} v {away.name}", order=order)
    for team in (home, away):
        GroupMemberFactory(group=group, team=team)
    for number, (home_goals, away_goals, fields) in enumerate(legs, start=1):
        first, second = (home, away) if number % 2 else (away, home)
        play(group, first, second, home_goals, away_goals, round=number, **fields)
    return group
