"""An editor enters a round in a real Chromium and the public table follows."""

import shutil

import pytest
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from django.core.management import call_command

from tournaments.models import Group

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]

ROUND_5 = {  # row of the match inline (ordered by round, date) -> new score
    12: ("0", "3"),  # CNI 0–3 León de Huánuco
    13: ("0", "0"),  # UTC 0–0 Coronel Bolognesi
    14: ("0", "4"),  # José Gálvez 0–4 Gigantes del Cenepa
}
# Rounds 1–4 as in 1996, then the round above, worked out by hand.
EXPECTED_ORDER = [
    "José Gálvez",  # 10 pts
    "Gigantes del Cenepa",  # 9
    "Coronel Bolognesi",  # 8
    "UTC",  # 7
    "León de Huánuco",  # 6
    "CNI",  # 3
]


@pytest.fixture
def group_page(transactional_db):
    """The 1996 group's admin path, with an editor to sign in (set up before the browser:
    Django refuses ORM calls in the thread once Playwright runs its event loop)."""
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    user = User.objects.create_user("editor", password="a long enough password", is_staff=True)
    user.groups.add(UserGroup.objects.get(name="Editors"))
    return f"/admin/tournaments/group/{Group.objects.get().pk}/change/"


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_an_editor_enters_a_round_and_sees_the_new_table(live_server, group_page, page):
    group_url = live_server.url + group_page

    page.goto(f"{live_server.url}/admin/login/?next={group_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long enough password")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url == group_url

    for row, (home, away) in ROUND_5.items():
        page.fill(f"#id_matches-{row}-home_score", home)
        page.fill(f"#id_matches-{row}-away_score", away)
    page.fill("#id_matches-14-away_score", "")  # the mistake: one score missing
    with page.expect_navigation():  # read the answer, not the page that sent it
        page.click("input[name=_continue]")
    assert "Enter both scores, or neither." in page.inner_text("#matches-group")

    page.fill("#id_matches-14-away_score", "4")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert "was changed successfully" in page.inner_text(".messagelist")

    page.goto(f"{live_server.url}/seasons/1996/")
    shown = page.locator("table.standings tbody th a").all_inner_texts()
    assert shown == EXPECTED_ORDER
