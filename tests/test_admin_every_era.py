"""The admin pages of every era's rules: a season's champion and its override, a
stage's level and tie rule, a group's published table, and the standings partial."""

import pytest

from tests.factories import GroupFactory, StageFactory
from tests.test_admin import add_row, admin_url, page_data, set_row, team
from tests.test_history import saved
from tournaments.admin import standings_table
from tournaments.models import Group, PublishedRow, Season, Stage, Standing

# --- the standings partial -------------------------------------------------------

HEADER = (
    '<table class="standings"><thead><tr><th>Pos</th><th>Team</th><th>Pld</th><th>W</th>'
    "<th>D</th><th>L</th><th>Goals</th><th>Pts</th><th>Status</th></tr></thead><tbody>"
)


def test_the_standings_partial_prints_the_table_as_the_admin_always_has(league):
    group, _teams = league
    rows = "".join(
        f"<tr><td>1=</td><td>{name}</td><td>0</td><td>0</td><td>0</td><td>0</td>"
        "<td>0:0</td><td>0</td><td></td></tr>"
        for name in ("Alfa", "Beta", "Delta", "Gamma")
    )
    assert standings_table(group).strip() == HEADER + rows + "</tbody></table>"


def test_the_standings_partial_escapes_team_names(league):
    group, teams = league
    teams[0].name = "<b>Alfa</b>"
    teams[0].save()
    html = standings_table(Group.objects.get(pk=group.pk))
    assert "<td>&lt;b&gt;Alfa&lt;/b&gt;</td>" in html


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Stage.Kind.KNOCKOUT, "No table: a knockout tie"),
        (Stage.Kind.ROUND_ROBIN, "No table: no teams yet"),
    ],
)
def test_a_group_without_a_table_says_why(db, kind, text):
    group = GroupFactory(stage=StageFactory(kind=kind))
    assert standings_table(group).strip() == f"<p>{text}</p>"


# --- the season: a computed champion, an override with its reason ------------------


def test_the_season_page_shows_the_computed_champion_read_only(admin_client, season_1996):
    season = season_1996.stage.season
    response = admin_client.get(admin_url("season", "change", season.pk))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "champion" not in form.fields and "champion_override" in form.fields
    assert "José Gálvez" in response.content.decode()


def test_an_override_without_a_reason_is_refused_on_the_reason_field(
    admin_client, season_1996, on_commit
):
    season = season_1996.stage.season
    url = admin_url("season", "change", season.pk)
    data = page_data(admin_client, url)
    data.update(champion_override=str(team("utc").pk), override_reason=" ")

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["override_reason"] == ["Say why the results don't decide the title (public)."]
    assert list(errors) == ["override_reason"]
    season.refresh_from_db()
    assert season.champion_override is None and season.champion == team("jose-galvez")


def test_an_override_with_a_reason_decides_the_title(admin_client, season_1996, on_commit):
    season = season_1996.stage.season
    url = admin_url("season", "change", season.pk)
    data = page_data(admin_client, url)
    data.update(champion_override=str(team("utc").pk), override_reason="Awarded.")

    with on_commit():
        saved(admin_client.post(url, data))

    season.refresh_from_db()
    assert (season.champion, season.runner_up_override) == (team("utc"), None)


def test_the_runner_up_override_cannot_be_the_champion_override(
    admin_client, season_1996, on_commit
):
    season = season_1996.stage.season
    url = admin_url("season", "change", season.pk)
    data = page_data(admin_client, url)
    utc = str(team("utc").pk)
    data.update(champion_override=utc, runner_up_override=utc, override_reason="Awarded.")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["runner_up_override"] == ["The runner-up can't be the champion."]


def test_the_override_autocomplete_finds_teams(admin_client, season_1996):
    query = {"app_label": "tournaments", "model_name": "season", "field_name": "champion_override"}
    response = admin_client.get("/admin/autocomplete/", {**query, "term": "Gálvez"})
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["José Gálvez"]


# --- stages: level, legs and tie rule -------------------------------------------


def test_the_stage_inline_saves_legs_and_tie_rule(admin_client, season_1996, on_commit):
    season = season_1996.stage.season
    url = admin_url("season", "change", season.pk)
    data = page_data(admin_client, url)
    set_row(data, "stages", season_1996.stage_id, level="national")
    add_row(
        data,
        "stages",
        season=season.pk,
        order=2,
        name="Final",
        slug="final",
        level="national",
        kind="knockout",
        legs=1,
        tie_rule="away_goals",
        points_for_win="",
    )

    with on_commit():
        saved(admin_client.post(url, data))

    final = Stage.objects.get(season=season, slug="final")
    assert (final.kind, final.legs, final.tie_rule) == ("knockout", 1, "away_goals")
    assert final.tie_rules.legs == 1
    assert Stage.objects.get(pk=season_1996.stage_id).level == "national"


def test_the_stage_inline_refuses_an_unknown_number_of_legs(admin_client, season_1996):
    season = season_1996.stage.season
    url = admin_url("season", "change", season.pk)
    data = page_data(admin_client, url)
    set_row(data, "stages", season_1996.stage_id, legs=3)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert Stage.objects.get(pk=season_1996.stage_id).legs == 2


def test_the_stage_page_edits_level_legs_and_tie_rule(admin_client, season_1996, on_commit):
    url = admin_url("stage", "change", season_1996.stage_id)
    data = page_data(admin_client, url)
    assert {"level", "legs", "tie_rule"} <= set(data)
    data.update(level="regional", kind="knockout", legs="2", tie_rule="points")

    with on_commit():
        saved(admin_client.post(url, data))

    stage = Stage.objects.get(pk=season_1996.stage_id)
    assert (stage.level, stage.kind, stage.tie_rule) == ("regional", "knockout", "points")


# --- groups: the published table and how the results differ from it ------------------


def publish_the_computed_table(group, **changes):
    """The group's stored table as a source might have printed it, with ``changes``
    ({team slug: {column: value}}) as its misprints."""
    group.published_source = "RSSSF"
    group.save()
    for standing in Standing.objects.filter(group=group).select_related("team"):
        values = {
            "won": standing.won,
            "drawn": standing.drawn,
            "lost": standing.lost,
            "goals_for": standing.goals_for,
            "goals_against": standing.goals_against,
            "points": standing.points,
            **changes.get(standing.team.slug, {}),
        }
        PublishedRow.objects.create(group=group, team=standing.team, row=standing.row, **values)


def test_the_group_page_shows_the_published_rows_and_their_differences(
    admin_client, season_1996, on_commit
):
    with on_commit():
        publish_the_computed_table(season_1996, cni={"goals_against": 31})

    response = admin_client.get(admin_url("group", "change", season_1996.pk))

    assert response.status_code == 200
    formsets = {i.formset.prefix: i.formset for i in response.context["inline_admin_formsets"]}
    assert len(formsets["published_rows"].forms) == 6
    html = response.content.decode()
    assert "differs from the published one in 1 place:" in html
    computed = Standing.objects.get(group=season_1996, team__slug="cni").goals_against
    assert f"<td>CNI</td><td>Goals against</td><td>31</td><td>{computed}</td>" in html


def test_the_group_page_says_when_the_published_table_is_shown(admin_client, db, on_commit, league):
    group, teams = league
    with on_commit():
        group.published_source = "RSSSF"
        group.save()
        for row, member in enumerate(teams, start=1):
            PublishedRow.objects.create(
                group=group,
                team=member,
                row=row,
                won=3 - row + 1,
                drawn=0,
                lost=row - 1,
                goals_for=3,
                goals_against=3,
                points=3 * (3 - row + 1),
            )

    html = admin_client.get(admin_url("group", "change", group.pk)).content.decode()

    assert "The results are incomplete: the published table is shown." in html
    assert Group.objects.get(pk=group.pk).shows_published_table


def test_published_rows_and_their_source_can_be_entered_in_one_submission(
    admin_client, league, on_commit
):
    group, teams = league
    url = admin_url("group", "change", group.pk)
    data = page_data(admin_client, url)
    data["published_source"] = "El Comercio, 2 March 1985"
    for row, member in enumerate(teams, start=1):
        add_row(
            data,
            "published_rows",
            row=row,
            position="",
            team=member,
            won=3 - row + 1,
            drawn=0,
            lost=row - 1,
            goals_for=4,
            goals_against=4,
            points=3 * (3 - row + 1),
            status="",
        )

    with on_commit():
        saved(admin_client.post(url, data))

    assert PublishedRow.objects.filter(group=group).count() == 4
    first = Standing.objects.filter(group=group).order_by("row").first()
    assert (first.team, first.points) == (teams[0], 9)


def test_published_rows_without_a_source_are_refused(admin_client, league):
    group, teams = league
    url = admin_url("group", "change", group.pk)
    data = page_data(admin_client, url)
    add_row(
        data,
        "published_rows",
        row=1,
        position="",
        team=teams[0],
        won=1,
        drawn=0,
        lost=0,
        goals_for=1,
        goals_against=0,
        points=3,
        status="",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Name the source of the published table on the group first." in (
        response.content.decode()
    )
    assert not PublishedRow.objects.exists()


@pytest.mark.parametrize("view", ["changelist", "add"])
def test_the_published_row_pages_open(admin_client, season_1996, on_commit, view):
    with on_commit():
        publish_the_computed_table(season_1996)
    assert admin_client.get(admin_url("publishedrow", view)).status_code == 200


def test_a_published_row_page_opens_and_saves(admin_client, season_1996, on_commit):
    with on_commit():
        publish_the_computed_table(season_1996)
    row = PublishedRow.objects.get(group=season_1996, team__slug="cni")
    url = admin_url("publishedrow", "change", row.pk)
    data = page_data(admin_client, url)
    data["status"] = "E"

    with on_commit():
        saved(admin_client.post(url, data))

    assert PublishedRow.objects.get(pk=row.pk).status == "E"


def test_the_season_list_shows_the_computed_champion(admin_client, season_1996):
    response = admin_client.get(admin_url("season"))
    assert response.status_code == 200
    assert Season.objects.get().champion.name in response.content.decode()
