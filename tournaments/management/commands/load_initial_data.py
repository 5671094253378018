from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tournaments.management.base import TranslatedCommand
from tournaments.models import Department, Season
from tournaments.signals import settle_standings


class Command(TranslatedCommand):
    help = _("Load the departments and the 1996 season, each only if the database has none.")

    def handle(self, *args, **options):
        fixtures = []
        if not Department.objects.exists():
            fixtures.append("departments")
        if not Season.objects.exists():
            fixtures.append("copa_peru_1996")
        if not fixtures:
            self.stdout.write(gettext("The database already holds seasons; nothing loaded."))
            return
        with transaction.atomic():  # the data and its standings, or nothing
            call_command("loaddata", *fixtures, verbosity=options["verbosity"], stdout=self.stdout)
            settle_standings()
