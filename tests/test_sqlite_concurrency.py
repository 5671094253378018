"""A newsroom on the default database: eight editors saving at once on a SQLite file.

SQLite lets one writer at a time; the others must wait for it (the busy timeout),
not fail with "database is locked". A transaction that reads and then writes, as
every admin save does, can only wait if it takes the write lock as it begins
(transaction_mode IMMEDIATE), and in WAL mode readers don't hold up the writers.

The suite's test database lives in memory, so the newsroom works on a file: the test
database with the 1996 season copied there, and the editors and a reader in processes
of their own (tests/sqlite_newsroom.py). Skipped on PostgreSQL, whose row locks
tests/test_concurrency.py covers.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="SQLite's locking only: the database is not SQLite",
    ),
    pytest.mark.django_db,
]

NEWSROOM = Path(__file__).with_name("sqlite_newsroom.py")
# Saves each, by four editors of each kind: about 3 s of writing in all, one save at a
# time, so that even on a machine four times as busy no editor's wait nears the 20 s
# busy timeout (the waiters are not served in turn: one can wait for all the others).
ADMIN_EDITS, ORM_EDITS = 3, 15
EDITORS = 8


@pytest.fixture
def newsroom_database(tmp_path, season_1996):
    """The 1996 season and the editors' accounts in a file database; returns its URL."""
    for number in range(EDITORS):
        get_user_model().objects.create_superuser(f"editor{number}", f"editor{number}@x.org")
    path = tmp_path / "newsroom.sqlite3"
    path.write_bytes(connection.connection.serialize())  # as this test's transaction sees it
    return f"sqlite:///{path}"


def run_newsroom(database_url):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-only-not-a-secret",
        "DEBUG": "",
        "PYTHONWARNINGS": "ignore::UserWarning",  # WhiteNoise: no collectstatic output
    }
    done = subprocess.run(
        [sys.executable, NEWSROOM, str(ADMIN_EDITS), str(ORM_EDITS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_eight_editors_saving_at_once_all_succeed_and_the_standings_stay_right(
    newsroom_database,
):
    newsroom = run_newsroom(newsroom_database)

    failed = Counter()
    for editor, failures in newsroom["editors"]:
        assert isinstance(failures, list), failures  # a traceback: the editor crashed
        failed.update(f"{editor}: {failure}" for failure in failures)
    saves = 4 * ADMIN_EDITS + 4 * ORM_EDITS
    assert not failed, f"{failed.total()} of {saves} saves failed: {dict(failed)}"
    assert set(newsroom["reader"]) == {200}, newsroom["reader"]
    assert newsroom["stored"] == newsroom["fresh"]
