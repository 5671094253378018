"""The open JSON API (/api/): read-only, anonymous, throttled, described by its OpenAPI
document, cached whole like the pages, and blind to draft seasons."""

import json
import re
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator
from rest_framework.throttling import AnonRateThrottle

from tests.test_draft_seasons import seasons  # noqa: F401 (a fixture, for ``drafts``)
from tournaments.generation import generate_season
from tournaments.models import Match, Season, Team

# Each path of the OpenAPI document, and where 1996 answers it.
ENDPOINTS_1996 = {
    "/api/": "/api/",
    "/api/seasons/": "/api/seasons/",
    "/api/seasons/{year}/": "/api/seasons/1996/",
    "/api/seasons/{year}/matches/": "/api/seasons/1996/matches/",
    "/api/teams/": "/api/teams/",
    "/api/teams/{slug}/": "/api/teams/jose-galvez/",
    "/api/departments/": "/api/departments/",
}
SEASON_QUERIES = 6  # the season, its groups, their rows, zones and tiebreakers, the legs
MATCH_LIST_QUERIES = 4  # the season, a filter's team, the count, the page


@pytest.fixture(scope="module")
def openapi():
    """The OpenAPI document, as /api/schema/ serves it."""
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def drafts(request):
    """2003 and 2007 published, 2005 a draft; Novato known only from the draft
    (tests/test_draft_seasons.py)."""
    return request.getfixturevalue("seasons")


@pytest.fixture
def big_season(db):
    """40 teams in groups of 5, then a second stage and knockout rounds: 200+ matches."""
    return generate_season(2101, teams=40, group_size=5)


def answer_schema(openapi, path):
    """The schema of a path's 200 answer, closed: an object with a key the document
    doesn't declare fails, as one that lacks a declared key does."""
    document = json.loads(json.dumps(openapi, default=str))  # lazy texts made plain
    for schema in document["components"]["schemas"].values():
        if "properties" in schema:
            schema["additionalProperties"] = False
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    return {**content["application/json"]["schema"], "components": document["components"]}


def schema_errors(openapi, path, data):
    schema = answer_schema(openapi, path)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = validator.iter_errors(data)
    return [f"{list(error.absolute_path)}: {error.message}" for error in errors]


def standings_command(year):
    out = StringIO()
    call_command("standings", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


# -- the document ------------------------------------------------------------------------


def test_the_openapi_document_is_valid_and_generated_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")
    assert "/api/seasons/{year}/matches/:" in (tmp_path / "api.yaml").read_text()


def test_every_path_of_the_document_is_checked_below(openapi):
    assert set(openapi["paths"]) == set(ENDPOINTS_1996)


@pytest.mark.parametrize("path", ENDPOINTS_1996)
def test_each_answer_of_1996_is_what_the_document_says(client, season_1996, openapi, path):
    response = client.get(ENDPOINTS_1996[path])
    assert response.status_code == 200
    assert schema_errors(openapi, path, response.json()) == []


def test_a_season_with_knockout_ties_is_what_the_document_says(client, cup_season, openapi):
    data = client.get("/api/seasons/2005/").json()
    assert [len(stage["ties"]) for stage in data["stages"]] == [0, 2, 1]
    assert schema_errors(openapi, "/api/seasons/{year}/", data) == []


def test_an_undeclared_key_fails_the_check(client, season_1996, openapi):
    data = client.get("/api/seasons/1996/").json()
    data["stages"][0]["groups"][0]["standings"][0]["goal_difference"] = 3
    del data["champion"]["slug"]
    assert len(schema_errors(openapi, "/api/seasons/{year}/", data)) == 2


def test_the_schema_is_served_as_json_or_as_yaml(client):
    assert client.get("/api/schema/").json()["openapi"] == "3.1.0"
    yaml = client.get("/api/schema/?format=yaml")
    assert yaml["Content-Type"].startswith("application/yaml")
    assert yaml.content.startswith(b"openapi: 3.1.0")


# -- the docs page and the CSP -----------------------------------------------------------


def test_the_docs_page_runs_no_inline_script_nor_style(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "img-src 'self' data:" in policy  # Swagger UI's icons; images only
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[-1] == "/api/docs/?script="
    assert not response.cookies


def test_the_docs_script_is_a_file_that_loads_our_schema(client):
    response = client.get("/api/docs/?script=")
    assert response["Content-Type"].startswith("application/javascript")
    script = response.content.decode()
    assert 'url: "/api/schema/"' in script and "SwaggerUIBundle(" in script
    assert not response.cookies  # no CSRF cookie: nothing is ever sent to the API


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert len(assets) == 4  # favicon, stylesheet, bundle, preset
    assert all(finders.find(asset) for asset in assets), assets


# -- 1996 --------------------------------------------------------------------------------


def test_1996_names_jose_galvez_champion_and_its_final_table_is_the_standings_commands(
    client, season_1996
):
    season = client.get("/api/seasons/1996/").json()
    assert season["champion"]["name"] == "José Gálvez"
    assert (season["points_for_win"], season["points_for_draw"]) == (3, 1)
    (stage,) = season["stages"]
    assert (stage["name"], stage["name_en"], stage["kind"]) == (
        "Etapa Final",
        "Final stage",
        "round_robin",
    )
    (group,) = stage["groups"]
    (table,) = standings_command(1996)
    assert len(group["standings"]) == 6
    assert group["standings"] == table["rows"]
    assert [row["team"] for row in table["rows"]][:2] == ["José Gálvez", "UTC"]


def test_the_season_list_gives_each_season_with_its_links(client, season_1996):
    (season,) = client.get("/api/seasons/").json()
    assert season["year"] == 1996 and season["champion"]["slug"] == "jose-galvez"
    assert season["team_count"] == 26
    assert season["url"] == "http://testserver/api/seasons/1996/"
    assert season["html_url"] == "http://testserver/seasons/1996/"


def test_a_team_gives_its_seasons_and_where_it_finished(client, season_1996):
    team = client.get("/api/teams/jose-galvez/").json()
    assert (team["short_code"], team["city"], team["department"]["name"]) == (
        "GAL",
        "Chimbote",
        "Áncash",
    )
    (season,) = team["seasons"]
    assert (season["year"], season["position"], season["champion"]) == (1996, 1, True)
    assert season["stage"]["kind"] == "round_robin" and season["runner_up"] is False
    assert team["record"]["played"] == 5


def test_a_team_gives_its_aliases(client, season_1996):
    Team.objects.get(slug="jose-galvez").aliases.create(name="Gálvez de Chimbote")
    assert client.get("/api/teams/jose-galvez/").json()["aliases"] == ["Gálvez de Chimbote"]


def test_the_team_list_finds_teams_by_their_words(client, season_1996):
    found = client.get("/api/teams/", {"q": "chimbote"}).json()
    assert [team["name"] for team in found["results"]] == ["José Gálvez"]
    assert client.get("/api/teams/").json()["count"] == 26


def test_each_department_gives_its_number_of_teams(client, season_1996):
    departments = {d["slug"]: d for d in client.get("/api/departments/").json()}
    assert len(departments) == 25
    assert departments["huanuco"]["team_count"] == 2  # Huánuco sent two teams in 1996


# -- knockout ties -----------------------------------------------------------------------


def test_each_tie_gives_its_legs_and_the_engines_winner(client, cup_season):
    stages = client.get("/api/seasons/2005/").json()["stages"]
    semi_beta, semi_alfa = stages[1]["ties"]
    assert (semi_beta["winner"]["name"], semi_beta["decided_by"]) == ("Beta", "penalties")
    assert semi_beta["shootout"] is True
    assert (semi_alfa["first_goals"], semi_alfa["second_goals"]) == (3, 2)
    assert (semi_alfa["winner"]["name"], semi_alfa["decided_by"]) == ("Alfa", "aggregate")
    (final,) = stages[2]["ties"]
    assert [leg["round"] for leg in final["legs"]] == [1, 2, 3]
    first_leg = final["legs"][0]
    assert (first_leg["home"]["name"], first_leg["away"]["name"]) == ("Alfa", "Beta")
    assert (first_leg["home_score"], first_leg["away_score"], first_leg["date"]) == (1, 0, None)
    assert (final["winner"]["name"], final["decided_by"]) == ("Beta", "play_off")


# -- the match list ----------------------------------------------------------------------


def test_the_matches_are_filtered_as_on_the_match_list(client, season_1996):
    galvez = Team.objects.get(slug="jose-galvez")
    url = "/api/seasons/1996/matches/"
    mine = client.get(url, {"team": galvez.pk}).json()
    assert mine["count"] == 5
    assert all(galvez.pk in (m["home"]["id"], m["away"]["id"]) for m in mine["results"])
    first_round = client.get(url, {"round": 1}).json()["results"]
    assert len(first_round) == 3 and {m["round"] for m in first_round} == {1}
    assert client.get(url, {"status": "scheduled"}).json()["count"] == 0


def test_a_bad_filter_is_a_400_that_names_it(client, season_1996):
    response = client.get("/api/seasons/1996/matches/", {"team": 999999})
    assert response.status_code == 400 and list(response.json()) == ["team"]


def test_the_matches_come_50_a_page(client, big_season):
    url = f"/api/seasons/{big_season.year}/matches/"
    total = Match.objects.for_season(big_season).count()
    first = client.get(url).json()
    assert first["count"] == total and len(first["results"]) == 50
    assert first["previous"] is None and first["next"].endswith(f"{url}?page=2")
    last_page = (total + 49) // 50
    last = client.get(url, {"page": last_page}).json()
    assert len(last["results"]) == total - 50 * (last_page - 1) and last["next"] is None
    shown = [m["id"] for page in range(1, last_page + 1) for m in page_of(client, url, page)]
    assert len(set(shown)) == total


def page_of(client, url, page):
    return client.get(url, {"page": page}).json()["results"]


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/api/seasons/{year}/", SEASON_QUERIES),
        ("/api/seasons/{year}/matches/?team={team}&page=1", MATCH_LIST_QUERIES),
    ],
)
def test_the_queries_dont_grow_with_the_season(
    client, season_1996, big_season, django_assert_max_num_queries, path, limit
):
    for season in (Season.objects.get(year=1996), big_season):
        team = Team.objects.playing_in(season).first()
        with django_assert_max_num_queries(limit):
            response = client.get(path.format(year=season.year, team=team.pk))
        assert response.status_code == 200


# -- read-only, open, throttled ----------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/seasons/", "/api/seasons/1996/", "/api/teams/jose-galvez/"])
def test_nothing_can_be_written(client, season_1996, method, url):
    assert getattr(client, method)(url, {}, content_type="application/json").status_code == 405


def test_any_site_may_read_the_api_but_not_the_pages(client, season_1996):
    origin = {"HTTP_ORIGIN": "https://example.org"}
    assert client.get("/api/seasons/", **origin)["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/seasons/1996/", **origin)


def test_a_preflight_allows_reading_only(client, db):
    response = client.options(
        "/api/seasons/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_answer_is_json_whatever_the_client_accepts(client, season_1996):
    response = client.get("/api/seasons/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"
    assert client.get("/api/seasons/?format=api").status_code == 404


def test_the_api_is_at_one_address_whatever_the_language(client, season_1996, spanish_site):
    for url in ("/api/seasons/", "/api/docs/"):  # an English browser isn't sent to /en/
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200, url
    assert client.get("/en/api/seasons/").status_code == 404


def test_an_address_past_the_rate_is_told_to_wait(client, season_1996, page_cache):
    allowed, _seconds = AnonRateThrottle().parse_rate(
        AnonRateThrottle.THROTTLE_RATES[AnonRateThrottle.scope]
    )
    for number in range(allowed):  # each address new: the page cache can't answer it
        assert client.get(f"/api/departments/?n={number}").status_code == 200
    refused = client.get("/api/departments/?n=last")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    forged = client.get("/api/departments/?n=forged", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert forged.status_code == 429  # a client's own header changes nothing
    assert client.get("/api/departments/?n=1", REMOTE_ADDR="192.0.2.10").status_code == 200


# -- the page cache ----------------------------------------------------------------------


def test_an_answer_is_cached_and_an_edit_shows_on_the_next_request(
    client, season_1996, page_cache, on_commit, django_assert_num_queries
):
    url = "/api/seasons/1996/matches/?round=5"
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=30, stale-while-revalidate=60"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    match = Match.objects.get(pk=first.json()["results"][0]["id"])
    with on_commit():
        match.home_score, match.away_score = 9, 8
        match.save()
    (home_score, away_score) = next(
        (m["home_score"], m["away_score"]) for m in client.get(url).json()["results"]
    )
    assert (home_score, away_score) == (9, 8)


# -- drafts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/seasons/2005/", "/api/seasons/2005/matches/", "/api/teams/novato/"]
)
def test_a_draft_and_what_only_it_knows_are_not_found(client, drafts, url):
    assert client.get(url).status_code == 404


def test_no_list_names_a_draft(client, drafts):
    assert [s["year"] for s in client.get("/api/seasons/").json()] == [2007, 2003]
    teams = client.get("/api/teams/").json()["results"]
    assert [team["name"] for team in teams] == ["Alfa", "Beta"]
    assert client.get("/api/teams/", {"q": "novato"}).json()["count"] == 0
    departments = {d["slug"]: d["team_count"] for d in client.get("/api/departments/").json()}
    assert departments[drafts.department.slug] == 2
    alfa = client.get(f"/api/teams/{drafts.alfa.slug}/").json()
    assert [season["year"] for season in alfa["seasons"]] == [2003]
    assert alfa["record"]["played"] == 1
