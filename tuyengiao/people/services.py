"""Changes to the people registry that must be checked against other rows, each in one transaction.

* ``save_person``: edits carry the revision they started from; a stale form is refused.
* ``anonymise_person`` / ``delete_person``: an administrator's erasure of a person's data, history included.
* ``add_posting``: a person's postings in one unit never overlap (checked with the person row locked, so two
  simultaneous saves cannot both pass); the writer needs the write scope on the posting's unit for the
  posting's first day (``scoping.can_write``: the successor of a merged unit records its people's past).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError, Q
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.people.models import LecturerRole, Person, PersonalDataErasure, Posting, Training
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


# --- Erasure of personal data (Nghị định 13/2023; the module docstring of people.models) ------------------------


def may_erase(user: Any, person: Person) -> bool:
    """Administrators whose scope covers a unit of one of the person's postings or roles (any date)."""
    if not getattr(user, "is_authenticated", False) or not user.is_administrator:
        return False
    if user.is_superuser:
        return True
    units = {
        *person.postings.values_list("unit_id", flat=True),
        *person.lecturer_roles.values_list("unit_id", flat=True),
    }
    return Unit.objects.filter(scoping.unit_filter(user, Capability.ADMINISTER, None, "pk"), pk__in=units).exists()


def _refuse_unless_allowed(user: Any, person: Person, reason: str) -> None:
    if not may_erase(user, person):
        raise ValidationError(_("Chỉ quản trị viên của đơn vị có cán bộ này mới xóa hoặc ẩn danh được hồ sơ."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do (ví dụ: theo yêu cầu của người có dữ liệu, ngày …)."))


@transaction.atomic
def anonymise_person(person: Person, user: Any, reason: str) -> Person:
    """Replace the person's name, clear birth year, gender and contacts, in the record and in its history."""
    _refuse_unless_allowed(user, person, reason)
    pk = person.pk
    person = Person.objects.select_for_update().get(pk=pk)
    person.full_name = gettext("Cán bộ đã ẩn danh #%(id)s") % {"id": pk}
    person.birth_year, person.gender, person.phone, person.email = None, "", "", ""
    person.revision += 1
    person.save()
    person.history.model.objects.filter(id=pk).update(
        full_name=person.full_name,
        birth_year=None,
        gender="",
        phone="",
        email="",
        search_text=person.search_text,
        name_key=person.name_key,
    )
    PersonalDataErasure.objects.create(
        person_id_erased=pk, action=PersonalDataErasure.Action.ANONYMISED, reason=reason.strip(), user=user
    )
    return person


@transaction.atomic
def delete_person(person: Person, user: Any, reason: str) -> None:
    """Delete the person with postings, roles and trainings, and every history row of them."""
    _refuse_unless_allowed(user, person, reason)
    pk = person.pk
    postings = list(person.postings.values_list("pk", flat=True))
    roles = list(person.lecturer_roles.values_list("pk", flat=True))
    trainings = list(person.trainings.values_list("pk", flat=True))
    try:
        person.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "Cán bộ này có tên trong hồ sơ thi đua, khen thưởng (đăng ký, đề nghị hoặc quyết định) nên không xóa "
                "được hồ sơ; hãy ẩn danh thay vì xóa."
            )
        ) from None
    Person.history.model.objects.filter(id=pk).delete()
    Posting.history.model.objects.filter(id__in=postings).delete()
    LecturerRole.history.model.objects.filter(id__in=roles).delete()
    Training.history.model.objects.filter(id__in=trainings).delete()
    PersonalDataErasure.objects.create(
        person_id_erased=pk, action=PersonalDataErasure.Action.DELETED, reason=reason.strip(), user=user
    )
