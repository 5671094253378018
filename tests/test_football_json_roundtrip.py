"""football.json both ways: what the export writes, the import reads back as it was."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tournaments.interchange.footballjson import export_season, import_season
from tournaments.models import Group, Match, Season, Stage, Team

DATA = Path(__file__).parent / "data" / "football_json"


def read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def flat(document):
    """An export's matches as the newer form lists them: each naming its round."""
    return [{"round": r["name"]} | m for r in document["rounds"] for m in r["matches"]]


def dump():
    """Every row of the app, by natural key where it has one (no ids, no history nor
    its edits)."""
    out = io.StringIO()
    call_command("dumpdata", "tournaments", natural_foreign=True, natural_primary=True, stdout=out)
    rows = [
        {"model": row["model"], "fields": row["fields"]}
        for row in json.loads(out.getvalue())
        if not row["model"].startswith("tournaments.historical")
        and row["model"] != "tournaments.edit"
    ]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def test_statuses_are_written_back_as_the_file_gave_them(db, on_commit):
    data = read("statuses.json")
    with on_commit():
        import_season(data, 1998)

    assert export_season(Season.objects.get(year=1998))["rounds"] == data["rounds"]
    again = import_season(data, 1998)
    assert (again.created, again.updated, again.lines) == (0, 0, [])


def test_the_play_off_is_written_back_under_its_own_name(db, on_commit):
    data = read("first_place_play_off.json")
    with on_commit():
        import_season(data, 1985)

    exported = export_season(Season.objects.get(year=1985))

    assert [r["name"] for r in exported["rounds"]] == [
        *(f"League, Matchday {n}" for n in range(1, 6)),
        "Play-off",
    ]
    assert exported["rounds"][-1]["matches"] == data["rounds"][-1]["matches"]


def test_a_file_in_these_conventions_imports_and_exports_as_itself(db, on_commit):
    data = read("multi_stage.json")
    with on_commit():
        import_season(copy.deepcopy(data), 2004)

    exported = export_season(Season.objects.get(year=2004))

    assert flat(exported) == data["matches"]


def test_importing_the_same_multi_stage_file_again_changes_nothing(db, on_commit):
    with on_commit():
        import_season(read("multi_stage.json"), 2004)
    before = dump()

    with on_commit():
        report = import_season(read("multi_stage.json"), 2004)

    assert (report.created, report.updated, report.lines, report.warnings) == (0, 0, [], [])
    assert dump() == before


def build_multi_stage_season():
    """The season of multi_stage.json, typed in through the models, not imported."""
    season = Season.objects.create(year=2004)
    teams = {
        name: Team.objects.create(name=name, slug=name.lower())
        for name in ("Alfa", "Beta", "Gamma", "Delta", "Epsilon", "Zeta")
    }
    groups = Stage.objects.create(season=season, name="Group", slug="group", order=1)
    semis = Stage.objects.create(
        season=season,
        name="Semifinales",  # the Spanish, as an import from the English file stores it
        name_en="Semifinals",
        slug="semifinals",
        order=2,
        kind="knockout",
        legs=2,
    )
    final = Stage.objects.create(
        season=season, name="Final", slug="final", order=3, kind="knockout", legs=1
    )

    def group(stage, name, order, *members, name_en=""):
        slug = (name_en or name).lower().replace(" ", "-")
        made = Group.objects.create(stage=stage, name=name, name_en=name_en, slug=slug)
        made.order = order
        made.save()
        for member in members:
            made.members.create(team=teams[member])
        return made

    def play(group, number, date, home, away, score, **fields):
        Match.objects.create(
            group=group,
            round=number,
            date=date,
            home_team=teams[home],
            away_team=teams[away],
            home_score=score[0],
            away_score=score[1],
            status="played",
            **fields,
        )

    a = group(groups, "Grupo A", 1, "Alfa", "Beta", "Gamma", name_en="Group A")
    b = group(groups, "Grupo B", 2, "Delta", "Epsilon", "Zeta", name_en="Group B")
    play(a, 1, "2004-09-05", "Alfa", "Beta", (2, 0))
    play(b, 1, "2004-09-05", "Delta", "Epsilon", (1, 1))
    play(a, 2, "2004-09-12", "Beta", "Gamma", (1, 1))
    play(b, 2, "2004-09-12", "Epsilon", "Zeta", (0, 2))
    play(a, 3, "2004-09-19", "Gamma", "Alfa", (0, 1))
    play(b, 3, "2004-09-19", "Zeta", "Delta", (1, 0))
    first = group(semis, "Delta v Alfa", 1, "Delta", "Alfa")
    second = group(semis, "Gamma v Zeta", 2, "Gamma", "Zeta")
    play(first, 1, "2004-10-03", "Delta", "Alfa", (1, 0))
    play(second, 1, "2004-10-03", "Gamma", "Zeta", (0, 2))
    play(first, 2, "2004-10-10", "Alfa", "Delta", (1, 0), home_penalties=4, away_penalties=2)
    play(second, 2, "2004-10-10", "Zeta", "Gamma", (1, 1))
    play(group(final, "Alfa v Zeta", 1, "Alfa", "Zeta"), 1, "2004-10-24", "Alfa", "Zeta", (2, 1))
    return season


@pytest.mark.django_db(transaction=True)
def test_a_multi_stage_season_exported_imports_into_an_empty_database_as_it_was():
    season = build_multi_stage_season()
    before = dump()
    data = json.loads(json.dumps(export_season(season)))
    assert flat(data) == read("multi_stage.json")["matches"]
    call_command("flush", interactive=False, verbosity=0)
    assert not Season.objects.exists()

    report = import_season(data, 2004)

    assert report.errors == [] and report.warnings == []
    assert dump() == before
    assert Season.objects.get(year=2004).champion.name == "Alfa"
