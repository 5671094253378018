"""Spanish at the plain URLs, English under /en/: who asked for English is sent there."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
