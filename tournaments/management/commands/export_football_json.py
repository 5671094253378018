import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tournaments.interchange.footballjson import export_season
from tournaments.models import Season


class Command(BaseCommand):
    help = "Write a season's matches as openfootball football.json (to stdout by default)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--output", type=Path, help="Write to this file instead.")

    def handle(self, *args, year, output, **options):
        season = Season.objects.filter(year=year).first()
        if season is None:
            raise CommandError(f"No season {year}.")
        text = json.dumps(export_season(season), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {output}.")
