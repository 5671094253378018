"""The database itself holds the invariants named in the models' Meta.constraints.

Each case names a constraint, a row that breaks it and the nearest row that
does not: the first must raise IntegrityError, the second must be stored.
"""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction

from tests.factories import (
    DepartmentFactory,
    GroupFactory,
    MatchFactory,
    PlayerFactory,
    StageFactory,
    TeamFactory,
)
from tournaments.models import (
    Department,
    Goal,
    GroupMember,
    Match,
    Player,
    PointAdjustment,
    PublishedRow,
    Season,
    SeasonTeam,
    Stage,
    Standing,
    StatusZone,
    Team,
    TeamAlias,
    Tiebreaker,
    TopScorer,
    Venue,
)
from tournaments.models import Group as GroupModel

# Seasons with a given year are created directly: SeasonFactory's own years
# must not collide with the ones these tests pick.


@pytest.fixture
def world(db):
    """Every object a constrained row may point to, all with explicit years."""
    season = Season.objects.create(year=1995)
    other_season = Season.objects.create(year=1997)
    stage = StageFactory(season=season, name="Final stage")
    other_stage = StageFactory(season=season, name="Regional stage")
    group = GroupFactory(stage=stage, name="Final group")
    other_group = GroupFactory(stage=stage, name="Group B")
    alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
    match_group = GroupFactory(stage=stage, name="Group C")  # the goals' match is played there
    for team in (alfa, beta):
        GroupMember.objects.create(group=match_group, team=team)
    return SimpleNamespace(
        season=season,
        other_season=other_season,
        stage=stage,
        other_stage=other_stage,
        group=group,
        other_group=other_group,
        alfa=alfa,
        beta=beta,
        lima=DepartmentFactory(name="Lima"),
        callao=DepartmentFactory(name="Callao"),
        player=PlayerFactory(name="Alejandro Cipriano"),
        match=MatchFactory(group=match_group, home_team=alfa, away_team=beta),
    )


# Rows as keyword arguments, built from the world; ``**fields`` overrides.


def season_team(w, **fields):
    return {"season": w.season, "team": w.alfa, "department": w.lima, **fields}


def stage(w, **fields):
    return {"season": w.season, "name": "Play-off", "slug": "play-off", **fields}


def group(w, **fields):
    return {"stage": w.stage, "name": "Group A", "slug": "group-a", **fields}


def published(w, **fields):
    values = {"won": 1, "drawn": 0, "lost": 0, "goals_for": 1, "goals_against": 0, "points": 3}
    return {"group": w.group, "team": w.alfa, "row": 1, **values, **fields}


def member(w, **fields):
    return {"group": w.group, "team": w.alfa, **fields}


def tiebreaker(w, **fields):
    return {"group": w.group, "order": 1, "criterion": "points", **fields}


def zone(w, **fields):
    return {
        "group": w.group,
        "first_position": 1,
        "last_position": 1,
        "code": "P",
        "label": "Promoted to 1997 Torneo Descentralizado",
        "colour": "#D0F0C0",
        **fields,
    }


def match(w, **fields):
    return {
        "group": w.group,
        "round": 1,
        "home_team": w.alfa,
        "away_team": w.beta,
        "home_score": 1,
        "away_score": 0,
        "status": "played",
        **fields,
    }


def goal(w, **fields):
    return {"match": w.match, "team": w.alfa, "scorer": w.player, "minute": 10, **fields}


def top_scorer(w, **fields):
    return {"season": w.season, "player": w.player, "team": w.alfa, "goals": 5, **fields}


def adjustment(w, **fields):
    return {"group": w.group, "team": w.alfa, "points": -2, "reason": "Walkover", **fields}


def standing(w, **fields):
    return {"group": w.group, "team": w.alfa, "row": 1, "position": 1, **fields}


def named(model, **fields):
    """A row of a model with a name: any name, a fresh slug."""

    def build(w, **values):
        parents = {
            TeamAlias: {"team": w.alfa},
            Stage: {"season": w.season},
            GroupModel: {"stage": w.stage},
        }.get(model, {})
        slug = {} if model is TeamAlias else {"slug": "new-name"}
        return {"name": "Name", **parents, **slug, **values}

    return build


# Every name and English name, with its length: a tab is refused as well as too long a name.
NAMES = [
    (Department, "department", "name", 60),
    (Team, "team", "name", 100),
    (TeamAlias, "team_alias", "name", 100),
    (Player, "player", "name", 100),
    (Venue, "venue", "name", 100),
    (Stage, "stage", "name", 100),
    (Stage, "stage", "name_en", 100),
    (GroupModel, "group", "name", 100),
    (GroupModel, "group", "name_en", 100),
]


def case(name, model, violating, valid, existing=None, variant=""):
    """One constraint case; ``existing`` is a row stored first (for unique constraints)."""
    return pytest.param(
        name, model, existing, violating, valid, id=f"{name}:{variant}" if variant else name
    )


CASES = [
    # Season
    case(
        "season_year_plausible",
        Season,
        lambda w: {"year": 1966},
        lambda w: {"year": 1967},
        variant="1966_before_the_first_edition",
    ),
    case(
        "season_year_plausible",
        Season,
        lambda w: {"year": 2201},
        lambda w: {"year": 2200},
        variant="2201_after_2200",
    ),
    case(
        "season_override_has_reason",
        Season,
        lambda w: {"year": 1998, "champion_override": w.alfa},
        lambda w: {"year": 1998, "champion_override": w.alfa, "override_reason": "Awarded"},
        variant="override_without_vs_with_reason",
    ),
    # SeasonTeam
    case(
        "unique_season_team",
        SeasonTeam,
        lambda w: season_team(w, department=w.callao),
        lambda w: season_team(w, season=w.other_season),
        existing=season_team,
        variant="same_team_twice_in_a_season_vs_in_another_season",
    ),
    # Stage
    case(
        "unique_stage_slug",
        Stage,
        lambda w: stage(w, name="Another play-off"),
        lambda w: stage(w, season=w.other_season),
        existing=stage,
        variant="same_slug_in_a_season_vs_in_another_season",
    ),
    case(
        "stage_legs_one_or_two",
        Stage,
        lambda w: stage(w, legs=3),
        lambda w: stage(w, legs=1),
        variant="3_vs_1",
    ),
    case(
        "stage_tie_rule_known",
        Stage,
        lambda w: stage(w, tie_rule="coin_toss"),
        lambda w: stage(w, tie_rule="away_goals"),
        variant="unknown_vs_away_goals",
    ),
    case(
        "stage_level_known",
        Stage,
        lambda w: stage(w, level="continental"),
        lambda w: stage(w, level="regional"),
        variant="unknown_vs_regional",
    ),
    # PublishedRow
    case(
        "unique_published_team",
        PublishedRow,
        lambda w: published(w, row=2),
        lambda w: published(w, team=w.beta, row=2),
        existing=lambda w: published(w),
        variant="same_team_twice_vs_another_team",
    ),
    case(
        "unique_published_row",
        PublishedRow,
        lambda w: published(w, team=w.beta),
        lambda w: published(w, team=w.beta, row=2),
        existing=lambda w: published(w),
        variant="same_row_twice_vs_the_next_row",
    ),
    case(
        "published_row_in_range",
        PublishedRow,
        lambda w: published(w, row=0),
        lambda w: published(w, row=1),
        variant="0_vs_1",
    ),
    case(
        "published_row_in_range",
        PublishedRow,
        lambda w: published(w, row=100),
        lambda w: published(w, row=99),
        variant="100_vs_99",
    ),
    *[
        case(
            "published_results_in_range",
            PublishedRow,
            lambda w, field=field: published(w, **{field: 100}),
            lambda w, field=field: published(w, **{field: 99}),
            variant=f"{field}_100_vs_99",
        )
        for field in ("won", "drawn", "lost")
    ],
    *[
        case(
            "published_goals_in_range",
            PublishedRow,
            lambda w, field=field: published(w, **{field: 1000}),
            lambda w, field=field: published(w, **{field: 999}),
            variant=f"{field}_1000_vs_999",
        )
        for field in ("goals_for", "goals_against")
    ],
    *[
        case(
            "published_points_in_range",
            PublishedRow,
            lambda w, bad=bad: published(w, points=bad),
            lambda w, good=good: published(w, points=good),
            variant=f"{bad}_vs_{good}",
        )
        for bad, good in [(1000, 999), (-1000, -999)]
    ],
    case(
        "published_position_not_after_row",
        PublishedRow,
        lambda w: published(w, row=2, position=3),
        lambda w: published(w, row=3, position=3),
        variant="3_in_row_2_vs_3_in_row_3",
    ),
    # Group
    case(
        "unique_group_slug",
        GroupModel,
        lambda w: group(w, name="Another group A"),
        lambda w: group(w, stage=w.other_stage),
        existing=group,
        variant="same_slug_in_a_stage_vs_in_another_stage",
    ),
    # GroupMember
    case(
        "unique_group_team",
        GroupMember,
        member,
        lambda w: member(w, group=w.other_group),
        existing=member,
        variant="same_team_twice_in_a_group_vs_in_another_group",
    ),
    case(
        "unique_group_manual_position",
        GroupMember,
        lambda w: member(w, team=w.beta, manual_position=1),
        lambda w: member(w, team=w.beta, manual_position=2),
        existing=lambda w: member(w, manual_position=1),
        variant="same_position_vs_next_position",
    ),
    case(
        "unique_group_manual_position",
        GroupMember,
        lambda w: member(w, team=w.beta, manual_position=1),
        lambda w: member(w, team=w.beta, manual_position=None),
        existing=lambda w: member(w, manual_position=1),
        variant="same_position_vs_no_position",
    ),
    case(
        "group_member_manual_position_positive",
        GroupMember,
        lambda w: member(w, manual_position=0),
        lambda w: member(w, manual_position=1),
        variant="0_vs_1",
    ),
    # Tiebreaker
    case(
        "unique_tiebreaker_order",
        Tiebreaker,
        lambda w: tiebreaker(w, criterion="wins"),
        lambda w: tiebreaker(w, order=2, criterion="wins"),
        existing=tiebreaker,
        variant="same_order_vs_next_order",
    ),
    case(
        "unique_tiebreaker_criterion",
        Tiebreaker,
        lambda w: tiebreaker(w, order=2),
        lambda w: tiebreaker(w, order=2, criterion="goal_difference"),
        existing=tiebreaker,
        variant="same_criterion_twice_vs_another_criterion",
    ),
    case(
        "tiebreaker_criterion_known",
        Tiebreaker,
        lambda w: tiebreaker(w, criterion="drawing_of_lots"),
        lambda w: tiebreaker(w, criterion="head_to_head"),
        variant="unknown_vs_head_to_head",
    ),
    # Names
    *[
        case(
            f"{prefix}_{field}_length",
            model,
            lambda w, model=model, field=field, limit=limit: named(model)(
                w, **{field: "x" * (limit + 1)}
            ),
            lambda w, model=model, field=field, limit=limit: named(model)(
                w, **{field: "x" * limit}
            ),
            variant=f"{limit + 1}_vs_{limit}_characters",
        )
        for model, prefix, field, limit in NAMES
    ],
    *[
        case(
            f"{prefix}_{field}_printable",
            model,
            lambda w, model=model, field=field, bad=bad: named(model)(w, **{field: f"A{bad}B"}),
            lambda w, model=model, field=field: named(model)(w, **{field: "A B"}),
            variant=f"{label}_vs_space",
        )
        for model, prefix, field, _limit in NAMES
        for label, bad in [
            ("tab", "\t"),
            ("line_break", "\n"),
            ("unit_separator", "\x1f"),
            ("delete", "\x7f"),
        ]
    ],
    # StatusZone
    case(
        "unique_zone_first_position",
        StatusZone,
        lambda w: zone(w, last_position=2, code="Q"),
        lambda w: zone(w, first_position=2, last_position=2, code="Q"),
        existing=zone,
        variant="same_first_position_vs_next",
    ),
    case(
        "zone_positions_ordered",
        StatusZone,
        lambda w: zone(w, first_position=3, last_position=2),
        lambda w: zone(w, first_position=3, last_position=3),
        variant="last_before_first_vs_equal",
    ),
    case(
        "zone_positions_ordered",
        StatusZone,
        lambda w: zone(w, first_position=0, last_position=0),
        lambda w: zone(w, first_position=1, last_position=1),
        variant="position_0_vs_1",
    ),
    case(
        "zone_code_not_empty",
        StatusZone,
        lambda w: zone(w, code=""),
        lambda w: zone(w, code="C"),
        variant="empty_vs_C",
    ),
    *[
        case(
            "zone_colour_hex",
            StatusZone,
            lambda w, colour=colour: zone(w, colour=colour),
            lambda w: zone(w, colour="#d0f0c0"),
            variant=f"{label}_vs_lowercase_hex",
        )
        for label, colour in [
            ("name", "green"),
            ("five_digits", "#D0F0C"),
            ("not_hex", "#GGGGGG"),
            ("no_hash", "D0F0C0"),
            ("empty", ""),
        ]
    ],
    # Match
    case(
        "match_teams_differ",
        Match,
        lambda w: match(w, away_team=w.alfa),
        match,
        variant="team_against_itself_vs_two_teams",
    ),
    case(
        "unique_match_in_round",
        Match,
        lambda w: match(w, home_score=2, away_score=2),
        lambda w: match(w, round=2),
        existing=match,
        variant="same_fixture_twice_in_a_round_vs_next_round",
    ),
    case(
        "unique_match_in_round",
        Match,
        lambda w: match(w, home_score=2, away_score=2),
        lambda w: match(w, home_team=w.beta, away_team=w.alfa),
        existing=match,
        variant="same_fixture_twice_in_a_round_vs_return_fixture",
    ),
    case(
        "match_score_both_or_neither",
        Match,
        lambda w: match(w, away_score=None),
        match,
        variant="only_home_score_vs_both",
    ),
    case(
        "match_score_both_or_neither",
        Match,
        lambda w: match(w, status="annulled", home_score=None, away_score=1),
        lambda w: match(w, status="annulled", home_score=None, away_score=None),
        variant="only_away_score_vs_neither",
    ),
    case(
        "match_penalties_need_score_and_winner",
        Match,
        lambda w: match(w, home_score=1, away_score=1, home_penalties=4),
        lambda w: match(w, home_score=1, away_score=1, home_penalties=4, away_penalties=3),
        variant="one_side_only_vs_both",
    ),
    case(
        "match_penalties_need_score_and_winner",
        Match,
        lambda w: match(w, home_score=1, away_score=1, home_penalties=4, away_penalties=4),
        lambda w: match(w, home_score=1, away_score=1, home_penalties=5, away_penalties=4),
        variant="level_shoot_out_vs_decided",
    ),
    case(
        "match_penalties_need_score_and_winner",
        Match,
        lambda w: match(
            w,
            status="annulled",
            home_score=None,
            away_score=None,
            home_penalties=4,
            away_penalties=3,
        ),
        lambda w: match(w, status="annulled", home_score=None, away_score=None),
        variant="without_a_score_vs_no_shoot_out",
    ),
    case(
        "match_score_matches_status",
        Match,
        lambda w: match(w, home_score=None, away_score=None),
        lambda w: match(w, home_score=0, away_score=0),
        variant="played_without_score_vs_goalless",
    ),
    *[
        case(
            "match_score_matches_status",
            Match,
            lambda w, status=status: match(w, status=status),
            lambda w, status=status: match(w, status=status, home_score=None, away_score=None),
            variant=f"{status}_with_score_vs_without",
        )
        for status in ("scheduled", "postponed")
    ],
    case(
        "match_score_matches_status",
        Match,
        lambda w: match(w, status="abandoned", home_score=None, away_score=None),
        lambda w: match(w, status="annulled", home_score=None, away_score=None),
        variant="unknown_status_vs_annulled",
    ),
    case(
        "match_walkover_has_awarded_score",
        Match,
        lambda w: match(w, walkover=True, status="scheduled", home_score=None, away_score=None),
        lambda w: match(w, walkover=True, home_score=3, away_score=0),
        variant="scheduled_vs_played_3_0",
    ),
    case(
        "match_walkover_has_awarded_score",
        Match,
        lambda w: match(w, walkover=True, status="annulled", home_score=3, away_score=0),
        lambda w: match(w, walkover=True, status="played", home_score=3, away_score=0),
        variant="annulled_vs_played",
    ),
    case(
        "match_extra_time_needs_score",
        Match,
        lambda w: match(w, extra_time=True, status="scheduled", home_score=None, away_score=None),
        lambda w: match(w, extra_time=True, home_score=2, away_score=1),
        variant="without_score_vs_with",
    ),
    case(
        "match_extra_time_needs_score",
        Match,
        lambda w: match(w, extra_time=True, walkover=True, home_score=3, away_score=0),
        lambda w: match(w, extra_time=False, walkover=True, home_score=3, away_score=0),
        variant="walkover_vs_plain_walkover",
    ),
    *[
        case(
            "match_scores_in_range",
            Match,
            lambda w, field=field: match(w, **{field: 100}),
            lambda w, field=field: match(w, **{field: 99}),
            variant=f"{field}_100_vs_99",
        )
        for field in ("home_score", "away_score")
    ],
    *[
        case(
            "match_penalties_in_range",
            Match,
            lambda w, side=side, other=other: match(
                w, home_score=1, away_score=1, **{side: 100, other: 0}
            ),
            lambda w, side=side, other=other: match(
                w, home_score=1, away_score=1, **{side: 99, other: 0}
            ),
            variant=f"{side}_100_vs_99",
        )
        for side, other in [
            ("home_penalties", "away_penalties"),
            ("away_penalties", "home_penalties"),
        ]
    ],
    case(
        "match_attendance_in_range",
        Match,
        lambda w: match(w, attendance=250_001),
        lambda w: match(w, attendance=250_000),
        variant="250001_vs_250000",
    ),
    case(
        "match_round_positive",
        Match,
        lambda w: match(w, round=0),
        lambda w: match(w, round=1),
        variant="0_vs_1",
    ),
    # Goal
    case(
        "goal_minute_in_range",
        Goal,
        lambda w: goal(w, minute=0),
        lambda w: goal(w, minute=1),
        variant="0_vs_1",
    ),
    case(
        "goal_minute_in_range",
        Goal,
        lambda w: goal(w, minute=151),
        lambda w: goal(w, minute=150),
        variant="151_vs_150",
    ),
    case(
        "goal_penalty_not_own_goal",
        Goal,
        lambda w: goal(w, penalty=True, own_goal=True),
        lambda w: goal(w, penalty=False, own_goal=True),
        variant="penalty_own_goal_vs_own_goal",
    ),
    # TopScorer
    case(
        "unique_season_top_scorer",
        TopScorer,
        lambda w: top_scorer(w, goals=3),
        lambda w: top_scorer(w, season=w.other_season, goals=3),
        existing=top_scorer,
        variant="twice_in_a_season_vs_in_another_season",
    ),
    case(
        "top_scorer_has_goals",
        TopScorer,
        lambda w: top_scorer(w, goals=0),
        lambda w: top_scorer(w, goals=1),
        variant="0_vs_1",
    ),
    # PointAdjustment
    case(
        "point_adjustment_not_zero",
        PointAdjustment,
        lambda w: adjustment(w, points=0),
        lambda w: adjustment(w, points=-1),
        variant="0_vs_minus_1",
    ),
    *[
        case(
            "point_adjustment_in_range",
            PointAdjustment,
            lambda w, bad=bad: adjustment(w, points=bad),
            lambda w, good=good: adjustment(w, points=good),
            variant=f"{bad}_vs_{good}",
        )
        for bad, good in [(-100, -99), (100, 99)]
    ],
    case(
        "point_adjustment_has_reason",
        PointAdjustment,
        lambda w: adjustment(w, reason=""),
        lambda w: adjustment(w, reason="Fielded an ineligible player"),
        variant="empty_vs_stated",
    ),
    # Standing
    case(
        "unique_standing_team",
        Standing,
        lambda w: standing(w, row=2, position=2),
        lambda w: standing(w, team=w.beta, row=2, position=2),
        existing=standing,
        variant="same_team_twice_vs_another_team",
    ),
    case(
        "unique_standing_row",
        Standing,
        lambda w: standing(w, team=w.beta),
        lambda w: standing(w, team=w.beta, row=2, position=2),
        existing=standing,
        variant="same_row_twice_vs_next_row",
    ),
    case(
        "standing_played_adds_up",
        Standing,
        lambda w: standing(w, played=3, won=1, drawn=1, lost=0),
        lambda w: standing(w, played=3, won=1, drawn=1, lost=1),
        variant="3_played_2_results_vs_3",
    ),
    case(
        "standing_goal_difference_adds_up",
        Standing,
        lambda w: standing(w, goals_for=5, goals_against=2, goal_difference=2),
        lambda w: standing(w, goals_for=5, goals_against=2, goal_difference=3),
        variant="off_by_one_vs_right",
    ),
    case(
        "standing_goal_difference_adds_up",
        Standing,
        lambda w: standing(w, goals_for=10, goals_against=13, goal_difference=3),
        lambda w: standing(w, goals_for=10, goals_against=13, goal_difference=-3),
        variant="lost_minus_sign_vs_negative",
    ),
    case(
        "standing_position_not_after_row",
        Standing,
        lambda w: standing(w, row=2, position=3),
        lambda w: standing(w, row=2, position=2),
        variant="position_after_row_vs_equal",
    ),
    case(
        "standing_position_not_after_row",
        Standing,
        lambda w: standing(w, position=0),
        lambda w: standing(w, position=1),
        variant="position_0_vs_1",
    ),
]


def named_constraints():
    """Every named constraint of the app's models, as {name: (model, constraint)}."""
    found = {}
    for model in apps.get_app_config("tournaments").get_models():
        for constraint in model._meta.constraints:
            found.setdefault(constraint.name, (model, constraint))
    return found


def assert_violates(error, model, name):
    """The error is about the constraint ``name``, not about another one.

    PostgreSQL names every constraint; SQLite names check constraints but
    reports a unique one by its columns.
    """
    message = str(error)
    constraint = next(c for c in model._meta.constraints if c.name == name)
    if isinstance(constraint, models.UniqueConstraint) and connection.vendor == "sqlite":
        table = model._meta.db_table
        columns = ", ".join(
            f"{table}.{model._meta.get_field(field).column}" for field in constraint.fields
        )
        assert f"UNIQUE constraint failed: {columns}" in message
    else:
        assert name in message


def test_every_named_constraint_has_a_case():
    assert {param.values[0] for param in CASES} == set(named_constraints())


def insert(model, values):
    """The row as the database gets it: no save(), whose checks (a match's group
    rules) would refuse some rows before the database could."""
    return model.objects.bulk_create([model(**values)])[0]


@pytest.mark.parametrize(("name", "model", "existing", "violating", "valid"), CASES)
def test_the_database_rejects_a_row_violating_the_constraint(
    world, name, model, existing, violating, valid
):
    if existing:
        insert(model, existing(world))
    count = model.objects.count()
    with pytest.raises((IntegrityError, DataError)) as excinfo, transaction.atomic():
        insert(model, violating(world))
    if isinstance(excinfo.value, DataError):  # a varchar refuses a long name before any check
        assert name.endswith("_length") and connection.vendor == "postgresql"
        assert "value too long" in str(excinfo.value)
    else:
        assert_violates(excinfo.value, model, name)
    assert model.objects.count() == count


@pytest.mark.parametrize(("name", "model", "existing", "violating", "valid"), CASES)
def test_the_database_accepts_the_nearest_valid_row(world, name, model, existing, violating, valid):
    if existing:
        insert(model, existing(world))
    with transaction.atomic():
        row = insert(model, valid(world))
    assert model.objects.filter(pk=row.pk).exists()


def test_bulk_create_of_a_table_with_a_repeated_row_stores_nothing(world):
    """``recompute_group`` writes a table with bulk_create: one bad row stores none."""
    rows = [Standing(**standing(world)), Standing(**standing(world, team=world.beta))]
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Standing.objects.bulk_create(rows)
    assert_violates(excinfo.value, Standing, "unique_standing_row")
    assert not Standing.objects.exists()


# StatusZone overlap is checked by model validation, not by the database.


@pytest.fixture
def zone_2_to_4(world):
    return StatusZone.objects.create(**zone(world, first_position=2, last_position=4, code="Q"))


@pytest.mark.parametrize(
    ("first", "last"),
    [(1, 2), (3, 3), (4, 5), (1, 5), (3, 6)],
    ids=["overlaps_the_start", "inside", "overlaps_the_end", "encloses", "straddles_the_end"],
)
def test_full_clean_rejects_a_status_zone_overlapping_another_of_the_group(
    world, zone_2_to_4, first, last
):
    new = StatusZone(**zone(world, first_position=first, last_position=last, code="R"))
    with pytest.raises(ValidationError) as excinfo:
        new.full_clean()
    assert "These positions overlap another zone of the group." in excinfo.value.messages


@pytest.mark.parametrize(
    ("first", "last"), [(1, 1), (5, 5), (5, 8)], ids=["just_before", "just_after", "after"]
)
def test_full_clean_accepts_a_status_zone_next_to_another_of_the_group(
    world, zone_2_to_4, first, last
):
    StatusZone(**zone(world, first_position=first, last_position=last, code="R")).full_clean()


def test_full_clean_accepts_the_same_positions_in_another_group(world, zone_2_to_4):
    other = StatusZone(
        **zone(world, group=world.other_group, first_position=2, last_position=4, code="Q")
    )
    other.full_clean()


def test_full_clean_of_a_saved_zone_does_not_see_itself_as_an_overlap(world, zone_2_to_4):
    zone_2_to_4.last_position = 5
    zone_2_to_4.full_clean()


def test_full_clean_rejects_an_edit_that_makes_a_zone_overlap_another(world, zone_2_to_4):
    first = StatusZone.objects.create(**zone(world))
    first.last_position = 2
    with pytest.raises(ValidationError, match="overlap another zone"):
        first.full_clean()


def test_every_database_refuses_a_nul_in_a_name(world):
    """PostgreSQL can't store a NUL in text; SQLite could, but the constraint refuses it."""
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Team.objects.create(name="Al\x00fa", slug="al-fa")
    assert not Team.objects.filter(slug="al-fa").exists()
