from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD, World, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOCKED_MESSAGE = (
    "Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên."
)


def post_login(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_it_shows_the_login_form_in_vietnamese() -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tên đăng nhập" in content and "Mật khẩu" in content and "Đăng nhập" in content
    assert "tg-login" in content


def test_it_logs_in_with_the_right_password() -> None:
    user = make_user("nguoidung")
    client = Client()
    response = post_login(client, "nguoidung", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("front:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_refuses_a_wrong_password_with_a_vietnamese_message() -> None:
    make_user("nguoidung")
    client = Client()
    response = post_login(client, "nguoidung", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_user() -> None:
    make_user("danghi", is_active=False)
    response = post_login(Client(), "danghi", PASSWORD)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_it_locks_out_after_five_wrong_passwords() -> None:
    make_user("nguoidung")
    client = Client()
    for _ in range(4):
        assert post_login(client, "nguoidung", "sai-mat-khau").status_code == 200
    response = post_login(client, "nguoidung", "sai-mat-khau")
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()

    # Even the right password is refused while the lock lasts.
    response = post_login(client, "nguoidung", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_administrator_can_unlock_a_locked_out_user(world: World) -> None:
    client = Client()
    for _ in range(5):
        post_login(client, world.user_a1.username, "sai-mat-khau")
    assert post_login(client, world.user_a1.username, PASSWORD).status_code == 429

    response = world.admin_client().post(reverse("accounts:user_unlock", args=[world.user_a1.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=world.user_a1.username).exists()

    response = post_login(client, world.user_a1.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.user_a1.pk)


def test_it_follows_a_safe_next_url() -> None:
    make_user("nguoidung")
    response = post_login(Client(), "nguoidung", PASSWORD, next="/tai-khoan/cua-toi/")
    assert response["Location"] == "/tai-khoan/cua-toi/"


def test_it_ignores_a_next_url_to_another_site() -> None:
    make_user("nguoidung")
    response = post_login(Client(), "nguoidung", PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("front:home")


def test_it_explains_an_expired_session() -> None:
    response = Client().get(LOGIN + "?het-phien=1")
    assert "Phiên làm việc đã hết hạn do không thao tác. Vui lòng đăng nhập lại." in response.content.decode()


def test_logout_requires_post() -> None:
    user = make_user("nguoidung")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_ends_the_session_and_returns_to_the_login_page() -> None:
    user = make_user("nguoidung")
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert "_auth_user_id" not in client.session
