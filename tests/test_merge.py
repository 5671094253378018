"""Merging two teams that turn out to be one club: the service and the admin action."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from simple_history.models import HistoricalChanges

from tests.factories import (
    DepartmentFactory,
    GroupFactory,
    GroupMemberFactory,
    PlayerFactory,
    SeasonFactory,
    TeamFactory,
    play,
)
from tests.test_admin import admin_url, make_editor
from tournaments import services
from tournaments.merging import (
    TEAM_REFERENCES,
    MergeRefused,
    history_team_fields,
    merge_teams,
)
from tournaments.models import (
    Goal,
    GroupMember,
    Match,
    PointAdjustment,
    PublishedRow,
    Season,
    SeasonTeam,
    Standing,
    Team,
    TeamAlias,
    TopScorer,
)

REASON = "Merged Sport Boys Association into Sport Boys"


def group_in(year, **fields):
    return GroupFactory(stage__season=SeasonFactory(year=year), **fields)


def members(group, *teams):
    for team in teams:
        GroupMemberFactory(group=group, team=team)


def published_row(group, team, row, points):
    return PublishedRow.objects.create(
        group=group,
        team=team,
        row=row,
        won=points // 3,
        drawn=0,
        lost=2 - points // 3,
        goals_for=points // 3,
        goals_against=1,
        points=points,
    )


@pytest.fixture
def world(db, on_commit):
    """Sport Boys (1990) and Sport Boys Association (1991 champion, 1992 as published)."""
    with on_commit():
        callao = DepartmentFactory(name="Callao")
        survivor = TeamFactory(name="Sport Boys", city="")
        duplicate = TeamFactory(
            name="Sport Boys Association", short_code="SBA", city="Callao", department=callao
        )
        TeamAlias.objects.create(team=duplicate, name="Boys")
        alfa, beta, gamma = (TeamFactory(name=name) for name in ("Alfa", "Beta", "Gamma"))

        early = group_in(1990)
        members(early, survivor, alfa)
        play(early, survivor, alfa, 2, 1)

        final = group_in(1991)  # the last stage of 1991: Sport Boys Association wins it
        members(final, duplicate, beta, gamma)
        first = play(final, duplicate, beta, 2, 0, round=1)
        play(final, gamma, duplicate, 0, 1, round=2)
        play(final, beta, gamma, 1, 1, round=3)
        Goal.objects.create(match=first, team=duplicate, minute=10)
        season = final.stage.season
        SeasonTeam.objects.create(season=season, team=duplicate, department=callao)
        TopScorer.objects.create(season=season, player=PlayerFactory(), team=duplicate, goals=3)
        PointAdjustment.objects.create(group=final, team=duplicate, points=-1, reason="Fined.")

        printed = group_in(1992, published_source="RSSSF")  # only the printed table survives
        published_row(printed, duplicate, 1, 6)
        published_row(printed, alfa, 2, 3)
        printed.stage.season.champion_override = duplicate
        printed.stage.season.override_reason = "Awarded by the federation."
        printed.stage.season.save()
    return SimpleNamespace(
        survivor=survivor,
        duplicate=duplicate,
        callao=callao,
        alfa=alfa,
        beta=beta,
        early=early,
        final=final,
        printed=printed,
    )


def names_team(queryset, team):
    """Does any row of the queryset name the team, in any field that points to teams?"""
    fields = [
        f.attname
        for f in queryset.model._meta.concrete_fields
        if f.is_relation and f.related_model is Team
    ]
    return any(team.pk in row for row in queryset.values_list(*fields))


def snapshot():
    """Every row of the app, history included: what a refused merge must leave as it was."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("tournaments").get_models()
    }


# --- what a merge moves ------------------------------------------------------


def test_every_foreign_key_to_a_team_is_moved_or_recomputed():
    """A new foreign key to Team must join TEAM_REFERENCES (or be computed)."""
    every_key = {
        (model, field.name)
        for model in apps.get_app_config("tournaments").get_models()
        if not issubclass(model, HistoricalChanges)  # rewritten by history_team_fields
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Team
    }
    moved = {(model, field) for model, fields in TEAM_REFERENCES for field in fields}
    assert every_key == moved | {(Standing, "team")}


def test_merging_moves_every_kind_of_reference_to_the_survivor(world):
    survivor, duplicate = world.survivor, world.duplicate

    moved = merge_teams(survivor, duplicate)

    assert not Team.objects.filter(pk=duplicate.pk).exists()
    for model in (Match, Goal, GroupMember, SeasonTeam, TopScorer, PointAdjustment, PublishedRow):
        assert not names_team(model.objects.all(), duplicate), model
    assert Match.objects.filter(home_team=survivor).count() == 2  # 1990 and 1991
    assert Match.objects.filter(away_team=survivor).count() == 1
    assert Goal.objects.get().team == survivor
    assert set(survivor.group_memberships.values_list("group", flat=True)) == {
        world.early.pk,
        world.final.pk,
    }
    assert SeasonTeam.objects.get().team == survivor
    assert TopScorer.objects.get().team == survivor
    assert PointAdjustment.objects.get().team == survivor
    assert PublishedRow.objects.get(row=1).team == survivor
    counts = {reference.model: reference.count for reference in moved}
    assert counts[Match] == 2 and counts[Season] == 2 and counts[TeamAlias] == 1


def test_the_seasons_outcome_follows_the_survivor(world):
    final_season = Season.objects.get(pk=world.final.stage.season_id)
    printed_season = Season.objects.get(pk=world.printed.stage.season_id)
    assert final_season.champion == world.duplicate

    merge_teams(world.survivor, world.duplicate)

    final_season.refresh_from_db()
    printed_season.refresh_from_db()
    assert final_season.champion == world.survivor  # computed again from the final group
    assert printed_season.champion_override == world.survivor
    assert printed_season.champion == world.survivor


def test_the_duplicates_names_become_aliases_and_fill_the_survivors_blanks(world):
    merge_teams(world.survivor, world.duplicate)

    survivor = Team.objects.get(pk=world.survivor.pk)
    assert sorted(survivor.aliases.values_list("name", flat=True)) == [
        "Boys",
        "Sport Boys Association",
    ]
    assert survivor.short_code == "SBA"
    assert survivor.city == "Callao"
    assert survivor.department == world.callao


def test_the_survivor_keeps_its_own_code_city_and_department(world):
    lima = DepartmentFactory(name="Lima")
    Team.objects.filter(pk=world.survivor.pk).update(short_code="SB", city="Bellavista")
    Team.objects.filter(pk=world.survivor.pk).update(department=lima)

    merge_teams(world.survivor, world.duplicate)

    survivor = Team.objects.get(pk=world.survivor.pk)
    assert (survivor.short_code, survivor.city, survivor.department) == ("SB", "Bellavista", lima)
    assert survivor.aliases.filter(name="Sport Boys Association").exists()


def test_a_duplicate_of_the_same_name_adds_no_alias(db):
    survivor = TeamFactory(name="Deportivo Municipal", slug="deportivo-municipal")
    duplicate = TeamFactory(name="Deportivo Municipal", slug="deportivo-municipal-2")

    merge_teams(survivor, duplicate)

    assert not TeamAlias.objects.exists()
    assert list(Team.objects.all()) == [survivor]


def test_the_standings_of_the_groups_touched_equal_a_fresh_recompute(world):
    merge_teams(world.survivor, world.duplicate)

    for group in (world.early, world.final, world.printed):
        stored = list(Standing.objects.filter(group=group).order_by("row").values())
        services.recompute_group(group.pk)
        fresh = list(Standing.objects.filter(group=group).order_by("row").values())
        assert [_without_ids(row) for row in stored] == [_without_ids(row) for row in fresh]
    top = Standing.objects.filter(group=world.final).order_by("row").first()
    assert (top.team, top.points) == (world.survivor, 5)  # 6 less the point deducted
    assert Standing.objects.get(group=world.printed, row=1).team == world.survivor


def _without_ids(row):
    return {key: value for key, value in row.items() if key != "id"}


# --- what a merge does to the recorded history -----------------------------------


def test_old_versions_name_the_survivor_and_the_new_ones_give_the_reason(world, admin_user):
    duplicate = world.duplicate
    assert names_team(Match.history.all(), duplicate)

    merge_teams(world.survivor, duplicate, user=admin_user)

    for model, _field in history_team_fields():
        assert not names_team(model.objects.all(), duplicate), model
    moved = Match.objects.filter(group=world.final, round=1).get()
    latest = moved.history.first()
    assert (latest.history_change_reason, latest.history_user) == (REASON, admin_user)
    assert latest.home_team_id == world.survivor.pk
    survivor_version = Team.history.filter(id=world.survivor.pk).first()
    assert survivor_version.history_change_reason == REASON
    assert survivor_version.short_code == "SBA"
    deletion = Team.history.filter(id=duplicate.pk).first()
    assert (deletion.history_type, deletion.history_change_reason) == ("-", REASON)
    alias = TeamAlias.history.filter(name="Sport Boys Association").get()
    assert (alias.history_change_reason, alias.history_user) == (REASON, admin_user)


def test_reverting_an_old_match_version_keeps_the_survivor(world):
    match = Match.objects.get(group=world.final, round=1)
    first_version = match.history.last()

    merge_teams(world.survivor, world.duplicate)

    first_version.refresh_from_db()
    first_version.instance.save()
    match.refresh_from_db()
    assert match.home_team == world.survivor


# --- refused merges change nothing ---------------------------------------------


def _same_group(world):
    GroupMemberFactory(group=world.early, team=world.duplicate)
    return "Both play in"


def _same_match(world):
    group = group_in(1993)
    members(group, world.survivor, world.duplicate)
    play(group, world.survivor, world.duplicate, 1, 1)
    return "They play each other: Sport Boys 1–1 Sport Boys Association"


def _same_season(world):
    season = world.final.stage.season
    SeasonTeam.objects.create(season=season, team=world.survivor, department=world.callao)
    return "Both are qualified teams of the 1991 Copa Perú."


def _same_published_table(world):
    published_row(world.printed, world.survivor, 3, 0)
    return "Both have a row in the published table of"


def _champion_and_runner_up(world):
    Season.objects.filter(pk=world.printed.stage.season_id).update(
        runner_up_override=world.survivor
    )
    return "One is the champion and the other the runner-up of the 1992 Copa Perú."


def _computed_champion_and_overridden_runner_up(world):
    Season.objects.filter(pk=world.printed.stage.season_id).update(
        champion=world.duplicate, champion_override=None, runner_up_override=world.survivor
    )
    return "One is the champion and the other the runner-up of the 1992 Copa Perú."


def _name_taken(world):
    TeamAlias.objects.create(team=world.beta, name="Sport Boys Association")
    return "The name Sport Boys Association is already an alias of Beta."


REFUSALS = {
    "both in one group": _same_group,
    "both in one match": _same_match,
    "both entries of one season": _same_season,
    "both in one published table": _same_published_table,
    "champion and runner-up of one season": _champion_and_runner_up,
    "a computed champion and an overridden runner-up": _computed_champion_and_overridden_runner_up,
    "the name an alias of a third team": _name_taken,
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_merge_that_would_break_a_rule_is_refused_and_changes_nothing(world, case):
    expected = REFUSALS[case](world)
    before = snapshot()

    with pytest.raises(MergeRefused) as refused:
        merge_teams(world.survivor, world.duplicate)

    assert any(expected in message for message in refused.value.messages), refused.value.messages
    assert snapshot() == before


def test_a_team_cannot_be_merged_into_itself(world):
    before = snapshot()
    with pytest.raises(MergeRefused, match="two different teams"):
        merge_teams(world.survivor, world.survivor)
    assert snapshot() == before


# --- the admin action ----------------------------------------------------------


def run_action(client, teams, **extra):
    data = {"action": "merge_selected_teams", "_selected_action": [t.pk for t in teams], **extra}
    return client.post(admin_url("team"), data)


def action_names(changelist):
    form = changelist.context["action_form"]
    return [] if form is None else [name for name, _label in form.fields["action"].choices]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_action_asks_which_team_to_keep_and_shows_what_moves(admin_client, world):
    response = run_action(admin_client, [world.survivor, world.duplicate])

    assert response.status_code == 200
    assert "admin/tournaments/team/merge_confirmation.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert 'type="radio" name="survivor"' in html
    rows = {label: (a, b) for label, a, b in response.context["rows"]}
    by_team = dict(zip(response.context["teams"], zip(*rows.values(), strict=True), strict=True))
    assert by_team[world.duplicate][:3] == (2, 1, 1)  # matches, goals, group members
    assert by_team[world.survivor][:3] == (1, 0, 1)
    assert "<td>Boys</td>" in html  # the duplicate's alias
    assert Team.objects.filter(pk=world.duplicate.pk).exists()


def test_confirming_the_action_merges_and_says_so(admin_client, world):
    response = run_action(
        admin_client, [world.survivor, world.duplicate], post="yes", survivor=world.survivor.pk
    )

    assert response.status_code == 302
    assert not Team.objects.filter(pk=world.duplicate.pk).exists()
    assert Match.objects.filter(home_team=world.survivor).count() == 2
    [message] = messages_of(response)
    assert message.startswith("Merged Sport Boys Association into Sport Boys. Moved: 2 matches,")
    assert "1 goal," in message


def test_confirming_without_choosing_asks_again(admin_client, world):
    response = run_action(admin_client, [world.survivor, world.duplicate], post="yes")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Team.objects.filter(pk=world.duplicate.pk).exists()


def test_the_action_shows_a_refused_merge_without_a_button(admin_client, world):
    _same_group(world)
    response = run_action(admin_client, [world.survivor, world.duplicate])

    html = response.content.decode()
    assert "These teams can't be merged:" in html
    assert "Merge the two teams" not in html


def test_a_refused_merge_comes_back_as_an_error_and_changes_nothing(admin_client, world):
    expected = _name_taken(world)
    before = snapshot()

    response = run_action(
        admin_client, [world.survivor, world.duplicate], post="yes", survivor=world.survivor.pk
    )

    assert response.status_code == 302
    assert expected in messages_of(response)
    assert snapshot() == before


def test_the_action_needs_exactly_two_teams(admin_client, world):
    response = run_action(admin_client, [world.survivor])

    assert response.status_code == 302
    assert messages_of(response) == ["Select exactly two teams to merge."]


def test_a_staff_user_who_can_change_and_delete_teams_gets_the_action(admin_client, world):
    assert "merge_selected_teams" in action_names(admin_client.get(admin_url("team")))


def test_an_editor_can_merge_teams(client, world, django_user_model):
    client.force_login(make_editor(django_user_model))
    response = run_action(
        client, [world.survivor, world.duplicate], post="yes", survivor=world.duplicate.pk
    )

    assert response.status_code == 302
    assert not Team.objects.filter(pk=world.survivor.pk).exists()
    assert Team.history.filter(id=world.duplicate.pk).first().history_user.username == "editor"


def test_a_user_who_cannot_delete_teams_gets_no_merge_action(client, world, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    codenames = ("view_team", "change_team")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    changelist = client.get(admin_url("team"))
    assert changelist.status_code == 200
    assert "merge_selected_teams" not in action_names(changelist)
    before = snapshot()
    response = run_action(
        client, [world.survivor, world.duplicate], post="yes", survivor=world.survivor.pk
    )
    assert response.status_code == 200  # the changelist, saying no action was chosen
    assert snapshot() == before
