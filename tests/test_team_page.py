"""A team's page: its record and how far it went each season."""

import re

import pytest

from tests.factories import play


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize(
    "slug, outcome",
    [
        ("delta", "Lost to Alfa in the Semi-finals (Alfa won on aggregate)"),
        ("gamma", "Lost to Beta in the Semi-finals (Beta won on penalties)"),
        ("alfa", "Runner-up"),
        ("beta", "Champion"),
    ],
)
def test_a_team_page_says_how_far_it_went(client, cup_season, slug, outcome):
    page = text(client.get(f"/teams/{slug}/").content.decode())
    assert outcome in page


def test_a_team_page_places_a_group_stage_exit(client, league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        play(group, alfa, beta, 2, 0)
        play(group, gamma, delta, 1, 1)
    assert "Joint 2nd in " + group.name in text(client.get("/teams/gamma/").content.decode())
    assert "4th in " + group.name in text(client.get("/teams/beta/").content.decode())


def test_a_team_page_record_counts_every_played_leg(client, cup_season):
    page = text(client.get("/teams/beta/").content.decode())
    # 0–1 Alfa in the group, 1–0 and 0–1 v Gamma, 0–1, 1–0 and 2–0 v Alfa
    assert "6 played: 3 won, 0 drawn, 3 lost; goals 4–3" in page
