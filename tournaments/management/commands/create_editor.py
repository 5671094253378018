import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tournaments.management.base import TranslatedCommand

EDITORS = "Editors"


class Command(TranslatedCommand):
    help = _(
        "Create a staff account in the Editors group (enters results, no rights on accounts). "
        "The password is asked at the terminal, or read from standard input with "
        "--password-from-stdin (never from the command line, which other users can see)."
    )
    stealth_options = ("stdin",)  # call_command(..., stdin=...) in tests

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("The new editor's username."))
        parser.add_argument("--email", default="", help=_("The new editor's email address."))
        parser.add_argument(
            "--password-from-stdin",
            action="store_true",
            help=_("Read the password from the first line of standard input (for scripts)."),
        )

    def handle(self, *args, username, email, password_from_stdin, **options):
        self.stdin = options.get("stdin", sys.stdin)
        User = get_user_model()
        user = User(username=username, email=email, is_staff=True)
        self.check_account(user)
        editors = Group.objects.filter(name=EDITORS).first()
        if editors is None:
            raise CommandError(
                gettext("The Editors group is missing: run `manage.py migrate` first.")
            )
        password = self.read_password(user) if password_from_stdin else self.ask_password(user)
        user.set_password(password)
        user.save()
        user.groups.add(editors)
        self.stdout.write(
            self.style.SUCCESS(gettext("Editor %(username)r created.") % {"username": username})
        )

    def check_account(self, user):
        """Refuse a username or an email address the account can't have."""
        User = type(user)
        messages = {
            User.USERNAME_FIELD: gettext("%(value)r is not a valid username: %(error)s"),
            "email": gettext("%(value)r is not a valid email address: %(error)s"),
        }
        for name, message in messages.items():
            value = getattr(user, name)
            try:
                User._meta.get_field(name).clean(value, user)
            except ValidationError as error:
                raise CommandError(
                    message % {"value": value, "error": " ".join(error.messages)}
                ) from None
        if User.objects.filter(username=user.username).exists():
            raise CommandError(
                gettext("A user named %(username)r already exists.") % {"username": user.username}
            )

    def read_password(self, user):
        """The first line of standard input, checked by the password validators."""
        line = self.stdin.readline()
        password = line.rstrip("\r\n")
        if not line:
            raise CommandError(
                gettext("No password on standard input (--password-from-stdin reads one line).")
            )
        if not password:
            raise CommandError(gettext("The password is empty."))
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

    def ask_password(self, user):
        if not (hasattr(self.stdin, "isatty") and self.stdin.isatty()):
            raise CommandError(
                gettext(
                    "There is no terminal to ask the password at: pipe it in with "
                    "--password-from-stdin."
                )
            )
        while True:
            try:
                password = getpass.getpass(gettext("Password: "))
                again = getpass.getpass(gettext("Password (again): "))
            except EOFError:
                raise CommandError(gettext("No password given.")) from None
            if password != again:
                self.stderr.write(gettext("The passwords don't match."))
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
