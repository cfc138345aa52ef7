"""The catalogue of award forms and titles the commission works with (loaded by migration 0002).

Grantors and criteria after the Law on Emulation and Commendation 2022 and Quyết định 751-QĐ/BTGTW (the
sector's medal). Codes are stable identifiers; names are what decisions and certificates print.
"""

from __future__ import annotations

from typing import Any

# Kinds whose rules judge the unit's results of the year (its report figures, linked to the nomination). A medal
# (kind "medal") is given for years in the sector, checked against the people registry (``eligibility``).
FIGURES_KINDS = frozenset({"award", "campaign", "title"})

CATALOGUE: list[dict[str, Any]] = [
    {
        "code": "giay-khen-truong-ban",
        "name": "Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "kind": "award",
        "grantor": "commission_head",
        "basis": "Luật Thi đua, khen thưởng 2022",
    },
    {
        "code": "bang-khen-ban-tw",
        "name": "Bằng khen của Ban Tuyên giáo và Dân vận Trung ương",
        "kind": "award",
        "grantor": "central_commission",
        "proposed_by": "Ban Tuyên giáo và Dân vận Tỉnh ủy đề nghị",
    },
    {
        "code": "bang-khen-btv-tinh-uy",
        "name": "Bằng khen của Ban Thường vụ Tỉnh ủy",
        "kind": "award",
        "grantor": "provincial_standing",
        "proposed_by": "Ban Tuyên giáo và Dân vận Tỉnh ủy đề nghị",
    },
    {
        "code": "bang-khen-chu-tich-ubnd",
        "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "kind": "award",
        "grantor": "provincial_chair",
        "proposed_by": "Ban Tuyên giáo và Dân vận Tỉnh ủy đề nghị",
    },
    {
        "code": "kyniemchuong-tuyen-giao",
        "name": "Kỷ niệm chương “Vì sự nghiệp Tuyên giáo”",
        "kind": "medal",
        "grantor": "central_commission",
        "for_collective": False,
        "once_per_person": True,
        "proposed_by": "Ban Tuyên giáo và Dân vận Tỉnh ủy đề nghị",
        "basis": "Quyết định 751-QĐ/BTGTW: 10 năm công tác trong ngành, hoặc 7 năm trong đó 3 năm giữ chức vụ lãnh đạo",
    },
    {
        "code": "khen-chuyen-de-kl01",
        "name": "Giấy khen chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "kind": "campaign",
        "grantor": "commission_head",
        "basis": "Kết luận 01-KL/TW",
    },
    {
        "code": "tap-the-ldxs",
        "name": "Tập thể lao động xuất sắc",
        "kind": "title",
        "grantor": "commission_head",
        "for_individual": False,
    },
    {
        "code": "chien-si-thi-dua-co-so",
        "name": "Chiến sĩ thi đua cơ sở",
        "kind": "title",
        "grantor": "commission_head",
        "for_collective": False,
    },
    {
        "code": "lao-dong-tien-tien",
        "name": "Lao động tiên tiến",
        "kind": "title",
        "grantor": "commission_head",
        "for_collective": False,
    },
]


def ensure_catalogue(model: Any) -> None:
    """Create or update the catalogue rows (``model`` is ``AwardForm`` or its historical migration model)."""
    for order, row in enumerate(CATALOGUE, start=1):
        defaults = {
            "for_collective": True,
            "for_individual": True,
            "once_per_person": False,
            "proposed_by": "",
            "basis": "",
        }
        defaults.update({k: v for k, v in row.items() if k != "code"})
        defaults["order"] = order
        model.objects.update_or_create(code=row["code"], defaults=defaults)
