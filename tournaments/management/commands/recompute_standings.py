from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tournaments.management.base import TranslatedCommand
from tournaments.models import Group, Season
from tournaments.services import recompute_groups


class Command(TranslatedCommand):
    help = _("Recompute the stored standings from the matches (all seasons, or one).")

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int, help=_("Only this season."))

    def handle(self, *args, year=None, **options):
        groups = Group.objects.all()
        if year is not None:
            if not Season.objects.filter(year=year).exists():
                raise CommandError(gettext("No season %(year)s.") % {"year": year})
            groups = groups.filter(stage__season__year=year)
        count = recompute_groups(groups)
        # Translators: English keeps "group(s)" in both forms; give each form its own plural.
        message = ngettext(
            "Recomputed the standings of %(count)s group(s).",
            "Recomputed the standings of %(count)s group(s).",
            count,
        ) % {"count": count}
        self.stdout.write(self.style.SUCCESS(message))
