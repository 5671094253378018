from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("seasons/", views.SeasonList.as_view(), name="seasons"),
    path("seasons/<int:year>/", views.SeasonDetail.as_view(), name="season"),
    path("seasons/<int:year>/matches/", views.SeasonMatchList.as_view(), name="season-matches"),
    path("teams/", views.TeamList.as_view(), name="teams"),
    path("teams/<slug:slug>/", views.TeamDetail.as_view(), name="team"),
    path("departments/", views.DepartmentList.as_view(), name="departments"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]
