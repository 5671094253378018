from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tournaments.admin_changes import recent_changes, undo_change

from .views import choose_language

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # set_language, for forms elsewhere
    path("i18n/<str:language>/", choose_language, name="choose_language"),  # the switch
]
# Spanish at the plain URLs, English under /en/.
urlpatterns += i18n_patterns(
    path("admin/changes/", admin.site.admin_view(recent_changes), name="recent_changes"),
    path("admin/changes/<int:pk>/undo/", admin.site.admin_view(undo_change), name="undo_change"),
    path("admin/", admin.site.urls),
    path("", include("tournaments.urls")),
    prefix_default_language=False,
)
