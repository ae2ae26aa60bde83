"""The agency inbox under /agency/: the referrals addressed to the user's bodies and their answers."""

from django.urls import path

from disputes.views import referrals

app_name = "referrals"
urlpatterns = [
    path("", referrals.inbox, name="inbox"),
    path("referrals/<int:pk>/accept/", referrals.referral_accept, name="accept"),
    path("referrals/<int:pk>/return/", referrals.referral_return_page, name="return"),
    path("referrals/<int:pk>/complete/", referrals.referral_complete_page, name="complete"),
]
