"""Public pages come from the cache, and no change to the data leaves one stale."""

import datetime
import gzip

import pytest
from django.core.management import call_command

from copaperu import page_cache
from tournaments.freshness import current_version
from tournaments.models import Match, Team

pytestmark = pytest.mark.usefixtures("page_cache")

SEASON = "/seasons/1996/"


def wraps(calls, function):
    """``function``, noting each call in ``calls``."""
    return lambda *args, **kwargs: calls.append(args) or function(*args, **kwargs)


def final_match():
    return Match.objects.get(home_team__name="José Gálvez", away_team__name="León de Huánuco")


def test_a_page_seen_once_is_served_again_without_a_query(
    client, season_1996, django_assert_num_queries
):
    first = client.get(SEASON)
    with django_assert_num_queries(0):
        again = client.get(SEASON)
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"


def test_a_saved_result_is_on_the_next_request(client, season_1996, on_commit):
    before = client.get(SEASON).content.decode()
    match = final_match()
    with on_commit():
        match.home_score, match.away_score = 9, 8
        match.save()
    after = client.get(SEASON).content.decode()
    assert "9–8" in after and "9–8" not in before


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Team.objects.filter(name="UTC").first().save(), id="a team renamed"),
        pytest.param(lambda: final_match().delete(), id="a match deleted"),
        pytest.param(lambda: call_command("recompute_standings", verbosity=0), id="recompute"),
        pytest.param(
            lambda: call_command("loaddata", "copa_peru_1996", verbosity=0), id="loaddata"
        ),
    ],
)
def test_every_kind_of_change_makes_a_new_version(client, season_1996, on_commit, change):
    client.get(SEASON)
    before = current_version()
    with on_commit():
        change()
    assert current_version() != before


def test_a_revert_from_history_makes_a_new_version(season_1996, on_commit):
    with on_commit():
        match = final_match()
        match.home_score = 9
        match.save()  # keeps the version before it too
    before = current_version()
    with on_commit():
        match.history.earliest().instance.save()
    assert current_version() != before
    assert final_match().home_score == 5


def test_no_change_is_seen_before_it_commits(season_1996, django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        match = final_match()
        match.home_score = 7
        match.save()
        assert current_version() == before  # a page rendered now would show the old table
    assert callbacks


def test_a_conditional_request_gets_304_until_the_data_changes(client, season_1996, on_commit):
    first = client.get(SEASON)
    tag, modified = first["ETag"], first["Last-Modified"]
    assert tag.startswith('W/"')
    assert client.get(SEASON, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert client.get(SEASON, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    with on_commit():
        final_match().save()
    changed = client.get(SEASON, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag


def test_a_new_day_in_lima_renders_pages_again_though_no_data_changed(
    client, season_1996, monkeypatch
):
    """What is still to come (the home page's next fixtures) changes at midnight."""
    today = datetime.date(2026, 11, 28)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: today)
    first = client.get("/")
    tag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/", HTTP_IF_NONE_MATCH=tag).status_code == 304
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: today + datetime.timedelta(1))
    rendered = []
    monkeypatch.setattr(page_cache.CachedPage, "of", wraps(rendered, page_cache.CachedPage.of))
    assert client.get("/", HTTP_IF_NONE_MATCH=tag).status_code == 200
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    assert len(rendered) == 1  # rendered again once, then served from the cache


def test_html_json_and_csv_are_compressed_once(client, season_1996, monkeypatch):
    compressions = []
    real_compress = gzip.compress
    monkeypatch.setattr(
        page_cache.gzip,
        "compress",
        lambda data, **kw: compressions.append(1) or real_compress(data, **kw),
    )
    for url in (SEASON, f"{SEASON}football.json", f"{SEASON}standings.csv"):
        plain = client.get(url)
        for _ in range(2):
            packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
            assert packed["Content-Encoding"] == "gzip", url
            assert gzip.decompress(packed.content) == plain.content, url
            assert "Accept-Encoding" in packed["Vary"]
        assert "Content-Encoding" not in plain
        again = client.get(url)  # from the cache, which keeps the gzipped body only
        assert again.content == plain.content and "Content-Encoding" not in again, url
        assert again["Content-Length"] == str(len(plain.content))
    assert len(compressions) == 3


def test_an_editor_is_never_served_a_cached_page(admin_client, season_1996):
    admin_client.get(SEASON)
    response = admin_client.get(SEASON)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_a_page_that_sets_a_cookie_is_not_stored(client, db):
    client.get("/admin/login/")
    response = client.get("/admin/login/")
    assert "csrftoken" in response.cookies
    assert "public" not in response.get("Cache-Control", "")


def test_a_head_request_gets_the_headers_without_the_body(client, season_1996):
    page = client.get(SEASON)
    head = client.head(SEASON)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == page["ETag"]


def test_each_language_has_its_own_page(client, season_1996, spanish_site):
    assert '<html lang="es">' in client.get(SEASON).content.decode()
    assert '<html lang="en">' in client.get(f"/en{SEASON}").content.decode()
    assert client.get(SEASON, HTTP_ACCEPT_LANGUAGE="en")["Location"] == f"/en{SEASON}"


def test_a_load_of_many_rows_changes_the_version_once_not_once_a_row(
    season_1996, django_capture_on_commit_callbacks, monkeypatch
):
    bumps = []
    monkeypatch.setattr("tournaments.freshness.bump_version", lambda: bumps.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", "copa_peru_1996", verbosity=0)
    assert len(bumps) == 2  # the rows' commit, then the standings computed after it
