"""Pages say what is known and leave out what isn't: no "—", no zero-filled records.

Team pages of teams that went out before the recorded stages, match facts and goals,
the season's top scorers with their clubs, department pages."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DepartmentFactory,
    PlayerFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    play,
)
from tests.test_public import text
from tournaments.models import Department, Goal, Match, Player, SeasonTeam, Team, TopScorer


def content(client, url):
    html = client.get(url).content.decode()
    return html[html.index("<main") : html.index("</main>")]


def facts(html):
    """The (term, description) pairs of the page's fact lists."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return {text(term): text(description) for term, description in pairs}


# -- a team that went out before the stages on record ------------------------------------


def test_a_team_out_before_the_final_stage_says_so_and_where_the_record_starts(client, season_1996):
    html = content(client, "/teams/sachapuyos/")
    page = text(html)
    assert (
        "1996 Amazonas Went out before the Final stage. The 1996 record starts at the Final "
        "stage; the earlier rounds are not recorded here."
    ) in page
    assert "—" not in page
    assert "0 played" not in page and "Record" not in facts(html)
    assert "Matches" not in page  # no empty list of matches either
    assert facts(html) == {"City": "Amazonas", "Department": "Amazonas"}


def test_a_team_of_the_final_stage_keeps_its_record_and_place(client, season_1996):
    page = text(content(client, "/teams/leon-de-huanuco/"))
    assert "5 played: 1 won, 0 drawn, 4 lost; goals 3–12" in page
    assert "1996 Huánuco Final stage: Final group stage 6th in Final group stage" in page
    assert "record starts" not in page


def test_a_season_in_progress_does_not_say_the_team_went_out(client, db):
    season = SeasonFactory(year=1990)
    StageFactory(season=season, name="Regional stage")
    team = TeamFactory(name="Alfa", city="")
    SeasonTeam.objects.create(season=season, team=team, department=DepartmentFactory())
    html = content(client, team.get_absolute_url())
    assert "Not in the Regional stage. The 1990 record starts at the Regional stage" in text(html)
    assert "Went out" not in html and "City" not in facts(html)


def test_a_season_without_stages_says_none_is_recorded(client, db):
    team = TeamFactory(name="Alfa")
    SeasonTeam.objects.create(
        season=SeasonFactory(year=1990), team=team, department=DepartmentFactory()
    )
    page = text(content(client, team.get_absolute_url()))
    assert "No stage of 1990 is recorded here yet." in page and "—" not in page


# -- a match's page ---------------------------------------------------------------------


def test_a_match_page_leaves_out_what_is_not_recorded(client, season_1996):
    match = Match.objects.get(home_team__slug="jose-galvez", away_team__slug="leon-de-huanuco")
    html = content(client, match.get_absolute_url())
    assert facts(html) == {
        "Status": "Played",
        "Date": "Wednesday, Jan. 29, 1997",
        "Venue": "Estadio Nacional, Lima",
    }
    assert "Attendance" not in html and "Referee" not in html and "—" not in html
    assert 'class="goals"' not in html


def test_a_match_page_names_its_report_and_attendance(client, season_1996):
    match = Match.objects.get(home_team__slug="jose-galvez", away_team__slug="leon-de-huanuco")
    match.attendance, match.report_url = 0, "https://www.rsssf.org/tablesp/peru96.html"
    match.venue = None
    match.save()
    found = facts(content(client, match.get_absolute_url()))
    assert found["Attendance"] == "0"  # behind closed doors is known, not missing
    assert found["Report"] == "rsssf.org"
    assert "Venue" not in found


def test_a_match_page_lists_the_goals_by_side_with_scorer_and_minute(client, season_1996):
    match = Match.objects.get(home_team__slug="utc", away_team__slug="cni")  # 3–2
    utc, cni = match.home_team, match.away_team
    cipriano = PlayerFactory(name="Juan Uno")
    Goal.objects.create(match=match, team=utc, scorer=cipriano, minute=12)
    Goal.objects.create(match=match, team=cni, scorer=PlayerFactory(name="Pedro Dos"), minute=30)
    Goal.objects.create(match=match, team=utc, scorer=cipriano, minute=47, penalty=True)
    Goal.objects.create(match=match, team=cni, minute=None)
    html = content(client, match.get_absolute_url())
    home = html[html.index('<div class="home-goals"') : html.index('<div class="away-goals"')]
    away = html[html.index('<div class="away-goals"') : html.index("</section>")]
    assert text(home) == "Goals of UTC Juan Uno 12′ Juan Uno 47′ (pen.)"
    assert text(away) == "Goals of CNI Pedro Dos 30′ Unknown scorer"


# -- the season's top scorers -----------------------------------------------------------


def scorers_table(client):
    html = client.get("/seasons/1996/").content.decode()
    table = html[html.index('class="data scorers"') :].split("</table>")[0]
    return [
        [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_a_top_scorer_without_a_club_in_the_source_gets_none(client, season_1996):
    assert scorers_table(client) == [["Player", "Goals"], ["Alejandro Cipriano", "5"]]


def test_a_season_that_records_no_goals_reads_none_for_its_scorers(client, season_1996):
    """1996's tally names no club, which its goals could give: it records none, and the
    page knows it from the season's own query."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/seasons/1996/").status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith(GOAL_READ)]


GOAL_READ = 'SELECT "tournaments_goal"'


def test_top_scorers_show_their_club_recorded_or_counted_from_their_goals(client, season_1996):
    season = season_1996.stage.season
    utc = Team.objects.get(slug="utc")
    cipriano = Player.objects.get(slug="alejandro-cipriano")
    other = PlayerFactory(name="Pedro Dos")
    TopScorer.objects.create(season=season, player=other, team=utc, goals=3)
    match = Match.objects.get(home_team__slug="cni", away_team__slug="gigantes-del-cenepa")
    Goal.objects.create(match=match, team=match.home_team, scorer=cipriano, minute=5)
    assert scorers_table(client) == [
        ["Player", "Club", "Goals"],
        ["Alejandro Cipriano", "CNI", "5"],  # his one recorded goal was for CNI
        ["Pedro Dos", "UTC", "3"],
    ]


def test_without_tallies_the_scorers_are_counted_from_the_goals(client, season_1996):
    TopScorer.objects.all().delete()
    match = Match.objects.get(home_team__slug="cni", away_team__slug="gigantes-del-cenepa")
    scorer = PlayerFactory(name="Juan Uno")
    for minute in (5, 60):
        Goal.objects.create(match=match, team=match.home_team, scorer=scorer, minute=minute)
    Goal.objects.create(match=match, team=match.away_team, scorer=PlayerFactory(name="Otro"))
    assert scorers_table(client) == [
        ["Player", "Club", "Goals"],
        ["Juan Uno", "CNI", "2"],
        ["Otro", "Gigantes del Cenepa", "1"],
    ]
    box = text(client.get("/seasons/1996/").content.decode())
    assert "Top scorer Juan Uno ( CNI ), 2 goals" in box


def test_a_season_without_scorers_or_matches_shows_no_empty_facts(client, db):
    html = client.get(SeasonFactory(year=1990).get_absolute_url()).content.decode()
    box = html[html.index('class="infobox"') : html.index("</aside>")]
    assert "—" not in box and "Top scorer" not in html and "Matches played" not in box


# -- a department's page -----------------------------------------------------------------


def test_a_department_page_says_how_far_each_qualifier_went(client, season_1996):
    page = text(content(client, "/departments/amazonas/"))
    assert "1996 Sachapuyos Department champion Went out before the Final stage." in page
    ancash = text(content(client, "/departments/ancash/"))
    assert "1996 José Gálvez Department champion Champion" in ancash
    huanuco = text(content(client, "/departments/huanuco/"))
    assert "1996 León de Huánuco 6th in Final group stage" in huanuco
    assert "Not stated" not in huanuco  # its two entries' route is unknown: left blank
    assert "—" not in page + ancash + huanuco


def test_the_team_and_department_pages_tell_an_early_exit_alike(client, db):
    season = SeasonFactory(year=1990)
    StageFactory(season=season, name="Regional stage")
    team, department = TeamFactory(name="Alfa"), DepartmentFactory(name="Pasco")
    SeasonTeam.objects.create(season=season, team=team, department=department)

    def pages():
        return [text(content(client, page.get_absolute_url())) for page in (team, department)]

    for page in pages():
        assert "Not in the Regional stage." in page and "Went out" not in page
    season.champion = TeamFactory(name="Beta")
    season.save()
    for page in pages():
        assert "Went out before the Regional stage." in page and "Not in the" not in page


def test_the_champion_is_in_bold_on_its_department_page(client, season_1996):
    html = content(client, "/departments/ancash/")
    assert "<strong>Champion</strong>" in html
    assert "<strong>" not in content(client, "/departments/huanuco/")


def test_an_empty_department_says_plainly_that_nothing_is_known(client, db):
    department = Department.objects.create(name="Pasco", slug="pasco")
    html = content(client, department.get_absolute_url())
    assert "No team of Pasco is on record yet" in text(html)
    assert "<table" not in html and "<ul" not in html


def test_a_department_with_teams_but_no_qualifier_lists_its_teams(client, db):
    department = DepartmentFactory(name="Pasco")
    TeamFactory(name="Alfa", department=department)
    html = content(client, department.get_absolute_url())
    assert "<table" not in html and "Alfa" in text(html)


def test_a_qualifiers_place_in_its_group_links_the_group(client, league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 2, 0)
    department = DepartmentFactory(name="Pasco")
    SeasonTeam.objects.create(season=group.stage.season, team=alfa, department=department)
    html = content(client, department.get_absolute_url())
    assert f'<a href="{group.get_absolute_url()}">1st in {group.name}</a>' in html
