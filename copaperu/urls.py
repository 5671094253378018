from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Copa Perú records"
admin.site.site_title = "Copa Perú admin"
admin.site.index_title = "Editors' desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("tournaments.urls")),
]
