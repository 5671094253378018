from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tournaments.interchange.footballjson import FootballJsonError, import_season
from tournaments.interchange.footballjson.parse import load_document
from tournaments.management.base import (
    TranslatedCommand,
    nothing_written,
    read_text_file,
    season_year,
    would_have,
)
from tournaments.models import Stage


class Command(TranslatedCommand):
    help = _(
        "Import an openfootball football.json file into a season. Round names of the form "
        '"Stage, Round" name the stages ("Group, Matchday 1", "Finals, Semifinals"); plain '
        'ones ("Matchday 1") make one round-robin stage named by --stage. Teams are found by '
        "name, code or alias, then by named heuristics that the report shows (new ones are "
        "created), matches by their round and teams, so importing the same file twice "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("The football.json file."))
        parser.add_argument("--season", type=int, required=True, help=_("The season's year."))
        parser.add_argument(
            "--stage",
            default="League",
            help=_('The stage of rounds named without one ("Matchday 1"); default "League".'),
        )
        parser.add_argument(
            "--tie-rule",
            choices=Stage.TieRule.values,
            help=_(
                "How the knockout stages decide a level tie. New stages get aggregate "
                "without it; an existing stage's rule is changed only with it."
            ),
        )
        parser.add_argument(
            "--no-aliases",
            action="store_true",
            help=_("Don't keep a name that a heuristic matched to a team as the team's alias."),
        )
        parser.add_argument(
            "--points-for-win",
            type=int,
            help=_(
                "Points for a win. A new season gets 2 up to 1994 and 3 from 1995 "
                "without it; an existing season's are changed only with it."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show the changes, write nothing.")
        )

    def handle(self, *args, file, season, stage, points_for_win, dry_run, **options):
        season_year(season)
        text = read_text_file(file)
        try:
            report = import_season(
                load_document(text),
                season,
                stage_name=stage,
                points_for_win=points_for_win,
                tie_rule=options["tie_rule"],
                add_aliases=not options["no_aliases"],
                dry_run=dry_run,
            )
        except FootballJsonError as error:
            raise nothing_written(file, str(error).splitlines()) from None

        for line in report.lines:
            self.stdout.write(would_have(line) if dry_run else line)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if dry_run:
            # Translators: the last line of a dry run's report.
            summary = gettext(
                "Would make %(created)s creation(s) and %(updated)s update(s) "
                "(dry run: nothing written)."
            )
        else:
            # Translators: the last line of an import's report.
            summary = gettext("Made %(created)s creation(s) and %(updated)s update(s).")
        self.stdout.write(summary % {"created": report.created, "updated": report.updated})
