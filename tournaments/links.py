"""Paths of the many teams and matches a page links to, from one reverse() per kind.

A page of a big season links to thousands of teams and matches: a reverse() each
was a good part of its rendering. reverse() once with a marker key, then put each
key in the marker's place. The models' ``url`` (Team.url, Match.url, …) reads what
these functions set, and falls back to a reverse() for an object no page linked.
"""

from django.urls import reverse


def path_maker(viewname, fixed=None, **marker):
    """A function from a key to the path of ``viewname``; ``marker`` names the key
    (``slug="slug"``, ``pk=0``): its value must not appear after it in the path.
    ``fixed`` gives the path's other arguments, the same for every key."""
    ((name, value),) = marker.items()
    kwargs = {**(fixed or {}), name: value}
    before, _, after = reverse(viewname, kwargs=kwargs).rpartition(str(value))
    return lambda key: f"{before}{key}{after}"


def link_teams(teams):
    """Set ``url`` on each team."""
    link_by_slug(teams, "tournaments:team")


def link_departments(departments):
    """Set ``url`` on each department."""
    link_by_slug(departments, "tournaments:department")


def link_by_slug(objects, viewname):
    path = path_maker(viewname, slug="slug")
    for obj in objects:
        obj.url = path(obj.slug)


def link_matches(matches):
    """Set ``url`` on each match and on its two teams; return the matches."""
    match_path = path_maker("tournaments:match", pk=0)
    for match in matches:
        match.url = match_path(match.pk)
    link_teams(team for match in matches for team in (match.home_team, match.away_team))
    return matches
