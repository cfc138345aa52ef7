"""The narrative of a consolidated report: drafted from what the units wrote, edited, then exported.

* ``collected`` drafts the sections from the subtree's reports, unit by unit ("– Xã A: …"): the
  reports' text sections (``Narrative`` rows, by ``Section.Kind``) and the text indicators
  (``Rule.TEXT`` figures of the consolidation, placed by their name: "Hạn chế" under limitations,
  "Kiến nghị" under proposals, anything else under results).
* ``content`` is what the DOCX prints: the saved ``ConsolidatedNarrative`` when there is one,
  otherwise that draft, with the header's defaults (place, subject, signature, recipients).
* ``save`` stores an edit. It carries the revision the page was opened at (0 when nothing was
  saved yet); a stale one is refused with ``StaleEdit`` and nothing changes.
* ``normalise_number`` reads the number symbol ("45" → "45-BC/BTGDVTU") with ``lib.doccode``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tuyengiao.lib import doccode
from tuyengiao.lib.periods import Period
from tuyengiao.lib.revision import StaleEdit, lock_and_bump
from tuyengiao.lib.rollup import ValueType
from tuyengiao.lib.text import fold
from tuyengiao.reports.consolidation import Figure, narratives
from tuyengiao.reports.models import ConsolidatedNarrative, Form, Section
from tuyengiao.units.models import Unit

# (field, heading in the DOCX) in the order of the report skeleton (docs/domain.md §2).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("results", "KẾT QUẢ ĐẠT ĐƯỢC"),
    ("limitations", "HẠN CHẾ"),
    ("causes", "NGUYÊN NHÂN"),
    ("lessons", "BÀI HỌC KINH NGHIỆM"),
    ("tasks", "PHƯƠNG HƯỚNG, NHIỆM VỤ"),
    ("proposals", "ĐỀ XUẤT, KIẾN NGHỊ"),
)
_KIND_FIELD = {
    Section.Kind.RESULTS: "results",
    Section.Kind.LIMITATIONS: "limitations",
    Section.Kind.CAUSES: "causes",
    Section.Kind.LESSONS: "lessons",
    Section.Kind.TASKS: "tasks",
}
# Folded words of a text indicator's name → the section it drafts.
_NAME_FIELD = (
    ("han che", "limitations"),
    ("nguyen nhan", "causes"),
    ("bai hoc", "lessons"),
    ("nhiem vu", "tasks"),
    ("phuong huong", "tasks"),
    ("kien nghi", "proposals"),
    ("de xuat", "proposals"),
    ("de nghi", "proposals"),
)
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-–•*+])\s*")


class InvalidNumber(ValueError):
    """Not a Party report number; the message is Vietnamese."""


@dataclass
class Content:
    """What the DOCX prints; every field is text (several lines where a field is a list)."""

    number: str = ""
    place: str = ""
    subject: str = ""
    results: str = ""
    limitations: str = ""
    causes: str = ""
    lessons: str = ""
    tasks: str = ""
    proposals: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: str = ""
    saved: bool = False

    @property
    def task_list(self) -> list[str]:
        return task_lines(self.tasks)

    @property
    def recipient_list(self) -> list[str]:
        return lines(self.recipients)

    @property
    def signer_lines(self) -> list[str]:
        return lines(self.signer_title)

    def sections(self) -> list[tuple[str, str, str]]:
        """``(field, heading, text)`` of the non-empty sections, in order."""
        return [(name, title, getattr(self, name)) for name, title in SECTIONS if getattr(self, name).strip()]


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def task_lines(text: str) -> list[str]:
    """One task per line, without the numbering or bullet a person may have typed ("1. …", "- …")."""
    return [_LEADING_NUMBER.sub("", line, count=1).strip() for line in lines(text) if _LEADING_NUMBER.sub("", line)]


def normalise_number(raw: str, symbol: str) -> str:
    """The report's number symbol in canonical form; "45" becomes "45-BC/{symbol}". Empty stays empty
    (the number is written by hand after signing, "Số      -BC/…")."""
    text = (raw or "").strip()
    if not text:
        return ""
    if text.isdigit():
        text = f"{text}-BC/{symbol}"
    try:
        code = doccode.parse(text)
    except doccode.DocCodeError as exc:
        raise InvalidNumber(
            _("Số, ký hiệu không hợp lệ: %(reason)s Báo cáo của Đảng ghi dạng 45-BC/%(symbol)s.")
            % {"reason": str(exc), "symbol": symbol}
        ) from None
    if code.system != "party" or code.type != "BC":
        raise InvalidNumber(
            _("“%(code)s” không phải số, ký hiệu của một báo cáo của Đảng (dạng 45-BC/%(symbol)s, theo HD 36).")
            % {"code": code.canonical, "symbol": symbol}
        )
    return code.canonical


def _target(name: str) -> str:
    folded = fold(name)
    return next((section for words, section in _NAME_FIELD if words in folded), "results")


def collected(
    form: Form,
    unit: Unit,
    period: Period,
    structure_date: dt.date,
    figures: list[Figure],
) -> dict[str, str]:
    """The sections drafted from the units' texts: ``{field: "– Xã A: …\\n– Xã B: …"}``."""
    entries: dict[str, list[str]] = {name: [] for name, _title in SECTIONS}
    by_kind = narratives(form, unit, period, structure_date=structure_date)
    for kind, name in _KIND_FIELD.items():
        for label, text in by_kind.get(kind, []):
            entries[name].append(f"– {label}: {text}" if label else f"– {text}")
    for figure in figures:
        if figure.indicator.value_type != ValueType.TEXT or not figure.value:
            continue
        target = _target(figure.indicator.name)
        heading = [] if target != "results" else [f"{figure.indicator.name}:"]
        entries[target].extend([*heading, *(f"– {label}: {text}" for label, text in figure.value)])
    return {name: "\n".join(rows) for name, rows in entries.items()}


def content(
    saved: ConsolidatedNarrative | None,
    defaults: dict[str, str],
    draft: Any,
) -> Content:
    """The saved narrative, or the defaults and the draft (``draft()`` is called only then)."""
    if saved is not None:
        values = {f.name: getattr(saved, f.name) for f in fields(Content) if f.name != "saved"}
        return Content(**values, saved=True)
    return Content(**{**defaults, **draft()})


def find(form: Form, unit: Unit, period: Period, structure_date: dt.date) -> ConsolidatedNarrative | None:
    return (
        ConsolidatedNarrative.objects.filter(form=form, unit=unit, period=period.code, structure_date=structure_date)
        .select_related("updated_by")
        .first()
    )


EDITABLE = tuple(f.name for f in fields(Content) if f.name != "saved")


def save(
    form: Form,
    unit: Unit,
    period: Period,
    structure_date: dt.date,
    values: dict[str, str],
    user: Any,
    expected_revision: int | None,
) -> ConsolidatedNarrative:
    """Store an edit (the caller has checked WRITE on ``unit``). ``expected_revision`` is the revision the
    page showed (0: nothing was saved when it opened). Raises ``StaleEdit`` and changes nothing when the
    narrative was saved since, or when the page did not say which revision it showed (None)."""
    stale = _(
        "Phần lời của báo cáo vừa được lưu ở nơi khác (trong một thẻ khác hoặc bởi người khác). "
        "Chưa lưu gì; vui lòng tải lại trang để xem bản mới nhất rồi sửa lại."
    )
    key = {"form": form, "unit": unit, "period": period.code, "structure_date": structure_date}
    try:
        with transaction.atomic():
            if expected_revision is None:
                raise StaleEdit(stale)
            row = ConsolidatedNarrative.objects.select_for_update().filter(**key).first()
            if row is None:  # nothing saved yet: the page must have shown revision 0
                if int(expected_revision) != 0:
                    raise StaleEdit(stale)
                row = ConsolidatedNarrative(**key, revision=1)
            else:
                row.revision = lock_and_bump(ConsolidatedNarrative, row.pk, expected_revision, stale)
            for name in EDITABLE:
                setattr(row, name, values.get(name, ""))
            row.updated_by = user
            row.save()
    except IntegrityError:  # another tab created it between our read and our insert
        raise StaleEdit(stale) from None
    return row
