"""Which edit a history record belongs to: one save by an editor, however many rows
it wrote. The admin's requests and the imports open one; the history receiver
(``history.tag_with_edit``) stamps every record written meanwhile with it."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, router, transaction

from .models import Edit

TEAM_MERGE = "team merge"  # an Edit's origin: its moved rows' history is rewritten

_current = ContextVar("current_edit", default=None)


class _Recording:
    def __init__(self, edit):
        self.edit = edit
        self.tagged = set()  # the history models it stamped records of


def current_edit():
    """The edit being recorded, or None outside one."""
    recording = _current.get()
    return None if recording is None else recording.edit


def tag(history_record):
    """Stamp a new history record with the edit being recorded; returns the edit."""
    recording = _current.get()
    if recording is None:
        return None
    history_record.edit = recording.edit
    recording.tagged.add(type(history_record))
    return recording.edit


@contextmanager
def recording(editor=None, reason="", origin="", undoes=None):
    """Record the writes of the block as one edit. The Edit row is written first, in
    the caller's transaction but outside the savepoints of the views it wraps, so a
    savepoint rolled back and tried again still finds it; an edit left without a
    record (nothing written, or all of it rolled back) is deleted at the end. Nested,
    the outer edit goes on."""
    if _current.get() is not None:
        yield _current.get().edit
        return
    edit = Edit.objects.create(
        editor=editor, reason=reason.strip()[:100], origin=origin[:200], undoes=undoes
    )
    recording_ = _Recording(edit)
    token = _current.set(recording_)
    try:
        yield edit
    finally:
        _current.reset(token)
    # Not after an exception: its transaction is being rolled back, the Edit with it.
    if not kept_a_record(recording_):
        Edit.objects.filter(pk=edit.pk).delete()


def kept_a_record(recording_):
    """Whether a record stamped with the edit is still there (savepoints rolled back
    take theirs). A transaction marked for rollback keeps nothing: no query then."""
    using = router.db_for_write(Edit)
    if connections[using].in_atomic_block and transaction.get_rollback(using):
        return True  # the rollback takes the Edit away
    return any(model.objects.filter(edit=recording_.edit).exists() for model in recording_.tagged)


def mark_current_edit(origin):
    """Say what the edit being recorded was made through (e.g. ``TEAM_MERGE``)."""
    edit = current_edit()
    if edit is not None:
        Edit.objects.filter(pk=edit.pk).update(origin=origin)
