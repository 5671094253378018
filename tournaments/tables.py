"""django-tables2 tables of the public pages."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Match, Standing


def _abbreviated(long, td_class="num"):
    """A numeric column's attrs whose heading is an abbreviation: the long form is the
    header cell's ``abbr`` (read by screen readers) and its ``title`` (shown on hover)."""
    return {"th": {"abbr": long, "title": long, "class": "num"}, "td": {"class": td_class}}


class StandingTable(tables.Table):
    """A group's stored table, in its stored order (never re-sorted by the reader)."""

    position = tables.Column(
        verbose_name=pgettext_lazy("table column", "Pos"),
        attrs=_abbreviated(_("Position")),
    )
    team = tables.Column(verbose_name=_("Team"), attrs={"td": {"class": "team"}})
    played = tables.Column(
        verbose_name=pgettext_lazy("table column", "Pld"), attrs=_abbreviated(_("Matches played"))
    )
    won = tables.Column(
        verbose_name=pgettext_lazy("table column", "W"), attrs=_abbreviated(_("Matches won"))
    )
    drawn = tables.Column(
        verbose_name=pgettext_lazy("table column", "D"), attrs=_abbreviated(_("Matches drawn"))
    )
    lost = tables.Column(
        verbose_name=pgettext_lazy("table column", "L"), attrs=_abbreviated(_("Matches lost"))
    )
    goals_for = tables.Column(
        verbose_name=pgettext_lazy("table column", "GF"), attrs=_abbreviated(_("Goals for"))
    )
    goals_against = tables.Column(
        verbose_name=pgettext_lazy("table column", "GA"), attrs=_abbreviated(_("Goals against"))
    )
    goal_difference = tables.Column(
        verbose_name=pgettext_lazy("table column", "GD"), attrs=_abbreviated(_("Goal difference"))
    )
    points = tables.Column(
        verbose_name=pgettext_lazy("table column", "Pts"),
        attrs=_abbreviated(_("Points"), td_class="num pts"),
    )

    class Meta:
        model = Standing
        fields = ()
        orderable = False
        template_name = "tables/table.html"
        attrs = {"class": "data standings"}
        row_attrs = {
            # The colour is the editors' data: the season's stylesheet defines a class
            # for each zone (tournaments/zone_colours.css), no style attribute.
            "class": lambda record, table: table.zone_class(record),
        }

    row_header = "team"

    def __init__(self, *args, zones=(), caption="", **kwargs):
        self.zone_ids = {zone.code: zone.pk for zone in zones}
        self.caption = caption
        super().__init__(*args, **kwargs)

    def zone_class(self, record):
        if not record.status:
            return None
        zone = self.zone_ids.get(record.status)
        return f"zone zone-{zone}" if zone else "zone"

    def render_position(self, record):
        return f"{record.position}=" if record.shared_position else record.position

    def render_team(self, record):
        note = (
            format_html('<sup><a href="#adjust-{}">*</a></sup>', record.pk)
            if record.points_adjustment
            else ""
        )
        status = (
            format_html(' <span class="status">({})</span>', record.status) if record.status else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}{}',
            record.team.get_absolute_url(),
            record.team.name,
            note,
            status,
        )

    def render_goal_difference(self, value):
        return f"+{value}" if value > 0 else str(value).replace("-", "−")

    def render_points(self, record):
        return str(record.points).replace("-", "−")


class MatchTable(tables.Table):
    date = tables.DateColumn(short=False, attrs={"td": {"class": "date"}})  # DATE_FORMAT
    round = tables.Column(
        verbose_name=pgettext_lazy("table column", "Rd"), attrs=_abbreviated(_("Round"))
    )
    stage = tables.Column(
        verbose_name=_("Stage"),
        accessor="group__stage__display_name",
        order_by=("group__stage__order", "group__order"),
    )
    group = tables.Column(
        verbose_name=_("Group"),
        accessor="group__display_name",
        order_by=("group__order", "group__name"),
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
    venue = tables.Column(order_by="venue__name")
    status = tables.Column()

    class Meta:
        model = Match
        fields = ()
        sequence = (
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
        template_name = "tables/table.html"
        attrs = {"class": "data matches"}
        order_by_field = "sort"
        per_page = 50
        empty_text = _("No match fits these filters.")

    row_header = None

    def __init__(self, *args, caption="", **kwargs):
        self.caption = caption
        super().__init__(*args, **kwargs)

    def render_home_team(self, record):
        return format_html(
            '<a href="{}">{}</a>', record.home_team.get_absolute_url(), record.home_team
        )

    def render_away_team(self, record):
        return format_html(
            '<a href="{}">{}</a>', record.away_team.get_absolute_url(), record.away_team
        )

    def render_score(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("tournaments:match", args=[record.pk]),
            record.score_display,
        )

    def value_score(self, record):
        return record.score_display

    def value_home_team(self, record):
        return record.home_team.name

    def value_away_team(self, record):
        return record.away_team.name

    def value_date(self, record):
        return record.date.isoformat() if record.date else ""
