"""Every change made in the admin is recorded, with its author, and can be undone."""

import pytest
from django.urls import reverse

from tests.factories import SeasonFactory, play
from tests.test_admin import (
    admin_url,
    computed_table,
    fixture_match,
    form_data,
    make_editor,
    page_data,
    stored_table,
)
from tournaments.models import Goal, Group, Match, PointAdjustment, Season, Team


@pytest.fixture
def editor(db, django_user_model):
    return make_editor(django_user_model)


def saved(response):
    """Assert that an admin form was accepted (a 200 would carry its errors)."""
    if response.status_code == 200 and response.context and "adminform" in response.context:
        errors = [response.context["adminform"].form.errors]
        errors += [
            inline.formset.errors for inline in response.context.get("inline_admin_formsets") or []
        ]
        raise AssertionError(f"the form was refused: {errors}")
    assert response.status_code == 302, response.status_code
    return response


def versions(model, pk):
    return list(model.history.filter(id=pk).order_by("history_date", "history_id"))


def revert_url(match_pk, history_id):
    return reverse("admin:tournaments_match_simple_history", args=[match_pk, history_id])


# --- create, change and delete are recorded, with the user and the values -----


def _team_case(league):
    return Team, {"name": "Sport Boys", "slug": "sport-boys", "city": "Lima"}, "city", "Callao"


def _season_case(league):
    return Season, {"year": "2001", "promoted_to": ""}, "promoted_to", "2002 Torneo Descentralizado"


def _group_case(league):
    group, _ = league
    values = {"stage": str(group.stage_id), "name": "Group B", "slug": "group-b", "order": "2"}
    return Group, values, "name", "Group Two"


def _match_case(league):
    group, (alfa, beta, *_) = league
    values = {
        "group": str(group.pk),
        "round": "1",
        "home_team": str(alfa.pk),
        "away_team": str(beta.pk),
        "home_score": "2",
        "away_score": "1",
        "status": "played",
    }
    return Match, values, "home_score", 3


def _goal_case(league):
    group, (alfa, beta, *_) = league
    match = play(group, alfa, beta, 2, 0)
    return Goal, {"match": str(match.pk), "team": str(alfa.pk), "minute": "10"}, "minute", 55


def _point_adjustment_case(league):
    group, (alfa, *_) = league
    values = {
        "group": str(group.pk),
        "team": str(alfa.pk),
        "points": "-3",
        "reason": "Fielded an ineligible player",
    }
    return PointAdjustment, values, "points", -2


HISTORY_CASES = {
    "team": _team_case,
    "season": _season_case,
    "group": _group_case,
    "match": _match_case,
    "goal": _goal_case,
    "pointadjustment": _point_adjustment_case,
}


@pytest.mark.parametrize("name", HISTORY_CASES)
def test_admin_create_change_and_delete_are_recorded_with_user_and_values(
    admin_client, admin_user, league, on_commit, name
):
    with on_commit():
        model, values, field, new_value = HISTORY_CASES[name](league)
    add_url = admin_url(name, "add")
    data = page_data(admin_client, add_url)
    data.update(values)
    existing = set(model.objects.values_list("pk", flat=True))
    with on_commit():
        saved(admin_client.post(add_url, data))
    (obj,) = model.objects.exclude(pk__in=existing)
    old_value = getattr(obj, field)
    assert old_value != new_value

    change_url = admin_url(name, "change", obj.pk)
    data = page_data(admin_client, change_url)
    data[field] = str(new_value)
    with on_commit():
        saved(admin_client.post(change_url, data))
    with on_commit():
        saved(admin_client.post(admin_url(name, "delete", obj.pk), {"post": "yes"}))

    assert not model.objects.filter(pk=obj.pk).exists()
    created, changed, deleted = versions(model, obj.pk)
    assert [v.history_type for v in (created, changed, deleted)] == ["+", "~", "-"]
    assert [v.history_user for v in (created, changed, deleted)] == [admin_user] * 3
    delta = changed.diff_against(created)
    assert delta.changed_fields == [field]
    (change,) = delta.changes
    assert (change.field, change.old, change.new) == (field, old_value, new_value)
    assert deleted.diff_against(changed).changes == []
    assert getattr(deleted, field) == new_value


def test_a_season_saved_without_changes_records_no_changed_field(admin_client, on_commit):
    season = SeasonFactory(year=2003)
    url = admin_url("season", "change", season.pk)
    with on_commit():
        saved(admin_client.post(url, page_data(admin_client, url)))
    latest, *_ = season.history.all()
    previous = latest.prev_record
    assert previous is not None
    assert latest.diff_against(previous).changes == []


# --- reverting ---------------------------------------------------------------


def test_an_editor_reverts_a_match_to_an_earlier_version(client, editor, league, on_commit):
    group, (alfa, beta, *_) = league
    client.force_login(editor)
    add_url = admin_url("match", "add")
    data = page_data(client, add_url)
    data.update(
        group=str(group.pk),
        round="1",
        home_team=str(alfa.pk),
        away_team=str(beta.pk),
        home_score="2",
        away_score="0",
        status="played",
    )
    with on_commit():
        saved(client.post(add_url, data))
    match = Match.objects.get(group=group)
    table_at_first = stored_table(group)

    change_url = admin_url("match", "change", match.pk)
    data = page_data(client, change_url)
    data.update(home_score="0", away_score="3")
    with on_commit():
        saved(client.post(change_url, data))
    assert stored_table(group) != table_at_first
    first, second = versions(Match, match.pk)
    assert (second.home_score, second.away_score) == (0, 3)

    history = client.get(admin_url("match", "history", match.pk))
    assert history.status_code == 200
    assert revert_url(match.pk, first.history_id) in history.content.decode()
    url = revert_url(match.pk, first.history_id)
    with on_commit():
        saved(client.post(url, form_data(client.get(url))))

    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (2, 0)
    assert stored_table(group) == table_at_first == computed_table(group)
    *_, reverted = versions(Match, match.pk)
    assert reverted.history_type == "~"
    assert reverted.history_user == editor
    assert {c.field: (c.old, c.new) for c in reverted.diff_against(second).changes} == {
        "home_score": (0, 2),
        "away_score": (3, 0),
    }


def test_the_first_edit_of_a_loaded_match_can_be_reverted(client, editor, season_1996, on_commit):
    group = season_1996
    match = fixture_match(group, 1, "leon-de-huanuco")  # 1–0 Coronel Bolognesi
    assert versions(Match, match.pk) == []  # loaddata writes no history
    table_as_loaded = stored_table(group)
    client.force_login(editor)

    change_url = admin_url("match", "change", match.pk)
    data = page_data(client, change_url)
    data.update(home_score="0", away_score="2")
    with on_commit():
        saved(client.post(change_url, data))

    assert stored_table(group) != table_as_loaded
    baseline, edit = versions(Match, match.pk)
    assert (baseline.home_score, baseline.away_score) == (1, 0)
    assert (edit.home_score, edit.away_score) == (0, 2)
    assert edit.history_user == editor

    url = revert_url(match.pk, baseline.history_id)
    with on_commit():
        saved(client.post(url, form_data(client.get(url))))

    match.refresh_from_db()
    assert (match.home_score, match.away_score, match.status) == (1, 0, "played")
    assert stored_table(group) == table_as_loaded == computed_table(group)
    assert len(versions(Match, match.pk)) == 3


def test_a_deleted_match_can_be_found_and_restored(client, editor, season_1996, on_commit):
    group = season_1996
    match = fixture_match(group, 5, "jose-galvez")  # José Gálvez 5–2 Gigantes del Cenepa
    match_pk = match.pk
    table_before = stored_table(group)
    client.force_login(editor)

    with on_commit():
        saved(client.post(admin_url("match", "delete", match_pk), {"post": "yes"}))
    assert not Match.objects.filter(pk=match_pk).exists()
    assert stored_table(group) != table_before

    listing = client.get(admin_url("historicalmatch"), {"history_type__exact": "-"})
    assert listing.status_code == 200
    records = list(listing.context["cl"].result_list)
    assert [(r.id, r.history_type) for r in records] == [(match_pk, "-")]
    (deleted,) = records
    assert deleted.history_user == editor
    url = revert_url(match_pk, deleted.history_id)
    assert url in listing.content.decode()

    with on_commit():
        saved(client.post(url, form_data(client.get(url))))

    restored = Match.objects.get(pk=match_pk)
    assert str(restored) == "José Gálvez 5–2 Gigantes del Cenepa"
    assert restored.round == 5
    assert stored_table(group) == table_before == computed_table(group)
