from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from dashboards import api as dashboards_api
from disputes import api as disputes_api
from linze import views
from linze.auth import TokenView
from mediation import api as mediation_api

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("disputes/", disputes_api.DisputeListApi.as_view(), name="api-disputes"),
    path("disputes/<str:code>/", disputes_api.DisputeDetailApi.as_view(), name="api-dispute"),
    path(
        "disputes/<str:code>/transitions/<str:name>/",
        disputes_api.DisputeTransitionApi.as_view(),
        name="api-dispute-transition",
    ),
    path(
        "disputes/<str:code>/attachments/",
        disputes_api.AttachmentUploadApi.as_view(),
        name="api-dispute-attachments",
    ),
    path("disputes/<str:code>/sessions/", mediation_api.SessionApi.as_view(), name="api-dispute-sessions"),
    path(
        "disputes/<str:code>/agreements/", mediation_api.AgreementApi.as_view(), name="api-dispute-agreements"
    ),
    path(
        "disputes/<str:code>/follow-ups/", mediation_api.FollowUpApi.as_view(), name="api-dispute-follow-ups"
    ),
    path("referrals/", disputes_api.ReferralInboxApi.as_view(), name="api-referrals"),
    path("referrals/<int:pk>/accept/", disputes_api.ReferralAcceptApi.as_view(), name="api-referral-accept"),
    path("referrals/<int:pk>/return/", disputes_api.ReferralReturnApi.as_view(), name="api-referral-return"),
    path(
        "referrals/<int:pk>/complete/",
        disputes_api.ReferralCompleteApi.as_view(),
        name="api-referral-complete",
    ),
    path("indicators/", dashboards_api.IndicatorsApi.as_view(), name="api-indicators"),
    path("indicators/funnel/", dashboards_api.FunnelApi.as_view(), name="api-indicators-funnel"),
    path("indicators/towns/", dashboards_api.TownTableApi.as_view(), name="api-indicators-towns"),
    path("indicators/courtless/", dashboards_api.CourtlessApi.as_view(), name="api-indicators-courtless"),
    path("indicators/overdue/", dashboards_api.OverdueApi.as_view(), name="api-indicators-overdue"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    re_path(r"^(?P<path>.*)$", views.api_not_found, name="api-not-found"),
]
