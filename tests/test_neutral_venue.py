"""A stage played at one neutral venue has no home or away wins: the pages say where it
was played instead (1996's final stage, every match at Estadio Nacional, Lima)."""

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    VenueFactory,
    play,
)
from tests.test_public import text
from tournaments.models import Match, Team, Venue
from tournaments.reports import neutral_venue

NACIONAL = Venue(pk=1, name="Estadio Nacional", slug="estadio-nacional", city="Lima")


def infobox(html):
    return text(html[html.index('class="infobox"') : html.index("</aside>")])


def test_one_venue_in_no_teams_city_is_neutral():
    assert neutral_venue([NACIONAL, NACIONAL], ["Chimbote", "Cajamarca", "Iquitos"]) is NACIONAL


def test_a_venue_in_a_teams_own_city_is_its_home_ground():
    assert neutral_venue([NACIONAL], ["Chimbote", " lima "]) is None


def test_matches_at_two_venues_or_an_unknown_one_are_not_at_one_neutral_venue():
    other = Venue(pk=2, name="Estadio Mansiche", slug="mansiche", city="Trujillo")
    assert neutral_venue([NACIONAL, other], ["Chimbote", "Iquitos"]) is None
    assert neutral_venue([NACIONAL, None], ["Chimbote", "Iquitos"]) is None


def test_an_unknown_city_leaves_the_question_open():
    assert neutral_venue([NACIONAL], ["Chimbote", ""]) is None  # the team may be from Lima
    assert neutral_venue([Venue(pk=3, name="Nacional", slug="n")], ["Chimbote"]) is None


def test_1996_says_where_it_was_played_and_shows_no_home_or_away_record(client, season_1996):
    html = client.get("/seasons/1996/").content.decode()
    box = infobox(html)
    assert "Played at Estadio Nacional, Lima" in box
    assert "Biggest win José Gálvez 5–0 León de Huánuco" in box
    assert "home win" not in box and "away win" not in box
    section = text(html[html.index('<section id="final-stage"') :])
    assert section.startswith("National stage · Final stage Played at Estadio Nacional, Lima")


def test_the_group_page_of_a_neutral_stage_says_where_it_was_played(client, season_1996):
    html = text(client.get(season_1996.get_absolute_url()).content.decode())
    assert "Played at Estadio Nacional, Lima, a neutral venue." in html


def test_a_stage_at_the_home_teams_grounds_keeps_its_home_and_away_records(client, db, on_commit):
    with on_commit():
        group = GroupFactory()
        alfa, beta = TeamFactory(name="Alfa", city="Trujillo"), TeamFactory(name="Beta")
        for team in (alfa, beta):
            GroupMemberFactory(group=group, team=team)
        mansiche = VenueFactory(name="Mansiche", city="Trujillo")
        play(group, alfa, beta, 3, 0, round=1, venue=mansiche)  # at Alfa's
        play(group, beta, alfa, 1, 2, round=2, venue=VenueFactory(name="Nacional", city="Lima"))
    html = client.get(group.stage.season.get_absolute_url()).content.decode()
    box = infobox(html)
    assert "Biggest home win Alfa 3–0 Beta" in box
    assert "Biggest away win Beta 1–2 Alfa" in box
    assert "Played at" not in box and "Biggest win" not in box
    assert "neutral venue" not in html
    results = text(html[html.index('class="results"') :])
    assert "Mansiche, Trujillo" in results and "Nacional, Lima" in results  # each match's


def test_a_neutral_stage_counts_no_home_win_beside_a_stage_at_home_grounds(client, db, on_commit):
    """A regional group at the teams' grounds, then a final at a neutral venue: the
    final's win is the season's biggest, and no home or away win."""
    nacional = VenueFactory(name="Nacional", city="Lima")
    with on_commit():
        season = SeasonFactory(year=1995)
        regional = GroupFactory(stage=StageFactory(season=season, order=1, name="Regional"))
        final = GroupFactory(stage=StageFactory(season=season, order=2, name="Final"))
        alfa = TeamFactory(name="Alfa", city="Trujillo")
        beta = TeamFactory(name="Beta", city="Piura")
        for group in (regional, final):
            for team in (alfa, beta):
                GroupMemberFactory(group=group, team=team)
        play(regional, alfa, beta, 2, 1, venue=VenueFactory(name="Mansiche", city="Trujillo"))
        play(final, beta, alfa, 4, 0, venue=nacional)
    html = client.get(season.get_absolute_url()).content.decode()
    box = infobox(html)
    assert "Biggest win Beta 4–0 Alfa" in box
    assert "Biggest home win Alfa 2–1 Beta" in box
    assert "Biggest away win" not in box
    assert "Played at" not in box  # not every stage: the final's section says it
    assert text(html).count("Played at Nacional, Lima, a neutral venue.") == 1


def test_an_annulled_match_elsewhere_does_not_undo_a_neutral_venue(client, season_1996):
    match = Match.objects.filter(group=season_1996).first()
    Match.objects.create(
        group=season_1996,
        round=9,
        home_team=match.home_team,
        away_team=match.away_team,
        status=Match.Status.ANNULLED,
        venue=VenueFactory(name="Elsewhere", city="Cusco"),
    )
    assert "Played at Estadio Nacional" in infobox(client.get("/seasons/1996/").content.decode())


def test_a_group_at_a_neutral_venue_beside_one_at_home_says_so_on_neither_page(
    client, db, on_commit
):
    """Group A played at a neutral venue, group B at a home ground: the stage was not
    played at one neutral venue, and the group's page agrees with the season page."""
    nacional = VenueFactory(name="Nacional", city="Lima")
    with on_commit():
        stage = StageFactory(name="Regional")
        first, second = GroupFactory(stage=stage, name="A"), GroupFactory(stage=stage, name="B")
        alfa, beta = TeamFactory(name="Alfa", city="Trujillo"), TeamFactory(name="Beta", city="Ica")
        gamma, delta = TeamFactory(name="Gamma", city="Piura"), TeamFactory(name="Delta")
        for group, teams in ((first, (alfa, beta)), (second, (gamma, delta))):
            for team in teams:
                GroupMemberFactory(group=group, team=team)
        play(first, alfa, beta, 1, 0, venue=nacional)  # neutral for the group alone
        play(second, gamma, delta, 2, 0, venue=VenueFactory(name="Grau", city="Piura"))
    assert "neutral venue" not in client.get(stage.season.get_absolute_url()).content.decode()
    for group in (first, second):
        html = client.get(group.get_absolute_url()).content.decode()
        assert "neutral venue" not in html
        assert "Nacional, Lima" in html or "Grau, Piura" in html  # each match names its own


def test_a_group_page_judges_its_stage_whole(client, db, on_commit):
    """Every group of the stage at one neutral venue: each group's page says so."""
    nacional = VenueFactory(name="Nacional", city="Lima")
    with on_commit():
        stage = StageFactory(name="Regional")
        first, second = GroupFactory(stage=stage, name="A"), GroupFactory(stage=stage, name="B")
        teams = [TeamFactory(name=name, city=name) for name in ("Alfa", "Beta", "Gamma", "Delta")]
        for group, pair in ((first, teams[:2]), (second, teams[2:])):
            for team in pair:
                GroupMemberFactory(group=group, team=team)
            play(group, *pair, 1, 0, venue=nacional)
    for group in (first, second):
        page = text(client.get(group.get_absolute_url()).content.decode())
        assert "Played at Nacional, Lima, a neutral venue." in page


def knockout_at(client, season, venue, stages):
    """The knockout section of ``season``'s page (cup_season's), as text, with the
    season's teams away from Lima and the legs of ``stages`` at ``venue``."""
    Team.objects.filter(name__in=["Alfa", "Beta", "Gamma", "Delta"]).update(city="Cusco")
    legs = Match.objects.filter(group__stage__season=season, group__stage__name__in=stages)
    legs.update(venue=venue)
    html = client.get(season.get_absolute_url()).content.decode()
    start = html.index('<section class="stage knockout">')
    return text(html[start : html.index("</section>", start)])


def test_a_bracket_played_at_a_neutral_venue_says_so_under_its_heading(client, cup_season):
    nacional = VenueFactory(name="Nacional", city="Lima")
    section = knockout_at(client, cup_season, nacional, ["Semi-finals", "Final"])
    assert section.startswith(
        "National stage · Knockout rounds Played at Nacional, Lima, a neutral venue."
    )
    assert section.count("Nacional, Lima") == 1  # not again on every leg


def test_a_bracket_says_which_round_was_played_at_a_neutral_venue(client, cup_season):
    nacional = VenueFactory(name="Nacional", city="Lima")
    section = knockout_at(client, cup_season, nacional, ["Final"])
    assert section.startswith(
        "National stage · Knockout rounds Final: Played at Nacional, Lima, a neutral venue."
    )
    assert "Semi-finals: Played at" not in section
