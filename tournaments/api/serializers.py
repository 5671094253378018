"""What the API says of each thing. Serializers only present rows that the views have
read already (tournaments/selectors.py): none of them queries the database."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tournaments.bilingual import english
from tournaments.models import Department, Group, Match, Season, Stage, Team
from tournaments.reports import TIE_DECISIONS, standing_data
from tournaments.standings import TieDecision


class ReadOnly:
    """Every field read-only, without the validators of what could be written.

    The schema then gives each field as present in every answer (drf-spectacular marks
    read-only fields required), and none of the model's input rules: a name's
    "no control characters" would come out as a pattern that every name fails, and a
    small integer's range as the database's (SQLite's is 64-bit, PostgreSQL's not), and
    a season's year, bounded by next year, as a function the schema can't write.
    """

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
            field.validators = []
            if isinstance(field, serializers.IntegerField):
                field.max_value = field.min_value = None
        return fields


class Serializer(ReadOnly, serializers.Serializer):
    pass


class ModelSerializer(ReadOnly, serializers.ModelSerializer):
    pass


@extend_schema_field(OpenApiTypes.URI)
class PageLink(serializers.Field):
    """The absolute address of a public page, from the path that ``source`` gives
    (``get_absolute_url``, or the ``url`` that tournaments.links sets in bulk)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, path):
        return self.context["request"].build_absolute_uri(path)


class EnglishName(serializers.CharField):
    """The English version of a bilingual name, else the Spanish (bilingual.english)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The name in English; the same as name if it has none."))
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row):
        return english(row, "name")


class TieDecisionField(serializers.ChoiceField):
    """How the engine decided a tie (tournaments.standings.TieDecision); null before then."""

    def __init__(self, **kwargs):
        choices = [(decision.value, TIE_DECISIONS[decision]) for decision in TieDecision]
        super().__init__(choices=choices, allow_null=True, **kwargs)

    def to_representation(self, value):
        return str(value) if value else None


# -- references: what names a thing inside another -------------------------------------


class TeamRefSerializer(ModelSerializer):
    class Meta:
        model = Team
        fields = ("id", "slug", "name")


class DepartmentRefSerializer(ModelSerializer):
    class Meta:
        model = Department
        fields = ("slug", "name")


class StageRefSerializer(ModelSerializer):
    class Meta:
        model = Stage
        fields = ("id", "slug", "name", "kind")


class GroupRefSerializer(ModelSerializer):
    class Meta:
        model = Group
        fields = ("id", "slug", "name")


# -- seasons -----------------------------------------------------------------------------


class SeasonSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:season", lookup_field="year")
    html_url = PageLink(source="get_absolute_url")
    champion = TeamRefSerializer(allow_null=True)
    runner_up = TeamRefSerializer(allow_null=True)
    team_count = serializers.IntegerField(
        help_text=_("The teams entered; failing those, the teams in its groups.")
    )
    match_count = serializers.IntegerField(help_text=_("The matches played, walkovers left out."))
    goal_count = serializers.IntegerField(help_text=_("The goals of those matches."))

    class Meta:
        model = Season
        fields = (
            "year",
            "url",
            "html_url",
            "champion",
            "runner_up",
            "team_count",
            "match_count",
            "goal_count",
        )


class StandingRowSerializer(Serializer):
    """A row of a stored table, exactly as `manage.py standings --json` prints it."""

    position = serializers.IntegerField(help_text=_("Shared by identical records."))
    team = serializers.CharField(help_text=_("The team's name."))
    played = serializers.IntegerField()
    won = serializers.IntegerField()
    drawn = serializers.IntegerField()
    lost = serializers.IntegerField()
    goals_for = serializers.IntegerField()
    goals_against = serializers.IntegerField()
    points = serializers.IntegerField(help_text=_("Point adjustments included."))
    status = serializers.CharField(help_text=_("C, P, Q, R, E, A… or blank."))

    def to_representation(self, standing):
        return standing_data(standing)


class GroupTableSerializer(ModelSerializer):
    name_en = EnglishName()
    html_url = PageLink(source="get_absolute_url")
    match_count = serializers.IntegerField()
    standings = StandingRowSerializer(many=True)

    class Meta:
        model = Group
        fields = (
            "id",
            "slug",
            "name",
            "name_en",
            "html_url",
            "match_count",
            "shows_published_table",
            "published_source",
            "standings",
        )


class LegSerializer(ModelSerializer):
    """A match: a knockout tie's leg, or a line of the match list."""

    html_url = PageLink(source="url")
    home = TeamRefSerializer(source="home_team")
    away = TeamRefSerializer(source="away_team")

    class Meta:
        model = Match
        fields = (
            "id",
            "html_url",
            "round",
            "date",
            "kickoff_time",
            "home",
            "away",
            "home_score",
            "away_score",
            "extra_time",
            "home_penalties",
            "away_penalties",
            "walkover",
            "status",
        )


class TieSerializer(ModelSerializer):
    """A knockout tie (a group of a knockout stage) as the engine decided it."""

    name_en = EnglishName()
    html_url = PageLink(source="get_absolute_url")
    legs = LegSerializer(many=True, source="tie.legs")
    first = TeamRefSerializer(source="tie.first", allow_null=True)
    second = TeamRefSerializer(source="tie.second", allow_null=True)
    first_goals = serializers.IntegerField(
        source="tie.first_goals",
        allow_null=True,
        help_text=_("The first team's goals over the regular legs; null until all are played."),
    )
    second_goals = serializers.IntegerField(source="tie.second_goals", allow_null=True)
    winner = TeamRefSerializer(source="tie.winner", allow_null=True)
    decided_by = TieDecisionField(source="tie.decided_by")
    shootout = serializers.BooleanField(
        source="tie.shootout", help_text=_("Decided by a penalty shoot-out.")
    )

    class Meta:
        model = Group
        fields = (
            "id",
            "slug",
            "name",
            "name_en",
            "html_url",
            "legs",
            "first",
            "second",
            "first_goals",
            "second_goals",
            "winner",
            "decided_by",
            "shootout",
        )


class StageSerializer(ModelSerializer):
    name_en = EnglishName()
    points_for_win = serializers.IntegerField(source="win_points")
    points_for_draw = serializers.IntegerField(source="draw_points")
    groups = GroupTableSerializer(many=True, source="tables", help_text=_("Round-robin stages."))
    ties = TieSerializer(many=True, help_text=_("Knockout stages."))

    class Meta:
        model = Stage
        fields = (
            "id",
            "slug",
            "name",
            "name_en",
            "kind",
            "level",
            "order",
            "points_for_win",
            "points_for_draw",
            "groups",
            "ties",
        )


class SeasonDetailSerializer(SeasonSerializer):
    previous_year = serializers.IntegerField(allow_null=True)
    next_year = serializers.IntegerField(allow_null=True)
    stages = StageSerializer(many=True, source="shown_stages")

    class Meta(SeasonSerializer.Meta):
        fields = (
            *SeasonSerializer.Meta.fields,
            "promoted_to",
            "points_for_win",
            "points_for_draw",
            "previous_year",
            "next_year",
            "stages",
        )


class MatchSerializer(LegSerializer):
    stage = StageRefSerializer(source="group.stage")
    group = GroupRefSerializer()
    venue = serializers.CharField(source="venue.name", allow_null=True)

    class Meta(LegSerializer.Meta):
        fields = (
            *LegSerializer.Meta.fields,
            "stage",
            "group",
            "venue",
            "attendance",
            "counts_for_table",
        )


# -- teams and departments ----------------------------------------------------------------


class TeamSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:team", lookup_field="slug")
    html_url = PageLink(source="get_absolute_url")
    department = DepartmentRefSerializer(allow_null=True)

    class Meta:
        model = Team
        fields = ("id", "slug", "name", "short_code", "city", "department", "url", "html_url")


class TeamSeasonSerializer(Serializer):
    """A season the team played: the furthest stage it reached, and where it finished."""

    year = serializers.IntegerField(source="season.year")
    url = serializers.HyperlinkedRelatedField(
        source="season", view_name="api:season", lookup_field="year", read_only=True
    )
    department = DepartmentRefSerializer(
        allow_null=True, help_text=_("The department it came from, where recorded.")
    )
    stage = StageRefSerializer(source="group.stage", allow_null=True)
    group = GroupRefSerializer(allow_null=True)
    position = serializers.IntegerField(
        source="standing.position",
        allow_null=True,
        help_text=_("Its place in that group's table; null for a knockout tie."),
    )
    shared_position = serializers.BooleanField(source="standing.shared_position", allow_null=True)
    champion = serializers.BooleanField()
    runner_up = serializers.BooleanField()


class RecordSerializer(Serializer):
    played = serializers.IntegerField()
    won = serializers.IntegerField()
    drawn = serializers.IntegerField()
    lost = serializers.IntegerField()
    goals_for = serializers.IntegerField()
    goals_against = serializers.IntegerField()


class TeamDetailSerializer(TeamSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    seasons = TeamSeasonSerializer(many=True, source="seasons_played")
    record = RecordSerializer(
        source="overall_record", help_text=_("Over its matches in every published season.")
    )

    class Meta(TeamSerializer.Meta):
        fields = (*TeamSerializer.Meta.fields, "aliases", "seasons", "record")


class DepartmentSerializer(ModelSerializer):
    html_url = PageLink(source="get_absolute_url")
    team_count = serializers.IntegerField()

    class Meta:
        model = Department
        fields = ("slug", "name", "team_count", "html_url")


class ApiRootSerializer(Serializer):
    seasons = serializers.URLField()
    teams = serializers.URLField()
    departments = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()
