"""Random query strings against every public page: whatever a reader, a crawler or a
scanner types after the "?", the site answers it without a server error.

Hypothesis draws a page (in Spanish at the plain URLs or English under /en/) and a
query string of known parameter names (the match list's filters, sorting and paging,
the team search, the download format) and junk ones, with values from plain text to
unicode digits, huge numbers and NUL bytes. The test client raises what a view
raises, so a 500 fails the test with its traceback and the example that caused it.
Every page exists, so anything but a 200 is a failure too.
"""

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tournaments.models import Match, Team

PAGES = [
    "/",
    "/teams/",
    "/seasons/1996/",
    "/seasons/1996/matches/",
    "/seasons/1996/teams/",
    "/seasons/1996/standings.csv",
    "/seasons/1996/football.json",
    "/teams/{team}/",
    "/departments/{department}/",
    "/matches/{match}/",
]
KNOWN_KEYS = [
    "team",
    "stage",
    "group",
    "round",
    "date_after",
    "date_before",
    "venue",
    "status",
    "sort",
    "page",
    "per_page",
    "q",
    "format",
    "language",
]
AWKWARD_VALUES = [
    "",
    "²",
    "١٢",
    "0",
    "-1",
    "1e3",
    "9" * 5000,
    "\x00",
    "csv",
    "json",
    "date",
    "-date",
    "score",
    "-score",
    "home_team",
    "points",
    "1996-13-45",
    "1997-01-19",
    "%",
    "' OR 1=1 --",
    "<script>",
]
# Any character but the surrogates, which a URL can't carry (UTF-8 has no encoding
# for them).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
VALUES = st.one_of(
    st.sampled_from(AWKWARD_VALUES),
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=1, max_value=10_000).map(lambda digits: "9" * digits),
)
KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), TEXT)
QUERIES = st.lists(st.tuples(KEYS, VALUES), max_size=6)
LANGUAGES = st.sampled_from(["", "/en"])
FUZZ = settings(
    deadline=None,
    database=None,  # nothing written to .hypothesis/: a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def get(client, path, query):
    """The page, asserted to be no server error (the client raises a view's exception)."""
    response = client.get(f"{path}?{urlencode(query)}")
    assert response.status_code == 200, (path, query, response.status_code)
    return response


@settings(FUZZ, max_examples=150)
@given(prefix=LANGUAGES, csv=st.booleans(), query=QUERIES)
def test_no_query_string_breaks_the_match_list(
    client, season_1996, spanish_site, prefix, csv, query
):
    """The page with filters, sorting and paging: where a query string does most."""
    get(client, f"{prefix}/seasons/1996/matches/", [*query, *([("format", "csv")] if csv else [])])


@settings(FUZZ, max_examples=120)
@given(page=st.sampled_from(PAGES), prefix=LANGUAGES, query=QUERIES)
def test_no_query_string_breaks_a_page(client, season_1996, spanish_site, page, prefix, query):
    team = Team.objects.select_related("department").get(slug="utc")
    path = prefix + page.format(
        team=team.slug, department=team.department.slug, match=Match.objects.first().pk
    )

    get(client, path, query)
