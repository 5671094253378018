"""The management commands: recompute_standings and standings."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    StageFactory,
    TeamFactory,
    play,
    table,
)
from tournaments.models import Season, Standing

# Seasons with a given year are created directly: SeasonFactory's own years
# must not collide with the ones these tests pick.

TABLE_1996 = [
    ("José Gálvez", 1, 5, 13),
    ("UTC", 2, 5, 9),
    ("Coronel Bolognesi", 3, 5, 7),
    ("Gigantes del Cenepa", 4, 5, 6),
    ("CNI", 5, 5, 6),
    ("León de Huánuco", 6, 5, 3),
]
# team, played, won, drawn, lost, goals for, goals against, points, status
ROWS_1996 = [
    ("José Gálvez", 5, 4, 1, 0, 15, 4, 13, "P"),
    ("UTC", 5, 3, 0, 2, 11, 9, 9, ""),
    ("Coronel Bolognesi", 5, 2, 1, 2, 8, 6, 7, ""),
    ("Gigantes del Cenepa", 5, 2, 0, 3, 10, 13, 6, ""),
    ("CNI", 5, 2, 0, 3, 8, 11, 6, ""),
    ("León de Huánuco", 5, 1, 0, 4, 3, 12, 3, ""),
]


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def group_1995(season_1996, on_commit):
    """A second season next to the loaded 1996 one: Alfa beat Beta."""
    with on_commit():
        season = Season.objects.create(year=1995)
        group = GroupFactory(stage=StageFactory(season=season, name="Final stage"))
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        GroupMemberFactory(group=group, team=alfa)
        GroupMemberFactory(group=group, team=beta)
        play(group, alfa, beta, 2, 0)
    return group


def tamper(group):
    """Break the stored table the way a stray edit would: wrong points, a row lost."""
    rows = Standing.objects.filter(group=group)
    rows.filter(row=1).update(points=0)
    rows.order_by("-row").first().delete()


# recompute_standings


def test_the_loaded_1996_table_is_the_seed_one(season_1996):
    assert table(season_1996) == TABLE_1996


def test_recompute_standings_for_a_year_repairs_a_tampered_table(season_1996):
    tamper(season_1996)
    assert table(season_1996) != TABLE_1996

    output = run("recompute_standings", "1996")

    assert table(season_1996) == TABLE_1996
    assert "Recomputed the standings of 1 group(s)." in output


def test_recompute_standings_for_a_year_leaves_other_seasons_alone(season_1996, group_1995):
    tamper(season_1996)
    tamper(group_1995)

    run("recompute_standings", "1996")

    assert table(season_1996) == TABLE_1996
    assert table(group_1995) == [("Alfa", 1, 1, 0)]


def test_recompute_standings_without_a_year_repairs_every_season(season_1996, group_1995):
    tamper(season_1996)
    tamper(group_1995)

    output = run("recompute_standings")

    assert table(season_1996) == TABLE_1996
    assert table(group_1995) == [("Alfa", 1, 1, 3), ("Beta", 2, 1, 0)]
    assert "Recomputed the standings of 2 group(s)." in output


def test_recompute_standings_writes_rows_for_a_table_that_was_never_stored(season_1996):
    Standing.objects.all().delete()

    run("recompute_standings")

    assert table(season_1996) == TABLE_1996


def test_recompute_standings_for_an_unknown_year_is_an_error_naming_the_year(season_1996):
    tamper(season_1996)
    with pytest.raises(CommandError, match=r"^There is no 1995 season\.$"):
        run("recompute_standings", "1995")
    assert table(season_1996) != TABLE_1996  # nothing was recomputed


def test_recompute_standings_for_a_year_that_is_not_a_number_is_an_error(db):
    with pytest.raises(CommandError, match="invalid int value"):
        run("recompute_standings", "nineteen")


def test_recompute_standings_on_an_empty_database_recomputes_nothing(db):
    assert "Recomputed the standings of 0 group(s)." in run("recompute_standings")


# standings


def test_standings_prints_a_heading_and_column_titles_for_each_group(season_1996):
    lines = run("standings", "1996").splitlines()
    assert lines[0] == "Etapa Final – Liguilla final"
    assert lines[1].split() == ["Pos", "Team", "Pld", "W", "D", "L", "GF", "GA", "GD", "Pts"]


def test_standings_prints_one_line_per_team_in_table_order(season_1996):
    lines = run("standings", "1996").splitlines()
    assert [line.split() for line in lines[2:8]] == [
        ["1", "José", "Gálvez", "5", "4", "1", "0", "15", "4", "+11", "13", "P"],
        ["2", "UTC", "5", "3", "0", "2", "11", "9", "+2", "9"],
        ["3", "Coronel", "Bolognesi", "5", "2", "1", "2", "8", "6", "+2", "7"],
        ["4", "Gigantes", "del", "Cenepa", "5", "2", "0", "3", "10", "13", "-3", "6"],
        ["5", "CNI", "5", "2", "0", "3", "8", "11", "-3", "6"],
        ["6", "León", "de", "Huánuco", "5", "1", "0", "4", "3", "12", "-9", "3"],
    ]


def test_standings_text_right_aligns_the_points_under_their_title(season_1996):
    lines = run("standings", "1996").splitlines()
    points_end = lines[1].index("Pts") + len("Pts")
    assert [line[:points_end].split()[-1] for line in lines[2:8]] == [
        str(points) for *_, points in TABLE_1996
    ]


def test_standings_prints_every_group_of_the_season_in_stage_order(season_1996, on_commit):
    season = season_1996.stage.season
    with on_commit():
        regional = StageFactory(season=season, name="Regional stage", order=0)
        group = GroupFactory(stage=regional, name="Group 1")
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        GroupMemberFactory(group=group, team=alfa)
        GroupMemberFactory(group=group, team=beta)
        play(group, beta, alfa, 1, 0)

    output = run("standings", "1996")

    assert output.index("Regional stage – Group 1") < output.index("Etapa Final – Liguilla final")
    assert output.index("Beta") < output.index("Alfa") < output.index("José Gálvez")


def test_standings_leaves_out_knockout_ties(season_1996, on_commit):
    with on_commit():
        knockout = StageFactory(season=season_1996.stage.season, name="Play-off", kind="knockout")
        tie = GroupFactory(stage=knockout, name="Tie 1")
        alfa = TeamFactory(name="Alfa")
        GroupMemberFactory(group=tie, team=alfa)
    # A stray row, as if the stage had been a round robin once.
    Standing.objects.create(group=tie, team=alfa, row=1, position=1)
    assert "Play-off" not in run("standings", "1996")
    assert [table["stage"] for table in json.loads(run("standings", "1996", "--json"))] == [
        "Etapa Final"
    ]


def test_standings_of_a_missing_season_is_an_error_naming_the_year(season_1996):
    with pytest.raises(CommandError, match=r"^There is no 1995 season\.$"):
        run("standings", "1995")


def test_standings_without_a_year_is_an_error(db):
    with pytest.raises(CommandError, match="year"):
        run("standings")


def test_standings_json_is_valid_json_with_the_table_in_order(season_1996):
    tables = json.loads(run("standings", "1996", "--json"))
    keys = ("team", "played", "won", "drawn", "lost", "goals_for", "goals_against", "points")
    assert tables == [
        {
            "stage": "Etapa Final",
            "group": "Liguilla final",
            "rows": [
                {"position": position, **dict(zip(keys, values, strict=True)), "status": status}
                for position, (*values, status) in enumerate(ROWS_1996, start=1)
            ],
        }
    ]


def test_standings_json_keeps_accented_names_readable(season_1996):
    output = run("standings", "1996", "--json")
    assert "José Gálvez" in output
    assert "\\u00e9" not in output


def test_standings_json_reports_shared_positions(league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        play(group, alfa, beta, 1, 1)
    year = 1990  # after the factory's seasons (1970 to 1989)
    Season.objects.filter(pk=group.stage.season_id).update(year=year)

    (table_json,) = json.loads(run("standings", str(year), "--json"))

    assert [(row["team"], row["position"]) for row in table_json["rows"]] == [
        ("Alfa", 1),
        ("Beta", 1),
        ("Delta", 3),
        ("Gamma", 3),
    ]


def test_standings_of_a_season_without_tables_prints_no_group(db):
    Season.objects.create(year=1995)
    assert json.loads(run("standings", "1995", "--json")) == []
