from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import BACKUP_CODE, PASSWORD, add_backup_code, add_totp, make_user
from tuyengiao.accounts import views

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def start_login(client: Client, username: str, **extra: str) -> None:
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_a_user_with_totp_is_not_logged_in_by_the_password_alone() -> None:
    user = make_user("cohailop")
    add_totp(user)
    client = Client()
    start_login(client, "cohailop")
    assert "_auth_user_id" not in client.session
    response = client.get(VERIFY)
    assert response.status_code == 200
    assert "Mã xác thực" in response.content.decode()


def test_the_right_totp_code_completes_the_login() -> None:
    user = make_user("cohailop")
    device = add_totp(user)
    client = Client()
    start_login(client, "cohailop", next="/tai-khoan/cua-toi/")
    response = client.post(VERIFY, {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/cua-toi/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    assert views.PENDING_USER not in client.session


def test_a_backup_code_works_once() -> None:
    user = make_user("cohailop")
    add_totp(user)
    add_backup_code(user)
    client = Client()
    start_login(client, "cohailop")
    response = client.post(VERIFY, {"token": BACKUP_CODE.upper()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not StaticToken.objects.filter(token=BACKUP_CODE).exists()


def test_a_wrong_code_is_refused_with_the_attempts_left() -> None:
    user = make_user("cohailop")
    add_totp(user)
    client = Client()
    start_login(client, "cohailop")
    response = client.post(VERIFY, {"token": "000000"})
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã được dùng. Bạn còn 4 lần thử." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_require_starting_the_login_again() -> None:
    user = make_user("cohailop")
    device = add_totp(user)
    client = Client()
    start_login(client, "cohailop")
    for _ in range(4):
        assert client.post(VERIFY, {"token": "000000"}).status_code == 200
    response = client.post(VERIFY, {"token": "000000"})
    # The wrong codes count as login failures too, so the account is now locked out.
    assert response.status_code == 429
    assert views.PENDING_USER not in client.session
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = client.post(VERIFY, {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_verify_page_without_a_pending_login_goes_back_to_login() -> None:
    response = Client().get(VERIFY)
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_a_pending_login_expires_after_five_minutes() -> None:
    user = make_user("cohailop")
    device = add_totp(user)
    client = Client()
    start_login(client, "cohailop")
    session = client.session
    session[views.PENDING_SINCE] = time.time() - views.PENDING_SECONDS - 1
    session.save()
    response = client.post(VERIFY, {"token": code_for(device)})
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
