"""Spanish first: the site and the admin in Spanish, English under /en/, the catalogue complete.

These tests use the site's real language setting (``spanish_site``): Spanish at
the plain URLs. The rest of the suite runs in English (tests/conftest.py).
"""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "es" / "LC_MESSAGES" / "django.po"
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed"
)


class VisibleText(HTMLParser):
    """The words a reader sees in the page's language: text outside <script>/<style> and
    outside elements in another language (the switch's "English"), and title/alt/aria-label."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr"}

    def __init__(self, language="es"):
        super().__init__()
        self.language, self.parts, self.hidden, self.open = language, [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        foreign = attrs.get("lang", self.language) != self.language
        skip = tag in ("script", "style") or foreign
        if tag not in self.VOID:
            self.open.append((tag, skip))
            self.hidden += skip
        if not self.hidden and not foreign:
            for name in ("title", "alt", "aria-label", "placeholder"):
                if attrs.get(name):
                    self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        while self.open:
            opened, skip = self.open.pop()
            self.hidden -= skip
            if opened == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_words(html):
    parser = VisibleText()
    parser.feed(html)
    return set(re.findall(r"[^\W\d_]+", " ".join(parser.parts).casefold()))


def statistics(po_file):
    """msgfmt's count of the entries; --check refuses, among others, a plural entry
    with fewer forms than the header's nplurals (Spanish has 3 in Django's catalogue):
    compilemessages accepts one, and the missing form shows in English."""
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.strip()


# --- the catalogue ---------------------------------------------------------------


@needs_gettext
def test_the_spanish_catalogue_has_no_empty_or_fuzzy_entry():
    report = statistics(CATALOGUE)
    assert "untranslated" not in report and "fuzzy" not in report, report


@needs_gettext
def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the code adds nothing the catalogue lacks."""
    copy = tmp_path / "copaperu"
    copy.mkdir()
    for name in ("manage.py", "copaperu", "tournaments", "templates", "locale"):
        source = BASE / name
        if source.is_dir():
            shutil.copytree(
                source, copy / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
            )
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "-v0"],
        cwd=copy,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "DEBUG": "1"},
        check=True,
    )
    report = statistics(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in report and "fuzzy" not in report, (
        f"strings marked in the code are missing from the catalogue ({report}): "
        "run `make messages` and translate them"
    )


# --- the language of a request ----------------------------------------------------


@pytest.fixture
def pages(spanish_site, season_1996):
    from tournaments.models import Team

    return [
        "/",
        "/seasons/1996/",
        "/seasons/1996/matches/",
        "/seasons/1996/teams/",
        "/seasons/1996/final-stage/final-group-stage/",
        Team.objects.get(name="José Gálvez").get_absolute_url(),
        "/teams/?q=galvez",
    ]


def test_a_spanish_browser_gets_spanish_at_the_plain_urls(client, spanish_site, pages):
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es-PE,es;q=0.9")
        assert response.status_code == 200, url
        assert '<html lang="es">' in response.content.decode(), url


def test_a_browser_without_a_preference_gets_spanish(client, spanish_site, season_1996):
    response = client.get("/seasons/1996/")
    assert '<html lang="es">' in response.content.decode()


def test_an_english_browser_is_sent_to_the_english_version(client, spanish_site, season_1996):
    response = client.get("/seasons/1996/?x=1", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert (response.status_code, response["Location"]) == (302, "/en/seasons/1996/?x=1")
    assert "Accept-Language" in response["Vary"]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="en">' in page.content.decode()


def test_the_switch_remembers_the_choice(client, spanish_site, season_1996):
    spanish = client.get("/seasons/1996/").content.decode()
    assert 'href="/i18n/en/?next=/en/seasons/1996/"' in spanish
    chosen = client.get("/i18n/en/?next=/en/seasons/1996/")
    assert chosen["Location"] == "/en/seasons/1996/"
    assert client.get("/seasons/1996/")["Location"] == "/en/seasons/1996/"

    english = client.get("/en/seasons/1996/").content.decode()
    assert 'href="/i18n/es/?next=/seasons/1996/"' in english
    back = client.get("/i18n/es/?next=/seasons/1996/")
    assert back["Location"] == "/seasons/1996/"
    assert '<html lang="es">' in client.get("/seasons/1996/").content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_the_switch_stays_on_the_site(client, spanish_site, next_url):
    assert client.get("/i18n/en/", {"next": next_url})["Location"] == "/en/"


def test_the_switch_knows_only_the_sites_languages(client, spanish_site):
    assert client.get("/i18n/fr/?next=/").status_code == 404


def test_each_page_links_its_versions_in_both_languages(client, spanish_site, season_1996):
    html = client.get("/seasons/1996/").content.decode()
    assert '<link rel="alternate" hreflang="es" href="http://testserver/seasons/1996/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/seasons/1996/">' in html
    assert 'hreflang="x-default" href="http://testserver/seasons/1996/"' in html
    assert 'href="/i18n/en/?next=/en/seasons/1996/"' in html  # the switch


def test_the_admin_speaks_spanish_and_english(client, spanish_site, db):
    spanish = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in spanish and "Nombre de usuario" in spanish
    english = client.get("/en/admin/login/").content.decode()
    assert '<html lang="en"' in english and "Username" in english


def english_only_words():
    """Words of the catalogue's English that its Spanish never uses ("standings", "won")."""
    english, spanish = set(), set()
    entry = re.compile(r'^(msgid(?:_plural)?|msgstr(?:\[\d\])?) "(.*)"$')
    current = None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        found = entry.match(line)
        if found:
            current = english if found.group(1).startswith("msgid") else spanish
            text = found.group(2)
        elif line.startswith('"') and current is not None:
            text = line[1:-1]
        else:
            current = None
            continue
        text = re.sub(r"%\(\w+\)\w|<[^>]+>", " ", text)  # placeholders and tags
        current.update(w for w in re.findall(r"[^\W\d_]+", text.casefold()) if len(w) > 3)
    return english - spanish


def test_spanish_pages_have_no_english_words(client, pages, django_user_model):
    english = english_only_words()
    assert {"standings", "champion", "runner", "qualified"} <= english  # the check can fail
    # (a username shows on admin pages: "admin" would count as an English word)
    client.force_login(django_user_model.objects.create_superuser("editora", "e@example.org"))
    for url in [*pages, "/admin/", "/admin/tournaments/match/"]:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert visible_words(html) & english == set(), url
