import json

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tournaments.management.base import TranslatedCommand, existing_season
from tournaments.models import Stage, Standing
from tournaments.reports import standing_data


class Command(TranslatedCommand):
    help = _("Print the stored standings of every group of a season.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help=_("The season's year."))
        parser.add_argument("--json", action="store_true", help=_("Print JSON for scripts."))

    def handle(self, *args, year, **options):
        season = existing_season(year)
        tables = self.tables(season)
        if options["json"]:
            self.stdout.write(json.dumps(tables, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.as_text(tables))

    def tables(self, season):
        rows = (
            Standing.objects.for_season(season)
            .exclude(group__stage__kind=Stage.Kind.KNOCKOUT)
            .select_related("team", "group__stage")
        )
        tables = {}
        for standing in rows:
            group = standing.group
            table = tables.setdefault(
                group.pk, {"stage": group.stage.name, "group": group.name, "rows": []}
            )
            table["rows"].append(standing_data(standing))
        return list(tables.values())

    def as_text(self, tables):
        if not tables:
            return gettext("No tables yet: the season has no round-robin group.")
        # Translators: the column headings of a table printed in a terminal; keep them short
        # (Pos: position, Pld: played, W/D/L: won/drawn/lost, GF/GA/GD: goals for/against/
        # difference, Pts: points).
        head = {
            "pos": gettext("Pos"),
            "team": gettext("Team"),
            "pld": gettext("Pld"),
            "w": gettext("W"),
            "d": gettext("D"),
            "l": gettext("L"),
            "gf": gettext("GF"),
            "ga": gettext("GA"),
            "gd": gettext("GD"),
            "pts": gettext("Pts"),
        }
        lines = []
        for table in tables:
            lines.append(f"{table['stage']} – {table['group']}")
            lines.append(
                f"{head['pos']:>4}  {head['team']:<28}{head['pld']:>4}{head['w']:>4}"
                f"{head['d']:>4}{head['l']:>4}{head['gf']:>5}{head['ga']:>4}{head['gd']:>5}"
                f"{head['pts']:>5}  "
            )
            for row in table["rows"]:
                difference = row["goals_for"] - row["goals_against"]
                lines.append(
                    f"{row['position']:>4}  {row['team']:<28}{row['played']:>4}{row['won']:>4}"
                    f"{row['drawn']:>4}{row['lost']:>4}{row['goals_for']:>5}"
                    f"{row['goals_against']:>4}{difference:>+5}{row['points']:>5}  {row['status']}"
                )
            lines.append("")
        return "\n".join(line.rstrip() for line in lines)
