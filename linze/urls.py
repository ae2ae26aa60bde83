from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from agencies import views as agencies_views
from linze import views

urlpatterns = [
    path("", include("portal.urls")),
    path("home/", agencies_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/mediation/", include("mediation.urls")),
    path("workbench/", include("disputes.urls")),
    path("alerts/", include("alerts.urls")),
    path("notifications/", include("notifications.urls")),
    path("agency/court/", include("mediation.court_urls")),
    path("agency/", include("disputes.referral_urls")),
    path("dashboards/", include("dashboards.urls")),
    path("api/v1/", include("linze.api_urls")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]
