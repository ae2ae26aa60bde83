"""The referral inbox in the JSON API (/api/v1/referrals/)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from disputes import selectors, services
from disputes.serializers import ReferralSerializer


class ReferralInboxApi(GenericAPIView):
    serializer_class = ReferralSerializer

    @extend_schema(operation_id="referrals_list")
    def get(self, request):
        page = self.paginate_queryset(
            selectors.referral_inbox(user=request.user, filters=request.query_params)
        )
        return self.get_paginated_response(ReferralSerializer(page, many=True).data)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    result = serializers.CharField(required=False, allow_blank=True, default="")


def _answer(referral_id: int):
    return ReferralSerializer(selectors.referral_queryset().get(pk=referral_id)).data


class ReferralAcceptApi(APIView):
    @extend_schema(request=None, responses=ReferralSerializer)
    def post(self, request, pk: int):
        services.referral_accept_supporting(referral_id=pk, user=request.user)
        return Response(_answer(pk))


class ReferralReturnApi(APIView):
    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    def post(self, request, pk: int):
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_return(
            referral_id=pk, user=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(_answer(pk))


class ReferralCompleteApi(APIView):
    @extend_schema(request=ResultSerializer, responses=ReferralSerializer)
    def post(self, request, pk: int):
        serializer = ResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_complete(
            referral_id=pk, user=request.user, result=serializer.validated_data["result"]
        )
        return Response(_answer(pk))
