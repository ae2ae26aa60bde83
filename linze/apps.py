from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class LinzeConfig(AppConfig):
    name = "linze"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from linze.models import HolidayCalendarDay
        from linze.sessions import session_started
        from linze.two_factor import held_at_sign_in
        from linze.workdays import calendar_changed, calendar_preload

        # Every process counts working days from its own copy of the entered calendar: an edit
        # must reach them all (linze/workdays.py).
        for signal in (post_save, post_delete):
            signal.connect(
                calendar_changed, sender=HolidayCalendarDay, dispatch_uid=f"holiday-calendar-{signal}"
            )
        user_logged_in.connect(session_started, dispatch_uid="session-clocks")
        user_logged_in.connect(held_at_sign_in, dispatch_uid="two-factor-hold")
        post_migrate.connect(calendar_preload, sender=self, dispatch_uid="holiday-calendar-preload")
        from linze.reference import reference_tables_forget

        # A migrated or flushed database (a test run) changes rows without a save signal.
        post_migrate.connect(reference_tables_forget, dispatch_uid="reference-tables-forget")

        from linze.audit import audit_connect

        audit_connect()
