from django.shortcuts import render


def home(request):
    """The public landing page: the ways a citizen can resolve a dispute."""
    return render(request, "portal/home.html")
