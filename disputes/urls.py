from django.urls import path

from disputes import views

app_name = "disputes"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("grid/", views.grid_home, name="grid_home"),
]
