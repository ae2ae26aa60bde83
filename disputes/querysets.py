from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from agencies.choices import RegionKind
from agencies.permissions import acting_body_ids, is_liaison, member_county_ids, region_read_regions

ACTIONS = {"view", "change", "precedent"}
# The column of the dispute that holds a region of each kind: a leader's or a centre's scope is one
# equality on an indexed column, whatever the size of the table.
REGION_COLUMNS = {
    RegionKind.COUNTY: "county_id",
    RegionKind.TOWN: "town_id",
    RegionKind.STATE_UNIT: "town_id",
    RegionKind.VILLAGE: "region_id",
    RegionKind.COMMUNITY: "region_id",
}


# The relations filled from the per-process reference tables, and the table of each.
REFERENCE_RELATIONS = (
    ("category", "disputes.category"),
    ("holder", "agencies.body"),
    ("region", "agencies.region"),
    ("town", "agencies.region"),
    ("prior_holder", "agencies.body"),
    ("reporting_body", "agencies.body"),
)


# What a list of disputes never shows: the long texts, and what only indexes read.
LONG_COLUMNS = ("description", "outcome_note", "search", "viewer_bodies")


class ReferencesAttached(models.query.ModelIterable):
    """Disputes with their category, bodies and regions set from linze.reference's tables."""

    def __iter__(self):
        from linze.reference import table_of

        meta = self.queryset.model._meta
        fields = [(meta.get_field(name), table_of(label)) for name, label in REFERENCE_RELATIONS]
        for dispute in super().__iter__():
            deferred = dispute.get_deferred_fields()  # .only(): never read a left-out column row by row
            for field, table in fields:
                if field.attname in deferred:
                    continue
                pk = getattr(dispute, field.attname)
                if pk is not None and not field.is_cached(dispute):
                    row = table.get(pk)
                    if row is not None:
                        field.set_cached_value(dispute, row)
            yield dispute


def _granted_to_user(user) -> Q:
    """Disputes granted to the user in person: a grid's legal liaisons asked about one (三官一师), whose
    bodies (a court, a police station) must not read it. Read on guardian's (user, permission, dispute)
    unique index, and only for users with the liaison role, so that no one else's scope grows a subquery."""
    from disputes.models import DisputeUserObjectPermission
    from disputes.permissions import dispute_permission_id

    granted = DisputeUserObjectPermission.objects.filter(
        user_id=user.pk, permission_id=dispute_permission_id("view_dispute")
    ).values("content_object_id")
    return Q(pk__in=granted)


class DisputeQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view", *, held: bool = False) -> "DisputeQuerySet":
        """The only door to disputes: what this user may see (or change). Anything else answers 404.

        Two ways in to view, each read on an index (DESIGN.md §8): the user reads a whole region (leaders,
        the People's Congress, the centres: one equality on `county_id`, `town_id` or `region_id`); or a
        body of theirs holds it, held it or was called in (`viewer_bodies`, written with the grants to
        the bodies' groups by dispute_grants_sync, and GIN-indexed with the search words in
        `dispute_viewers_search`, so that a body's search is one index scan). A grid's legal liaison
        also reads the disputes granted to them in person (`dispute_grant_user_view`). To change it, one
        of their bodies holds it while it is open.

        `held=True` narrows the scope to what the user's bodies hold now, an equality on the holder's
        index: the work lists and their counts, which would otherwise read a body's whole history.

        `precedent` is the door for similar past cases (disputes/similar.py): closed disputes of the
        counties the user's bodies are in, to be shown with their parties masked unless viewable.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from disputes.choices import OPEN_STATUSES, Status

        bodies = acting_body_ids(user)
        if held:
            queryset = self.filter(holder_id__in=sorted(bodies))
            return queryset if action == "view" else queryset.filter(status__in=OPEN_STATUSES)
        if user.is_superuser:
            return self
        if action == "precedent":
            return self.filter(status=Status.CLOSED, county_id__in=sorted(member_county_ids(user)))
        # A region equality comes first: PostgreSQL evaluates an OR left to right, and a leader's or a
        # centre's is true for every row it reads.
        conditions = []
        if action == "view":
            for region in region_read_regions(user):
                column = REGION_COLUMNS.get(region.kind)
                conditions.append(
                    Q(**{column: region.pk}) if column else Q(region__code__startswith=region.code)
                )
        if bodies and action == "view":
            conditions.append(Q(viewer_bodies__overlap=sorted(bodies)))
        elif bodies:  # change: the holder's staff while it is open (what its group's change grant says)
            conditions.append(Q(holder_id__in=sorted(bodies), status__in=OPEN_STATUSES))
        if action == "view" and is_liaison(user):
            conditions.append(_granted_to_user(user))
        if not conditions:
            return self.none()
        return self.filter(reduce(or_, conditions))

    def with_list_related(self) -> "DisputeQuerySet":
        """The category, holder, region and town of each row, from the per-process reference tables
        (linze.reference): no join, no query."""
        return self.with_references()

    def without_long_columns(self) -> "DisputeQuerySet":
        """For a page of rows: the long texts and the columns only indexes read (the search words,
        the viewing bodies) stay in the table. A row that reads one of them costs a query (the list
        serializers and templates read none: tests/disputes/test_reference_rows.py)."""
        return self.defer(*LONG_COLUMNS)

    def with_detail_related(self) -> "DisputeQuerySet":
        """The bodies, region and category a dispute page shows from the reference tables, and its
        reporter read by primary key after the dispute: at a million disputes PostgreSQL spent 4–5 ms
        planning the eight-table join (0.5 ms executing it)."""
        return self.with_references().prefetch_related("reported_by")

    def with_references(self) -> "DisputeQuerySet":
        clone = self._chain()
        if clone._iterable_class is models.query.ModelIterable:
            clone._iterable_class = ReferencesAttached
        return clone

    def open(self) -> "DisputeQuerySet":
        from disputes.choices import Status

        return self.exclude(status=Status.CLOSED)
