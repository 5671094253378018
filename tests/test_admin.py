"""The editors' admin: validation, fast entry, actions, permissions and query counts.

Admin views save in a transaction and the standings are recomputed on commit,
so every POST that should change the tables runs inside ``on_commit()``.
"""

import re

import pytest
from django import forms
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.messages import constants as message_levels
from django.db import OperationalError, connection
from django.db import models as db_models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.factories import (
    DepartmentFactory,
    GroupFactory,
    MatchFactory,
    PlayerFactory,
    SeasonFactory,
    StageFactory,
    VenueFactory,
    to_come,
)
from tournaments import services
from tournaments.models import (
    Goal,
    Group,
    GroupMember,
    Match,
    Stage,
    Standing,
    Team,
    TeamAlias,
)

# --- helpers: POST data from the rendered forms ------------------------------


def _post_value(bound):
    value = bound.value()
    if isinstance(value, db_models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [str(v.pk if isinstance(v, db_models.Model) else v) for v in value]
    return "" if value is None else str(value)


def _add_form(data, form):
    for name, field in form.fields.items():
        bound = form[name]
        if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = _post_value(bound)


def formset_data(formset, data=None):
    """A formset's management form and rows as the browser would post them."""
    data = {} if data is None else data
    _add_form(data, formset.management_form)
    for form in formset.forms:
        _add_form(data, form)
    return data


def form_data(response):
    """The POST data of a rendered admin form page as it stands: the main form,
    then every inline formset with its management form."""
    assert response.status_code == 200, response.status_code
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset_data(inline.formset, data)
    return data


def page_data(client, url):
    return form_data(client.get(url))


def _fill_row(data, prefix, index, values):
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = "" if value is None else str(getattr(value, "pk", value))
    return index


def add_row(data, prefix, **values):
    """Append a new row to a formset in ``data`` (objects are posted as their ids)."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return _fill_row(data, prefix, index, values)


def row_index(data, prefix, pk):
    """The index of the inline row whose id is ``pk``."""
    for key, value in data.items():
        found = re.fullmatch(rf"{prefix}-(\d+)-id", key)
        if found and value == str(pk):
            return int(found.group(1))
    raise AssertionError(f"no row for {pk} in {prefix}")


def set_row(data, prefix, pk, **values):
    """Change the formset row of object ``pk`` in ``data``; returns its index."""
    return _fill_row(data, prefix, row_index(data, prefix, pk), values)


def inline_formset(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset
    raise AssertionError(f"no inline {prefix!r} on the page")


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:tournaments_{model}_{view}", args=args)


# --- helpers: the data ---------------------------------------------------------


def team(slug):
    return Team.objects.get(slug=slug)


def fixture_match(group, round_number, home_slug):
    return Match.objects.get(group=group, round=round_number, home_team__slug=home_slug)


def snapshot():
    """Everything an invalid submission must leave as it was."""
    return {
        "matches": list(Match.objects.order_by("pk").values()),
        "goals": list(Goal.objects.order_by("pk").values()),
        "standings": list(Standing.objects.order_by("group", "row").values()),
        "match history": Match.history.count(),
    }


TABLE_FIELDS = (
    "position",
    "played",
    "won",
    "drawn",
    "lost",
    "goals_for",
    "goals_against",
    "points",
    "status",
)


def stored_table(group):
    rows = Standing.objects.filter(group=group).order_by("row")
    return list(rows.values_list("team_id", *TABLE_FIELDS))


def computed_table(group):
    """What a from-scratch computation gives, in the stored rows' terms."""
    return [
        (row.team, *(getattr(row, name) for name in TABLE_FIELDS))
        for row in services.compute_group_table(group)
    ]


def points_of(group, slug):
    return Standing.objects.get(group=group, team__slug=slug).points


def displayed_table(html):
    """(position, team, points) of each row of the first admin standings table."""
    body = html[html.index('<table class="standings">') :]
    body = body[: body.index("</table>")]
    return [
        (int(position), name, int(points))
        for position, name, points in re.findall(
            r"<tr><td>(\d+)=?</td><td>([^<]+)</td>(?:<td>[^<]*</td>){5}<td>(-?\d+)</td>", body
        )
    ]


def make_editor(django_user_model, username="editor"):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(AuthGroup.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_editor(django_user_model)


# --- 1. validation through the admin ---------------------------------------------


class Slug(str):
    """A team given by slug in a test case, posted as its id."""


def _resolve(value):
    return str(team(value).pk) if isinstance(value, Slug) else value


# The case match: round 1, León de Huánuco 1–0 Coronel Bolognesi.
MATCH_FORM_CASES = {
    "a team against itself": (
        {"away_team": Slug("leon-de-huanuco")},
        "away_team",
        "A team cannot play itself.",
    ),
    "a team not in the group": (
        {"away_team": Slug("sachapuyos")},
        "away_team",
        "Sachapuyos is not in Liguilla final: add it to the group first.",
    ),
    "one score without the other": (
        {"away_score": ""},
        "away_score",
        "Enter both scores, or neither.",
    ),
    "a negative score": (
        {"home_score": "-1"},
        "home_score",
        "Ensure this value is greater than or equal to 0.",
    ),
    "a score over 99": (
        {"home_score": "100"},
        "home_score",
        "A score can't be more than 99.",
    ),
    "an attendance beyond any stadium": (
        {"attendance": "250001"},
        "attendance",
        "An attendance can't be more than 250000.",
    ),
    "penalties after a decided match": (
        {"home_penalties": "4", "away_penalties": "3"},
        "home_penalties",
        "A penalty shoot-out only follows a level score (in a two-legged tie, a level aggregate).",
    ),
    "a walkover without an awarded score": (
        {"home_score": "", "away_score": "", "status": "scheduled", "walkover": "on"},
        "walkover",
        "A walkover needs the awarded score, e.g. 3–0.",
    ),
    "a team playing twice in a round": (
        {"away_team": Slug("utc")},
        "away_team",
        "UTC already plays in round 1 of this group (José Gálvez 1–0 UTC).",
    ),
}


@pytest.mark.parametrize("case", MATCH_FORM_CASES)
def test_the_match_form_refuses_an_invalid_match_and_changes_nothing(
    admin_client, season_1996, on_commit, case
):
    changes, field, message = MATCH_FORM_CASES[case]
    match = fixture_match(season_1996, 1, "leon-de-huanuco")
    url = admin_url("match", "change", match.pk)
    data = page_data(admin_client, url)
    data.update({name: _resolve(value) for name, value in changes.items()})
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors.get(field, [])
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_match_form_refuses_a_score_lower_than_the_goals_recorded(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 5, "cni")  # CNI 2–1 León de Huánuco
    Goal.objects.create(match=match, team=match.home_team, minute=10)
    Goal.objects.create(match=match, team=match.home_team, minute=20)
    url = admin_url("match", "change", match.pk)
    data = page_data(admin_client, url)
    data["home_score"] = "1"
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    message = "2 goals are recorded for this team: the score can't be lower."
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["home_score"]
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_group_page_refuses_a_team_twice_in_one_round_among_new_rows(
    admin_client, season_1996, on_commit
):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    galvez, utc, cni = team("jose-galvez"), team("utc"), team("cni")
    row = {"round": 6, "status": "scheduled", "home_score": "", "away_score": ""}
    first = add_row(data, "matches", home_team=galvez, away_team=utc, **row)
    second = add_row(data, "matches", home_team=galvez, away_team=cni, **row)
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    message = f"José Gálvez plays twice in round 6: also in row {first + 1}."
    assert response.status_code == 200
    formset = inline_formset(response, "matches")
    assert formset.forms[second].errors["home_team"] == [message]
    assert not formset.forms[first].errors
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_group_page_refuses_a_new_row_for_a_team_that_already_plays_that_round(
    admin_client, season_1996, on_commit
):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    index = add_row(
        data,
        "matches",
        round=5,
        home_team=team("leon-de-huanuco"),
        away_team=team("utc"),
        status="scheduled",
    )
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    message = "UTC already plays in round 5 of this group (UTC 4–1 Coronel Bolognesi)."
    assert response.status_code == 200
    errors = inline_formset(response, "matches").forms[index].errors
    assert errors["away_team"] == [message]
    assert "León de Huánuco already plays in round 5" in errors["home_team"][0]
    assert snapshot() == before


def test_the_group_page_shows_errors_on_match_fields_it_does_not_display(
    admin_client, season_1996, on_commit
):
    # Penalties aren't in the group page's match rows; changing a level score
    # that had a shoot-out used to crash with ValueError (a 500 page).
    match = fixture_match(season_1996, 2, "jose-galvez")  # José Gálvez 1–1 Coronel Bolognesi
    Match.objects.filter(pk=match.pk).update(home_penalties=4, away_penalties=3)
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    index = set_row(data, "matches", match.pk, home_score=2)
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    message = (
        "Home penalties: A penalty shoot-out only follows a level score "
        "(in a two-legged tie, a level aggregate)."
    )
    assert response.status_code == 200
    assert inline_formset(response, "matches").forms[index].non_field_errors() == [message]
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_group_page_refuses_clearing_the_score_of_a_walkover(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 4, "coronel-bolognesi")  # 3–0 CNI
    Match.objects.filter(pk=match.pk).update(walkover=True)
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    index = set_row(data, "matches", match.pk, home_score="", away_score="", status="scheduled")
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 200
    form = inline_formset(response, "matches").forms[index]
    assert "Walkover: A walkover needs the awarded score, e.g. 3–0." in form.non_field_errors()
    assert snapshot() == before


def test_the_group_page_refuses_replacing_a_team_that_has_goals_in_the_match(
    admin_client, season_1996, on_commit
):
    with on_commit():
        match = MatchFactory(
            group=season_1996, round=6, home_team=team("jose-galvez"), away_team=team("utc")
        )  # 1–0
    Goal.objects.create(match=match, team=match.home_team, minute=5)
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    set_row(data, "matches", match.pk, home_team=team("cni"))

    with on_commit():
        response = admin_client.post(url, data)

    match.refresh_from_db()
    assert match.home_team.slug == "jose-galvez"
    assert response.status_code == 200
    assert "who no longer play in this match" in response.content.decode()


def _list_data(client, match, **values):
    data = formset_data(client.get(admin_url("match")).context["cl"].formset)
    index = set_row(data, "form", match.pk, **values)
    data["_save"] = "Save"
    return data, index


def test_the_match_list_shows_errors_on_fields_it_does_not_display(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 2, "jose-galvez")  # José Gálvez 1–1 Coronel Bolognesi
    Match.objects.filter(pk=match.pk).update(home_penalties=4, away_penalties=3)
    data, index = _list_data(admin_client, match, home_score=2)
    before = snapshot()

    with on_commit():
        response = admin_client.post(admin_url("match"), data)

    message = (
        "Home penalties: A penalty shoot-out only follows a level score "
        "(in a two-legged tie, a level aggregate)."
    )
    assert response.status_code == 200
    assert response.context["cl"].formset.forms[index].non_field_errors() == [message]
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_match_list_refuses_playing_an_annulled_match_whose_teams_play_that_round(
    admin_client, season_1996, on_commit
):
    with on_commit():
        annulled = MatchFactory(
            group=season_1996,
            round=1,
            home_team=team("leon-de-huanuco"),
            away_team=team("utc"),
            home_score=None,
            away_score=None,
            status=Match.Status.ANNULLED,
        )
    data, index = _list_data(admin_client, annulled, home_score=1, away_score=0, status="played")
    before = snapshot()

    with on_commit():
        response = admin_client.post(admin_url("match"), data)

    assert response.status_code == 200
    assert response.context["cl"].formset.forms[index].non_field_errors() == [
        "Home team: León de Huánuco already plays in round 1 of this group "
        "(León de Huánuco 1–0 Coronel Bolognesi).",
        "Away team: UTC already plays in round 1 of this group (José Gálvez 1–0 UTC).",
    ]
    assert snapshot() == before


def _goal_add(client, match, team_):
    data = page_data(client, admin_url("goal", "add"))
    data.update(match=str(match.pk), team=str(team_.pk), minute="30")
    return data


def test_the_goal_form_refuses_a_goal_for_a_team_not_in_the_match(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    data = _goal_add(admin_client, match, team("utc"))
    before = snapshot()

    with on_commit():
        response = admin_client.post(admin_url("goal", "add"), data)

    message = "Only León de Huánuco or Coronel Bolognesi can be credited with a goal in this match."
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["team"] == [message]
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_goal_form_refuses_more_goals_than_the_score(admin_client, season_1996, on_commit):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    Goal.objects.create(match=match, team=match.home_team, minute=12)
    data = _goal_add(admin_client, match, match.home_team)
    before = snapshot()

    with on_commit():
        response = admin_client.post(admin_url("goal", "add"), data)

    message = "León de Huánuco scored 1 in this match: no more goals can be recorded for them."
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["team"] == [message]
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_goal_form_refuses_a_goal_for_a_side_that_did_not_score(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    data = _goal_add(admin_client, match, match.away_team)
    before = snapshot()

    with on_commit():
        response = admin_client.post(admin_url("goal", "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["team"] == [
        "Coronel Bolognesi scored 0 in this match: no more goals can be recorded for them."
    ]
    assert snapshot() == before


def test_the_match_page_refuses_two_goal_rows_for_a_side_that_scored_once(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    url = admin_url("match", "change", match.pk)
    data = page_data(admin_client, url)
    first = add_row(data, "goals", team=match.home_team, minute=10)
    second = add_row(data, "goals", team=match.home_team, minute=80)
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    message = "León de Huánuco scored 1: more goals than that are recorded."
    assert response.status_code == 200
    formset = inline_formset(response, "goals")
    assert formset.forms[second].errors["team"] == [message]
    assert not formset.forms[first].errors
    assert escape(message) in response.content.decode()
    assert snapshot() == before


def test_the_match_page_refuses_a_goal_row_for_a_team_not_in_the_match(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")
    url = admin_url("match", "change", match.pk)
    data = page_data(admin_client, url)
    index = add_row(data, "goals", team=team("utc"), minute=10)
    before = snapshot()

    with on_commit():
        response = admin_client.post(url, data)

    message = "Only León de Huánuco or Coronel Bolognesi can be credited with a goal in this match."
    assert response.status_code == 200
    assert inline_formset(response, "goals").forms[index].errors["team"] == [message]
    assert snapshot() == before


def test_goal_rows_are_counted_against_the_score_typed_in_the_same_submission(
    admin_client, season_1996, on_commit
):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    url = admin_url("match", "change", match.pk)
    data = page_data(admin_client, url)
    data["home_score"] = "2"
    add_row(data, "goals", team=match.home_team, minute=10)
    add_row(data, "goals", team=match.home_team, minute=80)

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 302
    assert match.goals.filter(team=match.home_team).count() == 2
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (2, 0)


# --- 2. fast entry on the group page -----------------------------------------


def test_a_round_typed_on_the_group_page_updates_the_stored_and_displayed_table(
    admin_client, season_1996, on_commit
):
    group = season_1996
    url = admin_url("group", "change", group.pk)
    data = page_data(admin_client, url)
    new_scores = {  # León de Huánuco win; the others are level or lose.
        fixture_match(group, 5, "cni"): (0, 3),  # CNI v León de Huánuco
        fixture_match(group, 5, "utc"): (0, 0),  # UTC v Coronel Bolognesi
        fixture_match(group, 5, "jose-galvez"): (1, 4),  # José Gálvez v Gigantes
    }
    for match, (home, away) in new_scores.items():
        set_row(data, "matches", match.pk, home_score=home, away_score=away)
    before = stored_table(group)
    leon_before = points_of(group, "leon-de-huanuco")

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 302
    for match, score in new_scores.items():
        match.refresh_from_db()
        assert (match.home_score, match.away_score) == score
    assert stored_table(group) != before
    assert stored_table(group) == computed_table(group)
    assert points_of(group, "leon-de-huanuco") == leon_before + 3

    html = admin_client.get(url).content.decode()
    expected = [
        (s.position, s.team.name, s.points)
        for s in Standing.objects.filter(group=group).select_related("team").order_by("row")
    ]
    assert displayed_table(html) == expected


@pytest.mark.parametrize("page", ["group page", "match page"])
def test_typing_a_score_into_a_scheduled_match_marks_it_played(
    admin_client, season_1996, on_commit, page
):
    group = season_1996
    with on_commit():
        match = to_come(group, team("jose-galvez"), team("leon-de-huanuco"), round=6)
    galvez_before = Standing.objects.get(group=group, team__slug="jose-galvez")
    if page == "group page":
        url = admin_url("group", "change", group.pk)
        data = page_data(admin_client, url)
        assert data[f"matches-{row_index(data, 'matches', match.pk)}-status"] == "scheduled"
        set_row(data, "matches", match.pk, home_score=2, away_score=0)
    else:
        url = admin_url("match", "change", match.pk)
        data = page_data(admin_client, url)
        assert data["status"] == "scheduled"
        data.update(home_score="2", away_score="0")

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.PLAYED
    assert (match.home_score, match.away_score) == (2, 0)
    galvez = Standing.objects.get(group=group, team__slug="jose-galvez")
    assert galvez.played == galvez_before.played + 1
    assert galvez.points == galvez_before.points + 3
    assert stored_table(group) == computed_table(group)


# --- 3. changelist editing and actions ---------------------------------------


def test_a_score_edited_in_the_match_list_updates_the_table(admin_client, season_1996, on_commit):
    group = season_1996
    url = admin_url("match")
    response = admin_client.get(url)
    formset = response.context["cl"].formset
    assert formset is not None
    data = formset_data(formset)
    match = fixture_match(group, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    set_row(data, "form", match.pk, home_score=0, away_score=2)
    data["_save"] = "Save"
    leon_before = points_of(group, "leon-de-huanuco")
    bolognesi_before = points_of(group, "coronel-bolognesi")

    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (0, 2)
    assert points_of(group, "leon-de-huanuco") == leon_before - 3
    assert points_of(group, "coronel-bolognesi") == bolognesi_before + 3
    assert stored_table(group) == computed_table(group)


def test_deleting_matches_with_the_list_action_updates_the_table(
    admin_client, season_1996, on_commit
):
    group = season_1996
    match = fixture_match(group, 5, "jose-galvez")  # José Gálvez 5–2 Gigantes del Cenepa
    galvez_before = Standing.objects.get(group=group, team__slug="jose-galvez")

    with on_commit():
        response = admin_client.post(
            admin_url("match"),
            {"action": "delete_selected", "_selected_action": [match.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Match.objects.filter(pk=match.pk).exists()
    galvez = Standing.objects.get(group=group, team__slug="jose-galvez")
    assert galvez.played == galvez_before.played - 1
    assert galvez.points == galvez_before.points - 3
    assert stored_table(group) == computed_table(group)


def test_mark_postponed_postpones_a_scheduled_match_and_refuses_a_played_one(
    admin_client, season_1996, on_commit
):
    group = season_1996
    with on_commit():
        scheduled = to_come(group, team("utc"), team("cni"), round=6)
    played = fixture_match(group, 1, "leon-de-huanuco")
    before = stored_table(group)

    with on_commit():
        response = admin_client.post(
            admin_url("match"),
            {"action": "mark_postponed", "_selected_action": [scheduled.pk, played.pk]},
            follow=True,
        )

    assert response.status_code == 200
    scheduled.refresh_from_db()
    played.refresh_from_db()
    assert scheduled.status == Match.Status.POSTPONED
    assert (played.status, played.home_score, played.away_score) == ("played", 1, 0)
    messages = {(m.level, m.message) for m in response.context["messages"]}
    assert (message_levels.INFO, "Marked 1 match(es) as postponed.") in messages
    assert (
        message_levels.WARNING,
        "Not postponed, because they have a score (clear it first): "
        "León de Huánuco 1–0 Coronel Bolognesi",
    ) in messages
    assert stored_table(group) == before


def test_mark_postponed_postpones_all_the_matches_or_none(admin_client, league, monkeypatch):
    """The action saves in one transaction: a save refused midway (a locked database,
    say) leaves the earlier ones undone too, not half the selection postponed."""
    group, (alfa, beta, gamma, delta) = league
    scheduled = {"home_score": None, "away_score": None, "status": Match.Status.SCHEDULED}
    matches = [
        MatchFactory(group=group, round=2, home_team=home, away_team=away, **scheduled)
        for home, away in ((alfa, beta), (gamma, delta))
    ]
    save, saved = Match.save, []

    def refuse_the_second_save(match, *args, **kwargs):
        saved.append(match.pk)
        if len(saved) == 2:
            raise OperationalError("database is locked")
        save(match, *args, **kwargs)

    monkeypatch.setattr(Match, "save", refuse_the_second_save)

    with pytest.raises(OperationalError):
        admin_client.post(
            admin_url("match"),
            {"action": "mark_postponed", "_selected_action": [match.pk for match in matches]},
        )

    assert len(saved) == 2
    assert set(Match.objects.values_list("status", flat=True)) == {Match.Status.SCHEDULED}


@pytest.mark.parametrize("model", ["season", "group"])
def test_the_recompute_action_repairs_a_tampered_table(admin_client, season_1996, model):
    group = season_1996
    good = stored_table(group)
    Standing.objects.update(points=0)
    assert stored_table(group) != good
    target = group.stage.season if model == "season" else group

    response = admin_client.post(
        admin_url(model),
        {"action": f"recompute_selected_{model}s", "_selected_action": [target.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert stored_table(group) == good == computed_table(group)
    assert "Recomputed the standings of 1 group(s)." in [
        m.message for m in response.context["messages"]
    ]


# --- 4. changelists run a constant number of queries -------------------------


def build_season(year, n_teams, extra_groups, user):
    """A season whose main group has ``n_teams`` members playing each other once,
    with a goal and a recorded version per match, and ``extra_groups`` two-team
    groups (five to a stage) of one match each, so that the list filters have
    many stages and groups to name."""
    season = SeasonFactory(year=year)
    stage = StageFactory(season=season)
    group = GroupFactory(stage=stage)
    departments = [DepartmentFactory(name=f"Department {year} {i}") for i in range(3)]
    venue = VenueFactory()
    player = PlayerFactory()
    teams = Team.objects.bulk_create(
        Team(
            name=f"Team {year} {i}",
            slug=f"team-{year}-{i}",
            short_code=f"T{i}",
            department=departments[i % 3],
        )
        for i in range(n_teams)
    )
    GroupMember.objects.bulk_create(GroupMember(group=group, team=t) for t in teams)
    pairs = [(group, h, a) for i, h in enumerate(teams) for a in teams[i + 1 :]]

    stages = Stage.objects.bulk_create(
        Stage(season=season, name=f"Extra stage {i}", slug=f"extra-stage-{i}", order=i + 2)
        for i in range((extra_groups + 4) // 5)
    )
    extras = Group.objects.bulk_create(
        Group(stage=stages[i // 5], name=f"Extra {i}", slug=f"extra-{i}", order=i + 2)
        for i in range(extra_groups)
    )
    GroupMember.objects.bulk_create(GroupMember(group=g, team=t) for g in extras for t in teams[:2])
    pairs += [(g, teams[0], teams[1]) for g in extras]

    Match.objects.bulk_create(
        Match(
            group=match_group,
            round=1 + index // max(1, n_teams // 2),
            home_team=home,
            away_team=away,
            home_score=1 + index % 3,
            away_score=index % 2,
            status=Match.Status.PLAYED,
            venue=venue,
        )
        for index, (match_group, home, away) in enumerate(pairs)
    )
    matches = list(Match.objects.filter(group__stage__season=season))
    Goal.objects.bulk_create(
        Goal(match=m, team_id=m.home_team_id, scorer=player, minute=10) for m in matches
    )
    Match.history.bulk_history_create(matches, default_user=user)
    services.recompute_group(group.pk)
    return group


CHANGELISTS = ["match", "team", "group", "standing", "goal", "historicalmatch"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_run_a_constant_number_of_queries(
    admin_client, admin_user, django_assert_max_num_queries, model
):
    url = admin_url(model)
    build_season(1990, n_teams=5, extra_groups=2, user=admin_user)  # 10 matches
    admin_client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as small:
        response = admin_client.get(url)
    assert response.status_code == 200
    small_rows = len(response.context["cl"].result_list)
    assert small_rows >= 3

    build_season(1991, n_teams=48, extra_groups=150, user=admin_user)  # 1,278 matches
    assert Match.objects.count() >= 1000
    with django_assert_max_num_queries(len(small)):
        response = admin_client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > small_rows


# --- 5. the Editors role -----------------------------------------------------


@pytest.mark.django_db
def test_editors_have_no_permission_from_the_auth_app():
    editors = AuthGroup.objects.get(name="Editors")
    assert editors.permissions.exists()
    assert not editors.permissions.filter(content_type__app_label="auth").exists()
    assert not editors.permissions.exclude(content_type__app_label="tournaments").exists()


def test_editors_may_view_standings_but_not_change_or_delete_them(editor):
    assert not editor.is_superuser
    assert editor.has_perm("tournaments.view_standing")
    assert not editor.has_perm("tournaments.add_standing")
    assert not editor.has_perm("tournaments.change_standing")
    assert not editor.has_perm("tournaments.delete_standing")
    assert editor.has_perm("tournaments.change_match")
    assert editor.has_perm("tournaments.delete_match")
    assert editor.has_perm("tournaments.add_goal")


def test_an_editor_can_use_the_match_list_and_change_a_score(
    client, editor, season_1996, on_commit
):
    client.force_login(editor)
    assert client.get(admin_url("match")).status_code == 200
    assert client.get(admin_url("standing")).status_code == 200
    match = fixture_match(season_1996, 1, "leon-de-huanuco")
    url = admin_url("match", "change", match.pk)
    data = page_data(client, url)
    data.update(home_score="3", away_score="0")

    with on_commit():
        response = client.post(url, data)

    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (3, 0)
    assert stored_table(season_1996) == computed_table(season_1996)


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_an_editor_is_refused_the_accounts(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_an_editor_cannot_add_a_user(client, editor, django_user_model):
    client.force_login(editor)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "intruder", "password1": "a-long-pass-1", "password2": "a-long-pass-1"},
    )
    assert response.status_code == 403
    assert not django_user_model.objects.filter(username="intruder").exists()


# --- 6. team autocomplete ----------------------------------------------------


@pytest.mark.parametrize(
    ("term", "slug"),
    [
        ("Bolognesi", "coronel-bolognesi"),  # by name
        ("GGC", "gigantes-del-cenepa"),  # by short code
        ("Universidad Técnica", "utc"),  # by alias
    ],
)
def test_team_autocomplete_finds_a_team_by_name_short_code_or_alias(
    admin_client, season_1996, term, slug
):
    utc = team("utc")
    TeamAlias.objects.create(team=utc, name="Universidad Técnica de Cajamarca")
    TeamAlias.objects.create(team=utc, name="Club Universidad Técnica")
    query = {"app_label": "tournaments", "model_name": "match", "field_name": "home_team"}
    response = admin_client.get("/admin/autocomplete/", {**query, "term": term})
    assert response.status_code == 200
    ids = [result["id"] for result in response.json()["results"]]
    assert ids == [str(team(slug).pk)]


# --- 7. season page and the read-only standings -------------------------------


def test_the_season_page_links_its_stages_and_groups_and_shows_each_table(
    admin_client, season_1996
):
    group = season_1996
    season = group.stage.season
    html = admin_client.get(admin_url("season", "change", season.pk)).content.decode()
    assert f'href="{admin_url("stage", "change", group.stage_id)}"' in html
    assert f'href="{admin_url("group", "change", group.pk)}"' in html
    expected = [
        (s.position, s.team.name, s.points)
        for s in Standing.objects.filter(group=group).select_related("team").order_by("row")
    ]
    assert len(expected) == 6
    assert displayed_table(html) == expected
    assert expected[0][1] == "José Gálvez"


def test_standings_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, season_1996):
    standing = Standing.objects.filter(group=season_1996).first()
    changelist = admin_client.get(admin_url("standing"))
    assert changelist.status_code == 200
    assert changelist.context["has_add_permission"] is False
    assert changelist.context["action_form"] is None  # not even delete_selected
    assert admin_client.get(admin_url("standing", "add")).status_code == 403
    assert admin_client.post(admin_url("standing", "add"), {}).status_code == 403

    change_url = admin_url("standing", "change", standing.pk)
    view = admin_client.get(change_url)
    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    assert admin_client.post(change_url, {"points": "99"}).status_code == 403
    delete_url = admin_url("standing", "delete", standing.pk)
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Standing.objects.get(pk=standing.pk).points == standing.points
