from django.shortcuts import render

from agencies.auth import kind_required, primary_membership
from linze.db import replica_reads


@kind_required("leader")
@replica_reads
def home(request):
    return render(request, "dashboards/home.html", {"membership": primary_membership(request.user)})
