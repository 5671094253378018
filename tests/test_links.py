"""Paths made from one reverse() are the paths reverse() gives, in every language."""

import pytest
from django.urls import reverse
from django.utils import translation

from tournaments.links import link_matches, path_maker


@pytest.mark.parametrize("language", ["en", "es"])
def test_made_paths_are_reversed_paths(spanish_site, language):
    with translation.override(language):
        team_path = path_maker("tournaments:team", slug="slug")
        match_path = path_maker("tournaments:match", pk=0)
        for slug in ["utc", "slug", "gen2101-team-0", "a-slug-with-slug-in-it"]:
            assert team_path(slug) == reverse("tournaments:team", args=[slug])
        for pk in [1, 10, 2024]:
            assert match_path(pk) == reverse("tournaments:match", args=[pk])
    assert team_path("utc").startswith("/en/" if language == "en" else "/teams/")


def test_linked_matches_and_teams_carry_their_paths(season_1996):
    from tournaments.models import Match

    matches = link_matches(list(Match.objects.with_teams()))
    for match in matches:
        assert match.url == match.get_absolute_url()
        assert match.home_team.url == match.home_team.get_absolute_url()
