"""TeamMatcher: exact names, codes and aliases first, then named heuristics that say so."""

import pytest

from tests.factories import TeamFactory
from tournaments.interchange.teams import (
    AmbiguousTeam,
    TeamMatcher,
    drop_club_prefix,
    initials,
    name_key,
)
from tournaments.models import TeamAlias


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


def test_a_heuristic_match_through_an_alias_names_the_alias(db):
    team = TeamFactory(name="Colegio Nacional de Iquitos")
    TeamAlias.objects.create(team=team, name="Colegio Nacional Iquitos")

    found = TeamMatcher().match("Deportivo Colegio Nacional Iquitos")

    assert found.describe("Deportivo Colegio Nacional Iquitos") == (
        "'Deportivo Colegio Nacional Iquitos' is Colegio Nacional de Iquitos "
        "(heuristic drop_club_prefix, through 'Colegio Nacional Iquitos')"
    )
