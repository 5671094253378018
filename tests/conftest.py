import shutil
from contextlib import contextmanager
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

from tests import factories
from tournaments import models
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


@pytest.fixture
def cup_season(db, on_commit):
    with on_commit():
        season = make_cup_season()
    return models.Season.objects.get(pk=season.pk)


def make_cup_season():
    """A regional group, then semi-finals on aggregate and a final on points.

    The semi-finals are stored in the other order than the bracket's (Beta's first),
    so that the bracket has to place Alfa's semi-final next to it.
    """
    season = factories.SeasonFactory(year=2005)
    alfa, beta, gamma, delta = (
        factories.TeamFactory(name=name) for name in ("Alfa", "Beta", "Gamma", "Delta")
    )
    regional = factories.StageFactory(
        season=season, name="Group stage", slug="group-stage", order=1, level="regional"
    )
    group = factories.GroupFactory(stage=regional, name="Group A")
    for team in (alfa, beta, gamma, delta):
        factories.GroupMemberFactory(group=group, team=team)
    factories.play(group, alfa, beta, 1, 0)
    factories.play(group, gamma, delta, 2, 2)
    semis = factories.StageFactory(
        season=season, name="Semi-finals", order=2, kind="knockout", level="national"
    )
    factories.knockout_tie(
        semis, 1, beta, gamma, (1, 0, {}), (1, 0, {"home_penalties": 3, "away_penalties": 4})
    )
    factories.knockout_tie(semis, 2, alfa, delta, (2, 1, {}), (1, 1, {}))
    final = factories.StageFactory(
        season=season,
        name="Final",
        order=3,
        kind="knockout",
        level="national",
        tie_rule="points",
    )
    factories.knockout_tie(final, 1, alfa, beta, (1, 0, {}), (1, 0, {}), (0, 2, {}))
    return season


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Logins and create_user in tests need no slow, secure hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests write their data in transactions that never commit, so the data version
    never changes: with a real cache they would see each other's pages. The page
    cache's own tests ask for ``page_cache``."""
    settings.CACHES = NO_CACHE


NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def page_cache(settings):
    """A real cache, empty, for the tests of the page cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture(autouse=True)
def english_at_the_plain_urls(settings):
    """The suite was written in English: it runs with English as the default language.

    The site's own default is Spanish; tests/test_i18n.py checks the site as it is
    configured (``spanish_site``) and these tests keep asserting English words.
    """
    use_default_language(settings, "en")
    yield
    translation.deactivate()  # a request's language must not leak into the next test


def use_default_language(settings, code):
    """The resolver caches its reverse table per active language with the prefixes of
    the default language of the moment: start afresh when the default changes."""
    settings.LANGUAGE_CODE = code
    translation.deactivate()
    clear_url_caches()


@pytest.fixture
def spanish_site(settings):
    """The site's real language setting: Spanish at the plain URLs, English under /en/."""
    use_default_language(settings, "es")


# --- a real Chromium (tests/test_browser*.py) ---------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Elements whose right edge is past the viewport and that no ancestor scrolls sideways
# (overflow-x auto or scroll): what makes a phone's whole page pan.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    if (right <= width + 1) continue;
    let parent = el.parentElement, scrolls = false;
    for (; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === "auto" || overflow === "scroll") { scrolls = true; break; }
    }
    const name = `${el.tagName.toLowerCase()}.${el.className}`;
    if (!scrolls) out.push(`${name} (right edge ${Math.round(right)} px)`);
  }
  return out.slice(0, 10);
}"""


def restore_editors_group():
    """An earlier transactional test's flush took the Editors group of migration 0002:
    make it again by the migration's own function. That function sets the app's
    models_module aside for a moment, which on the live registry (not a migration's)
    would hide the app from dumpdata in later tests: put it back."""
    config = apps.get_app_config("tournaments")
    models_module = config.models_module
    try:
        import_module("tournaments.migrations.0002_editors_group").create_editors(apps, None)
    finally:
        config.models_module = models_module


@pytest.fixture
def group_page(transactional_db):
    """The 1996 group's admin path, with an editor to sign in (set up before the browser:
    Django refuses ORM calls in the thread once Playwright runs its event loop)."""
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    restore_editors_group()
    user = User.objects.create_user("editor", password="a long enough password", is_staff=True)
    user.groups.add(UserGroup.objects.get(name="Editors"))
    return f"/admin/tournaments/group/{Group.objects.get().pk}/change/"


@contextmanager
def read_only_site(django_db_blocker, load):
    """A live server over data that ``load()`` commits once, for a module of browser tests
    that only read (marked ``django_db``); yields the server's URL and what ``load``
    returned. pytest-django's ``live_server`` makes each test transactional: it would
    load the data and flush it again for every test.

    Make the module's fixture autouse, so that it is set up before the browser and
    stopped after it: the server's threads for Chromium's keep-alive connections would
    otherwise end after it stops, and close a database connection no longer shared."""
    # in one transaction: the standings are computed once, at its commit
    with django_db_blocker.unblock(), override_settings(CACHES=NO_CACHE), transaction.atomic():
        loaded = load()
    server = LiveServer("localhost")
    try:
        with server._live_server_modified_settings:  # its host in ALLOWED_HOSTS
            yield server.url, loaded
    finally:
        server.stop()
        with django_db_blocker.unblock(), override_settings(CACHES=NO_CACHE):
            call_command("flush", interactive=False, verbosity=0)
            restore_editors_group()


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a module; each page opens in a context of its own.

    Playwright's event loop runs in this thread between calls, so Django would refuse
    the ORM calls of the tests' data (and of its flush) while the browser lives: allowed
    for the module (DJANGO_ALLOW_ASYNC_UNSAFE, Django's switch for code that is sure
    not to run concurrently; the server answers in threads of its own)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()
