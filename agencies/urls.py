from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [path("", views.inbox, name="inbox")]
