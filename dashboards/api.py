"""The cockpit's figures as JSON (`/api/v1/indicators/…`), for the prefecture's and the province's
systems: the same scope parameters, the same numbers, the same region limits as the page."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.auth import user_kind
from dashboards.indicators import (
    Cockpit,
    ScopeInvalid,
    courtless_villages,
    funnel,
    indicators,
    overdue_by_body,
    scope_from_request,
    town_table,
)
from linze.api import refuse_null_characters
from linze.db import replica_reads

SCOPE_PARAMETERS = [
    OpenApiParameter(
        "period",
        str,
        description="A month (2026-11), a quarter (2026-Q4), a year (2026) or two days "
        "(2026-01-05~2026-03-15, both included). Default: this month.",
    ),
    OpenApiParameter(
        "region",
        str,
        description="A region code: the county (620723), a town (620723101) or a village (620723101201), "
        "within the caller's own region; the official division code, or the code the place had before "
        "(620723100 for 620723101). Default: the caller's region.",
    ),
]


class ScopeSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    start = serializers.DateField()
    end = serializers.DateField()
    period = serializers.CharField(source="period_param")
    label = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="None when the denominator is 0.")
    unit = serializers.CharField()
    definition = serializers.CharField()
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    drill_url = serializers.CharField(allow_null=True, help_text="The page listing the disputes behind it.")
    note = serializers.CharField()


class IndicatorsSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    previous_year = ScopeSerializer()
    indicators = IndicatorSerializer(many=True)
    previous_year_indicators = IndicatorSerializer(many=True)


class FunnelStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    remaining = serializers.IntegerField(help_text="Taken in, minus what the layers up to this one resolved.")
    drill_url = serializers.CharField()


class FunnelSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    steps = FunnelStepSerializer(many=True)


class TownRowSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    name = serializers.CharField(source="region.name")
    population = serializers.IntegerField(allow_null=True, help_text="May be an estimate.")
    values = serializers.DictField(child=serializers.FloatField(allow_null=True))


class TownTableSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    columns = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    population_is_estimate = serializers.BooleanField()
    rows = TownRowSerializer(many=True)


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CourtlessSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    rule_text = serializers.CharField()
    places = serializers.IntegerField(help_text="Villages and communities the rule was applied to.")
    villages = PlaceSerializer(many=True)


class OverdueRowSerializer(serializers.Serializer):
    body = serializers.CharField(source="body.code")
    body_name = serializers.CharField(source="body.name")
    count = serializers.IntegerField()
    drill_url = serializers.CharField()


class OverdueSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    rows = OverdueRowSerializer(many=True)


class IndicatorApi(APIView):
    """Base: a leader's scope from the query string (400 for a bad period, 404 for a region code that
    names no region, 403 outside their region)."""

    refusals = (400, 404)

    def scope(self, request):
        if user_kind(request.user) != "leader" and not request.user.is_superuser:
            raise PermissionDenied(_("The indicators are for leaders."))
        refuse_null_characters(request.query_params)
        try:
            return scope_from_request(request)
        except ScopeInvalid as invalid:
            raise ValidationError({"period": [invalid.message]}) from None
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied) or None) from None

    @classmethod
    def as_view(cls, **kwargs):
        return replica_reads(super().as_view(**kwargs))


class IndicatorsApi(IndicatorApi):
    @extend_schema(parameters=SCOPE_PARAMETERS, responses=IndicatorsSerializer, operation_id="indicators")
    def get(self, request):
        """The headline indicators of the period, and of the same period one year earlier."""
        scope = self.scope(request)
        previous = scope.previous_year()
        cockpit = Cockpit(scope)
        data = {
            "scope": scope,
            "previous_year": previous,
            "indicators": indicators(scope, cockpit=cockpit),
            "previous_year_indicators": indicators(previous, cockpit=Cockpit(previous, beside=cockpit)),
        }
        return Response(IndicatorsSerializer(data).data)


class FunnelApi(IndicatorApi):
    @extend_schema(parameters=SCOPE_PARAMETERS, responses=FunnelSerializer, operation_id="indicators_funnel")
    def get(self, request):
        """The layered filter: where the disputes taken in during the period ended; the steps after the
        first add up to it."""
        scope = self.scope(request)
        return Response(FunnelSerializer({"scope": scope, "steps": funnel(scope)}).data)


class TownTableApi(IndicatorApi):
    @extend_schema(
        parameters=SCOPE_PARAMETERS, responses=TownTableSerializer, operation_id="indicators_towns"
    )
    def get(self, request):
        """One row per town (or the region itself), a value per indicator column."""
        scope = self.scope(request)
        table = town_table(scope)
        data = {
            "scope": scope,
            "columns": table.columns,
            "population_is_estimate": table.population_is_estimate,
            "rows": table.rows,
        }
        return Response(TownTableSerializer(data).data)


class CourtlessApi(IndicatorApi):
    @extend_schema(
        parameters=SCOPE_PARAMETERS, responses=CourtlessSerializer, operation_id="indicators_courtless"
    )
    def get(self, request):
        """无讼村（社区）: the villages and communities that meet the rule in the period, and the rule."""
        scope = self.scope(request)
        listed = courtless_villages(scope)
        data = {
            "scope": scope,
            "rule_text": listed.rule_text,
            "places": listed.places,
            "villages": listed.villages,
        }
        return Response(CourtlessSerializer(data).data)


class OverdueApi(IndicatorApi):
    @extend_schema(
        parameters=SCOPE_PARAMETERS, responses=OverdueSerializer, operation_id="indicators_overdue"
    )
    def get(self, request):
        """Open disputes past their deadline now, per holding body."""
        scope = self.scope(request)
        return Response(OverdueSerializer({"scope": scope, "rows": overdue_by_body(scope)}).data)


__all__ = ["CourtlessApi", "FunnelApi", "IndicatorsApi", "OverdueApi", "TownTableApi"]
