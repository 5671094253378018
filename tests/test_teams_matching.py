"""TeamMatcher: exact names, codes and aliases first, then named heuristics that say so."""

import pytest

from tests.factories import TeamFactory
from tournaments.interchange.footballjson import FootballJsonError, import_season
from tournaments.interchange.teams import (
    AmbiguousTeam,
    TeamMatcher,
    drop_club_prefix,
    initials,
    name_key,
)
from tournaments.models import Team, TeamAlias


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.P.A.O.", "UPAO"),
        ("U. P. A. O.", "upao"),
        ("C.N.I.", "CNI"),
        ("León de Huánuco", "leon  de huanuco"),
        ("A. D. Tarma", "AD Tarma"),
    ],
)
def test_a_name_key_ignores_case_accents_spaces_and_the_dots_of_initialisms(a, b):
    assert name_key(a) == name_key(b)


def test_a_name_key_still_tells_different_names_apart():
    assert name_key("Deportivo UPAO") != name_key("UPAO")
    assert name_key("Colegio Nacional de Iquitos") != name_key("CNI")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Deportivo UPAO", "upao"),
        ("Club Deportivo Alfa", "alfa"),
        ("Asociación Deportiva Tarma", "tarma"),
        ("Atlético Torino", "torino"),
        ("Sport Boys FC", "boys"),
        ("José Gálvez FBC", "jose-galvez"),
        ("UPAO", None),  # nothing to drop
        ("Deportivo", None),  # nothing would be left
    ],
)
def test_drop_club_prefix(name, expected):
    assert drop_club_prefix(name_key(name)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Colegio Nacional de Iquitos", "cni"),
        ("Colegio Nacional Iquitos", "cni"),
        ("Universidad Técnica de Cajamarca", "utc"),
        ("Asociación Deportiva Tarma", "adt"),
        ("Deportivo Junín", None),  # two letters: too short to trust
        ("CNI", None),
    ],
)
def test_initials(name, expected):
    assert initials(name_key(name)) == expected


@pytest.mark.parametrize(
    ("known", "written", "heuristic"),
    [
        ("Deportivo UPAO", "U.P.A.O.", "drop_club_prefix"),
        ("U.P.A.O.", "Deportivo UPAO", "drop_club_prefix"),
        ("Colegio Nacional de Iquitos", "CNI", "initials"),
        ("CNI", "Colegio Nacional de Iquitos", "initials"),
        ("CNI", "Colegio Nacional Iquitos", "initials"),
    ],
)
def test_a_heuristic_matches_only_after_exact_matching_fails_and_says_which(
    db, known, written, heuristic
):
    team = TeamFactory(name=known)
    matcher = TeamMatcher()

    assert matcher.find(written) is None  # not an exact match
    found = matcher.match(written)

    assert (found.team, found.heuristic) == (team, heuristic)
    assert found.describe(written).startswith(f"{written!r} is {known} (heuristic {heuristic}")


def test_an_exact_name_alias_or_code_wins_over_any_heuristic(db):
    upao = TeamFactory(name="UPAO")
    TeamFactory(name="Deportivo UPAO")  # drop_club_prefix would say UPAO too
    alias = TeamFactory(name="Colegio Nacional de Iquitos")
    TeamAlias.objects.create(team=alias, name="CNI")
    coded = TeamFactory(name="Universidad Técnica de Cajamarca", short_code="UTC")
    matcher = TeamMatcher()

    assert matcher.match("U.P.A.O.").team == upao and matcher.match("UPAO").heuristic is None
    assert matcher.match("C.N.I.").team == alias and matcher.match("CNI").heuristic is None
    assert matcher.match("Universidad Tecnica de Cajamarca", "UTC").team == coded


def test_a_heuristic_that_fits_two_teams_is_ambiguous(db):
    TeamFactory(name="Club Deportivo Alfa")
    TeamFactory(name="Atlético Alfa")
    matcher = TeamMatcher()

    with pytest.raises(AmbiguousTeam, match=r"'Alfa' could be Atlético Alfa or Club Deportivo"):
        matcher.match("Alfa")


def test_nothing_matches_an_unknown_name(db):
    TeamFactory(name="Colegio Nacional de Iquitos")

    assert TeamMatcher().match("Beta") is None
    assert TeamMatcher().match("CNA") is None


# In an import --------------------------------------------------------------------


def two_matches(first, second):
    return {
        "name": "Copa Perú 1998",
        "rounds": [
            {"name": "Matchday 1", "matches": [{"team1": first, "team2": "Beta"}]},
            {"name": "Matchday 2", "matches": [{"team1": "Beta", "team2": second}]},
        ],
    }


def test_an_import_warns_of_each_heuristic_match_and_keeps_the_name_as_an_alias(season_1996):
    upao = TeamFactory(name="Deportivo UPAO", slug="deportivo-upao")
    teams = Team.objects.count()

    report = import_season(two_matches("U.P.A.O.", "Colegio Nacional Iquitos"), 1998)

    assert Team.objects.count() == teams + 1  # Beta only
    assert report.warnings == [
        "round 1 (Matchday 1), match 1: 'U.P.A.O.' is Deportivo UPAO "
        "(heuristic drop_club_prefix); added as its alias.",
        "round 2 (Matchday 2), match 1: 'Colegio Nacional Iquitos' is CNI "
        "(heuristic initials); added as its alias.",
    ]
    assert "created team alias U.P.A.O. of Deportivo UPAO (heuristic drop_club_prefix)" in (
        report.lines
    )
    assert set(TeamAlias.objects.values_list("name", "team__name")) == {
        ("U.P.A.O.", "Deportivo UPAO"),
        ("Colegio Nacional Iquitos", "CNI"),
    }
    assert upao.home_matches.count() == 1

    again = import_season(two_matches("U.P.A.O.", "Colegio Nacional Iquitos"), 1998)

    assert (again.created, again.updated, again.warnings) == (0, 0, [])


def test_without_aliases_the_import_still_warns_and_adds_none(db):
    TeamFactory(name="Colegio Nacional de Iquitos")

    report = import_season(two_matches("CNI", "Gamma"), 1998, add_aliases=False)

    assert report.warnings == [
        "round 1 (Matchday 1), match 1: 'CNI' is Colegio Nacional de Iquitos (heuristic initials)."
    ]
    assert not TeamAlias.objects.exists()


def test_an_ambiguous_heuristic_match_refuses_the_import_with_the_match_location(db):
    TeamFactory(name="Club Deportivo Alfa")
    TeamFactory(name="Atlético Alfa")
    teams = Team.objects.count()

    with pytest.raises(
        FootballJsonError,
        match=r"^round 2 \(Matchday 2\), match 1 \(Beta v Alfa\): 'Alfa' could be Atlético Alfa",
    ):
        import_season(two_matches("Gamma", "Alfa"), 1998)

    assert Team.objects.count() == teams


def test_a_heuristic_match_through_an_alias_names_the_alias(db):
    team = TeamFactory(name="Colegio Nacional de Iquitos")
    TeamAlias.objects.create(team=team, name="Colegio Nacional Iquitos")

    found = TeamMatcher().match("Deportivo Colegio Nacional Iquitos")

    assert found.describe("Deportivo Colegio Nacional Iquitos") == (
        "'Deportivo Colegio Nacional Iquitos' is Colegio Nacional de Iquitos "
        "(heuristic drop_club_prefix, through 'Colegio Nacional Iquitos')"
    )
