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


def _leader_conditions(user, column: str) -> list:
    from supervision.permissions import leader_regions

    return [Q(**{f"{column}__code__startswith": region.code}) for region in leader_regions(user)]


class DecisionQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> "DecisionQuerySet":
        """The only door to major decisions: the registering department's staff, the county centre (which
        reviews them) and, to view, the leaders of the decision's region. Anything else answers 404."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        from agencies.permissions import is_centre_staff

        if is_centre_staff(user):
            return self
        bodies = sorted(acting_body_ids(user))
        conditions = [Q(department_id__in=bodies)] if bodies else []
        if action == "view":
            conditions += _leader_conditions(user, "region")
        if not conditions:
            return self.none()
        return self.filter(reduce(or_, conditions))


class MeetingQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> "MeetingQuerySet":
        """The only door to joint meeting alerts: the joint meeting's members (alerts/conf.py: the centre,
        the petitions bureau, the justice and police bureaus by default) see and run them; a body given a
        task sees that meeting; the leaders of the region read them. Anything else answers 404."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        from supervision.permissions import is_joint_meeting_member

        if is_joint_meeting_member(user):
            return self
        if action == "change":
            return self.none()
        bodies = sorted(acting_body_ids(user))
        conditions = _leader_conditions(user, "region")
        if bodies:
            from supervision.models import JointMeetingTask

            conditions.append(
                Q(pk__in=JointMeetingTask.objects.filter(body_id__in=bodies).values("meeting_id"))
            )
        if not conditions:
            return self.none()
        return self.filter(reduce(or_, conditions))
