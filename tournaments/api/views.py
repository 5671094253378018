"""The API's views: GET (and HEAD, OPTIONS) only, anonymous, throttled per address
(REST_FRAMEWORK in copaperu/settings.py). Each reads through tournaments/selectors.py
or the QuerySet methods, published seasons only, in a fixed number of queries."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import OpenApiJsonRenderer2, OpenApiYamlRenderer2
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from tournaments import records, selectors
from tournaments.filters import TeamSearchForm
from tournaments.models import Match, Season, Team

from . import serializers
from .filters import ApiSeasonMatchFilter, SeasonFilterBackend


class ApiRoot(APIView):
    @extend_schema(summary=_("The API's entry points"), responses=serializers.ApiRootSerializer)
    def get(self, request):
        names = ("seasons", "teams", "departments", "schema", "docs")
        links = {name: reverse(f"api:{name}", request=request) for name in names}
        return Response(serializers.ApiRootSerializer(links).data)


@extend_schema(
    summary=_("Every published season"),
    description=_("Newest first, with its champion, runner-up and figures."),
)
class SeasonList(generics.ListAPIView):
    serializer_class = serializers.SeasonSerializer
    pagination_class = None  # one season a year since 1967: never a long list

    def get_queryset(self):
        return records.season_index()


@extend_schema(
    summary=_("A season"),
    description=_(
        "Its champion and runner-up, its points for a win and a draw, and its stages in "
        "the order played: each group's stored table (rows as `manage.py standings "
        "--json` prints them) and each knockout tie with its legs and its winner."
    ),
)
class SeasonDetail(generics.RetrieveAPIView):
    serializer_class = serializers.SeasonDetailSerializer
    lookup_field = "year"

    def get_queryset(self):
        return Season.objects.published().for_page().with_summary()

    def get_object(self):
        season = super().get_object()
        season.shown_stages = [as_stage(block) for block in selectors.season_tables(season)]
        return season


def as_stage(block):
    """A stage of selectors.season_tables with its sections as the serializer reads
    them: the round-robin groups (``tables``) and the knockout ties (``ties``)."""
    stage = block["stage"]
    stage.tables, stage.ties = [], []
    for section in block["groups"]:
        group = section["group"]
        if "tie" in section:
            group.tie = section["tie"]
            stage.ties.append(group)
        else:
            stage.tables.append(group)
    return stage


@extend_schema(
    summary=_("A season's matches"),
    description=_(
        "In the order played, 50 a page, filtered as the season's match list: by team, "
        "stage and group (their ids), round, date range, venue and status."
    ),
)
class SeasonMatchList(generics.ListAPIView):
    serializer_class = serializers.MatchSerializer
    queryset = Match.objects.none()  # names the model for the schema; see get_queryset
    filter_backends = (SeasonFilterBackend,)
    filterset_class = ApiSeasonMatchFilter

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle first, then the database
        self.season = get_object_or_404(Season.objects.published(), year=kwargs["year"])

    def get_queryset(self):
        return selectors.season_matches(self.season)


@extend_schema(
    summary=_("Every team"),
    description=_("By name, 50 a page; q finds teams by name, short code, city or alias."),
    parameters=[OpenApiParameter("q", OpenApiTypes.STR, description=_("Words to look for."))],
)
class TeamList(generics.ListAPIView):
    serializer_class = serializers.TeamSerializer

    def get_queryset(self):
        teams = Team.objects.outside_drafts().select_related("department").order_by("name")
        form = TeamSearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return teams.search(form.cleaned_data["q"]) if form.cleaned_data["q"] else teams


@extend_schema(
    summary=_("A team"),
    description=_(
        "Its department, city and aliases, each published season it played (the furthest "
        "stage it reached, its place there) and its record over them."
    ),
)
class TeamDetail(generics.RetrieveAPIView):
    serializer_class = serializers.TeamDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        teams = Team.objects.outside_drafts()  # a team known only from drafts would tell of them
        return teams.select_related("department").prefetch_related("aliases")

    def get_object(self):
        team = super().get_object()
        page = selectors.team_page(team)
        for row in page["seasons"]:
            row["runner_up"] = row["season"].runner_up_id == team.pk
        team.seasons_played, team.overall_record = page["seasons"], page["record"]
        return team


@extend_schema(summary=_("Every department"), description=_("With the number of its teams."))
class DepartmentList(generics.ListAPIView):
    serializer_class = serializers.DepartmentSerializer
    pagination_class = None  # Peru's 24 departments and Callao

    def get_queryset(self):
        return selectors.departments_with_team_count()


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document, JSON unless the address asks for ``?format=yaml``."""

    renderer_classes = (OpenApiJsonRenderer2, OpenApiYamlRenderer2)

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# Swagger UI's stylesheet draws its icons (a select's arrow, a model's toggle) as data:
# images: allowed on this page alone, images only. Scripts stay the site's own files.
@method_decorator(csp_replace({"img-src": [SELF, "data:"]}), name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar), its settings in a
    script file of their own (``?script``): the CSP allows no inline script."""

    url_name = "api:schema"
    template_name = "tournaments/api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Nothing is ever sent to this API: no CSRF token, nor the cookie that asking
        # for one sets (which would keep the page out of the cache).
        response.data["csrf_token"] = ""
        return response
