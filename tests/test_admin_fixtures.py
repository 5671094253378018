"""Fixtures generated through the admin: a group's round robin, a knockout stage's ties.

The actions ask for their options on a page of their own, then write through
``tournaments.schedules``; a refused group or stage is named with its reason
and nothing of it is written.
"""

import itertools
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    StageFactory,
    TeamFactory,
    knockout_tie,
    play,
)
from tests.test_admin import admin_url, make_editor, snapshot
from tournaments.models import Edit, Group, GroupMember, Match, Stage, Standing

FIRST_DATE = date(2025, 3, 2)
NAMES = ("Aurich", "Bolognesi", "Cienciano", "Dos de Mayo", "Espinar", "Flamengo")


@pytest.fixture
def six_team_group(db, on_commit):
    with on_commit():
        group = GroupFactory(name="Group A")
        teams = [TeamFactory(name=name) for name in NAMES]
        for team in teams:
            GroupMemberFactory(group=group, team=team)
    return group, teams


@pytest.fixture
def knockout_stage(db):
    stage = StageFactory(name="Semi-finals", kind=Stage.Kind.KNOCKOUT, legs=2)
    return stage, [TeamFactory(name=name) for name in ("Alfa", "Beta", "Gamma", "Delta")]


def run_action(client, model, action, objects, **options):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **options}
    return client.post(admin_url(model), data)


def generate(client, groups, double="single", days="7"):
    return run_action(
        client,
        "group",
        "generate_round_robin_fixtures",
        groups,
        post="yes",
        double=double,
        first_date=FIRST_DATE.isoformat(),
        days_between_rounds=days,
    )


def pair(client, stages, teams, **options):
    options = {"first_date": FIRST_DATE.isoformat(), "days_between_legs": "3", **options}
    return run_action(
        client,
        "stage",
        "pair_teams_into_ties",
        stages,
        post="yes",
        teams=[team.pk for team in teams],
        **options,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def action_names(changelist):
    form = changelist.context["action_form"]
    return [] if form is None else [name for name, _label in form.fields["action"].choices]


def rounds_of(group):
    """{round: [(home name, away name), ...]} of the group's matches."""
    rounds = {}
    for match in group.matches.select_related("home_team", "away_team").order_by("round", "pk"):
        rounds.setdefault(match.round, []).append((match.home_team.name, match.away_team.name))
    return rounds


# --- the round robin: the form ---------------------------------------------------


def test_the_action_asks_for_the_format_the_first_date_and_the_days_between_rounds(
    admin_client, six_team_group
):
    group, _teams = six_team_group
    response = run_action(admin_client, "group", "generate_round_robin_fixtures", [group])

    assert response.status_code == 200
    templates = [template.name for template in response.templates]
    assert "admin/tournaments/group/round_robin_fixtures.html" in templates
    form = response.context["form"]
    assert list(form.fields) == ["double", "first_date", "days_between_rounds"]
    assert all(field.label and field.help_text for field in form.fields.values())
    assert form["days_between_rounds"].value() == 7
    html = response.content.decode()
    assert 'type="radio" name="double" value="double"' in html
    assert "Generate the fixtures" in html
    assert not group.matches.exists()


def test_the_form_page_names_the_groups_that_will_be_left_as_they_are(
    admin_client, six_team_group, on_commit
):
    group, teams = six_team_group
    with on_commit():
        played = GroupFactory(name="Group B")
        for team in teams[:2]:
            GroupMemberFactory(group=played, team=team)
        play(played, teams[0], teams[1], 1, 0)

    response = run_action(admin_client, "group", "generate_round_robin_fixtures", [group, played])

    assert response.context["refusals"] == [
        f"{played} already has 1 match: fixtures are only generated for a group without any."
    ]
    assert "Generate the fixtures" in response.content.decode()  # Group A can still be


def test_an_invalid_form_is_shown_again_and_writes_nothing(admin_client, six_team_group):
    group, _teams = six_team_group
    response = generate(admin_client, [group], days="0")

    assert response.status_code == 200
    assert "days_between_rounds" in response.context["form"].errors
    assert not group.matches.exists()


# --- the round robin: what it writes -----------------------------------------------


def test_six_teams_get_15_matches_in_5_rounds_each_team_once_a_round(
    admin_client, six_team_group, on_commit
):
    group, _teams = six_team_group
    with on_commit():
        response = generate(admin_client, [group])

    assert response.status_code == 302
    assert messages_of(response) == [f"{group}: 15 matches in 5 rounds."]
    rounds = rounds_of(group)
    assert sorted(rounds) == [1, 2, 3, 4, 5]
    for pairs in rounds.values():
        assert sorted(name for pair in pairs for name in pair) == sorted(NAMES)
    met = {frozenset(pair) for pairs in rounds.values() for pair in pairs}
    assert met == {frozenset(pair) for pair in itertools.combinations(NAMES, 2)}


def test_the_matches_are_scheduled_a_round_every_given_days(
    admin_client, six_team_group, on_commit
):
    group, _teams = six_team_group
    with on_commit():
        generate(admin_client, [group], days="10")

    for match in group.matches.all():
        assert match.date == FIRST_DATE + timedelta(days=10 * (match.round - 1))
        assert match.status == Match.Status.SCHEDULED
        assert (match.home_score, match.away_score) == (None, None)
    assert [row.played for row in Standing.objects.filter(group=group)] == [0] * 6


def test_a_double_round_robin_gives_30_matches_in_10_rounds_once_at_each_ground(
    admin_client, six_team_group, on_commit
):
    group, _teams = six_team_group
    with on_commit():
        response = generate(admin_client, [group], double="double")

    assert messages_of(response) == [f"{group}: 30 matches in 10 rounds."]
    rounds = rounds_of(group)
    assert sorted(rounds) == list(range(1, 11))
    ordered = [pair for pairs in rounds.values() for pair in pairs]
    assert sorted(ordered) == sorted(itertools.permutations(NAMES, 2))
    assert set(group.matches.filter(round=10).values_list("date", flat=True)) == {date(2025, 5, 4)}


def test_the_generated_matches_are_recorded_as_one_change_by_the_editor(
    admin_client, admin_user, six_team_group, on_commit
):
    group, _teams = six_team_group
    edits = Edit.objects.count()
    with on_commit():
        generate(admin_client, [group])

    records = Match.history.filter(group_id=group.pk)
    assert records.count() == 15
    assert {record.history_user for record in records} == {admin_user}
    assert {record.history_change_reason for record in records} == {
        "Generated round-robin fixtures"
    }
    assert Edit.objects.count() == edits + 1
    assert {record.edit_id for record in records} == {Edit.objects.first().pk}


# --- the round robin: refusals -------------------------------------------------------


def test_a_group_that_has_matches_is_refused_and_nothing_is_written(
    admin_client, league, on_commit
):
    group, (alfa, beta, _gamma, _delta) = league
    with on_commit():
        play(group, alfa, beta, 2, 1)
    before = snapshot()

    with on_commit():
        response = generate(admin_client, [group])

    assert response.status_code == 302
    assert messages_of(response) == [
        f"{group} already has 1 match: fixtures are only generated for a group without any."
    ]
    assert snapshot() == before


def test_refused_groups_are_named_and_the_others_generated(
    admin_client, six_team_group, league, on_commit
):
    group, _teams = six_team_group
    played, (alfa, beta, _gamma, _delta) = league
    with on_commit():
        play(played, alfa, beta, 2, 1)
        lonely = GroupFactory(name="Group C")
        GroupMemberFactory(group=lonely, team=alfa)

    with on_commit():
        response = generate(admin_client, [group, played, lonely])

    assert sorted(messages_of(response)) == sorted(
        [
            f"{group}: 15 matches in 5 rounds.",
            f"{played} already has 1 match: fixtures are only generated for a group without any.",
            f"{lonely} has 1 team: a round robin needs two at least.",
        ]
    )
    assert group.matches.count() == 15
    assert played.matches.count() == 1
    assert not lonely.matches.exists()


def test_a_tie_of_a_knockout_stage_gets_no_round_robin(admin_client, on_commit):
    with on_commit():
        stage = StageFactory(kind=Stage.Kind.KNOCKOUT)
        tie = GroupFactory(stage=stage, name="Alfa v Beta")
        for name in ("Alfa", "Beta"):
            GroupMemberFactory(group=tie, team=TeamFactory(name=name))

    with on_commit():
        response = generate(admin_client, [tie])

    assert messages_of(response) == [
        f"{tie} is a tie of a knockout stage, not a round-robin group: "
        "pair the stage's teams into ties instead."
    ]
    assert not tie.matches.exists()


# --- knockout ties --------------------------------------------------------------------


def test_the_pairing_form_asks_for_the_teams_in_order_and_the_dates(admin_client, knockout_stage):
    stage, _teams = knockout_stage
    response = run_action(admin_client, "stage", "pair_teams_into_ties", [stage])

    assert response.status_code == 200
    templates = [template.name for template in response.templates]
    assert "admin/tournaments/stage/pair_into_ties.html" in templates
    form = response.context["form"]
    assert list(form.fields) == ["teams", "first_date", "days_between_legs"]
    assert all(field.label and field.help_text for field in form.fields.values())
    assert "admin-autocomplete" in response.content.decode()


def test_teams_are_paired_in_the_order_given_into_two_legged_ties(
    admin_client, knockout_stage, on_commit
):
    stage, (alfa, beta, gamma, delta) = knockout_stage
    with on_commit():
        response = pair(admin_client, [stage], [delta, alfa, gamma, beta])

    assert response.status_code == 302
    assert messages_of(response) == [f"{stage}: 2 ties (Delta v Alfa, Gamma v Beta), 4 matches."]
    ties = list(stage.groups.order_by("order"))
    assert [(tie.name, tie.slug) for tie in ties] == [
        ("Delta v Alfa", "delta-v-alfa"),
        ("Gamma v Beta", "gamma-v-beta"),
    ]
    assert {member.team for member in GroupMember.objects.filter(group=ties[0])} == {delta, alfa}
    legs = list(ties[0].matches.order_by("round"))
    assert [(leg.round, leg.home_team, leg.away_team, leg.date) for leg in legs] == [
        (1, delta, alfa, FIRST_DATE),
        (2, alfa, delta, FIRST_DATE + timedelta(days=3)),
    ]
    assert {leg.status for leg in legs} == {Match.Status.SCHEDULED}


def test_a_one_match_stage_asks_no_days_between_legs_and_plays_one_match_a_tie(
    admin_client, knockout_stage, on_commit
):
    stage, teams = knockout_stage
    Stage.objects.filter(pk=stage.pk).update(legs=1)
    form = run_action(admin_client, "stage", "pair_teams_into_ties", [stage]).context["form"]
    assert "days_between_legs" not in form.fields

    with on_commit():
        pair(admin_client, [stage], teams)

    assert Match.objects.filter(group__stage=stage).count() == 2
    assert set(Match.objects.filter(group__stage=stage).values_list("round", flat=True)) == {1}


def test_an_odd_number_of_teams_is_asked_again_and_nothing_is_written(admin_client, knockout_stage):
    stage, teams = knockout_stage
    response = pair(admin_client, [stage], teams[:3])

    assert response.status_code == 200
    assert response.context["form"].errors["teams"] == [
        "3 teams are picked: pick an even number of teams, two at least."
    ]
    assert not stage.groups.exists()


def test_the_teams_are_shown_again_in_the_order_they_were_picked(admin_client, knockout_stage):
    stage, (alfa, beta, gamma, delta) = knockout_stage
    response = pair(admin_client, [stage], [delta, alfa, gamma, beta], first_date="")

    html = response.content.decode()
    positions = [html.index(f'<option value="{team.pk}" selected>') for team in (delta, alfa)]
    positions += [html.index(f'<option value="{team.pk}" selected>') for team in (gamma, beta)]
    assert positions == sorted(positions)


def test_a_round_robin_stage_is_not_paired_into_ties(admin_client, knockout_stage):
    stage, teams = knockout_stage
    Stage.objects.filter(pk=stage.pk).update(kind=Stage.Kind.ROUND_ROBIN)
    stage.refresh_from_db()

    response = pair(admin_client, [stage], teams)

    assert response.status_code == 302
    assert messages_of(response) == [
        f"{stage} is a round-robin stage: only a knockout stage has ties."
    ]
    assert not stage.groups.exists()


def test_a_stage_that_has_ties_is_not_paired_again(admin_client, knockout_stage, on_commit):
    stage, (alfa, beta, gamma, delta) = knockout_stage
    with on_commit():
        knockout_tie(stage, 1, alfa, beta, (1, 0, {}))
    before = snapshot(), Group.objects.count(), GroupMember.objects.count()

    response = pair(admin_client, [stage], [gamma, delta])

    assert messages_of(response) == [
        f"{stage} already has 1 tie: teams are only paired in a stage without any."
    ]
    assert (snapshot(), Group.objects.count(), GroupMember.objects.count()) == before


def test_the_pairing_takes_one_stage_at_a_time(admin_client, knockout_stage):
    stage, teams = knockout_stage
    other = StageFactory(season=stage.season, kind=Stage.Kind.KNOCKOUT, name="Final")

    response = pair(admin_client, [stage, other], teams)

    assert messages_of(response) == ["Select one knockout stage to pair its teams into ties."]
    assert not Group.objects.filter(stage__in=[stage, other]).exists()


# --- who may ---------------------------------------------------------------------------


def test_an_editor_gets_both_actions(client, db, django_user_model):
    client.force_login(make_editor(django_user_model))

    assert "generate_round_robin_fixtures" in action_names(client.get(admin_url("group")))
    assert "pair_teams_into_ties" in action_names(client.get(admin_url("stage")))


def test_a_user_who_cannot_add_matches_gets_neither_action(client, db, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    codenames = ("view_group", "change_group", "add_group", "view_stage", "change_stage")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    assert "generate_round_robin_fixtures" not in action_names(client.get(admin_url("group")))
    assert "pair_teams_into_ties" not in action_names(client.get(admin_url("stage")))
