"""Recent changes at /admin/changes/: every save one entry, before → after, and Undo."""

import json
from contextlib import contextmanager

import pytest
from django.urls import reverse

from tests.factories import GroupMemberFactory, PlayerFactory, TeamFactory, VenueFactory
from tests.test_admin import (
    admin_url,
    computed_table,
    fixture_match,
    make_editor,
    page_data,
    set_row,
    stored_table,
)
from tournaments.editing import recording
from tournaments.interchange.footballjson import export_season, import_season
from tournaments.merging import merge_teams
from tournaments.models import Edit, Goal, Match, Season, Team

CHANGES = "/admin/changes/"


def undo_url(edit):
    return reverse("undo_change", args=[edit.pk])


def save_round(client, group, on_commit, scores, reason=""):
    """Type the scores of some matches on the group page and save, as an editor does."""
    url = admin_url("group", "change", group.pk)
    data = page_data(client, url)
    for match, (home, away) in scores.items():
        set_row(data, "matches", match.pk, home_score=home, away_score=away)
    data["_change_reason"] = reason
    with on_commit():
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Edit.objects.order_by("-pk").first()


def scores_of(matches):
    return [
        tuple(Match.objects.filter(pk=m.pk).values_list("home_score", "away_score")[0])
        for m in matches
    ]


@pytest.fixture
def round_five(season_1996):
    group = season_1996
    return group, [fixture_match(group, 5, slug) for slug in ("cni", "utc", "jose-galvez")]


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(make_editor(django_user_model))
    return client


def test_a_round_saved_on_the_group_page_is_one_entry_with_its_reason_and_scores(
    editor_client, round_five, on_commit
):
    group, matches = round_five
    before = scores_of(matches)

    edit = save_round(
        editor_client,
        group,
        on_commit,
        dict(zip(matches, [(0, 3), (0, 0), (1, 4)], strict=True)),
        reason="Acta del partido",
    )

    assert edit.editor.username == "editor" and edit.reason == "Acta del partido"
    records = Match.history.filter(edit=edit)
    assert sorted(r.id for r in records) == sorted(m.pk for m in matches)
    assert {r.history_change_reason for r in records} == {"Acta del partido"}
    page = editor_client.get(CHANGES).content.decode()
    entry = page[page.index(f'id="change-{edit.pk}"') :]
    entry = entry[: entry.index("</div>\n</div>")]
    assert "Acta del partido" in entry and "editor" in entry
    assert entry.count("Home score: ") == 3
    assert f"Home score: {before[0][0]} → 0" in entry


def test_undo_puts_back_a_whole_round_and_the_table_follows(editor_client, round_five, on_commit):
    group, matches = round_five
    before, table_before = scores_of(matches), stored_table(group)
    edit = save_round(
        editor_client, group, on_commit, dict(zip(matches, [(0, 3), (0, 0), (1, 4)], strict=True))
    )
    assert stored_table(group) != table_before

    confirmation = editor_client.get(undo_url(edit))
    assert confirmation.status_code == 200
    assert Match.objects.filter(
        pk=matches[0].pk, home_score=0, away_score=3
    ).exists()  # GET: nothing
    with on_commit():
        response = editor_client.post(
            undo_url(edit), {"_change_reason": "typed in the wrong group"}
        )

    assert response.status_code == 302
    assert scores_of(matches) == before
    assert stored_table(group) == table_before == computed_table(group)
    undoing = Edit.objects.get(undoes=edit)
    assert undoing.reason == "typed in the wrong group"
    assert Match.history.filter(edit=undoing).count() == 3
    assert "Undone by change" in editor_client.get(CHANGES).content.decode()


def test_undo_is_refused_when_a_row_changed_again_since_and_names_the_later_change(
    editor_client, round_five, on_commit
):
    group, matches = round_five
    first = save_round(editor_client, group, on_commit, {matches[0]: (0, 3)})
    later = save_round(editor_client, group, on_commit, {matches[0]: (5, 5)})

    with on_commit():
        response = editor_client.post(undo_url(first), follow=True)

    assert scores_of(matches[:1]) == [(5, 5)]
    message = " ".join(str(m) for m in response.context["messages"])
    assert f"change {later.pk}" in message and "not undone" in message
    assert not Edit.objects.filter(undoes=first).exists()


def test_an_edit_undone_already_is_refused_and_its_undo_can_be_undone(
    editor_client, round_five, on_commit
):
    group, matches = round_five
    before = scores_of(matches[:1])
    edit = save_round(editor_client, group, on_commit, {matches[0]: (0, 3)})
    with on_commit():
        editor_client.post(undo_url(edit))
    undoing = Edit.objects.get(undoes=edit)

    with on_commit():
        again = editor_client.post(undo_url(edit), follow=True)
    assert "undone already" in " ".join(str(m) for m in again.context["messages"])
    assert scores_of(matches[:1]) == before

    with on_commit():
        editor_client.post(undo_url(undoing))
    assert scores_of(matches[:1]) == [(0, 3)]


def test_undoing_a_deletion_brings_the_match_back_with_its_goals(
    editor_client, season_1996, on_commit
):
    group = season_1996
    match = Match.objects.filter(group=group, home_score__gt=0).order_by("pk").first()
    with on_commit():
        Goal.objects.create(match=match, team=match.home_team, minute=10)
    data = {"post": "yes"}
    with on_commit():
        editor_client.post(admin_url("match", "delete", match.pk), data)
    assert not Match.objects.filter(pk=match.pk).exists()
    deletion = Edit.objects.order_by("-pk").first()

    with on_commit():
        editor_client.post(undo_url(deletion))

    restored = Match.objects.get(pk=match.pk)
    assert (restored.home_score, restored.away_score) == (match.home_score, match.away_score)
    assert Goal.objects.filter(match=match).count() == 1
    assert stored_table(group) == computed_table(group)


def test_undoing_an_import_deletes_what_it_created(editor_client, season_1996, on_commit):
    exported = json.loads(json.dumps(export_season(Season.objects.get(year=1996))))
    with on_commit():
        import_season(exported, 2001)
    imported = Edit.objects.order_by("-pk").first()
    assert imported.origin == "football.json import" and imported.editor is None
    assert "football.json import" in editor_client.get(CHANGES).content.decode()

    with on_commit():
        editor_client.post(undo_url(imported))

    assert not Season.objects.filter(year=2001).exists()
    assert Match.objects.filter(group__stage__season__year=1996).count() == 15


def test_a_request_that_writes_nothing_leaves_no_entry(editor_client, season_1996):
    editor_client.post(admin_url("group", "change", season_1996.pk), {})  # refused form
    assert not Edit.objects.exists()


def test_recent_changes_is_for_editors_only(client, django_user_model, season_1996):
    assert client.get(CHANGES).status_code == 302  # to the login
    client.force_login(django_user_model.objects.create_user("fan", password="x"))
    assert client.get(CHANGES).status_code == 302


# --- what Undo must refuse cleanly, and what the list must survive --------------------


def recorded(editor, on_commit):
    """A block of writes recorded as one edit, as an editor's request records it."""

    @contextmanager
    def block():
        with on_commit(), recording(editor=editor) as edit:
            yield edit

    return block


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.get_or_create(username="boss", is_staff=True)[0]


def test_a_version_naming_a_row_deleted_since_still_lists(
    editor_client, season_1996, on_commit, boss
):
    match = Match.objects.filter(group=season_1996).order_by("pk").first()
    first, second = VenueFactory(), VenueFactory()
    with recorded(boss, on_commit)():
        match.venue = first
        match.save()
    with recorded(boss, on_commit)() as edit:
        match.venue = second
        match.save()
    gone = first.pk
    first.delete()

    page = editor_client.get(CHANGES)

    assert page.status_code == 200
    assert f"deleted (#{gone}) → {second.name}" in page.content.decode()
    assert editor_client.get(undo_url(edit)).status_code == 200


def test_undo_refuses_to_put_back_a_goal_whose_scorer_was_deleted_since(
    editor_client, season_1996, on_commit, boss
):
    match = Match.objects.filter(group=season_1996, home_score__gt=0).order_by("pk").first()
    scorer = PlayerFactory()
    with on_commit():
        goal = Goal.objects.create(match=match, team=match.home_team, scorer=scorer, minute=5)
    with recorded(boss, on_commit)() as edit:
        goal.delete()
    scorer.delete()
    edits_before = Edit.objects.count()

    with on_commit():
        response = editor_client.post(undo_url(edit), follow=True)

    assert response.status_code == 200
    assert "can't be put back" in " ".join(str(m) for m in response.context["messages"])
    assert not Goal.objects.filter(match=match).exists()
    assert Edit.objects.count() == edits_before  # the refused Undo left no empty entry


def test_undo_refuses_to_delete_a_team_that_joined_a_group_since(
    editor_client, season_1996, on_commit, boss
):
    with recorded(boss, on_commit)() as edit:
        novato = TeamFactory(name="Novato")
    with on_commit():
        GroupMemberFactory(group=season_1996, team=novato)

    with on_commit():
        response = editor_client.post(undo_url(edit), follow=True)

    message = " ".join(str(m) for m in response.context["messages"])
    assert "was added since and depends on Novato" in message
    assert Team.objects.filter(pk=novato.pk).exists()


def test_a_merge_of_teams_is_refused_with_its_reason(editor_client, season_1996, on_commit, boss):
    duplicate = TeamFactory(name="Jose Galvez FBC")
    with recorded(boss, on_commit)() as edit:
        merge_teams(Team.objects.get(slug="jose-galvez"), duplicate)

    with on_commit():
        response = editor_client.post(undo_url(edit), follow=True)

    assert "merged two teams" in " ".join(str(m) for m in response.context["messages"])
    assert not Team.objects.filter(pk=duplicate.pk).exists()
