"""Reports of Đắk Lắk across the 2025 reform: an old commune (merged into commune 1 on 01/07/2025) in 2025M03,
the two new communes in 2025M07–M08, and Lâm Đồng's commune (never counted for Đắk Lắk)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tuyengiao.units.models import UnitLink, UnitVersion


@pytest.fixture
def data(personas, form):  # noqa: F811
    old = UnitLink.objects.filter(successor=personas.commune_unit1).first().predecessor
    report(form, old, "2025M03", ht_buoi=5, ht_nguoi=10, ht_dang_vien=Decimal("20"), ket_noi=True, bcv=4)
    report(form, personas.commune_unit1, "2025M07", ht_buoi=2, ht_nguoi=30, ht_dang_vien=Decimal("40"), bcv=6)
    report(form, personas.commune_unit1, "2025M08", ht_buoi=3, ht_nguoi=40, ht_dang_vien=Decimal("50"), ket_noi=True)
    report(form, personas.commune_unit2, "2025M08", ht_buoi=1200, ht_nguoi=60, ht_dang_vien=Decimal("80"), bcv=9)
    lam_dong_commune = (
        UnitVersion.objects.as_of(personas.commune_unit1.versions.first().valid_from)
        .filter(parent=personas.lam_dong)
        .first()
    )
    if lam_dong_commune is not None:
        report(form, lam_dong_commune.unit, "2025M08", ht_buoi=999)
    return {"old": old, "form": form}
