from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import World, add_backup_code, make_user, verified_client
from tuyengiao.accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db

USER_LIST = reverse("accounts:user_list")


def membership_data(unit: str, role: str = Role.SPECIALIST, **extra: str) -> dict[str, str]:
    return {"m-unit": unit, "m-role": role, "m-valid_from": "", "m-valid_to": "", **extra}


def test_it_lists_only_users_whose_roles_all_lie_in_scope(world: World) -> None:
    content = world.admin_client().get(USER_LIST).content.decode()
    assert world.user_a1.username in content
    assert world.admin_a.username in content
    assert world.user_b.username not in content
    assert world.user_ab.username not in content  # one role in A, one in B


def test_the_user_list_needs_a_constant_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    for i in range(30):
        make_user(f"them.{i}", world.unit_a1)
    client = world.admin_client()
    client.get(USER_LIST)  # warm the session
    # 15 today whatever the number of users; a little headroom for the shared navigation.
    with django_assert_max_num_queries(18):
        response = client.get(USER_LIST)
    assert response.status_code == 200
    assert "them.29" in response.content.decode()


def test_a_non_administrator_cannot_open_user_management(world: World) -> None:
    assert verified_client(world.user_a1).get(USER_LIST).status_code == 403


def test_a_superuser_sees_everyone(world: World) -> None:
    root = User.objects.create_superuser("sieuquantri", password="Mat-khau-dung-2025")
    add_backup_code(root)
    content = verified_client(root).get(USER_LIST + "?q=chuyenvien").content.decode()
    assert world.user_a1.username in content and world.user_b.username in content


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("accounts:user_edit", "get"),
        ("accounts:user_edit", "post"),
        ("accounts:user_reset_password", "post"),
        ("accounts:user_unlock", "post"),
        ("accounts:user_reset_two_factor", "post"),
        ("accounts:membership_add", "post"),
    ],
)
def test_users_outside_the_scope_answer_404(world: World, name: str, method: str) -> None:
    client = world.admin_client()
    for outsider in (world.user_b, world.user_ab):
        response = getattr(client, method)(reverse(name, args=[outsider.pk]))
        assert response.status_code == 404
    outsider = User.objects.get(pk=world.user_b.pk)
    assert outsider.check_password("Mat-khau-dung-2025")
    assert not outsider.must_change_password


def test_memberships_of_users_outside_the_scope_answer_404(world: World) -> None:
    client = world.admin_client()
    membership = world.user_ab.memberships.get(unit=world.unit_a1)
    assert client.get(reverse("accounts:membership_edit", args=[membership.pk])).status_code == 404
    assert client.post(reverse("accounts:membership_delete", args=[membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_forged_unit_outside_the_scope_is_rejected_and_nothing_changes(world: World) -> None:
    client = world.admin_client()
    before = list(Membership.objects.values_list("pk", "user_id", "unit_id", "role").order_by("pk"))

    response = client.post(
        reverse("accounts:membership_add", args=[world.user_a1.pk]), membership_data("test:b", Role.ADMINISTRATOR)
    )
    assert response.status_code == 400
    assert "Không tìm thấy đơn vị này trong phạm vi bạn quản trị." in response.content.decode()

    membership = world.user_a1.memberships.get()
    response = client.post(reverse("accounts:membership_edit", args=[membership.pk]), membership_data("test:b"))
    assert response.status_code == 400
    assert "Không tìm thấy đơn vị này trong phạm vi bạn quản trị." in response.content.decode()

    response = client.post(
        reverse("accounts:user_create"),
        {"u-username": "moi", "u-full_name": "Người mới", "u-is_active": "on", **membership_data("test:b")},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="moi").exists()
    assert list(Membership.objects.values_list("pk", "user_id", "unit_id", "role").order_by("pk")) == before


def test_an_administrator_adds_and_edits_a_role_in_scope(world: World) -> None:
    client = world.admin_client()
    response = client.post(
        reverse("accounts:membership_add", args=[world.user_a1.pk]),
        membership_data("test:a", Role.VIEWER, **{"m-valid_from": "15/08/2025", "m-valid_to": "01/01/2026"}),
    )
    assert response.status_code == 302
    added = world.user_a1.memberships.get(unit=world.unit_a)
    assert added.role == Role.VIEWER
    assert added.valid_from is not None and (added.valid_from.day, added.valid_from.month) == (15, 8)

    response = client.post(
        reverse("accounts:membership_edit", args=[added.pk]),
        membership_data("test:a", Role.LEADER, **{"m-valid_from": "01/01/2026", "m-valid_to": "01/01/2025"}),
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()

    response = client.post(reverse("accounts:membership_edit", args=[added.pk]), membership_data("test:a", Role.LEADER))
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.role == Role.LEADER


def test_the_last_role_cannot_be_deleted(world: World) -> None:
    membership = world.user_a1.memberships.get()
    response = world.admin_client().post(reverse("accounts:membership_delete", args=[membership.pk]), follow=True)
    assert "Người dùng phải có ít nhất một vai trò." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_administrator_creates_a_user_with_a_temporary_password_shown_once(world: World) -> None:
    client = world.admin_client()
    response = client.post(
        reverse("accounts:user_create"),
        {
            "u-username": "nguoimoi",
            "u-full_name": "Nguyễn Thị Mới",
            "u-position": "Chuyên viên",
            "u-email": "",
            "u-is_active": "on",
            **membership_data("test:a1"),
        },
    )
    assert response.status_code == 200
    user = User.objects.get(username="nguoimoi")
    assert user.must_change_password
    assert user.memberships.get().unit == world.unit_a1

    page = response.content.decode()
    assert "Đã tạo tài khoản nguoimoi." in page
    temporary = page.split('user-select-all">')[1].split("<")[0]
    assert len(temporary.replace("-", "")) >= 12
    assert user.check_password(temporary)
    assert "no-store" in response["Cache-Control"]
    assert temporary not in client.get(reverse("accounts:user_edit", args=[user.pk])).content.decode()


def test_the_temporary_password_is_in_the_post_response_whatever_another_request_does_to_the_session(
    world: World,
) -> None:
    """A late unit-search request of the same session, finishing after the save, once overwrote the session
    and the password was lost: the password is never kept in the session, so nothing can overwrite it."""
    client = world.admin_client()
    response = client.post(
        reverse("accounts:user_create"),
        {"u-username": "nguoimoi2", "u-full_name": "Nguyễn Văn Hai", "u-is_active": "on", **membership_data("test:a1")},
    )
    temporary = response.content.decode().split('user-select-all">')[1].split("<")[0]
    assert temporary not in str(dict(client.session.items()))
    client.get(reverse("accounts:unit_search"), {"m-unit": "ban tuyen"})  # the late request
    assert User.objects.get(username="nguoimoi2").check_password(temporary)

    response = client.post(reverse("accounts:user_reset_password", args=[world.user_a1.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    again = response.content.decode().split('user-select-all">')[1].split("<")[0]
    assert again not in str(dict(client.session.items()))
    world.user_a1.refresh_from_db()
    assert world.user_a1.check_password(again)


def test_a_password_reset_sets_must_change_and_clears_the_lock_out(world: World) -> None:
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": world.user_a1.username, "password": "sai"})
    assert AccessAttempt.objects.filter(username=world.user_a1.username).exists()

    response = world.admin_client().post(reverse("accounts:user_reset_password", args=[world.user_a1.pk]))
    assert response.status_code == 200
    world.user_a1.refresh_from_db()
    assert world.user_a1.must_change_password
    assert not world.user_a1.check_password("Mat-khau-dung-2025")
    assert not AccessAttempt.objects.filter(username=world.user_a1.username).exists()


def test_the_unit_search_suggests_units_in_scope_only(world: World) -> None:
    client = world.admin_client()
    content = client.get(reverse("accounts:unit_search"), {"m-unit": "ban tuyen giao tinh thu"}).content.decode()
    assert 'data-key="test:a"' in content
    assert 'data-key="test:b"' not in content
    assert 'value="test:a"' not in content  # the visible input shows names, never the internal key


def test_a_picked_suggestion_shows_the_unit_name_and_posts_its_key_in_the_hidden_field(world: World) -> None:
    client = world.admin_client()
    options = client.get(reverse("accounts:unit_search"), {"m-unit": "ban tuyen giao tinh thu"}).content.decode()
    shown = options.split('data-key="test:a"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert ":" not in shown and shown  # a name, not "test:a"
    response = client.post(
        reverse("accounts:membership_add", args=[world.user_a1.pk]),
        membership_data(shown, Role.VIEWER, **{"m-unit_key": "test:a"}),
    )
    assert response.status_code == 302
    membership = world.user_a1.memberships.get(role=Role.VIEWER)
    assert membership.unit == world.unit_a
    page = client.get(reverse("accounts:membership_edit", args=[membership.pk])).content.decode()
    assert 'name="m-unit_key" value="test:a"' in page
    assert 'name="m-unit" id="id_m-unit" value="test:a"' not in page
    # a key left in the hidden field does not override a text naming another unit
    response = client.post(
        reverse("accounts:membership_edit", args=[membership.pk]),
        membership_data("test:b", Role.VIEWER, **{"m-unit_key": "test:a"}),
    )
    assert response.status_code == 400


def test_an_administrator_cannot_deactivate_themselves(world: World) -> None:
    client = world.admin_client()
    response = client.post(
        reverse("accounts:user_edit", args=[world.admin_a.pk]),
        {"u-username": world.admin_a.username, "u-full_name": "Quản trị A"},
    )
    assert response.status_code == 400
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()
    world.admin_a.refresh_from_db()
    assert world.admin_a.is_active


def test_the_last_administrator_who_lost_phone_and_codes_is_reset_from_the_command_line(personas):
    from django.core.management import CommandError, call_command
    from django_otp.plugins.otp_static.models import StaticDevice

    assert StaticDevice.objects.filter(user=personas.admin).exists()
    call_command("reset_two_factor", personas.admin.username)
    assert not StaticDevice.objects.filter(user=personas.admin).exists()
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("reset_two_factor", "khong-ton-tai")
