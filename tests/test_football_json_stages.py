"""Importing football.json as openfootball writes it: stages, groups, ties, play-offs, statuses."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import table
from tournaments.bilingual import english
from tournaments.interchange.footballjson import FootballJsonError, import_season
from tournaments.interchange.footballjson.parse import RoundKind, read_round_name
from tournaments.models import Group, Match, Season, Stage

DATA = Path(__file__).parent / "data" / "football_json"


def read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def dump():
    """The whole database as dumpdata writes it, history and ids included."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def stages(year):
    """Each stage and its groups, named as the file names them (their English)."""
    return [
        (
            english(stage, "name"),
            stage.kind,
            stage.legs,
            [english(g, "name") for g in stage.groups.order_by("order")],
        )
        for stage in Stage.objects.filter(season__year=year).order_by("order")
    ]


def legs(group):
    return [
        (m.round, m.home_team.name, m.away_team.name, m.home_score, m.away_score)
        for m in group.matches.select_related("home_team", "away_team").order_by("round")
    ]


# Round names ----------------------------------------------------------------------

LEAGUE, KNOCKOUT, PLAY_OFF = RoundKind.LEAGUE, RoundKind.KNOCKOUT, RoundKind.PLAY_OFF


@pytest.mark.parametrize(
    ("text", "kind", "number", "stage"),
    [
        ("Group, Matchday 3", LEAGUE, 3, "Group"),
        ("Qualifying, Round 1", LEAGUE, 1, "Qualifying"),
        ("Regional stage, Fecha 2", LEAGUE, 2, "Regional stage"),
        ("Group, Jornada 4", LEAGUE, 4, "Group"),
        ("Finals, Round of 16", KNOCKOUT, None, "Round of 16"),
        ("Finals, Quarterfinals", KNOCKOUT, None, "Quarterfinals"),
        ("Finals, Quarter-finals", KNOCKOUT, None, "Quarter-finals"),
        ("Finals, Semi-finals", KNOCKOUT, None, "Semi-finals"),
        ("Finals, Final", KNOCKOUT, None, "Final"),
        ("Finals, Third place", KNOCKOUT, None, "Third place"),
        ("Round of 32", KNOCKOUT, None, "Round of 32"),
        ("Match for third place", KNOCKOUT, None, "Match for third place"),
        ("Qualifying, Final", KNOCKOUT, None, "Qualifying, Final"),
        ("Finals, Second round", KNOCKOUT, None, "Second round"),
        ("Play-off", PLAY_OFF, None, "Play-off"),
        ("Playoff", PLAY_OFF, None, "Playoff"),
        ("Decider", PLAY_OFF, None, "Decider"),
        ("Desempate", PLAY_OFF, None, "Desempate"),
        ("Replay", PLAY_OFF, None, "Replay"),
        ("Final, Play-off", PLAY_OFF, None, "Final, Play-off"),
        # Plain names keep today's reading: a round of the stage the importer names.
        ("Matchday 1", LEAGUE, 1, None),
        ("Round 1", LEAGUE, 1, None),
        ("1", LEAGUE, 1, None),
        ("Second leg", LEAGUE, None, None),  # no number: its place in the file
    ],
)
def test_a_round_name_gives_the_stage_and_the_round(text, kind, number, stage):
    read_name = read_round_name(text)

    assert (read_name.kind, read_name.number, read_name.stage_name) == (kind, number, stage)


def test_rounds_of_two_stages_that_share_a_number_are_apart_and_round_of_16_is_no_16th_round(db):
    data = {
        "matches": [
            {"round": "Qualifying, Round 1", "team1": "Alfa", "team2": "Beta"},
            {"round": "Group, Matchday 1", "team1": "Alfa", "team2": "Gamma"},
            {"round": "Finals, Round of 16", "team1": "Alfa", "team2": "Delta"},
        ]
    }

    import_season(data, 2004)

    assert stages(2004) == [
        ("Qualifying", "round_robin", 2, ["Qualifying"]),
        ("Group", "round_robin", 2, ["Group"]),
        ("Round of 16", "knockout", 1, ["Alfa v Delta"]),
    ]
    assert sorted(Match.objects.values_list("group__stage__name", "round")) == [
        ("Group", 1),
        ("Octavos de final", 1),
        ("Qualifying", 1),
    ]


def test_a_stage_with_both_round_robin_and_knockout_rounds_is_refused(db):
    data = {
        "matches": [
            {"round": "Final, Matchday 1", "team1": "Alfa", "team2": "Beta"},
            {"round": "Finals, Final", "team1": "Alfa", "team2": "Beta"},
        ]
    }

    with pytest.raises(
        FootballJsonError,
        match=r"^match 2 \(Finals, Final\) \(Alfa v Beta\): the stage Final has both "
        r"round-robin and knockout rounds \(match 1 \(Final, Matchday 1\)\)",
    ):
        import_season(data, 2004)

    assert not Season.objects.exists()


# Groups ---------------------------------------------------------------------------


def test_a_group_stage_is_split_by_the_group_field(db):
    report = import_season(read("multi_stage.json"), 2004)

    group_a, group_b = Group.objects.filter(stage__name="Group").order_by("order")
    assert (group_a.name, group_b.name) == ("Grupo A", "Grupo B")
    assert (group_a.name_en, group_b.name_en) == ("Group A", "Group B")
    assert sorted(group_a.teams.values_list("name", flat=True)) == ["Alfa", "Beta", "Gamma"]
    assert sorted(group_b.teams.values_list("name", flat=True)) == ["Delta", "Epsilon", "Zeta"]
    assert not report.warnings


def test_without_a_group_field_the_groups_follow_who_plays_whom_and_the_report_says_so(
    db, on_commit
):
    with on_commit():
        report = import_season(read("groups_without_field.json"), 2004)

    assert stages(2004) == [("Group", "round_robin", 2, ["Group A", "Group B"])]
    group_a, group_b = Group.objects.order_by("order")
    assert table(group_a) == [("Alfa", 1, 2, 6), ("Gamma", 2, 2, 1), ("Beta", 3, 2, 1)]
    assert [row[0] for row in table(group_b)] == ["Zeta", "Delta", "Epsilon"]
    assert report.warnings == [
        "Stage Group: the file gives no group, so its 2 groups were inferred from who plays "
        "whom (heuristic groups_by_opponents): Group A: Alfa, Beta, Gamma; "
        "Group B: Delta, Epsilon, Zeta."
    ]


def test_teams_that_never_meet_but_are_too_few_for_a_group_stay_in_one_group(db):
    data = read("groups_without_field.json")
    data["matches"] = data["matches"][:2]  # matchday 1 only: two pairs

    report = import_season(data, 2004)

    assert stages(2004) == [("Group", "round_robin", 2, ["Group"])]
    assert (
        "some too small to be groups (heuristic groups_by_opponents): kept as one group"
        in (report.warnings[0])
    )


def test_a_match_without_a_group_among_matches_with_one_is_refused(db):
    data = read("multi_stage.json")
    del data["matches"][3]["group"]

    with pytest.raises(
        FootballJsonError,
        match=r"^match 4 \(Group, Matchday 2\) \(Epsilon v Zeta\): no group, while other "
        r"matches of the stage Group name theirs",
    ):
        import_season(data, 2004)


# Knockout ties ----------------------------------------------------------------------


def test_two_meetings_in_a_knockout_round_are_the_legs_of_one_tie(db, on_commit):
    with on_commit():
        import_season(read("multi_stage.json"), 2004)

    assert stages(2004) == [
        ("Group", "round_robin", 2, ["Group A", "Group B"]),
        ("Semifinals", "knockout", 2, ["Delta v Alfa", "Gamma v Zeta"]),
        ("Final", "knockout", 1, ["Alfa v Zeta"]),
    ]
    assert Stage.objects.get(name_en="Semifinals").tie_rule == Stage.TieRule.AGGREGATE
    tie = Group.objects.get(name="Delta v Alfa")
    assert legs(tie) == [(1, "Delta", "Alfa", 1, 0), (2, "Alfa", "Delta", 1, 0)]


def test_a_shoot_out_after_a_level_aggregate_is_accepted_on_the_last_leg(db, on_commit):
    with on_commit():
        import_season(read("multi_stage.json"), 2004)

    second_leg = Match.objects.get(group__name="Delta v Alfa", round=2)
    assert (second_leg.home_penalties, second_leg.away_penalties) == (4, 2)
    assert second_leg.score_display == "1–0 (4–2 p)"


def test_a_shoot_out_after_a_decided_aggregate_is_refused_where_it_is_and_nothing_changes(
    season_1996, on_commit
):
    data = read("multi_stage.json")
    data["matches"][6]["score"]["ft"] = [0, 0]  # Delta 0–0 Alfa: Alfa won 1–0 on aggregate
    before = dump()

    with on_commit(), pytest.raises(FootballJsonError) as error:
        import_season(data, 2004)

    assert str(error.value) == (
        "match Semifinals, leg 2: Alfa v Delta (match 9 (Finals, Semifinals)): home_penalties: "
        "A penalty shoot-out only follows a level score (in a two-legged tie, a level aggregate)."
    )
    assert dump() == before  # byte for byte


def test_a_third_meeting_is_the_tie_s_play_off(db, on_commit):
    data = {
        "matches": [
            {"round": "Finals, Final", "team1": "Alfa", "team2": "Beta", "score": {"ft": [1, 0]}},
            {"round": "Finals, Final", "team1": "Beta", "team2": "Alfa", "score": {"ft": [2, 1]}},
            {"round": "Finals, Final", "team1": "Alfa", "team2": "Beta", "score": {"ft": [0, 1]}},
        ]
    }

    with on_commit():
        import_season(data, 2004, tie_rule="points")

    final = Stage.objects.get(name="Final")
    assert (final.legs, final.tie_rule) == (2, Stage.TieRule.POINTS)
    assert legs(final.groups.get()) == [
        (1, "Alfa", "Beta", 1, 0),
        (2, "Beta", "Alfa", 2, 1),
        (3, "Alfa", "Beta", 0, 1),
    ]
    assert Season.objects.get(year=2004).champion.name == "Beta"


def test_the_import_command_takes_the_tie_rule(db):
    call_command(
        "import_football_json",
        str(DATA / "multi_stage.json"),
        "--season",
        "2004",
        "--tie-rule",
        "away_goals",
        stdout=io.StringIO(),
    )

    assert set(Stage.objects.filter(kind="knockout").values_list("tie_rule", flat=True)) == {
        "away_goals"
    }


def test_the_champion_is_the_winner_of_the_final_the_file_ends_with(db, on_commit):
    with on_commit():
        import_season(read("multi_stage.json"), 2004)

    season = Season.objects.get(year=2004)
    assert (season.champion.name, season.runner_up.name) == ("Alfa", "Zeta")


def test_a_third_place_match_listed_after_the_final_does_not_decide_the_title(db, on_commit):
    document = {
        "name": "Cup",
        "matches": [
            {"round": "Finals, Final", "team1": "Alfa", "team2": "Beta", "score": {"ft": [2, 0]}},
            {"round": "Finals, Third place", "team1": "Gamma", "team2": "Delta",
             "score": {"ft": [1, 0]}},
        ],
    }  # fmt: skip
    with on_commit():
        import_season(document, 2005)

    assert [name for name, *_ in stages(2005)] == ["Third place", "Final"]
    season = Season.objects.get(year=2005)
    assert (season.champion.name, season.runner_up.name) == ("Alfa", "Beta")


# Play-offs ----------------------------------------------------------------------------


def test_a_first_place_play_off_is_a_stage_of_its_own_outside_the_table(db, on_commit):
    with on_commit():
        import_season(read("first_place_play_off.json"), 1985)

    assert stages(1985) == [
        ("League", "round_robin", 2, ["League"]),
        ("Play-off", "knockout", 1, ["Alfa v Beta"]),
    ]
    league = Group.objects.get(name="League")
    rows = table(league)
    assert rows[:2] == [("Alfa", 1, 5, 9), ("Beta", 1, 5, 9)]  # level: the play-off decided
    assert [(played, points) for _, _, played, points in rows[2:]] == [(5, 3)] * 4
    assert Season.objects.get(year=1985).champion.name == "Alfa"


# Statuses ---------------------------------------------------------------------------------


def test_statuses_are_kept(db, on_commit):
    data = read("statuses.json")
    with on_commit():
        report = import_season(data, 1998)

    def stored(home):
        match = Match.objects.get(home_team__name=home)
        return match.status, match.home_score, match.walkover, match.notes

    assert stored("Alfa") == ("postponed", None, False, "")
    assert stored("Gamma") == ("annulled", 2, False, "abandoned")
    assert stored("Beta") == ("played", 3, True, "")
    assert table(Group.objects.get()) == [
        ("Beta", 1, 1, 3),  # the awarded match counts, the abandoned one doesn't
        ("Alfa", 2, 1, 1),
        ("Delta", 2, 1, 1),
        ("Gamma", 4, 1, 0),
    ]
    assert report.warnings == []


@pytest.mark.parametrize(
    ("match", "message"),
    [
        ({"status": "cancelled"}, r"unknown status 'cancelled': expected postponed, abandoned"),
        ({"status": "postponed", "score": {"ft": [1, 0]}}, r"a postponed match has no score"),
        ({"status": "awarded"}, r"an awarded match needs its awarded score"),
    ],
)
def test_a_bad_status_is_refused_with_the_match_location(db, match, message):
    data = read("statuses.json")
    data["rounds"][1]["matches"][1] = {"team1": "Delta", "team2": "Alfa"} | match

    with pytest.raises(FootballJsonError, match=rf"^round 2, match 2: {message}"):
        import_season(data, 1998)

    assert not Season.objects.exists()
