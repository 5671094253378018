"""openfootball football.json: export, import, and the two commands."""

import copy
import datetime
import io
import json
from pathlib import Path

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
from tournaments.interchange.footballjson import FootballJsonError, export_season, import_season
from tournaments.models import (
    Group,
    GroupMember,
    Match,
    Season,
    Stage,
    Standing,
    Team,
    TeamAlias,
)

DATA = Path(__file__).parent / "data" / "football_json"

TABLE_1996 = [  # team, position, played, points
    ("José Gálvez", 1, 5, 13),
    ("UTC", 2, 5, 9),
    ("Coronel Bolognesi", 3, 5, 7),
    ("Gigantes del Cenepa", 4, 5, 6),
    ("CNI", 5, 5, 6),
    ("León de Huánuco", 6, 5, 3),
]
# round, date, home, away, score, as in fixtures/copa_peru_1996.json
MATCHES_1996 = {
    (1, "1997-01-19", "León de Huánuco", "Coronel Bolognesi", (1, 0)),
    (1, "1997-01-19", "José Gálvez", "UTC", (1, 0)),
    (1, "1997-01-19", "CNI", "Gigantes del Cenepa", (3, 1)),
    (2, "1997-01-22", "José Gálvez", "Coronel Bolognesi", (1, 1)),
    (2, "1997-01-22", "Gigantes del Cenepa", "León de Huánuco", (3, 0)),
    (2, "1997-01-22", "UTC", "CNI", (3, 2)),
    (3, "1997-01-26", "UTC", "León de Huánuco", (2, 1)),
    (3, "1997-01-26", "Coronel Bolognesi", "Gigantes del Cenepa", (3, 0)),
    (3, "1997-01-26", "José Gálvez", "CNI", (3, 1)),
    (4, "1997-01-29", "Gigantes del Cenepa", "UTC", (4, 2)),
    (4, "1997-01-29", "Coronel Bolognesi", "CNI", (3, 0)),
    (4, "1997-01-29", "José Gálvez", "León de Huánuco", (5, 0)),
    (5, "1997-02-02", "CNI", "León de Huánuco", (2, 1)),
    (5, "1997-02-02", "UTC", "Coronel Bolognesi", (4, 1)),
    (5, "1997-02-02", "José Gálvez", "Gigantes del Cenepa", (5, 2)),
}
MODELS = (Season, Stage, Group, GroupMember, Match, Team, TeamAlias, Standing)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def stored_matches(year):
    """{(round, date, home, away, score)} of a season, as MATCHES_1996."""
    return {
        (
            m.round,
            m.date.isoformat() if m.date else None,
            m.home_team.name,
            m.away_team.name,
            None if m.home_score is None else (m.home_score, m.away_score),
        )
        for m in Match.objects.for_season(Season.objects.get(year=year)).with_teams()
    }


def exported_matches(document):
    """The export's matches in the same shape (the round is the name's number)."""
    return {
        (
            int(round_["name"].rsplit(" ", 1)[1]),
            m["date"],
            m["team1"],
            m["team2"],
            tuple(m["score"]["ft"]) if "score" in m else None,
        )
        for round_ in document["rounds"]
        for m in round_["matches"]
    }


def document(*rounds, name="Copa Perú 1998"):
    """A football.json document; each round is a list of (team1, team2, ft or None)."""
    return {
        "name": name,
        "rounds": [
            {
                "name": f"Matchday {number}",
                "matches": [
                    {"date": f"1998-12-{number:02d}", "team1": home, "team2": away}
                    | ({"score": {"ft": list(score)}} if score else {})
                    for home, away, score in matches
                ],
            }
            for number, matches in enumerate(rounds, start=1)
        ],
    }


LEAGUE = document(
    [("Alfa", "Beta", (2, 0)), ("Gamma", "Delta", (1, 1))],
    [("Beta", "Gamma", (0, 1)), ("Delta", "Alfa", (0, 3))],
    [("Alfa", "Gamma", None), ("Beta", "Delta", None)],
)


def league_group(year=1998, stage="League"):
    return Group.objects.get(stage__season__year=year, stage__name=stage)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Export ---------------------------------------------------------------------


def test_the_export_of_1996_has_five_rounds_of_three_matches(season_1996):
    data = export_season(Season.objects.get(year=1996))

    assert data["name"] == "Copa Perú 1996"
    assert [r["name"] for r in data["rounds"]] == [f"Round {n}" for n in range(1, 6)]
    assert [len(r["matches"]) for r in data["rounds"]] == [3] * 5
    assert exported_matches(data) == MATCHES_1996
    first = data["rounds"][0]["matches"][0]
    assert first == {
        "date": "1997-01-19",
        "team1": "León de Huánuco",
        "team2": "Coronel Bolognesi",
        "score": {"ft": [1, 0]},
        "group": "Final group stage",  # the stage's lone group has a name of its own
    }


def test_the_export_names_stages_groups_and_legs_and_gives_extra_time_as_et(db, on_commit):
    season = Season.objects.create(year=1998)
    with on_commit():
        league = GroupFactory(
            stage=StageFactory(season=season, name="Regional stage", order=1), name="Group A"
        )
        tie = GroupFactory(
            stage=StageFactory(season=season, name="Final", order=2, kind=Stage.Kind.KNOCKOUT),
            name="Final",
        )
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        for group in (league, tie):
            GroupMemberFactory(group=group, team=alfa)
            GroupMemberFactory(group=group, team=beta)
        play(league, alfa, beta, 2, 1, date=datetime.date(1998, 11, 1))
        Match.objects.create(
            group=league,
            round=2,
            home_team=beta,
            away_team=alfa,
            date=datetime.date(1998, 11, 8),
            kickoff_time=datetime.time(15, 30),
        )
        play(tie, alfa, beta, 1, 0, round=1, date=datetime.date(1998, 12, 1))
        play(
            tie,
            beta,
            alfa,
            2,
            1,
            round=2,
            extra_time=True,
            home_penalties=5,
            away_penalties=4,
            date=datetime.date(1998, 12, 8),
        )

    data = export_season(season)

    assert [r["name"] for r in data["rounds"]] == [
        "Regional stage, Matchday 1",
        "Regional stage, Matchday 2",
        "Finals, Final",  # both legs, in leg order
    ]
    assert data["rounds"][1]["matches"] == [
        {
            "date": "1998-11-08",
            "time": "15:30",
            "team1": "Beta",
            "team2": "Alfa",
            "group": "Group A",
        }
    ]
    first_leg, second_leg = data["rounds"][2]["matches"]
    assert first_leg["score"] == {"ft": [1, 0]}
    assert second_leg["score"] == {"et": [2, 1], "p": [5, 4]}


def test_the_export_command_prints_valid_json(season_1996):
    out, _ = run("export_football_json", "1996")

    data = json.loads(out)
    assert data == export_season(Season.objects.get(year=1996))
    assert "José Gálvez" in out  # ensure_ascii=False
    assert out.startswith('{\n  "name": "Copa Perú 1996",')


def test_the_export_command_writes_a_file(season_1996, tmp_path):
    target = tmp_path / "1996.json"

    run("export_football_json", "1996", "--output", str(target))

    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "Copa Perú 1996"


def test_exporting_an_unknown_season_is_an_error(db):
    with pytest.raises(CommandError, match="There is no 1995 season."):
        run("export_football_json", "1995")


# Round trip -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_exported_1996_season_imports_into_an_empty_database_as_it_was(season_1996):
    data = json.loads(json.dumps(export_season(Season.objects.get(year=1996))))
    call_command("flush", interactive=False, verbosity=0)
    assert Team.objects.count() == Match.objects.count() == 0

    report = import_season(data, 1996, stage_name="Final stage")

    assert report.created == 1 + 1 + 1 + 6 + 6 + 15  # season, stage, group, teams, members
    assert stored_matches(1996) == MATCHES_1996
    season = Season.objects.get(year=1996)
    assert season.points_for_win == 3
    assert table(Group.objects.get(stage__season=season)) == TABLE_1996


@pytest.mark.django_db(transaction=True)
def test_the_export_of_an_import_is_the_file_itself():
    data = json.loads((DATA / "liguilla.json").read_text(encoding="utf-8"))
    import_season(data, 1998)

    exported = export_season(Season.objects.get(year=1998))

    for round_ in data["rounds"]:  # the half-time score is not kept
        for match in round_["matches"]:
            match.get("score", {}).pop("ht", None)
    assert exported["rounds"] == [
        {"name": f"Round {n}", "matches": r["matches"]}
        for n, r in enumerate(data["rounds"], start=1)
    ]


def test_importing_the_1996_export_over_the_fixture_changes_nothing(season_1996, on_commit):
    data = export_season(Season.objects.get(year=1996))
    before = counts()

    with on_commit():
        report = import_season(data, 1996, stage_name="Final stage")

    assert (report.created, report.updated, report.lines, report.warnings) == (0, 0, [], [])
    assert counts() == before
    assert table(season_1996) == TABLE_1996


# Import -----------------------------------------------------------------------


def test_a_file_imports_as_a_new_season_with_one_round_robin_group(db, on_commit):
    with on_commit():
        report = import_season(LEAGUE, 1998)

    season = Season.objects.get(year=1998)
    assert season.points_for_win == 3
    stage = season.stages.get()
    assert (stage.name, stage.slug, stage.kind) == ("League", "league", Stage.Kind.ROUND_ROBIN)
    group = stage.groups.get()
    assert (group.name, group.slug) == ("League", "league")
    assert sorted(group.teams.values_list("name", flat=True)) == ["Alfa", "Beta", "Delta", "Gamma"]
    assert Match.objects.filter(group=group).count() == 6
    scheduled = Match.objects.get(group=group, home_team__name="Alfa", away_team__name="Gamma")
    assert (scheduled.round, scheduled.status, scheduled.home_score) == (3, "scheduled", None)
    assert scheduled.date == datetime.date(1998, 12, 3)
    assert table(group) == [
        ("Alfa", 1, 2, 6),
        ("Gamma", 2, 2, 4),
        ("Delta", 3, 2, 1),
        ("Beta", 4, 2, 0),
    ]
    assert report.created == 1 + 1 + 1 + 4 + 4 + 6
    assert report.updated == 0
    assert "created match round 1: Alfa v Beta (round 1 (Matchday 1), match 1)" in report.lines


def test_the_older_score1_score2_format_imports(db, on_commit):
    data = json.loads((DATA / "old_format.json").read_text(encoding="utf-8"))

    with on_commit():
        import_season(data, 1993)

    assert Season.objects.get(year=1993).points_for_win == 2
    assert stored_matches(1993) == {
        (1, "1993-11-21", "Juan Aurich", "Unión Huaral", (2, 0)),
        (1, "1993-11-21", "Atlético Torino", "Deportivo Junín", (2, 2)),
        (2, "1993-11-24", "Unión Huaral", "Atlético Torino", None),
        (2, "1993-11-24", "Deportivo Junín", "Juan Aurich", (0, 3)),
    }
    assert Team.objects.get(name="Juan Aurich").short_code == "AUR"
    shoot_out = Match.objects.get(home_team__name="Atlético Torino")
    assert shoot_out.extra_time
    assert (shoot_out.home_penalties, shoot_out.away_penalties) == (4, 3)
    assert table(league_group(1993))[0] == ("Juan Aurich", 1, 2, 4)  # 2 points a win


def test_et_and_p_import_as_extra_time_and_penalties(db, on_commit):
    data = document([("Alfa", "Beta", None)])
    data["rounds"][0]["matches"][0]["score"] = {"ft": [1, 1], "et": [2, 2], "p": [5, 3]}

    with on_commit():
        import_season(data, 1998)

    match = Match.objects.get()
    assert (match.home_score, match.away_score, match.extra_time) == (2, 2, True)
    assert (match.home_penalties, match.away_penalties) == (5, 3)
    assert match.status == Match.Status.PLAYED
    assert match.score_display == "2–2 (a.e.t.) (5–3 p)"
    assert table(match.group) == [("Alfa", 1, 1, 1), ("Beta", 1, 1, 1)]  # a draw in the table
    assert export_season(match.group.stage.season)["rounds"][0]["matches"][0]["score"] == {
        "et": [2, 2],
        "p": [5, 3],
    }


def test_et_alone_and_p_after_ft_import(db):
    data = document([("Alfa", "Beta", None), ("Gamma", "Delta", None)])
    data["rounds"][0]["matches"][0]["score"] = {"et": [3, 2]}
    data["rounds"][0]["matches"][1]["score"] = {"ft": [0, 0], "p": [2, 4]}

    import_season(data, 1998)

    after_extra_time = Match.objects.get(home_team__name="Alfa")
    assert (after_extra_time.home_score, after_extra_time.away_score) == (3, 2)
    assert after_extra_time.extra_time
    shoot_out = Match.objects.get(home_team__name="Gamma")
    assert not shoot_out.extra_time
    assert (shoot_out.home_penalties, shoot_out.away_penalties) == (2, 4)


def test_a_round_name_ending_in_a_number_gives_the_round(db):
    data = document([("Alfa", "Beta", (1, 0))], [("Beta", "Alfa", (0, 0))])
    data["rounds"][0]["name"] = "Matchday 12"
    data["rounds"][1]["name"] = "Second leg"  # no number: its place in the file

    import_season(data, 1998)

    assert sorted(Match.objects.values_list("round", "home_team__name")) == [
        (2, "Beta"),
        (12, "Alfa"),
    ]


def test_a_file_listing_matches_with_their_round_imports(db):
    data = {
        "name": "Copa Perú 1998",
        "matches": [
            {"round": "Matchday 1", "date": "1998-12-01", "team1": "Alfa", "team2": "Beta"},
            {"round": "Matchday 2", "date": "1998-12-08", "team1": "Beta", "team2": "Alfa"},
            {"round": "Matchday 1", "date": "1998-12-01", "team1": "Gamma", "team2": "Delta"},
        ],
    }

    import_season(data, 1998)

    assert sorted(Match.objects.values_list("round", "home_team__name")) == [
        (1, "Alfa"),
        (1, "Gamma"),
        (2, "Beta"),
    ]


def test_importing_the_same_file_twice_changes_nothing(db, on_commit):
    with on_commit():
        import_season(LEAGUE, 1998)
    before = counts()
    standings = table(league_group())

    with on_commit():
        report = import_season(copy.deepcopy(LEAGUE), 1998)

    assert (report.created, report.updated, report.lines) == (0, 0, [])
    assert counts() == before
    assert table(league_group()) == standings


def test_an_edited_file_updates_that_score_and_the_standings_follow(db, on_commit):
    with on_commit():
        import_season(LEAGUE, 1998)
    edited = copy.deepcopy(LEAGUE)
    edited["rounds"][0]["matches"][0]["score"]["ft"] = [0, 2]  # Alfa 0–2 Beta
    before = counts()

    with on_commit():
        report = import_season(edited, 1998)

    assert (report.created, report.updated) == (0, 1)
    assert report.lines == [
        "updated match round 1: Alfa v Beta (round 1 (Matchday 1), match 1): "
        "home_score 2 → 0; away_score 0 → 2"
    ]
    assert counts() == before
    match = Match.objects.get(home_team__name="Alfa", away_team__name="Beta")
    assert (match.home_score, match.away_score) == (0, 2)
    assert table(league_group()) == [
        ("Gamma", 1, 2, 4),
        ("Alfa", 2, 2, 3),  # goal difference +1 as Beta's, more goals
        ("Beta", 3, 2, 3),
        ("Delta", 4, 2, 1),
    ]


def test_a_result_added_to_a_scheduled_match_marks_it_played(db, on_commit):
    with on_commit():
        import_season(LEAGUE, 1998)
    edited = copy.deepcopy(LEAGUE)
    edited["rounds"][2]["matches"][0]["score"] = {"ft": [4, 0]}
    edited["rounds"][2]["matches"][0]["time"] = "16:00"

    with on_commit():
        report = import_season(edited, 1998)

    match = Match.objects.get(home_team__name="Alfa", away_team__name="Gamma")
    assert (match.status, match.home_score, match.kickoff_time) == (
        "played",
        4,
        datetime.time(16),
    )
    assert report.updated == 1
    assert table(league_group())[0] == ("Alfa", 1, 3, 9)


def test_a_match_missing_from_the_file_is_left_and_reported(db):
    import_season(LEAGUE, 1998)
    shorter = copy.deepcopy(LEAGUE)
    del shorter["rounds"][2]

    report = import_season(shorter, 1998)

    assert Match.objects.count() == 6
    assert (report.created, report.updated) == (0, 0)
    assert len(report.warnings) == 2
    assert "Alfa v Gamma: in the database but not in the file" in report.warnings[0]


def test_team_names_are_matched_through_an_alias_and_without_accents(season_1996, on_commit):
    TeamAlias.objects.create(team=Team.objects.get(name="UTC"), name="Universidad Técnica")
    data = document(
        [("Jose Galvez", "Universidad Tecnica", (2, 0)), ("LEON DE HUANUCO", "cni", (0, 0))]
    )
    teams = Team.objects.count()

    with on_commit():
        import_season(data, 1998)

    assert Team.objects.count() == teams
    assert stored_matches(1998) == {
        (1, "1998-12-01", "José Gálvez", "UTC", (2, 0)),
        (1, "1998-12-01", "León de Huánuco", "CNI", (0, 0)),
    }


def test_a_team_object_is_matched_by_its_code(season_1996):
    data = document([("Alfa", "Beta", (1, 0))])
    data["rounds"][0]["matches"][0]["team1"] = {"name": "Club José Gálvez FBC", "code": "GAL"}
    data["rounds"][0]["matches"][0]["team2"] = {"name": "Beta"}

    import_season(data, 1998)

    assert Match.objects.for_season(Season.objects.get(year=1998)).get().home_team.name == (
        "José Gálvez"
    )


def test_new_teams_get_slugs_from_their_names(db):
    import_season(document([("Sport Boys Association", "Unión Comercio", (1, 0))]), 1998)

    assert sorted(Team.objects.values_list("slug", flat=True)) == [
        "sport-boys-association",
        "union-comercio",
    ]


def test_a_name_shared_by_two_teams_is_refused(db):
    TeamFactory(name="Alfa", slug="alfa-lima")
    TeamFactory(name="Alfa", slug="alfa-cusco")
    before = counts()

    with pytest.raises(
        FootballJsonError, match=r"match 1 \(Alfa v Beta\): 'Alfa' could be more than one team"
    ):
        import_season(document([("Alfa", "Beta", (1, 0))]), 1998)

    assert counts() == before


@pytest.mark.parametrize(
    ("year", "option", "points"), [(1994, None, 2), (1995, None, 3), (1994, 3, 3)]
)
def test_a_new_season_gets_its_points_for_a_win(db, year, option, points):
    import_season(LEAGUE, year, points_for_win=option)

    assert Season.objects.get(year=year).points_for_win == points


def test_an_existing_seasons_points_change_only_with_the_option(db, on_commit):
    with on_commit():
        Season.objects.create(year=1990, points_for_win=3)
        import_season(LEAGUE, 1990)
    assert Season.objects.get(year=1990).points_for_win == 3

    with on_commit():
        report = import_season(LEAGUE, 1990, points_for_win=2)

    assert Season.objects.get(year=1990).points_for_win == 2
    assert report.updated == 1
    assert report.lines == ["updated season 1990 Copa Perú: points for a win 3 → 2"]
    assert table(league_group(1990))[0] == ("Alfa", 1, 2, 4)


def test_the_import_goes_to_an_existing_stages_only_group(season_1996, on_commit):
    data = document([("José Gálvez", "UTC", (0, 0))])  # a new round 1 match: UTC plays twice
    data["rounds"][0]["name"] = "Round 6"

    with on_commit():
        report = import_season(data, 1996, stage_name="Final stage")

    assert report.created == 1
    assert season_1996.matches.count() == 16
    assert table(season_1996)[0] == ("José Gálvez", 1, 6, 14)


# Refused input ------------------------------------------------------------------


def with_match(**fields):
    data = document([("Alfa", "Beta", (1, 0)), ("Gamma", "Delta", (2, 2))])
    data["rounds"][0]["matches"][1] = {"team1": "Gamma", "team2": "Delta"} | fields
    return data


BAD_DOCUMENTS = [
    pytest.param([], r"not a football\.json object but a list", id="not-an-object"),
    pytest.param({"name": "Copa Perú 1998"}, r"no rounds", id="no-rounds"),
    pytest.param({"rounds": []}, r"no rounds", id="empty-rounds"),
    pytest.param({"rounds": "Matchday 1"}, r'"rounds" must be a list', id="rounds-not-a-list"),
    pytest.param({"rounds": [{"name": "Matchday 1"}]}, r"no list of matches", id="no-matches"),
    pytest.param({"rounds": [{"matches": []}]}, r"rounds but no matches", id="only-empty"),
    pytest.param({"rounds": [7]}, r"round 1: not an object but a number", id="round-not-object"),
    pytest.param(
        {"rounds": [{"name": "Matchday 1", "matches": ["Alfa v Beta"]}]},
        r"round 1 \(Matchday 1\), match 1: not an object but a text",
        id="match-not-object",
    ),
    pytest.param(
        with_match(team2=None),
        r"round 1 \(Matchday 1\), match 2: team2 is missing",
        id="no-team2",
    ),
    pytest.param(
        {"rounds": [{"matches": [{"team2": "Beta"}]}]},
        r"round 1, match 1: team1 is missing",
        id="no-team1",
    ),
    pytest.param(with_match(team2={"code": "GAM"}), r"team2 must be a team name", id="team-obj"),
    pytest.param(with_match(team2=3), r"team2 must be a team name, not a number", id="team-int"),
    pytest.param(
        with_match(team2="  gamma "),
        r"match 2: Gamma can't play against itself",
        id="team-against-itself",
    ),
    pytest.param(with_match(team2="Gámma"), r"can't play against itself", id="itself-with-accent"),
    pytest.param(with_match(score=[1, 0]), r"match 2: malformed score", id="score-list"),
    pytest.param(with_match(score={"ft": [1]}), r"ft in score must be two", id="score-one-goal"),
    pytest.param(with_match(score={"ft": [1, -1]}), r"must be two goal counts", id="negative"),
    pytest.param(with_match(score={"ft": ["1", "0"]}), r"two goal counts", id="score-text"),
    pytest.param(with_match(score={"ft": [1.5, 0]}), r"two goal counts", id="score-float"),
    pytest.param(with_match(score={"ft": [True, 0]}), r"two goal counts", id="score-bool"),
    pytest.param(with_match(score={"fulltime": [1, 0]}), r"unknown part 'fulltime'", id="key"),
    pytest.param(with_match(score={"ht": [1, 0]}), r"no full-time \(ft\)", id="only-ht"),
    pytest.param(
        with_match(score={"ft": [1, 0], "p": [4, 3]}),
        r"penalty shoot-out \(p\) only follows a level score",
        id="penalties-after-a-win",
    ),
    pytest.param(
        with_match(score={"ft": [1, 1], "p": [4, 4]}), r"has a winner", id="level-shoot-out"
    ),
    pytest.param(
        with_match(score={"ft": [2, 1], "et": [3, 1]}),
        r"extra time is only played after a level score",
        id="extra-time-after-a-win",
    ),
    pytest.param(
        with_match(score={"ft": [2, 2], "et": [1, 1]}), r"can't be lower than ft", id="et-lower"
    ),
    pytest.param(with_match(score1=2), r"score2 is missing", id="old-score-half"),
    pytest.param(
        with_match(score={"ft": [1, 0]}, score1=1, score2=0),
        r'either as "score" or as score1, score2',
        id="both-score-formats",
    ),
    pytest.param(with_match(date="21/11/1998"), r"bad date '21/11/1998'", id="date-format"),
    pytest.param(with_match(date="1998-02-30"), r"bad date '1998-02-30'", id="date-invalid"),
    pytest.param(with_match(date=19981201), r"bad date 19981201", id="date-number"),
    pytest.param(with_match(time="3pm"), r"bad time '3pm'", id="time-format"),
    pytest.param(with_match(time="25:00"), r"bad time '25:00'", id="time-invalid"),
    pytest.param(
        document([("Alfa", "Beta", (1, 0)), ("Alfa", "Beta", (2, 0))]),
        r"match 2 \(Alfa v Beta\): the same match as round 1 \(Matchday 1\), match 1\.",
        id="duplicate-match",
    ),
    pytest.param(
        {"rounds": [{"name": "Round 0", "matches": [{"team1": "Alfa", "team2": "Beta"}]}]},
        r"round 1 \(Round 0\): the round number in its name must be 1 or more",
        id="round-zero",
    ),
    pytest.param(
        # Passes the document checks, fails Match.full_clean: Alfa plays twice in round 1.
        document([("Alfa", "Beta", (1, 0)), ("Gamma", "Alfa", (2, 2))]),
        r"match round 1: Gamma v Alfa \(round 1 \(Matchday 1\), match 2\): "
        r"away_team: Alfa already plays in round 1 of this group \(Alfa 1–0 Beta\)",
        id="team-plays-twice-in-a-round",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_DOCUMENTS)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_written(
    season_1996, on_commit, data, message
):
    before = counts()

    with on_commit(), pytest.raises(FootballJsonError, match=message):
        import_season(data, 1998)

    assert counts() == before
    assert not Season.objects.filter(year=1998).exists()


def test_every_problem_of_a_document_is_reported_at_once(db):
    data = document([("Alfa", "Beta", (1, 0)), ("Gamma", "Gamma", (2, 2))])
    data["rounds"][0]["matches"][0]["date"] = "tomorrow"

    with pytest.raises(FootballJsonError) as error:
        import_season(data, 1998)

    assert str(error.value).splitlines() == [
        "round 1 (Matchday 1), match 1: bad date 'tomorrow': expected a date written YYYY-MM-DD.",
        "round 1 (Matchday 1), match 2: Gamma can't play against itself.",
    ]


def test_two_names_of_one_team_in_a_match_are_refused(season_1996):
    TeamAlias.objects.create(team=Team.objects.get(name="UTC"), name="Universidad Técnica")
    before = counts()

    with pytest.raises(FootballJsonError, match=r"both names are UTC's: a team can't play itself"):
        import_season(document([("UTC", "Universidad Tecnica", (1, 0))]), 1998)

    assert counts() == before


def test_an_error_late_in_the_file_leaves_an_existing_season_as_it_was(season_1996, on_commit):
    data = export_season(Season.objects.get(year=1996))
    data["rounds"][0]["matches"][0]["score"]["ft"] = [7, 0]  # would be an update
    data["rounds"][4]["matches"][2]["team2"] = "UTC"  # UTC's second match of round 5
    before = counts()

    with on_commit(), pytest.raises(FootballJsonError, match=r"UTC already plays in round 5"):
        import_season(data, 1996, stage_name="Final stage")

    assert counts() == before
    assert stored_matches(1996) == MATCHES_1996
    assert table(season_1996) == TABLE_1996


def test_a_knockout_stage_of_that_name_is_refused(db):
    season = Season.objects.create(year=1998)
    StageFactory(season=season, name="League", kind=Stage.Kind.KNOCKOUT)
    before = counts()

    with pytest.raises(FootballJsonError, match=r"League of 1998 is a knockout stage"):
        import_season(LEAGUE, 1998)

    assert counts() == before


def test_an_implausible_year_is_refused(db):
    with pytest.raises(FootballJsonError, match=r"season 1850 Copa Perú"):
        import_season(LEAGUE, 1850)

    assert not Season.objects.exists()


def test_a_dry_run_writes_nothing_but_reports_the_changes(db, on_commit):
    with on_commit():
        report = import_season(LEAGUE, 1998, dry_run=True)

    assert report.created == 1 + 1 + 1 + 4 + 4 + 6
    assert report.dry_run
    assert all(count == 0 for count in counts().values())


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_of_an_edited_file_writes_nothing():
    import_season(LEAGUE, 1998)
    edited = copy.deepcopy(LEAGUE)
    edited["rounds"][0]["matches"][0]["score"]["ft"] = [0, 2]
    edited["rounds"][0]["matches"].append({"team1": "Epsilon", "team2": "Zeta"})
    before, standings = counts(), table(league_group())

    report = import_season(edited, 1998, dry_run=True)

    assert (report.created, report.updated) == (2 + 2 + 1, 1)  # 2 teams, 2 members, 1 match
    assert counts() == before
    assert table(league_group()) == standings
    assert Match.objects.get(home_team__name="Alfa", round=1).home_score == 2


# The import command ---------------------------------------------------------------


def test_the_import_command_prints_the_report(db, on_commit):
    with on_commit():
        out, _ = run("import_football_json", str(DATA / "liguilla.json"), "--season", "1998")

    assert "created season 1998 Copa Perú" in out
    assert "created match round 1: Juan Aurich v Unión Huaral" in out
    assert out.splitlines()[-1] == "Made 17 creation(s) and 0 update(s)."
    assert table(league_group())[0] == ("Juan Aurich", 1, 2, 4)
    match = Match.objects.get(home_team__name="Juan Aurich", round=1)
    assert match.kickoff_time == datetime.time(15, 30)

    out, _ = run("import_football_json", str(DATA / "liguilla.json"), "--season", "1998")
    assert out == "Made 0 creation(s) and 0 update(s).\n"


def test_the_import_command_takes_a_stage_and_points(db):
    run(
        "import_football_json",
        str(DATA / "old_format.json"),
        "--season",
        "1993",
        "--stage",
        "Final stage",
        "--points-for-win",
        "3",
    )

    season = Season.objects.get(year=1993)
    assert season.points_for_win == 3
    stage = season.stages.get()
    assert (stage.name, stage.name_en) == ("Etapa Final", "Final stage")


def test_the_import_command_dry_run_writes_nothing(db):
    out, _ = run(
        "import_football_json", str(DATA / "liguilla.json"), "--season", "1998", "--dry-run"
    )

    assert "would have created match round 1: Juan Aurich v Unión Huaral" in out
    assert out.splitlines()[-1] == (
        "Would make 17 creation(s) and 0 update(s) (dry run: nothing written)."
    )
    assert all(count == 0 for count in counts().values())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.json", r"missing\.json: no such file"),
        ("not_json.json", r"not_json\.json: not valid JSON \(Expecting value at line 3"),
        ("team_against_itself.json", r"match 2: Atlético Torino can't play against itself"),
    ],
)
def test_the_import_command_refuses_bad_files_cleanly(db, name, message):
    with pytest.raises(CommandError, match=message):
        run("import_football_json", str(DATA / name), "--season", "1998")

    assert all(count == 0 for count in counts().values())


def test_the_import_command_needs_a_season(db):
    with pytest.raises(CommandError, match="--season"):
        run("import_football_json", str(DATA / "liguilla.json"))


def test_a_message_names_a_round_called_round_n_once(db):
    data = document([("Alfa", "Alfa", None)])
    data["rounds"][0]["name"] = "Round 1"

    with pytest.raises(FootballJsonError, match=r"^round 1, match 1: Alfa can't play against"):
        import_season(data, 1998)
