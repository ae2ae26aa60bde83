from django.urls import path

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
    path("disputes/<str:code>/liaisons/", views.dispute_liaisons, name="liaisons"),
    path("disputes/<str:code>/guidance/", views.dispute_guidance, name="guidance"),
]
