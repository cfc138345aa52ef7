"""Changes to the people registry that must be checked against other rows, each in one transaction.

* ``save_person``: edits carry the revision they started from; a stale form is refused.
* ``add_posting``: a person's postings in one unit never overlap (checked with the person row locked, so two
  simultaneous saves cannot both pass); the writer needs the write scope on the posting's unit for the
  posting's first day (``scoping.can_write``: the successor of a merged unit records its people's past).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.people.models import Person, Posting
from tuyengiao.units.models import Unit


def _check_write(user: Any, unit: Unit, date: dt.date) -> None:
    if not scoping.can_write(user, unit, date):
        raise ValidationError(
            _("Bạn không có quyền cập nhật cán bộ của đơn vị này vào ngày %(date)s.") % {"date": f"{date:%d/%m/%Y}"}
        )


def overlapping(person: Person, unit: Unit, start: dt.date, end: dt.date | None, exclude: int | None = None) -> bool:
    rows = Posting.objects.filter(person=person, unit=unit).filter(Q(to_date__isnull=True) | Q(to_date__gte=start))
    if end is not None:
        rows = rows.filter(from_date__lte=end)
    if exclude:
        rows = rows.exclude(pk=exclude)
    return rows.exists()


def add_posting(
    person: Person,
    unit: Unit,
    position: str,
    start: dt.date,
    end: dt.date | None,
    user: Any,
    *,
    counts_toward_norm: bool = True,
) -> Posting:
    _check_write(user, unit, start)
    if end is not None and end < start:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if overlapping(person, unit, start, end):
            raise ValidationError(
                _("Cán bộ đã có quá trình công tác tại đơn vị này trùng thời gian. Hãy kết thúc quá trình cũ trước.")
            )
        posting = Posting.objects.create(
            person=person,
            unit=unit,
            position=position.strip(),
            from_date=start,
            to_date=end,
            counts_toward_norm=counts_toward_norm,
        )
        Person.objects.filter(pk=person.pk).update(revision=F("revision") + 1)
    return posting


def end_posting(posting: Posting, end: dt.date, user: Any) -> Posting:
    _check_write(user, posting.unit, posting.from_date)
    if end < posting.from_date:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    with transaction.atomic():
        posting.to_date = end
        posting.save(update_fields=["to_date"])
    return posting


def create_person(person: Person, unit: Unit, position: str, start: dt.date, user: Any) -> Person:
    """A new person with their first posting (a person is always created in a unit, for scoping)."""
    _check_write(user, unit, start)
    with transaction.atomic():
        person.created_by = user
        person.save()
        add_posting(person, unit, position, start, None, user)
    person.refresh_from_db()
    return person


def save_person(
    person: Person, user: Any, expected_revision: int, units: list[Unit], date: dt.date | None = None
) -> Person:
    """Save edited fields; ``units`` are the person's units on ``date`` (the writer needs one of them on that
    day; without a date, on each unit's last day)."""
    if not any(scoping.can_write(user, unit, date or scoping.last_day(unit)) for unit in units):
        raise ValidationError(_("Bạn không có quyền cập nhật cán bộ này."))
    with transaction.atomic():
        person.revision = lock_and_bump(
            Person,
            person.pk,
            expected_revision,
            _(
                "Hồ sơ vừa được thay đổi ở nơi khác (trong một thẻ khác hoặc bởi người khác). "
                "Chưa lưu gì; vui lòng tải lại trang rồi sửa lại."
            ),
        )
        person.save()
    return person
