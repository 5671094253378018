"""What search engines, browsers and link previews ask the site for besides its pages:
robots.txt, the favicon, the web app manifest and the preview images.

Each answers an anonymous GET from the page cache (copaperu/page_cache.py) after
its first time, PNGs included; a preview image reads four queries at most.
"""

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext, pgettext

from . import previews, selectors
from .models import Season


def robots_txt(request):
    """Every crawler may read the public pages, none the admin or the language switch
    (the redirects behind it); the sitemap is named."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("admin:index"))
        paths.append(reverse("choose_language", args=[code]))
    context = {
        "disallowed": paths,
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for without reading a page."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def web_manifest(request):
    """The web app manifest, in the language of its address."""
    manifest = {
        "name": gettext("Copa Perú records"),
        # Translators: the site's name under its icon on a phone's home screen: 12 letters at most.
        "short_name": pgettext("the site's short name", "Copa Perú"),
        "description": gettext(
            "Results, standings and history of the Copa Perú, "
            "Peru's national amateur football tournament."
        ),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": reverse("tournaments:home"),
        "scope": "/",
        "display": "minimal-ui",
        "theme_color": previews.INK,
        "background_color": previews.WHITE,
        "icons": [
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def site_preview(request):
    """The image a link to a page of no season shows."""
    if request.GET:
        return HttpResponseRedirect(request.path)
    return png(previews.draw_card(previews.site_card()))


def season_preview(request, year):
    """The image a link to a season's pages shows: its champion, its figures and its
    final table. A draft is a 404 except to editors, as its pages. A query string is
    sent to the bare address: each new one would miss the page cache and draw again."""
    if request.GET:
        return HttpResponseRedirect(request.path)
    season = get_object_or_404(Season.objects.visible_to(request.user).with_summary(), year=year)
    card = previews.season_card(season, selectors.final_table(season))
    return png(previews.draw_card(card))


def png(body):
    return HttpResponse(body, content_type="image/png")
