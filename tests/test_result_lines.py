"""The results list and the standings rows that templatetags/results.py prints: what a
line says of its match, in each language, escaped."""

import datetime
import re

from django.template import Context, Template
from django.utils import translation

from tests.factories import VenueFactory, play, to_come
from tournaments.links import link_matches
from tournaments.models import Match, PointAdjustment
from tournaments.selectors import table_rows

RESULTS = Template("{% load results %}{% results matches venue %}")


def lines(matches, venue=None, language="en"):
    """Each <li> of the list, its tags dropped and its spaces collapsed."""
    matches = link_matches(list(Match.objects.filter(pk__in=[m.pk for m in matches])))
    with translation.override(language):
        html = RESULTS.render(Context({"matches": matches, "venue": venue}))
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_a_line_gives_the_date_kickoff_teams_and_score(league):
    group, (alfa, beta, *_) = league
    match = play(group, alfa, beta, 2, 1, date=datetime.date(1996, 12, 8))
    match.kickoff_time = datetime.time(15, 30)
    match.save()
    assert lines([match]) == ["Dec. 8, 1996 15:30 Alfa 2–1 Beta"]
    assert lines([match], language="es") == ["8 de diciembre de 1996 15:30 Alfa 2–1 Beta"]


def test_a_line_names_its_venue_unless_the_page_says_it_once(league):
    group, (alfa, beta, gamma, delta) = league
    nacional = VenueFactory(name="Estadio Nacional")
    first = play(group, alfa, beta, 1, 0, venue=nacional)
    second = play(group, gamma, delta, 0, 0, venue=VenueFactory(name="Estadio Mansiche"))
    assert lines([first, second]) == [
        "Alfa 1–0 Beta Estadio Nacional",
        "Gamma 0–0 Delta Estadio Mansiche",
    ]
    assert lines([first, second], venue=nacional) == [
        "Alfa 1–0 Beta",
        "Gamma 0–0 Delta Estadio Mansiche",
    ]


def test_a_line_says_a_match_is_not_played_or_not_counted(league):
    group, (alfa, beta, gamma, delta) = league
    postponed = to_come(group, alfa, beta)
    postponed.status = Match.Status.POSTPONED
    postponed.save()
    uncounted = play(group, gamma, delta, 3, 0, counts_for_table=False)
    assert lines([postponed, uncounted]) == [
        "Alfa v Beta Postponed",
        "Gamma 3–0 Delta not counted in the table",
    ]
    assert lines([postponed, uncounted], language="es") == [
        "Alfa vs. Beta Postergado",
        "Gamma 3–0 Delta no cuenta para la tabla",
    ]


def test_the_winner_is_marked_and_links_go_to_the_teams_and_the_match(league):
    group, (alfa, beta, *_) = league
    match = play(group, alfa, beta, 0, 2)
    html = RESULTS.render(Context({"matches": link_matches([match])}))
    assert f'<a class="home" href="/teams/{alfa.slug}/">Alfa</a>' in html
    assert f'<a class="away winner" href="/teams/{beta.slug}/">Beta</a>' in html
    assert f'<a class="score" href="/matches/{match.pk}/" title="Match details">0–2</a>' in html


def test_standings_rows_print_signs_and_zones(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        group.zones.create(
            first_position=1, last_position=1, code="P", label="Promoted", colour="#2e7d32"
        )
        play(group, alfa, beta, 3, 0)
    rows = table_rows(group)
    html = Template("{% load results %}{% standings_rows rows %}").render(Context({"rows": rows}))
    first, *_, last = re.findall(r"<tr.*?</tr>", html)
    assert re.match(r'<tr class="zone zone-\d+"><td>1</td>', first)
    assert '<a href="/teams/alfa/">Alfa</a> <span class="status">(P)</span>' in first
    assert first.endswith('<td>+3</td><td class="pts">3</td></tr>')
    assert last.startswith('<tr><td>4</td><th scope="row"><a href="/teams/beta/">Beta</a>')
    assert last.endswith('<td>\N{MINUS SIGN}3</td><td class="pts">0</td></tr>')


def test_names_are_escaped(league):
    group, (alfa, beta, *_) = league
    alfa.name = 'Alfa & <b>"Beta"</b>'
    alfa.save()
    venue = VenueFactory(name="<i>Nacional</i>")
    match = play(group, alfa, beta, 1, 1, venue=venue)
    html = RESULTS.render(Context({"matches": link_matches([match])}))
    assert "Alfa &amp; &lt;b&gt;&quot;Beta&quot;&lt;/b&gt;</a>" in html
    assert "<span>&lt;i&gt;Nacional&lt;/i&gt;</span>" in html
    assert "<b>" not in html and "<i>" not in html


def test_standings_rows_mark_a_shared_place_and_an_adjustment(league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        PointAdjustment.objects.create(group=group, team=delta, points=-3, reason="A ringer.")
        play(group, alfa, beta, 1, 1)
    rows = table_rows(group)
    html = Template("{% load results %}{% standings_rows rows %}").render(Context({"rows": rows}))
    assert re.search(r'<tr><td>1=</td><th scope="row"><a [^>]*>Alfa</a></th>', html), html
    adjusted = next(row for row in rows if row.team == delta)
    assert f'>Delta</a><sup><a href="#adjust-{adjusted.pk}">*</a></sup></th>' in html
    assert '<td class="pts">\N{MINUS SIGN}3</td>' in html
