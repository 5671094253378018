"""Recent changes in the admin (/admin/changes/): every edit, newest first, with Undo."""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .changes import Entry, UndoRefused, entries, first_per_row, undo, undo_refusal
from .editing import TEAM_MERGE
from .models import Edit

EDITS_PER_PAGE = 25
# Imports record where they came from in English, as stored data; shown translated.
ORIGINS = {
    "football.json import": _("football.json import"),
    "Wikipedia import": _("Wikipedia import"),
    TEAM_MERGE: _("team merge"),
}
PERMISSION_TO_UNDO = {"+": "delete", "~": "change", "-": "add"}


def may_undo(user, entry):
    """Undoing deletes what the edit created and adds back what it deleted."""
    return user.has_perms(
        f"{t.model._meta.app_label}.{PERMISSION_TO_UNDO[t.kind]}_{t.model._meta.model_name}"
        for t in first_per_row(entry.touched)
    )


def recent_changes(request):
    edits = Edit.objects.select_related("editor", "undoes", "undone_by").order_by("-pk")
    page = Paginator(edits, EDITS_PER_PAGE).get_page(request.GET.get("page"))
    shown = entries(page.object_list)
    for entry in shown:
        entry.may_undo = may_undo(request.user, entry)
        entry.origin = ORIGINS.get(entry.edit.origin, entry.edit.origin)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Recent changes"),
        "entries": shown,
        "page": page,
    }
    return TemplateResponse(request, "admin/changes/recent.html", context)


@require_http_methods(["GET", "POST"])
def undo_change(request, pk):
    edit = get_object_or_404(Edit.objects.select_related("editor"), pk=pk)
    (entry,) = entries([edit]) or [Entry(edit, [])]
    if not may_undo(request.user, entry):
        messages.error(request, gettext("You may not undo change %(number)s.") % {"number": pk})
        return HttpResponseRedirect(reverse("recent_changes"))
    if request.method == "POST":
        try:
            undoing = undo(edit, editor=request.user)
        except UndoRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                gettext(
                    "Change %(number)s undone: the rows are as they were before it "
                    "(change %(undoing)s)."
                )
                % {"number": pk, "undoing": undoing.pk},
            )
        return HttpResponseRedirect(reverse("recent_changes"))
    context = {
        **admin.site.each_context(request),
        "title": gettext("Undo change %(number)s?") % {"number": pk},
        "entry": entry,
        "refusal": undo_refusal(entry),
    }
    return TemplateResponse(request, "admin/changes/undo.html", context)
