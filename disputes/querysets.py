from django.db import models
from django.db.models import Exists, OuterRef, Q

from agencies.permissions import acting_group_ids, region_read_codes

ACTIONS = {"view": "view_dispute", "change": "change_dispute"}


class DisputeQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> "DisputeQuerySet":
        """The only door to disputes: what this user may see (or change). Anything else answers 404.

        A body's group holds grants on the disputes it holds or held; leaders, the People's Congress and
        the centres read their whole region by a prefix match on region codes, without a row per dispute.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        from disputes.models import DisputeGroupObjectPermission

        scope = Q(pk__in=[])
        group_ids = acting_group_ids(user)
        if group_ids:
            grants = DisputeGroupObjectPermission.objects.filter(
                content_object=OuterRef("pk"), group_id__in=group_ids, permission__codename=ACTIONS[action]
            )
            scope |= Q(Exists(grants))
        if action == "view":
            for code in region_read_codes(user):
                scope |= Q(region__code__startswith=code)
        return self.filter(scope)

    def with_list_related(self) -> "DisputeQuerySet":
        return self.select_related("category", "holder", "region", "town")

    def with_detail_related(self) -> "DisputeQuerySet":
        return self.with_list_related().select_related("prior_holder", "reported_by", "reporting_body")

    def open(self) -> "DisputeQuerySet":
        from disputes.choices import Status

        return self.exclude(status=Status.CLOSED)
