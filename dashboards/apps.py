from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from dashboards.indicators import tasks  # noqa: F401 - registers the summary's Celery task
        from dashboards.indicators.summary import on_dispute_changed
        from disputes.signals import dispute_changed

        # The timeline's one recorder announces every change: the month it touches is read live again.
        dispute_changed.connect(on_dispute_changed, dispatch_uid="dashboards_figures_stale")
