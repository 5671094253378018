"""A knockout tie's legs typed together on the group page are judged together."""

import pytest

from tests.factories import GroupFactory, GroupMemberFactory, StageFactory, TeamFactory, play
from tests.test_admin import add_row, admin_url, inline_formset, page_data
from tournaments.models import Season, Stage


@pytest.fixture
def tie(db, on_commit):
    with on_commit():
        final = StageFactory(kind=Stage.Kind.KNOCKOUT, tie_rule=Stage.TieRule.POINTS)
        group = GroupFactory(stage=final, name="Final")
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        for team in (alfa, beta):
            GroupMemberFactory(group=group, team=team)
        play(group, alfa, beta, 1, 0, round=1)
    return group, alfa, beta


def leg(data, number, home, away, home_score, away_score):
    add_row(data, "matches", round=number, home_team=home, away_team=away,
            home_score=home_score, away_score=away_score, status="played")  # fmt: skip


def test_a_second_leg_and_its_play_off_typed_together_are_accepted(admin_client, tie, on_commit):
    group, alfa, beta = tie
    url = admin_url("group", "change", group.pk)
    data = page_data(admin_client, url)
    leg(data, 2, beta, alfa, 2, 0)  # a win each: level on points
    leg(data, 3, alfa, beta, 0, 1)  # the play-off
    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 302
    assert group.matches.count() == 3
    assert Season.objects.get(pk=group.stage.season_id).champion == beta


def test_a_play_off_typed_with_legs_that_decide_the_tie_is_refused(admin_client, tie, on_commit):
    group, alfa, beta = tie
    url = admin_url("group", "change", group.pk)
    data = page_data(admin_client, url)
    leg(data, 2, beta, alfa, 0, 0)  # Alfa won on points
    leg(data, 3, alfa, beta, 0, 1)
    with on_commit():
        response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = inline_formset(response, "matches").forms[2].errors
    assert "only played when the legs leave the tie level" in str(errors)
    assert group.matches.count() == 1
