"""Chinese is what a visitor sees first; English is one switch away and follows the browser."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_speaks_chinese_without_a_language_preference(client):
    response = client.get(LOGIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "登录诉源治理平台" in html
    assert "用户名" in html
    assert "密码" in html
    assert "Log in to the dispute-resolution portal" not in html


def test_public_home_speaks_chinese_without_a_language_preference(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "在临泽县化解矛盾纠纷" in html
    assert "人民调解" in html
    assert "Resolve a dispute in Linze County" not in html


def test_choosing_english_switches_the_pages_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})

    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN
    login = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in login
    assert "Log in to the dispute-resolution portal" in login
    assert "登录诉源治理平台" not in login
    home = client.get("/").content.decode()
    assert "Resolve a dispute in Linze County" in home


def test_choosing_chinese_again_switches_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": LOGIN})

    assert "登录诉源治理平台" in client.get(LOGIN).content.decode()


def test_an_english_browser_gets_english(client):
    html = client.get(LOGIN, headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en">' in html
    assert "Log in to the dispute-resolution portal" in html


def test_a_chinese_browser_gets_chinese(client):
    html = client.get(LOGIN, headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"}).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "登录诉源治理平台" in html


def test_language_menu_offers_both_languages_in_their_own_names(client):
    html = client.get(LOGIN).content.decode()

    assert '<option value="zh-hans" selected>简体中文</option>' in html
    assert '<option value="en">English</option>' in html
