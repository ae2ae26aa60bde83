from django.shortcuts import render

from agencies.auth import kind_required, primary_membership


@kind_required("leader")
def home(request):
    return render(request, "dashboards/home.html", {"membership": primary_membership(request.user)})
