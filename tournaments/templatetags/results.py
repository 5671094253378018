"""A list of results and the rows of a standings table, written here in Python rather
than by templates: they are the season page's most repeated parts, and the template
engine took about 120 µs a match to print a result line of 17 tags.

They print what the templates printed: the same markup, escaped the same way,
dates and times through Django's own ``date`` and ``time`` filters."""

from django import template
from django.template.defaultfilters import date, time
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from ..models import Match
from .scores import minus, signed

register = template.Library()

RESULT = (
    '<li><span class="date">{}{}</span>\n'
    '<a class="home{}" href="{}">{}</a>\n'
    '<a class="score" href="{}" title="{}">{}</a>\n'
    '<a class="away{}" href="{}">{}</a>\n'
    '<span class="venue">{}</span></li>\n'
)
STANDING = (
    "<tr{}><td>{}{}</td>"
    '<th scope="row"><a href="{}">{}</a>{}{}</th>'
    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
    '<td class="pts">{}</td></tr>\n'
)


@register.simple_tag
def results(matches, venue_said=None):
    """The results list of ``matches`` (read with their teams and venue, their paths
    set by links.link_matches); ``venue_said``: the venue the page names once for all
    its matches, not repeated on each line."""
    details = gettext("Match details")
    not_counted = gettext("not counted in the table")
    lines = format_html_join(
        "", RESULT, (result_fields(match, venue_said, details, not_counted) for match in matches)
    )
    return format_html('<ul class="results">\n{}</ul>', lines)


def result_fields(match, venue_said, details, not_counted):
    winner, day, kickoff = match.winning_side, match.date, match.kickoff_time
    return (
        format_html('<time datetime="{}">{}</time>', day.isoformat(), date(day)) if day else "",
        f" {time(kickoff, 'H:i')}" if kickoff else "",
        " winner" if winner == "home" else "",
        match.home_team.url,
        match.home_team,
        match.url,
        details,
        match.score_display,
        " winner" if winner == "away" else "",
        match.away_team.url,
        match.away_team,
        notes(match, venue_said, not_counted),
    )


def notes(match, venue_said, not_counted):
    """Where the match was played, unless the page says it once, its status, unless
    played, and whether it is left out of the table."""
    said = []
    if match.venue and match.venue != venue_said:
        said.append(match.venue)
    if match.status != Match.Status.PLAYED:
        said.append(match.get_status_display())
    if not match.counts_for_table:
        said.append(not_counted)
    return format_html_join("", "<span>{}</span>", ((note,) for note in said))


@register.simple_tag
def standings_rows(rows):
    """The body rows of a stored table (selectors.table_rows), in its stored order."""
    return format_html_join("", STANDING, (standing_fields(row) for row in rows))


def standing_fields(row):
    zone = status = adjusted = ""
    if row.status:
        zone = format_html(' class="zone{}"', f" zone-{row.zone_id}" if row.zone_id else "")
        status = format_html(' <span class="status">({})</span>', row.status)
    if row.points_adjustment:
        adjusted = format_html('<sup><a href="#adjust-{}">*</a></sup>', row.pk)
    return (
        zone,
        row.position,
        "=" if row.shared_position else "",
        row.team.url,
        row.team.name,
        adjusted,
        status,
        row.played,
        row.won,
        row.drawn,
        row.lost,
        row.goals_for,
        row.goals_against,
        signed(row.goal_difference),
        minus(row.points),
    )
