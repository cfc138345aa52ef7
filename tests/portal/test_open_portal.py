"""manage.py open_portal: one portal per commission, its party committee as territory, clear refusals."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tuyengiao.lib.text import fold
from tuyengiao.portal.access import Access, access
from tuyengiao.portal.models import Portal
from tuyengiao.units.models import Unit


def test_a_provinces_commission_gets_its_portal_with_the_default_sections(personas: Any) -> None:
    out = StringIO()
    call_command("open_portal", "com:p:68", "lam-dong", stdout=out)
    portal = Portal.objects.get(slug="lam-dong")
    assert portal.unit.key == "com:p:68" and portal.territory == personas.lam_dong
    assert portal.sections.count() == 6 and "Đã mở cổng" in out.getvalue()
    assert access(personas.outsider, portal) == Access.EDITOR  # Lâm Đồng's specialist
    assert access(personas.specialist, portal) == Access.NONE


def test_the_commission_may_be_named_without_accents(personas: Any) -> None:
    name = Unit.objects.get(key="com:p:68").name_on(timezone.localdate())
    assert "Lâm Đồng" in name
    call_command("open_portal", fold(name), "lam-dong", stdout=StringIO())  # "ban tuyen giao ... lam dong"
    assert Portal.objects.filter(slug="lam-dong", unit__key="com:p:68").exists()


@pytest.mark.parametrize(
    ("commission", "slug", "message"),
    [
        ("com:p:68", "Lâm Đồng", "chỉ gồm chữ thường"),
        ("p:68", "lam-dong", "Không tìm thấy ban tham mưu"),  # a party committee, not a commission
        ("com:p:66", "dak-lak-2", "đã có cổng"),
        ("com:p:68", "dak-lak", "đã được cổng khác dùng"),
    ],
)
def test_a_wrong_request_is_refused_with_a_message_and_opens_nothing(
    portal: Any, commission: str, slug: str, message: str
) -> None:
    before = Portal.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("open_portal", commission, slug, stdout=StringIO())
    assert Portal.objects.count() == before
