import json

from django.core.management.base import BaseCommand, CommandError

from tournaments.models import Season, Stage, Standing


class Command(BaseCommand):
    help = "Print the stored standings of every group of a season."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--json", action="store_true", help="Print JSON for scripts.")

    def handle(self, *args, year, **options):
        season = Season.objects.filter(year=year).first()
        if season is None:
            raise CommandError(f"No season {year}.")
        tables = self.tables(season)
        if options["json"]:
            self.stdout.write(json.dumps(tables, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.as_text(tables))

    def tables(self, season):
        rows = (
            Standing.objects.filter(group__stage__season=season)
            .exclude(group__stage__kind=Stage.Kind.KNOCKOUT)
            .select_related("team", "group__stage")
            .order_by("group__stage__order", "group__order", "group__name", "row")
        )
        tables = {}
        for standing in rows:
            group = standing.group
            table = tables.setdefault(
                group.pk, {"stage": group.stage.name, "group": group.name, "rows": []}
            )
            table["rows"].append(
                {
                    "position": standing.position,
                    "team": standing.team.name,
                    "played": standing.played,
                    "won": standing.won,
                    "drawn": standing.drawn,
                    "lost": standing.lost,
                    "goals_for": standing.goals_for,
                    "goals_against": standing.goals_against,
                    "points": standing.points,
                    "status": standing.status,
                }
            )
        return list(tables.values())

    def as_text(self, tables):
        if not tables:
            return "No tables yet: the season has no round-robin group."
        lines = []
        for table in tables:
            lines.append(f"{table['stage']} – {table['group']}")
            lines.append(
                f"{'Pos':>4}  {'Team':<28}{'Pld':>4}{'W':>4}{'D':>4}{'L':>4}"
                f"{'GF':>5}{'GA':>4}{'GD':>5}{'Pts':>5}  "
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
