"""Reads of the exports: a user sees their own, and nobody else's."""

from django.shortcuts import get_object_or_404

from dashboards.exports.models import ExportJob


def export_jobs_of(*, user):
    """The user's exports, newest first (one indexed range of `export_user_created`)."""
    return ExportJob.objects.filter(user=user).select_related("region").order_by("-created_at", "-id")


def export_job_get(*, user, pk: int) -> ExportJob:
    """One of the user's exports; anybody else's answers 404 (it lists personal data)."""
    return get_object_or_404(export_jobs_of(user=user), pk=pk)
