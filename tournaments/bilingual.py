"""Texts that editors type in two languages: Spanish first, English beside it.

A translated field ``label`` holds the Spanish text, the site's primary one;
``label_en`` holds the English version, blank meaning "the same as the
Spanish". Team and department names are proper nouns: they have one field.

Pages read ``display_label`` (``display_label = Localized("label")`` on the
model): the English version when English is the active language and it is
filled in, else the Spanish; a Spanish page shows the English where only an
English source's text exists (its language is ``shown(row, "label")[0]``).
Exports to English-language formats (football.json, Wikipedia's wikitext)
read ``english(row, "label")``.
"""

from django.utils.translation import get_language


def english_is_active():
    return (get_language() or "").split("-")[0] == "en"


def localized(row, field):
    """The text of ``field`` in the active language, else in the other one."""
    return shown(row, field)[1]


def shown(row, field):
    """(language code, text) of ``field`` as a page in the active language shows it: its
    own version, else the other (an English source's prose not yet in Spanish)."""
    spanish, english = getattr(row, field), getattr(row, f"{field}_en")
    if english_is_active():
        return ("en", english) if english else ("es", spanish)
    return ("es", spanish) if spanish else ("en", english)


def english(row, field):
    """The English version of ``field``, else the Spanish as it is."""
    return getattr(row, f"{field}_en") or getattr(row, field)


class Localized:
    """A read-only attribute giving ``localized(row, field)``, for templates."""

    def __init__(self, field):
        self.field = field

    def __get__(self, row, owner=None):
        return self if row is None else localized(row, self.field)
