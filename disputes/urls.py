from django.urls import path

from disputes import views

app_name = "disputes"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("new/", views.intake, name="intake"),
    path("new/party-row/", views.intake_party_row, name="intake_party_row"),
    path("new/villages/", views.intake_villages, name="intake_villages"),
    path("new/similar/", views.intake_similar, name="intake_similar"),
    path("grid/", views.grid_home, name="grid_home"),
    path("grid/report/", views.grid_report, name="grid_report"),
    path("d/<str:code>/", views.detail, name="detail"),
    # Stable links by id (notifications keep the dispute's id): redirect to the page by code.
    path("d/id/<int:pk>/", views.detail_by_id, name="dispute_detail"),
    path("d/<str:code>/similar/", views.similar, name="similar"),
    path("d/<str:code>/parties/reveal/", views.reveal_parties, name="reveal_parties"),
    path("d/<str:code>/act/<slug:name>/", views.act, name="act"),
    path("d/<str:code>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("d/<str:code>/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
