"""Demo accounts and demo bodies for Đắk Lắk (the province of seed 004).

Used by ``manage.py load_demo`` (run by ``make run``) and by the tests' personas,
so that what a newcomer clicks through is what the isolation tests prove.
Idempotent: running it again resets the demo passwords and tops up the demo
administrator's backup codes, and changes nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from tuyengiao.accounts.models import Membership, Role, User
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

DEMO_PASSWORD = "TuyenGiao@2025"  # noqa: S105 - printed for the demo on purpose
PROVINCE_KEY = "p:66"  # Đắk Lắk
COMMISSION_KEY = "com:p:66"
# Two communes of the new Đắk Lắk (from 01/07/2025), by GSO code.
COMMUNE_KEYS = ("c2025:24133", "c2025:24175")  # Phường Buôn Ma Thuột, Xã Hòa Phú
ADMIN_BACKUP_CODES = 5

# Affiliated party committees of Đắk Lắk (demo content: not in the national data).
AFFILIATED = [
    ("aff:66:ca", "Đảng ủy Công an tỉnh Đắk Lắk", "CATU"),
    ("aff:66:qs", "Đảng ủy Quân sự tỉnh Đắk Lắk", "QSTU"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    unit_key: str
    role: str


ACCOUNTS = [
    DemoAccount("quantri", "Quản trị hệ thống", "Quản trị viên", "central", Role.ADMINISTRATOR),
    DemoAccount("lanhdao.daklak", "Nguyễn Văn An", "Phó Trưởng ban Tuyên giáo và Dân vận", COMMISSION_KEY, Role.LEADER),
    DemoAccount("chuyenvien.daklak", "Trần Thị Bình", "Chuyên viên", COMMISSION_KEY, Role.SPECIALIST),
    DemoAccount("xa1.daklak", "Lê Văn Cường", "Chuyên viên Ban Xây dựng Đảng", COMMUNE_KEYS[0], Role.SPECIALIST),
    DemoAccount("xa2.daklak", "Phạm Thị Dung", "Chuyên viên Ban Xây dựng Đảng", COMMUNE_KEYS[1], Role.SPECIALIST),
    DemoAccount("xem.congan.daklak", "Hoàng Văn Em", "Cán bộ", AFFILIATED[0][0], Role.VIEWER),
]


def ensure_affiliated() -> None:
    province = Unit.objects.get(key=PROVINCE_KEY)
    for key, name, short in AFFILIATED:
        unit, created = Unit.objects.get_or_create(key=key, defaults={"level": Level.PROVINCE, "kind": Kind.AFFILIATED})
        if created:
            UnitVersion.objects.create(unit=unit, name=name, short_name=short, parent=province)


@transaction.atomic
def ensure_demo() -> dict[str, object]:
    """Create or reset the demo accounts; returns what ``load_demo`` prints."""
    ensure_affiliated()
    users = {}
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(
            username=account.username, defaults={"full_name": account.full_name, "position": account.position}
        )
        user.set_password(DEMO_PASSWORD)
        user.must_change_password = False
        user.is_active = True
        user.save()
        unit = Unit.objects.get(key=account.unit_key)
        Membership.objects.get_or_create(user=user, unit=unit, role=account.role)
        users[account.username] = user
    device, _ = StaticDevice.objects.get_or_create(user=users["quantri"], name="Mã dự phòng (demo)")
    missing = ADMIN_BACKUP_CODES - device.token_set.count()
    for _ in range(missing):
        device.token_set.create(token=StaticToken.random_token())
    return {
        "password": DEMO_PASSWORD,
        "accounts": ACCOUNTS,
        "admin_backup_codes": list(device.token_set.values_list("token", flat=True)),
    }
