from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from tournaments import discovery
from tournaments.admin_changes import recent_changes, undo_change
from tournaments.sitemaps import SITEMAPS

from .views import choose_language

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # set_language, for forms elsewhere
    path("i18n/<str:language>/", choose_language, name="choose_language"),  # the switch
    # For crawlers and browsers, at the root whatever the language (tournaments/discovery.py).
    path("robots.txt", discovery.robots_txt, name="robots"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("api/", include("tournaments.api.urls")),  # the open JSON API, in no language's prefix
]
# Spanish at the plain URLs, English under /en/.
urlpatterns += i18n_patterns(
    path("admin/changes/", admin.site.admin_view(recent_changes), name="recent_changes"),
    path("admin/changes/<int:pk>/undo/", admin.site.admin_view(undo_change), name="undo_change"),
    path("admin/", admin.site.urls),
    path("", include("tournaments.urls")),
    prefix_default_language=False,
)
