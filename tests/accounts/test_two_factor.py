from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import PASSWORD, add_totp, make_unit, make_user, verified_client
from tuyengiao.accounts.models import Role

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("accounts:two_factor")


def step(name: str) -> str:
    """Each step of the two-factor page posts to its own URL."""
    return reverse(f"accounts:two_factor_{name}")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def set_up_totp(client: Client, user_pk: int) -> TOTPDevice:
    assert client.post(step("start"), {}).status_code == 302
    device = TOTPDevice.objects.get(user_id=user_pk, confirmed=False)
    response = client.get(TWO_FACTOR)
    content = response.content.decode()
    assert "<svg" in content and "tg-qr" in content
    assert "Bắt đầu thiết lập" not in content
    return device


def test_an_administrator_without_two_factor_is_sent_to_set_it_up() -> None:
    admin = make_user("quantri", make_unit("test:a", "Ban A"), Role.ADMINISTRATOR)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "quantri", "password": PASSWORD})
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"] == TWO_FACTOR
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    assert "Quản trị viên bắt buộc phải bật xác thực hai lớp" in response.content.decode()
    assert admin.is_administrator


def test_setting_up_totp_verifies_the_session_and_shows_backup_codes_once() -> None:
    admin = make_user("quantri", make_unit("test:a", "Ban A"), Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    device = set_up_totp(client, admin.pk)

    response = client.post(step("confirm"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id

    codes = list(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(codes) == 10
    content = client.get(TWO_FACTOR).content.decode()
    assert all(code in content for code in codes)
    assert codes[0] not in client.get(TWO_FACTOR).content.decode()

    # Now the administrator may work.
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_wrong_confirmation_code_leaves_totp_off() -> None:
    user = make_user("nguoidung")
    client = Client()
    client.force_login(user)
    device = set_up_totp(client, user.pk)
    response = client.post(step("confirm"), {"token": "000000"})
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=user).exists()


def test_a_user_can_turn_two_factor_off_with_their_password() -> None:
    user = make_user("nguoidung")
    add_totp(user)
    client = verified_client(user)
    response = client.post(step("disable"), {"password": "sai"})
    assert response.status_code == 200
    assert "Mật khẩu không đúng." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    response = client.post(step("disable"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_an_administrator_cannot_turn_two_factor_off() -> None:
    admin = make_user("quantri", make_unit("test:a", "Ban A"), Role.ADMINISTRATOR)
    add_totp(admin)
    client = verified_client(admin)
    response = client.post(step("disable"), {"password": PASSWORD}, follow=True)
    assert "Quản trị viên bắt buộc dùng xác thực hai lớp nên không thể tắt." in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_an_unverified_administrator_session_can_be_verified_on_the_page() -> None:
    admin = make_user("quantri", make_unit("test:a", "Ban A"), Role.ADMINISTRATOR)
    device = add_totp(admin)
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("accounts:user_list"))["Location"] == TWO_FACTOR
    response = client.post(step("verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_the_page_takes_no_post_and_a_step_that_does_not_apply_is_refused(client: Client) -> None:
    user = make_user("mot.buoc", unit=make_unit("com:test", "Ban thử"), role=Role.SPECIALIST)
    client.force_login(user)
    assert client.post(TWO_FACTOR, {"action": "start"}).status_code == 405
    for name in ("confirm", "verify", "backup_codes", "disable"):  # no device yet: none of these applies
        assert client.post(step(name), {"token": "123456", "password": PASSWORD}).status_code == 400, name
        assert client.get(step(name)).status_code == 405
    assert not TOTPDevice.objects.filter(user=user).exists()
    Client().post(step("start"))  # anonymous: to the login page, nothing created
    assert not TOTPDevice.objects.exists()
