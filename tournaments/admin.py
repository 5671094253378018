"""The editors' workplace.

Every change goes through model forms, so it is validated (``Match.clean``,
``Goal.clean``, the formsets in ``forms.py``), recorded by django-simple-history
and followed by the standings signals. Standings themselves are read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import (
    GoalInlineFormSet,
    GroupMemberInlineFormSet,
    MatchInlineFormSet,
    MergeTeamsForm,
    PartialModelForm,
)
from .merging import MergeRefused, merge_problems, merge_teams, reference_label, references
from .models import (
    Department,
    Goal,
    Group,
    GroupMember,
    Match,
    Player,
    PointAdjustment,
    PublishedRow,
    Season,
    SeasonTeam,
    Stage,
    Standing,
    StatusZone,
    Team,
    TeamAlias,
    Tiebreaker,
    TopScorer,
    Venue,
    versus,
)
from .services import published_differences as published_differences_of
from .services import recompute_groups


def standings_table(group):
    """A group's stored table as admin HTML (expects prefetched standings)."""
    return render_to_string("admin/tournaments/_standings_table.html", {"group": group})


admin.site.site_header = _("Copa Perú records")
admin.site.site_title = _("Copa Perú admin")
# Translators: the admin's front page, where editors start.
admin.site.index_title = _("Editors' desk")


def recomputed(count):
    # Translators: English keeps "group(s)" in both forms; give each form its own plural.
    return ngettext(
        "Recomputed the standings of %(count)s group(s).",
        "Recomputed the standings of %(count)s group(s).",
        count,
    ) % {"count": count}


@admin.action(description=_("Recompute the standings of the selected groups"))
def recompute_selected_groups(modeladmin, request, queryset):
    count = recompute_groups(queryset)
    modeladmin.message_user(request, recomputed(count))


@admin.action(description=_("Recompute the standings of the selected seasons"))
def recompute_selected_seasons(modeladmin, request, queryset):
    count = recompute_groups(Group.objects.filter(stage__season__in=queryset))
    modeladmin.message_user(request, recomputed(count))


@admin.action(description=_("Mark the selected matches as postponed"))
def mark_postponed(modeladmin, request, queryset):
    postponed, skipped = 0, []
    with transaction.atomic():  # Django runs actions outside a transaction
        for match in queryset.select_related("home_team", "away_team"):
            if match.home_score is not None:
                skipped.append(str(match))
                continue
            if match.status != Match.Status.POSTPONED:
                match.status = Match.Status.POSTPONED
                match.save()
            postponed += 1
    modeladmin.message_user(
        request,
        # Translators: English keeps "match(es)" in both forms; give each form its own plural.
        ngettext(
            "Marked %(count)s match(es) as postponed.",
            "Marked %(count)s match(es) as postponed.",
            postponed,
        )
        % {"count": postponed},
    )
    if skipped:
        modeladmin.message_user(
            request,
            gettext("Not postponed, because they have a score (clear it first): %(matches)s")
            % {"matches": "; ".join(skipped)},
            messages.WARNING,
        )


@admin.action(description=_("Merge the selected teams…"), permissions=("merge",))
def merge_selected_teams(modeladmin, request, queryset):
    """Two teams that turn out to be one club: ask which one to keep, then merge."""
    teams = list(queryset.select_related("department").prefetch_related("aliases")[:3])
    if len(teams) != 2:
        modeladmin.message_user(
            request, gettext("Select exactly two teams to merge."), messages.ERROR
        )
        return None
    form = MergeTeamsForm(request.POST if "post" in request.POST else None, teams=queryset)
    if not form.is_valid():
        context = merge_confirmation_context(modeladmin, request, teams, form)
        return TemplateResponse(request, "admin/tournaments/team/merge_confirmation.html", context)
    survivor = form.cleaned_data["survivor"]
    duplicate = next(team for team in teams if team.pk != survivor.pk)
    try:
        moved = merge_teams(survivor, duplicate, user=request.user)
    except MergeRefused as refused:
        for message in refused.messages:
            modeladmin.message_user(request, message, messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        gettext("Merged %(duplicate)s into %(survivor)s. Moved: %(moved)s.")
        % {
            "duplicate": duplicate,
            "survivor": survivor,
            "moved": ", ".join(str(reference) for reference in moved) or gettext("nothing"),
        },
        messages.SUCCESS,
    )
    return None


def merge_confirmation_context(modeladmin, request, teams, form):
    """What the merge page shows: each team's references, and what stands in the way."""
    first, second = teams
    refused = {first: merge_problems(first, second), second: merge_problems(second, first)}
    common = [problem for problem in refused[first] if problem in refused[second]]
    counts = [references(team) for team in teams]
    return {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Merge two teams"),
        "opts": modeladmin.model._meta,
        "teams": teams,
        "form": form,
        "rows": [
            (reference_label(first_count.model), first_count.count, second_count.count)
            for first_count, second_count in zip(*counts, strict=True)
        ],
        "common_problems": common,
        "own_problems": [
            (team, [problem for problem in problems if problem not in common])
            for team, problems in refused.items()
        ],
        "mergeable": any(not problems for problems in refused.values()),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "merge_selected_teams",
    }


class RelatedOnlyJoinedListFilter(admin.RelatedOnlyFieldListFilter):
    """Related-only choices whose labels follow relations (a group's str() names
    its stage and season): those are joined, not queried once per choice."""

    def field_choices(self, field, request, model_admin):
        pk_qs = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        related = field.remote_field.model
        label_relations = {Stage: ("season",), Group: ("stage__season",)}.get(related, ())
        choices = related._default_manager.filter(pk__in=pk_qs).select_related(*label_relations)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        return [(choice.pk, str(choice)) for choice in choices]


class CompactInline(admin.TabularInline):
    """One line a row: no icons next to every team and venue, notes as a text field."""

    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.TextInput(attrs={"size": 40})}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


class FoldedSearch:
    """The search box, and the autocompletes that use this admin's search, ignore
    accents and case ("galvez" finds José Gálvez): the term goes to the model's
    ``QuerySet.search``. ``search_fields`` still shows the box (and says what is
    searched); the QuerySet decides how."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        return queryset.search(search_term), False  # subqueries: no duplicate rows


class RefusedAtSave:
    """A change that passed its form can still be refused when it is saved.

    The group rules are checked again then, under the group's lock
    (``GroupQuerySet.lock``): another editor's change may have been committed
    between this editor's validation and save. The view's transaction is rolled
    back and the view runs once more: its forms now see that change and say on
    the row what is wrong. Refused again (yet another editor meanwhile), the page
    comes back with the reason as a message.
    """

    def changeform_view(self, request, *args, **kwargs):
        return self.refusable(super().changeform_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):  # list_editable, bulk delete
        return self.refusable(super().changelist_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self.refusable(super().delete_view, request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):  # reverting to a version
        return self.refusable(super().history_form_view, request, *args, **kwargs)

    def refusable(self, view, request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            return view(request, *args, **kwargs)
        except ValidationError:
            pass
        try:
            return view(request, *args, **kwargs)
        except ValidationError as refusal:
            self.message_user(
                request,
                gettext("Not saved: another editor changed the group meanwhile. %(reason)s")
                % {"reason": " ".join(refusal.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class DeletesComputedRows:
    """Deleting a season, stage, group or team takes its computed standings with it.

    Standings are read-only in the admin (nobody has the right to delete them
    one by one), which would otherwise make Django refuse the whole delete.
    """

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Standing._meta.verbose_name)
        return deleted, counts, perms_needed, protected


@admin.register(Department)
class DepartmentAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class TeamAliasInline(admin.TabularInline):
    model = TeamAlias
    extra = 0


@admin.register(Team)
class TeamAdmin(FoldedSearch, DeletesComputedRows, SimpleHistoryAdmin):
    list_display = ("name", "short_code", "city", "department")
    list_filter = ("department",)
    list_select_related = ("department",)
    search_fields = ("name", "short_code", "city", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TeamAliasInline,)
    actions = (merge_selected_teams,)

    def has_merge_permission(self, request):
        """A merge changes one team and deletes the other: it needs both rights."""
        return self.has_change_permission(request) and self.has_delete_permission(request)


@admin.register(Player)
class PlayerAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Venue)
class VenueAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ("name", "city")
    search_fields = ("name", "city")
    prepopulated_fields = {"slug": ("name",)}


class SeasonTeamInline(CompactInline):
    model = SeasonTeam
    extra = 0
    autocomplete_fields = ("team", "department")
    verbose_name_plural = _("qualified teams")


class TopScorerInline(CompactInline):
    model = TopScorer
    extra = 0
    autocomplete_fields = ("player", "team")


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = (
        "order",
        "name",
        "name_en",
        "slug",
        "level",
        "kind",
        "legs",
        "tie_rule",
        "points_for_win",
    )
    prepopulated_fields = {"slug": ("name",)}
    show_change_link = True


@admin.register(Season)
class SeasonAdmin(DeletesComputedRows, SimpleHistoryAdmin):
    list_display = ("year", "champion", "runner_up", "promoted_to", "points_for_win")
    list_select_related = ("champion", "runner_up")
    search_fields = ("year",)
    autocomplete_fields = ("champion_override", "runner_up_override")
    readonly_fields = ("champion", "runner_up", "groups_and_standings")
    inlines = (StageInline, SeasonTeamInline, TopScorerInline)
    actions = (recompute_selected_seasons,)
    fieldsets = (
        (None, {"fields": ("year", "promoted_to", ("intro", "intro_en"), "source_url")}),
        (
            _("Champion and runner-up"),
            {
                "fields": (
                    ("champion", "runner_up"),
                    ("champion_override", "runner_up_override"),
                    ("override_reason", "override_reason_en"),
                ),
                "description": _(
                    "Computed from the last stage: its final table, or its final tie. "
                    "Override only when the title was decided off the pitch."
                ),
            },
        ),
        (_("Points"), {"fields": ("points_for_win", "points_for_draw")}),
        (_("Stages, groups and current standings"), {"fields": ("groups_and_standings",)}),
    )

    @admin.display(description=_("Groups"))
    def groups_and_standings(self, season):
        if season.pk is None:
            return gettext("Save the season, then add its stages.")
        groups = Group.objects.for_season(season).prefetch_related(
            Prefetch("standings", Standing.objects.select_related("team"))
        )
        return render_to_string("admin/tournaments/_season_groups.html", {"groups": groups})


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    fields = ("order", "name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    show_change_link = True


@admin.register(Stage)
class StageAdmin(DeletesComputedRows, SimpleHistoryAdmin):
    list_display = ("name", "season", "level", "kind", "order")
    list_filter = ("season", "level", "kind")
    list_select_related = ("season",)
    search_fields = ("name", "season__year")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (GroupInline,)
    fields = (
        "season",
        ("name", "name_en"),
        "slug",
        "order",
        "kind",
        "level",
        "legs",
        "tie_rule",
        ("points_for_win", "points_for_draw"),
    )


class GroupMemberInline(CompactInline):
    model = GroupMember
    formset = GroupMemberInlineFormSet
    extra = 0
    autocomplete_fields = ("team",)
    verbose_name_plural = _("teams")


class MatchInline(CompactInline):
    """A round's results on one screen."""

    model = Match
    form = PartialModelForm
    formset = MatchInlineFormSet
    extra = 0
    fields = (
        "round",
        "date",
        "home_team",
        "home_score",
        "away_score",
        "away_team",
        "status",
        "venue",
    )
    show_change_link = True
    ordering = ("round", "date", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("home_team", "away_team")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Teams to pick are the group's; every row shares one list of choices,
        so the page runs the same few queries however many matches it shows."""
        if db_field.name in ("home_team", "away_team"):
            group_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Team.objects.filter(group_memberships__group_id=group_id)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        cache = request.__dict__.setdefault("match_inline_choices", {})
        key = "team" if db_field.name in ("home_team", "away_team") else db_field.name
        if key not in cache:
            cache[key] = list(field.choices)
        field.choices = cache[key]
        return field


class PointAdjustmentInline(CompactInline):
    model = PointAdjustment
    extra = 0
    autocomplete_fields = ("team",)


class TiebreakerInline(admin.TabularInline):
    model = Tiebreaker
    extra = 0
    verbose_name_plural = _("tiebreakers, in order (none: points, goal difference, goals scored)")


class StatusZoneInline(admin.TabularInline):
    model = StatusZone
    extra = 0


class PublishedRowInline(CompactInline):
    model = PublishedRow
    extra = 0
    autocomplete_fields = ("team",)
    fields = (
        "row",
        "position",
        "team",
        "won",
        "drawn",
        "lost",
        "goals_for",
        "goals_against",
        "points",
        "status",
    )
    verbose_name_plural = _("published table (kept as a source printed it)")


@admin.register(Group)
class GroupAdmin(RefusedAtSave, DeletesComputedRows, SimpleHistoryAdmin):
    list_display = ("name", "stage", "season")
    list_filter = ("stage__season", "stage__kind")
    list_select_related = ("stage__season",)
    search_fields = ("name", "stage__name", "stage__season__year")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("current_standings", "published_differences")
    inlines = (
        GroupMemberInline,
        MatchInline,
        PointAdjustmentInline,
        TiebreakerInline,
        StatusZoneInline,
        PublishedRowInline,
    )
    actions = (recompute_selected_groups,)
    fieldsets = (
        (None, {"fields": ("stage", ("name", "name_en"), "slug", "order")}),
        (_("Current standings"), {"fields": ("current_standings",)}),
        (
            _("Manual final order"),
            {
                "fields": (("manual_order_reason", "manual_order_reason_en"),),
                "classes": ("collapse",),
            },
        ),
        (
            _("Published table"),
            {
                "fields": ("published_source", "published_source_url", "published_differences"),
                "description": _(
                    "A table as a source printed it, for a group whose results are lost or "
                    "incomplete: it is the group's table until the results account for "
                    "every match it counts. Then the table is computed and compared with it."
                ),
            },
        ),
    )

    @admin.display(description=_("Published table against the results"))
    def published_differences(self, group):
        if group.pk is None or not group.published_rows.exists():
            return gettext("No published table.")
        if group.shows_published_table:
            return gettext("The results are incomplete: the published table is shown.")
        return render_to_string(
            "admin/tournaments/_published_differences.html",
            {"differences": published_differences_of(group)},
        )

    @admin.display(description=_("Season"), ordering="stage__season__year")
    def season(self, group):
        return group.stage.season.year

    @admin.display(description=_("Table"))
    def current_standings(self, group):
        if group.pk is None:
            return gettext("Save the group to see its table.")
        return standings_table(group)


class GoalInline(CompactInline):
    model = Goal
    formset = GoalInlineFormSet
    extra = 0
    autocomplete_fields = ("scorer",)
    fields = ("team", "scorer", "minute", "penalty", "own_goal")


@admin.register(Match)
class MatchAdmin(RefusedAtSave, FoldedSearch, SimpleHistoryAdmin):
    list_display = (
        "fixture",
        "date",
        "round",
        "home_team",
        "home_score",
        "away_score",
        "away_team",
        "status",
        "group",
        "venue",
    )
    list_display_links = ("fixture",)
    list_editable = ("home_score", "away_score", "status")
    list_filter = (
        ("group__stage__season", admin.RelatedOnlyFieldListFilter),
        ("group__stage", RelatedOnlyJoinedListFilter),
        ("group", RelatedOnlyJoinedListFilter),
        "round",
        "status",
        ("venue", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("home_team", "away_team", "venue", "group__stage__season")
    list_per_page = 100
    search_fields = (  # and their codes and cities: MatchQuerySet.search
        "home_team__name",
        "away_team__name",
        "home_team__aliases__name",
        "away_team__aliases__name",
    )
    autocomplete_fields = ("group", "home_team", "away_team", "venue")
    inlines = (GoalInline,)
    actions = (mark_postponed,)
    fieldsets = (
        (None, {"fields": ("group", "round", "date", "kickoff_time", "venue")}),
        (
            _("Result"),
            {"fields": (("home_team", "home_score"), ("away_team", "away_score"), "status")},
        ),
        (
            _("Extra time, penalties, walkover"),
            {
                "fields": (
                    "extra_time",
                    ("home_penalties", "away_penalties"),
                    "walkover",
                    "counts_for_table",
                )
            },
        ),
        (_("Details"), {"fields": ("attendance", "referee", "report_url", ("notes", "notes_en"))}),
    )

    def get_changelist_form(self, request, **kwargs):
        # list_editable shows a few fields; Match.clean may speak of the others.
        kwargs.setdefault("form", PartialModelForm)
        return super().get_changelist_form(request, **kwargs)

    @admin.display(description=_("Match"), ordering="date")
    def fixture(self, match):
        # Translators: a match between two teams, home team first.
        return pgettext("versus", "%(home)s v %(away)s") % {
            "home": match.home_team,
            "away": match.away_team,
        }


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ("match", "team", "scorer", "minute", "penalty", "own_goal")
    list_select_related = ("match__home_team", "match__away_team", "team", "scorer")
    list_filter = (("match__group__stage__season", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("scorer__name", "team__name")
    autocomplete_fields = ("match", "team", "scorer")


@admin.register(PointAdjustment)
class PointAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ("team", "points", "group", "reason")
    list_select_related = ("team", "group__stage__season")
    list_filter = (("group__stage__season", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("team__name", "reason")
    autocomplete_fields = ("group", "team")


@admin.register(SeasonTeam)
class SeasonTeamAdmin(SimpleHistoryAdmin):
    list_display = ("team", "department", "season", "route")
    list_select_related = ("team", "department", "season")
    list_filter = ("season", "route", "department")
    search_fields = ("team__name", "department__name")
    autocomplete_fields = ("season", "team", "department")


@admin.register(TopScorer)
class TopScorerAdmin(SimpleHistoryAdmin):
    list_display = ("player", "goals", "team", "season")
    list_select_related = ("player", "team", "season")
    list_filter = ("season",)
    search_fields = ("player__name",)
    autocomplete_fields = ("season", "player", "team")


@admin.register(TeamAlias)
class TeamAliasAdmin(SimpleHistoryAdmin):
    list_display = ("name", "team")
    list_select_related = ("team",)
    search_fields = ("name", "team__name")
    autocomplete_fields = ("team",)


@admin.register(GroupMember)
class GroupMemberAdmin(RefusedAtSave, SimpleHistoryAdmin):
    list_display = ("team", "group", "manual_position")
    list_select_related = ("team", "group__stage__season")
    list_filter = (("group__stage__season", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("team__name", "group__name")
    autocomplete_fields = ("group", "team")

    def get_deleted_objects(self, objs, request):
        """A team's matches in the group protect its membership (see
        GroupMemberInlineFormSet); deleting the whole group still takes both."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for member in objs:
            protected += list(
                member.group.matches.involving(member.team_id).select_related(
                    "home_team", "away_team"
                )
            )
        return deleted, counts, perms_needed, protected


@admin.register(Tiebreaker)
class TiebreakerAdmin(SimpleHistoryAdmin):
    list_display = ("group", "order", "criterion")
    list_select_related = ("group__stage__season",)
    list_filter = ("criterion",)
    search_fields = ("group__name",)
    autocomplete_fields = ("group",)


@admin.register(StatusZone)
class StatusZoneAdmin(SimpleHistoryAdmin):
    list_display = ("group", "first_position", "last_position", "code", "label")
    list_select_related = ("group__stage__season",)
    list_filter = ("code",)
    search_fields = ("group__name", "label")
    autocomplete_fields = ("group",)


@admin.register(PublishedRow)
class PublishedRowAdmin(SimpleHistoryAdmin):
    list_display = ("team", "group", "row", "points")
    list_filter = ("group__stage__season",)
    list_select_related = ("team", "group__stage__season")
    search_fields = ("team__name", "group__name")
    autocomplete_fields = ("team", "group")


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    """Computed rows: to read, never to edit (change the matches instead)."""

    list_display = (
        "group",
        "position",
        "team",
        "played",
        "won",
        "drawn",
        "lost",
        "goals_for",
        "goals_against",
        "points",
        "status",
    )
    list_select_related = ("group__stage__season", "team")
    list_filter = (("group__stage__season", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("team__name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Match.history.model)
class MatchChangeAdmin(admin.ModelAdmin):
    """Every recorded version of every match, deleted ones included, to find and restore."""

    list_display = ("history_date", "history_user", "change", "version", "restore")
    list_filter = ("history_type", ("group__stage__season", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("history_user", "home_team", "away_team", "group__stage__season")
    search_fields = ("home_team__name", "away_team__name")
    date_hierarchy = "history_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Change"), ordering="history_type")
    def change(self, record):
        return record.get_history_type_display()

    @admin.display(description=_("Match as it was"))
    def version(self, record):
        score = (
            versus() if record.home_score is None else f"{record.home_score}–{record.away_score}"
        )
        values = {
            "home": record.home_team,
            "score": score,
            "away": record.away_team,
            "round": record.round,
        }
        if record.group:
            # Translators: a past version of a match: "Alianza 2–1 Cienciano (1996, round 3)".
            text = gettext("%(home)s %(score)s %(away)s (%(year)s, round %(round)s)")
            return text % {**values, "year": record.group.stage.season.year}
        return gettext("%(home)s %(score)s %(away)s (round %(round)s)") % values

    @admin.display(description="")
    def restore(self, record):
        url = reverse("admin:tournaments_match_simple_history", args=[record.id, record.history_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Revert to this version…"))
