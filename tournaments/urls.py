from django.urls import path

from . import views

app_name = "tournaments"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("seasons/<int:year>/", views.SeasonDetailView.as_view(), name="season"),
    path("seasons/<int:year>/matches/", views.SeasonMatchesView.as_view(), name="season-matches"),
    path("seasons/<int:year>/teams/", views.SeasonTeamsView.as_view(), name="season-teams"),
    path(
        "seasons/<int:year>/football.json",
        views.season_football_json,
        name="season-football-json",
    ),
    path(
        "seasons/<int:year>/standings.csv", views.season_standings_csv, name="season-standings-csv"
    ),
    path("seasons/<int:year>/zones.css", views.season_zone_colours, name="season-zone-colours"),
    path(
        "seasons/<int:year>/<slug:stage>/<slug:group>/",
        views.GroupDetailView.as_view(),
        name="group",
    ),
    path("teams/", views.TeamSearchView.as_view(), name="teams"),
    path("teams/<slug:slug>/", views.TeamDetailView.as_view(), name="team"),
    path("departments/<slug:slug>/", views.DepartmentDetailView.as_view(), name="department"),
    path("matches/<int:pk>/", views.MatchDetailView.as_view(), name="match"),
]
