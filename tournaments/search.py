"""Search as people type: "galvez", "GALVEZ" and "gálvez" all find José Gálvez.

``fold`` is the one normalizer of names (``interchange.teams.name_key`` builds
on it): decomposed (NFKD), without combining marks, casefolded. A
``Searchable`` model keeps the folded text of its ``search_source`` fields in
``search_text``, filled before every save (loaddata's raw saves included: from
the row's own fields, without a query). ``SearchQuerySet.search`` finds the
rows holding every word of a term: on SQLite in ``search_text``, on PostgreSQL
in the fields themselves through the ``unaccent`` extension (migration 0005).
Both give the same rows.
"""

import unicodedata
from functools import reduce
from operator import or_

from django.db import connections, models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def fold(text):
    """ "José GÁLVEZ" → "jose galvez": without accents and case."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_words(term):
    """The folded words of a search term, each of which a found row must contain."""
    return fold(term).split()


class Searchable(models.Model):
    """A model people search by name: its folded text is kept in ``search_text``."""

    search_text = models.TextField(_("search text"), blank=True, editable=False)

    search_source = ("name",)  # the fields folded into search_text

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A save of some fields writes search_text too when they are searched."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_source):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def folded_text(self):
        values = (getattr(self, name) for name in self.search_source)
        return fold(" ".join(str(value) for value in values if value))


def fill_search_text(sender, instance, **kwargs):
    """pre_save of each Searchable model (raw or not): only the row's own fields."""
    instance.search_text = instance.folded_text()


def connect(models_of_app):
    """Connect ``fill_search_text`` to every Searchable model, each as its sender."""
    for model in models_of_app:
        if issubclass(model, Searchable):
            pre_save.connect(fill_search_text, sender=model, dispatch_uid=f"search_{model}")


class SearchQuerySet(models.QuerySet):
    def search(self, term):
        """The rows with every word of ``term`` in their searched fields, without
        accents or case; a blank term leaves the queryset as it is."""
        queryset = self
        for word in search_words(term):
            queryset = queryset.filter(self.word_filter(word))
        return queryset

    def word_filter(self, word):
        """Q: one of the model's searched fields contains the folded ``word``."""
        return folded_contains(self.model.search_source, word, self.db)


def folded_contains(fields, word, using):
    """Q: one of ``fields`` contains ``word`` (folded): on PostgreSQL through
    unaccent(), elsewhere in the row's ``search_text``."""
    if connections[using].vendor != "postgresql":
        return Q(search_text__contains=word)
    # Imported here: django.contrib.postgres needs psycopg, which SQLite doesn't.
    from django.contrib.postgres.lookups import Unaccent
    from django.db.models.lookups import IContains

    return reduce(or_, (Q(IContains(Unaccent(field), word)) for field in fields))
