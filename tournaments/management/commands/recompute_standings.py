from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tournaments.management.base import TranslatedCommand, existing_season
from tournaments.models import Group
from tournaments.services import recompute_groups


class Command(TranslatedCommand):
    help = _("Recompute the stored standings from the matches (all seasons, or one).")

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int, help=_("Only this season."))

    def handle(self, *args, year=None, **options):
        groups = Group.objects.all()
        if year is not None:
            existing_season(year)
            groups = groups.filter(stage__season__year=year)
        count = recompute_groups(groups)
        # Translators: English keeps "group(s)" in both forms; give each form its own plural.
        message = ngettext(
            "Recomputed the standings of %(count)s group(s).",
            "Recomputed the standings of %(count)s group(s).",
            count,
        ) % {"count": count}
        self.stdout.write(self.style.SUCCESS(message))
