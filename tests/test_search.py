"""Searches ignore accents and case, wherever a person searches.

"galvez", "GALVEZ", "jose" and "chimbote" (its city) find José Gálvez; "huanuco"
and "leon" find León de Huánuco: in the public team search, in the admin's
changelists and in its autocompletes. On SQLite the rows keep their folded
text in ``search_text`` (kept current on every save, loaddata's included); on
PostgreSQL the same searches run through unaccent() and give the same rows.
"""

import importlib
import os
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from tests.factories import PlayerFactory, TeamFactory, VenueFactory
from tournaments.interchange.teams import name_key
from tournaments.models import Department, Match, Player, Team, TeamAlias, Venue
from tournaments.search import fold

# term → the team it must find (others may be found too: "huanuco" is a city of two)
TERMS = {
    "galvez": "jose-galvez",
    "GALVEZ": "jose-galvez",
    "jose": "jose-galvez",
    "chimbote": "jose-galvez",
    "huanuco": "leon-de-huanuco",
    "leon": "leon-de-huanuco",
}
AUTOCOMPLETE = "/admin/autocomplete/"


def slugs(teams):
    return {team.slug for team in teams}


def autocomplete(client, model_name, field_name, term):
    query = {"app_label": "tournaments", "model_name": model_name, "field_name": field_name}
    response = client.get(AUTOCOMPLETE, {**query, "term": term})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def changelist(client, model_name, term):
    response = client.get(f"/admin/tournaments/{model_name}/", {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def folded_expectation(term):
    """The teams a search must find, worked out in Python from their fields."""
    words = fold(term).split()
    found = set()
    for team in Team.objects.prefetch_related("aliases"):
        texts = [fold(f"{team.name} {team.short_code} {team.city}")]
        texts += [fold(alias.name) for alias in team.aliases.all()]
        if all(any(word in text for text in texts) for word in words):
            found.add(team.slug)
    return found


# The normalizer ---------------------------------------------------------------------


def test_fold_drops_accents_and_case():
    assert fold("José GÁLVEZ") == "jose galvez"
    assert fold("León de Huánuco") == "leon de huanuco"
    assert fold("Ñaña") == "nana"


def test_team_names_are_matched_with_the_same_normalizer():
    assert name_key("León  de HUÁNUCO") == "leon-de-huanuco"


# The public search ------------------------------------------------------------------


def test_the_public_search_ignores_accents_and_case(client, season_1996):
    for term, slug in TERMS.items():
        response = client.get("/teams/", {"q": term})
        assert slug in slugs(response.context["teams"]), term


def test_a_search_finds_by_alias_code_and_city_and_needs_every_word(season_1996):
    TeamAlias.objects.create(team=Team.objects.get(slug="utc"), name="Universidad Técnica")

    assert slugs(Team.objects.search("tecnica")) == {"utc"}
    assert slugs(Team.objects.search("gal")) >= {"jose-galvez"}  # its code GAL
    assert slugs(Team.objects.search("galvez chimbote")) == {"jose-galvez"}
    assert slugs(Team.objects.search("galvez iquitos")) == set()
    assert slugs(Team.objects.search("  ")) == slugs(Team.objects.all())


@pytest.mark.parametrize("term", [*TERMS, "de", "CNI", "ancash", "Técnica", "naranjillo hua"])
def test_a_search_finds_what_the_folded_fields_hold(season_1996, term):
    TeamAlias.objects.create(team=Team.objects.get(slug="utc"), name="Universidad Técnica")

    assert slugs(Team.objects.search(term)) == folded_expectation(term)


# The admin --------------------------------------------------------------------------


def test_the_team_changelist_search_ignores_accents_and_case(admin_client, season_1996):
    for term, slug in TERMS.items():
        assert slug in slugs(changelist(admin_client, "team", term)), term


def test_the_team_autocomplete_ignores_accents_and_case(admin_client, season_1996):
    names = {slug: Team.objects.get(slug=slug).name for slug in TERMS.values()}
    for term, slug in TERMS.items():
        assert names[slug] in autocomplete(admin_client, "match", "home_team", term), term
        # and a team in an inline of the group page
        assert names[slug] in autocomplete(admin_client, "groupmember", "team", term), term


def test_the_match_changelist_finds_the_matches_of_a_team_without_accents(
    admin_client, season_1996
):
    galvez = Team.objects.get(slug="jose-galvez")
    found = changelist(admin_client, "match", "galvez")

    theirs = Match.objects.filter(Q(home_team=galvez) | Q(away_team=galvez))
    assert {m.pk for m in found} == set(theirs.values_list("pk", flat=True))
    assert len(found) == 5
    assert len(changelist(admin_client, "match", "galvez leon")) == 1  # the two teams' match


def test_players_venues_and_departments_are_found_without_accents(admin_client, season_1996):
    PlayerFactory(name="Pedro Gómez")
    VenueFactory(name="Estadio Héroes de San Ramón", city="San Ramón")

    assert [p.name for p in changelist(admin_client, "player", "GOMEZ")] == ["Pedro Gómez"]
    assert "Pedro Gómez" in autocomplete(admin_client, "goal", "scorer", "gomez")
    assert [v.name for v in changelist(admin_client, "venue", "heroes ramon")] == [
        "Estadio Héroes de San Ramón"
    ]
    assert autocomplete(admin_client, "match", "venue", "ramon") == [
        "Estadio Héroes de San Ramón, San Ramón"
    ]
    assert [d.name for d in changelist(admin_client, "department", "ancash")] == ["Áncash"]
    assert autocomplete(admin_client, "seasonteam", "department", "HUANUCO") == ["Huánuco"]


# The folded column ------------------------------------------------------------------


def test_loaddata_fills_the_folded_column(season_1996):
    galvez = Team.objects.get(slug="jose-galvez")
    assert galvez.search_text == "jose galvez gal chimbote"
    assert Department.objects.get(slug="ancash").search_text == "ancash"
    assert Venue.objects.get().search_text == "estadio nacional lima"
    assert Player.objects.get().search_text == "alejandro cipriano"


def test_the_folded_column_follows_a_rename(db):
    team = TeamFactory(name="Sport Águila", city="Huancayo")
    team.name = "Club Sport Águila"
    team.save()
    assert team.search_text == "club sport aguila huancayo"

    team.city = "Concepción"
    team.save(update_fields=["city"])  # search_text is written with the fields it follows
    team.refresh_from_db()
    assert team.search_text == "club sport aguila concepcion"
    assert slugs(Team.objects.search("concepcion")) == {team.slug}


def test_the_search_follows_an_alias_added_renamed_and_deleted(db):
    team = TeamFactory(name="Colegio Nacional de Iquitos")
    alias = TeamAlias.objects.create(team=team, name="Los Ñañas")
    assert slugs(Team.objects.search("nanas")) == {team.slug}

    alias.name = "El Colegio Peruanísimo"
    alias.save()
    assert slugs(Team.objects.search("nanas")) == set()
    assert slugs(Team.objects.search("peruanisimo")) == {team.slug}

    alias.delete()
    assert slugs(Team.objects.search("peruanisimo")) == set()


def test_the_data_migration_fills_the_folded_column_of_existing_rows(season_1996):
    migration = importlib.import_module(
        "tournaments.migrations.0007_fill_search_text_and_spanish_1996"
    )
    Team.objects.update(search_text="")
    TeamAlias.objects.create(team=Team.objects.get(slug="utc"), name="Universidad Técnica")
    TeamAlias.objects.update(search_text="")

    migration.fill_search_text(apps, SimpleNamespace(connection=connection))

    assert Team.objects.get(slug="jose-galvez").search_text == "jose galvez gal chimbote"
    assert TeamAlias.objects.get().search_text == "universidad tecnica"


# PostgreSQL: unaccent() --------------------------------------------------------------


@pytest.fixture
def postgresql_only(db):
    if connection.vendor == "postgresql":
        return
    reason = f"needs PostgreSQL (DATABASE_URL=postgres://...); the database is {connection.vendor}"
    if os.environ.get("REQUIRE_POSTGRES", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"REQUIRE_POSTGRES is set but the test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.mark.postgres
def test_on_postgresql_the_searches_use_unaccent(postgresql_only, season_1996):
    with CaptureQueriesContext(connection) as queries:
        found = slugs(Team.objects.search("galvez"))

    assert found == {"jose-galvez"}
    (query,) = queries.captured_queries
    where = query["sql"].split("WHERE", 1)[1]
    assert "UNACCENT" in where.upper()
    assert "search_text" not in where  # the column of SQLite's searches


@pytest.mark.postgres
def test_on_postgresql_every_search_finds_its_team_as_on_sqlite(
    postgresql_only, season_1996, client, admin_client
):
    TeamAlias.objects.create(team=Team.objects.get(slug="utc"), name="Universidad Técnica")
    for term, slug in TERMS.items():
        assert slug in slugs(client.get("/teams/", {"q": term}).context["teams"]), term
        assert slug in slugs(changelist(admin_client, "team", term)), term
        name = Team.objects.get(slug=slug).name
        assert name in autocomplete(admin_client, "match", "home_team", term), term
    for term in [*TERMS, "de", "CNI", "tecnica", "naranjillo hua"]:
        # the rows SQLite's folded column gives, worked out from the same fields
        assert slugs(Team.objects.search(term)) == folded_expectation(term), term
