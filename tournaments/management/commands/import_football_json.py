import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tournaments.interchange.footballjson import FootballJsonError, import_season
from tournaments.models import Stage


class Command(BaseCommand):
    help = (
        "Import an openfootball football.json file into a season. Round names of the form "
        '"Stage, Round" name the stages ("Group, Matchday 1", "Finals, Semifinals"); plain '
        'ones ("Matchday 1") make one round-robin stage named by --stage. Teams are found by '
        "name, code or alias, then by named heuristics that the report shows (new ones are "
        "created), matches by their round and teams, so importing the same file twice "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--season", type=int, required=True, help="The season's year.")
        parser.add_argument(
            "--stage",
            default="League",
            help='The stage of rounds named without one ("Matchday 1"); default "League".',
        )
        parser.add_argument(
            "--tie-rule",
            choices=Stage.TieRule.values,
            help="How the knockout stages decide a level tie. New stages get aggregate "
            "without it; an existing stage's rule is changed only with it.",
        )
        parser.add_argument(
            "--no-aliases",
            action="store_true",
            help="Don't keep a name that a heuristic matched to a team as the team's alias.",
        )
        parser.add_argument(
            "--points-for-win",
            type=int,
            help="Points for a win. A new season gets 2 up to 1994 and 3 from 1995 "
            "without it; an existing season's are changed only with it.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the changes, write nothing."
        )

    def handle(self, *args, file, season, stage, points_for_win, dry_run, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{file}: a directory, not a file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a football.json file (not UTF-8 text).") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file}: not valid JSON ({error.msg} at line {error.lineno}, "
                f"column {error.colno})."
            ) from None
        try:
            report = import_season(
                data,
                season,
                stage_name=stage,
                points_for_win=points_for_win,
                tie_rule=options["tie_rule"],
                add_aliases=not options["no_aliases"],
                dry_run=dry_run,
            )
        except FootballJsonError as error:
            raise CommandError(f"{file}: {error}\nNothing was written.") from None

        for line in report.lines:
            self.stdout.write(("would have " if dry_run else "") + line)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        verb = "Would make" if dry_run else "Made"
        self.stdout.write(
            f"{verb} {report.created} creation(s) and {report.updated} update(s)"
            + (" (dry run: nothing written)." if dry_run else ".")
        )
