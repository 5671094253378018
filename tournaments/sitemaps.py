"""The sitemap (/sitemap.xml, an index of one sitemap per kind of page).

Every page is listed in each language, with the other languages as hreflang
alternates and the default language (Spanish, at the plain URLs) as x-default,
as search engines ask: the framework's ``i18n``, ``alternates`` and ``x_default``.
``lastmod`` is the newest history record of what the page shows (selectors), and is
left out where the data keeps none. Drafts are never listed.

A section is counted and sliced in the database, a page of at most 50,000 entries
at a time (the protocol's limit): two queries a page, and two a section for the
index, however many rows.
"""

import math

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import get_language

from . import selectors
from .links import path_maker


class LanguageVersions:
    """(row, language) for every row of a queryset and every language, as the
    framework's i18n sitemaps list them, counted and sliced by the database rather
    than read whole into a list."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("LanguageVersions can only be sliced, without a step.")
        start, stop = index.start or 0, index.stop
        per_row = len(self.languages)
        first_row, last_row = start // per_row, math.ceil(stop / per_row)
        rows = self.queryset[first_row:last_row]
        versions = [(row, language) for row in rows for language in self.languages]
        skip = start - first_row * per_row
        return versions[skip : skip + stop - start]


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(LocalizedSitemap):
    """The pages of one model's rows; ``rows`` reads them with ``last_changed``."""

    rows = None  # a selector
    order = ("pk",)

    def items(self):
        return self.rows().order_by(*self.order)

    @property
    def paginator(self):
        languages = [code for code, _name in settings.LANGUAGES]
        return Paginator(LanguageVersions(self.items(), languages), self.limit)

    def lastmod(self, row):
        return row.last_changed

    def get_latest_lastmod(self):
        return selectors.latest_change(self.rows())


class SeasonSitemap(RecordSitemap):
    rows = staticmethod(selectors.sitemap_seasons)
    order = ("year",)


class GroupSitemap(RecordSitemap):
    rows = staticmethod(selectors.sitemap_groups)


class TeamSitemap(RecordSitemap):
    rows = staticmethod(selectors.sitemap_teams)


class DepartmentSitemap(RecordSitemap):
    rows = staticmethod(selectors.sitemap_departments)


class MatchSitemap(RecordSitemap):
    """The most numerous pages: their paths are made without a reverse() each."""

    rows = staticmethod(selectors.sitemap_matches)

    def __init__(self):
        self.paths = {}  # a path maker per language

    def location(self, match):
        language = get_language()
        if language not in self.paths:
            self.paths[language] = path_maker("tournaments:match", pk=0)
        return self.paths[language](match.pk)


class PageSitemap(LocalizedSitemap):
    """The pages that belong to no row: the seasons' list and the team search."""

    names = (
        "tournaments:home",
        "tournaments:seasons",
        "tournaments:teams",
        "tournaments:departments",
        "tournaments:records",
    )

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "seasons": SeasonSitemap,
    "groups": GroupSitemap,
    "matches": MatchSitemap,
    "teams": TeamSitemap,
    "departments": DepartmentSitemap,
}
