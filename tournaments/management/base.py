"""What the app's commands share."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` is a lazy translation: argparse wants it as a string,
    in the language active when the help is shown."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)


def would_have(change):
    """A line of an import's report, as a dry run tells it: "would have created …"."""
    # Translators: a dry run's report line; %(change)s is a report line such as
    # "created match round 1: A v B" or "updated …" or "set …".
    return gettext("would have %(change)s") % {"change": change}
