from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD, World, make_unit, make_user
from tuyengiao.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
NEW_PASSWORD = "Mot-mat-khau-moi-2025"


def test_it_shows_roles_in_force_with_todays_unit_names() -> None:
    unit = make_unit("test:a", "Ban Tuyên giáo tỉnh Thử A")
    old = make_unit("test:old", "Ban cũ đã thôi")
    user = make_user("nguoidung", unit, Role.LEADER, position="Phó Trưởng ban")
    Membership.objects.create(user=user, unit=old, role=Role.VIEWER, valid_to=dt.date(2020, 1, 1))
    client = Client()
    client.force_login(user)
    content = client.get(PROFILE).content.decode()
    assert "Ban Tuyên giáo tỉnh Thử A" in content
    assert "Lãnh đạo" in content
    assert "Phó Trưởng ban" in content
    assert "Ban cũ đã thôi" not in content


def test_changing_the_password_keeps_the_user_logged_in() -> None:
    user = make_user("nguoidung")
    client = Client()
    client.force_login(user)
    response = client.post(
        PROFILE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(PROFILE).status_code == 200


def test_a_wrong_old_password_is_refused_in_vietnamese() -> None:
    user = make_user("nguoidung")
    client = Client()
    client.force_login(user)
    response = client.post(
        PROFILE, {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng. Vui lòng nhập lại." in response.content.decode()


def test_the_password_change_middleware_is_installed(settings: object) -> None:
    assert "tuyengiao.accounts.middleware.RequirePasswordChangeMiddleware" in settings.MIDDLEWARE  # type: ignore[attr-defined]


def test_a_reset_password_must_be_changed_before_anything_else(world: World) -> None:
    response = world.admin_client().post(reverse("accounts:user_reset_password", args=[world.user_a1.pk]))
    assert response.status_code == 200
    world.user_a1.refresh_from_db()
    assert world.user_a1.must_change_password

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": world.user_a1.username, "password": PASSWORD})
    assert response.status_code == 200  # the old password no longer works

    # Log in with the temporary password shown to the administrator.
    admin = world.admin_client()
    page = admin.post(reverse("accounts:user_reset_password", args=[world.user_a1.pk])).content.decode()
    temporary = page.split('user-select-all">')[1].split("<")[0]
    response = client.post(reverse("accounts:login"), {"username": world.user_a1.username, "password": temporary})
    assert response["Location"] == PROFILE + "#doi-mat-khau"

    # Every other page sends the user back to the password form.
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert response["Location"] == PROFILE + "#doi-mat-khau"

    response = client.post(
        PROFILE, {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    world.user_a1.refresh_from_db()
    assert not world.user_a1.must_change_password
    assert client.get(reverse("front:home")).status_code == 200
