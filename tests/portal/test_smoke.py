import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/guide/",
        "/guide/labour-mediation-arbitration/",
        "/explore/",
        "/directory/",
        "/submit/",
        "/track/",
    ],
)
def test_pages_open(linze, citizen, url):
    response = citizen.get(url)
    assert response.status_code == 200, response.content[:2000]
