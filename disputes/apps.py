from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("Disputes")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from disputes import services, tables  # noqa: F401  (the referral steps; the per-process tables)
        from disputes.permissions import dispute_permission_ids_forget

        post_migrate.connect(dispute_permission_ids_forget, dispatch_uid="disputes.permission_ids_forget")
