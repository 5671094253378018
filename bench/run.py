"""Timings and ratios: the engine, the data loads, the pages, a save, HTTP throughput.

Run from the repository root: ``make bench`` (or ``SECRET_KEY=x .venv/bin/python bench/run.py``).
The database is a temporary SQLite file, deleted at the end, unless
BENCH_DATABASE_URL names another one: it must then be an empty scratch database,
as the bench empties it (``flush``) between runs; the HTTP part then runs on it
and on a temporary SQLite file. ``--repeat N`` runs every measurement N times
instead of its default; ``--help`` lists the others. See bench/README.md.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
sys.path.insert(0, str(ROOT))

# The settings read the environment once, at django.setup(): everything is set before.
TEMP_DIR = Path(tempfile.mkdtemp(prefix="copaperu-bench-"))
SCRATCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL")
os.environ["DATABASE_URL"] = SCRATCH_DATABASE_URL or f"sqlite:///{TEMP_DIR}/bench.sqlite3"
os.environ["CACHE_URL"] = "dummy://"  # in this process every page is a cold render
os.environ["DJANGO_SETTINGS_MODULE"] = "copaperu.settings"
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.database import GENERATED_YEAR, bench_database, sample_pages  # noqa: E402
from bench.engine import bench_engine  # noqa: E402
from bench.pages import bench_pages  # noqa: E402
from bench.report import Report, seconds  # noqa: E402
from bench.throughput import Database, LoadOptions, bench_http  # noqa: E402
from bench.writes import bench_group_save, bench_loaddata  # noqa: E402
from tournaments.models import Season  # noqa: E402

logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 404s are reported here


def main():
    args = arguments()

    def repeat(default):
        return args.repeat or default

    started = datetime.now()
    load_before = os.getloadavg()[0]
    print(f"copaperu bench, {started:%Y-%m-%d %H:%M}, {commit()}")
    print(machine())
    call_command("migrate", interactive=False, verbosity=0)
    if SCRATCH_DATABASE_URL and Season.objects.exists():
        sys.exit(
            "BENCH_DATABASE_URL holds seasons: the bench empties its database, use a scratch one."
        )

    report = Report()
    if not args.http_only:
        bench_engine(report, repeat)
        bench_database(report, repeat)  # leaves 1996 and the generated season, as HTTP wants
        bench_pages(report, repeat, GENERATED_YEAR)
    if not args.skip_http:
        databases = http_databases(seeded=not args.http_only)
        connection.close()  # the servers use the database now
        bench_http(report, databases, load_options(args), TEMP_DIR, GENERATED_YEAR)
    if not args.http_only:
        bench_group_save(report, repeat)
        bench_loaddata(report, repeat, TEMP_DIR)
    connection.close()

    load = f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    print(f"\n{report.table()}\n\nWhole bench: {seconds(report.elapsed())}; {load}")
    write_results(report, started, load)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, help="runs of every measurement (default: varies)")
    parser.add_argument("--skip-http", action="store_true", help="no gunicorn, no wrk")
    parser.add_argument("--http-only", action="store_true", help="only gunicorn and wrk")
    defaults = LoadOptions()
    for name, help_text in (
        ("duration", "seconds of each wrk run"),
        ("connections", "wrk's open connections"),
        ("threads", "wrk's threads"),
        ("workers", "gunicorn's workers (WEB_CONCURRENCY)"),
    ):
        default = getattr(defaults, name)
        parser.add_argument(
            f"--{name}", type=int, default=default, help=f"{help_text} (default: {default})"
        )
    return parser.parse_args()


def load_options(args):
    return LoadOptions(args.threads, args.connections, args.duration, args.workers)


def http_databases(seeded):
    """The bench's database, which holds 1996 and the generated season when ``seeded``;
    and a SQLite file as well when that database is another."""
    here = Database(connection.display_name, os.environ["DATABASE_URL"], None)
    if seeded:
        here = Database(here.label, here.url, sample_pages())
    if connection.vendor == "sqlite":
        return [here]
    return [Database("SQLite", f"sqlite:///{TEMP_DIR}/http.sqlite3", None), here]


def machine():
    database = connection.vendor
    if database == "sqlite":
        database += f" {connection.Database.sqlite_version}"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, {database}, "
        f"{os.cpu_count()} CPUs, {platform.platform()}"
    )


def commit():
    def git(*arguments):
        command = ["git", "-C", str(ROOT), *arguments]
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"commit {head}" + (" + uncommitted changes" if git("status", "--porcelain") else "")


def write_results(report, started, load):
    RESULTS.write_text(
        f"""# Bench results

{started:%Y-%m-%d %H:%M}, {commit()}; measured in {seconds(report.elapsed())}.
Machine: {machine()}; {load}.

How to read it: each ratio compares two figures measured side by side in this run, so
the noise of a shared machine hits both; compare ratios between runs and machines, not
absolute times or requests per second, which move with the load. What each line
measures, and the targets the notes check, are in bench/README.md.

{report.markdown()}
"""
    )
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(TEMP_DIR, ignore_errors=True)
