"""Every public HTML page (PAGES: one of each kind, over the 1996 season) passes axe-core
in a real Chromium, at desktop and phone widths, some also in dark mode: no serious or
critical violation (WCAG 2.2 AA and axe's best practices), and nothing wider than the
screen unless inside a box that scrolls sideways."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import CHROMIUM, TOO_WIDE, read_only_site
from tournaments.models import Match

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,  # the live server reads the data of the module's site
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = {
    "home": "/",
    "seasons": "/seasons/",
    "season": "/seasons/1996/",
    "season teams": "/seasons/1996/teams/",
    "match list": None,  # filtered by a team (its id) and sorted: see site_1996
    "group": "/seasons/1996/final-stage/final-group-stage/",  # results grid and chart
    "team search": "/teams/?q=deportivo",
    "team": "/teams/leon-de-huanuco/",
    "head to head": "/teams/jose-galvez/vs/utc/",
    "departments": "/departments/",
    "department": "/departments/huanuco/",
    "match": None,  # the final's page
    "records": "/records/",
    "404": "/no-such-page/",
}
DARK_PAGES = ("season", "match list", "group", "match")
FAILING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="module")
def axe():
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


def load_1996():
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    final = Match.objects.get(home_team__slug="jose-galvez", away_team__slug="leon-de-huanuco")
    matches = f"/seasons/1996/matches/?team={final.away_team_id}&sort=-date"
    return dict(PAGES, match=final.get_absolute_url(), **{"match list": matches})


@pytest.fixture(scope="module", autouse=True)  # before the browser: see read_only_site
def site_1996(django_db_setup, django_db_blocker):
    """A live server over the 1996 season, loaded once (the tests only read), and the
    path of each page to check."""
    with read_only_site(django_db_blocker, load_1996) as site:
        yield site


def serious_violations(axe, page):
    found = axe.run(page).response["violations"]
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} – "
        + ", ".join(" ".join(node["target"]) for node in rule["nodes"])
        for rule in found
        if rule["impact"] in FAILING_IMPACTS
    ]


def open_page(browser, site_1996, name, width, color_scheme="light"):
    url, paths = site_1996
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=color_scheme)
    response = page.goto(url + paths[name])
    assert response.status == (404 if name == "404" else 200)
    if name == "match list":
        assert page.locator("table.matches tbody tr").count() == 5  # the filter was applied
    if name == "team search":  # the search was run and found some
        found = page.locator("table.data tbody th a").all_inner_texts()
        assert found and all("Deportivo" in team for team in found), found
    return page


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_the_page_passes_axe_and_fits_the_screen(browser, axe, site_1996, name, width):
    page = open_page(browser, site_1996, name, width)
    try:
        problems = serious_violations(axe, page)
        too_wide = page.evaluate(TOO_WIDE)
    finally:
        page.close()
    assert not problems, "\n".join(problems)
    assert not too_wide, f"wider than {width} px outside a scrolling box: {too_wide}"


@pytest.mark.parametrize("name", DARK_PAGES)
def test_the_page_passes_axe_in_dark_mode(browser, axe, site_1996, name):
    page = open_page(browser, site_1996, name, WIDTHS["phone"], color_scheme="dark")
    try:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        problems = serious_violations(axe, page)
    finally:
        page.close()
    assert background == "rgb(18, 22, 29)"  # the dark --bg: the scheme was applied
    assert not problems, "\n".join(problems)


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(browser, site_1996):
    page = open_page(browser, site_1996, "season", WIDTHS["phone"])
    try:
        skip = page.locator(".skip-link")
        hidden_box = skip.bounding_box()
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        shown_box = skip.bounding_box()
        outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
        page.keyboard.press("Enter")
        target = page.evaluate("location.hash")
    finally:
        page.close()
    assert focused == "skip-link"
    assert hidden_box["y"] + hidden_box["height"] <= 0 < shown_box["y"] + shown_box["height"]
    assert outline == "solid"
    assert target == "#content"


@pytest.mark.parametrize(("sort", "arrow"), [("-date", "▼"), ("date", "▲")])
def test_the_sorted_column_shows_its_arrow(browser, site_1996, sort, arrow):
    url, _paths = site_1996
    page = browser.new_page()
    try:
        page.goto(f"{url}{reverse('tournaments:season-matches', args=[1996])}?sort={sort}")
        after = "links => links.map(a => getComputedStyle(a, '::after').content)"
        sorted_arrow = page.eval_on_selector_all("th[aria-sort] a", after)
        other_arrows = page.eval_on_selector_all("th.orderable:not([aria-sort]) a", after)
        sorted_header = page.locator("th[aria-sort]").inner_text()
    finally:
        page.close()
    assert sorted_arrow[0].startswith(f'"\u00a0{arrow}"')
    assert other_arrows and all(other.startswith('"\u00a0⇅"') for other in other_arrows)
    assert sorted_header.startswith("Date")


def test_motion_is_cut_for_readers_who_ask_for_less(browser, site_1996):
    page = open_page(browser, site_1996, "home", WIDTHS["desktop"])
    try:
        page.emulate_media(reduced_motion="reduce")
        reduced = page.evaluate("getComputedStyle(document.body).transitionDuration")
        page.emulate_media(reduced_motion="no-preference")
        normal = page.evaluate("getComputedStyle(document.body).transitionDuration")
    finally:
        page.close()
    assert (reduced, normal) == ("1e-05s", "0s")
