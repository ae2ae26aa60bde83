"""Signing in: a clear error in Chinese, then each demo role lands on its own page and sees only its work."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from agencies.models import Membership

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WORKBENCH, GRID, AGENCY, DASHBOARDS = "/workbench/", "/workbench/grid/", "/agency/", "/dashboards/"
ROLE_PAGES = [WORKBENCH, GRID, AGENCY, DASHBOARDS]

# The page each demo account starts on, its heading there, and the only navigation item it has.
LANDING = {
    "centre": (WORKBENCH, "工作台"),
    "mediator_dongzhai": (WORKBENCH, "工作台"),
    "mediator_shahe": (WORKBENCH, "工作台"),
    "mediator_xinhua": (WORKBENCH, "工作台"),
    "grid_dongzhai": (GRID, "我的上报"),
    "court_clerk": ("/agency/court/", "法院待办"),
    "police_shahe": (AGENCY, "待接收移送"),
    "petitions": (AGENCY, "待接收移送"),
    "labour_dept": (AGENCY, "待接收移送"),
    "leader": (DASHBOARDS, "领导驾驶舱"),
}
# The navigation each kind of user has, its landing page first; agency staff also work in the workbench.
INTAKE, GRID_REPORT = "/workbench/new/", "/workbench/grid/report/"
MEDIATORS, COURT_QUEUE = "/workbench/mediation/mediators/", "/agency/court/"
NAVIGATION = {
    WORKBENCH: [(WORKBENCH, "工作台"), (INTAKE, "登记纠纷"), (MEDIATORS, "调解员")],
    GRID: [(GRID, "我的上报"), (GRID_REPORT, "上报纠纷")],
    AGENCY: [(AGENCY, "待接收移送"), (WORKBENCH, "工作台"), (INTAKE, "登记纠纷"), (MEDIATORS, "调解员")],
    DASHBOARDS: [
        (DASHBOARDS, "领导驾驶舱"),
        (DASHBOARDS + "congress/", "人大监督"),
        (DASHBOARDS + "exports/", "导出矛盾纠纷台账"),
    ],
}


def expected_navigation(username: str) -> list[tuple[str, str]]:
    """A role's own navigation; court staff have an agency's, with the court's queue (where they land)."""
    if username == "court_clerk":
        items = list(NAVIGATION[AGENCY])
        items.insert(1, (COURT_QUEUE, "法院待办"))
        return items
    return list(NAVIGATION[LANDING[username][0]])


FORBIDDEN_HEADING = "您所在岗位无权访问此页面"


@pytest.fixture
def demo_accounts():
    call_command("load_linze", stdout=io.StringIO())
    call_command("seed_demo", "--no-disputes", stdout=io.StringIO())


def log_in(client, username, password=None):
    return client.post(
        LOGIN, {"username": username, "password": password or settings.DEMO_PASSWORD}, follow=True
    )


def heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return match.group(1).strip() if match else ""


def header_who(html: str) -> str:
    match = re.search(r'data-testid="who">(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def nav_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of the main navigation; a link's count badges follow its label and are left out."""
    menu = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', html, re.S).group(1)
    return [(href, label.strip()) for href, label in re.findall(r'href="([^"]+)">([^<]*)', menu)]


def test_wrong_password_shows_a_clear_error_and_keeps_the_username(client, demo_accounts):
    response = log_in(client, "mediator_dongzhai", "not-the-password")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert "用户名或密码不正确，请核对后重试（密码区分大小写）。" in html
    assert 'value="mediator_dongzhai"' in html
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_error_as_a_wrong_password(client, demo_accounts):
    html = log_in(client, "nobody_here", "whatever").content.decode()

    assert "用户名或密码不正确" in html
    assert 'value="nobody_here"' in html


@pytest.mark.parametrize("username", sorted(LANDING))
def test_each_role_lands_on_its_own_page_in_chinese(client, demo_accounts, username):
    page, title = LANDING[username]

    response = log_in(client, username)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == page
    html = response.content.decode()
    assert heading(html) == title
    assert nav_links(html) == expected_navigation(username), "a role sees only its own navigation"


def test_admin_lands_on_the_administration_site(client, demo_accounts):
    response = log_in(client, "admin")

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("admin:index")
    assert "站点管理" in response.content.decode()


def test_admin_navigation_has_only_administration(client, demo_accounts):
    log_in(client, "admin")

    html = client.get(WORKBENCH).content.decode()

    assert nav_links(html) == [(reverse("admin:index"), "系统管理")]


@pytest.mark.parametrize("username", ["mediator_dongzhai", "grid_dongzhai", "police_shahe", "leader"])
def test_header_shows_name_body_and_role(client, demo_accounts, username):
    membership = Membership.objects.select_related("user", "body").get(user__username=username)
    with translation.override("zh-hans"):
        role = membership.get_role_display()
    user = membership.user

    who = header_who(log_in(client, username).content.decode())

    assert who == f"{user.last_name}{user.first_name} · {membership.body.name} · {role}"


def test_header_of_the_village_mediator_reads_as_expected(client, demo_accounts):
    who = header_who(log_in(client, "mediator_dongzhai").content.decode())

    assert who == "陈桂兰 · 东寨村人民调解委员会 · 调解员"


def test_header_switches_to_english_names_and_labels(client, demo_accounts):
    log_in(client, "grid_dongzhai")
    client.post("/i18n/setlang/", {"language": "en", "next": GRID})

    html = client.get(GRID).content.decode()

    assert heading(html) == "My reports"
    assert header_who(html).endswith("· Grid worker")


@pytest.mark.parametrize("username", sorted(LANDING))
def test_other_roles_pages_answer_403_with_the_friendly_page(client, demo_accounts, username):
    log_in(client, username)

    for page in ROLE_PAGES:
        if page in {href for href, _label in expected_navigation(username)}:
            continue
        response = client.get(page)
        assert response.status_code == 403, page
        html = response.content.decode()
        assert heading(html) == FORBIDDEN_HEADING, page
        assert "请通过上方导航进入您本人的工作页面" in html
        assert nav_links(html) == expected_navigation(username), "the way back to one's own work"


def test_signed_out_visitor_is_sent_to_the_login_page(client):
    for page in [*ROLE_PAGES, "/home/"]:
        response = client.get(page)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(f"{LOGIN}?next=")


def test_log_out_returns_to_the_login_page(client, demo_accounts):
    log_in(client, "centre")

    response = client.post("/accounts/logout/", follow=True)

    assert response.request["PATH_INFO"] == LOGIN
    assert "登录诉源治理平台" in response.content.decode()
    assert client.get(WORKBENCH).status_code == 302
