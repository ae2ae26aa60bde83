from django.urls import path

from supervision import instrument_views as iv
from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.suggestion_list, name="suggestions"),
    path("suggestions/new/", views.suggestion_new, name="suggestion_new"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("suggestions/<int:pk>/issue/", views.suggestion_issue, name="suggestion_issue"),
    path("suggestions/<int:pk>/receive/", views.suggestion_receive, name="suggestion_receive"),
    path("suggestions/<int:pk>/reply/", views.suggestion_reply, name="suggestion_reply"),
    path("suggestions/<int:pk>/close/", views.suggestion_close, name="suggestion_close"),
    path("documents/<int:pk>/", views.suggestion_document, name="suggestion_document"),
    path("decisions/", iv.decision_list, name="decisions"),
    path("decisions/<int:pk>/", iv.decision_detail, name="decision"),
    path("decisions/<int:pk>/assess/", iv.decision_assess, name="decision_assess"),
    path("decisions/<int:pk>/approve/", iv.decision_approve, name="decision_approve"),
    path("decisions/<int:pk>/link/", iv.decision_link, name="decision_link"),
    path("meetings/", iv.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", iv.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/schedule/", iv.meeting_schedule, name="meeting_schedule"),
    path("meetings/<int:pk>/hold/", iv.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/tasks/", iv.meeting_task_assign, name="meeting_task_assign"),
    path("meetings/<int:pk>/close/", iv.meeting_close, name="meeting_close"),
    path("tasks/<int:pk>/done/", iv.task_complete, name="task_complete"),
    path("education/", iv.education_list, name="education"),
    path("disputes/<str:code>/liaisons/", views.dispute_liaisons, name="liaisons"),
    path("disputes/<str:code>/guidance/", views.dispute_guidance, name="guidance"),
]
