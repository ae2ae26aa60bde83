from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/return/", views.referral_return_page, name="referral_return"),
    path("referrals/<int:pk>/complete/", views.referral_complete_page, name="referral_complete"),
    path("court/", views.court_queue, name="court_queue"),
    path("court/<str:code>/", views.court_case, name="court_case"),
    path("court/<str:code>/<slug:name>/", views.court_act, name="court_act"),
]
