from django.core.management.base import BaseCommand, CommandError

from tournaments.interchange.wikitext import season_wikitext
from tournaments.models import Season


class Command(BaseCommand):
    help = "Print a season as wikitext (infobox, teams, sports tables, football boxes)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        season = Season.objects.select_related("champion").filter(year=year).first()
        if season is None:
            raise CommandError(f"No season {year}.")
        self.stdout.write(season_wikitext(season), ending="")
