"""Numbers and names within the domain's bounds, checked the same on every database.

Model validation says what is wrong in words (forms, admin, imports); the named
constraints (tests/test_constraints.py) refuse the same rows on SQLite as on
PostgreSQL. The stored table holds any total that bounded scores can add up to.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.factories import table
from tournaments.interchange.footballjson import FootballJsonError, import_season
from tournaments.interchange.wikitext import WikitextError, import_article, parse_article
from tournaments.management import base
from tournaments.models import (
    FIRST_EDITION,
    Department,
    Group,
    Match,
    Player,
    PointAdjustment,
    PublishedRow,
    Season,
    Stage,
    Standing,
    Team,
    TeamAlias,
    Venue,
    last_season_year,
)
from tournaments.services import recompute_groups

NEXT_YEAR = date.today().year + 1
CONTROL = "A name can't contain control characters (a tab, a line break…)."
TOO_LONG = "Ensure this value has at most {limit} characters (it has {length})."


@pytest.fixture
def world(league):
    group, (alfa, beta, *_others) = league
    group.published_source = "Wikipedia"
    stage = group.stage
    return SimpleNamespace(group=group, stage=stage, season=stage.season, alfa=alfa, beta=beta)


# Each builder gives a valid row of its model; ``**fields`` overrides.


def match(w, **fields):
    values = {"round": 1, "home_score": 1, "away_score": 1, "status": "played"}
    return Match(group=w.group, home_team=w.alfa, away_team=w.beta, **values | fields)


def adjustment(w, **fields):
    return PointAdjustment(
        group=w.group, team=w.alfa, **{"points": -2, "reason": "Walkover"} | fields
    )


def season(w, **fields):
    return Season(**{"year": 1967} | fields)


def published(w, **fields):
    values = {"row": 1, "won": 1, "drawn": 0, "lost": 0, "goals_for": 1, "goals_against": 0}
    return PublishedRow(group=w.group, team=w.alfa, **values | {"points": 3} | fields)


def named(model, **parents):
    def build(w, **fields):
        values = {"name": "Nombre", "slug": "nombre"} | fields
        if model is TeamAlias:
            values.pop("slug")
        return model(**{key: getattr(w, parent) for key, parent in parents.items()}, **values)

    return build


NAMED = {
    "team": named(Team),
    "venue": named(Venue),
    "player": named(Player),
    "department": named(Department),
    "stage": named(Stage, season="season"),
    "group": named(Group, stage="stage"),
    "team alias": named(TeamAlias, team="alfa"),
}


def bound(label, build, field, bad, message, good):
    return pytest.param(build, field, bad, message, good, id=label)


SCORE = "A score can't be more than 99."
PENALTIES = "A shoot-out score can't be more than 99."

BOUNDS = [
    bound("home score", match, "home_score", 100, SCORE, 99),
    bound("away score", match, "away_score", 100, SCORE, 99),
    bound(
        "home penalties",
        lambda w, **f: match(w, away_penalties=0, **f),
        "home_penalties",
        100,
        PENALTIES,
        99,
    ),
    bound(
        "away penalties",
        lambda w, **f: match(w, home_penalties=0, **f),
        "away_penalties",
        100,
        PENALTIES,
        99,
    ),
    bound(
        "attendance",
        match,
        "attendance",
        250_001,
        "An attendance can't be more than 250000.",
        250_000,
    ),
    bound(
        "deduction", adjustment, "points", -100, "An adjustment can't be less than -99 points.", -99
    ),
    bound("bonus", adjustment, "points", 100, "An adjustment can't be more than 99 points.", 99),
    bound(
        "year before the first edition",
        season,
        "year",
        1966,
        "The first Copa Perú was played in 1967.",
        1967,
    ),
    bound(
        "year after next",
        season,
        "year",
        NEXT_YEAR + 1,
        f"A season can be entered up to next year, {NEXT_YEAR}.",
        NEXT_YEAR,
    ),
    bound(
        "published row", published, "row", 100, "Ensure this value is less than or equal to 99.", 99
    ),
    bound(
        "published points",
        published,
        "points",
        1000,
        "Ensure this value is less than or equal to 999.",
        999,
    ),
    bound(
        "published negative points",
        published,
        "points",
        -1000,
        "Ensure this value is greater than or equal to -999.",
        -999,
    ),
    bound(
        "published goals",
        published,
        "goals_for",
        1000,
        "Ensure this value is less than or equal to 999.",
        999,
    ),
    *[
        bound(f"{label} name {what}", build, "name", bad, message, "Nombre")
        for label, build in NAMED.items()
        for what, bad, message in [
            ("with a NUL", "Nom\x00bre", CONTROL),
            ("with a tab", "Nom\tbre", CONTROL),
            ("with a line break", "Nom\nbre", CONTROL),
            ("with DEL", "Nom\x7fbre", CONTROL),
        ]
    ],
    *[
        bound(
            f"{label} name too long",
            build,
            "name",
            "x" * (limit + 1),
            TOO_LONG.format(limit=limit, length=limit + 1),
            "x" * limit,
        )
        for label, build, limit in [
            *((label, build, 100) for label, build in NAMED.items() if label != "department"),
            ("department", NAMED["department"], 60),
        ]
    ],
    bound("stage English name", NAMED["stage"], "name_en", "Final\tstage", CONTROL, "Final stage"),
    bound(
        "group English name",
        NAMED["group"],
        "name_en",
        "x" * 101,
        TOO_LONG.format(limit=100, length=101),
        "x" * 100,
    ),
]


@pytest.mark.parametrize(("build", "field", "bad", "message", "good"), BOUNDS)
def test_validation_refuses_a_value_out_of_bounds_and_says_why(
    world, build, field, bad, message, good
):
    with pytest.raises(ValidationError) as error:
        build(world, **{field: bad}).full_clean()

    assert error.value.message_dict[field] == [message]


@pytest.mark.parametrize(("build", "field", "bad", "message", "good"), BOUNDS)
def test_validation_accepts_the_value_at_the_bound(world, build, field, bad, message, good):
    build(world, **{field: good}).full_clean()


def test_the_messages_speak_spanish_on_the_spanish_site(world):
    with translation.override("es"), pytest.raises(ValidationError) as error:
        match(world, home_score=100, home_penalties=None).full_clean()

    with translation.override("es"):
        assert error.value.message_dict["home_score"] == ["Un marcador no puede pasar de 99 goles."]


def test_the_command_checks_and_the_model_share_the_season_years():
    assert base.season_year(FIRST_EDITION) == 1967
    assert base.season_year(last_season_year()) == NEXT_YEAR
    with pytest.raises(CommandError, match=f"Season years run from 1967 to {NEXT_YEAR}"):
        base.season_year(NEXT_YEAR + 1)


# The stored table --------------------------------------------------------------------


@pytest.mark.parametrize("rounds", [2, 331], ids=["two_99_0_wins", "past_a_smallint_of_goals"])
def test_a_table_of_the_highest_scores_is_stored_as_computed(league, rounds):
    """331 wins 99–0 make 32769 goals: more than a 16-bit column holds (PostgreSQL's
    smallint refuses it; the recomputation must not)."""
    group, (alfa, beta, *_others) = league
    Match.objects.bulk_create(
        Match(
            group=group,
            round=number,
            home_team=alfa,
            away_team=beta,
            home_score=99,
            away_score=0,
            status="played",
        )
        for number in range(1, rounds + 1)
    )

    recompute_groups(Group.objects.filter(pk=group.pk))

    row = Standing.objects.get(group=group, team=alfa)
    goals = 99 * rounds
    assert (row.played, row.won, row.goals_for, row.goal_difference) == (
        rounds,
        rounds,
        goals,
        goals,
    )
    assert row.points == 3 * rounds
    assert Standing.objects.get(group=group, team=beta).goal_difference == -goals
    assert table(group)[0] == ("Alfa", 1, rounds, 3 * rounds)


# Names from the imports ------------------------------------------------------------------

LONG_NAME = "Club Deportivo " + "Muy " * 25 + "Largo"  # 120 characters


def football_json(team1, team2):
    match = {"team1": team1, "team2": team2, "score": {"ft": [1, 0]}}
    return {"name": "Copa Perú 1998", "rounds": [{"name": "Matchday 1", "matches": [match]}]}


# Initials C, N, I: the initials heuristic finds CNI, and would keep the name as its alias.
LONG_CNI = "Colegio" + "o" * 40 + " Nacional" + "l" * 40 + " de Iquitos" + "s" * 10


@pytest.mark.parametrize("name", [LONG_NAME, LONG_CNI], ids=["new team", "alias"])
def test_a_football_json_team_name_over_100_characters_is_refused_not_cut(db, name):
    Team.objects.create(name="CNI", slug="cni")

    with pytest.raises(FootballJsonError) as error:
        import_season(football_json(name, "Alfa"), 1998)

    assert name in str(error.value)
    assert f"at most 100 characters (it has {len(name)})" in str(error.value)
    assert list(Team.objects.values_list("name", flat=True)) == ["CNI"]
    assert not TeamAlias.objects.exists()
    assert not Season.objects.exists()


def test_a_wikitext_team_name_over_100_characters_is_refused_not_cut(db):
    article = parse_article(
        "{{Football box collapsible\n| round = 1\n| date = 1998-12-01\n"
        f"| team1 = {LONG_NAME}\n| score = 1–0\n| team2 = Alfa\n}}}}"
    )

    with pytest.raises(WikitextError) as error:
        import_article(article, year=1998)

    assert LONG_NAME in str(error.value)  # here in the name of the tie it plays
    assert "at most 100 characters" in str(error.value)
    assert not Team.objects.exists()
    assert not Season.objects.exists()


def test_the_1996_fixture_is_within_the_bounds(season_1996):
    for model in (Season, Team, Match, PublishedRow, PointAdjustment, Stage, Group, Venue):
        for row in model.objects.all():
            row.full_clean(validate_unique=False, validate_constraints=False)
    assert len(table(season_1996)) == 6
    assert call_command("recompute_standings", "1996", verbosity=0) is None
