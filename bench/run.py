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
import shutil
import sys
import tempfile
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
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.database import GENERATED_YEAR, bench_database  # noqa: E402
from bench.engine import bench_engine  # noqa: E402
from bench.pages import bench_pages  # noqa: E402
from bench.report import Report  # noqa: E402
from tournaments.models import Season  # noqa: E402

logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 404s are reported here


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
