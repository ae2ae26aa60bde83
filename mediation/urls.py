from django.urls import path

from mediation import views

app_name = "mediation"
urlpatterns = [
    path("mediators/", views.mediator_list, name="mediators"),
    path("rooms/", views.room_list, name="rooms"),
    path("rooms/<int:pk>/", views.room_detail, name="room"),
    path("<str:code>/", views.records, name="records"),
    path("<str:code>/sessions/new/", views.session_new, name="session_new"),
    path("<str:code>/agreements/new/", views.agreement_new, name="agreement_new"),
    path("<str:code>/agreements/<int:pk>/", views.agreement_print, name="agreement"),
    path("<str:code>/agreements/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("<str:code>/confirmation/", views.confirmation, name="confirmation"),
    path("<str:code>/confirmation/pdf/", views.confirmation_pdf, name="confirmation_pdf"),
    path("<str:code>/confirmation/apply/", views.confirmation_apply, name="confirmation_apply"),
    path("<str:code>/ruling/", views.ruling_print, name="ruling"),
    path("<str:code>/ruling/pdf/", views.ruling_pdf, name="ruling_pdf"),
    path("<str:code>/follow-ups/new/", views.follow_up_new, name="follow_up_new"),
]
