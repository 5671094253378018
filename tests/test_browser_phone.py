"""The public pages on a phone, 390 px wide, in a real Chromium: the match list's filters
folded behind one control, its key columns on the screen, and nothing wider than the
screen except inside a box that scrolls sideways (tables, the chart, the bracket)."""

import re

import pytest
from django.core.management import call_command

from tests.conftest import CHROMIUM, TOO_WIDE, make_cup_season, read_only_site
from tournaments.models import Group

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,  # the live server reads the data of the module's site
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]

PHONE = {"width": 390, "height": 844}

SCROLLS_SIDEWAYS = "box => box.scrollWidth > box.clientWidth"


def right(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"]


def load_seasons():
    """1996, and a season with a bracket (2005)."""
    cup_season = make_cup_season()
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    group = Group.objects.get(slug="final-group-stage")
    return {"group": group.get_absolute_url(), "bracket": cup_season.get_absolute_url()}


@pytest.fixture(scope="module", autouse=True)  # before the browser: see read_only_site
def site(django_db_setup, django_db_blocker):
    """A live server over the two seasons, loaded once (the tests only read): its URL
    and the paths of the group and the bracket."""
    with read_only_site(django_db_blocker, load_seasons) as site:
        yield site


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport=PHONE)
    yield page
    page.close()


def test_the_filters_are_folded_until_asked_for(site, phone):
    url, _paths = site
    phone.goto(url + "/seasons/1996/matches/?round=2")
    summary = phone.locator("details.filter-panel > summary")
    assert " ".join(summary.inner_text().split()) == "Filter · 1 active: Round"
    assert not phone.locator("#id_team").is_visible()
    assert phone.locator("table.matches").is_visible()
    summary.click()
    assert phone.locator("#id_team").is_visible()
    assert phone.locator("#id_date_0").is_visible() and phone.locator("#id_date_1").is_visible()
    # the date boxes are one below the other, each with its label on its own line
    from_box, to_box = (phone.locator(f"#id_date_{n}").bounding_box() for n in (0, 1))
    assert to_box["y"] >= from_box["y"] + from_box["height"]
    for n, label in ((0, "From"), (1, "To")):
        label_box = phone.locator(f"label[for=id_date_{n}]").bounding_box()
        box = phone.locator(f"#id_date_{n}").bounding_box()
        assert phone.locator(f"label[for=id_date_{n}]").inner_text() == label
        assert abs(label_box["y"] + label_box["height"] / 2 - (box["y"] + box["height"] / 2)) < 8


def test_on_a_wide_screen_the_filters_are_shown_without_the_control(site, phone):
    url, _paths = site
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto(url + "/seasons/1996/matches/")
    if not phone.evaluate("CSS.supports('selector(::details-content)')"):
        # the stylesheet opens the folded panel through it; without it the control stays
        pytest.skip("this Chromium does not support the ::details-content pseudo-element")
    assert phone.locator("#id_team").is_visible()
    assert not phone.locator("details.filter-panel > summary").is_visible()
    phone.focus("#id_team")
    assert phone.evaluate("document.activeElement.id") == "id_team"


@pytest.mark.parametrize("path", ["/seasons/1996/matches/", "/seasons/2005/matches/"])
def test_the_key_columns_fit_the_phone_and_the_rest_scrolls_in_the_box(site, phone, path):
    url, _paths = site
    phone.goto(url + path)
    width = phone.evaluate("document.documentElement.clientWidth")
    headers = phone.locator("table.matches thead th")
    names = [re.match(r"\w+", name.strip()).group() for name in headers.all_inner_texts()]
    assert names[:4] == ["Date", "Home", "Score", "Away"]
    for index in range(4):
        assert right(headers.nth(index)) <= width, names[index]
    assert right(headers.nth(names.index("Venue"))) > width  # reached by scrolling the box
    assert phone.locator("div.scroll:has(table.matches)").evaluate(SCROLLS_SIDEWAYS)
    assert phone.evaluate(TOO_WIDE) == []


def test_links_in_results_look_like_links(site, phone):
    url, paths = site
    phone.goto(url + paths["group"])
    for link in ("ul.results a.home", "ul.results a.away", "ul.results a.score"):
        decoration = phone.locator(link).first.evaluate(
            "a => getComputedStyle(a).textDecorationLine"
        )
        assert decoration == "underline", link


@pytest.mark.parametrize("page", ["season", "group", "bracket"])
def test_nothing_is_wider_than_the_phone_outside_a_scrolling_box(site, phone, page):
    url, paths = site
    phone.goto(url + {"season": "/seasons/1996/", **paths}[page])
    assert phone.evaluate(TOO_WIDE) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if page == "group":  # the chart's legend wraps: every name whole, on the screen
        legend = phone.locator(".chart-legend li")
        assert "6. León de Huánuco" in legend.all_inner_texts()
        for item in legend.all():
            assert right(item) <= PHONE["width"]
    if page == "bracket":
        assert phone.locator(".bracket-box").evaluate(SCROLLS_SIDEWAYS)


def test_on_the_narrowest_phones_the_cross_table_scrolls_in_its_box(site, phone):
    url, paths = site
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(url + paths["group"])
    assert phone.locator("div.scroll:has(table.cross-table)").evaluate(SCROLLS_SIDEWAYS)
    assert phone.evaluate(TOO_WIDE) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
