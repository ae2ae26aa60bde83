"""The court's pages under /agency/court/."""

from django.urls import path

from mediation import court

app_name = "court"
urlpatterns = [
    path("", court.court_queue, name="queue"),
    path("<str:code>/", court.court_case, name="case"),
    path("<str:code>/<slug:name>/", court.court_act, name="act"),
]
