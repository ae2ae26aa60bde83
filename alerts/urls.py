from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.warning_list, name="list"),
    path("<int:pk>/", views.warning_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.warning_acknowledge, name="acknowledge"),
    path("<int:pk>/handle/", views.warning_handle, name="handle"),
]
