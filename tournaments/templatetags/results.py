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
    '<li><span class="date">{day}{kickoff}</span>\n'
    '<a class="home{home_won}" href="{home_url}">{home}</a>\n'
    '<a class="score" href="{url}" title="{details}">{score}</a>\n'
    '<a class="away{away_won}" href="{away_url}">{away}</a>\n'
    '<span class="venue">{notes}</span></li>\n'
)
STANDING = (
    "<tr{zone}><td>{position}{shared}</td>"
    '<th scope="row"><a href="{team_url}">{team}</a>{adjusted}{status}</th>'
    "<td>{played}</td><td>{won}</td><td>{drawn}</td><td>{lost}</td>"
    "<td>{goals_for}</td><td>{goals_against}</td><td>{goal_difference}</td>"
    '<td class="pts">{points}</td></tr>\n'
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
    return {
        "day": format_html('<time datetime="{}">{}</time>', day.isoformat(), date(day))
        if day
        else "",
        "kickoff": f" {time(kickoff, 'H:i')}" if kickoff else "",
        "home_won": " winner" if winner == "home" else "",
        "home_url": match.home_team.url,
        "home": match.home_team,
        "url": match.url,
        "details": details,
        "score": match.score_display,
        "away_won": " winner" if winner == "away" else "",
        "away_url": match.away_team.url,
        "away": match.away_team,
        "notes": notes(match, venue_said, not_counted),
    }


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
    return {
        "zone": zone,
        "position": row.position,
        "shared": "=" if row.shared_position else "",
        "team_url": row.team.url,
        "team": row.team.name,
        "adjusted": adjusted,
        "status": status,
        "played": row.played,
        "won": row.won,
        "drawn": row.drawn,
        "lost": row.lost,
        "goals_for": row.goals_for,
        "goals_against": row.goals_against,
        "goal_difference": signed(row.goal_difference),
        "points": minus(row.points),
    }
