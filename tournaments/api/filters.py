"""The match list's filters (tournaments.filters.SeasonMatchFilter) as the API's
query parameters."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from tournaments.filters import SeasonMatchFilter


class ApiSeasonMatchFilter(SeasonMatchFilter):
    @extend_schema_field({"type": "integer", "description": _("A team's id: its matches.")})
    def filter_team(self, queryset, name, team):
        return super().filter_team(queryset, name, team)


class SeasonFilterBackend(DjangoFilterBackend):
    """Filters limited to the view's season (``view.season``). An invalid one is a 400
    that names it (the page shows its error and ignores it)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        return {**kwargs, "season": view.season}
