"""The pages that `make run` shows before the full public site exists."""

import pytest
from django.urls import reverse

from tests.factories import SeasonFactory


def test_home_lists_the_seasons_newest_first_with_their_champion(client, season_1996):
    SeasonFactory(year=1997)
    response = client.get(reverse("tournaments:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(">1997<") < html.index(">1996<")
    assert "José Gálvez" in html
    assert reverse("admin:index") not in html  # for signed-in staff only (test_accessibility.py)


def test_home_without_seasons_says_so(client, db):
    response = client.get(reverse("tournaments:home"))
    assert response.status_code == 200
    assert "No season on record yet." in response.content.decode()


def test_season_page_shows_the_stored_table_in_order(client, season_1996):
    html = client.get("/seasons/1996/").content.decode()
    order = ["José Gálvez", "UTC", "Coronel Bolognesi", "Gigantes del Cenepa", "CNI"]
    table = html[html.index('class="data standings"') :].split("</table>")[0]
    positions = [table.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)
    assert "Promoted to 1997 Torneo Descentralizado" in html


@pytest.mark.parametrize("url", ["/seasons/1800/", "/matches/999999/", "/no-such-page/"])
def test_unknown_pages_give_the_friendly_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_admin_login_page_is_served(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
