from django.shortcuts import render

from linze.auth import kind_required, primary_membership


@kind_required("agency")
def inbox(request):
    return render(request, "agencies/inbox.html", {"membership": primary_membership(request.user)})
