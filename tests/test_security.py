"""Hardening: the Content-Security-Policy."""

import re

import pytest
from django.template.loader import render_to_string

from tournaments.models import Department, Match, Team

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


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def test_the_public_pages_have_no_inline_script_or_style_attribute(client, public_pages):
    for url in public_pages:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url
    html = render_to_string("500.html")
    assert not INLINE_SCRIPT.search(html) and not STYLE_ATTRIBUTE.search(html)


def test_the_zone_colours_come_in_the_one_style_element_the_nonce_allows(client, season_1996):
    response = client.get("/seasons/1996/")
    html = response.content.decode()
    nonces = re.findall(r"<style\b[^>]*>", html)
    assert len(nonces) == 1
    nonce = re.search(r'nonce="([^"]+)"', nonces[0])[1]
    assert policy(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert re.search(r"\.zone-\d+ \{ --zone: #D0F0C0; \}", html)
    assert re.search(r'<span class="swatch zone-\d+">', html)  # the legend


def test_a_page_without_inline_style_gets_no_nonce(client, season_1996):
    assert "nonce" not in client.get("/teams/")["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/tournaments/group/",
        "/admin/tournaments/match/add/",
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
