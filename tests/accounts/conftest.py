"""Small fixtures for the accounts tests: two separate unit trees and users in them.

``tree_a`` is a province-like unit with one child; ``tree_b`` is another root. The
administrator of ``tree_a`` manages users whose roles all lie in ``tree_a``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tuyengiao.accounts.models import Membership, Role, User
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

PASSWORD = "Mat-khau-dung-2025"
BACKUP_CODE = "abcd2345"


def make_unit(key: str, name: str, parent: Unit | None = None, level: str = Level.PROVINCE) -> Unit:
    unit = Unit.objects.create(key=key, level=level, kind=Kind.COMMISSION)
    UnitVersion.objects.create(unit=unit, name=name, parent=parent)
    return unit


def make_user(username: str, unit: Unit | None = None, role: str = Role.SPECIALIST, **extra: object) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=f"Người dùng {username}", **extra)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def add_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


def add_backup_code(user: User, code: str = BACKUP_CODE) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    StaticToken.objects.create(device=device, token=code)
    return device


def verified_client(user: User) -> Client:
    """A client logged in as ``user`` whose session passed the second factor (when they have a device)."""
    client = Client()
    client.force_login(user)
    device = StaticDevice.objects.filter(user=user).first() or TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@dataclass
class World:
    unit_a: Unit
    unit_a1: Unit
    unit_b: Unit
    admin_a: User
    user_a1: User
    user_b: User
    user_ab: User

    def admin_client(self) -> Client:
        return verified_client(self.admin_a)


@pytest.fixture
def world(db: None) -> World:
    unit_a = make_unit("test:a", "Ban Tuyên giáo tỉnh Thử A")
    unit_a1 = make_unit("test:a1", "Ban Tuyên giáo xã Thử A1", parent=unit_a, level=Level.COMMUNE)
    unit_b = make_unit("test:b", "Ban Tuyên giáo tỉnh Thử B")
    admin_a = make_user("quantri.a", unit_a, Role.ADMINISTRATOR)
    add_backup_code(admin_a)
    user_a1 = make_user("chuyenvien.a1", unit_a1)
    user_b = make_user("chuyenvien.b", unit_b)
    user_ab = make_user("hai.noi", unit_a1)
    Membership.objects.create(user=user_ab, unit=unit_b, role=Role.VIEWER)
    return World(unit_a, unit_a1, unit_b, admin_a, user_a1, user_b, user_ab)
