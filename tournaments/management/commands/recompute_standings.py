from django.core.management.base import BaseCommand, CommandError

from tournaments.models import Group, Season
from tournaments.services import recompute_groups


class Command(BaseCommand):
    help = "Recompute the stored standings from the matches (all seasons, or one)."

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int, help="Only this season.")

    def handle(self, *args, year=None, **options):
        groups = Group.objects.all()
        if year is not None:
            if not Season.objects.filter(year=year).exists():
                raise CommandError(f"No season {year}.")
            groups = groups.filter(stage__season__year=year)
        count = recompute_groups(groups)
        self.stdout.write(self.style.SUCCESS(f"Recomputed the standings of {count} group(s)."))
