"""Which edit a history record belongs to: one save by an editor, however many rows
it wrote. The admin's requests and the imports open one; the history receiver
(``history.tag_with_edit``) stamps every record written meanwhile with it."""

from contextlib import contextmanager
from contextvars import ContextVar

from .models import Edit

_current = ContextVar("current_edit", default=None)


class _Recording:
    def __init__(self, edit):
        self.edit = edit
        self.records = 0


def current_edit():
    """The edit being recorded, or None outside one."""
    recording = _current.get()
    if recording is None:
        return None
    recording.records += 1
    return recording.edit


@contextmanager
def recording(editor=None, reason="", origin="", undoes=None):
    """Record the writes of the block as one edit. The Edit row is written first, in
    the caller's transaction but outside the savepoints of the views it wraps, so a
    savepoint rolled back and tried again still finds it; an edit that wrote no
    record is deleted at the end. Nested, the outer edit goes on."""
    if _current.get() is not None:
        yield _current.get().edit
        return
    edit = Edit.objects.create(
        editor=editor, reason=reason.strip()[:100], origin=origin[:200], undoes=undoes
    )
    token = _current.set(_Recording(edit))
    try:
        yield edit
    finally:
        records = _current.get().records
        _current.reset(token)
        if not records:
            Edit.objects.filter(pk=edit.pk).delete()
