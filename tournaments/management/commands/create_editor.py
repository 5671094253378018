import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tournaments.management.base import TranslatedCommand

EDITORS = "Editors"


class Command(TranslatedCommand):
    help = _("Create a staff account in the Editors group (enters results, no rights on accounts).")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("The new editor's username."))
        parser.add_argument("--email", default="", help=_("The new editor's email address."))

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(
                gettext("A user named %(username)r already exists.") % {"username": username}
            )
        editors = Group.objects.filter(name=EDITORS).first()
        if editors is None:
            raise CommandError(
                gettext("The Editors group is missing: run `manage.py migrate` first.")
            )
        user = User(username=username, email=email, is_staff=True)
        password = self.ask_password(user)
        user.set_password(password)
        user.save()
        user.groups.add(editors)
        self.stdout.write(
            self.style.SUCCESS(gettext("Editor %(username)r created.") % {"username": username})
        )

    def ask_password(self, user):
        while True:
            password = getpass.getpass(gettext("Password: "))
            if password != getpass.getpass(gettext("Password (again): ")):
                self.stderr.write(gettext("The passwords don't match."))
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
