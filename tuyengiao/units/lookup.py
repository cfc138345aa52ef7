"""Find one unit from what a person types: an official code or a name."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from tuyengiao.lib.text import fold
from tuyengiao.units.models import Kind, UnitVersion, level_rank


class AmbiguousUnit(Exception):
    pass


_AREA_PREFIXES = ("thanh pho ", "tinh ", "huyen ", "quan ", "thi xa ", "xa ", "phuong ", "thi tran ", "dac khu ")


def _bare(folded_area: str) -> str:
    for prefix in _AREA_PREFIXES:
        if folded_area.startswith(prefix):
            return folded_area[len(prefix) :]
    return folded_area


def find_unit(text: str, date: dt.date) -> UnitVersion | None:
    """The version in force on ``date`` of the unit named or coded ``text``.

    An official code wins; otherwise a name matches with or without its prefix
    ("Đắk Lắk", "tỉnh đắk lắk", "dak lak"). Among territorial units with the same
    name the highest level wins (the province Đắk Lắk, not a commune called Đắk
    Lắk); a tie is ambiguous and reported with the candidates.
    """
    text = text.strip()
    current = UnitVersion.objects.as_of(date).select_related("unit")
    by_code = list(current.filter(unit__code=text, unit__kind=Kind.PARTY_COMMITTEE))
    if len(by_code) == 1:
        return by_code[0]
    typed = fold(text)
    wanted = _bare(typed)
    candidates = [
        v
        for v in current.search(wanted).order_by(level_rank("unit__level"), "unit__code")[:200]
        if wanted in {_bare(fold(v.area_name)), fold(v.name)} or typed == fold(v.name)
    ]
    if not candidates:
        return None
    territorial = [v for v in candidates if v.unit.kind == Kind.PARTY_COMMITTEE] or candidates
    top_level = territorial[0].unit.level
    best = [v for v in territorial if v.unit.level == top_level]
    if len(best) > 1:
        names = "; ".join(
            _("%(name)s (mã %(code)s)") % {"name": v.display_name, "code": v.unit.code or v.unit.key} for v in best[:10]
        )
        raise AmbiguousUnit(
            _("Có nhiều đơn vị tên %(text)r: %(names)s. Hãy dùng mã hành chính.") % {"text": text, "names": names}
        )
    return best[0]
