from django.conf import settings
from django.contrib import admin
from django.contrib.auth import urls as django_auth_urls
from django.urls import include, path

from agencies import views as agencies_views
from linze import auth, two_factor, views

# Django's sign-in pages, with the login page replaced by the portal's (linze/auth.py).
auth_urls = [pattern for pattern in django_auth_urls.urlpatterns if pattern.name != "login"]

urlpatterns = [
    path("", include("portal.urls")),
    path("home/", agencies_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/two-factor/off/", two_factor.disable, name="two_factor_disable"),
    path("accounts/", include(auth_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/mediation/", include("mediation.urls")),
    path("workbench/", include("disputes.urls")),
    path("alerts/", include("alerts.urls")),
    path("notifications/", include("notifications.urls")),
    path("agency/court/", include("mediation.court_urls")),
    path("agency/", include("disputes.referral_urls")),
    path("supervision/", include("supervision.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("api/v1/", include("linze.api_urls")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]
