from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import make_user
from tuyengiao.accounts.middleware import LAST_SEEN, REFRESH_SECONDS

pytestmark = pytest.mark.django_db

KEEPALIVE = reverse("accounts:keepalive")
PROFILE = reverse("accounts:profile")


def logged_in() -> Client:
    client = Client()
    client.force_login(make_user("nguoidung"))
    return client


def test_idle_timeout_logs_out_after_session_idle_minutes(settings: object) -> None:
    client = logged_in()
    assert client.get(PROFILE).status_code == 200
    session = client.session
    idle = settings.SESSION_IDLE_MINUTES * 60 + REFRESH_SECONDS + 5  # type: ignore[attr-defined]
    session[LAST_SEEN] = time.time() - idle
    session.save()
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?het-phien=1"
    assert "_auth_user_id" not in client.session


def test_a_recent_request_keeps_the_session(settings: object) -> None:
    client = logged_in()
    client.get(PROFILE)
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SESSION_IDLE_MINUTES * 60 + 60  # type: ignore[attr-defined]
    session.save()
    assert client.get(PROFILE).status_code == 200


def test_requests_within_a_minute_leave_the_session_unwritten_and_a_later_one_refreshes_it() -> None:
    """The several requests a page sends at once must not all write the one session row."""
    client = logged_in()
    client.get(PROFILE)
    session = client.session
    recent = time.time() - 10
    session[LAST_SEEN] = recent
    session.save()
    response = client.get(PROFILE)
    assert response.status_code == 200
    assert not response.wsgi_request.session.modified
    assert client.session[LAST_SEEN] == recent

    session = client.session
    session[LAST_SEEN] = time.time() - REFRESH_SECONDS - 1
    session.save()
    client.get(PROFILE)
    assert client.session[LAST_SEEN] > time.time() - 5


def test_keepalive_answers_204_and_refreshes_the_timestamp() -> None:
    client = logged_in()
    client.get(PROFILE)
    session = client.session
    session[LAST_SEEN] = time.time() - 600
    session.save()
    response = client.post(KEEPALIVE)
    assert response.status_code == 204
    assert client.session[LAST_SEEN] > time.time() - 5


def test_keepalive_requires_post_and_login() -> None:
    assert logged_in().get(KEEPALIVE).status_code == 405
    assert Client().post(KEEPALIVE).status_code == 302


def test_pages_carry_the_countdown_settings() -> None:
    content = logged_in().get(PROFILE).content.decode()
    assert 'data-keepalive-url="/tai-khoan/giu-phien/"' in content
    assert "js/session-timeout.js" in content


def test_the_login_page_reached_by_the_countdown_ends_a_session_idle_that_long(settings: object) -> None:
    """The page's countdown goes to the login page with het-phien=1; the server, which allows a minute more,
    ends the session there once it has been idle SESSION_IDLE_MINUTES, and shows the explanation."""
    client = logged_in()
    client.get(PROFILE)
    login_url = reverse("accounts:login") + "?het-phien=1"
    session = client.session
    session[LAST_SEEN] = time.time() - 30
    session.save()
    assert client.get(login_url).status_code == 302  # not idle long enough: still signed in
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 1  # type: ignore[attr-defined]
    session.save()
    response = client.get(login_url)
    assert response.status_code == 200
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session
