"""Matches as an iCalendar (RFC 5545), for calendar apps to import or subscribe to.

Every dated match is an event, played or to be played: a calendar shows the fixtures
and, once they are played, their results (in the event's title). An undated match has
no place in a calendar and is left out.

An event keeps its UID whatever happens to its match (``match-<pk>@<domain>``), and its
SEQUENCE is the number of the match's history records, which grows with every edit: a
calendar app reading the file again after a score change updates the event rather than
adding a second copy.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import FIRST_EDITION, Match

LIMA = ZoneInfo("America/Lima")  # kickoff times are recorded in Peru's time
MATCH_DURATION = timedelta(hours=2)  # 90 minutes, half-time, stoppages
EVENT_STATUS = {Match.Status.POSTPONED: "TENTATIVE", Match.Status.ANNULLED: "CANCELLED"}


def kickoff(match):
    """When the match starts, in Lima: at its kickoff time, else at the start of its day;
    None for an undated match."""
    if match.date is None:
        return None
    return datetime.combine(match.date, match.kickoff_time or datetime.min.time(), tzinfo=LIMA)


def match_uid(match):
    return f"match-{match.pk}@{settings.CALENDAR_UID_DOMAIN}"


def with_summaries(matches, template_name="tournaments/feeds/match_summary.html"):
    """Set ``summary`` on each match: its place in the season, one line rendered by
    ``template_name``. Rendered once per group, round, venue and status, not per match:
    a big season's feed has thousands of matches, and few such places."""
    rendered = {}
    for match in matches:
        key = (match.group_id, match.round, match.venue_id, match.status)
        if key not in rendered:
            rendered[key] = render_to_string(template_name, {"match": match}).strip()
        match.summary = rendered[key]
    return matches


def match_calendar(matches, name, absolute_url):
    """An iCalendar of ``matches`` (from selectors.fixtures) named ``name``;
    ``absolute_url`` makes a match's path a full address."""
    with_summaries(matches, "tournaments/feeds/match.txt")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Copa Peru records//Fixtures//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(LIMA))
    now = timezone.now()
    for match in matches:
        calendar.add_component(match_event(match, absolute_url(match.url), now))
    calendar.add_missing_timezones(first_date=date(FIRST_EDITION, 1, 1))
    return calendar


def match_event(match, url, now):
    """One match's VEVENT. Its DTSTAMP and LAST-MODIFIED are the match's last change
    (DTSTAMP falls back to ``now`` for a match never edited)."""
    event = icalendar.Event()
    event.add("uid", match_uid(match))
    event.add("sequence", match.change_count)
    event.add("dtstamp", (match.last_changed or now).astimezone(UTC))
    if match.last_changed:
        event.add("last-modified", match.last_changed.astimezone(UTC))
    add_time(event, match)
    event.add("summary", event_summary(match))
    if match.venue:
        event.add("location", str(match.venue))
    event.add("url", url)
    event.add("description", f"{match.summary}\n{url}")
    event.add("status", EVENT_STATUS.get(match.status, "CONFIRMED"))
    return event


def add_time(event, match):
    """About two hours from the kickoff time in Lima; the whole day without one."""
    if match.kickoff_time is None:
        event.add("dtstart", match.date)
        event.add("dtend", match.date + timedelta(days=1))
    else:
        event.add("dtstart", kickoff(match))
        event.add("duration", MATCH_DURATION)


def event_summary(match):
    """ "José Gálvez 1–0 UTC" once there is a score, "José Gálvez – UTC" before."""
    if match.home_score is None:
        return f"{match.home_team} – {match.away_team}"
    return f"{match.home_team} {match.score_display} {match.away_team}"
