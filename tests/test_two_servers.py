"""Two app servers, one PostgreSQL, one Redis: a result saved through one server is on
the other's next page. Real processes: redis-server (Debian's package) and two gunicorns
with deploy/gunicorn.conf.py, on the test database.

Runs on PostgreSQL when redis-server is installed; with REQUIRE_TWO_SERVERS=1 (as
.ci/run sets it) a missing piece fails the test instead of skipping it.
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.test_admin import page_data
from tournaments.models import Match

ROOT = Path(__file__).resolve().parent.parent
SEASON = "/en/seasons/1996/"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def missing(reason):
    if os.environ.get("REQUIRE_TWO_SERVERS", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"REQUIRE_TWO_SERVERS is set but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


def database_url():
    settings = connection.settings_dict
    host = urllib.parse.quote(settings["HOST"] or "localhost", safe="")
    user = urllib.parse.quote(settings["USER"] or "", safe="")
    password = urllib.parse.quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{credentials}{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.fixture
def redis_url(tmp_path):
    if connection.vendor != "postgresql":
        missing("two servers need a database they can share: run it on PostgreSQL")
    server = shutil.which("redis-server")
    if server is None:
        missing("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def two_servers(redis_url, tmp_path, settings):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_URL": redis_url,
        "SECRET_KEY": settings.SECRET_KEY,  # the servers accept this process's sessions
        "DEBUG": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }
    servers, processes = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = open(tmp_path / f"gunicorn-{name}.log", "w")  # noqa: SIM115 (closed below)
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
                + ["--bind", f"127.0.0.1:{port}", "copaperu.wsgi"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            processes.append((process, log))
            wait_until_listening(port, process)
            servers.append(f"http://127.0.0.1:{port}")
        yield servers
    finally:
        for process, log in processes:
            process.terminate()
            process.wait(10)
            log.close()


class Browser:
    """A visitor with cookies, talking HTTP to one server."""

    def __init__(self, base, cookies=None):
        self.base = base
        self.jar = cookies or http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode(), dict(response.headers)

    def post(self, path, data):
        request = urllib.request.Request(
            self.base + path,
            urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def editor_cookies(admin_client, base):
    """The test client's logged-in session, as cookies a real browser would send."""
    admin_client.get("/")  # the session exists in the shared database from here on
    jar = http.cookiejar.CookieJar()
    host = urllib.parse.urlsplit(base).hostname
    for name, morsel in admin_client.cookies.items():
        jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                name,
                morsel.value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )
    return jar


def test_a_result_saved_through_one_server_is_on_the_others_next_page(
    two_servers, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    first, second = two_servers
    reader = Browser(second)
    page, headers = reader.get(SEASON)
    assert "León de Huánuco" in page and "9–8" not in page
    assert Browser(first).get(SEASON)[1]["ETag"] == headers["ETag"]  # one cache for both

    match = Match.objects.get(home_team__name="José Gálvez", away_team__name="León de Huánuco")
    url = f"/admin/tournaments/match/{match.pk}/change/"
    data = page_data(admin_client, url)  # in this process the suite speaks English at /
    url = f"/en{url}"
    data.update(home_score="9", away_score="8", _save="Save")
    editor = Browser(first, editor_cookies(admin_client, first))
    form, _ = editor.get(url)
    data["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    answer = editor.post(url, data)
    assert "errornote" not in answer and "Log in" not in answer
    assert Match.objects.get(pk=match.pk).home_score == 9

    page, after = reader.get(SEASON)
    assert "9–8" in page and after["ETag"] != headers["ETag"]
