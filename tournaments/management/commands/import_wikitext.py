from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tournaments.interchange.wikitext import WikitextError, import_article, parse_article


class Command(BaseCommand):
    help = (
        "Import a Copa Perú season article in wikitext: infobox, qualified teams, sports "
        "tables, football boxes, {{TwoLegResult}} lines and brackets. A group whose matches "
        "account for its typed table gets standings computed from them (the report says where "
        "the article's table differs); one whose matches don't keeps the typed table as its "
        "published table. Warnings and errors name the article's line; an error writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the changes, write nothing."
        )
        parser.add_argument("--year", type=int, help="The season, when the article has no infobox.")
        parser.add_argument("--source-url", help="Where the article comes from.")

    def handle(self, *args, file, dry_run, year, source_url, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: this is not wikitext (not UTF-8 text).") from None
        try:
            article = parse_article(text)
            report = import_article(article, year=year, source_url=source_url, dry_run=dry_run)
        except WikitextError as error:
            lines = "\n".join(f"{file}: {problem}" for problem in error.problems)
            raise CommandError(f"{lines}\nNothing was written.") from None

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"{file}: warning: {warning}"))
        verb = "Would make" if dry_run else "Made"
        for line in report.lines:
            self.stdout.write(("would have " if dry_run else "") + line)
        self.stdout.write(
            f"{verb} {report.created} creation(s) and {report.updated} update(s)"
            + (" (dry run: nothing written)." if dry_run else ".")
        )
        if report.differences:
            self.stdout.write(
                f"The article's table differs from its matches in {len(report.differences)} "
                "place(s); the standings computed from the matches are what is stored:"
            )
            for difference in report.differences:
                self.stdout.write(f"  {difference}")
        else:
            self.stdout.write("The article's tables agree with its matches.")
