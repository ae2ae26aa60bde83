"""The JSON API for disputes (/api/v1/disputes/): the same services and restrict() as the pages."""

from collections.abc import Mapping

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from disputes import selectors, services
from disputes.choices import HandlingResult
from disputes.deadlines import with_clock_state, with_clock_units
from disputes.models import Dispute, DisputeEvent, Referral
from disputes.serializers import (
    DisputeCreateSerializer,
    DisputeDetailSerializer,
    DisputeListSerializer,
    ReferralSerializer,
)
from linze.api import NewestReferralsFirst, refuse_null_characters
from linze.db import replica_reads

LIST_FILTERS = {
    "tab": "mine, overdue or due_soon: open disputes held by your bodies (all, past or near their deadline)",
    "status": "one status or several, comma-separated",
    "tier": "grid, village, town, county, court or agency",
    "holder": "the holding body's id or code",
    "category": "a category code",
    "town": "a town's id or code",
    "region": "a region code: that region and everything below it",
    "risk_level": "red, orange, yellow or blue",
    "overdue": "true: open disputes past their deadline",
    "q": "a dispute code or resident ID number (exact), or words of the title, description, parties' names",
}


class DisputeListApi(GenericAPIView):
    serializer_class = DisputeListSerializer
    refusals = (400,)  # a filter holding a NUL character

    def get_queryset(self):
        return with_clock_state(
            selectors.dispute_list(
                user=self.request.user, filters=self.request.query_params
            ).without_long_columns()
        )

    @extend_schema(
        operation_id="disputes_list",
        responses=DisputeListSerializer(many=True),
        parameters=[
            OpenApiParameter(name, str, description=description) for name, description in LIST_FILTERS.items()
        ],
    )
    @method_decorator(replica_reads)
    def get(self, request):
        refuse_null_characters(request.query_params)
        page = with_clock_units(self.paginate_queryset(self.get_queryset()))
        data = DisputeListSerializer(page, many=True, context={"now": timezone.now()}).data
        return self.get_paginated_response(data)

    @extend_schema(request=DisputeCreateSerializer, responses={201: DisputeDetailSerializer})
    def post(self, request):
        serializer = DisputeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parties = [dict(p) for p in data.pop("parties")]
        dispute = services.dispute_register(user=request.user, data=data, parties=parties)
        return Response(_detail(request, dispute.code), status=status.HTTP_201_CREATED)


def _detail_related():
    return (
        "parties",
        Prefetch("events", queryset=DisputeEvent.objects.select_related("actor", "actor_body")),
        # The referrals of a dispute the user may see: whoever sees the dispute sees them. Their
        # `dispute` is set to it by the prefetch (a join would read its row again, search words and all).
        Prefetch("referrals", queryset=Referral.objects.select_related("body")),
    )


def _detail(request, code: str) -> dict:
    dispute = get_object_or_404(
        selectors.dispute_detail_queryset(user=request.user).prefetch_related(*_detail_related()), code=code
    )
    return _detail_data(request, dispute)


def _detail_data(request, dispute: Dispute) -> dict:
    context = {
        "request": request,
        "now": timezone.now(),
        "available_transitions": services.available_transitions(dispute, request.user),
    }
    return DisputeDetailSerializer(dispute, context=context).data


class DisputeDetailApi(APIView):
    @extend_schema(responses=DisputeDetailSerializer)
    def get(self, request, code: str):
        return Response(_detail(request, code))


class TransitionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The version you saw; 409 if it changed meanwhile."
    )
    note = serializers.CharField(required=False, allow_blank=True)


class DisputeTransitionApi(APIView):
    refusals = (409,)  # a stale version, the wrong state or a guard

    @extend_schema(request=TransitionInputSerializer, responses=DisputeDetailSerializer)
    def post(self, request, code: str, name: str):
        if not isinstance(request.data, Mapping):  # a JSON number, list or string
            invalid = serializers.Serializer.default_error_messages["invalid"]
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [invalid.format(datatype=type(request.data).__name__)]}
            )
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        version = data.pop("version", None)
        if isinstance(version, list):
            version = version[0] if version else None
        try:
            version = int(version) if version not in (None, "") else None
        except (TypeError, ValueError):
            raise serializers.ValidationError({"version": ["A whole number is required."]}) from None
        dispute = services.dispute_transition(
            code=code, user=request.user, name=name, data=_plain(data), expected_version=version
        )
        # The answer is the dispute as the transition left it: its row and related bodies came with the
        # lock, what hangs off it is read now, after the commit.
        prefetch_related_objects([dispute], *_detail_related())
        return Response(_detail_data(request, dispute))


def _plain(data) -> dict:
    """A QueryDict or JSON body as a dict a Django form reads (lists kept for multiple-choice fields)."""
    if hasattr(data, "getlist"):
        return {key: (data.getlist(key) if len(data.getlist(key)) > 1 else data.get(key)) for key in data}
    return dict(data)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()


class AttachmentUploadApi(APIView):
    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: AttachmentSerializer},
    )
    def post(self, request, code: str):
        dispute = get_object_or_404(Dispute.objects.restrict(request.user, "view").only("pk"), code=code)
        attachment = services.attachment_add(
            dispute_id=dispute.pk, user=request.user, upload=request.FILES.get("file")
        )
        return Response(
            {"id": attachment.pk, "name": attachment.name, "size": attachment.size},
            status=status.HTTP_201_CREATED,
        )


# -- the referral inbox (/api/v1/referrals/) -----------------------------------------------------------


class ReferralInboxApi(GenericAPIView):
    serializer_class = ReferralSerializer
    pagination_class = NewestReferralsFirst
    refusals = (400,)  # a filter holding a NUL character

    @extend_schema(operation_id="referrals_list", responses=ReferralSerializer(many=True))
    @method_decorator(replica_reads)
    def get(self, request):
        refuse_null_characters(request.query_params)
        page = with_clock_units(
            self.paginate_queryset(selectors.referral_inbox(user=request.user, filters=request.query_params))
        )
        data = ReferralSerializer(page, many=True, context={"now": timezone.now()}).data
        return self.get_paginated_response(data)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    result = serializers.CharField(required=False, allow_blank=True, default="")
    # Required of the lead body: its completion closes the dispute with the outcome that follows.
    handling_result = serializers.ChoiceField(
        choices=HandlingResult.choices, required=False, allow_blank=True, default=""
    )


def _answer(referral_id: int, user):
    """The referral as it stands after the answer, read through restrict() like every read."""
    referral = get_object_or_404(selectors.referral_queryset(user=user), pk=referral_id)
    return ReferralSerializer(referral).data


class ReferralAcceptApi(APIView):
    refusals = (409,)  # answered already

    @extend_schema(request=None, responses=ReferralSerializer)
    def post(self, request, pk: int):
        services.referral_accept_supporting(referral_id=pk, user=request.user)
        return Response(_answer(pk, request.user))


class ReferralReturnApi(APIView):
    refusals = (409,)  # answered already

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    def post(self, request, pk: int):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_return(
            referral_id=pk, user=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(_answer(pk, request.user))


class ReferralCompleteApi(APIView):
    refusals = (409,)  # answered already

    @extend_schema(request=ResultSerializer, responses=ReferralSerializer)
    def post(self, request, pk: int):
        serializer = ResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_complete(
            referral_id=pk,
            user=request.user,
            result=serializer.validated_data["result"],
            handling_result=serializer.validated_data["handling_result"],
        )
        return Response(_answer(pk, request.user))
