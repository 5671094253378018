"""Teams found by name, short code or alias: an import never creates a club twice.

``TeamMatcher.find`` matches exactly: a name or alias compared without case,
accents, stray spaces or the dots of an initialism ("U. P. A. O." is
"UPAO"), or a short code. ``TeamMatcher.match`` tries the same first and
then, only when nothing matched, the named heuristics of ``HEURISTICS``, in
order; whoever calls it says in its report which heuristic fired, for which
name and which team. A name or heuristic that fits two teams is ambiguous,
never a guess.
"""

import re
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext

from ..models import Team
from ..search import fold

# "U. P. A. O." → "U.P.A.O.": a dot after a single letter, before another initial.
SPACED_INITIAL = re.compile(r"\b(\w)\.\s+(?=\w\.)")

# Words that name what kind of club it is, not which club: dropped by
# drop_club_prefix ("Deportivo UPAO" is "UPAO"). Longest phrases first.
CLUB_PREFIXES = [
    tuple(words.split())
    for words in (
        "club social deportivo",
        "club sport",
        "club deportivo",
        "club atletico",
        "asociacion deportiva",
        "asociacion civil",
        "social deportivo",
        "centro deportivo",
        "sport club",
        "club",
        "deportivo",
        "sport",
        "atletico",
        "asociacion",
        "cd",
        "ad",
        "csd",
    )
]
CLUB_SUFFIXES = {"fc", "fbc", "sc", "club"}
# Words an acronym skips: "Colegio Nacional de Iquitos" is CNI.
MINOR_WORDS = {"de", "del", "la", "las", "los", "el", "y", "e"}
SHORTEST_INITIALS = 3  # "DJ" could be any Deportivo J...: too short to trust


def name_key(name):
    """A team or department name compared without case, accents, stray spaces or
    the dots of an initialism: "U.P.A.O.", "U. P. A. O." and "upao" are one key.
    Accents and case go as in searches (``search.fold``)."""
    return slugify(fold(SPACED_INITIAL.sub(r"\1.", " ".join(name.split()))))


def drop_club_prefix(key):
    """The key without the words that say it is a club ("deportivo-upao" → "upao")."""
    words = key.split("-")
    for prefix in CLUB_PREFIXES:
        if tuple(words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
            break
    while len(words) > 1 and words[-1] in CLUB_SUFFIXES:
        words = words[:-1]
    shorter = "-".join(words)
    return shorter if shorter and shorter != key else None


def initials(key):
    """The acronym of the significant words ("colegio-nacional-de-iquitos" → "cni")."""
    words = [word for word in key.split("-") if word and word not in MINOR_WORDS]
    if len(words) < SHORTEST_INITIALS:
        return None
    return "".join(word[0] for word in words)


# Tried in this order, each only after every exact match has failed.
HEURISTICS = {"drop_club_prefix": drop_club_prefix, "initials": initials}


class AmbiguousTeam(ValueError):
    pass


@dataclass(frozen=True)
class Found:
    """A team ``match`` found, and how: ``heuristic`` is None for an exact match;
    ``known_as`` is the team's name or alias that the heuristic related to."""

    team: Team
    heuristic: str | None = None
    known_as: str = ""

    def describe(self, name):
        """'U.P.A.O.' is Deportivo UPAO (heuristic drop_club_prefix, through 'UPAO')."""
        values = {
            "name": name,
            "team": self.team.name,
            "heuristic": self.heuristic,
            "known_as": self.known_as,
        }
        if self.known_as != self.team.name:
            return (
                gettext("%(name)r is %(team)s (heuristic %(heuristic)s, through %(known_as)r)")
                % values
            )
        return gettext("%(name)r is %(team)s (heuristic %(heuristic)s)") % values


class TeamMatcher:
    """Finds teams by name, short code or alias, so an import never creates a club twice.

    Names are compared without case and accents ("Leon de Huanuco" finds
    "León de Huánuco"). ``find`` returns None when nothing matches.
    """

    def __init__(self, teams=None):
        """Among every team, or only among ``teams`` (a Team queryset: a group's)."""
        self.by_key = {}
        self.names = {}  # key → the name or alias it was made from
        self.by_variant = {heuristic: {} for heuristic in HEURISTICS}
        teams = Team.objects.all() if teams is None else teams
        for team in teams.prefetch_related("aliases"):
            self.add(team)

    def add(self, team, *aliases):
        names = [team.name, *(alias.name for alias in team.aliases.all()), *aliases]
        keys = [name_key(name) for name in names]
        if team.short_code:
            keys.append("code:" + name_key(team.short_code))
        for key in keys:
            known = self.by_key.setdefault(key, team)
            if known.pk != team.pk:
                self.by_key[key] = None  # ambiguous
        for name in names:
            key = name_key(name)
            self.names.setdefault(key, name)
            for heuristic, variant in HEURISTICS.items():
                other = variant(key)
                if other:
                    teams = self.by_variant[heuristic].setdefault(other, {})
                    teams.setdefault(team.pk, (team, name))

    def find(self, name="", code=""):
        """The team, or None; raises AmbiguousTeam when a name or code fits two teams."""
        for key in (name_key(name) if name else None, "code:" + name_key(code) if code else None):
            if key is None or key not in self.by_key:
                continue
            if self.by_key[key] is None:
                raise AmbiguousTeam(
                    gettext(
                        "%(name)r could be more than one team: give one of them an alias "
                        "or a short code in the admin to tell them apart."
                    )
                    % {"name": name or code}
                )
            return self.by_key[key]
        return None

    def match(self, name="", code=""):
        """``find``, then each heuristic in turn: a ``Found``, or None.

        A heuristic relates the name, changed, to a known name as it is, or a
        known name, changed, to the name as it is ("U.P.A.O." to "Deportivo
        UPAO", "Colegio Nacional de Iquitos" to "CNI"). The first heuristic
        that finds anyone decides; finding two teams is AmbiguousTeam.
        """
        team = self.find(name, code)
        if team is not None or not name:
            return Found(team) if team is not None else None
        key = name_key(name)
        for heuristic, variant in HEURISTICS.items():
            candidates = dict(self.by_variant[heuristic].get(key, {}))
            changed = variant(key)
            if changed and changed in self.by_key:
                known = self.by_key[changed]
                if known is None:
                    raise AmbiguousTeam(
                        gettext("%(name)r could be more than one team (%(heuristic)s).")
                        % {"name": name, "heuristic": heuristic}
                    )
                candidates.setdefault(known.pk, (known, self.names.get(changed, known.name)))
            if len(candidates) > 1:
                # Translators: joins the names of teams a name could be: "A or B or C".
                teams = gettext(" or ").join(sorted(team.name for team, _ in candidates.values()))
                raise AmbiguousTeam(
                    gettext(
                        "%(name)r could be %(teams)s (heuristic %(heuristic)s): give the right "
                        "one an alias in the admin."
                    )
                    % {"name": name, "teams": teams, "heuristic": heuristic}
                )
            if candidates:
                team, known_as = next(iter(candidates.values()))
                return Found(team, heuristic, known_as)
        return None
