"""Lists and dispute pages take a dispute's category, bodies and regions from the per-process
reference tables (linze.reference): no join, no query per row."""

import pytest

from disputes.models import Dispute
from tests.factories import parties_data, register_dispute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]


def test_a_list_names_holder_category_and_place_with_one_query(users, django_assert_num_queries):
    user = users["mediator_dongzhai"]
    for _ in range(3):
        register_dispute(user=user, parties=parties_data(2))
    list(Dispute.objects.with_list_related())  # the tables are read by a process's first list

    with django_assert_num_queries(1):
        rows = list(Dispute.objects.with_list_related().order_by("pk"))
        names = {(d.holder.name, d.category.name, d.region.name, d.town.name) for d in rows}
    assert len(rows) == 3 and len(names) == 1
    assert next(iter(names))[0] == user.memberships.get().body.name


def test_a_list_of_a_few_columns_reads_no_left_out_column_row_by_row(users, django_assert_num_queries):
    user = users["mediator_dongzhai"]
    for _ in range(3):
        register_dispute(user=user, parties=parties_data(2))
    list(Dispute.objects.with_list_related())

    with django_assert_num_queries(1):
        codes = [d.code for d in Dispute.objects.with_list_related().only("pk", "code")]
    assert len(codes) == 3
