from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from agencies.permissions import acting_body_ids

ACTIONS = {"view", "change"}


class SuggestionQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> "SuggestionQuerySet":
        """The only door to suggestions (supervision/permissions.py): the issuer's staff, the receiving
        body's staff once it is sent, and to view, the leaders of the recipient's region. Anything else
        answers 404."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        from supervision.choices import SENT_STATUSES
        from supervision.permissions import leader_regions

        bodies = sorted(acting_body_ids(user))
        conditions = []
        if bodies:
            conditions += [Q(issuer_id__in=bodies), Q(recipient_id__in=bodies, status__in=SENT_STATUSES)]
        if action == "view":
            conditions += [
                Q(recipient__region__code__startswith=region.code, status__in=SENT_STATUSES)
                for region in leader_regions(user)
            ]
        if not conditions:
            return self.none()
        return self.filter(reduce(or_, conditions))
