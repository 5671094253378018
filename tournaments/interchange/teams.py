"""Teams found by name, short code or alias: an import never creates a club twice."""

from django.utils.text import slugify

from ..models import Team


def name_key(name):
    """A team or department name compared without case, accents or stray spaces."""
    return slugify(" ".join(name.split()))


class AmbiguousTeam(ValueError):
    pass


class TeamMatcher:
    """Finds teams by name, short code or alias, so an import never creates a club twice.

    Names are compared without case and accents ("Leon de Huanuco" finds
    "León de Huánuco"). ``find`` returns None when nothing matches.
    """

    def __init__(self):
        self.by_key = {}
        for team in Team.objects.prefetch_related("aliases"):
            self.add(team)

    def add(self, team):
        keys = [name_key(team.name)]
        keys += [name_key(alias.name) for alias in team.aliases.all()]
        if team.short_code:
            keys.append("code:" + name_key(team.short_code))
        for key in keys:
            known = self.by_key.setdefault(key, team)
            if known.pk != team.pk:
                self.by_key[key] = None  # ambiguous

    def find(self, name="", code=""):
        """The team, or None; raises AmbiguousTeam when a name or code fits two teams."""
        for key in (name_key(name) if name else None, "code:" + name_key(code) if code else None):
            if key is None or key not in self.by_key:
                continue
            if self.by_key[key] is None:
                raise AmbiguousTeam(
                    f"{name or code!r} could be more than one team: give one of them an alias "
                    "or a short code in the admin to tell them apart."
                )
            return self.by_key[key]
        return None
