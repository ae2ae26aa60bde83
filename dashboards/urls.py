from django.urls import path

from dashboards import views
from dashboards.congress import views as congress
from dashboards.exports import views as exports

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("disputes/", views.disputes, name="disputes"),
    # Exports of the register (dashboards/exports) and the People's Congress pages (dashboards/congress).
    path("exports/", exports.export_register, name="export"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
    path("congress/", congress.congress_home, name="congress"),
    path("congress/pack.pdf", congress.report_pack, name="congress_pack"),
    path("congress/reports/new/", congress.report_new, name="congress_report_new"),
    path("congress/reports/<int:pk>/", congress.report_detail, name="congress_report"),
    path("congress/reports/<int:pk>/file/", congress.report_file, name="congress_report_file"),
    path("congress/activities/new/", congress.activity_new, name="congress_activity_new"),
    path("congress/activities/<int:pk>/", congress.activity_detail, name="congress_activity"),
    path("congress/activities/<int:pk>/answer/", congress.activity_answer, name="congress_activity_answer"),
    path("congress/requests/", congress.my_requests, name="congress_requests"),
]
