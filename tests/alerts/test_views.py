"""The warnings page: who may open it, acknowledging and handling through it, filters and query counts."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from alerts.choices import RuleKind, WarningStatus
from alerts.models import Warning
from tests.alerts.helpers import evaluate, register_dispute
from tests.factories import DAZHAI, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze", "warning_rules")]

VIOLENT = "对方扬言要同归于尽。"


@pytest.fixture
def warning(users) -> Warning:
    dispute = register_dispute(user=users["grid_dongzhai"], description=VIOLENT)
    (raised,) = evaluate(dispute)
    return raised


def login(client, user):
    client.force_login(user)
    return client


# -- who may see ----------------------------------------------------------------------------------------


def test_the_centre_sees_the_warnings_page_with_its_actions(client, users, warning):
    response = login(client, users["centre"]).get("/alerts/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-warning="{warning.pk}"' in html
    assert f"/alerts/{warning.pk}/acknowledge/" in html


def test_a_leader_reads_the_page_without_actions_and_may_not_act(client, users, warning):
    login(client, users["leader"])

    html = client.get("/alerts/").content.decode()
    assert f'data-warning="{warning.pk}"' in html
    assert "/acknowledge/" not in html
    assert client.get(f"/alerts/{warning.pk}/").status_code == 200
    assert client.post(f"/alerts/{warning.pk}/acknowledge/").status_code == 403
    assert client.post(f"/alerts/{warning.pk}/handle/", {"note": "x"}).status_code == 403
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN


@pytest.mark.parametrize("username", ["mediator_xinhua", "court_clerk", "labour_dept", "police_shahe"])
def test_other_staff_get_403_for_the_page_and_404_for_a_warning(client, users, warning, username):
    login(client, users[username])

    assert client.get("/alerts/").status_code == 403
    assert client.get(f"/alerts/{warning.pk}/").status_code == 404
    assert client.post(f"/alerts/{warning.pk}/acknowledge/").status_code == 404
    assert client.post(f"/alerts/{warning.pk}/handle/", {"note": "x"}).status_code == 404


def test_the_holder_body_sees_the_warning_of_its_dispute_read_only(client, users, warning):
    login(client, users["grid_dongzhai"])  # the grid station holds the dispute

    assert client.get(f"/alerts/{warning.pk}/").status_code == 200
    assert client.get("/alerts/").status_code == 403
    assert client.post(f"/alerts/{warning.pk}/acknowledge/").status_code == 403


def test_the_joint_meeting_reads_the_clusters_it_was_told_of_but_not_other_warnings(client, users, warning):
    for _ in range(3):
        dispute = register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI)
    evaluate(dispute)
    cluster = Warning.objects.get(kind=RuleKind.CLUSTER)
    login(client, users["petitions"])

    html = client.get("/alerts/").content.decode()
    assert f'data-warning="{cluster.pk}"' in html and f'data-warning="{warning.pk}"' not in html
    assert client.get(f"/alerts/{warning.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, warning):
    assert client.get("/alerts/").status_code == 302
    assert client.post(f"/alerts/{warning.pk}/acknowledge/").status_code == 302


# -- acknowledging and handling -------------------------------------------------------------------------


def test_acknowledge_then_handle_through_the_page(client, users, warning):
    login(client, users["centre"])

    response = client.post(f"/alerts/{warning.pk}/acknowledge/", {"next": "/alerts/?level=red"})
    assert response.status_code == 302 and response.headers["Location"] == "/alerts/?level=red"
    warning.refresh_from_db()
    assert (warning.status, warning.acknowledged_by) == (WarningStatus.ACKNOWLEDGED, users["centre"])
    assert warning.acknowledged_at is not None

    response = client.post(f"/alerts/{warning.pk}/handle/", {"note": "已约谈双方并制定稳控方案"}, follow=True)
    assert response.status_code == 200
    warning.refresh_from_db()
    assert (warning.status, warning.handled_by) == (WarningStatus.HANDLED, users["centre"])
    assert warning.handling_note == "已约谈双方并制定稳控方案" and warning.handled_at is not None
    html = response.content.decode()
    assert "已约谈双方并制定稳控方案" in html
    assert "/acknowledge/" not in html  # nothing left to do


def test_handling_needs_a_note(client, users, warning):
    login(client, users["centre"])

    response = client.post(f"/alerts/{warning.pk}/handle/", {"note": "  "}, follow=True)

    assert response.status_code == 200
    assert "请填写预警的处置情况。" in response.content.decode()
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN


def test_acknowledging_twice_says_so_without_an_error_page(client, users, warning):
    login(client, users["centre"])
    client.post(f"/alerts/{warning.pk}/acknowledge/")

    response = client.post(f"/alerts/{warning.pk}/acknowledge/", follow=True)

    assert response.status_code == 200
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED


def test_handled_warnings_leave_the_default_list_but_remain_under_their_filter(client, users, warning):
    login(client, users["centre"])
    client.post(f"/alerts/{warning.pk}/handle/", {"note": "已处置"})

    assert f'data-warning="{warning.pk}"' not in client.get("/alerts/").content.decode()
    assert f'data-warning="{warning.pk}"' in client.get("/alerts/?status=handled").content.decode()


# -- listing --------------------------------------------------------------------------------------------


def test_open_warnings_come_first_and_red_before_orange(client, users):
    mass = register_dispute(user=users["grid_dongzhai"], people_involved=20)  # red
    (older,) = evaluate(mass)
    for _ in range(3):
        dispute = register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI)
    (cluster,) = evaluate(dispute)  # orange, newer
    violent = register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI, category_code="labour",
                               description=VIOLENT)  # fmt: skip
    (newest_red,) = evaluate(violent)
    login(client, users["centre"]).post(f"/alerts/{newest_red.pk}/acknowledge/")

    html = client.get("/alerts/").content.decode()
    order = [int(pk) for pk in re.findall(r'data-warning="(\d+)"', html)]
    assert order == [older.pk, cluster.pk, newest_red.pk]


def test_filters_by_level_kind_and_town(client, users, warning):
    mass = register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI, people_involved=20)
    (other,) = evaluate(mass)
    login(client, users["centre"])

    def listed(query):
        return {
            int(pk)
            for pk in re.findall(r'data-warning="(\d+)"', client.get(f"/alerts/?{query}").content.decode())
        }

    assert listed("") == {warning.pk, other.pk}
    assert listed("kind=violence_words") == {warning.pk}
    assert listed("town=620723102") == {other.pk}
    # 沙河镇 by its former code (a link from before the official division codes) and by its own.
    assert listed("town=620723100") == listed("town=620723101") == {warning.pk}
    assert listed("level=orange") == set()
    assert listed("level=nonsense") == {warning.pk, other.pk}  # a bad filter is ignored, not a 500


def only_mass_disputes_warned() -> None:
    from alerts.models import WarningRule

    WarningRule.objects.exclude(kind=RuleKind.MASS_DISPUTE).update(enabled=False)


def test_the_list_makes_the_same_number_of_queries_for_2_and_20_warnings(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    only_mass_disputes_warned()
    login(client, users["centre"])

    def queries_for(count: int) -> int:
        while Warning.objects.count() < count:
            evaluate(register_dispute(user=users["grid_dongzhai"], people_involved=20))
        client.get("/alerts/")  # warm the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/alerts/")
        assert response.content.decode().count('data-testid="warning"') == count
        return len(captured)

    assert queries_for(2) == queries_for(20)


def test_pages_of_warnings(client, users):
    only_mass_disputes_warned()
    for _ in range(27):
        evaluate(register_dispute(user=users["grid_dongzhai"], people_involved=20))
    login(client, users["centre"])

    assert client.get("/alerts/").content.decode().count('data-testid="warning"') == 25
    assert client.get("/alerts/?page=2").content.decode().count('data-testid="warning"') == 2
    assert client.get("/alerts/?page=99").status_code == 200


# -- on the dispute page --------------------------------------------------------------------------------


def _dispute_include(user, dispute) -> str:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("zh-hans"):
        return render_to_string("alerts/_dispute_warnings.html", {"dispute": dispute}, request=request)


def test_the_dispute_page_include_shows_warnings_to_their_readers_only(users, warning):
    dispute = warning.dispute

    for username in ("centre", "leader", "grid_dongzhai"):
        assert 'data-testid="dispute-warning"' in _dispute_include(users[username], dispute), username
    for username in ("mediator_xinhua", "labour_dept"):
        assert "dispute-warning" not in _dispute_include(users[username], dispute), username


def test_the_selector_lists_cluster_warnings_on_each_member_dispute(users):
    from alerts.selectors import warnings_for_dispute

    disputes = [register_dispute(user=users["grid_dongzhai"]) for _ in range(3)]
    evaluate(disputes[-1])

    for dispute in disputes:
        assert [w.kind for w in warnings_for_dispute(dispute)] == [RuleKind.CLUSTER]
    assert list(warnings_for_dispute(disputes[0], user=staff("labour-dept"))) == []


def _nav_item(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("alerts/_nav_item.html", {}, request=request)


def test_the_navigation_item_shows_for_those_with_a_warnings_page(users):
    for username in ("centre", "leader", "petitions"):
        assert 'href="/alerts/"' in _nav_item(users[username]), username
    for username in ("mediator_dongzhai", "grid_dongzhai", "court_clerk"):
        assert "/alerts/" not in _nav_item(users[username]), username


# -- the disputes a warning names -----------------------------------------------------------------------


def _codes(html: str) -> set[str]:
    return set(re.findall(r"LZ-\d{4}-\d{6}", html))


def test_a_cluster_names_its_disputes_only_to_those_who_may_open_them(client, users):
    disputes = [register_dispute(user=users["mediator_xinhua"], region_code=DAZHAI) for _ in range(3)]
    (cluster,) = evaluate(disputes[-1])
    codes = {d.code for d in disputes}
    assert cluster.kind == RuleKind.CLUSTER and cluster.joint_meeting

    for username in ("centre", "mediator_xinhua"):  # the centre, and the committee holding all three
        assert _codes(login(client, users[username]).get(f"/alerts/{cluster.pk}/").content.decode()) == codes
    assert _codes(login(client, users["centre"]).get("/alerts/").content.decode()) == codes
    # The joint meeting was told of the cluster, but none of its disputes is the petitions bureau's.
    login(client, users["petitions"])
    for url in (f"/alerts/{cluster.pk}/", "/alerts/"):
        html = client.get(url).content.decode()
        assert f"/alerts/{cluster.pk}/" in html and "3 起" in html  # the warning and how many disputes
        assert _codes(html) == set(), url


def test_a_party_in_two_towns_disputes_each_holder_reads_its_own_code_only(client, users):
    from tests.alerts.helpers import PartyDataFactory, with_party

    person = PartyDataFactory()
    dongzhai = register_dispute(user=users["mediator_dongzhai"], parties=with_party(person))
    xinhua = register_dispute(user=users["mediator_xinhua"], region_code=DAZHAI, parties=with_party(person))
    (warning,) = evaluate(xinhua)
    assert warning.kind == RuleKind.REPEAT_PARTY

    for username, own in (("mediator_dongzhai", dongzhai), ("mediator_xinhua", xinhua)):
        html = login(client, users[username]).get(f"/alerts/{warning.pk}/").content.decode()
        assert _codes(html) == {own.code}, username
    html = login(client, users["leader"]).get(f"/alerts/{warning.pk}/").content.decode()
    assert _codes(html) == {dongzhai.code, xinhua.code}  # the leader reads the whole county


def test_acting_on_a_warning_outside_the_scope_is_404_whatever_is_posted(client, users, warning):
    login(client, users["mediator_xinhua"])
    assert client.post(f"/alerts/{warning.pk}/handle/").status_code == 404  # no note: still not found
    assert client.post(f"/alerts/{warning.pk}/acknowledge/", {"next": "/alerts/"}).status_code == 404
    login(client, users["centre"])
    assert client.post(f"/alerts/{warning.pk + 1000}/handle/").status_code == 404
    assert client.post(f"/alerts/{warning.pk}/handle/").status_code == 302  # in scope: "say how" message
