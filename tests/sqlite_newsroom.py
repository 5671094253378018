"""The newsroom of tests/test_sqlite_concurrency.py, on the file database of DATABASE_URL.

    python tests/sqlite_newsroom.py ADMIN_EDITS ORM_EDITS

Eight editors save 1996 scores at once, each in its own process and with its own
account (editor0 to editor7): four through the admin's change form, ADMIN_EDITS saves
each, and four through the ORM, ORM_EDITS saves each. A reader loads the season page
meanwhile. Then the stored standings are compared with a fresh computation. Prints one
JSON object: each editor's failed saves, the reader's statuses, the two tables.

Django is set up once and the processes are forked from it: nine interpreters starting
Django would take longer than the edits.
"""

import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copaperu.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.test_admin import form_data  # noqa: E402
from tournaments.models import Group, Match, Stage, Standing  # noqa: E402
from tournaments.services import recompute_groups  # noqa: E402

TIMEOUT = 90  # seconds for the editors: one stuck longer is a failure, not a hang


def editable_matches():
    """Played group-stage matches without goal rows: any score is a valid edit."""
    return list(
        Match.objects.played()
        .exclude(group__stage__kind=Stage.Kind.KNOCKOUT)
        .filter(goals__isnull=True)
        .values_list("pk", flat=True)
    )


def orm_editor(username):
    def save(pk, home, away):
        """As the admin does: read the row, then write it, in one transaction."""
        with transaction.atomic():
            match = Match.objects.get(pk=pk)
            match.home_score, match.away_score = home, away
            match.save()

    return save


def admin_editor(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))

    def save(pk, home, away):
        url = reverse("admin:tournaments_match_change", args=[pk])
        data = form_data(client.get(url))
        data.update(home_score=home, away_score=away)
        response = client.post(url, data)
        assert response.status_code == 302, f"status {response.status_code}"

    return save


def edit(seed, editor, count, match_ids, start):
    save = editor(f"editor{seed}")
    rng = random.Random(seed)
    start.wait()
    failures = []
    for _ in range(count):
        try:
            save(rng.choice(match_ids), rng.randint(0, 4), rng.randint(0, 4))
        except Exception as error:  # a 500 to the editor: counted, not raised
            failures.append(f"{type(error).__name__}: {error}")
    return failures


def read(start, stop):
    client = Client()
    url = reverse("tournaments:season", args=[1996])
    start.wait()
    statuses = []
    while not stop.is_set():
        try:
            statuses.append(client.get(url).status_code)
        except Exception as error:
            statuses.append(f"{type(error).__name__}: {error}")
        time.sleep(0.05)  # a reader, not a load test: leave the editors the processor
    return statuses


def in_child(results, key, job, *args):
    try:
        results.put((key, job(*args)))
    except BaseException:
        results.put((key, traceback.format_exc()))


def warm_up(match_id):
    """Compile the pages' templates once, before the processes fork (as gunicorn --preload
    would): else each editor compiles them while it holds the write lock."""
    admin_editor("editor0")(match_id, 1, 0)
    Client().get(reverse("tournaments:season", args=[1996]))


def newsroom(admin_edits, orm_edits):
    match_ids = editable_matches()
    warm_up(match_ids[0])
    connections.close_all()  # each process opens its own: none may inherit one
    context = multiprocessing.get_context("fork")
    editors = [(admin_editor, admin_edits)] * 4 + [(orm_editor, orm_edits)] * 4
    start = context.Barrier(len(editors) + 1, timeout=TIMEOUT)
    stop, results = context.Event(), context.Queue()
    jobs = [(seed, edit, seed, *editor, match_ids, start) for seed, editor in enumerate(editors)]
    jobs.append(("reader", read, start, stop))
    processes = [
        context.Process(target=in_child, args=(results, *job), daemon=True) for job in jobs
    ]
    for process in processes:
        process.start()
    done = dict(results.get(timeout=TIMEOUT) for _ in editors)
    stop.set()
    done.update([results.get(timeout=TIMEOUT)])
    for process in processes:
        process.join()
    return {
        "editors": [(editor.__name__, done[seed]) for seed, (editor, _) in enumerate(editors)],
        "reader": done["reader"],
    }


def standings():
    def table():
        fields = ("position", "played", "won", "drawn", "lost", "goals_for", "goals_against")
        rows = Standing.objects.order_by("group", "row")
        return list(rows.values_list("group", "team", *fields, "points"))

    stored = table()
    recompute_groups(Group.objects.all())
    return {"stored": stored, "fresh": table()}


if __name__ == "__main__":
    setup_test_environment()  # the admin's responses carry their context: the form to post
    report = newsroom(*map(int, sys.argv[1:3]))
    print(json.dumps(report | standings()))
