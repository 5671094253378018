"""The positions chart of a group's page: a legend that names the teams in full (it wraps
on a phone, where names drawn in the picture were cut), and the same facts as a table for
screen readers."""

import re

import pytest

from tournaments.reports import positions_chart


def cells(row):
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
    ]


@pytest.fixture
def chart(client, season_1996):
    html = client.get("/seasons/1996/final-stage/final-group-stage/").content.decode()
    return html[html.index('<figure class="chart">') : html.index("</figure>")]


def test_the_legend_names_each_team_in_full_in_the_final_order(chart):
    legend = chart[chart.index('<ul class="chart-legend">') : chart.index("</ul>")]
    entries = re.findall(r"<li [^>]*>(.*?)</li>", legend, re.S)
    entries = [" ".join(re.sub(r"<[^>]+>", " ", entry).split()) for entry in entries]
    assert entries == [
        "1. José Gálvez",
        "2. UTC",
        "3. Coronel Bolognesi",
        "4. Gigantes del Cenepa",
        "5. CNI",
        "6. León de Huánuco",
    ]


def test_each_line_ends_in_its_position_and_names_its_team_on_hover(chart):
    svg = chart[chart.index("<svg") : chart.index("</svg>")]
    lines = re.findall(
        r"<title>([^<]+)</title>\s*<polyline[^>]*/>\s*<text[^>]*>([^<]+)</text>", svg
    )
    assert lines[2] == ("3. Coronel Bolognesi", "3")
    assert lines[5] == ("6. León de Huánuco", "6")
    assert "Bolognesi</text>" not in svg  # no name drawn where a phone would cut it


def test_the_chart_is_also_a_table_of_positions_for_screen_readers(chart):
    hidden = chart[chart.index('<div class="visually-hidden">') :]
    rows = re.findall(r"<tr>(.*?)</tr>", hidden, re.S)
    assert cells(rows[0]) == ["Team", "Round 1", "Round 2", "Round 3", "Round 4", "Round 5"]
    # After round 1 CNI led (3–1), José Gálvez and León de Huánuco shared second (1–0);
    # after round 2 José Gálvez led on 4 points and CNI was second on goals scored.
    assert cells(rows[1]) == ["José Gálvez", "2", "1", "1", "1", "1"]
    assert cells(rows[5])[:3] == ["CNI", "1", "2"]
    assert cells(rows[6])[:3] == ["León de Huánuco", "2", "5"]


def test_the_chart_scrolls_in_a_box_that_the_keyboard_can_reach(chart):
    box = re.search(r'<div class="scroll"([^>]*)>\s*<svg', chart).group(1)
    assert 'tabindex="0"' in box and 'role="region"' in box
    label = re.search(r'aria-labelledby="([^"]+)"', box).group(1)
    assert f'<figcaption id="{label}">Positions after each round</figcaption>' in chart


def test_a_team_missing_from_a_rounds_table_has_no_position_there():
    from types import SimpleNamespace as Row

    team_a, team_b = Row(name="A"), Row(name="B")
    tables = {1: [Row(team=1, position=1)], 2: [Row(team=1, position=2), Row(team=2, position=1)]}
    standings = [
        Row(team_id=2, team=team_b, status="", row=1, position=1),
        Row(team_id=1, team=team_a, status="", row=2, position=2),
    ]
    chart = positions_chart(tables, standings)
    assert [line.by_round for line in chart.lines] == [[None, 1], [1, 2]]
    assert chart.round_numbers == [1, 2]
