"""Restructuring: the only way the application changes the unit tree.

Each function records a ``RestructuringEvent`` (date, legal basis), changes
versions and lineage links inside one transaction, and validates the result:

* versions of a unit never overlap;
* a version's parent exists for the whole of the version's interval;
* no unit is its own ancestor (no cycles) on any affected date;
* a territorial party committee sits strictly below its parent's level.

On a rule violation a ``ValidationError`` with a Vietnamese message is raised and
the transaction rolls back, so nothing is half-done.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.units import tree
from tuyengiao.units.models import (
    LEVEL_RANK,
    Kind,
    RestructuringEvent,
    Unit,
    UnitLink,
    UnitVersion,
    covers,
)

EventKind = RestructuringEvent.EventKind


@dataclass(frozen=True)
class Basis:
    """When and on what authority a change takes effect."""

    date: dt.date
    legal_basis: str = ""
    description: str = ""


def _fmt(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else _("không xác định")


def _event(kind: str, basis: Basis) -> RestructuringEvent:
    return RestructuringEvent.objects.create(
        kind=kind, date=basis.date, legal_basis=basis.legal_basis.strip(), description=basis.description.strip()
    )


def _version_on(unit: Unit, date: dt.date) -> UnitVersion:
    version = UnitVersion.objects.select_for_update().filter(covers(date), unit=unit).first()
    if version is None:
        raise ValidationError(
            _("Đơn vị %(name)s không tồn tại tại ngày %(date)s.") % {"name": unit.name_on(date), "date": _fmt(date)}
        )
    return version


def _split(unit: Unit, event: RestructuringEvent) -> tuple[UnitVersion, UnitVersion]:
    """End the version covering the event date there; return (old part, new part).

    The new part is unsaved and copies the old one, so callers change what the
    event changes (name, parent) and save it.
    """
    old = _version_on(unit, event.date)
    if old.valid_from == event.date:
        raise ValidationError(
            _("%(name)s đã có thay đổi có hiệu lực đúng ngày %(date)s; hãy sửa thay đổi đó thay vì thêm mới.")
            % {"name": old.name, "date": _fmt(event.date)}
        )
    new = UnitVersion(
        unit=unit,
        valid_from=event.date,
        valid_to=old.valid_to,
        name=old.name,
        area_name=old.area_name,
        short_name=old.short_name,
        parent_id=old.parent_id,
        started_by=event,
        ended_by=old.ended_by,
    )
    old.valid_to = event.date
    old.ended_by = event
    old.save()
    return old, new


def _end(unit: Unit, event: RestructuringEvent) -> None:
    """The unit stops existing from the event date; it must have no units under it then."""
    old = _version_on(unit, event.date)
    if old.valid_from == event.date:
        raise ValidationError(
            _("%(name)s bắt đầu đúng ngày %(date)s; không thể kết thúc cùng ngày.")
            % {"name": old.name, "date": _fmt(event.date)}
        )
    later = unit.versions.filter(valid_from__gt=event.date)
    if later.exists():
        raise ValidationError(
            _("%(name)s còn thay đổi sau ngày %(date)s; hãy xử lý các thay đổi đó trước.")
            % {"name": old.name, "date": _fmt(event.date)}
        )
    children = list(UnitVersion.objects.as_of(event.date).filter(parent=unit).values_list("name", flat=True)[:5])
    if children:
        raise ValidationError(
            _(
                "%(name)s còn đơn vị trực thuộc tại ngày %(date)s (%(children)s…); "
                "hãy chuyển hoặc kết thúc các đơn vị đó trước."
            )
            % {"name": old.name, "date": _fmt(event.date), "children": ", ".join(children)}
        )
    old.valid_to = event.date
    old.ended_by = event
    old.save()


def validate_unit(unit: Unit) -> None:
    """Check one unit's versions against the rules in the module docstring."""
    versions = list(unit.versions.chronological())
    for earlier, later in itertools.pairwise(versions):
        if earlier.valid_to is None or later.valid_from is None or earlier.valid_to > later.valid_from:
            raise ValidationError(
                _("Các giai đoạn của %(name)s chồng lấn nhau (%(date)s); mỗi ngày chỉ có một tên, một đơn vị cấp trên.")
                % {"name": later.name, "date": _fmt(later.valid_from)}
            )
    for version in versions:
        if version.parent_id is None:
            continue
        parent = version.parent
        assert parent is not None
        # The parent must exist on the first and last day, and on every day its own versions change.
        first = version.valid_from or dt.date(1900, 1, 1)
        last = version.last_day or dt.date(9999, 12, 30)
        checkpoints = {first, last} | {
            v.valid_from for v in parent.versions.all() if v.valid_from and first < v.valid_from <= last
        }
        for day in sorted(checkpoints):
            if parent.version_on(day) is None:
                raise ValidationError(
                    _("Đơn vị cấp trên của %(name)s không tồn tại tại ngày %(date)s.")
                    % {"name": version.name, "date": _fmt(day)}
                )
        both_committees = unit.kind == Kind.PARTY_COMMITTEE and parent.kind == Kind.PARTY_COMMITTEE
        if both_committees and LEVEL_RANK[parent.level] >= LEVEL_RANK[unit.level]:  # type: ignore[index]
            raise ValidationError(_("%(name)s phải trực thuộc một cấp ủy cấp cao hơn.") % {"name": version.name})
        day = version.valid_from or version.last_day or dt.date.today()
        above_parent = set(
            UnitVersion.objects.filter(unit_id__in=tree.ancestor_ids(parent.pk, day)).values_list("unit_id", flat=True)
        )
        if unit.pk == parent.pk or unit.pk in above_parent:
            raise ValidationError(
                _("Không thể đặt %(name)s trực thuộc chính nó hoặc đơn vị cấp dưới của nó.") % {"name": version.name}
            )


@transaction.atomic
def rename(
    unit: Unit, basis: Basis, name: str, area_name: str | None = None, short_name: str | None = None
) -> UnitVersion:
    if not name.strip():
        raise ValidationError(_("Tên mới không được để trống."))
    event = _event(EventKind.RENAME, basis)
    _old, new = _split(unit, event)
    new.name = name.strip()
    if area_name is not None:
        new.area_name = area_name.strip()
    if short_name is not None:
        new.short_name = short_name.strip()
    new.save()
    validate_unit(unit)
    return new


@transaction.atomic
def move(unit: Unit, basis: Basis, new_parent: Unit) -> UnitVersion:
    if new_parent.pk == unit.pk:
        raise ValidationError(_("Không thể đặt đơn vị trực thuộc chính nó."))
    if new_parent.version_on(basis.date) is None:
        raise ValidationError(_("Đơn vị cấp trên mới không tồn tại tại ngày %(date)s.") % {"date": _fmt(basis.date)})
    below = set(
        UnitVersion.objects.as_of(basis.date)
        .filter(unit_id__in=tree.subtree_ids([unit.pk], basis.date))
        .values_list("unit_id", flat=True)
    )
    if new_parent.pk in below:
        raise ValidationError(_("Không thể chuyển đơn vị về trực thuộc một đơn vị cấp dưới của chính nó."))
    event = _event(EventKind.MOVE, basis)
    _old, new = _split(unit, event)
    new.parent = new_parent
    new.save()
    validate_unit(unit)
    return new


@transaction.atomic
def dissolve(unit: Unit, basis: Basis) -> RestructuringEvent:
    event = _event(EventKind.DISSOLVE, basis)
    _end(unit, event)
    return event


@transaction.atomic
def create(
    basis: Basis,
    *,
    key: str,
    level: str,
    kind: str,
    name: str,
    parent: Unit | None,
    area_name: str = "",
    code: str = "",
    division_type: str = "",
    event: RestructuringEvent | None = None,
) -> Unit:
    if Unit.objects.filter(key=key).exists():
        raise ValidationError(_("Mã nội bộ %(key)s đã được dùng cho đơn vị khác.") % {"key": key})
    if not name.strip():
        raise ValidationError(_("Tên đơn vị không được để trống."))
    event = event or _event(EventKind.CREATE, basis)
    unit = Unit.objects.create(key=key, level=level, kind=kind, code=code.strip(), division_type=division_type)
    UnitVersion.objects.create(
        unit=unit,
        valid_from=basis.date,
        name=name.strip(),
        area_name=area_name.strip(),
        parent=parent,
        started_by=event,
    )
    validate_unit(unit)
    return unit


@transaction.atomic
def merge(sources: list[Unit], basis: Basis, into: Unit) -> RestructuringEvent:
    """``sources`` end and become part of ``into`` (an existing unit, which continues)."""
    if not sources:
        raise ValidationError(_("Cần chọn ít nhất một đơn vị để sáp nhập."))
    if into in sources:
        raise ValidationError(_("Đơn vị nhận sáp nhập không thể đồng thời là đơn vị bị sáp nhập."))
    if into.version_on(basis.date) is None:
        raise ValidationError(_("Đơn vị nhận sáp nhập không tồn tại tại ngày %(date)s.") % {"date": _fmt(basis.date)})
    event = _event(EventKind.MERGE, basis)
    for source in sources:
        _end(source, event)
        UnitLink.objects.create(predecessor=source, successor=into, event=event, share=UnitLink.Share.WHOLE)
    return event


@dataclass(frozen=True)
class NewPart:
    key: str
    name: str
    area_name: str = ""
    code: str = ""


@transaction.atomic
def split(source: Unit, basis: Basis, parts: list[NewPart]) -> list[Unit]:
    """``source`` ends; each part becomes a new unit beside it, receiving part of it."""
    if len(parts) < 2:
        raise ValidationError(_("Chia tách cần ít nhất hai đơn vị mới."))
    old = _version_on(source, basis.date)
    event = _event(EventKind.SPLIT, basis)
    _end(source, event)
    created = []
    for part in parts:
        unit = create(
            basis,
            key=part.key,
            level=source.level,
            kind=source.kind,
            name=part.name,
            area_name=part.area_name,
            code=part.code,
            division_type=source.division_type,
            parent=old.parent,
            event=event,
        )
        UnitLink.objects.create(predecessor=source, successor=unit, event=event, share=UnitLink.Share.PART)
        created.append(unit)
    return created
