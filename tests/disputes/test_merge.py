"""Issue 11 item 3: a dispute registered twice is merged into the one that goes on.

The merged one closes with outcome merged and a link; the surviving one records it and lists it, and
its timeline and parties stay readable from there by whoever may see the surviving one. Every refusal
says why, and a code the user may not see is answered like an unknown one.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from disputes.choices import Outcome, Status
from disputes.models import Dispute, DisputeEvent
from linze.exceptions import Conflict, NotPermitted
from tests.factories import DAZHAI, dispute_in_state, register_dispute, transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

NOTE = "同一当事人重复登记"


def merge(dispute, into, *, user, note=NOTE):
    return transition(
        dispute, "merge", user=user, into=into.code if hasattr(into, "code") else into, note=note
    )


def refusal(call) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        call()
    return " ".join(refused.value.message_dict["into"])


def snapshot(dispute) -> tuple:
    dispute = Dispute.objects.get(pk=dispute.pk)
    return dispute.status, dispute.version, dispute.merged_into_id, dispute.events.count()


@pytest.fixture
def duplicate(users) -> Dispute:
    """A dispute the 东寨村 committee holds (registered by its mediator)."""
    return register_dispute(user=users["mediator_dongzhai"], title="东寨村宅基地纠纷（重复登记）")


@pytest.fixture
def surviving(users) -> Dispute:
    """The same dispute registered at the 新华镇 committee, which 东寨村 cannot see."""
    return register_dispute(user=users["mediator_xinhua"], region_code=DAZHAI, title="宅基地界址纠纷")


def test_the_merged_dispute_closes_with_outcome_merged_and_a_link(users, duplicate, surviving):
    merged = merge(duplicate, surviving, user=users["centre"])

    merged = Dispute.objects.get(pk=merged.pk)
    assert merged.status == Status.CLOSED
    assert merged.outcome == Outcome.MERGED
    assert merged.merged_into_id == surviving.pk
    assert merged.closed_at is not None
    event = merged.events.order_by("pk").last()
    assert (event.transition, event.from_status, event.to_status) == ("merge", "reported", "closed")
    assert event.payload["merged_into"] == surviving.code and event.note == NOTE
    # The surviving dispute goes on where it was, with a record of the merge on its timeline.
    surviving = Dispute.objects.get(pk=surviving.pk)
    assert surviving.status == Status.REPORTED and surviving.merged_into_id is None
    record = surviving.events.order_by("pk").last()
    assert (record.transition, record.from_status, record.to_status) == ("merged_in", "reported", "reported")
    assert record.payload == {"merged": duplicate.code} and record.actor == users["centre"]


def test_the_holder_of_the_duplicate_may_merge_it_into_one_it_sees(users, duplicate):
    other = register_dispute(user=users["mediator_dongzhai"], title="另一次登记")
    merge(duplicate, other, user=users["mediator_dongzhai"])
    assert Dispute.objects.get(pk=duplicate.pk).merged_into_id == other.pk


def test_merge_keeps_both_timelines_readable_from_the_surviving_one(client, users, duplicate, surviving):
    transition(duplicate, "assess", user=users["mediator_dongzhai"], risk_level="orange")
    merge(duplicate, surviving, user=users["centre"])
    client.force_login(users["mediator_xinhua"])  # could not see the duplicate before the merge

    page = client.get(f"/workbench/d/{surviving.code}/").content.decode()
    listed = page.split('data-testid="merged-disputes"')[1].split("</dd>")[0]
    assert f'href="/workbench/d/{duplicate.code}/"' in listed and "东寨村宅基地纠纷（重复登记）" in listed
    assert f'href="/workbench/d/{duplicate.code}/"' in page.split('data-testid="timeline"')[1]  # the record

    response = client.get(f"/workbench/d/{duplicate.code}/")
    assert response.status_code == 200
    merged_page = response.content.decode()
    assert f'href="/workbench/d/{surviving.code}/"' in merged_page.split('data-testid="merged-into"')[1]
    timeline = merged_page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert timeline.count("<li") == DisputeEvent.objects.filter(dispute=duplicate).count() == 3
    assert NOTE in timeline
    parties = [p.name for p in duplicate.parties.all()]
    assert all(name[0] in merged_page for name in parties)  # listed, masked for a body that does not hold it
    # Read-only: the merged dispute is closed and the surviving one's body holds nothing of it.
    assert not Dispute.objects.restrict(users["mediator_xinhua"], "change").filter(pk=duplicate.pk).exists()


def test_the_surviving_one_keeps_the_duplicates_merged_into_the_merged_one(users, duplicate, surviving):
    middle = register_dispute(user=users["mediator_dongzhai"], title="第二次登记")
    merge(duplicate, middle, user=users["centre"])
    merge(middle, surviving, user=users["centre"])

    readable = Dispute.objects.restrict(users["mediator_xinhua"], "view")
    assert set(readable.filter(pk__in=[duplicate.pk, middle.pk]).values_list("pk", flat=True)) == {
        duplicate.pk,
        middle.pk,
    }


# -- refusals, each with its reason; nothing changes ----------------------------------------------------


def test_an_unknown_code_is_refused(users, duplicate):
    before = snapshot(duplicate)
    assert refusal(lambda: merge(duplicate, "LZ-2026-999999", user=users["centre"])) == (
        "There is no dispute with the code LZ-2026-999999 that you may see."
    )
    assert snapshot(duplicate) == before


def test_a_dispute_the_user_may_not_see_is_refused_like_an_unknown_one(users, duplicate, surviving):
    before = snapshot(duplicate), snapshot(surviving)
    message = refusal(lambda: merge(duplicate, surviving.code.lower(), user=users["mediator_dongzhai"]))
    assert message == f"There is no dispute with the code {surviving.code} that you may see."
    assert "宅基地界址纠纷" not in message
    assert (snapshot(duplicate), snapshot(surviving)) == before


def test_merging_into_itself_is_refused(users, duplicate):
    before = snapshot(duplicate)
    assert refusal(lambda: merge(duplicate, duplicate, user=users["centre"])) == (
        "A dispute cannot be merged into itself."
    )
    assert snapshot(duplicate) == before


def test_merging_into_a_closed_dispute_is_refused(users, duplicate, surviving):
    transition(surviving, "withdraw", user=users["mediator_xinhua"], note="申请人撤回")
    before = snapshot(duplicate)
    assert refusal(lambda: merge(duplicate, surviving, user=users["centre"])) == (
        f"{surviving.code} is closed: a dispute can only be merged into an open one."
    )
    assert snapshot(duplicate) == before


def test_merging_into_a_merged_dispute_is_refused(users, duplicate, surviving):
    third = register_dispute(user=users["mediator_xinhua"], region_code=DAZHAI)
    merge(surviving, third, user=users["centre"])
    before = snapshot(duplicate)
    assert refusal(lambda: merge(duplicate, surviving, user=users["centre"])) == (
        f"{surviving.code} was itself merged into another dispute: merge into that one instead."
    )
    assert snapshot(duplicate) == before


def test_the_code_and_the_reason_are_required(users, duplicate):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(duplicate, "merge", user=users["centre"], into="", note="")
    assert set(refused.value.message_dict) == {"into", "note"}


def test_after_an_agreement_or_a_referral_a_dispute_is_not_merged(users, surviving, admin):
    for state in ("referred", "agreed"):
        dispute = dispute_in_state(state)
        with pytest.raises(Conflict) as refused:
            merge(dispute, surviving, user=admin)
        assert refused.value.code == "wrong_state"


def test_a_grid_worker_does_not_merge(users, surviving):
    report = register_dispute(user=users["grid_dongzhai"])
    with pytest.raises(NotPermitted):
        merge(report, surviving, user=users["grid_dongzhai"])
    assert Dispute.objects.get(pk=report.pk).status == Status.REPORTED


def test_the_page_shows_the_refusal_on_the_code_field(client, users, duplicate, surviving):
    client.force_login(users["mediator_dongzhai"])
    response = client.post(
        f"/workbench/d/{duplicate.code}/act/merge/",
        {"into": surviving.code, "note": NOTE, "version": duplicate.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"There is no dispute with the code {surviving.code} that you may see." in html
        or "你可查看的纠纷中没有编号为" in html
    )
    assert "宅基地界址纠纷" not in html.replace(duplicate.title, "")
    assert Dispute.objects.get(pk=duplicate.pk).status == Status.REPORTED


# -- cost: the surviving page does not grow with the disputes merged into it ------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_dispute_page_makes_the_same_queries_for_none_2_and_20_merged_disputes(client, users, surviving):
    client.force_login(users["mediator_xinhua"])
    url = f"/workbench/d/{surviving.code}/"
    client.get(url)  # warm the per-process caches

    def add(count):
        for _ in range(count):
            duplicate = register_dispute(user=users["mediator_dongzhai"])
            merge(duplicate, surviving, user=users["centre"])

    none = _queries(client, url)
    add(2)
    two = _queries(client, url)
    add(18)
    twenty = _queries(client, url)
    page = client.get(url).content.decode()
    assert page.split('data-testid="merged-disputes"')[1].split("</dd>")[0].count("href=") == 20
    assert none == two == twenty
