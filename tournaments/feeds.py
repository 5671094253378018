"""Following a season or a team from elsewhere: an Atom feed of its results and an
iCalendar of its matches (tournaments.calendars), in the request's language: Spanish
at the plain URLs, English under /en/.

Drafts stay out as they do from the pages: a draft season's feed and calendar are a
404 for all but editors; a team's read only the published seasons.
"""

from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from . import selectors
from .calendars import kickoff, match_calendar, with_summaries
from .freshness import current_version


class ResultsFeed(Feed):
    """One entry per played match, newest first. An entry's id is its match's address
    (Django's default), the same whatever the score."""

    feed_type = Atom1Feed

    def author_name(self):
        return gettext("Copa Perú records")

    def item_title(self, match):
        # Plain text: an Atom title is text, escaped by the feed's writer.
        return f"{match.home_team} {match.score_display} {match.away_team}"

    def item_description(self, match):
        return match.summary  # HTML-escaped text: an Atom summary of type "html"

    def item_link(self, match):
        return match.url

    def item_pubdate(self, match):
        return kickoff(match)

    def item_updateddate(self, match):
        """The match's last change (its history), or its day if later. An entry must
        have a date: one with neither gets the data's last change."""
        dates = [moment for moment in (kickoff(match), match.last_changed) if moment]
        if dates:
            return max(dates)
        return datetime.fromtimestamp(current_version().changed_at, UTC)


class SeasonResultsFeed(ResultsFeed):
    def get_object(self, request, year):
        return selectors.visible_season(request.user, year)

    def title(self, season):
        return gettext("Results of the %(season)s") % {"season": season}

    def subtitle(self, season):
        return gettext("Every match played in the %(season)s, the newest first.") % {
            "season": season
        }

    def link(self, season):
        return season.get_absolute_url()

    def items(self, season):
        return with_summaries(selectors.season_results(season))


class TeamResultsFeed(ResultsFeed):
    def get_object(self, request, slug):
        return selectors.feed_team(slug)

    def title(self, team):
        return gettext("Results of %(team)s in the Copa Perú") % {"team": team.name}

    def subtitle(self, team):
        return gettext("Every Copa Perú match %(team)s played, the newest first.") % {
            "team": team.name
        }

    def link(self, team):
        return team.get_absolute_url()

    def items(self, team):
        return with_summaries(selectors.team_results(team))


def season_calendar(request, year):
    season = selectors.visible_season(request.user, year)
    # Translators: the name of a calendar, as a calendar app lists it.
    name = gettext("%(season)s: fixtures and results") % {"season": season}
    matches = selectors.season_fixtures(season)
    return calendar_response(request, matches, name, f"copa-peru-{season.year}")


def team_calendar(request, slug):
    team = selectors.feed_team(slug)
    # Translators: the name of a calendar, as a calendar app lists it.
    name = gettext("%(team)s in the Copa Perú: fixtures and results") % {"team": team.name}
    matches = selectors.team_fixtures(team)
    return calendar_response(request, matches, name, f"copa-peru-{team.slug}")


def calendar_response(request, matches, name, filename):
    calendar = match_calendar(matches, name, request.build_absolute_uri)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
