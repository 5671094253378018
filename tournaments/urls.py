from django.urls import path

from . import views

app_name = "tournaments"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("seasons/<int:year>/", views.SeasonDetailView.as_view(), name="season"),
    path("matches/<int:pk>/", views.MatchDetailView.as_view(), name="match"),
]
