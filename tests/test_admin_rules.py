"""Admin rules added after review: manual orders, walkovers, member removal,
cascading deletes, and the group page's query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MatchFactory
from tests.test_admin import (
    admin_url,
    inline_formset,
    make_editor,
    page_data,
    set_row,
    team,
)
from tournaments.models import Group, GroupMember, Match, Season, Standing


def test_a_manual_position_without_a_reason_is_refused(admin_client, season_1996, on_commit):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    member = GroupMember.objects.get(group=season_1996, team__slug="cni")
    set_row(data, "members", member.pk, manual_position=3)
    with on_commit():
        response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "needs its reason" in response.content.decode()
    assert GroupMember.objects.get(pk=member.pk).manual_position is None


def test_a_manual_position_with_a_reason_places_the_team_there(
    admin_client, season_1996, on_commit
):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    data["manual_order_reason"] = "Drawing of lots."
    set_row(
        data,
        "members",
        GroupMember.objects.get(group=season_1996, team__slug="cni").pk,
        manual_position=3,
    )
    with on_commit():
        response = admin_client.post(url, data)
    assert response.status_code == 302
    order = list(Standing.objects.filter(group=season_1996).values_list("team__slug", flat=True))
    assert order[:4] == ["jose-galvez", "utc", "cni", "coronel-bolognesi"]


def test_an_annulled_walkover_is_refused_on_the_group_page(admin_client, season_1996, on_commit):
    with on_commit():
        match = MatchFactory(
            group=season_1996,
            round=6,
            home_team=team("cni"),
            away_team=team("utc"),
            home_score=3,
            away_score=0,
            walkover=True,
        )
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    index = set_row(data, "matches", match.pk, status="annulled")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = inline_formset(response, "matches").forms[index].errors
    assert "A walkover is a decided match" in str(errors)
    assert Match.objects.get(pk=match.pk).status == "played"


def test_a_team_with_matches_cannot_leave_its_group(admin_client, season_1996, on_commit):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    member = GroupMember.objects.get(group=season_1996, team__slug="utc")
    set_row(data, "members", member.pk, DELETE="on")
    with on_commit():
        response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "has 5 matches in this group" in response.content.decode()
    assert GroupMember.objects.filter(pk=member.pk).exists()
    member_url = admin_url("groupmember", "delete", member.pk)
    assert "protected" in admin_client.get(member_url).content.decode()
    admin_client.post(member_url, {"post": "yes"})
    assert GroupMember.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("model", ["season", "group"])
def test_an_editor_can_delete_a_season_or_group_with_its_table(
    client, django_user_model, season_1996, on_commit, model
):
    client.force_login(make_editor(django_user_model))
    target = season_1996 if model == "group" else Season.objects.get(year=1996)
    url = admin_url(model, "delete", target.pk)
    with on_commit():
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Group.objects.filter(pk=season_1996.pk).exists()
    assert not Standing.objects.exists()


def test_the_group_page_runs_the_same_queries_for_few_and_many_matches(
    admin_client, season_1996, on_commit
):
    url = admin_url("group", "change", season_1996.pk)
    with CaptureQueriesContext(connection) as fifteen:
        admin_client.get(url)
    with on_commit():
        teams = [team(slug) for slug in ("jose-galvez", "utc", "cni", "coronel-bolognesi")]
        for number in range(6, 26):
            MatchFactory(
                group=season_1996,
                round=number,
                home_team=teams[number % 4],
                away_team=teams[(number + 1) % 4],
                home_score=1,
                away_score=1,
            )
    with CaptureQueriesContext(connection) as thirty_five:
        admin_client.get(url)
    assert len(thirty_five) == len(fifteen)
