"""What every importer shares: writing rows, reporting them, and the dry run.

A format's loader reads its parsed document and hands each row to
``Loader.upsert`` (or ``Loader.save``): the row is found by its natural key,
given the document's values, checked with ``full_clean`` (the admin's rules)
and saved only if it is new or changed, and the ``Report`` counts it and says
what changed. An invalid row is not saved: its message joins
``Report.errors``, and ``Loader.raise_errors`` stops the import with all of
them. Everything runs inside ``one_transaction``, so a refused import, or a
dry run, writes nothing; the standings it changes are recomputed inside it too,
so an import whose recomputation fails writes nothing either.
"""

import contextlib
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from ..bilingual import english
from ..editing import recording
from ..signals import settle_standings


class InterchangeError(ValueError):
    """The document can't be imported; the message says where and why."""


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    lines: list = field(default_factory=list)  # one per change: "created match ..."
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # one per invalid row
    dry_run: bool = False

    def __str__(self):
        return "\n".join(self.lines)


@contextlib.contextmanager
def one_transaction(dry_run=False, origin=""):
    """All the writes of an import and their standings, committed together, or
    rolled back for a dry run: one entry of Recent changes, made through ``origin``."""
    with transaction.atomic(), recording(origin=origin):
        yield
        if dry_run:
            transaction.set_rollback(True)
        else:
            settle_standings()


def free_slug(model, name, fallback):
    """A slug of ``name`` that no row of ``model`` has: "name", "name-2", "name-3" ..."""
    length = model._meta.get_field("slug").max_length
    base = slugify(name) or fallback
    slug, number = base[:length], 2
    while model.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug, number = base[: length - len(suffix)] + suffix, number + 1
    return slug


def named_row(rows, name):
    """Among ``rows`` (a season's stages, a stage's groups), the one a document's
    ``name`` means: the row with the name's slug, else the row whose English name
    (its Spanish, where it has none) is the name. Imported rows have their slug
    from the source's English name; rows typed in the admin, from their Spanish one."""
    slug = slugify(name)
    rows = list(rows)
    return next((row for row in rows if row.slug == slug), None) or next(
        (row for row in rows if slugify(english(row, "name")) == slug), None
    )


def validation_message(error):
    """A ValidationError on one line: "field: message; other: message"."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


class Loader:
    """Writes a document's rows, each checked, counted and told in ``report``."""

    error = InterchangeError  # what raise_errors raises: the format's own error
    stop_at_first_error = False  # or collect them, and raise_errors at a checkpoint

    def __init__(self, report):
        self.report = report

    @staticmethod
    def show(value):
        """A value as a change line gives it: "home_score 1 → 0"."""
        return repr(value)

    def upsert(self, model, lookup, values, label):
        """Find by ``lookup``, create or update with ``values``; returns the instance."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup)
        return self.put(instance, values, label)

    def put(self, instance, values, label):
        """Give ``instance`` the values and save it, if it is new or they change it."""
        changes = None
        if not instance._state.adding:
            changes = [
                f"{name} {self.show(getattr(instance, name))} → {self.show(value)}"
                for name, value in values.items()
                if _comparable(getattr(instance, name)) != _comparable(value)
            ]
            if not changes:
                return instance
        for name, value in values.items():
            setattr(instance, name, value)
        self.save(instance, label, changes)
        return instance

    def save(self, instance, label, changes=None):
        """Validate, save and report a new row, or a changed one with its ``changes``."""
        if not self.validate(instance, label):
            return
        values = {"kind": instance._meta.verbose_name, "label": label}
        created = instance._state.adding
        instance.save()
        if created:
            self.report.created += 1
            # Translators: a line of an import's report: "created match round 1: A v B".
            self.report.lines.append(gettext("created %(kind)s %(label)s") % values)
        else:
            self.report.updated += 1
            self.report.lines.append(
                # Translators: "updated match round 1: A v B: home_score 1 → 0".
                gettext("updated %(kind)s %(label)s: %(changes)s")
                % {**values, "changes": "; ".join(changes)}
            )

    def validate(self, instance, label):
        """``full_clean``; an invalid row's message joins the errors. True if valid."""
        try:
            instance.full_clean()
        except ValidationError as error:
            self.report.errors.append(
                gettext("%(kind)s %(label)s: %(message)s")
                % {
                    "kind": instance._meta.verbose_name,
                    "label": label,
                    "message": validation_message(error),
                }
            )
        else:
            return True
        if self.stop_at_first_error:
            self.raise_errors()
        return False

    def raise_errors(self):
        if self.report.errors:
            raise self.error("\n".join(self.report.errors))


def _comparable(value):
    return value.pk if hasattr(value, "pk") else value
