"""A season of two stages built in the admin: its bracket, its champion, and a round trip.

The issue's "done when": a group stage and a two-legged knockout stage, typed
by an editor, show their bracket and computed champion on the season page, and
go through football.json export and import unchanged.
"""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.factories import TeamFactory
from tests.test_admin import add_row, admin_url, page_data
from tournaments.interchange.footballjson import export_season, import_season
from tournaments.models import Group, Season, Stage

TEAMS = ("Alfa", "Beta", "Gamma", "Delta")


def dump():
    """The season's data by natural keys (no ids; history and its edits left out: it
    keeps the versions of the deleted season, which natural keys can't name)."""
    labels = [
        f"tournaments.{model._meta.model_name}"
        for model in apps.get_app_config("tournaments").get_models()
        if not model._meta.model_name.startswith("historical") and model._meta.model_name != "edit"
    ]
    out = io.StringIO()
    call_command("dumpdata", *labels, natural_foreign=True, natural_primary=True, stdout=out)
    rows = [{"model": row["model"], "fields": row["fields"]} for row in json.loads(out.getvalue())]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors
        if getattr(response, "context", None)
        else response
    )
    return response


def add_members_and_matches(client, group, teams, matches):
    """Members first (the match rows only offer the group's teams), then the matches."""
    url = admin_url("group", "change", group.pk)
    data = page_data(client, url)
    for team in teams:
        add_row(data, "members", team=team)
    post(client, url, data)
    data = page_data(client, url)
    for number, home, away, home_score, away_score, _penalties in matches:
        add_row(
            data,
            "matches",
            round=number,
            home_team=home,
            away_team=away,
            home_score=home_score,
            away_score=away_score,
            status="played",
        )
    post(client, url, data)
    for number, home, away, *_, penalties in matches:
        if penalties:  # the shoot-out fields are on the match's own page
            match = group.matches.get(round=number, home_team=home, away_team=away)
            match_url = admin_url("match", "change", match.pk)
            data = page_data(client, match_url)
            data["home_penalties"], data["away_penalties"] = penalties
            post(client, match_url, data)


@pytest.fixture
def built_in_the_admin(admin_client, on_commit):
    alfa, beta, gamma, delta = (TeamFactory(name=name) for name in TEAMS)
    with on_commit():
        data = page_data(admin_client, admin_url("season", "add"))
        data.update(year="2001", points_for_win="3", points_for_draw="1")
        # Typed in Spanish and English, as an import from an English source stores them.
        for order, name, name_en, kind in (
            (1, "Fase de grupos", "Group stage", "round_robin"),
            (2, "Final", "", "knockout"),
        ):
            add_row(data, "stages", order=order, name=name, name_en=name_en,
                    slug=(name_en or name).lower().replace(" ", "-"),
                    level="", kind=kind, legs=2, tie_rule="aggregate")  # fmt: skip
        post(admin_client, admin_url("season", "add"), data)
    season = Season.objects.get(year=2001)
    for order, group_name, name_en in ((1, "Grupo A", "Group A"), (2, "Alfa v Beta", "")):
        with on_commit():
            url = admin_url("stage", "change", season.stages.get(order=order).pk)
            data = page_data(admin_client, url)
            slug = (name_en or group_name).lower().replace(" ", "-")
            add_row(data, "groups", order=1, name=group_name, name_en=name_en, slug=slug)
            post(admin_client, url, data)
    group = Group.objects.get(stage__season=season, stage__order=1)
    tie = Group.objects.get(stage__season=season, stage__order=2)
    with on_commit():
        add_members_and_matches(
            admin_client,
            group,
            (alfa, beta, gamma, delta),
            [(1, alfa, beta, 1, 0, None), (1, gamma, delta, 2, 2, None),
             (2, alfa, gamma, 3, 1, None), (2, beta, delta, 1, 0, None),
             (3, delta, alfa, 0, 0, None), (3, beta, gamma, 2, 1, None)],
        )  # fmt: skip
    with on_commit():
        add_members_and_matches(
            admin_client,
            tie,
            (alfa, beta),
            [(1, alfa, beta, 1, 0, None), (2, beta, alfa, 1, 0, (5, 4))],
        )
    return season


def test_a_season_built_in_the_admin_shows_its_bracket_and_computed_champion(
    built_in_the_admin, client
):
    season = Season.objects.get(pk=built_in_the_admin.pk)
    assert season.stages.get(order=2).kind == Stage.Kind.KNOCKOUT
    assert (season.champion.name, season.runner_up.name) == ("Beta", "Alfa")

    page = client.get(season.get_absolute_url()).content.decode()
    assert 'class="bracket' in page
    assert "won on penalties" in page
    champion_box = page[page.index("Champion") :][:400]
    assert "Beta" in champion_box


def test_a_season_built_in_the_admin_round_trips_through_football_json(
    built_in_the_admin, on_commit
):
    before = dump()
    exported = json.loads(json.dumps(export_season(built_in_the_admin)))
    with on_commit():
        built_in_the_admin.delete()  # the teams stay, as on a live site
    assert not Season.objects.filter(year=2001).exists()

    with on_commit():
        report = import_season(exported, 2001)

    assert report.errors == []
    assert dump() == before
    assert export_season(Season.objects.get(year=2001)) == exported
