"""Hardening: the admin's sign-in throttle, the Content-Security-Policy and HSTS."""

import json
import re
import secrets

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from copaperu.settings import forwarded_client_ip
from tests.test_settings import import_settings
from tournaments.models import Department, Match, Team

LOGIN = "/admin/login/"
PASSWORD = "a long enough password"
HOME = "198.51.100.1"  # the editor's address
ELSEWHERE = "198.51.100.2"


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, password, username="editor", address=HOME, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def lock_out(client, username="editor", address=HOME, **headers):
    for _ in range(5):
        response = sign_in(client, "wrong", username, address, **headers)
    return response


# The sign-in throttle (django-axes)


def test_four_wrong_passwords_leave_the_right_one_working(client, editor):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200  # the form, with its error
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_five_wrong_passwords_the_right_one_is_refused(client, editor):
    """The issue's finding: after 30 wrong passwords the right one logged in at once."""
    response = lock_out(client)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()

    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "After 5 wrong passwords" in html and "Try again in 15 minutes" in html
    assert "ask an administrator" in html
    assert not signed_in(client)


def test_the_lockout_page_speaks_spanish_on_the_spanish_site(client, editor, spanish_site):
    html = lock_out(client).content.decode()
    assert '<html lang="es">' in html
    assert "Demasiados intentos fallidos" in html
    assert "15 minutos" in html


def test_the_lock_holds_one_user_at_one_address(client, editor):
    other = User.objects.create_user("other", password=PASSWORD, is_staff=True)
    lock_out(client)

    assert sign_in(client, PASSWORD, address=ELSEWHERE).status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username=other.username).status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD).status_code == 429


def test_axes_reset_unlocks(client, editor):
    lock_out(client)
    call_command("axes_reset", verbosity=0)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_axes_reset_username_unlocks_that_user(client, editor):
    lock_out(client)
    call_command("axes_reset_username", "editor", verbosity=0)
    assert sign_in(client, PASSWORD).status_code == 302


def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended():
    def address(forwarded=None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return forwarded_client_ip(RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2", **headers))

    assert address("198.51.100.7") == "198.51.100.7"
    assert address("6.6.6.6, 198.51.100.7") == "198.51.100.7"  # what the client wrote: ignored
    assert address("2001:db8::7") == "2001:db8::7"
    assert address("not an address") == "10.0.0.2"
    assert address() == "10.0.0.2"


def test_behind_the_proxy_a_forged_forwarded_for_does_not_escape_the_lock(client, editor, settings):
    settings.AXES_CLIENT_IP_CALLABLE = forwarded_client_ip
    lock_out(client, address="10.0.0.2", HTTP_X_FORWARDED_FOR=HOME)
    forged = {"HTTP_X_FORWARDED_FOR": f"{ELSEWHERE}, {HOME}"}
    assert sign_in(client, PASSWORD, address="10.0.0.2", **forged).status_code == 429
    honest = {"HTTP_X_FORWARDED_FOR": ELSEWHERE}  # the same proxy, another client
    assert sign_in(client, PASSWORD, address="10.0.0.2", **honest).status_code == 302


# Content-Security-Policy (django-csp)


def policy(response):
    directives = (d.split() for d in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives}


@pytest.fixture
def public_pages(season_1996):
    return [
        "/",
        "/seasons/1996/",
        "/seasons/1996/matches/",
        "/teams/",
        Team.objects.get(name="José Gálvez").get_absolute_url(),
        Match.objects.filter(home_score__isnull=False).first().get_absolute_url(),
        Department.objects.get(slug="ancash").get_absolute_url(),
    ]


def test_the_public_policy_allows_the_sites_own_files_and_no_inline_code(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
        assert "script-src" not in directives  # default-src: 'self' only
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url


# A script element of a data type (the JSON-LD of match and team pages) is never run: the
# policy doesn't apply to it (tests/test_link_previews.py), and it is allowed here.
INLINE_SCRIPT = re.compile(
    r'<script\b(?![^>]*\ssrc=)(?![^>]*\stype="application/ld\+json")[^>]*>', re.IGNORECASE
)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def test_the_public_pages_have_no_inline_script_or_style_attribute(client, public_pages):
    for url in public_pages:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url
    html = render_to_string("500.html")
    assert not INLINE_SCRIPT.search(html) and not STYLE_ATTRIBUTE.search(html)


def test_the_zone_colours_come_in_the_seasons_stylesheet(client, season_1996):
    response = client.get("/seasons/1996/")
    html = response.content.decode()
    assert "<style" not in html and "nonce" not in response["Content-Security-Policy"]
    assert policy(response)["style-src"] == ["'self'"]
    assert '<link rel="stylesheet" href="/seasons/1996/zones.css">' in html
    stylesheet = client.get("/seasons/1996/zones.css")
    assert stylesheet["Content-Type"] == "text/css; charset=utf-8"
    assert re.search(r"\.zone-\d+ \{ --zone: #D0F0C0; \}", stylesheet.content.decode())
    assert re.search(r'<span class="swatch zone-\d+">', html)  # the legend


def test_a_page_without_inline_style_gets_no_nonce(client, season_1996):
    assert "nonce" not in client.get("/teams/")["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/tournaments/group/",
        "/admin/tournaments/match/add/",
        "/admin/axes/accessattempt/",
        "/admin/tournaments/season/",
    ],
)
def test_the_admin_pages_render_under_the_same_policy(admin_client, season_1996, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_the_group_admin_page_renders_under_the_policy(admin_client, season_1996):
    response = admin_client.get(f"/admin/tournaments/group/{season_1996.pk}/change/")
    assert response.status_code == 200
    assert policy(response)["default-src"] == ["'self'"]
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_the_lockout_page_has_the_policy(client, editor):
    assert policy(lock_out(client))["default-src"] == ["'self'"]


# HSTS and the deployment checks

DEPLOYMENT = {"HTTPS": "1", "ALLOWED_HOSTS": "example.org", "DEBUG": ""}

DEPLOYMENT_CHECKS = """
import json
import django
from django.core.checks import run_checks
django.setup()
print(json.dumps(sorted(m.id for m in run_checks(include_deployment_checks=True))))
"""


def test_hsts_lasts_a_year_by_default_behind_https():
    code = "import copaperu.settings as s; print(s.SECURE_HSTS_SECONDS)"
    result = import_settings(code, SECRET_KEY=secrets.token_urlsafe(50), **DEPLOYMENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "31536000"

    result = import_settings(
        code, SECRET_KEY=secrets.token_urlsafe(50), SECURE_HSTS_SECONDS="60", **DEPLOYMENT
    )
    assert result.stdout.strip() == "60"


def test_the_deployment_checks_warn_only_of_hsts_subdomains_and_preload():
    result = import_settings(
        DEPLOYMENT_CHECKS,
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="copaperu.settings",
        **DEPLOYMENT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["security.W005", "security.W021"]


@pytest.mark.parametrize(
    "environment, proxies",
    [({}, 0), ({"BEHIND_PROXY": "1"}, 1), ({"HTTPS": "1", "ALLOWED_HOSTS": "example.org"}, 1)],
)
def test_behind_a_proxy_the_throttles_read_the_clients_address_not_the_proxys(environment, proxies):
    code = (
        "import copaperu.settings as s; "
        "print(s.REST_FRAMEWORK['NUM_PROXIES'], hasattr(s, 'AXES_CLIENT_IP_CALLABLE'))"
    )
    result = import_settings(code, SECRET_KEY=secrets.token_urlsafe(50), DEBUG="", **environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(proxies), str(bool(proxies))]
