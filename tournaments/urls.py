from django.urls import path

from . import discovery, feeds, record_views, views

app_name = "tournaments"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("manifest.webmanifest", discovery.web_manifest, name="manifest"),
    path("preview.png", discovery.site_preview, name="preview"),
    path("seasons/", record_views.SeasonIndexView.as_view(), name="seasons"),
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
    path("seasons/<int:year>/preview.png", discovery.season_preview, name="season-preview"),
    path("seasons/<int:year>/results.atom", feeds.SeasonResultsFeed(), name="season-feed"),
    path("seasons/<int:year>/fixtures.ics", feeds.season_calendar, name="season-calendar"),
    path(
        "seasons/<int:year>/<slug:stage>/<slug:group>/",
        views.GroupDetailView.as_view(),
        name="group",
    ),
    path("teams/", views.TeamSearchView.as_view(), name="teams"),
    path("teams/<slug:slug>/", views.TeamDetailView.as_view(), name="team"),
    path("teams/<slug:slug>/results.atom", feeds.TeamResultsFeed(), name="team-feed"),
    path("teams/<slug:slug>/fixtures.ics", feeds.team_calendar, name="team-calendar"),
    path(
        "teams/<slug:slug>/vs/<slug:other>/",
        record_views.HeadToHeadView.as_view(),
        name="head-to-head",
    ),
    path("departments/", record_views.DepartmentIndexView.as_view(), name="departments"),
    path("departments/<slug:slug>/", views.DepartmentDetailView.as_view(), name="department"),
    path("matches/<int:pk>/", views.MatchDetailView.as_view(), name="match"),
    path("records/", record_views.RecordsView.as_view(), name="records"),
]
