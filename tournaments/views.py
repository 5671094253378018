from django.db.models import Count, Prefetch, Q, Sum
from django.views.generic import DetailView, ListView

from .models import Group, Match, Season, Standing


class HomeView(ListView):
    template_name = "tournaments/home.html"
    context_object_name = "seasons"

    def get_queryset(self):
        played = Q(stages__groups__matches__status=Match.Status.PLAYED)
        # Aggregation drops Meta.ordering, hence the explicit order_by.
        return (
            Season.objects.select_related("champion")
            .annotate(
                team_count=Count("entries", distinct=True),
                match_count=Count("stages__groups__matches", filter=played, distinct=True),
            )
            .order_by("-year")
        )


class SeasonDetailView(DetailView):
    template_name = "tournaments/season_detail.html"
    context_object_name = "season"
    slug_field = "year"
    slug_url_kwarg = "year"

    def get_queryset(self):
        return Season.objects.select_related("champion")

    def get_context_data(self, **kwargs):
        groups = (
            Group.objects.filter(stage__season=self.object)
            .select_related("stage")
            .prefetch_related(
                Prefetch("standings", queryset=Standing.objects.select_related("team")),
                "zones",
                Prefetch("matches", queryset=Match.objects.with_teams()),
            )
            .order_by("stage__order", "order", "name")
        )
        goals = (
            Match.objects.for_season(self.object)
            .played()
            .aggregate(home=Sum("home_score"), away=Sum("away_score"))
        )
        return super().get_context_data(
            groups=groups,
            entries=self.object.entries.select_related("team", "department"),
            top_scorers=self.object.top_scorers.select_related("player", "team"),
            total_goals=(goals["home"] or 0) + (goals["away"] or 0),
            **kwargs,
        )


class MatchDetailView(DetailView):
    template_name = "tournaments/match_detail.html"
    context_object_name = "match"

    def get_queryset(self):
        return Match.objects.with_teams().prefetch_related("goals__scorer", "goals__team")
