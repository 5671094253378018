"""django-tables2 tables of the public pages (the season page's standings are not one:
they are its most repeated part, printed by tournaments/includes/_standings.html and
templatetags/results.py)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .links import path_maker
from .models import Match, Season


def _abbreviated(long, td_class="num"):
    """A numeric column's attrs whose heading is an abbreviation: the long form is the
    header cell's ``abbr`` (read by screen readers) and its ``title`` (shown on hover)."""
    return {"th": {"abbr": long, "title": long, "class": "num"}, "td": {"class": td_class}}


# The download's columns, in the order that scripts reading it have always found.
CSV_SEQUENCE = (
    "date",
    "round",
    "stage",
    "group",
    "home_team",
    "score",
    "away_team",
    "venue",
    "status",
)


class MatchTable(tables.Table):
    date = tables.DateColumn(short=False, attrs={"td": {"class": "date"}})  # DATE_FORMAT
    round = tables.Column(
        verbose_name=pgettext_lazy("table column", "Rd"), attrs=_abbreviated(_("Round"))
    )
    stage = tables.Column(
        verbose_name=_("Stage"),
        accessor="group__stage__display_name",
        order_by=("group__stage__order", "group__order"),
        attrs={"td": {"class": "stage"}},
    )
    group = tables.Column(
        verbose_name=_("Group"),
        accessor="group__display_name",
        order_by=("group__order", "group__name"),
        attrs={"td": {"class": "group"}},
    )
    home_team = tables.Column(
        verbose_name=pgettext_lazy("table column", "Home"),
        order_by="home_team__name",
        attrs={"td": {"class": "home"}},
    )
    score = tables.Column(
        accessor="home_score",
        verbose_name=_("Score"),
        order_by=("home_score", "away_score"),
        attrs={"td": {"class": "score"}},
        empty_values=(),
    )
    away_team = tables.Column(
        verbose_name=pgettext_lazy("table column", "Away"), order_by="away_team__name"
    )
    venue = tables.Column(order_by="venue__name", attrs={"td": {"class": "venue"}})
    status = tables.Column(attrs={"td": {"class": "status"}})

    class Meta:
        model = Match
        fields = ()
        # The match first: on a phone, date, teams and score fit the screen and the
        # rest is scrolled to. The CSV keeps its own order (CSV_SEQUENCE).
        sequence = (
            "date",
            "home_team",
            "score",
            "away_team",
            "round",
            "stage",
            "group",
            "venue",
            "status",
        )
        template_name = "tables/table.html"
        attrs = {"class": "data matches"}
        order_by_field = "sort"
        per_page = 50
        empty_text = _("No match fits these filters.")

    row_header = None

    def __init__(self, *args, caption="", **kwargs):
        self.caption = caption
        self.team_path = path_maker("tournaments:team", slug="slug")
        self.match_path = path_maker("tournaments:match", pk=0)
        super().__init__(*args, **kwargs)

    def render_home_team(self, record):
        return format_html(
            '<a href="{}">{}</a>', self.team_path(record.home_team.slug), record.home_team
        )

    def render_away_team(self, record):
        return format_html(
            '<a href="{}">{}</a>', self.team_path(record.away_team.slug), record.away_team
        )

    def render_score(self, record):
        return format_html('<a href="{}">{}</a>', self.match_path(record.pk), record.score_display)

    def value_score(self, record):
        return record.score_display

    def value_home_team(self, record):
        return record.home_team.name

    def value_away_team(self, record):
        return record.away_team.name

    def value_date(self, record):
        return record.date.isoformat() if record.date else ""


class SeasonTable(tables.Table):
    """Every published season: /seasons/. ``team_count`` is annotated
    (SeasonQuerySet.with_summary), the format given per season (records.season_formats)."""

    year = tables.Column(verbose_name=_("Season"))
    champion = tables.Column(verbose_name=_("Champion"), order_by="champion__name")
    runner_up = tables.Column(verbose_name=_("Runner-up"), order_by="runner_up__name")
    format = tables.Column(
        verbose_name=pgettext_lazy("how a season was played", "Format"),
        accessor="pk",
        orderable=False,
    )
    team_count = tables.Column(verbose_name=_("Teams"), attrs=_abbreviated(_("Teams entered")))

    class Meta:
        model = Season
        fields = ()
        sequence = ("year", "champion", "runner_up", "format", "team_count")
        template_name = "tables/table.html"
        attrs = {"class": "data seasons"}
        order_by_field = "sort"
        empty_text = _("No season on record yet.")

    row_header = "year"

    def __init__(self, *args, formats=None, caption="", **kwargs):
        self.caption = caption
        self.formats = formats or {}
        self.team_path = path_maker("tournaments:team", slug="slug")
        self.season_path = path_maker("tournaments:season", year=0)
        super().__init__(*args, **kwargs)

    def render_year(self, value):
        return format_html('<a href="{}">{}</a>', self.season_path(value), value)

    def render_champion(self, value):
        return format_html('<a href="{}">{}</a>', self.team_path(value.slug), value)

    def render_runner_up(self, value):
        return format_html('<a href="{}">{}</a>', self.team_path(value.slug), value)

    def render_format(self, value):
        return self.formats.get(value, "—")
