from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide, name="guide"),
    path("guide/<slug:slug>/", views.guide_way, name="guide_way"),
    path("explore/", views.explorer, name="explorer"),
    path("directory/", views.directory, name="directory"),
    path("submit/", views.submit, name="submit"),
    path("submit/code/", views.submit_code, name="submit_code"),
    path("submit/details/", views.submit_details, name="submit_details"),
    path("submit/done/", views.submit_done, name="submit_done"),
    path("track/", views.track, name="track"),
    path("track/phone/", views.track_phone, name="track_phone"),
    path("track/phone/code/", views.track_phone_code, name="track_phone_code"),
    path("track/case/", views.track_case, name="track_case"),
    path("track/leave/", views.track_leave, name="track_leave"),
]
