"""Texts typed in two languages: the Spanish first, the English beside it.

Pages show the English version when English is the active language and it is
filled in, else the Spanish; importers from English sources keep the source's
text as the English and take the Spanish from the glossary; exports to
English-language formats write the English.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import GroupFactory, StageFactory
from tournaments.interchange import glossary
from tournaments.interchange.footballjson import export_season
from tournaments.models import Group, Season, Stage, StatusZone

SEED = Path(__file__).parent / "data" / "copa_peru_1996.wikitext"


def season_page(client, language):
    """The 1996 page in ``language``: Spanish at the plain URL, English under /en/."""
    prefix = "/en" if language == "en" else ""
    return client.get(f"{prefix}/seasons/1996/").content.decode()


# Reading the active language's text ----------------------------------------------------


def test_a_name_is_read_in_the_active_language_and_blank_english_is_the_spanish(db):
    stage = StageFactory(name="Etapa Final", name_en="Final stage")
    group = GroupFactory(stage=stage, name="Grupo final", name_en="")

    with translation.override("es"):
        assert (stage.display_name, group.display_name) == ("Etapa Final", "Grupo final")
    with translation.override("en"):
        assert (stage.display_name, group.display_name) == ("Final stage", "Grupo final")
    with translation.override("en-gb"):
        assert stage.display_name == "Final stage"


def test_the_season_page_shows_the_spanish_texts_in_spanish(client, spanish_site, season_1996):
    html = season_page(client, "es")

    assert "Etapa Final" in html
    assert "Liguilla final" in html
    assert "Ascenso al Torneo Descentralizado 1997" in html
    assert "Final group stage" not in html and "Promoted to 1997" not in html


def test_the_season_page_shows_the_english_texts_in_english(client, spanish_site, season_1996):
    html = season_page(client, "en")

    assert "Final stage" in html
    assert "Final group stage" in html
    assert "Promoted to 1997 Torneo Descentralizado" in html
    assert "Liguilla final" not in html


def test_the_match_and_team_pages_name_the_stage_in_the_active_language(
    client, spanish_site, season_1996
):
    match = season_1996.matches.first()
    match.notes, match.notes_en = "Jugado a puerta cerrada.", "Played behind closed doors."
    match.save()

    match_page = client.get(match.get_absolute_url()).content.decode()
    team_page = client.get("/teams/jose-galvez/").content.decode()
    assert "Etapa Final" in match_page and "Jugado a puerta cerrada." in match_page
    assert "Liguilla final" in team_page
    match_page = client.get(f"/en{match.get_absolute_url()}").content.decode()
    assert "Final stage" in match_page and "Played behind closed doors." in match_page


# The shipped data and the importers --------------------------------------------------


def test_the_shipped_1996_season_has_spanish_texts_and_keeps_the_english(season_1996):
    stage = Stage.objects.get(slug="final-stage")
    zone = StatusZone.objects.get(group=season_1996)

    assert (stage.name, stage.name_en) == ("Etapa Final", "Final stage")
    assert (season_1996.name, season_1996.name_en) == ("Liguilla final", "Final group stage")
    assert (zone.label, zone.label_en) == (
        "Ascenso al Torneo Descentralizado 1997",
        "Promoted to 1997 Torneo Descentralizado",
    )


def test_importing_the_seed_article_stores_both_versions_and_keeps_the_slugs(db, on_commit):
    with on_commit():
        call_command("import_wikitext", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())

    stage = Stage.objects.get(season__year=1996)
    group = Group.objects.get(stage=stage)
    zone = StatusZone.objects.get(group=group)
    assert (stage.name, stage.name_en, stage.slug) == ("Etapa Final", "Final stage", "final-stage")
    assert (group.name, group.name_en, group.slug) == (
        "Liguilla final",
        "Final group stage",
        "final-group-stage",
    )
    assert (zone.label, zone.label_en) == (
        "Ascenso al Torneo Descentralizado 1997",
        "Promoted to 1997 Torneo Descentralizado",
    )
    season = Season.objects.get(year=1996)
    assert season.intro_en.startswith("The 1996 Copa Perú season")  # an English article's prose


def test_re_importing_finds_a_stage_typed_in_the_admin_by_its_english_name(db, on_commit):
    season = Season.objects.create(year=1996)
    typed = StageFactory(season=season, name="Etapa Final", name_en="Final stage")
    GroupFactory(stage=typed, name="Liguilla final", name_en="Final group stage")
    assert typed.slug == "etapa-final"  # from the Spanish, as the admin prepopulates it

    with on_commit():
        call_command("import_wikitext", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())

    assert list(Stage.objects.filter(season=season)) == [typed]
    assert Group.objects.filter(stage=typed).count() == 1


def test_exports_write_the_english_texts(season_1996):
    document = json.dumps(export_season(season_1996.stage.season), ensure_ascii=False)
    article = io.StringIO()
    call_command("export_wikitext", "1996", stdout=article)

    assert '"group": "Final group stage"' in document
    assert "== Final stage ==" in article.getvalue()
    assert "text_P=Promoted to 1997 Torneo Descentralizado" in article.getvalue()
    for spanish in ("Etapa Final", "Liguilla final", "Ascenso al"):
        assert spanish not in document + article.getvalue()


# The glossary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("Final stage", "Etapa Final"),
        ("Regional stage", "Etapa Regional"),
        ("Group A", "Grupo A"),
        ("Quarter-finals", "Cuartos de final"),
        ("Semi-finals", "Semifinales"),
        ("Final", "Final"),
        ("Round of 16", "Octavos de final"),
        ("Play-off", "Desempate"),
        ("Promoted to 1997 Torneo Descentralizado", "Ascenso al Torneo Descentralizado 1997"),
        ("Promoted to Liga 2", "Ascenso a la Liga 2"),
        ("Advance to the final stage", "Clasifica a la Etapa Final"),
        ("Alfa v Beta", "Alfa v Beta"),  # unknown: as the source wrote it
    ],
)
def test_the_glossary_gives_the_spanish_of_a_source_s_name(english, spanish):
    assert glossary.spanish(english) == spanish
    assert glossary.both(english) == (spanish, "" if spanish == english else english)
