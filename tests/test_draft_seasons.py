"""A season can be prepared unseen: a draft is seen only by editors until it is published.

The public gets a 404 for every page of a draft and finds it in no list or link; a
signed-in editor (staff) previews its pages under a banner; publishing it shows it
on the very next public request, whatever the page cache holds.
"""

import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DepartmentFactory,
    GroupFactory,
    GroupMemberFactory,
    SeasonFactory,
    StageFactory,
    TeamFactory,
    play,
)
from tests.test_admin import admin_url, form_data, make_editor
from tournaments.models import Season, SeasonTeam, StatusZone

BANNER = "Draft: only editors see this season until it is published."
DRAFT = "/seasons/2005/"


def season_with_a_match(year, home, away, department, stage_name, colour, **fields):
    """A season of one group, its two teams entered by ``department``, one match."""
    season = SeasonFactory(year=year, **fields)
    group = GroupFactory(stage=StageFactory(season=season, name=stage_name), name="Group A")
    for team in (home, away):
        GroupMemberFactory(group=group, team=team)
        SeasonTeam.objects.create(season=season, team=team, department=department)
    StatusZone.objects.create(
        group=group, first_position=1, last_position=1, code="C", label="Champion", colour=colour
    )
    return group, play(group, home, away, 1, 0)


@pytest.fixture
def seasons(db, on_commit):
    """2003 and 2007 published, 2005 a draft between them. Alfa played 2003 and the
    draft; Novato is a new team, known only from the draft."""
    with on_commit():
        ucayali = DepartmentFactory(name="Ucayali")
        alfa, beta, novato = (
            TeamFactory(name=name, department=ucayali) for name in ("Alfa", "Beta", "Novato")
        )
        group, match = season_with_a_match(2003, alfa, beta, ucayali, "Final stage", "#111111")
        SeasonFactory(year=2007)
        draft_group, draft_match = season_with_a_match(
            2005, alfa, novato, ucayali, "Regional stage", "#222222", draft=True
        )
    return SimpleNamespace(
        alfa=alfa,
        department=ucayali,
        group=group,
        match=match,
        draft=Season.objects.get(year=2005),
        draft_group=draft_group,
        draft_match=draft_match,
    )


@pytest.fixture
def staff_client(client, django_user_model):
    """A signed-in editor: staff, not a superuser."""
    client.force_login(make_editor(django_user_model))
    return client


def draft_pages(seasons):
    """Every public address of the draft: its pages, its downloads."""
    return [
        DRAFT,
        f"{DRAFT}teams/",
        f"{DRAFT}matches/",
        f"{DRAFT}matches/?format=csv",
        f"{DRAFT}football.json",
        f"{DRAFT}standings.csv",
        seasons.draft_group.get_absolute_url(),
        seasons.draft_match.get_absolute_url(),
    ]


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_anonymous_visitors_get_a_404_for_every_page_of_a_draft(client, seasons):
    for url in draft_pages(seasons):
        assert client.get(url).status_code == 404, url


def test_a_signed_in_visitor_who_is_not_staff_gets_a_404_too(client, seasons, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    for url in draft_pages(seasons):
        assert client.get(url).status_code == 404, url


def test_the_zone_colours_of_a_draft_are_not_served_to_the_public(client, seasons):
    assert "#222222" not in html_of(client, f"{DRAFT}zones.css")


def test_the_home_page_lists_the_published_seasons_only(client, seasons):
    html = html_of(client, "/")
    assert 'href="/seasons/2003/"' in html and 'href="/seasons/2007/"' in html
    assert DRAFT not in html


def test_the_neighbours_of_a_draft_link_to_each_other_past_it(client, seasons):
    earlier = html_of(client, "/seasons/2003/")
    later = html_of(client, "/seasons/2007/")
    assert '<a rel="next" href="/seasons/2007/">' in earlier
    assert '<a rel="prev" href="/seasons/2003/">' in later
    assert DRAFT not in earlier and DRAFT not in later


def test_the_match_list_of_a_published_season_names_nothing_of_the_draft(client, seasons):
    html = html_of(client, "/seasons/2003/matches/")
    assert seasons.match.get_absolute_url() in html
    assert "Novato" not in html and "Regional stage" not in html
    assert seasons.draft_match.get_absolute_url() not in html


def test_a_team_page_leaves_out_its_draft_seasons_and_matches(client, seasons):
    html = html_of(client, seasons.alfa.get_absolute_url())
    assert 'href="/seasons/2003/"' in html and DRAFT not in html
    assert seasons.draft_match.get_absolute_url() not in html and "Novato" not in html
    assert "1 played: 1 won, 0 drawn, 0 lost; goals 1–0" in html  # the draft's match uncounted


def test_a_department_page_leaves_out_the_draft_and_its_new_teams(client, seasons):
    html = html_of(client, seasons.department.get_absolute_url())
    assert 'href="/seasons/2003/"' in html and DRAFT not in html
    assert "Alfa" in html and "Novato" not in html


def test_the_page_of_a_team_known_only_from_a_draft_is_for_editors_only(
    client, django_user_model, seasons
):
    novato = seasons.draft_match.away_team.get_absolute_url()
    assert client.get(novato).status_code == 404
    assert client.get(seasons.alfa.get_absolute_url()).status_code == 200
    client.force_login(make_editor(django_user_model))
    assert client.get(novato).status_code == 200


def test_search_finds_no_team_known_only_from_a_draft(client, seasons):
    assert "Novato" not in html_of(client, "/teams/?q=novato")
    assert "Novato" not in html_of(client, "/teams/")
    assert "Alfa" in html_of(client, "/teams/?q=alfa")  # also in a published season


def test_an_editor_previews_every_page_of_a_draft_under_the_banner(staff_client, seasons):
    for url in draft_pages(seasons):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            assert BANNER in response.content.decode(), url
    assert "#222222" in html_of(staff_client, f"{DRAFT}zones.css")


def test_a_published_season_shows_no_banner_to_an_editor(staff_client, seasons):
    assert BANNER not in html_of(staff_client, "/seasons/2003/")


def test_the_admin_shows_the_draft_state_and_a_preview_link(staff_client, seasons):
    changelist = staff_client.get(admin_url("season"))
    assert f'<a href="{DRAFT}">Preview</a>' in changelist.content.decode()
    drafts = staff_client.get(admin_url("season"), {"draft__exact": "1"})
    assert [season.year for season in drafts.context["cl"].result_list] == [2005]
    change_page = html_of(staff_client, admin_url("season", "change", seasons.draft.pk))
    assert f'<a href="{DRAFT}">Preview</a>' in change_page
    assert 'name="draft"' in change_page


def test_the_management_commands_still_see_a_draft(seasons):
    out = StringIO()
    call_command("export_football_json", "2005", stdout=out)
    (only_round,) = json.loads(out.getvalue())["rounds"]
    assert len(only_round["matches"]) == 1


# -- the page cache ------------------------------------------------------------------------


def test_publishing_a_draft_in_the_admin_shows_it_on_the_next_public_request(
    client, admin_client, seasons, on_commit, page_cache
):
    assert DRAFT not in html_of(client, "/")  # now in the cache
    assert '<a rel="next" href="/seasons/2007/">' in html_of(client, "/seasons/2003/")
    assert client.get(DRAFT).status_code == 404
    change_url = admin_url("season", "change", seasons.draft.pk)
    data = form_data(admin_client.get(change_url))
    del data["draft"]  # unticked: a browser posts nothing for it
    with on_commit():
        assert admin_client.post(change_url, data).status_code == 302
    assert not Season.objects.get(year=2005).draft
    assert 'href="/seasons/2005/"' in html_of(client, "/")
    assert '<a rel="next" href="/seasons/2005/">' in html_of(client, "/seasons/2003/")
    assert BANNER not in html_of(client, DRAFT)


def test_marking_a_season_draft_hides_it_on_the_next_public_request(
    client, seasons, on_commit, page_cache
):
    assert 'href="/seasons/2003/"' in html_of(client, "/")  # now in the cache
    with on_commit():
        season = Season.objects.get(year=2003)
        season.draft = True
        season.save()
    assert 'href="/seasons/2003/"' not in html_of(client, "/")
    assert client.get("/seasons/2003/").status_code == 404


def test_an_editors_preview_is_never_stored_for_the_public(
    client, staff_client, seasons, page_cache
):
    preview = staff_client.get(DRAFT)
    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
    client.logout()  # the same address, now without a session
    assert client.get(DRAFT).status_code == 404


# -- what the public pages read ------------------------------------------------------------

# The queries of each public page for an anonymous visitor, as before drafts: a
# draft is left out through the joins each page makes anyway, never by a query more.
# (The season and group pages read one more, for where their stages were played.)
PUBLIC_PAGE_QUERIES = {
    "/": 7,
    "/seasons/2003/": 8,
    "/seasons/2003/teams/": 2,
    "/seasons/2003/matches/": 8,  # and whether the list is all one group
    "/seasons/2003/matches/?format=csv": 2,
    "/seasons/2003/football.json": 4,
    "/seasons/2003/standings.csv": 2,
    "/seasons/2003/zones.css": 1,
    "/teams/?q=a": 2,
}


def test_the_public_pages_read_no_more_queries_for_leaving_out_drafts(client, seasons):
    pages = {
        **PUBLIC_PAGE_QUERIES,
        seasons.group.get_absolute_url(): 6,
        seasons.match.get_absolute_url(): 2,
        seasons.alfa.get_absolute_url(): 6,
        seasons.department.get_absolute_url(): 6,  # with how far each qualifier went
    }
    for url, most in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        assert len(queries) <= most, (url, len(queries), most)
