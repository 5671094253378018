from pathlib import Path

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tournaments.interchange.wikitext import WikitextError, import_article, parse_article
from tournaments.management.base import (
    TranslatedCommand,
    nothing_written,
    read_text_file,
    season_year,
    would_have,
)


class Command(TranslatedCommand):
    help = _(
        "Import a Copa Perú season article in wikitext: infobox, qualified teams, sports "
        "tables, football boxes, {{TwoLegResult}} lines and brackets. A group whose matches "
        "account for its typed table gets standings computed from them (the report says where "
        "the article's table differs); one whose matches don't keeps the typed table as its "
        "published table. Warnings and errors name the article's line; an error writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("The article's wikitext file."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show the changes, write nothing.")
        )
        parser.add_argument(
            "--year", type=int, help=_("The season, when the article has no infobox.")
        )
        parser.add_argument("--source-url", help=_("Where the article comes from."))

    def handle(self, *args, file, dry_run, year, source_url, **options):
        season_year(year)
        text = read_text_file(file)
        try:
            article = parse_article(text)
            season_year(year or article.year)
            report = import_article(article, year=year, source_url=source_url, dry_run=dry_run)
        except WikitextError as error:
            raise nothing_written(file, error.problems) from None

        for warning in report.warnings:
            self.stderr.write(
                self.style.WARNING(
                    gettext("%(file)s: warning: %(warning)s") % {"file": file, "warning": warning}
                )
            )
        for line in report.lines:
            self.stdout.write(would_have(line) if dry_run else line)
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
        if report.differences:
            count = len(report.differences)
            self.stdout.write(
                # Translators: English keeps "place(s)" in both forms; give each its own plural.
                ngettext(
                    "The article's table differs from its matches in %(count)s place(s); "
                    "the standings computed from the matches are what is stored:",
                    "The article's table differs from its matches in %(count)s place(s); "
                    "the standings computed from the matches are what is stored:",
                    count,
                )
                % {"count": count}
            )
            for difference in report.differences:
                self.stdout.write(f"  {difference}")
        else:
            self.stdout.write(gettext("The article's tables agree with its matches."))
