import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tournaments.interchange.footballjson import export_season
from tournaments.management.base import TranslatedCommand, existing_season


class Command(TranslatedCommand):
    help = _("Write a season's matches as openfootball football.json (to stdout by default).")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help=_("The season's year."))
        parser.add_argument("--output", type=Path, help=_("Write to this file instead."))

    def handle(self, *args, year, output, **options):
        season = existing_season(year)
        text = json.dumps(export_season(season), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except IsADirectoryError:
            raise CommandError(
                gettext("%(file)s: a directory, not a file.") % {"file": output}
            ) from None
        except OSError as error:
            raise CommandError(
                gettext("%(file)s: %(error)s.") % {"file": output, "error": error.strerror}
            ) from None
        self.stdout.write(gettext("Wrote %(file)s.") % {"file": output})
