"""The season page: tables kept as a source published them, the champion and runner-up."""

import re

from tests.factories import GroupFactory, GroupMemberFactory, play
from tests.test_public import standings_rows
from tournaments import selectors
from tournaments.models import PublishedRow

ROWS = [  # team index, W, D, L, GF, GA, Pts: a table without its matches
    (0, 2, 1, 0, 6, 2, 7),
    (1, 1, 2, 0, 4, 3, 5),
    (2, 1, 0, 2, 3, 5, 3),
    (3, 0, 1, 2, 2, 5, 1),
]


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def publish(group, teams, source, url=""):
    group.published_source, group.published_source_url = source, url
    group.save()
    for row, (index, won, drawn, lost, goals_for, goals_against, points) in enumerate(
        ROWS, start=1
    ):
        PublishedRow.objects.create(
            group=group,
            team=teams[index],
            row=row,
            won=won,
            drawn=drawn,
            lost=lost,
            goals_for=goals_for,
            goals_against=goals_against,
            points=points,
        )


def test_a_published_table_names_its_source_and_says_the_results_are_missing(
    client, league, on_commit
):
    group, teams = league
    with on_commit():
        publish(group, teams, "RSSSF: Peru 1985", "https://www.rsssf.org/tablesp/peru85.html")
    group.refresh_from_db()
    assert group.shows_published_table
    html = client.get(group.stage.season.get_absolute_url()).content.decode()
    note = "Table as published in RSSSF: Peru 1985 ; results not recorded."  # ";" after a link
    assert note in text(html)
    assert '<a href="https://www.rsssf.org/tablesp/peru85.html" rel="nofollow">' in html
    rows = standings_rows(html)
    assert [(r[1], r[-1]) for r in rows] == [
        ("Alfa", "7"),
        ("Beta", "5"),
        ("Gamma", "3"),
        ("Delta", "1"),
    ]
    assert "Rules for classification" not in html


def test_a_published_table_with_some_results_says_they_are_incomplete(client, league, on_commit):
    group, teams = league
    alfa, beta, gamma, delta = teams
    with on_commit():
        publish(group, teams, "El Comercio, 12 December 1985")
        play(group, alfa, delta, 2, 0, round=1)
        play(group, beta, gamma, 1, 1, round=1)
        play(group, alfa, beta, 1, 1, round=2)
    html = client.get(group.stage.season.get_absolute_url()).content.decode()
    page = text(html)
    assert "Table as published in El Comercio, 12 December 1985; results incomplete." in page
    assert "Positions after each round" not in page  # no chart of a table not computed
    assert "<a href" not in html[html.index("Table as published") :].split("</p>")[0]


def test_a_computed_table_says_nothing_of_publication(client, league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
    page = text(client.get(group.stage.season.get_absolute_url()).content.decode())
    assert "as published" not in page
    assert "Rules for classification" in page


def test_the_champion_and_runner_up_come_from_the_final(client, cup_season):
    assert (cup_season.champion.name, cup_season.runner_up.name) == ("Beta", "Alfa")
    html = client.get(cup_season.get_absolute_url()).content.decode()
    assert "Champion Beta Runner-up Alfa" in text(html)
    assert "override-reason" not in html


def test_an_override_is_marked_and_its_reason_given(client, cup_season, on_commit):
    alfa, beta = cup_season.runner_up, cup_season.champion
    with on_commit():
        cup_season.champion_override, cup_season.runner_up_override = alfa, beta
        cup_season.override_reason = "Awarded by the federation: Beta fielded an ineligible player."
        cup_season.save()
    html = client.get(cup_season.get_absolute_url()).content.decode()
    assert "Champion Alfa * Runner-up Beta *" in text(html)
    assert html.count('href="#override-reason"') == 2
    assert (
        '<p class="footnote" id="override-reason">* Awarded by the federation: '
        "Beta fielded an ineligible player.</p>"
    ) in html


def test_a_year_no_season_can_have_is_a_404(client, season_1996):
    """The page's read is compiled, with the year as its parameter: a year out of the
    column's range is answered before it reaches the database (SQLite refuses an
    integer wider than 64 bits)."""
    assert client.get("/seasons/1996/").status_code == 200
    for year in ("1995", "40000", "9" * 30):
        assert client.get(f"/seasons/{year}/").status_code == 404, year


def test_a_match_put_in_a_new_group_between_the_pages_reads_is_left_out(
    client, season_1996, monkeypatch
):
    """The page reads its groups, then its matches: an editor's commit between the two
    can add a group with a match. The page shows what the groups read hold."""
    read_groups = selectors.PAGE_GROUPS

    def then_an_edit(season_id):
        groups = read_groups(season_id)
        stage = season_1996.stage
        late = GroupFactory(stage=stage, name="Late group", order=99)
        home, away = (GroupMemberFactory(group=late).team for _ in range(2))
        play(late, home, away, 1, 0)
        return groups

    monkeypatch.setattr(selectors, "PAGE_GROUPS", then_an_edit)
    response = client.get("/seasons/1996/")
    assert response.status_code == 200
    assert "Late group" not in response.content.decode()
