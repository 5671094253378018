"""The shipped fixtures hold the 1996 season as the seed article states it,
and load (once, twice, next to other data, after a dump) into the right tables.

The loading tests commit for real (``transaction=True``), so that the standings
are computed by the on_commit batch exactly as after ``manage.py loaddata``.
"""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    StageFactory,
    TeamFactory,
    play,
    table,
)
from tournaments.models import (
    Department,
    Group,
    Match,
    Season,
    SeasonTeam,
    Standing,
    Team,
    TopScorer,
)

# Seasons with a given year are created directly: SeasonFactory's own years
# must not collide with the ones these tests pick.

FIXTURES = settings.BASE_DIR / "fixtures"

OFFICIAL_DEPARTMENTS = [
    "Amazonas",
    "Áncash",
    "Apurímac",
    "Arequipa",
    "Ayacucho",
    "Cajamarca",
    "Callao",
    "Cusco",
    "Huancavelica",
    "Huánuco",
    "Ica",
    "Junín",
    "La Libertad",
    "Lambayeque",
    "Lima",
    "Loreto",
    "Madre de Dios",
    "Moquegua",
    "Pasco",
    "Piura",
    "Puno",
    "San Martín",
    "Tacna",
    "Tumbes",
    "Ucayali",
]

# The seed's "Finalists teams" tables: Department, Team, Location. The seed
# writes "Ancash"; the official name is "Áncash".
SEED_QUALIFIED_TEAMS = [
    ("Amazonas", "Sachapuyos", "Amazonas"),
    ("Ancash", "José Gálvez", "Chimbote"),
    ("Apurímac", "Gigantes del Cenepa", "Andahuaylas"),
    ("Arequipa", "Piérola", "Arequipa"),
    ("Ayacucho", "Deportivo Huáscar", "Ayacucho"),
    ("Cajamarca", "UTC", "Cajamarca"),
    ("Callao", "Olímpico Bella Unión", "Callao"),
    ("Cusco", "Deportivo Garcilaso", "Cusco"),
    ("Huancavelica", "7 de Agosto", "Huancavelica"),
    ("Huánuco", "León de Huánuco", "Huánuco"),
    ("Huánuco", "Unión Naranjillo", "Huánuco"),
    ("Ica", "Estudiantes de Medicina", "Ica"),
    ("Junín", "Cultural Hidro", "Junín"),
    ("La Libertad", "Carlos A. Mannucci", "Trujillo"),
    ("Lambayeque", "Mariscal Sucre", "Ferreñafe"),
    ("Lima", "Contumaza Repcel", "Lima"),
    ("Loreto", "CNI", "Iquitos"),
    ("Madre de Dios", "Estudiantes Unidos", "Puerto Maldonado"),
    ("Moquegua", "Atlético Huracán", "Moquegua"),
    ("Pasco", "Unión Social Oxapampa", "Pasco"),
    ("Piura", "I.M.I.", "Talara"),
    ("Puno", "Deportivo Universitario", "Puno"),
    ("San Martín", "El Tumi", "Tarapoto"),
    ("Tacna", "Coronel Bolognesi", "Tacna"),
    ("Tumbes", "Independiente Aguas Verdes", "Tumbes"),
    ("Ucayali", "San Martín de Porres", "Pucallpa"),
]
SEED_SPELLINGS = {"Ancash": "Áncash"}

# The seed's Football boxes: round, date, home, score, away.
SEED_MATCHES = [
    (1, datetime.date(1997, 1, 19), "León de Huánuco", 1, 0, "Coronel Bolognesi"),
    (1, datetime.date(1997, 1, 19), "José Gálvez", 1, 0, "UTC"),
    (1, datetime.date(1997, 1, 19), "CNI", 3, 1, "Gigantes del Cenepa"),
    (2, datetime.date(1997, 1, 22), "José Gálvez", 1, 1, "Coronel Bolognesi"),
    (2, datetime.date(1997, 1, 22), "Gigantes del Cenepa", 3, 0, "León de Huánuco"),
    (2, datetime.date(1997, 1, 22), "UTC", 3, 2, "CNI"),
    (3, datetime.date(1997, 1, 26), "UTC", 2, 1, "León de Huánuco"),
    (3, datetime.date(1997, 1, 26), "Coronel Bolognesi", 3, 0, "Gigantes del Cenepa"),
    (3, datetime.date(1997, 1, 26), "José Gálvez", 3, 1, "CNI"),
    (4, datetime.date(1997, 1, 29), "Gigantes del Cenepa", 4, 2, "UTC"),
    (4, datetime.date(1997, 1, 29), "Coronel Bolognesi", 3, 0, "CNI"),
    (4, datetime.date(1997, 1, 29), "José Gálvez", 5, 0, "León de Huánuco"),
    (5, datetime.date(1997, 2, 2), "CNI", 2, 1, "León de Huánuco"),
    (5, datetime.date(1997, 2, 2), "UTC", 4, 1, "Coronel Bolognesi"),
    (5, datetime.date(1997, 2, 2), "José Gálvez", 5, 2, "Gigantes del Cenepa"),
]

# The seed's sports table: team, played, won, drawn, lost, goals for, against, points, status.
SEED_TABLE = [
    ("José Gálvez", 5, 4, 1, 0, 15, 4, 13, "P"),
    ("UTC", 5, 3, 0, 2, 11, 9, 9, ""),
    ("Coronel Bolognesi", 5, 2, 1, 2, 8, 6, 7, ""),
    ("Gigantes del Cenepa", 5, 2, 0, 3, 10, 13, 6, ""),
    ("CNI", 5, 2, 0, 3, 8, 11, 6, ""),
    ("León de Huánuco", 5, 1, 0, 4, 3, 12, 3, ""),
]
ROW_KEYS = {
    "position",
    "team",
    "played",
    "won",
    "drawn",
    "lost",
    "goals_for",
    "goals_against",
    "points",
    "status",
}


def load_fixtures():
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)


def standings_json(year=1996):
    out = io.StringIO()
    call_command("standings", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


def stored_standings():
    """Every stored row, with names instead of ids (recomputation renews the ids)."""
    return list(
        Standing.objects.order_by("group__stage__season__year", "group__slug", "row").values_list(
            "group__stage__season__year",
            "group__slug",
            "team__slug",
            "row",
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
    )


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("tournaments").get_models()
    }


def matches_1996():
    return sorted(
        Match.objects.filter(group__stage__season__year=1996).values_list(
            "round",
            "date",
            "home_team__name",
            "home_score",
            "away_score",
            "away_team__name",
            "status",
            "venue__name",
        )
    )


def read_fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


# What the fixture holds


def test_departments_fixture_holds_the_25_departments_with_their_official_names():
    names = [entry["fields"]["name"] for entry in read_fixture("departments")]
    assert sorted(names) == sorted(OFFICIAL_DEPARTMENTS)
    assert "Áncash" in names
    assert "Ancash" not in names


def test_season_fixture_holds_no_standing_rows():
    models_in_fixture = {entry["model"] for entry in read_fixture("copa_peru_1996")}
    assert "tournaments.standing" not in models_in_fixture
    assert "tournaments.match" in models_in_fixture  # the file was read and holds data


def test_season_fixture_uses_natural_keys_only():
    for name in ("departments", "copa_peru_1996"):
        assert [entry for entry in read_fixture(name) if "pk" in entry] == []


def test_loaded_departments_are_the_official_25(season_1996):
    assert sorted(Department.objects.values_list("name", flat=True)) == sorted(OFFICIAL_DEPARTMENTS)


def test_the_26_qualified_teams_come_from_the_departments_and_cities_of_the_seed(season_1996):
    expected = sorted(
        (SEED_SPELLINGS.get(department, department), team, city)
        for department, team, city in SEED_QUALIFIED_TEAMS
    )
    entries = SeasonTeam.objects.filter(season__year=1996)
    assert entries.count() == 26
    assert sorted(entries.values_list("department__name", "team__name", "team__city")) == expected


def test_every_team_lists_the_department_it_qualified_for(season_1996):
    for entry in SeasonTeam.objects.select_related("team", "department"):
        assert entry.team.department == entry.department


def test_huanuco_sent_two_teams_and_every_other_department_one(season_1996):
    per_department = {
        name: SeasonTeam.objects.filter(season__year=1996, department__name=name).count()
        for name in OFFICIAL_DEPARTMENTS
    }
    assert per_department.pop("Huánuco") == 2
    assert set(per_department.values()) == {1}


def test_the_final_group_has_the_15_matches_of_the_seed_at_the_estadio_nacional(season_1996):
    matches = Match.objects.filter(group=season_1996).select_related("venue")
    assert matches.count() == 15
    assert {(m.venue.name, m.venue.city) for m in matches} == {("Estadio Nacional", "Lima")}
    assert sorted(
        matches.values_list(
            "round", "date", "home_team__name", "home_score", "away_score", "away_team__name"
        )
    ) == sorted(SEED_MATCHES)


def test_the_final_group_plays_five_rounds_on_the_dates_of_the_seed(season_1996):
    rounds = {}
    for round_number, date in Match.objects.filter(group=season_1996).values_list("round", "date"):
        rounds.setdefault(round_number, set()).add(date)
    assert rounds == {
        1: {datetime.date(1997, 1, 19)},
        2: {datetime.date(1997, 1, 22)},
        3: {datetime.date(1997, 1, 26)},
        4: {datetime.date(1997, 1, 29)},
        5: {datetime.date(1997, 2, 2)},
    }


def test_every_match_of_the_fixture_was_played(season_1996):
    assert set(Match.objects.values_list("status", flat=True)) == {Match.Status.PLAYED}


def test_the_final_group_is_the_six_regional_winners(season_1996):
    assert sorted(season_1996.teams.values_list("name", flat=True)) == sorted(
        row[0] for row in SEED_TABLE
    )


def test_jose_galvez_is_champion_and_promoted_to_the_1997_descentralizado(season_1996):
    season = Season.objects.get(year=1996)
    assert season.champion.name == "José Gálvez"
    assert season.promoted_to == "1997 Torneo Descentralizado"
    assert season.points_for_win == 3


def test_alejandro_cipriano_is_top_scorer_with_5_goals(season_1996):
    assert list(
        TopScorer.objects.filter(season__year=1996).values_list("player__name", "goals")
    ) == [("Alejandro Cipriano", 5)]


# Loading


@pytest.mark.django_db(transaction=True)
def test_loading_the_fixtures_gives_the_seed_table_through_the_standings_command():
    load_fixtures()

    tables = standings_json()

    assert len(tables) == 1
    (group,) = tables
    assert set(group) == {"stage", "group", "rows"}
    assert group["group"] == "Liguilla final"
    for row in group["rows"]:
        assert set(row) == ROW_KEYS
    assert [
        (
            row["team"],
            row["played"],
            row["won"],
            row["drawn"],
            row["lost"],
            row["goals_for"],
            row["goals_against"],
            row["points"],
            row["status"],
        )
        for row in group["rows"]
    ] == SEED_TABLE
    assert [row["position"] for row in group["rows"]] == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_loading_the_fixtures_twice_changes_nothing():
    load_fixtures()
    counts, standings, matches = row_counts(), stored_standings(), matches_1996()
    assert len(standings) == 6

    load_fixtures()

    assert row_counts() == counts
    assert stored_standings() == standings
    assert matches_1996() == matches


@pytest.fixture
def season_1995(transactional_db):
    """A committed 1995 season with its own teams, one group and three matches."""
    with transaction.atomic():
        season = Season.objects.create(year=1995)
        group = GroupFactory(stage=StageFactory(season=season, name="Final stage"), name="Final")
        teams = [TeamFactory(name=name) for name in ("Alfa 95", "Beta 95", "Gamma 95")]
        for team in teams:
            GroupMemberFactory(group=group, team=team)
        alfa, beta, gamma = teams
        play(group, alfa, beta, 2, 0, round=1)
        play(group, beta, gamma, 1, 1, round=2)
        play(group, gamma, alfa, 0, 3, round=3)
    return group


@pytest.mark.django_db(transaction=True)
def test_loading_next_to_another_season_keeps_it_and_adds_1996(season_1995):
    before = table(season_1995)
    assert before == [("Alfa 95", 1, 2, 6), ("Beta 95", 2, 2, 1), ("Gamma 95", 3, 2, 1)]
    matches_1995 = list(Match.objects.filter(group=season_1995).values())
    teams_1995 = list(Team.objects.values())

    load_fixtures()

    assert table(season_1995) == before
    assert list(Match.objects.filter(group=season_1995).values()) == matches_1995
    assert [team for team in Team.objects.values() if team in teams_1995] == teams_1995
    assert sorted(Season.objects.values_list("year", flat=True)) == [1995, 1996]
    assert Team.objects.count() == len(teams_1995) + 26
    assert [(row["team"], row["points"]) for row in standings_json(1996)[0]["rows"]] == [
        (row[0], row[7]) for row in SEED_TABLE
    ]
    assert standings_json(1995)[0]["rows"][0]["team"] == "Alfa 95"


@pytest.mark.django_db(transaction=True)
def test_loading_departments_reuses_a_department_that_already_exists():
    lima = Department.objects.create(name="Lima", slug="lima")

    load_fixtures()

    assert Department.objects.count() == 25
    assert Department.objects.get(slug="lima").pk == lima.pk
    assert Team.objects.get(slug="contumaza-repcel").department_id == lima.pk


@pytest.mark.django_db(transaction=True)
def test_load_initial_data_loads_departments_and_1996_into_an_empty_database():
    call_command("load_initial_data", verbosity=0, stdout=io.StringIO())

    assert Department.objects.count() == 25
    assert list(Season.objects.values_list("year", flat=True)) == [1996]
    assert SeasonTeam.objects.count() == 26
    assert Match.objects.count() == 15
    assert [row["team"] for row in standings_json()[0]["rows"]] == [row[0] for row in SEED_TABLE]


@pytest.mark.django_db(transaction=True)
def test_load_initial_data_does_nothing_when_the_data_is_already_there():
    call_command("load_initial_data", verbosity=0, stdout=io.StringIO())
    counts, standings = row_counts(), stored_standings()
    out = io.StringIO()

    call_command("load_initial_data", stdout=out)

    assert "nothing loaded" in out.getvalue()
    assert row_counts() == counts
    assert stored_standings() == standings


@pytest.mark.django_db(transaction=True)
def test_load_initial_data_does_not_add_1996_when_another_season_exists(season_1995):
    Department.objects.create(name="Lima", slug="lima")
    counts, standings = row_counts(), stored_standings()
    out = io.StringIO()

    call_command("load_initial_data", stdout=out)

    assert "nothing loaded" in out.getvalue()
    assert not Season.objects.filter(year=1996).exists()
    assert row_counts() == counts
    assert stored_standings() == standings


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "exclude", [[], ["tournaments.Standing"]], ids=["with_standings", "without_standings"]
)
def test_dump_flush_and_load_with_natural_keys_gives_the_same_data(tmp_path, exclude):
    load_fixtures()
    counts, standings, matches = row_counts(), stored_standings(), matches_1996()
    dump = tmp_path / "dump.json"
    excluded = [f"--exclude={label}" for label in exclude]
    call_command(
        "dumpdata",
        "tournaments",
        "--natural-foreign",
        "--natural-primary",
        *excluded,
        output=str(dump),
        verbosity=0,
    )
    natural = {
        model._meta.label_lower
        for model in apps.get_app_config("tournaments").get_models()
        if hasattr(model, "natural_key")
    }
    entries = json.loads(dump.read_text(encoding="utf-8"))
    assert [e for e in entries if e["model"] in natural and "pk" in e] == []

    call_command("flush", "--no-input", verbosity=0)
    assert not Group.objects.exists()
    assert not Standing.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)

    assert row_counts() == counts
    assert stored_standings() == standings
    assert matches_1996() == matches
    assert [row["team"] for row in standings_json()[0]["rows"]] == [row[0] for row in SEED_TABLE]
