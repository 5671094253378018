"""What the app's commands share: the checks that turn bad input into a one-line message.

A command refuses bad input with a ``CommandError`` whose message is one line (Django
prints "CommandError: …" and exits with status 1): a file that can't be read, a year
no season can have, a season that doesn't exist. The checks live here, once.
"""

import os
import stat

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from tournaments.models import FIRST_EDITION, Season, last_season_year


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


def season_year(year):
    """``year``, if a season can have it (1967, the first edition, to next year)."""
    last = last_season_year()
    if year is not None and not FIRST_EDITION <= year <= last:
        raise CommandError(
            # Translators: %(first)s is 1967, the first Copa Perú; %(last)s is next year.
            gettext("Season years run from %(first)s to %(last)s: %(year)s is not one.")
            % {"first": FIRST_EDITION, "last": last, "year": year}
        )
    return year


def existing_season(year, seasons=None):
    """The season of ``year`` (from ``seasons``, a Season queryset), or a CommandError."""
    season_year(year)
    seasons = Season.objects.all() if seasons is None else seasons
    season = seasons.filter(year=year).first()
    if season is None:
        raise CommandError(gettext("There is no %(year)s season.") % {"year": year})
    return season


def read_text_file(path):
    """The text of the UTF-8 file at ``path``, or a CommandError saying why it has none."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise CommandError(gettext("%(file)s: not a regular file.") % {"file": path})
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise CommandError(gettext("%(file)s: no such file.") % {"file": path}) from None
    except IsADirectoryError:
        raise CommandError(gettext("%(file)s: a directory, not a file.") % {"file": path}) from None
    except PermissionError:
        raise CommandError(
            gettext("%(file)s: permission denied: the file can't be read.") % {"file": path}
        ) from None
    except OSError as error:
        raise CommandError(
            gettext("%(file)s: the file can't be read (%(error)s).")
            % {"file": path, "error": error.strerror or error}
        ) from None
    if b"\x00" in data:
        raise CommandError(gettext("%(file)s: a binary file, not text.") % {"file": path})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(
            gettext("%(file)s: not UTF-8 text; save it as UTF-8.") % {"file": path}
        ) from None
    if not text.strip():
        raise CommandError(gettext("%(file)s: the file is empty.") % {"file": path})
    return text


def nothing_written(file, problems):
    """The CommandError of an import that found ``problems`` in ``file``: one line each,
    and one line in all when there is one problem."""
    lines = [f"{file}: {problem}" for problem in problems]
    if len(lines) == 1:
        # Translators: %(problem)s is one problem, a sentence; the import wrote nothing.
        return CommandError(gettext("%(problem)s Nothing was written.") % {"problem": lines[0]})
    return CommandError(
        gettext("%(problems)s\nNothing was written.") % {"problems": "\n".join(lines)}
    )
