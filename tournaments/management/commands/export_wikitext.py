from django.utils.translation import gettext_lazy as _

from tournaments.interchange.wikitext import season_wikitext
from tournaments.management.base import TranslatedCommand, existing_season
from tournaments.models import Season


class Command(TranslatedCommand):
    help = _("Print a season as wikitext (infobox, teams, sports tables, football boxes).")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help=_("The season's year."))

    def handle(self, *args, year, **options):
        season = existing_season(year, Season.objects.select_related("champion"))
        self.stdout.write(season_wikitext(season), ending="")
