"""The site's chrome for every reader: skip link, landmarks, the current section, the
Editors link for staff only (and never in a cached page), sorted columns announced.
The browser side (axe-core, focus, arrows, dark mode) is tests/test_browser_accessibility.py."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

MENU = ("Seasons", "Teams", "Departments", "Records")


def current_links(html):
    """The menu's links that carry aria-current, as (text, value)."""
    nav = html[html.index('<nav aria-label="Site">') :].split("</nav>")[0]
    found = re.findall(r'<a href="[^"]*" aria-current="(\w+)">([^<]+)</a>', nav)
    return [(text, value) for value, text in found]


def test_every_page_starts_with_a_skip_link_to_the_main_content(client, db):
    html = client.get("/").content.decode()
    body = html[html.index("<body>") :]
    assert body.index('<a class="skip-link" href="#content">Skip to content</a>') < body.index(
        "<header"
    )
    assert '<main id="content">' in body
    assert '<meta name="color-scheme" content="light dark">' in html


def test_the_404_page_has_the_same_landmarks(client, db):
    html = client.get("/no-such-page/").content.decode()
    for landmark in (
        'class="skip-link"',
        '<header class="site-header">',
        '<nav aria-label="Site">',
    ):
        assert landmark in html
    assert '<main id="content">' in html and '<footer class="site-footer">' in html


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/seasons/", [("Seasons", "page")]),
        ("/seasons/1996/", [("Seasons", "true")]),
        ("/seasons/1996/matches/?sort=-date", [("Seasons", "true")]),
        ("/teams/leon-de-huanuco/", [("Teams", "true")]),
        ("/departments/", [("Departments", "page")]),
        ("/records/", [("Records", "page")]),
        ("/", []),
    ],
)
def test_the_menu_marks_the_section_of_the_page(client, season_1996, path, expected):
    assert current_links(client.get(path).content.decode()) == expected


def test_the_brand_is_the_current_page_on_the_home_page_only(client, season_1996):
    assert 'class="brand" href="/" aria-current="page"' in client.get("/").content.decode()
    assert 'aria-current="page">Copa' not in client.get("/seasons/").content.decode()


def test_the_current_section_is_marked_in_english_too(client, season_1996, spanish_site):
    html = client.get("/en/teams/leon-de-huanuco/").content.decode()
    assert current_links(html) == [("Teams", "true")]


def editors_link(html):
    return f'href="{reverse("admin:index")}">Editors</a>' in html


def test_the_editors_link_is_for_signed_in_staff_only(client, db):
    assert not editors_link(client.get("/").content.decode())
    client.force_login(User.objects.create_user("reader"))
    assert not editors_link(client.get("/").content.decode())
    client.force_login(User.objects.create_user("editor", is_staff=True))
    assert editors_link(client.get("/seasons/").content.decode())


@pytest.mark.parametrize("staff_first", [True, False], ids=["staff first", "anonymous first"])
def test_no_cached_page_shows_the_editors_link(client, season_1996, page_cache, staff_first):
    """Pages are cached whole per address for anonymous readers; a signed-in editor's
    request carries a session, so it is neither served from nor stored in the cache."""
    editor = User.objects.create_user("editor", is_staff=True)

    def as_editor():
        client.force_login(editor)
        response = client.get("/seasons/1996/")
        client.logout()
        client.cookies.clear()
        return response

    def as_reader():
        return client.get("/seasons/1996/")

    first, second = (as_editor, as_reader) if staff_first else (as_reader, as_editor)
    responses = {"first": first(), "second": second(), "again": as_reader()}
    seen_by_editor = responses["first" if staff_first else "second"]
    assert editors_link(seen_by_editor.content.decode())
    assert "private" in seen_by_editor["Cache-Control"]
    for name, response in responses.items():
        if response is not seen_by_editor:
            assert not editors_link(response.content.decode()), name
            assert "public" in response["Cache-Control"], name


def header_cells(html):
    """The match list's column headers: {label: (aria-sort or None, the link's hidden text)}."""
    thead = html[html.index("<thead>") : html.index("</thead>")]
    cells = {}
    for attrs, inner in re.findall(r"<th scope=\"col\"([^>]*)>(.*?)</th>", thead, re.S):
        sort = re.search(r'aria-sort="(\w+)"', attrs)
        link = re.search(r'>([^<]+)<span class="visually-hidden">, ([^<]+)</span></a>', inner)
        if link:
            cells[link.group(1)] = (sort and sort.group(1), link.group(2))
    return cells


@pytest.mark.parametrize(
    ("sort", "state", "next_click"),
    [("-date", "descending", "sort ascending"), ("date", "ascending", "sort descending")],
)
def test_the_sorted_column_says_so_and_its_link_says_what_it_does(
    client, season_1996, sort, state, next_click
):
    cells = header_cells(client.get(f"/seasons/1996/matches/?sort={sort}").content.decode())
    assert cells["Date"] == (state, next_click)
    assert cells["Home"] == (None, "sort ascending")
    assert [label for label, (aria, _) in cells.items() if aria] == ["Date"]


def test_the_sorted_columns_th_has_the_class_the_arrow_is_drawn_from(client, season_1996):
    html = client.get("/seasons/1996/matches/?sort=-date").content.decode()
    assert re.search(r'<th scope="col" class="desc orderable" aria-sort="descending">', html)
