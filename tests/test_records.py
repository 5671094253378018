"""/records/: the all-time table, titles by club and by department, the biggest wins and
the most goals in a season, each over the published seasons only."""

import pytest

from tests.factories import GroupFactory, GroupMemberFactory, SeasonFactory, StageFactory, play
from tests.test_indexes import assert_no_draft, draft, html_of, table_rows  # noqa: F401 (draft: a fixture)
from tests.test_public import TABLE_1996, text
from tournaments import standings
from tournaments.generation import generate_season
from tournaments.models import PointAdjustment, Team

RECORDS_QUERIES = 7


def all_time(html):
    """{team: [Pos, Seasons, Pld, W, D, L, GF, GA, GD, Pts, Pts (3)]}, in the table's order."""
    return {row[1]: [row[0], *row[2:]] for row in table_rows(html, "standings all-time")}


@pytest.fixture
def records_html(client, season_1996):
    return html_of(client, "/records/")


def test_the_all_time_table_of_1996_alone_is_its_final_table(records_html):
    rows = all_time(records_html)
    expected = {
        team: [str(position), "1", *figures, points]
        for position, (team, *figures, points) in enumerate(TABLE_1996, start=1)
    }
    assert {team: row[:-1] for team, row in rows.items()} == expected
    assert list(rows) == [row[0] for row in TABLE_1996]
    assert all(row[-1] == row[-2] for row in rows.values())  # 1996: 3 points a win already


def test_the_common_basis_is_said_above_the_table(records_html):
    assert "“Pts (3)” counts every win as 3 points and every draw as 1" in text(records_html)


def test_a_two_point_season_keeps_its_points_and_is_ranked_at_three(client, season_1996, on_commit):
    """1990, at 2 points a win: UTC wins twice, José Gálvez draws twice with it and
    loses once: "Pts" is the sum as awarded (1990's 2 a win + 1996's), "Pts (3)"
    counts each win as 3; a play-off outside the table counts for nothing."""
    galvez, utc = Team.objects.get(slug="jose-galvez"), Team.objects.get(slug="utc")
    with on_commit():
        stage = StageFactory(season=SeasonFactory(year=1990, points_for_win=2), name="Final")
        group = GroupFactory(stage=stage)
        for team in (galvez, utc):
            GroupMemberFactory(group=group, team=team)
        play(group, utc, galvez, 2, 0, round=1)
        play(group, galvez, utc, 1, 1, round=2)
        play(group, utc, galvez, 1, 0, round=3)
        play(group, galvez, utc, 7, 0, round=4, counts_for_table=False)  # a play-off
    rows = all_time(html_of(client, "/records/"))
    # José Gálvez: 1996 4-1-0 15–4 13 pts; 1990 0-1-2 1–4 1 pt.
    assert rows["José Gálvez"] == ["2", "2", "8", "4", "2", "2", "16", "8", "+8", "14", "14"]
    # UTC: 1996 3-0-2 11–9 9 pts; 1990 2-1-0 4–1 5 pts (7 at 3 a win).
    assert rows["UTC"] == ["1", "2", "8", "5", "1", "2", "15", "10", "+5", "14", "16"]
    assert list(rows)[:2] == ["UTC", "José Gálvez"]  # ranked on 3 points a win


def test_a_point_deduction_counts_on_both_bases(client, season_1996, on_commit):
    with on_commit():
        PointAdjustment.objects.create(
            group=season_1996, team=Team.objects.get(slug="utc"), points=-4, reason="Sanción"
        )
    rows = all_time(html_of(client, "/records/"))
    assert rows["UTC"][-2:] == ["5", "5"]
    # Coronel Bolognesi 7, Gigantes del Cenepa and CNI 6, then UTC 5.
    assert list(rows)[1:5] == ["Coronel Bolognesi", "Gigantes del Cenepa", "CNI", "UTC"]


def test_identical_records_share_a_position():
    rows = [standings.Row(team, won=1, goals_for=2, points=3) for team in "ab"]
    rows.append(standings.Row("c", won=2, points=6))
    ranked = standings.rank(rows)
    assert [(r.team, r.position, r.shared) for r in ranked] == [
        ("c", 1, False),
        ("a", 2, True),
        ("b", 2, True),
    ]


def test_rescored_counts_a_record_again_keeping_its_adjustment():
    row = standings.Row("a", won=3, drawn=2, lost=1, points=5, adjustment=-3)
    assert standings.rescored(row, standings.Rules(3, 1)).points == 8
    assert row.points == 5  # the row itself is left as it was


def test_titles_by_club_and_by_department(records_html):
    assert table_rows(records_html, "titles-by-club") == [["José Gálvez", "1", "1996"]]
    assert table_rows(records_html, "titles-by-department") == [
        ["Áncash", "1", "1996 (José Gálvez)"]
    ]


def test_the_biggest_wins_are_by_margin_then_goals_then_date(records_html):
    wins = [row[2] for row in table_rows(records_html, "biggest-wins")]
    assert wins == [
        "José Gálvez 5–0 León de Huánuco",
        "José Gálvez 5–2 Gigantes del Cenepa",
        "UTC 4–1 Coronel Bolognesi",
        "Gigantes del Cenepa 3–0 León de Huánuco",
        "Coronel Bolognesi 3–0 Gigantes del Cenepa",
        "Coronel Bolognesi 3–0 CNI",
        "Gigantes del Cenepa 4–2 UTC",
        "CNI 3–1 Gigantes del Cenepa",
        "José Gálvez 3–1 CNI",
        "UTC 3–2 CNI",
    ]
    first = table_rows(records_html, "biggest-wins")[0]
    assert first[0] == "1996" and first[3:] == ["5", "5"]


def test_a_walkover_is_no_biggest_win(client, season_1996, on_commit):
    galvez, utc = Team.objects.get(slug="jose-galvez"), Team.objects.get(slug="utc")
    with on_commit():
        group = GroupFactory(stage=StageFactory(season=SeasonFactory(year=1990)))
        for team in (galvez, utc):
            GroupMemberFactory(group=group, team=team)
        play(group, utc, galvez, 9, 0, walkover=True)
    wins = table_rows(html_of(client, "/records/"), "biggest-wins")
    assert wins[0][2] == "José Gálvez 5–0 León de Huánuco"


def test_the_most_goals_in_a_season(records_html):
    assert table_rows(records_html, "goal-rich-seasons") == [["1996", "55", "15", "3.67"]]
    top = table_rows(records_html, "team-season-goals")
    assert top[:3] == [
        ["José Gálvez", "1996", "15", "5"],
        ["UTC", "1996", "11", "5"],
        ["Gigantes del Cenepa", "1996", "10", "5"],
    ]
    assert len(top) == 6


def test_each_record_states_its_definition(records_html):
    page = text(records_html)
    for definition in (
        "Each team's totals over the tables of every season",
        "A title is a season won",
        "The ten widest winning margins in any played match of any stage",
        "Goals scored in every played match of a season",
    ):
        assert definition in page, definition


@pytest.mark.usefixtures("draft")
def test_a_draft_counts_in_no_record(client):
    html = html_of(client, "/records/")
    assert_no_draft(html)
    assert all_time(html)["José Gálvez"][1:4] == ["1", "5", "4"]  # 1996 alone
    assert table_rows(html, "titles-by-club") == [["José Gálvez", "1", "1996"]]
    assert table_rows(html, "titles-by-department")[0][0] == "Áncash"


def test_the_records_read_as_much_for_a_big_season_as_for_1996(
    client, season_1996, django_assert_max_num_queries
):
    for big in (False, True):
        if big:
            generate_season(2101, teams=40, group_size=5)
        with django_assert_max_num_queries(RECORDS_QUERIES):
            html = html_of(client, "/records/")
        assert len(all_time(html)) == (46 if big else 6)
        assert ("2101" in html) == big
