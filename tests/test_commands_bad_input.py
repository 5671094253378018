"""Every management command refuses bad input with a one-line message, and writes nothing.

Django prints a CommandError as "CommandError: …" and exits with status 1; call_command
raises it. Each case runs a command with one bad input and checks the message is one line,
that no other exception (a traceback) came through, and that the database is unchanged.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import SeasonFactory
from tournaments.management import base

DATA = Path(__file__).parent / "data"
LIGUILLA = DATA / "football_json" / "liguilla.json"
SEED = DATA / "copa_peru_1996.wikitext"
OUT_OF_RANGE = "Season years run from 1967 to"


@pytest.fixture
def existing(db):
    """Something to leave alone: a season and a user."""
    SeasonFactory(year=1996)
    get_user_model().objects.create_user("ana", password="a long enough password")


def dump():
    """What a command could write: the tournament data (with its history) and the accounts."""
    out = io.StringIO()
    call_command("dumpdata", "tournaments", "auth.user", "auth.group", stdout=out)
    return out.getvalue()


def refusal(*args, **options):
    """The message of the CommandError the command raises; the database must be unchanged."""
    before = dump()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO(), **options)
    assert dump() == before
    assert error.value.returncode != 0
    assert error.value.__cause__ is None
    message = str(error.value)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


# Files --------------------------------------------------------------------------------


def file_with(content):
    def make(tmp_path, monkeypatch):
        path = tmp_path / "input"
        path.write_bytes(content)
        return path

    return make


def missing(tmp_path, monkeypatch):
    return tmp_path / "missing"


def directory(tmp_path, monkeypatch):
    return tmp_path


def unreadable(tmp_path, monkeypatch):
    path = file_with(b'{"name": "x"}')(tmp_path, monkeypatch)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: have open() refuse as it would

        def refusing_open(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return open(file, *args, **kwargs)

        monkeypatch.setattr(base, "open", refusing_open, raising=False)
    return path


DEEP_JSON = b"[" * 100_000
DEEP_WIKITEXT = b"{{" * 50_000 + b"}}" * 50_000
DEEP_PARAMETERS = b"{{{" * 30_000 + b"}}}" * 30_000

FILES = [
    ("missing", missing, "no such file."),
    ("directory", directory, "a directory, not a file."),
    ("unreadable", unreadable, "permission denied: the file can't be read."),
    ("latin-1", file_with("Peñarol".encode("latin-1")), "not UTF-8 text; save it as UTF-8."),
    ("binary", file_with(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "a binary file, not text."),
    ("empty", file_with(b""), "the file is empty."),
    ("blank", file_with(b"\n \n"), "the file is empty."),
]
IMPORTS = {
    "import_wikitext": [],
    "import_football_json": ["--season", "1998"],
}
NESTED = [
    ("import_football_json", DEEP_JSON, "The file nests too deeply to be read."),
    ("import_football_json", DEEP_WIKITEXT, "not valid JSON"),
    ("import_wikitext", DEEP_WIKITEXT, "The file nests too deeply to be read."),
    ("import_wikitext", DEEP_PARAMETERS, "The file nests too deeply to be read."),
    ("import_wikitext", DEEP_JSON, "No Copa Perú season found"),
]


@pytest.mark.parametrize("command", IMPORTS)
@pytest.mark.parametrize(
    ("make", "expected"), [pytest.param(make, expected, id=name) for name, make, expected in FILES]
)
def test_an_import_refuses_a_file_it_cannot_read(
    existing, tmp_path, monkeypatch, command, make, expected
):
    path = make(tmp_path, monkeypatch)

    message = refusal(command, str(path), *IMPORTS[command])

    assert message == f"{path}: {expected}"


@pytest.mark.parametrize(
    ("command", "content", "expected"),
    [
        pytest.param(command, content, expected, id=f"{command}-{expected[:20]}")
        for command, content, expected in NESTED
    ],
)
def test_an_import_refuses_a_deeply_nested_file(existing, tmp_path, command, content, expected):
    path = tmp_path / "deep"
    path.write_bytes(content)

    message = refusal(command, str(path), *IMPORTS[command])

    assert message.startswith(f"{path}: ")
    assert expected in message
    assert message.endswith("Nothing was written.")


# Years ----------------------------------------------------------------------------------


YEAR_COMMANDS = [
    ("export_wikitext", "{}"),
    ("export_football_json", "{}"),
    ("standings", "{}"),
    ("recompute_standings", "{}"),
    ("import_football_json", f"{LIGUILLA} --season {{}}"),
    ("import_wikitext", f"{SEED} --year {{}}"),
]


@pytest.mark.parametrize("year", ["1800", "99999", "-1996"])
@pytest.mark.parametrize(("command", "arguments"), YEAR_COMMANDS)
def test_a_year_no_season_can_have_is_refused_before_the_database(
    existing, django_assert_num_queries, command, arguments, year
):
    message = refusal(command, *arguments.format(year).split())

    assert message.startswith(OUT_OF_RANGE)
    assert message.endswith(f": {year} is not one.")
    with django_assert_num_queries(0), pytest.raises(CommandError):
        call_command(command, *arguments.format(year).split())


def test_an_article_whose_infobox_names_a_year_no_season_can_have_is_refused(existing, tmp_path):
    path = tmp_path / "1800.wikitext"
    path.write_text(SEED.read_text(encoding="utf-8").replace("season = 1996", "season = 1800"))

    assert refusal("import_wikitext", str(path)).startswith(OUT_OF_RANGE)


@pytest.mark.parametrize(
    "command", ["export_wikitext", "export_football_json", "standings", "recompute_standings"]
)
def test_a_season_that_does_not_exist_is_named(existing, command):
    assert refusal(command, "1995") == "There is no 1995 season."


@pytest.mark.parametrize(("command", "arguments"), YEAR_COMMANDS)
def test_a_year_that_is_not_a_number_is_refused(existing, command, arguments):
    assert "invalid int value: 'nineteen'" in refusal(
        command, *arguments.format("nineteen").split()
    )


def test_export_football_json_refuses_a_directory_to_write_to(existing, tmp_path):
    message = refusal("export_football_json", "1996", "--output", str(tmp_path))

    assert message == f"{tmp_path}: a directory, not a file."


def test_load_initial_data_refuses_an_argument_it_does_not_take(existing):
    assert "unrecognized arguments: 1996" in refusal("load_initial_data", "1996")


# create_editor ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "stdin", "expected"),
    [
        pytest.param(
            ["bea"],
            "",
            "There is no terminal to ask the password at: pipe it in with --password-from-stdin.",
            id="no terminal",
        ),
        pytest.param(
            ["bea", "--password-from-stdin"],
            "",
            "No password on standard input (--password-from-stdin reads one line).",
            id="end of input",
        ),
        pytest.param(
            ["bea", "--password-from-stdin"], "\n", "The password is empty.", id="empty password"
        ),
        pytest.param(
            ["bea", "--password-from-stdin"],
            "123\n",
            "This password is too short.",
            id="weak password",
        ),
        pytest.param(["ana"], "", "A user named 'ana' already exists.", id="existing user"),
        pytest.param(["ana maría!"], "", "is not a valid username", id="invalid username"),
        pytest.param(["b" * 200], "", "is not a valid username", id="long username"),
        pytest.param([""], "", "'' is not a valid username", id="empty username"),
        pytest.param(
            ["bea", "--email", "bea@"], "", "is not a valid email address", id="invalid email"
        ),
    ],
)
def test_create_editor_refuses_bad_input(existing, arguments, stdin, expected):
    message = refusal("create_editor", *arguments, stdin=io.StringIO(stdin))

    assert expected in message


def test_create_editor_reads_the_password_from_stdin_when_told_to(existing):
    out = io.StringIO()
    call_command(
        "create_editor",
        "bea",
        "--password-from-stdin",
        stdin=io.StringIO("a long enough password\nignored\n"),
        stdout=out,
    )

    bea = get_user_model().objects.get(username="bea")
    assert bea.check_password("a long enough password")
    assert bea.is_staff and bea.groups.filter(name="Editors").exists()
    assert "Editor 'bea' created." in out.getvalue()


# From a shell ---------------------------------------------------------------------------


def test_a_refusal_from_the_command_line_is_one_line_and_a_failing_exit_status():
    environment = {**os.environ, "SECRET_KEY": "test-only-not-a-secret", "DEBUG": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_wikitext", "/"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("CommandError: /: ")
    assert len(result.stderr.splitlines()) == 1
