"""Timings of the standings engine, the data loads, the recomputations and the public pages.

Run from the repository root: ``make bench`` (or ``SECRET_KEY=x .venv/bin/python bench/run.py``).
The database is a temporary SQLite file, deleted at the end, unless
BENCH_DATABASE_URL names another one: it must then be an empty scratch database,
as the bench empties it (``flush``) between runs. ``--repeat N`` runs every
measurement N times instead of its default. See bench/README.md.
"""

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The settings read the environment once, at django.setup(): everything is set before.
TEMP_DIR = None
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    TEMP_DIR = tempfile.mkdtemp(prefix="copaperu-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{TEMP_DIR}/bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "copaperu.settings"
# No page cache: every request renders its page ("cold"), which is what the bench times.
os.environ["CACHE_URL"] = "dummy://"
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from tournaments import standings  # noqa: E402
from tournaments.generation import generate_season  # noqa: E402
from tournaments.models import Group, Match, Season, Standing  # noqa: E402
from tournaments.services import recompute_group, recompute_groups  # noqa: E402

logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 404s are reported here

GENERATED_YEAR = 2101
HEAD_TO_HEAD_RULES = standings.Rules(
    points_for_win=3,
    points_for_draw=1,
    tiebreakers=(
        standings.Tiebreaker.POINTS,
        standings.Tiebreaker.HEAD_TO_HEAD,
        standings.Tiebreaker.GOAL_DIFFERENCE,
        standings.Tiebreaker.GOALS_FOR,
    ),
)


class Report:
    def __init__(self):
        self.rows = []
        self.started = time.perf_counter()

    def measure(self, name, fn, repeat, setup=None, warmup=False, queries=True, note=""):
        """Time ``fn`` ``repeat`` times (``setup`` untimed before each run).

        SQL queries are counted in the warm-up run when there is one (untimed),
        else in every timed run (the counting costs microseconds a query).
        """
        count = None
        if warmup:
            if setup:
                setup()
            with CaptureQueriesContext(connection) as captured:
                fn()
            count = len(captured.captured_queries)
        times = []
        for _ in range(repeat):
            if setup:
                setup()
            if queries and not warmup:
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    result = fn()
                    times.append(time.perf_counter() - start)
                count = len(captured.captured_queries)
            else:
                start = time.perf_counter()
                result = fn()
                times.append(time.perf_counter() - start)
        extra = note(result) if callable(note) else note
        self.add(
            name, repeat, min(times), statistics.median(times), count if queries else None, extra
        )
        return result

    def add(self, name, runs="", best=None, median=None, queries=None, note=""):
        self.rows.append((name, runs, best, median, queries, note))
        print(f"  done: {name}", file=sys.stderr, flush=True)

    def print(self):
        header = ("benchmark", "runs", "best", "median", "SQL queries", "notes")
        lines = [
            (
                name,
                str(runs),
                "" if best is None else seconds(best),
                "" if median is None else seconds(median),
                "" if queries is None else str(queries),
                note,
            )
            for name, runs, best, median, queries, note in self.rows
        ]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        align = ["<", ">", ">", ">", ">", "<"]

        def format_line(row):
            cells = (f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True))
            return "  ".join(cells).rstrip()

        print(format_line(header))
        print("  ".join("-" * w for w in widths))
        for line in lines:
            print(format_line(line))
        print(f"\nWhole bench: {seconds(time.perf_counter() - self.started)}")


def seconds(value):
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


# -- the engine, no database ------------------------------------------------------------


def double_round_robin_results(team_count, rng):
    """Every pair twice, home and away, with plausible scores (many level on points)."""
    goals = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4]
    return [
        standings.Result(home, away, rng.choice(goals), rng.choice(goals))
        for home in range(team_count)
        for away in range(team_count)
        if home != away
    ]


def bench_engine(report, repeat):
    for team_count, runs in ((20, repeat(200)), (200, repeat(5))):
        results = double_round_robin_results(team_count, random.Random(team_count))
        teams = list(range(team_count))

        def compute(teams=teams, results=results):
            return standings.compute_table(teams, results, HEAD_TO_HEAD_RULES)

        def level_on_points(table):
            points = [row.points for row in table]
            return sum(points.count(p) > 1 for p in points)

        report.measure(
            f"engine: compute_table, {team_count} teams",
            compute,
            runs,
            queries=False,
            note=lambda table, results=results: (
                f"double round robin, {len(results):,} results; head-to-head rules, "
                f"{level_on_points(table)} teams level on points"
            ),
        )


# -- the database --------------------------------------------------------------------------


def flush():
    call_command("flush", interactive=False, verbosity=0)


def load_1996():
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    return Standing.objects.count()


def bench_database(report, repeat):
    # loaddata's transaction commits inside the call, so the standings batch it
    # queues (signals) runs, and is timed, before call_command returns.
    report.measure(
        "loaddata departments copa_peru_1996",
        load_1996,
        repeat(5),
        setup=flush,
        note=lambda count: f"into an empty database; {count} standings rows after the commit",
    )

    def fresh_1996():
        flush()
        load_1996()

    season = report.measure(
        "generate_season (defaults)",
        lambda: generate_season(GENERATED_YEAR),
        repeat(3),
        setup=fresh_1996,
        note=lambda s: (
            f"{s.entries.count()} teams, {Match.objects.for_season(s).count():,} matches, "
            f"{Group.objects.filter(stage__season=s).count()} groups; bulk_create"
        ),
    )

    group = (
        Group.objects.filter(stage__season=season, stage__kind="round_robin")
        .order_by("stage__order", "order")
        .first()
    )
    members = group.members.count()
    matches = group.matches.count()
    report.measure(
        "recompute_group, one group",
        lambda: recompute_group(group.pk),
        repeat(20),
        warmup=True,
        note=f"{members} teams, {matches} matches",
    )
    groups = Group.objects.filter(stage__season=season)
    report.measure(
        "recompute_groups, whole generated season",
        lambda: recompute_groups(groups),
        repeat(3),
        warmup=True,
        note=f"{groups.count()} groups (knockout ties included: rows deleted, none written)",
    )
    return season


def bench_pages(report, repeat, year):
    client = Client()
    paths = [
        "/",
        "/seasons/1996/",
        f"/seasons/{year}/",
        f"/seasons/{year}/first-stage/group-a/",
        f"/seasons/{year}/matches/",
    ]
    for path in paths:
        name = f"GET {path}"
        try:
            resolve(path)
        except Resolver404:
            report.add(name, note="skipped: the URL does not resolve")
            continue
        try:
            status = client.get(path).status_code
        except Exception as error:  # a page under construction may fail: report, go on
            message = str(error).splitlines()[0][:80] if str(error) else ""
            report.add(name, note=f"skipped: {type(error).__name__}: {message}")
            continue
        if status != 200:
            note = "404" if status == 404 else ""
            report.add(name, note=f"skipped: status {status} {note}".rstrip())
            continue

        def get(path=path):
            return client.get(path)

        report.measure(
            name,
            get,
            repeat(5),
            warmup=True,
            note=lambda response: f"{len(response.content) / 1024:,.0f} KB of HTML",
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, help="runs of every measurement (default: varies)")
    args = parser.parse_args()

    def repeat(default):
        return args.repeat or default

    database = connection.vendor
    if database == "sqlite":
        database += f" {connection.Database.sqlite_version}"
    print(f"copaperu bench, {datetime.now():%Y-%m-%d %H:%M}")
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, {database} "
        f"({connection.settings_dict['NAME']}), {os.cpu_count()} CPUs, {platform.platform()}"
    )
    call_command("migrate", interactive=False, verbosity=0)
    if TEMP_DIR is None and Season.objects.exists():
        sys.exit(
            "BENCH_DATABASE_URL holds seasons: the bench empties its database, use a scratch one."
        )

    report = Report()
    bench_engine(report, repeat)
    bench_database(report, repeat)
    bench_pages(report, repeat, GENERATED_YEAR)
    print()
    report.print()


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if TEMP_DIR:
            shutil.rmtree(TEMP_DIR, ignore_errors=True)
