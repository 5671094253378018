"""Schema.org descriptions of a match and a team, for the JSON-LD of their pages.

Only what the data records, in the properties schema.org defines: a match's teams,
start, venue and status, never its score (SportsEvent has no property for one) nor a
guessed country. From rows already read with their relations: no query.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from .models import Match, versus

# schema.org's EventStatusType: a played match took place as scheduled. An annulled
# match has no equivalent, and gets no status.
EVENT_STATUS = {
    Match.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Match.Status.PLAYED: "https://schema.org/EventScheduled",
    Match.Status.POSTPONED: "https://schema.org/EventPostponed",
}


def match_event(match, absolute):
    """A SportsEvent; ``absolute`` makes a path an absolute URL. ``match`` comes with
    its teams, venue and group's stage and season."""
    season = match.group.stage.season
    event = {
        "@context": "https://schema.org",
        "@type": "SportsEvent",
        "name": f"{match.home_team} {versus()} {match.away_team}",
        "url": absolute(match.get_absolute_url()),
        "homeTeam": team_reference(match.home_team, absolute),
        "awayTeam": team_reference(match.away_team, absolute),
        "superEvent": {
            "@type": "SportsEvent",
            "name": str(season),
            "url": absolute(season.get_absolute_url()),
        },
    }
    if match.date:
        event["startDate"] = start_date(match)
    if match.status in EVENT_STATUS:
        event["eventStatus"] = EVENT_STATUS[match.status]
    if match.venue:
        event["location"] = place(match.venue)
    return event


def start_date(match):
    """ISO 8601: the day, or the day and Lima's time of the kickoff with its offset."""
    if match.kickoff_time is None:
        return match.date.isoformat()
    kickoff = datetime.combine(match.date, match.kickoff_time, ZoneInfo(settings.TIME_ZONE))
    return kickoff.isoformat()


def place(venue):
    location = {"@type": "Place", "name": venue.name}
    if venue.city:
        location["address"] = {"@type": "PostalAddress", "addressLocality": venue.city}
    return location


def team_reference(team, absolute):
    return {"@type": "SportsTeam", "name": team.name, "url": absolute(team.get_absolute_url())}


def sports_team(team, absolute):
    """A SportsTeam, with the names it is also known by and where it is from. ``team``
    comes with its department and aliases."""
    data = {"@context": "https://schema.org", **team_reference(team, absolute)}
    names = [alias.name for alias in team.aliases.all()] + [team.short_code]
    other_names = [name for name in names if name and name != team.name]
    if other_names:
        data["alternateName"] = other_names
    address = {"@type": "PostalAddress"}
    if team.city:
        address["addressLocality"] = team.city
    if team.department:
        address["addressRegion"] = team.department.name
    if len(address) > 1:
        data["location"] = address
    return data
