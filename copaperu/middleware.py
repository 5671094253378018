"""The site's own middleware.

Spanish at the plain URLs, English under /en/: who asked for English is sent there.
A request that writes is one transaction, standings included, and an editor's is one
entry of Recent changes.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

from tournaments.editing import recording
from tournaments.signals import settle_standings

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
CHANGE_REASON_FIELD = "_change_reason"  # the admin's submit row (admin/submit_line.html)


class PreferredLanguageMiddleware:
    """Send a visitor who chose English (the language switch's cookie) or whose browser
    prefers it from a plain URL to its /en/ version.

    Plain URLs always speak the default language (``i18n_patterns`` with
    ``prefix_default_language=False``), so without this an English browser would
    never see English unless it found /en/ by itself. Runs after LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_for(request)
        response = redirect or self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def redirect_for(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if translation.get_language_from_path(request.path_info) is not None:
            return None  # the URL names its language: it wins
        preferred = translation.get_language_from_request(request)
        if preferred == settings.LANGUAGE_CODE:
            return None
        current = request.get_full_path()
        target = translate_url(current, preferred)
        return HttpResponseRedirect(target) if target != current else None


class WriteTransactionMiddleware:
    """Run each request that may write (POST, PUT, PATCH, DELETE) in one transaction,
    and recompute the standings it changed before that transaction commits.

    The standings batch otherwise runs after the commit: an edit that made the
    recomputation fail would stay stored beside stale standings. Here the failure
    rolls the whole request back and the editor gets the error page. A view's
    exception reaches this middleware as a 500 response (Django turns it into one
    below each middleware), so a 5xx response is rolled back too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            else:
                settle_standings()
        return response


class EditRecordingMiddleware:
    """Record what an editor's request writes as one edit (Recent changes), with the
    reason typed beside the Save button. Inside the request's transaction: a request
    rolled back leaves no entry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS or not request.user.is_staff:
            return self.get_response(request)
        reason = request.POST.get(CHANGE_REASON_FIELD, "")
        with recording(editor=request.user, reason=reason, origin=request.path):
            return self.get_response(request)
