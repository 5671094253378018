"""The editors' workplace.

Every change goes through model forms, so it is validated (``Match.clean``,
``Goal.clean``, the formsets in ``forms.py``), recorded by django-simple-history
and followed by the standings signals. Standings themselves are read-only.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import (
    GoalInlineFormSet,
    GroupMemberInlineFormSet,
    KnockoutTiesForm,
    MatchInlineFormSet,
    MergeTeamsForm,
    PartialModelForm,
    PasteResultsForm,
    RoundRobinFixturesForm,
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
from .pasting import read_results, save_results
from .schedules import generate_round_robin, pair_into_ties, round_robin_refusal, ties_refusal
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


def schedule_form_context(modeladmin, request, form, action, title):
    """What a scheduling action's page needs besides its own: the form with its
    widgets' scripts, and the action to post again."""
    return {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "media": modeladmin.media + form.media,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": action,
    }


@admin.action(description=_("Generate round-robin fixtures…"), permissions=("schedule",))
def generate_round_robin_fixtures(modeladmin, request, queryset):
    """Ask how (once or twice round, from which date), then write each selected
    group's schedule: a refused group is named with its reason, the others written."""
    groups = list(
        queryset.select_related("stage__season")
        .with_match_count()
        .annotate(team_count=Count("members"))
    )
    form = RoundRobinFixturesForm(request.POST if "post" in request.POST else None)
    if not form.is_valid():
        title = gettext("Generate round-robin fixtures")
        context = schedule_form_context(
            modeladmin, request, form, "generate_round_robin_fixtures", title
        )
        context["groups"] = groups
        context["refusals"] = [
            refusal
            for group in groups
            if (refusal := round_robin_refusal(group, group.team_count, group.match_count))
        ]
        template = "admin/tournaments/group/round_robin_fixtures.html"
        return TemplateResponse(request, template, context)
    for group in groups:
        try:
            written = generate_round_robin(group, **form.cleaned_data, user=request.user)
        except ValidationError as refusal:
            modeladmin.message_user(request, " ".join(refusal.messages), messages.ERROR)
        else:
            modeladmin.message_user(request, fixtures_generated(group, written), messages.SUCCESS)
    return None


def fixtures_generated(group, written):
    # Translators: "1996 Final stage – Group A: 15 matches in 5 rounds."
    return gettext("%(group)s: %(matches)s in %(rounds)s.") % {
        "group": group,
        "matches": ngettext("%(count)s match", "%(count)s matches", written.matches)
        % {"count": written.matches},
        "rounds": ngettext("%(count)s round", "%(count)s rounds", written.rounds)
        % {"count": written.rounds},
    }


@admin.action(description=_("Pair teams into ties…"), permissions=("schedule",))
def pair_teams_into_ties(modeladmin, request, queryset):
    """Ask for a knockout stage's teams in the order of the draw and the first date,
    then write one tie for every two teams."""
    stages = list(queryset.select_related("season")[:2])
    refusal = (
        gettext("Select one knockout stage to pair its teams into ties.")
        if len(stages) != 1
        else ties_refusal(stages[0], stages[0].groups.count())
    )
    if refusal:
        modeladmin.message_user(request, refusal, messages.ERROR)
        return None
    stage = stages[0]
    data = request.POST if "post" in request.POST else None
    form = KnockoutTiesForm(data, legs=stage.legs, admin_site=modeladmin.admin_site)
    if not form.is_valid():
        title = gettext("Pair teams into ties")
        context = schedule_form_context(modeladmin, request, form, "pair_teams_into_ties", title)
        context["stage"] = stage
        template = "admin/tournaments/stage/pair_into_ties.html"
        return TemplateResponse(request, template, context)
    options = dict(form.cleaned_data)
    try:
        ties = pair_into_ties(stage, options.pop("teams"), **options, user=request.user)
    except ValidationError as refused:
        modeladmin.message_user(request, " ".join(refused.messages), messages.ERROR)
        return None
    matches = len(ties) * stage.legs
    # Translators: "2005 Semi-finals: 2 ties (Alfa v Beta, Gamma v Delta), 4 matches."
    message = gettext("%(stage)s: %(ties)s (%(names)s), %(matches)s.") % {
        "stage": stage,
        "ties": ngettext("%(count)s tie", "%(count)s ties", len(ties)) % {"count": len(ties)},
        "names": ", ".join(tie.name for tie in ties),
        "matches": ngettext("%(count)s match", "%(count)s matches", matches) % {"count": matches},
    }
    modeladmin.message_user(request, message, messages.SUCCESS)
    return None


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
    list_display = (
        "year",
        "draft",
        "public_page",
        "champion",
        "runner_up",
        "promoted_to",
        "points_for_win",
    )
    list_filter = ("draft",)
    list_select_related = ("champion", "runner_up")
    search_fields = ("year",)
    autocomplete_fields = ("champion_override", "runner_up_override")
    readonly_fields = ("public_page", "champion", "runner_up", "groups_and_standings")
    inlines = (StageInline, SeasonTeamInline, TopScorerInline)
    actions = (recompute_selected_seasons,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "year",
                    ("draft", "public_page"),
                    "promoted_to",
                    ("intro", "intro_en"),
                    "source_url",
                )
            },
        ),
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

    @admin.display(description=_("Public page"))
    def public_page(self, season):
        """A link to the season's page: a draft's Preview, which only editors see."""
        if season.pk is None:
            return "—"
        label = gettext("Preview") if season.draft else gettext("View")
        return format_html('<a href="{}">{}</a>', season.get_absolute_url(), label)

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
    actions = (pair_teams_into_ties,)

    def has_schedule_permission(self, request):
        """Pairing adds the ties (groups), their teams and their matches."""
        return request.user.has_perms(
            ["tournaments.add_group", "tournaments.add_groupmember", "tournaments.add_match"]
        )


class GroupMemberInline(CompactInline):
    model = GroupMember
    formset = GroupMemberInlineFormSet
    extra = 0
    autocomplete_fields = ("team",)
    verbose_name_plural = _("teams")


SCORE_FIELDS = ("home_score", "away_score")
# Text, not number: a letter typed reaches the server and is named there; the phone
# still shows its number keypad.
SCORE_ATTRS = {"inputmode": "numeric", "pattern": "[0-9]*", "size": 2, "autocomplete": "off"}


class MatchInline(CompactInline):
    """A round's results on one screen: the round grid. One line a match, the rounds
    labelled; Tab goes from a home score to the away score and on to the next match's
    home score (every other control is out of the Tab order, a click away); Enter
    saves. The venue, goals and notes are on the match's own page ("more")."""

    model = Match
    form = PartialModelForm
    formset = MatchInlineFormSet
    template = "admin/tournaments/group/match_grid.html"
    extra = 0
    fields = ("round", "date", "home_team", "home_score", "away_score", "away_team", "status")
    show_change_link = True
    ordering = ("round", "date", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("home_team", "away_team")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in SCORE_FIELDS:
            kwargs["widget"] = forms.TextInput(attrs=SCORE_ATTRS)
        elif db_field.name == "date":
            kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name not in SCORE_FIELDS:
            field.widget.attrs["tabindex"] = "-1"
        return field

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


class PasteResults:
    """A round's results pasted as text on the group's page (``tournaments.pasting``).

    Preview shows what each line was understood as; Save, offered only when every
    line was, reads the text again against the database as it is then and saves
    only if that still gives what the editor previewed.
    """

    paste_results_template = "admin/tournaments/group/paste_results.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_paste_results"
        view = self.admin_site.admin_view(self.paste_results_view)
        return [path("<path:object_id>/paste-results/", view, name=name), *super().get_urls()]

    def has_paste_results_permission(self, request, group=None):
        """Pasting changes the group's matches: it needs the right to change both."""
        change_match = get_permission_codename("change", Match._meta)
        return self.has_change_permission(request, group) and request.user.has_perm(
            f"{Match._meta.app_label}.{change_match}"
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_paste_results"] = obj is not None and self.has_paste_results_permission(
            request, obj
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def paste_results_view(self, request, object_id):
        group = self.get_object(request, unquote(object_id))
        if group is None:
            raise Http404(gettext("No such group."))
        if not self.has_paste_results_permission(request, group):
            raise PermissionDenied
        form = PasteResultsForm(request.POST if request.method == "POST" else None)
        paste = read_results(group, form.cleaned_data["results"]) if form.is_valid() else None
        if paste is not None and "_save" in request.POST:
            saved = self.save_paste(request, group, paste)
            if saved is not None:
                return saved
            paste = read_results(group, form.cleaned_data["results"])  # as it is now
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Paste results"),
            "subtitle": str(group),
            "opts": self.opts,
            "group": group,
            "form": form,
            "paste": paste,
        }
        return TemplateResponse(request, self.paste_results_template, context)

    def save_paste(self, request, group, paste):
        """The redirect to the group's page once saved; None, with a message, if not."""
        if not paste.can_save:
            return None  # the preview says why
        if request.POST.get("previewed") != paste.fingerprint:
            message = gettext(
                "Nothing saved: the results differ from the preview (the text or the "
                "recorded scores changed since). Check this preview, then save again."
            )
            self.message_user(request, message, messages.WARNING)
            return None
        try:
            count = save_results(paste)
        except ValidationError as refusal:
            message = gettext("Nothing saved: %(reason)s") % {"reason": " ".join(refusal.messages)}
            self.message_user(request, message, messages.ERROR)
            return None
        message = ngettext("%(count)s result saved.", "%(count)s results saved.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        return HttpResponseRedirect(reverse(change, args=[group.pk]))


@admin.register(Group)
class GroupAdmin(PasteResults, RefusedAtSave, DeletesComputedRows, SimpleHistoryAdmin):
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
    actions = (recompute_selected_groups, generate_round_robin_fixtures)
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

    def has_schedule_permission(self, request):
        """Generating fixtures adds matches to the groups."""
        return request.user.has_perm("tournaments.add_match")

    class Media:
        css = {"all": ("css/admin_grid.css",)}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["row_errors"] = row_errors(context.get("inline_admin_formsets") or [])
        return super().render_change_form(request, context, add, change, form_url, obj)

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


@dataclass
class RowError:
    """An inline row's errors, for the list at the top of the page that links to it."""

    anchor: str
    label: str
    problems: list


def row_errors(inline_admin_formsets):
    """Each inline row with errors, named as the editor typed it (round and teams)."""
    found = []
    for inline in inline_admin_formsets:
        formset = inline.formset
        for index, form in enumerate(formset.forms):
            if form.errors:
                problems = [
                    f"{form.fields[name].label}: {' '.join(errors)}"
                    if name in form.fields
                    else " ".join(errors)
                    for name, errors in form.errors.items()
                ]
                found.append(RowError(f"{formset.prefix}-{index}", row_label(form), problems))
        if formset.non_form_errors():  # between rows, e.g. a knockout tie's legs
            label = capfirst(inline.opts.verbose_name_plural)
            found.append(RowError(f"{formset.prefix}-group", label, formset.non_form_errors()))
    return found


def row_label(form):
    """The row named as typed: "Round 3: Alianza – Cienciano"."""
    names = {}
    for side in ("home_team", "away_team"):
        field = form.fields.get(side)
        typed = str(form[side].value() or "") if field else ""
        choices = {str(value): label for value, label in field.choices} if field else {}
        names[side] = choices.get(typed, "?")
    if "round" not in form.fields:
        return str(form.instance) if form.instance.pk else gettext("New row")
    return gettext("Round %(round)s: %(home)s – %(away)s") % {
        "round": form["round"].value() or "?",
        "home": names["home_team"],
        "away": names["away_team"],
    }


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
