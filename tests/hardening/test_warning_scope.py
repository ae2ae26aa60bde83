"""A warning page names only the disputes the viewer may open; the others are counted, never named."""

import pytest

from alerts.choices import RuleKind
from alerts.models import Warning
from tests.alerts.conftest import warning_rules  # noqa: F401
from tests.alerts.helpers import evaluate, grid_worker, register_dispute
from tests.factories import DAZHAI

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze", "warning_rules")]
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def cluster(users):
    """A cluster of three disputes in Dazhai: two held by the Dongzhai grid station, one by Dazhai's."""
    own = [register_dispute(user=users["grid_dongzhai"], region_code=DAZHAI) for _ in range(2)]
    other = register_dispute(user=grid_worker(DAZHAI), region_code=DAZHAI)
    evaluate(other)
    warning = Warning.objects.get(kind=RuleKind.CLUSTER)
    assert set(warning.disputes.all()) == {*own, other}
    return warning, own, other


def test_a_holder_sees_its_own_disputes_of_a_cluster_and_the_others_only_as_a_count(client, users, cluster):
    warning, own, other = cluster
    client.force_login(users["grid_dongzhai"])

    html = client.get(f"/alerts/{warning.pk}/", **ENGLISH).content.decode()

    assert all(dispute.code in html for dispute in own)
    assert other.code not in html
    assert "and 1 dispute you may not open" in html


def test_the_joint_meeting_reads_the_cluster_without_any_code_it_may_not_open(client, users, cluster):
    warning, own, other = cluster
    client.force_login(users["petitions"])  # told of clusters, holds none of them

    for page in ("/alerts/", f"/alerts/{warning.pk}/"):
        html = client.get(page, **ENGLISH).content.decode()
        assert f'data-warning="{warning.pk}"' in html or page != "/alerts/"
        assert not any(dispute.code in html for dispute in [*own, other]), page
        assert "and 3 disputes you may not open" in html, page


def test_the_centre_sees_every_code_and_no_count(client, users, cluster):
    warning, own, other = cluster
    client.force_login(users["centre"])

    html = client.get("/alerts/", **ENGLISH).content.decode()

    assert f'data-warning="{warning.pk}"' in html
    assert all(dispute.code in html for dispute in [*own, other])
    assert "you may not open" not in html
