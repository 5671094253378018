"""Recent changes: each edit (one save by an editor) with the records it wrote, as
before → after, and its Undo. Built on django-simple-history's records, which each
point to their edit (``models.EditRecord``)."""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext

from .editing import TEAM_MERGE, recording
from .models import Edit
from .signals import settle_standings

HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type"}
UNSHOWN_FIELDS = HISTORY_FIELDS | {"history_user", "edit", "id"}


class UndoRefused(Exception):
    """The edit can't be undone; the message says why."""


@dataclass
class FieldChange:
    label: str
    before: object
    after: object


@dataclass
class Touched:
    """One record an edit wrote: what it did to one row, and the row's version before."""

    record: object
    previous: object = None
    changes: list = field(default_factory=list)

    @property
    def kind(self):
        return self.record.history_type  # "+" created, "~" changed, "-" deleted

    @property
    def model(self):
        return self.record.instance_type

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def row(self):
        return (self.model, self.record.id)

    @property
    def label(self):
        """The row as it reads in this version, with the related rows read with it."""
        return str(as_row(self.record))


@dataclass
class Entry:
    edit: Edit
    touched: list


def recorded_models():
    """The models with a history, parents before children (the order they are
    defined in: each refers only to models defined before it)."""
    return [
        model
        for model in apps.get_app_config("tournaments").get_models()
        if hasattr(getattr(model, "history", None), "model")
    ]


def entries(edits):
    """The edits as entries, each with its records in model order, their versions
    before and their changed fields: one query per model with records."""
    by_edit = {edit.pk: Entry(edit, []) for edit in edits}
    for model in recorded_models():
        history = model.history.model.objects.select_related(*related_names(model))
        records = list(history.filter(edit__in=by_edit).order_by("history_id"))
        if not records:
            continue
        previous = previous_versions(model, records)
        for record in records:
            touched = Touched(record, previous.get(record.history_id))
            touched.changes = field_changes(touched)
            by_edit[record.edit_id].touched.append(touched)
    return [entry for entry in by_edit.values() if entry.touched]


def related_names(model):
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


def as_row(record):
    """The model instance of a history record, given the related rows the record
    was read with (``select_related``), so that its ``str()`` reads no more."""
    row = record.instance
    for name in related_names(row):
        recorded = record._meta.get_field(name)
        if recorded.is_cached(record):
            row._meta.get_field(name).set_cached_value(row, recorded.get_cached_value(record))
    return row


def previous_versions(model, records):
    """{history_id: the record before it of the same row}, in one query."""
    history = model.history.model.objects.filter(id__in={r.id for r in records})
    last_seen, previous = {}, {}
    for version in history.order_by("history_id"):
        previous[version.history_id] = last_seen.get(version.id)
        last_seen[version.id] = version
    return previous


def field_changes(touched):
    """Before → after of each field a change ("~") made, with the fields' labels."""
    if touched.kind != "~" or touched.previous is None:
        return []
    excluded = [f.name for f in touched.record._meta.fields if f.name in UNSHOWN_FIELDS]
    delta = touched.record.diff_against(touched.previous, excluded_fields=excluded)
    changes = []
    for change in delta.changes:
        model_field = touched.model._meta.get_field(change.field)
        before, after = change.old, change.new
        if model_field.is_relation:
            before = related_or_gone(touched.previous, change.field, change.old)
            after = related_or_gone(touched.record, change.field, change.new)
        elif model_field.choices:
            choices = dict(model_field.flatchoices)
            before, after = choices.get(before, before), choices.get(after, after)
        changes.append(FieldChange(str(model_field.verbose_name), before, after))
    return changes


def related_or_gone(record, name, pk):
    """The row a version's foreign key names, or a word for one deleted since."""
    if pk is None:
        return None
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:
        return gettext("deleted (#%(id)s)") % {"id": pk}


def undo(edit, editor=None):
    """Restore every row the edit wrote to its version before, in one transaction with
    the standings; returns the new edit that did it. Refused (``UndoRefused``) when a
    row was changed again since, the edit was undone already, or a row can't be put
    back as it was (the rules of today refuse it)."""
    using = router.db_for_write(Edit)
    try:
        with transaction.atomic(using=using):
            edit = Edit.objects.select_for_update().get(pk=edit.pk)
            (entry,) = entries([edit]) or [Entry(edit, [])]
            lock_rows(entry.touched)  # then no save slips in between the check and Undo
            refusal = undo_refusal(entry)
            if refusal:
                raise UndoRefused(refusal)
            with recording(editor=editor) as undoing:
                restore(entry.touched)
            Edit.objects.filter(pk=undoing.pk).update(undoes=edit)
            settle_standings(using)
            connections[using].check_constraints()  # a row put back naming one gone since
    except ValidationError as error:
        raise UndoRefused(" ".join(error.messages)) from error
    except IntegrityError as error:
        raise UndoRefused(
            gettext("A row can't be put back as it was: %(error)s") % {"error": error}
        ) from error
    return undoing


def lock_rows(touched):
    """Lock the live rows the entry wrote, model by model in id order."""
    rows = {}
    for item in touched:
        rows.setdefault(item.model, set()).add(item.record.id)
    for model, ids in rows.items():
        list(model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk"))


def undo_refusal(entry):
    """Why the entry can't be undone, or ''."""
    already = Edit.objects.filter(undoes=entry.edit).first()
    if already is not None:
        return gettext("Change %(number)s was undone already, by change %(by)s.") % {
            "number": entry.edit.pk,
            "by": already.pk,
        }
    if not entry.touched:
        return gettext("Change %(number)s kept no record to restore.") % {"number": entry.edit.pk}
    if entry.edit.origin == TEAM_MERGE:
        return gettext(
            "Change %(number)s merged two teams: it moved rows without their own history "
            "and rewrote the older versions, so it can't be undone here. Split the teams "
            "again by hand."
        ) % {"number": entry.edit.pk}
    for touched in first_per_row(entry.touched):
        if touched.kind == "~" and touched.previous is None:
            return gettext("No version of %(row)s before change %(number)s is recorded.") % {
                "row": touched.label,
                "number": entry.edit.pk,
            }
    return later_change(entry)


def first_per_row(touched):
    """The edit's first record of each row: its version before is what Undo restores."""
    first = {}
    for item in sorted(touched, key=lambda t: t.record.history_id):
        first.setdefault(item.row, item)
    return list(first.values())


def later_change(entry):
    """The first change made since to a row the entry wrote, worded, or ''."""
    last_id = {}  # the entry's last record of each row; a later one is a later change
    for touched in entry.touched:
        last_id[touched.row] = max(last_id.get(touched.row, 0), touched.record.history_id)
    for model in {touched.model for touched in entry.touched}:
        rows = {row_id: last for (of, row_id), last in last_id.items() if of is model}
        candidates = (
            model.history.model.objects.filter(id__in=rows, history_id__gt=min(rows.values()))
            .exclude(edit=entry.edit)
            .select_related("edit__editor")
            .order_by("history_id")
        )
        for later in candidates:
            if later.history_id > rows[later.id]:
                return refusal_for_later(entry.edit, later)
    return ""


def refusal_for_later(edit, later):
    values = {"row": as_row(later), "number": edit.pk}
    if later.edit is None:
        return (
            gettext(
                "%(row)s was changed again after change %(number)s, outside the admin: not undone."
            )
            % values
        )
    return gettext(
        "%(row)s was changed again by change %(later)s (%(editor)s): undo that change "
        "first. Change %(number)s is not undone."
    ) % {**values, "later": later.edit.pk, "editor": later.edit.editor or gettext("an import")}


def restore(touched):
    """Each row gets its version from before the edit: rows deleted or changed are
    saved back, parents first; rows created are deleted, children first."""
    order = {model: index for index, model in enumerate(recorded_models())}
    firsts = sorted(first_per_row(touched), key=lambda t: order[t.model])
    for item in firsts:
        if item.kind == "-":
            item.record.instance.save()  # a deletion's record holds the row as it was
        elif item.kind == "~":
            item.previous.instance.save()
    created = {item.row for item in firsts if item.kind == "+"}
    for item in reversed(firsts):
        if item.kind == "+":
            delete_created(item, created)


def delete_created(item, created):
    """Delete a row the edit created, unless deleting it would take rows it didn't."""
    row = item.model._default_manager.filter(pk=item.record.id).first()
    if row is None:
        return
    collector = Collector(using=router.db_for_write(item.model))
    try:
        collector.collect([row])
    except (ProtectedError, RestrictedError) as error:
        depending = next(
            iter(getattr(error, "protected_objects", None) or error.restricted_objects)
        )
        raise UndoRefused(depends_refusal(depending, item)) from error
    for model, rows in collector.data.items():
        if not hasattr(model, "history"):
            continue  # computed rows (the standings) go with their group
        for other in rows:
            if (model, other.pk) not in created:
                raise UndoRefused(depends_refusal(other, item))
    row.delete()


def depends_refusal(depending, item):
    return gettext("%(row)s was added since and depends on %(created)s: not undone.") % {
        "row": depending,
        "created": item.label,
    }
