"""The synthetic season (tournaments/generation.py) is big, valid, and its tables are right."""

import random

import pytest

from tournaments.generation import generate_season
from tournaments.models import (
    Goal,
    Group,
    Match,
    PointAdjustment,
    SeasonTeam,
    Stage,
    Standing,
    Team,
    TopScorer,
)
from tournaments.services import compute_group_table

STANDING_FIELDS = (
    "team_id",
    "position",
    "played",
    "won",
    "drawn",
    "lost",
    "goals_for",
    "goals_against",
    "goal_difference",
    "points",
    "points_adjustment",
    "shared_position",
    "status",
)


def engine_row(row):
    return (
        row.team,
        row.position,
        row.played,
        row.won,
        row.drawn,
        row.lost,
        row.goals_for,
        row.goals_against,
        row.goal_difference,
        row.points,
        row.adjustment,
        row.shared,
        row.status,
    )


@pytest.mark.django_db
def test_default_season_is_big_valid_and_its_tables_are_right():
    season = generate_season(2150)

    assert Team.objects.filter(slug__startswith="gen2150-team-").count() >= 200
    assert SeasonTeam.objects.filter(season=season).count() >= 200
    matches = Match.objects.for_season(season)
    assert matches.count() >= 2000
    assert PointAdjustment.objects.filter(group__stage__season=season).exists()
    assert Goal.objects.filter(match__group__stage__season=season).exists()
    assert TopScorer.objects.filter(season=season).exists()

    # The model's own checks: membership of the group, one match a round, goals, constraints.
    pks = sorted(matches.values_list("pk", flat=True))
    for match in Match.objects.filter(pk__in=random.Random(1).sample(pks, 50)):
        match.full_clean()

    round_robin = Group.objects.filter(stage__season=season, stage__kind=Stage.Kind.ROUND_ROBIN)
    assert round_robin.count() >= 20
    for group in round_robin.select_related("stage__season"):
        stored = list(group.standings.order_by("row").values_list(*STANDING_FIELDS))
        assert stored == [engine_row(row) for row in compute_group_table(group)], group
        assert len(stored) == group.members.count()

    knockout = Group.objects.filter(stage__season=season, stage__kind=Stage.Kind.KNOCKOUT)
    assert knockout.exists()
    assert not Standing.objects.filter(group__in=knockout).exists()
    for tie in knockout:
        assert tie.members.count() == 2
        assert sorted(tie.matches.values_list("round", flat=True)) == [1, 2]
    legs = Match.objects.filter(group__in=knockout)
    for leg in legs:
        leg.full_clean()
    # The first knockout round takes exactly the qualifiers ("Q") of the last group stage.
    stages = list(Stage.objects.filter(season=season).order_by("order"))
    last_groups = [s for s in stages if s.kind == Stage.Kind.ROUND_ROBIN][-1]
    first_knockout = next(s for s in stages if s.kind == Stage.Kind.KNOCKOUT)
    assert set(
        Standing.objects.filter(group__stage=last_groups, status="Q").values_list("team", flat=True)
    ) == set(
        Group.teams.through.objects.filter(group__stage=first_knockout).values_list(
            "team", flat=True
        )
    )
    assert legs.filter(home_penalties__isnull=False).exists()
    assert legs.filter(walkover=True, status=Match.Status.PLAYED).count() == 1

    final = knockout.get(stage__order=Stage.objects.filter(season=season).count())
    assert season.champion_id in final.members.values_list("team_id", flat=True)


@pytest.mark.django_db
def test_reproducible_and_callable_twice_in_one_database():
    def scores(season):
        return list(
            Match.objects.for_season(season)
            .order_by("group__stage__order", "group__order", "round", "home_team__name")
            .values_list("home_team__name", "away_team__name", "home_score", "away_score")
        )

    first = generate_season(2151, teams=40, group_size=5, seed=7)
    second = generate_season(2152, teams=40, group_size=5, seed=7)
    other = generate_season(2153, teams=40, group_size=5, seed=8)

    assert scores(first) == scores(second)
    assert scores(first) != scores(other)
    assert first.champion.name == second.champion.name
    assert first.champion != second.champion  # teams of their own season each
