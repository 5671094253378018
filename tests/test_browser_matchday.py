"""The editors' matchday in a real Chromium: a round typed with the keyboard only, a round
pasted, and a save undone from Recent changes; each time the public table follows."""

import pytest

from tests.conftest import CHROMIUM
from tests.test_browser import EXPECTED_ORDER

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]

ORDER_OF_1996 = [
    "José Gálvez",
    "UTC",
    "Coronel Bolognesi",
    "Gigantes del Cenepa",
    "CNI",
    "León de Huánuco",
]
# Round 5's rows in the grid (ordered by round, date) and the scores typed: the round
# of tests/test_browser.py, which gives EXPECTED_ORDER.
ROUND_5_KEYS = ["0", "3", "0", "0", "0", "4"]
FIRST_ROW_OF_ROUND_5 = 12


def sign_in(page, live_server, next_path):
    url = live_server.url + next_path
    page.goto(f"{live_server.url}/admin/login/?next={url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long enough password")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url == url


def public_table(page, live_server):
    page.goto(f"{live_server.url}/seasons/1996/")
    return page.locator("table.standings tbody th a").all_inner_texts()


def focused(page):
    return page.evaluate("document.activeElement.id")


def type_round_with_the_keyboard(page, keys):
    """From round 5's first home score: a score, Tab, the next... each Tab must land
    on the next score box, two stops per match."""
    page.focus(f"#id_matches-{FIRST_ROW_OF_ROUND_5}-home_score")
    page.keyboard.press("Control+A")
    for index, key in enumerate(keys):
        row, side = FIRST_ROW_OF_ROUND_5 + index // 2, ("home", "away")[index % 2]
        assert focused(page) == f"id_matches-{row}-{side}_score"
        page.keyboard.type(key)
        if index < len(keys) - 1:
            page.keyboard.press("Tab")  # the browser selects the next box's score


def test_an_editor_types_a_round_with_the_keyboard_only_and_the_table_follows(
    live_server,
    group_page,
    page,
):
    sign_in(page, live_server, group_page)

    type_round_with_the_keyboard(page, ["0", "3", "0", "0", "0", "x"])  # a slip of the finger
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".row-error-list")
    assert "Round 5: José Gálvez – Gigantes del Cenepa" in summary.inner_text()
    summary.locator("a").first.click()
    assert page.evaluate("location.hash") == f"#matches-{FIRST_ROW_OF_ROUND_5 + 2}"
    assert "has-errors" in page.get_attribute(f"#matches-{FIRST_ROW_OF_ROUND_5 + 2}", "class")

    type_round_with_the_keyboard(page, ROUND_5_KEYS)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "was changed successfully" in page.inner_text(".messagelist")
    assert public_table(page, live_server) == EXPECTED_ORDER


def test_an_editor_undoes_a_round_from_recent_changes(live_server, group_page, page):
    sign_in(page, live_server, group_page)
    type_round_with_the_keyboard(page, ROUND_5_KEYS)
    page.fill("input[name=_change_reason]", "Acta del partido")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert public_table(page, live_server) == EXPECTED_ORDER

    page.goto(f"{live_server.url}/admin/changes/")
    entry = page.locator(".change-entry").first
    assert "Acta del partido" in entry.inner_text()
    with page.expect_navigation():
        page.locator(".change-actions a.button").first.click()
    with page.expect_navigation():
        page.click("input[type=submit].default")
    assert "undone" in page.inner_text(".messagelist")
    assert public_table(page, live_server) == ORDER_OF_1996


def test_an_editor_pastes_a_round_and_the_table_follows(live_server, group_page, page):
    sign_in(page, live_server, group_page)
    with page.expect_navigation():
        page.click("a.paste-results-link")
    page.fill(
        "textarea[name=results]",
        "CNI 0-3 León de Huánuco\nutc 0 – 0 coronel bolognesi\nJosé Gálvez 0—4 Gigantes del Cenepa",
    )
    with page.expect_navigation():
        page.click("input[name=_preview]")
    preview = page.inner_text("#paste-preview")
    assert preview.count("Changed") == 3 and "Problem" not in preview

    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "3 results saved." in page.inner_text(".messagelist")
    assert public_table(page, live_server) == EXPECTED_ORDER
