"""Fill the database of DATABASE_URL for the HTTP bench; print the pages to load.

Run by bench/throughput.py as ``python -m bench.seed`` from the repository
root: migrate, empty the database (it must be a scratch one), load 1996 and
generate the big season, then print one JSON object: the paths of a 1996 team
page and of a 1996 match page.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from bench.database import GENERATED_YEAR, flush, load_1996, sample_pages  # noqa: E402
from tournaments.generation import generate_season  # noqa: E402


def main():
    call_command("migrate", interactive=False, verbosity=0)
    flush()
    load_1996()
    generate_season(GENERATED_YEAR)
    print(json.dumps(sample_pages()))


if __name__ == "__main__":
    main()
