from django.shortcuts import render

from linze.auth import kind_required, primary_membership


@kind_required("mediation", "none")
def workbench(request):
    return render(request, "disputes/workbench.html", {"membership": primary_membership(request.user)})


@kind_required("grid")
def grid_home(request):
    return render(request, "disputes/grid_home.html", {"membership": primary_membership(request.user)})
