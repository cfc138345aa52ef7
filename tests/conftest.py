"""Shared fixtures: the real national unit tree, loaded once per test session, and personas.

Personas are the demo accounts of ``tuyengiao.accounts.demo`` (what ``make run``
creates), so the isolation tests prove what a newcomer can click through:

* ``admin``       administrator of the central level (everything);
* ``leader``      leader of the Đắk Lắk provincial commission (all of Đắk Lắk);
* ``specialist``  specialist of the same commission;
* ``commune1``/``commune2``  specialists of two new Đắk Lắk communes;
* ``viewer``      viewer of the provincial police party committee (affiliated);
* ``outsider``    a specialist of Lâm Đồng's commission (another province).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tuyengiao.accounts import demo
from tuyengiao.accounts.models import Membership, Role, User
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Migrate (pytest-django) then load the real unit tree once for the whole session."""
    with django_db_blocker.unblock():
        loader.load(log=lambda _msg: None)
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests hash many passwords (production keeps Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once, inside the test (`make run` queues them for `manage.py db_worker`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: a rolled-back test's entries (the pivot's figures, keyed by ids and
    history numbers the next test may reuse) never answer for another test's data."""
    from django.core.cache import cache

    cache.clear()


class Personas:
    def __init__(self) -> None:
        demo.ensure_demo()
        by_name = {u.username: u for u in User.objects.all()}
        self.admin = by_name["quantri"]
        self.leader = by_name["lanhdao.daklak"]
        self.specialist = by_name["chuyenvien.daklak"]
        self.commune1 = by_name["xa1.daklak"]
        self.commune2 = by_name["xa2.daklak"]
        self.viewer = by_name["xem.congan.daklak"]
        self.outsider, _ = User.objects.get_or_create(
            username="chuyenvien.lamdong", defaults={"full_name": "Ngô Thị Giang"}
        )
        Membership.objects.get_or_create(
            user=self.outsider, unit=Unit.objects.get(key="com:p:68"), role=Role.SPECIALIST
        )
        self.province = Unit.objects.get(key=demo.PROVINCE_KEY)
        self.commission = Unit.objects.get(key=demo.COMMISSION_KEY)
        self.commune_unit1 = Unit.objects.get(key=demo.COMMUNE_KEYS[0])
        self.commune_unit2 = Unit.objects.get(key=demo.COMMUNE_KEYS[1])
        self.lam_dong = Unit.objects.get(key="p:68")

    def client(self, user: User) -> Client:
        """A client logged in as ``user`` with a verified second factor where required."""
        client = Client()
        client.force_login(user)
        if user.is_administrator:
            session = client.session
            # django_otp keeps the verified device in the session; a static device suffices.
            device = user.staticdevice_set.first()
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client


@pytest.fixture
def personas(db: None) -> Personas:
    return Personas()
