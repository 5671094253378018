import pytest
from django.core.management import call_command

from tests import factories
from tournaments.models import Group


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the standings batch as a commit would: ``with on_commit(): ...``."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


@pytest.fixture
def season_1996(db, django_capture_on_commit_callbacks):
    """The shipped fixtures, loaded as `manage.py loaddata` does."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    return Group.objects.get(slug="final-group-stage")


@pytest.fixture
def league(db, on_commit):
    """A four-team round-robin group (3 points a win) with no match yet."""
    with on_commit():
        group = factories.GroupFactory()
        teams = [factories.TeamFactory(name=name) for name in ("Alfa", "Beta", "Gamma", "Delta")]
        for team in teams:
            factories.GroupMemberFactory(group=group, team=team)
    return group, teams
