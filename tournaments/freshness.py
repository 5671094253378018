"""The data version: one token that changes whenever tournament data changes.

Cached pages are keyed by it, so a change committed by any process (admin,
``loaddata``, an import, ``recompute_standings``, a revert) makes every worker
that shares the cache miss on its next request. The token lives in the cache
itself, where every worker reads it. A token that has vanished (evicted,
cache cleared) is replaced by a new one, never by an old one: a lost version
costs a miss, never a stale page.
"""

import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "copaperu:data-version"

# Derived rows, written only by the standings batch, which marks the change itself
# (a delete receiver on them would make Django delete their rows one by one).
DERIVED_MODELS = ("Standing",)


@dataclass(frozen=True)
class DataVersion:
    token: str
    changed_at: float  # a Unix time, for Last-Modified


def new_version():
    return DataVersion(uuid.uuid4().hex, time.time())


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), None)
        version = cache.get(VERSION_KEY) or new_version()  # a dummy cache keeps nothing
    return version


def bump_version():
    cache.set(VERSION_KEY, new_version(), None)


class PendingBump:
    """The version change one transaction owes; registered for each row it writes
    (a cheap append) and carried out once."""

    def __init__(self):
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            bump_version()


def data_changed(using=None):
    """Mark the data changed once this transaction commits (at once outside one).

    Marked after the commit, not before: a page rendered between the two would
    be stored under the new version with the old data. A transaction rolled back
    leaves its bump pending: the next one carries it out, which costs a miss.
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    pending = getattr(connection, "pending_version_bump", None)
    if pending is None or pending.done:
        pending = connection.pending_version_bump = PendingBump()
    transaction.on_commit(pending, using=using)


def tournament_data_changed(sender, using, **kwargs):
    data_changed(using)


def connect(models):
    """Watch every model that pages show, each receiver with its sender."""
    for model in models:
        name = model._meta.object_name
        if name in DERIVED_MODELS or name.startswith("Historical"):
            continue  # history rows are written beside the rows they record
        uid = f"freshness:{model._meta.label}"
        post_save.connect(tournament_data_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(tournament_data_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                tournament_data_changed, sender=field.remote_field.through, dispatch_uid=uid
            )
