"""The record of the Copa Perú: seasons, their stages, groups and matches.

Standings are never typed: ``Standing`` rows are written only by
``tournaments.services.recompute_group``, kept current by ``signals``.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, router, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import standings
from .bilingual import Localized, shown
from .compiled import CompiledRead
from .search import Searchable, SearchQuerySet
from .standings import DEFAULT_TIEBREAKERS

COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}\Z"  # \Z: "$" would let a trailing newline through
ENGLISH_HELP = _("The English version; blank: the same as the Spanish.")  # see bilingual.py

# The domain's bounds, checked by the validators (in words) and by named constraints
# (so that SQLite, which enforces neither a column's size nor its length, refuses too).
FIRST_EDITION = 1967  # the first Copa Perú
LAST_STORABLE_YEAR = 2200  # the constraint's bound: "next year" can't be a fixed one
MAX_SCORE = 99  # a side's goals in a match, or its penalties in a shoot-out
MAX_ADJUSTMENT = 99  # points added or deducted at once
MAX_ATTENDANCE = 250_000  # beyond any stadium in Peru (the largest holds about 80,000)
MAX_TABLE_ROWS = 99  # a published table's rows
MAX_TABLE_COUNT = 99  # a published table's won, drawn and lost
MAX_TABLE_GOALS = 999
MAX_TABLE_POINTS = 999  # either way: deductions can make points negative
NAME_LENGTH = 100
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f]"  # NUL, tab, line breaks, escape, DEL ...

validate_name = RegexValidator(
    CONTROL_CHARACTERS,
    _("A name can't contain control characters (a tab, a line break…)."),
    inverse_match=True,
)


validate_score = MaxValueValidator(MAX_SCORE, _("A score can't be more than %(limit_value)s."))
validate_shootout_score = MaxValueValidator(
    MAX_SCORE, _("A shoot-out score can't be more than %(limit_value)s.")
)


def last_season_year():
    """Next year: a season can be entered before it starts, but not further ahead."""
    return date.today().year + 1


def name_constraints(prefix, field="name", length=NAME_LENGTH):
    """A name within its length (SQLite ignores max_length) and free of control characters."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), length), name=f"{prefix}_{field}_length"
        ),
        models.CheckConstraint(
            condition=~Q(**{f"{field}__regex": CONTROL_CHARACTERS}),
            name=f"{prefix}_{field}_printable",
        ),
    ]


def at_most(limit, *fields):
    """Each of ``fields`` is at most ``limit`` (a NULL passes, as in any CHECK)."""
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__lte": limit})
    return condition


class EditRecord(models.Model):
    """What every history record carries beside django-simple-history's own fields:
    the edit (one save by an editor) that wrote it, for Recent changes and its Undo."""

    # DO_NOTHING: an edit is deleted only while it has no record (editing.recording),
    # and the database refuses any other deletion; Django's SET_NULL would instead
    # run an UPDATE on every history table for each empty edit deleted.
    edit = models.ForeignKey(
        "tournaments.Edit",
        models.DO_NOTHING,
        null=True,
        blank=True,
        verbose_name=_("change"),
        related_name="+",
    )

    class Meta:
        abstract = True


def recorded_history(**options):
    return HistoricalRecords(bases=[EditRecord], **options)


class SlugManager(models.Manager.from_queryset(SearchQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Department(Searchable):
    """One of Peru's 24 departments, or the constitutional province of Callao."""

    name = models.CharField(_("name"), max_length=60, unique=True, validators=[validate_name])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    objects = SlugManager()
    history = recorded_history(excluded_fields=["search_text"])

    class Meta:
        ordering = ["slug"]  # ASCII, so that Áncash sorts next to Amazonas
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = name_constraints("department", length=60)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tournaments:department", args=[self.slug])

    @cached_property
    def url(self):
        """The page's path, for templates: see Team.url."""
        return self.get_absolute_url()

    def natural_key(self):
        return (self.slug,)


class TeamQuerySet(SearchQuerySet):
    def word_filter(self, word):
        """A team is found by its name, short code or city, or by one of its aliases."""
        aliases = TeamAlias.objects.using(self.db).search(word)
        return super().word_filter(word) | Q(pk__in=aliases.values("team_id"))

    def playing_in(self, season):
        """The teams in the groups of ``season``: read from its groups' members by key,
        so that the lookup does not grow with the teams of every other season."""
        members = GroupMember.objects.using(self.db).filter(group__stage__season=season)
        return self.filter(pk__in=members.values("team_id"))

    def outside_drafts(self):
        """Without the teams known only from draft seasons: a draft's new teams would
        announce it. A team of no season at all stays, as before any draft."""
        members = GroupMember.objects.using(self.db)
        entries = SeasonTeam.objects.using(self.db)
        in_drafts = Q(pk__in=members.drafts().values("team_id")) | Q(
            pk__in=entries.drafts().values("team_id")
        )
        published = Q(pk__in=members.published().values("team_id")) | Q(
            pk__in=entries.published().values("team_id")
        )
        return self.exclude(in_drafts & ~published)

    def visible_to(self, user):
        return self.all() if user.is_staff else self.outside_drafts()


class TeamManager(SlugManager.from_queryset(TeamQuerySet)):
    pass


class Team(Searchable):
    name = models.CharField(_("name"), max_length=NAME_LENGTH, validators=[validate_name])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    short_code = models.CharField(
        _("short code"),
        max_length=5,
        blank=True,
        help_text=_("Short code as in Wikipedia tables, e.g. GAL."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        verbose_name=_("department"),
        null=True,
        blank=True,
        related_name="teams",
    )

    objects = TeamManager()
    history = recorded_history(excluded_fields=["search_text"])

    search_source = ("name", "short_code", "city")  # and the aliases: TeamQuerySet

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = name_constraints("team")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tournaments:team", args=[self.slug])

    @cached_property
    def url(self):
        """The page's path, for templates. A page that links many teams sets it for all
        of them at once (tournaments.links): cheaper than a reverse() a link."""
        return self.get_absolute_url()

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["tournaments.department"]


class TeamAlias(Searchable):
    """Another name a team is known by (UTC = Universidad Técnica de Cajamarca)."""

    team = models.ForeignKey(Team, models.CASCADE, verbose_name=_("team"), related_name="aliases")
    name = models.CharField(
        _("name"), max_length=NAME_LENGTH, unique=True, validators=[validate_name]
    )

    objects = SearchQuerySet.as_manager()
    history = recorded_history(excluded_fields=["search_text"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("team alias")
        verbose_name_plural = _("team aliases")
        constraints = name_constraints("team_alias")

    def __str__(self):
        return self.name


class Player(Searchable):
    name = models.CharField(_("name"), max_length=NAME_LENGTH, validators=[validate_name])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = SlugManager()
    history = recorded_history(excluded_fields=["search_text"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("player")
        verbose_name_plural = _("players")
        constraints = name_constraints("player")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Venue(Searchable):
    name = models.CharField(_("name"), max_length=NAME_LENGTH, validators=[validate_name])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    objects = SlugManager()
    history = recorded_history(excluded_fields=["search_text"])

    search_source = ("name", "city")

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = name_constraints("venue")

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city else self.name

    def natural_key(self):
        return (self.slug,)


def _subquery_total(queryset, aggregate):
    """One number per outer row, as a correlated subquery (no join fan-out).

    ``queryset`` filters on OuterRef("pk") and annotates ``_outer`` to group by.
    """
    return Subquery(
        queryset.order_by().values("_outer").annotate(total=aggregate).values("total"),
        output_field=IntegerField(),
    )


class PublishedMixin:
    """For the rows of a season (the season itself included): the public reads only
    those of published seasons; a signed-in editor (staff) previews drafts too.
    The admin and the management commands read every row, as before.

    ``season_path`` leads from the row to its season: filtering through it reuses
    the joins a query makes to read the season anyway (select_related).
    """

    season_path = ""  # e.g. "group__stage__season__"

    def published(self):
        return self.filter(**{f"{self.season_path}draft": False})

    def drafts(self):
        return self.filter(**{f"{self.season_path}draft": True})

    def visible_to(self, user):
        return self.all() if user.is_staff else self.published()


class SeasonQuerySet(PublishedMixin, models.QuerySet):
    def for_page(self):
        """What a season's page shows besides its stages, in one query: the champion and
        runner-up, ``previous_year`` and ``next_year`` (the nearest published seasons on
        each side, or None, even on a draft's preview), ``entry_count`` (the teams
        entered) and ``has_recorded_goals`` (whether any goal of it is recorded: most
        seasons' sources name none, and then no query looks for them)."""
        entries = SeasonTeam.objects.filter(season=OuterRef("pk")).annotate(_outer=F("season"))
        earlier = Season.objects.published().filter(year__lt=OuterRef("year")).order_by("-year")
        later = Season.objects.published().filter(year__gt=OuterRef("year")).order_by("year")
        goals = Goal.objects.filter(match__group__stage__season=OuterRef("pk"))
        return self.select_related("champion", "runner_up").annotate(
            previous_year=Subquery(earlier.values("year")[:1]),
            next_year=Subquery(later.values("year")[:1]),
            entry_count=Coalesce(_subquery_total(entries, Count("pk")), 0),
            has_recorded_goals=Exists(goals),
        )

    def with_summary(self):
        """The champion, and ``team_count``, ``match_count`` and ``goal_count``: the teams
        entered (failing entries, the teams in its groups), the matches played and their
        goals, walkovers left out (they have no real goals)."""
        played = Match.objects.filter(
            group__stage__season=OuterRef("pk"), status=Match.Status.PLAYED, walkover=False
        ).annotate(_outer=F("group__stage__season"))
        entries = SeasonTeam.objects.filter(season=OuterRef("pk")).annotate(_outer=F("season"))
        members = GroupMember.objects.filter(group__stage__season=OuterRef("pk")).annotate(
            _outer=F("group__stage__season")
        )
        return self.select_related("champion").annotate(
            team_count=Coalesce(
                _subquery_total(entries, Count("pk")),
                _subquery_total(members, Count("team", distinct=True)),
                0,
            ),
            match_count=Coalesce(_subquery_total(played, Count("pk")), 0),
            goal_count=Coalesce(_subquery_total(played, Sum(F("home_score") + F("away_score"))), 0),
        )


class SeasonManager(models.Manager.from_queryset(SeasonQuerySet)):
    def get_by_natural_key(self, year):
        return self.get(year=year)


class Season(models.Model):
    """One edition of the Copa Perú, named by its year (matches may run into the next)."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[
            MinValueValidator(
                FIRST_EDITION,
                # Translators: %(limit_value)s is 1967.
                _("The first Copa Perú was played in %(limit_value)s."),
            ),
            MaxValueValidator(
                last_season_year,
                # Translators: %(limit_value)s is next year.
                _("A season can be entered up to next year, %(limit_value)s."),
            ),
        ],
    )
    draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_(
            "A draft season is seen only by editors, through its Preview link, "
            "until it is published (untick this)."
        ),
    )
    points_for_win = models.PositiveSmallIntegerField(
        _("points for win"), default=3, help_text=_("2 up to the 1994 edition, 3 from 1995.")
    )
    points_for_draw = models.PositiveSmallIntegerField(_("points for draw"), default=1)
    promoted_to = models.CharField(
        _("promoted to"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 1997 Torneo Descentralizado"),
    )
    champion = models.ForeignKey(
        Team,
        models.PROTECT,
        verbose_name=_("champion"),
        null=True,
        blank=True,
        editable=False,
        related_name="championships",
        help_text=_("Computed from the last stage, unless overridden."),
    )
    runner_up = models.ForeignKey(
        Team,
        models.PROTECT,
        verbose_name=_("runner up"),
        null=True,
        blank=True,
        editable=False,
        related_name="runner_up_seasons",
        help_text=_("Computed from the last stage, unless overridden."),
    )
    champion_override = models.ForeignKey(
        Team,
        models.PROTECT,
        verbose_name=_("champion override"),
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Only when the title was not decided on the pitch as the results say "
            "(e.g. awarded by the federation). Needs a reason."
        ),
    )
    runner_up_override = models.ForeignKey(
        Team,
        models.PROTECT,
        verbose_name=_("runner up override"),
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.TextField(
        _("override reason"),
        blank=True,
        help_text=_("Why the champion or runner-up differs from the results. Public."),
    )
    override_reason_en = models.TextField(
        _("override reason in English"), blank=True, help_text=ENGLISH_HELP
    )
    intro = models.TextField(_("intro"), blank=True)
    intro_en = models.TextField(_("intro in English"), blank=True, help_text=ENGLISH_HELP)
    source_url = models.URLField(_("source url"), blank=True)

    objects = SeasonManager()
    history = recorded_history()

    display_intro = Localized("intro")

    display_override_reason = Localized("override_reason")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_EDITION) & Q(year__lte=LAST_STORABLE_YEAR),
                name="season_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(champion_override__isnull=True, runner_up_override__isnull=True)
                | ~Q(override_reason=""),
                name="season_override_has_reason",
            ),
        ]

    def __str__(self):
        # Translators: a season of the tournament, e.g. "1996 Copa Perú".
        return gettext("%(year)s Copa Perú") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("tournaments:season", args=[self.year])

    def natural_key(self):
        return (self.year,)

    natural_key.dependencies = ["tournaments.team"]

    @staticmethod
    def default_points_for_win(year):
        """2 points for a win up to and including the 1994 edition, 3 from 1995."""
        return 2 if year <= 1994 else 3

    def clean(self):
        overridden = self.champion_override_id or self.runner_up_override_id
        if overridden and not self.override_reason.strip():
            raise ValidationError(
                {"override_reason": _("Say why the results don't decide the title (public).")}
            )
        if overridden and self.champion_override_id == self.runner_up_override_id:
            raise ValidationError({"runner_up_override": _("The runner-up can't be the champion.")})

    @property
    def intro_language(self):
        """The language of ``display_intro``: an English article's prose may have no Spanish."""
        return shown(self, "intro")[0]


class SeasonTeamQuerySet(PublishedMixin, models.QuerySet):
    season_path = "season__"


class SeasonTeamManager(models.Manager.from_queryset(SeasonTeamQuerySet)):
    def get_by_natural_key(self, year, team_slug):
        return self.get(season__year=year, team__slug=team_slug)


class SeasonTeam(models.Model):
    """A team that a department sent to a season, and how it got there."""

    class Route(models.TextChoices):
        DEPARTMENT_CHAMPION = "department_champion", _("Department champion")
        RELEGATED = "relegated", _("Relegated from the First Division")
        INVITED = "invited", _("Invited")
        NOT_STATED = "", _("Not stated")

    season = models.ForeignKey(
        Season, models.CASCADE, verbose_name=_("season"), related_name="entries"
    )
    team = models.ForeignKey(Team, models.PROTECT, verbose_name=_("team"), related_name="entries")
    department = models.ForeignKey(
        Department, models.PROTECT, verbose_name=_("department"), related_name="entries"
    )
    route = models.CharField(_("route"), max_length=30, choices=Route.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = SeasonTeamManager()
    history = recorded_history()

    class Meta:
        ordering = ["season", "department__slug", "team__name"]
        verbose_name = _("qualified team")
        verbose_name_plural = _("qualified teams")
        constraints = [
            models.UniqueConstraint(fields=["season", "team"], name="unique_season_team"),
        ]

    def __str__(self):
        return f"{self.team} ({self.department}, {self.season.year})"

    def natural_key(self):
        return self.season.natural_key() + self.team.natural_key()

    natural_key.dependencies = ["tournaments.season", "tournaments.team"]


class StageManager(models.Manager):
    def get_by_natural_key(self, year, slug):
        return self.get(season__year=year, slug=slug)


class Stage(models.Model):
    class Kind(models.TextChoices):
        ROUND_ROBIN = "round_robin", _("Round robin")
        KNOCKOUT = "knockout", _("Knockout")

    class Level(models.TextChoices):
        DISTRICT = "district", _("District stage")
        PROVINCIAL = "provincial", _("Provincial stage")
        DEPARTMENTAL = "departmental", _("Departmental stage")
        REGIONAL = "regional", _("Regional stage")
        NATIONAL = "national", _("National stage")
        NOT_STATED = "", _("Not stated")

    class TieRule(models.TextChoices):
        # The values are those of the engine's tournaments.standings.TieRule.
        AGGREGATE = "aggregate", _("Aggregate goals, then penalties")
        AWAY_GOALS = "away_goals", _("Aggregate goals, then away goals, then penalties")
        POINTS = "points", _("Points, then a play-off")
        POINTS_GOAL_DIFFERENCE = (
            "points_goal_difference",
            _("Points, then goal difference, then a play-off"),
        )

    season = models.ForeignKey(
        Season, models.CASCADE, verbose_name=_("season"), related_name="stages"
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH, validators=[validate_name])
    name_en = models.CharField(
        _("name in English"),
        max_length=NAME_LENGTH,
        blank=True,
        help_text=ENGLISH_HELP,
        validators=[validate_name],
    )
    slug = models.SlugField(_("slug"), max_length=100)
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "order"), default=1)
    kind = models.CharField(
        pgettext_lazy("kind of stage", "kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.ROUND_ROBIN,
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    legs = models.PositiveSmallIntegerField(
        _("legs"),
        default=2,
        choices=[(1, _("One match")), (2, _("Two legs, home and away"))],
        help_text=_("Knockout stages: the matches of a tie before any play-off."),
    )
    tie_rule = models.CharField(
        _("tie rule"),
        max_length=30,
        choices=TieRule.choices,
        default=TieRule.AGGREGATE,
        help_text=_("Knockout stages: how a tie level after its legs is decided."),
    )
    points_for_win = models.PositiveSmallIntegerField(
        _("points for win"), null=True, blank=True, help_text=_("Leave empty to use the season's.")
    )
    points_for_draw = models.PositiveSmallIntegerField(
        _("points for draw"), null=True, blank=True, help_text=_("Leave empty to use the season's.")
    )

    objects = StageManager()
    history = recorded_history()

    display_name = Localized("name")

    class Meta:
        ordering = ["season", "order", "name"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            *name_constraints("stage"),
            *name_constraints("stage", "name_en"),
            models.UniqueConstraint(fields=["season", "slug"], name="unique_stage_slug"),
            models.CheckConstraint(condition=Q(legs__in=[1, 2]), name="stage_legs_one_or_two"),
            models.CheckConstraint(
                condition=Q(
                    tie_rule__in=["aggregate", "away_goals", "points", "points_goal_difference"]
                ),
                name="stage_tie_rule_known",
            ),
            models.CheckConstraint(
                condition=Q(
                    level__in=["", "district", "provincial", "departmental", "regional", "national"]
                ),
                name="stage_level_known",
            ),
        ]

    def __str__(self):
        return f"{self.season.year} {self.name}"

    def natural_key(self):
        return self.season.natural_key() + (self.slug,)

    natural_key.dependencies = ["tournaments.season"]

    @property
    def win_points(self):
        return self.season.points_for_win if self.points_for_win is None else self.points_for_win

    @property
    def draw_points(self):
        return self.season.points_for_draw if self.points_for_draw is None else self.points_for_draw

    @property
    def tie_rules(self):
        return standings.TieRules(legs=self.legs, rule=standings.TieRule(self.tie_rule))


class GroupQuerySet(PublishedMixin, models.QuerySet):
    season_path = "stage__season__"

    def for_season(self, season):
        return (
            self.filter(stage__season=season)
            .select_related("stage")
            .order_by("stage__order", "stage__pk", "order", "name")
        )

    def with_match_count(self):
        matches = Match.objects.filter(group=OuterRef("pk")).annotate(_outer=F("group"))
        return self.annotate(match_count=Coalesce(_subquery_total(matches, Count("pk")), 0))

    def with_tables(self):
        """What showing a group's table needs: its rows with teams, zones, tiebreakers.

        Each in its order within a group: the models' default orderings begin with
        the group, which would join the group, its stage and its season to sort.
        """
        return self.prefetch_related(
            models.Prefetch("standings", Standing.objects.select_related("team").order_by("row")),
            models.Prefetch("zones", StatusZone.objects.order_by("first_position")),
            models.Prefetch("tiebreakers", Tiebreaker.objects.order_by("order")),
        )

    def lock(self, pk):
        """Hold the group's row until the transaction ends (call it inside one).

        The rules between a group's rows (its members, its matches) are read
        without a lock by clean(); every write that could break them takes this
        lock and checks them again, so that of two editors who both passed
        validation the second sees the first's change. SQLite has no row locks
        and takes none (there a writing transaction holds the whole database), but
        refuses it outside a transaction too. Only the queryset's database counts.
        """
        GROUP_LOCK(pk, self._db or router.db_for_write(Group))


# Compiled once (compiled.CompiledRead): every save of a match takes the lock.
GROUP_LOCK = CompiledRead(
    lambda pk: Group.objects.select_for_update().filter(pk=pk).order_by().values_list("pk")
)


class GroupManager(models.Manager.from_queryset(GroupQuerySet)):
    def get_by_natural_key(self, year, stage_slug, slug):
        return self.get(stage__season__year=year, stage__slug=stage_slug, slug=slug)


class Group(models.Model):
    """A round-robin group, or a tie of a knockout stage (its legs are its matches)."""

    stage = models.ForeignKey(Stage, models.CASCADE, verbose_name=_("stage"), related_name="groups")
    name = models.CharField(_("name"), max_length=NAME_LENGTH, validators=[validate_name])
    name_en = models.CharField(
        _("name in English"),
        max_length=NAME_LENGTH,
        blank=True,
        help_text=ENGLISH_HELP,
        validators=[validate_name],
    )
    slug = models.SlugField(_("slug"), max_length=100)
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "order"), default=1)
    teams = models.ManyToManyField(
        Team, verbose_name=_("teams"), through="GroupMember", related_name="groups"
    )
    manual_order_reason = models.TextField(
        _("manual order reason"),
        blank=True,
        help_text=_(
            "Why the final order was fixed by hand (drawing of lots, organiser's "
            "decision). Shown to the public. Required when members have a manual position."
        ),
    )
    manual_order_reason_en = models.TextField(
        _("manual order reason in English"), blank=True, help_text=ENGLISH_HELP
    )
    published_source = models.CharField(
        _("published source"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the published table comes from (e.g. Wikipedia: 1985 Copa Perú). "
            "Required when the group has a published table."
        ),
    )
    published_source_url = models.URLField(_("published source url"), blank=True)
    shows_published_table = models.BooleanField(
        _("shows published table"),
        default=False,
        editable=False,
        help_text=_("The stored standings are the published table: the results are incomplete."),
    )

    objects = GroupManager()
    history = recorded_history()

    display_name = Localized("name")
    display_manual_order_reason = Localized("manual_order_reason")

    class Meta:
        ordering = ["stage", "order", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            *name_constraints("group"),
            *name_constraints("group", "name_en"),
            models.UniqueConstraint(fields=["stage", "slug"], name="unique_group_slug"),
        ]

    def __str__(self):
        return f"{self.stage} – {self.name}"

    def get_absolute_url(self):
        """The group's own page: its table, and its results round by round."""
        return reverse(
            "tournaments:group",
            kwargs={"year": self.stage.season.year, "stage": self.stage.slug, "group": self.slug},
        )

    def classification_rules(self):
        """'1) Points; 2) Goal difference; 3) Goals scored', from the group's tiebreakers."""
        labels = [t.get_criterion_display() for t in self.tiebreakers.all()] or [
            TiebreakerCriterion(c.value).label for c in DEFAULT_TIEBREAKERS
        ]
        return "; ".join(f"{i}) {label}" for i, label in enumerate(labels, start=1))

    def natural_key(self):
        return self.stage.natural_key() + (self.slug,)

    natural_key.dependencies = ["tournaments.stage"]


class GroupChildQuerySet(PublishedMixin, models.QuerySet):
    season_path = "group__stage__season__"


class GroupChildManager(models.Manager.from_queryset(GroupChildQuerySet)):
    """Natural keys of rows that belong to a group: (year, stage, group, *key)."""

    key_field = None

    def get_by_natural_key(self, year, stage_slug, group_slug, key):
        return self.get(
            group__stage__season__year=year,
            group__stage__slug=stage_slug,
            group__slug=group_slug,
            **{self.key_field: key},
        )


class GroupMemberManager(GroupChildManager):
    key_field = "team__slug"


class GroupMember(models.Model):
    group = models.ForeignKey(
        Group, models.CASCADE, verbose_name=_("group"), related_name="members"
    )
    team = models.ForeignKey(
        Team, models.PROTECT, verbose_name=_("team"), related_name="group_memberships"
    )
    manual_position = models.PositiveSmallIntegerField(
        _("manual position"),
        null=True,
        blank=True,
        help_text=_("Fix the final position by hand; the group's reason is then required."),
    )

    objects = GroupMemberManager()
    history = recorded_history()

    class Meta:
        ordering = ["group", "team__name"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "team"], name="unique_group_team"),
            models.UniqueConstraint(
                fields=["group", "manual_position"], name="unique_group_manual_position"
            ),
            models.CheckConstraint(
                condition=Q(manual_position__isnull=True) | Q(manual_position__gte=1),
                name="group_member_manual_position_positive",
            ),
        ]

    def __str__(self):
        return gettext("%(team)s in %(group)s") % {"team": self.team, "group": self.group}

    def save(self, *args, **kwargs):
        """A member given another team or group takes its old team out of its old group:
        refused, as by clean(), while that team has matches there; checked again here
        under the old group's lock (``GroupQuerySet.lock``). Deletions: signals.py."""
        left = self._left_behind()
        if left is None:
            super().save(*args, **kwargs)
        else:
            using = kwargs.get("using") or router.db_for_write(GroupMember, instance=self)
            with transaction.atomic(using=using):
                left.refuse_leaving(using)
                super().save(*args, **kwargs)
        self._stored_membership = (self.group_id, self.team_id)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        stored = dict(zip(field_names, values, strict=True))
        instance._stored_membership = (stored.get("group_id"), stored.get("team_id"))
        return instance  # as loaded: save() and clean() see a change of team or group

    def clean(self):
        fixed_by_hand = self.manual_position is not None and self.group_id
        if fixed_by_hand and not self.group.manual_order_reason.strip():
            raise ValidationError(
                {
                    "manual_position": _(
                        "A final order fixed by hand needs its reason: fill in the "
                        "group's manual order reason (shown to the public)."
                    )
                }
            )
        left = self._left_behind()
        error = left and left.leaving_error()
        if error:
            raise ValidationError({"team": error})

    def natural_key(self):
        return self.group.natural_key() + (self.team.slug,)

    natural_key.dependencies = ["tournaments.group", "tournaments.team"]

    def leaving_error(self, using=None):
        """Why the team can't leave the group (None if it can): its matches there
        would drop out of the table while the results still show them."""
        count = (
            Match.objects.using(using)
            .filter(group_id=self.group_id)
            .involving(self.team_id)
            .count()
        )
        if not count:
            return None
        return ValidationError(
            ngettext(
                "%(team)s has %(count)s match in this group: delete or move it "
                "before removing the team.",
                "%(team)s has %(count)s matches in this group: delete or move them "
                "before removing the team.",
                count,
            ),
            params={"team": self.team, "count": count},
        )

    def refuse_leaving(self, using):
        """Raise ``leaving_error`` under the group's lock, inside the caller's transaction."""
        Group.objects.using(using).lock(self.group_id)
        error = self.leaving_error(using)
        if error:
            raise error

    def _left_behind(self):
        """The membership this row stood for when it was loaded, if it now stands for
        another team or group (None otherwise, and for a new row)."""
        stored = getattr(self, "_stored_membership", None)
        if stored is None or stored == (self.group_id, self.team_id):
            return None
        group_id, team_id = stored
        return GroupMember(group_id=group_id, team_id=team_id)


class TiebreakerCriterion(models.TextChoices):
    # The values are those of the engine's tournaments.standings.Tiebreaker.
    POINTS = "points", _("Points")
    GOAL_DIFFERENCE = "goal_difference", _("Goal difference")
    GOALS_FOR = "goals_for", _("Goals scored")
    HEAD_TO_HEAD = "head_to_head", _("Head-to-head")
    WINS = "wins", _("Wins")


class TiebreakerManager(GroupChildManager):
    key_field = "criterion"


class Tiebreaker(models.Model):
    """One criterion in a group's ordered list of how to rank teams."""

    Criterion = TiebreakerCriterion

    group = models.ForeignKey(
        Group, models.CASCADE, verbose_name=_("group"), related_name="tiebreakers"
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "order"))
    criterion = models.CharField(_("criterion"), max_length=20, choices=TiebreakerCriterion.choices)

    objects = TiebreakerManager()
    history = recorded_history()

    class Meta:
        ordering = ["group", "order"]
        verbose_name = _("tiebreaker")
        verbose_name_plural = _("tiebreakers")
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="unique_tiebreaker_order"),
            models.UniqueConstraint(
                fields=["group", "criterion"], name="unique_tiebreaker_criterion"
            ),
            models.CheckConstraint(
                condition=Q(criterion__in=TiebreakerCriterion.values),
                name="tiebreaker_criterion_known",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.get_criterion_display()}"

    def natural_key(self):
        return self.group.natural_key() + (self.criterion,)

    natural_key.dependencies = ["tournaments.group"]


class StatusZoneManager(GroupChildManager):
    key_field = "first_position"


class StatusZone(models.Model):
    """Positions that share an outcome, e.g. 1 = "P", promoted, shown in green."""

    group = models.ForeignKey(Group, models.CASCADE, verbose_name=_("group"), related_name="zones")
    first_position = models.PositiveSmallIntegerField(_("first position"))
    last_position = models.PositiveSmallIntegerField(_("last position"))
    code = models.CharField(
        pgettext_lazy("short code of a zone", "code"),
        max_length=3,
        help_text=_("C, P, Q, R, E, A…"),
    )
    label = models.CharField(
        _("label"), max_length=200, help_text=_("e.g. Promoted to 1997 Torneo Descentralizado")
    )
    label_en = models.CharField(
        _("label in English"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Promoted to 1997 Torneo Descentralizado; blank: as the Spanish."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(COLOUR_PATTERN, _("Enter a colour as #RRGGBB."))],
    )

    objects = StatusZoneManager()
    history = recorded_history()

    display_label = Localized("label")

    class Meta:
        ordering = ["group", "first_position"]
        verbose_name = _("status zone")
        verbose_name_plural = _("status zones")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "first_position"], name="unique_zone_first_position"
            ),
            models.CheckConstraint(
                condition=Q(first_position__gte=1) & Q(last_position__gte=F("first_position")),
                name="zone_positions_ordered",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="zone_code_not_empty"),
            models.CheckConstraint(
                condition=Q(colour__regex=COLOUR_PATTERN), name="zone_colour_hex"
            ),
        ]

    def __str__(self):
        positions = (
            str(self.first_position)
            if self.first_position == self.last_position
            else f"{self.first_position}–{self.last_position}"
        )
        return f"{positions}: {self.code} ({self.label})"

    def natural_key(self):
        return self.group.natural_key() + (self.first_position,)

    natural_key.dependencies = ["tournaments.group"]

    def clean(self):
        if self.group_id is None or self.last_position is None or self.first_position is None:
            return
        overlapping = StatusZone.objects.filter(
            group_id=self.group_id,
            first_position__lte=self.last_position,
            last_position__gte=self.first_position,
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(_("These positions overlap another zone of the group."))


def leg_order(match):
    """The order of a tie's matches: by leg, then date (undated last), then entry."""
    return (match.round, match.date is None, match.date or date.min, match.pk or 0)


def as_leg(match):
    """A match of a knockout tie as the engine's ``tie_result`` sees it."""
    played = match.status == Match.Status.PLAYED
    return standings.Leg(
        home=match.home_team_id,
        away=match.away_team_id,
        home_goals=match.home_score if played else None,
        away_goals=match.away_score if played else None,
        home_penalties=match.home_penalties,
        away_penalties=match.away_penalties,
        walkover=match.walkover,
    )


def versus():
    # Translators: between two teams whose match has no score yet ("Alianza v Cienciano").
    return pgettext("versus", "v")


SHOOTOUT_NEEDS_LEVEL = _(
    "A penalty shoot-out only follows a level score (in a two-legged tie, a level aggregate)."
)


def tie_legs(matches):
    """A tie's matches that count, in the order played (annulled ones left out)."""
    return sorted((m for m in matches if m.status != Match.Status.ANNULLED), key=leg_order)


def counts_in_standings(counts_for_table, status):
    """Whether a match with these values counts in its group's table."""
    return counts_for_table and status == Match.Status.PLAYED


class MatchQuerySet(PublishedMixin, SearchQuerySet):
    season_path = "group__stage__season__"

    def word_filter(self, word):
        """A match is found by the name, code, city or alias of either of its teams."""
        teams = Team.objects.using(self.db).search(word).values("pk")
        return Q(home_team__in=teams) | Q(away_team__in=teams)

    def played(self):
        return self.filter(status=Match.Status.PLAYED)

    def for_season(self, season):
        return self.filter(group__stage__season=season)

    def involving(self, *teams):
        """The matches any of ``teams`` (Teams or their pks) played, at home or away."""
        return self.filter(Q(home_team__in=teams) | Q(away_team__in=teams))

    def with_teams(self, groups=True):
        """With their teams and venue and, unless the caller has them, their groups
        with their stage and season."""
        related = ("home_team", "away_team", "venue")
        return self.select_related(*related, *(["group__stage__season"] if groups else []))

    def with_change_history(self):
        """With ``change_count``, the number of the match's history records (0 for one
        never edited: loaddata and bulk imports write none), and ``last_changed``, the
        newest one's date or None: a calendar's SEQUENCE and LAST-MODIFIED."""
        records = Match.history.model.objects.filter(id=OuterRef("pk")).annotate(_outer=F("id"))
        return self.annotate(
            change_count=Coalesce(_subquery_total(records, Count("pk")), 0),
            last_changed=Subquery(
                records.order_by("-history_date").values("history_date")[:1],
                output_field=models.DateTimeField(),
            ),
        )


class MatchManager(models.Manager.from_queryset(MatchQuerySet)):
    def get_by_natural_key(self, year, stage_slug, group_slug, round_number, home, away):
        return self.get(
            group__stage__season__year=year,
            group__stage__slug=stage_slug,
            group__slug=group_slug,
            round=round_number,
            home_team__slug=home,
            away_team__slug=away,
        )


class Match(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        PLAYED = "played", _("Played")
        POSTPONED = "postponed", _("Postponed")
        ANNULLED = "annulled", _("Annulled")

    group = models.ForeignKey(
        Group,
        models.CASCADE,
        verbose_name=_("group"),
        related_name="matches",
        help_text=_("The group, or the knockout tie."),
    )
    round = models.PositiveSmallIntegerField(
        pgettext_lazy("round of matches", "round"),
        default=1,
        help_text=_("Round of the group; in a knockout tie, the leg."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    kickoff_time = models.TimeField(_("kickoff time"), null=True, blank=True)
    home_team = models.ForeignKey(
        Team, models.PROTECT, verbose_name=_("home team"), related_name="home_matches"
    )
    away_team = models.ForeignKey(
        Team, models.PROTECT, verbose_name=_("away team"), related_name="away_matches"
    )
    home_score = models.PositiveSmallIntegerField(
        _("home score"), null=True, blank=True, validators=[validate_score]
    )
    away_score = models.PositiveSmallIntegerField(
        _("away score"), null=True, blank=True, validators=[validate_score]
    )
    extra_time = models.BooleanField(
        _("extra time"), default=False, help_text=_("The score includes extra time (a.e.t.).")
    )
    home_penalties = models.PositiveSmallIntegerField(
        _("home penalties"), null=True, blank=True, validators=[validate_shootout_score]
    )
    away_penalties = models.PositiveSmallIntegerField(
        _("away penalties"), null=True, blank=True, validators=[validate_shootout_score]
    )
    walkover = models.BooleanField(
        _("walkover"),
        default=False,
        help_text=_("Not played: the score is the awarded one (w.o.)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    counts_for_table = models.BooleanField(
        _("counts for table"),
        default=True,
        help_text=_("Off for a match outside the table, e.g. a first-place play-off."),
    )
    venue = models.ForeignKey(
        Venue,
        models.PROTECT,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        related_name="matches",
    )
    attendance = models.PositiveIntegerField(
        _("attendance"),
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(
                MAX_ATTENDANCE, _("An attendance can't be more than %(limit_value)s.")
            )
        ],
    )
    referee = models.CharField(_("referee"), max_length=100, blank=True)
    report_url = models.URLField(_("report url"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_en = models.TextField(_("notes in English"), blank=True, help_text=ENGLISH_HELP)

    objects = MatchManager()
    history = recorded_history(
        verbose_name=_("historical match"), verbose_name_plural=_("historical matches")
    )

    display_notes = Localized("notes")

    class Meta:
        ordering = ["group", "round", "date", "kickoff_time", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(
                condition=~Q(home_team=F("away_team")), name="match_teams_differ"
            ),
            models.UniqueConstraint(
                fields=["group", "round", "home_team", "away_team"],
                name="unique_match_in_round",
            ),
            models.CheckConstraint(
                condition=Q(home_score__isnull=True, away_score__isnull=True)
                | Q(home_score__isnull=False, away_score__isnull=False),
                name="match_score_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(home_penalties__isnull=True, away_penalties__isnull=True)
                | Q(
                    home_penalties__isnull=False,
                    away_penalties__isnull=False,
                    home_score__isnull=False,
                )
                & ~Q(home_penalties=F("away_penalties")),
                # Level score or, for a leg of a knockout tie, level aggregate:
                # that part needs the other legs and lives in clean().
                name="match_penalties_need_score_and_winner",
            ),
            models.CheckConstraint(
                condition=Q(status="played", home_score__isnull=False)
                | Q(status="annulled")
                | Q(status__in=["scheduled", "postponed"], home_score__isnull=True),
                name="match_score_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(walkover=False) | Q(status="played", home_score__isnull=False),
                name="match_walkover_has_awarded_score",
            ),
            models.CheckConstraint(
                condition=Q(extra_time=False) | Q(home_score__isnull=False, walkover=False),
                name="match_extra_time_needs_score",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="match_round_positive"),
            models.CheckConstraint(
                condition=at_most(MAX_SCORE, "home_score", "away_score"),
                name="match_scores_in_range",
            ),
            models.CheckConstraint(
                condition=at_most(MAX_SCORE, "home_penalties", "away_penalties"),
                name="match_penalties_in_range",
            ),
            models.CheckConstraint(
                condition=at_most(MAX_ATTENDANCE, "attendance"), name="match_attendance_in_range"
            ),
        ]

    def __str__(self):
        score = versus() if self.home_score is None else f"{self.home_score}–{self.away_score}"
        return f"{self.home_team} {score} {self.away_team}"

    def save(self, *args, **kwargs):
        """The group rules of clean() again, under the group's lock (``GroupQuerySet.lock``),
        so that two editors can't both add a team's match to one round, nor a match for a
        team that is leaving. ``loaddata`` never comes here: it calls ``save_base``.

        A save that keeps the match's group, round and teams as stored (a score edit)
        can't break them and isn't checked again (``_may_break_group_rules``): a clash
        already stored by a bulk write, which skips save(), stays until clean() (every
        form of the admin) reports it."""
        using = kwargs.get("using") or router.db_for_write(Match, instance=self)
        with transaction.atomic(using=using):
            if self.group_id and self.home_team_id and self.away_team_id:
                Group.objects.using(using).lock(self.group_id)
                stored = self._stored_group_rules(using)
                if self._may_break_group_rules(stored):
                    errors = self._group_errors(using)
                    if errors:
                        raise ValidationError(errors)
                if stored is not None:  # for signals.remember_previous_group
                    self._stored_group_id = stored[0]
            try:
                super().save(*args, **kwargs)
            finally:  # read for this save only, used or not
                vars(self).pop("_stored_group_id", None)

    def get_absolute_url(self):
        return reverse("tournaments:match", args=[self.pk])

    @cached_property
    def url(self):
        """As Team.url: set in bulk by the pages that list many matches."""
        return self.get_absolute_url()

    def natural_key(self):
        return self.group.natural_key() + (
            self.round,
            self.home_team.slug,
            self.away_team.slug,
        )

    natural_key.dependencies = [
        "tournaments.group",
        "tournaments.team",
        "tournaments.venue",
    ]

    def clean(self):
        errors = {}
        scores = (self.home_score, self.away_score)
        penalties = (self.home_penalties, self.away_penalties)

        if self.home_team_id and self.home_team_id == self.away_team_id:
            errors["away_team"] = _("A team cannot play itself.")
        if (scores[0] is None) != (scores[1] is None):
            missing = "home_score" if scores[0] is None else "away_score"
            errors[missing] = _("Enter both scores, or neither.")
        played = None not in scores
        if played and self.status == self.Status.SCHEDULED:
            self.status = self.Status.PLAYED  # typing a result marks the match played
        if self.status == self.Status.PLAYED and not played and "home_score" not in errors:
            errors["home_score"] = _("A played match needs its score.")
        if self.status == self.Status.POSTPONED and played:
            errors["status"] = _(
                "A postponed match has no score yet: clear it or change the status."
            )
        if self.walkover and not played:
            errors["walkover"] = _("A walkover needs the awarded score, e.g. 3–0.")
        if self.walkover and self.status != self.Status.PLAYED:
            errors["status"] = _("A walkover is a decided match: its status is Played.")
        if self.extra_time and (not played or self.walkover):
            errors["extra_time"] = _("Extra time needs a score, and a walkover has none.")
        if penalties != (None, None):
            if None in penalties:
                errors["home_penalties"] = _("Enter both penalty scores, or neither.")
            elif penalties[0] == penalties[1]:
                errors["home_penalties"] = _("A penalty shoot-out has a winner.")
            elif not played or (not self._is_knockout_leg() and scores[0] != scores[1]):
                errors["home_penalties"] = SHOOTOUT_NEEDS_LEVEL
        if self._is_knockout_leg() and not getattr(self, "tie_checked_together", False):
            for field, message in self.tie_errors(self._tie_matches()).items():
                errors.setdefault(field, message)

        if self.group_id and self.home_team_id and self.away_team_id:
            errors.update(self._group_errors())
        if self.pk:
            errors.update(self._goal_errors())
        if errors:
            raise ValidationError(errors)

    def _is_knockout_leg(self):
        return self.group_id is not None and self.group.stage.kind == Stage.Kind.KNOCKOUT

    def _tie_matches(self):
        """The tie's matches in order, this one as it is now, annulled ones left out."""
        return tie_legs([m for m in self.group.matches.all() if m.pk != self.pk] + [self])

    def tie_errors(self, matches):
        """This match against the rule of its tie, among ``matches`` (the tie's counted
        legs in order, this one included): a shoot-out only where the rule allows one,
        a play-off only after level legs. A formset typing several legs at once
        passes them all (and sets ``tie_checked_together`` so that clean() doesn't)."""
        if self.status != self.Status.PLAYED or self.home_score is None:
            return {}
        legs = [as_leg(m) for m in matches]
        index, rules = matches.index(self), self.group.stage.tie_rules
        if self.home_penalties is not None and self.away_penalties is not None:
            if not standings.shootout_allowed(legs, rules, index):
                return {"home_penalties": SHOOTOUT_NEEDS_LEVEL}
        elif index >= rules.legs and not standings.play_off_allowed(legs, rules):
            return {
                "round": _(
                    "A play-off (a match after the tie's regular legs) is only played when "
                    "the legs leave the tie level; here they decide it."
                )
            }
        return {}

    GROUP_RULE_FIELDS = ("group_id", "round", "home_team_id", "away_team_id")

    def _stored_group_rules(self, using):
        """The stored row's GROUP_RULE_FIELDS and status, or None for a new match."""
        if self.pk is None:
            return None
        rows = STORED_GROUP_RULES(self.pk, using)
        return rows[0] if rows else None

    def _may_break_group_rules(self, stored):
        """Whether the save could break the group rules of ``_group_errors``: not when the
        match stays in its group, round and teams as ``stored`` (the commonest edit: a
        score), unless an annulled match comes back (the round's other matches were not
        checked against it). A member with matches can't leave its group, so such a
        match's teams are still members."""
        if stored is None:
            return True
        *rule_values, status = stored
        unchanged = tuple(rule_values) == tuple(getattr(self, f) for f in self.GROUP_RULE_FIELDS)
        revived = status == self.Status.ANNULLED and self.status != self.Status.ANNULLED
        return not unchanged or revived

    def _group_errors(self, using=None):
        """Both teams belong to the group and, unless the match is annulled (then it
        isn't played), play no other match of the round that isn't annulled either.

        Two queries; the teams and the group are read only to word an error.
        """
        errors = {}
        teams = {"home_team": self.home_team_id, "away_team": self.away_team_id}
        members = set(
            GroupMember.objects.using(using)
            .filter(group_id=self.group_id, team_id__in=teams.values())
            .values_list("team_id", flat=True)
            .order_by()  # the default ordering would join the group and its stage
        )
        for field, team_id in teams.items():
            if team_id not in members:
                errors[field] = _("%(team)s is not in %(group)s: add it to the group first.") % {
                    "team": getattr(self, field),
                    "group": self.group.name,
                }
        if self.status == self.Status.ANNULLED:
            return errors
        same_round = (
            Match.objects.using(using)
            .filter(group_id=self.group_id, round=self.round)
            .involving(*teams.values())
            .exclude(status=self.Status.ANNULLED)
            .exclude(pk=self.pk)
            .order_by("pk")
            .values_list("pk", "home_team_id", "away_team_id")
        )
        for other, *other_teams in same_round:  # read as values: a clash is rare
            for field, team_id in teams.items():
                if team_id in other_teams and field not in errors:
                    errors[field] = _(
                        "%(team)s already plays in round %(round)s of this group (%(other)s)."
                    ) % {
                        "team": getattr(self, field),
                        "round": self.round,
                        "other": Match.objects.using(using).get(pk=other),
                    }
        return errors

    def _goal_errors(self):
        """Recorded goals stay consistent: their team plays, the score covers them."""
        errors = {}
        recorded = dict(
            self.goals.values_list("team_id").annotate(count=models.Count("pk")).order_by()
        )
        sides = {self.home_team_id: "home", self.away_team_id: "away"}
        stranded = [team_id for team_id in recorded if team_id not in sides]
        if stranded:
            names = ", ".join(str(t) for t in Team.objects.filter(pk__in=stranded))
            errors[NON_FIELD_ERRORS] = _(
                "Goals are recorded for %(teams)s, who no longer play in this match: "
                "delete those goals first."
            ) % {"teams": names}
        for team_id, side in sides.items():
            score = getattr(self, f"{side}_score") or 0
            if recorded.get(team_id, 0) > score:
                errors[f"{side}_score"] = _(
                    "%(count)s goals are recorded for this team: the score can't be lower."
                ) % {"count": recorded[team_id]}
        return errors

    @property
    def counts_in_standings(self):
        return counts_in_standings(self.counts_for_table, self.status)

    @property
    def winning_side(self):
        """ "home" or "away" for the side that scored more; None for a draw or no score."""
        if self.home_score is None or self.home_score == self.away_score:
            return None
        return "home" if self.home_score > self.away_score else "away"

    @property
    def score_display(self):
        """ "2–1", "1–1 (4–3 p)", "3–0 (w.o.)", or "v" before the match."""
        if self.home_score is None:
            return versus()
        text = f"{self.home_score}–{self.away_score}"
        if self.extra_time:
            # Translators: after a score: after extra time.
            text += " " + gettext("(a.e.t.)")
        if self.home_penalties is not None:
            # Translators: after a score: the penalty shoot-out's, e.g. "(4–3 p)".
            text += " " + gettext("(%(home)s–%(away)s p)") % {
                "home": self.home_penalties,
                "away": self.away_penalties,
            }
        if self.walkover:
            # Translators: after a score: awarded, the match was not played (walkover).
            text += " " + gettext("(w.o.)")
        return text


# Compiled once (compiled.CompiledRead): read by every save of a match.
STORED_GROUP_RULES = CompiledRead(
    lambda pk: (
        Match.objects.filter(pk=pk).order_by().values_list(*Match.GROUP_RULE_FIELDS, "status")
    )
)


class GoalQuerySet(models.QuerySet):
    def for_season(self, season):
        return self.filter(match__group__stage__season=season)


class Goal(models.Model):
    match = models.ForeignKey(Match, models.CASCADE, verbose_name=_("match"), related_name="goals")
    team = models.ForeignKey(
        Team,
        models.PROTECT,
        verbose_name=_("team"),
        related_name="goals",
        help_text=_("The team credited with the goal."),
    )
    scorer = models.ForeignKey(
        Player,
        models.PROTECT,
        verbose_name=_("scorer"),
        null=True,
        blank=True,
        related_name="goals",
    )
    minute = models.PositiveSmallIntegerField(_("minute"), null=True, blank=True)
    penalty = models.BooleanField(_("penalty"), default=False)
    own_goal = models.BooleanField(_("own goal"), default=False)

    objects = GoalQuerySet.as_manager()
    history = recorded_history()

    class Meta:
        ordering = ["match", "minute", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(minute__isnull=True) | Q(minute__gte=1) & Q(minute__lte=150),
                name="goal_minute_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(penalty=True, own_goal=True),
                name="goal_penalty_not_own_goal",
            ),
        ]

    def __str__(self):
        minute = f" {self.minute}'" if self.minute else ""
        scorer = self.scorer or gettext("Unknown scorer")
        return f"{scorer} ({self.team}){minute}"

    def clean(self):
        if not (self.match_id and self.team_id):
            return
        match = self.match
        sides = {match.home_team_id: match.home_score, match.away_team_id: match.away_score}
        if self.team_id not in sides:
            raise ValidationError(
                {
                    "team": _(
                        "Only %(home)s or %(away)s can be credited with a goal in this match."
                    )
                    % {"home": match.home_team, "away": match.away_team}
                }
            )
        score = sides[self.team_id]
        others = match.goals.filter(team_id=self.team_id).exclude(pk=self.pk).count()
        if score is None or others + 1 > score:
            raise ValidationError(
                {
                    "team": _(
                        "%(team)s scored %(score)s in this match: "
                        "no more goals can be recorded for them."
                    )
                    % {"team": self.team, "score": score or 0}
                }
            )


class TopScorerManager(models.Manager):
    def get_by_natural_key(self, year, player_slug):
        return self.get(season__year=year, player__slug=player_slug)


class TopScorer(models.Model):
    """A season's goal tally for a player, where only the tally is known."""

    season = models.ForeignKey(
        Season, models.CASCADE, verbose_name=_("season"), related_name="top_scorers"
    )
    player = models.ForeignKey(
        Player, models.PROTECT, verbose_name=_("player"), related_name="season_tallies"
    )
    team = models.ForeignKey(
        Team,
        models.PROTECT,
        verbose_name=_("team"),
        null=True,
        blank=True,
        related_name="top_scorers",
    )
    goals = models.PositiveSmallIntegerField(pgettext_lazy("number of goals", "goals"))

    objects = TopScorerManager()
    history = recorded_history()

    class Meta:
        ordering = ["season", "-goals", "player__name"]
        verbose_name = _("top scorer")
        verbose_name_plural = _("top scorers")
        constraints = [
            models.UniqueConstraint(fields=["season", "player"], name="unique_season_top_scorer"),
            models.CheckConstraint(condition=Q(goals__gte=1), name="top_scorer_has_goals"),
        ]

    def __str__(self):
        return f"{self.player} ({self.goals})"

    def natural_key(self):
        return self.season.natural_key() + self.player.natural_key()

    natural_key.dependencies = [
        "tournaments.season",
        "tournaments.player",
        "tournaments.team",
    ]


class PointAdjustment(models.Model):
    """Points added or deducted by the organiser (tables with negative points exist)."""

    group = models.ForeignKey(
        Group, models.CASCADE, verbose_name=_("group"), related_name="point_adjustments"
    )
    team = models.ForeignKey(
        Team, models.PROTECT, verbose_name=_("team"), related_name="point_adjustments"
    )
    points = models.SmallIntegerField(
        pgettext_lazy("number of points", "points"),
        help_text=_("Negative for a deduction."),
        validators=[
            MinValueValidator(
                -MAX_ADJUSTMENT, _("An adjustment can't be less than %(limit_value)s points.")
            ),
            MaxValueValidator(
                MAX_ADJUSTMENT, _("An adjustment can't be more than %(limit_value)s points.")
            ),
        ],
    )
    reason = models.TextField(_("reason"))
    reason_en = models.TextField(_("reason in English"), blank=True, help_text=ENGLISH_HELP)

    history = recorded_history()

    display_reason = Localized("reason")

    class Meta:
        ordering = ["group", "team__name"]
        verbose_name = _("point adjustment")
        verbose_name_plural = _("point adjustments")
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="point_adjustment_not_zero"),
            models.CheckConstraint(
                condition=Q(points__gte=-MAX_ADJUSTMENT, points__lte=MAX_ADJUSTMENT),
                name="point_adjustment_in_range",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="point_adjustment_has_reason"),
        ]

    def __str__(self):
        return f"{self.team}: {self.points:+d} ({self.group})"


class PublishedRowManager(GroupChildManager):
    key_field = "team__slug"


class PublishedRow(models.Model):
    """One row of a group's table as a source printed it, kept as published.

    While a group's results are incomplete (most regional groups of older
    editions survive only as printed tables), these rows are its standings;
    once the results account for every match they count, the standings are
    computed and this table is only compared with them.
    """

    group = models.ForeignKey(
        Group, models.CASCADE, verbose_name=_("group"), related_name="published_rows"
    )
    team = models.ForeignKey(
        Team, models.PROTECT, verbose_name=_("team"), related_name="published_rows"
    )
    row = models.PositiveSmallIntegerField(
        pgettext_lazy("row of a table", "row"),
        help_text=_("Order as printed, 1..n."),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLE_ROWS)],
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        null=True,
        blank=True,
        help_text=_('As printed, where it is shared ("3="); else the row.'),
    )
    won = models.PositiveSmallIntegerField(
        pgettext_lazy("matches won, a count", "won"),
        validators=[MaxValueValidator(MAX_TABLE_COUNT)],
    )
    drawn = models.PositiveSmallIntegerField(
        pgettext_lazy("matches drawn, a count", "drawn"),
        validators=[MaxValueValidator(MAX_TABLE_COUNT)],
    )
    lost = models.PositiveSmallIntegerField(
        pgettext_lazy("matches lost, a count", "lost"),
        validators=[MaxValueValidator(MAX_TABLE_COUNT)],
    )
    goals_for = models.PositiveSmallIntegerField(
        _("goals for"), validators=[MaxValueValidator(MAX_TABLE_GOALS)]
    )
    goals_against = models.PositiveSmallIntegerField(
        _("goals against"), validators=[MaxValueValidator(MAX_TABLE_GOALS)]
    )
    points = models.SmallIntegerField(
        pgettext_lazy("number of points", "points"),
        help_text=_("As printed, adjustments included."),
        validators=[MinValueValidator(-MAX_TABLE_POINTS), MaxValueValidator(MAX_TABLE_POINTS)],
    )
    status = models.CharField(
        _("status"), max_length=3, blank=True, help_text=_("C, P, Q, R, E, A…")
    )

    objects = PublishedRowManager()
    history = recorded_history()

    class Meta:
        ordering = ["group", "row"]
        verbose_name = _("published table row")
        verbose_name_plural = _("published table rows")
        constraints = [
            models.UniqueConstraint(fields=["group", "team"], name="unique_published_team"),
            models.UniqueConstraint(fields=["group", "row"], name="unique_published_row"),
            models.CheckConstraint(
                condition=Q(row__gte=1, row__lte=MAX_TABLE_ROWS), name="published_row_in_range"
            ),
            models.CheckConstraint(
                condition=at_most(MAX_TABLE_COUNT, "won", "drawn", "lost"),
                name="published_results_in_range",
            ),
            models.CheckConstraint(
                condition=at_most(MAX_TABLE_GOALS, "goals_for", "goals_against"),
                name="published_goals_in_range",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=-MAX_TABLE_POINTS, points__lte=MAX_TABLE_POINTS),
                name="published_points_in_range",
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=1) & Q(position__lte=F("row")),
                name="published_position_not_after_row",
            ),
        ]

    def __str__(self):
        # Translators: a row of a published table: "3. Alianza 7 pts (1996 Final – Group A)".
        return gettext("%(row)s. %(team)s %(points)s pts (%(group)s)") % {
            "row": self.row,
            "team": self.team,
            "points": self.points,
            "group": self.group,
        }

    def natural_key(self):
        return self.group.natural_key() + (self.team.slug,)

    natural_key.dependencies = ["tournaments.group", "tournaments.team"]

    @property
    def played(self):
        return self.won + self.drawn + self.lost

    def clean(self):
        if self.group_id and not self.group.published_source.strip():
            raise ValidationError(_("Name the source of the published table on the group first."))


class StandingQuerySet(PublishedMixin, models.QuerySet):
    season_path = "group__stage__season__"

    def for_season(self, season):
        """The stored rows of every table of ``season``, in the order its page shows them."""
        return self.filter(group__stage__season=season).order_by(
            "group__stage__order", "group__stage__pk", "group__order", "group__name", "row"
        )


class Standing(models.Model):
    """One row of a group's table, computed from the matches. Never edited.

    Its totals are 32-bit: nothing bounds how many matches a group has, and 331
    wins of 99-0 already make more goals than a 16-bit column holds.
    """

    group = models.ForeignKey(
        Group, models.CASCADE, verbose_name=_("group"), related_name="standings"
    )
    team = models.ForeignKey(Team, models.CASCADE, verbose_name=_("team"), related_name="standings")
    row = models.PositiveSmallIntegerField(
        pgettext_lazy("row of a table", "row"), help_text=_("Display order, 1..n.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Shared by identical records.")
    )
    played = models.PositiveIntegerField(
        pgettext_lazy("matches played, a count", "played"), default=0
    )
    won = models.PositiveIntegerField(pgettext_lazy("matches won, a count", "won"), default=0)
    drawn = models.PositiveIntegerField(pgettext_lazy("matches drawn, a count", "drawn"), default=0)
    lost = models.PositiveIntegerField(pgettext_lazy("matches lost, a count", "lost"), default=0)
    goals_for = models.PositiveIntegerField(_("goals for"), default=0)
    goals_against = models.PositiveIntegerField(_("goals against"), default=0)
    goal_difference = models.IntegerField(_("goal difference"), default=0)
    points = models.IntegerField(pgettext_lazy("number of points", "points"), default=0)
    points_adjustment = models.IntegerField(_("points adjustment"), default=0)
    shared_position = models.BooleanField(_("shared position"), default=False)
    status = models.CharField(_("status"), max_length=3, blank=True)

    objects = StandingQuerySet.as_manager()

    class Meta:
        ordering = ["group", "row"]
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        constraints = [
            models.UniqueConstraint(fields=["group", "team"], name="unique_standing_team"),
            models.UniqueConstraint(fields=["group", "row"], name="unique_standing_row"),
            models.CheckConstraint(
                condition=Q(played=F("won") + F("drawn") + F("lost")),
                name="standing_played_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(goal_difference=F("goals_for") - F("goals_against")),
                name="standing_goal_difference_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=F("row")),
                name="standing_position_not_after_row",
            ),
        ]

    def __str__(self):
        # Translators: a row of a table: "3. Alianza 7 pts".
        return gettext("%(position)s. %(team)s %(points)s pts") % {
            "position": self.position,
            "team": self.team,
            "points": self.points,
        }


class Edit(models.Model):
    """One save by an editor: a form with its inlines, a list edit, an action, a
    revert, an import or an Undo. The history records it wrote point to it."""

    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("editor"),
        related_name="edits",
    )
    made_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    origin = models.CharField(_("made through"), max_length=200, blank=True)
    undoes = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("undoes"),
        related_name="undone_by",
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self):
        # Translators: an entry of Recent changes in the admin, by its number.
        return gettext("Change %(number)s") % {"number": self.pk}
