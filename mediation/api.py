"""Mediation records in the JSON API: sessions, agreements and follow-up visits of a dispute."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from disputes.models import Dispute
from mediation import services
from mediation.choices import SessionResult


class SessionInputSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    attendees = serializers.CharField()
    minutes = serializers.CharField()
    result = serializers.ChoiceField(choices=SessionResult.choices)


class ObligationInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class AgreementInputSerializer(serializers.Serializer):
    facts = serializers.CharField()
    terms = serializers.CharField()
    performance = serializers.CharField(required=False, allow_blank=True, default="")
    effective_on = serializers.DateField()
    obligations = ObligationInputSerializer(many=True, required=False, default=list)


class FollowUpInputSerializer(serializers.Serializer):
    visited_at = serializers.DateTimeField()
    performed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecordCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


def _dispute_pk(request, code: str) -> int:
    return get_object_or_404(Dispute.objects.restrict(request.user, "view").only("pk"), code=code).pk


class _RecordApi(APIView):
    """POST a record to a dispute: validated by `input_serializer`, written by `service`."""

    input_serializer: type[serializers.Serializer]
    service = None
    refusals = (409,)  # the dispute's state does not take this record now

    def post(self, request, code: str):
        dispute_id = _dispute_pk(request, code)  # the door first: outside the scope is a 404
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = type(self).service(
            dispute_id=dispute_id, user=request.user, data=dict(serializer.validated_data)
        )
        return Response({"id": record.pk}, status=status.HTTP_201_CREATED)


@extend_schema_view(
    post=extend_schema(request=SessionInputSerializer, responses={201: RecordCreatedSerializer})
)
class SessionApi(_RecordApi):
    input_serializer = SessionInputSerializer
    service = staticmethod(services.session_log)


@extend_schema_view(
    post=extend_schema(request=AgreementInputSerializer, responses={201: RecordCreatedSerializer})
)
class AgreementApi(_RecordApi):
    input_serializer = AgreementInputSerializer
    service = staticmethod(services.agreement_create)


@extend_schema_view(
    post=extend_schema(request=FollowUpInputSerializer, responses={201: RecordCreatedSerializer})
)
class FollowUpApi(_RecordApi):
    input_serializer = FollowUpInputSerializer
    service = staticmethod(services.follow_up_record)
