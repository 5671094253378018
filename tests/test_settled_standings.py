"""A write and the standings it changes are committed together, or not at all.

The standings batch normally runs after the commit (``transaction.on_commit``).
An edit in the admin, or an import, settles it inside its own transaction
instead, so a recomputation that fails rolls back the edit that caused it: the
editor sees an error page and nothing is half-written.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import play, table
from tests.test_admin import admin_url, computed_table, fixture_match, page_data, stored_table
from tournaments import services, signals
from tournaments.models import Match, Season, Team

DATA = Path(__file__).parent / "data"


class RecomputeFailed(Exception):
    pass


@pytest.fixture
def failing_recompute(monkeypatch):
    def fail(group_id):
        raise RecomputeFailed(f"group {group_id}")

    monkeypatch.setattr(services, "recompute_group", fail)


def test_a_failed_recompute_rolls_back_the_admin_edit_that_caused_it(
    season_1996, admin_user, failing_recompute
):
    client = Client(raise_request_exception=False)  # the error page, as a visitor gets it
    client.force_login(admin_user)
    match = fixture_match(season_1996, 1, "leon-de-huanuco")
    url = admin_url("match", "change", match.pk)
    data = page_data(client, url)
    data.update(home_score="7", away_score="0")
    history = Match.history.count()
    standings = stored_table(season_1996)

    response = client.post(url, data)

    assert response.status_code == 500
    match.refresh_from_db()
    assert (match.home_score, match.away_score) == (1, 0)
    assert Match.history.count() == history
    assert stored_table(season_1996) == standings


def test_an_admin_edit_has_stored_its_standings_when_the_response_is_sent(
    season_1996, admin_client
):
    match = fixture_match(season_1996, 1, "leon-de-huanuco")
    url = admin_url("match", "change", match.pk)
    data = page_data(admin_client, url)
    data.update(home_score="0", away_score="3")

    response = admin_client.post(url, data)  # no commit in a test: only the request settles

    assert response.status_code == 302
    assert stored_table(season_1996) == computed_table(season_1996)


def test_settling_runs_the_batch_now_and_the_commit_runs_nothing_more(
    league, monkeypatch, django_capture_on_commit_callbacks
):
    group, (alfa, beta, *_others) = league
    calls = []
    recompute = signals.recompute_group_ids
    monkeypatch.setattr(
        signals, "recompute_group_ids", lambda *ids: calls.append(ids) or recompute(*ids)
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        play(group, alfa, beta, 2, 0)
        signals.settle_standings()
        assert table(group)[0] == ("Alfa", 1, 1, 3)
        assert len(calls) == 1

    batches = [c for c in callbacks if isinstance(c, signals.StandingsBatch)]
    assert len(set(map(id, batches))) == 1  # one batch, run once
    assert len(calls) == 1


def test_settling_without_a_pending_batch_does_nothing(db, monkeypatch):
    monkeypatch.setattr(signals, "recompute_group_ids", lambda *ids: pytest.fail("ran"))

    signals.settle_standings()


IMPORTS = [
    pytest.param(
        ["import_football_json", str(DATA / "football_json" / "liguilla.json"), "--season", "1998"],
        id="football.json",
    ),
    pytest.param(
        [
            "import_wikitext",
            str(DATA / "wikitext" / "regional_1993_no_infobox.wikitext"),
            "--year",
            "1993",
        ],
        id="wikitext",
    ),
    pytest.param(["load_initial_data"], id="initial data"),
]


@pytest.mark.parametrize("command", IMPORTS)
def test_a_failed_recompute_leaves_an_import_unwritten(db, on_commit, failing_recompute, command):
    with on_commit(), pytest.raises(RecomputeFailed):
        call_command(*command, stdout=io.StringIO(), stderr=io.StringIO())

    assert not Season.objects.exists()
    assert not Team.objects.exists()
