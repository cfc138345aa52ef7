"""The narrative of a consolidated report: drafted from the consolidated figures, edited, then exported.

* ``drafted`` writes the sections a commission sends from the consolidation itself: per block of the form a
  paragraph that puts the key figures into sentences, with the change against the compared period ("… đạt
  1.234 buổi, tăng 5,2% so với năm 2023") and the "n/m" ratios ("170/180 đơn vị cấp xã có …"); the
  limitations name the indicators that fell and the units still missing a yes/no target. The units' own
  texts are never pasted into it (a province has a hundred units: pasting them made a 71-page report).
* ``units_texts`` gathers what the units wrote, unit by unit: the reports' text sections (``Narrative``
  rows, by ``Section.Kind``) and the text indicators (``Rule.TEXT`` figures, placed by their name: "Hạn
  chế" under limitations, "Kiến nghị" under proposals, anything else under results). The editor shows them
  as material to pick from; the DOCX prints them only in the annex asked for (``phu_luc=1``).
* ``content`` is what the DOCX prints: the saved ``ConsolidatedNarrative`` when there is one, otherwise the
  draft, with the header's defaults (place, subject, signature, recipients).
* ``signers`` are the people who may sign, from the staff postings in force on the report's date (the
  commission's Trưởng ban / Phó Trưởng ban, a committee's Bí thư / Phó Bí thư) with the title block each
  signs under; the first is the default signer.
* ``save`` stores an edit, the rich-text sections sanitised (``richtext.sanitise``: only paragraphs,
  lists, bold and italic are kept). It carries the revision the page was opened at (0 when nothing was saved
  yet); a stale one is refused with ``StaleEdit`` and nothing changes.
* ``normalise_number`` reads the number symbol ("45" → "45-BC/BTGDVTU") with ``lib.doccode``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tuyengiao.lib import doccode
from tuyengiao.lib.periods import Period
from tuyengiao.lib.revision import StaleEdit, lock_and_bump
from tuyengiao.lib.rollup import Ratio, ValueType, present
from tuyengiao.lib.text import fold
from tuyengiao.reports import richtext
from tuyengiao.reports.consolidation import Figure, narratives
from tuyengiao.reports.models import ConsolidatedNarrative, Form, Section
from tuyengiao.units.models import Level, Unit

if TYPE_CHECKING:
    from tuyengiao.reports.documents_out import ConsolidatedReport

# (field, heading in the DOCX) in the order of the report skeleton (docs/domain.md §2).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("results", "KẾT QUẢ ĐẠT ĐƯỢC"),
    ("limitations", "HẠN CHẾ"),
    ("causes", "NGUYÊN NHÂN"),
    ("lessons", "BÀI HỌC KINH NGHIỆM"),
    ("tasks", "PHƯƠNG HƯỚNG, NHIỆM VỤ"),
    ("proposals", "ĐỀ XUẤT, KIẾN NGHỊ"),
)
RICH = tuple(name for name, _title in SECTIONS)  # the sections edited as rich text (stored sanitised HTML)
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
    """What the DOCX prints: the sections (``RICH``) are stored rich text (``richtext``; plain text reads as one
    paragraph a line), the other fields text (several lines where a field is a list)."""

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
        return [(name, title, getattr(self, name)) for name, title in SECTIONS if richtext.plain(getattr(self, name))]


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def strip_numbering(text: str) -> str:
    """A task without the numbering or bullet a person may have typed ("1. …", "- …")."""
    return _LEADING_NUMBER.sub("", text, count=1)


def task_lines(text: str) -> list[str]:
    """One task per paragraph or list item (a line of plain text), without the numbering or bullet a person
    may have typed ("1. …", "- …")."""
    found = (strip_numbering(block.text).strip() for block in richtext.blocks(text))
    return [task for task in found if task]


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


def units_texts(
    form: Form,
    unit: Unit,
    period: Period,
    structure_date: dt.date,
    figures: Sequence[Figure],
) -> dict[str, list[tuple[str, str]]]:
    """What the units wrote, per section: ``{field: [(unit, text), …]}`` (a text indicator placed under
    results is named after the unit: "Xã A – Kiến nghị")."""
    entries: dict[str, list[tuple[str, str]]] = {name: [] for name, _title in SECTIONS}
    by_kind = narratives(form, unit, period, structure_date=structure_date)
    for kind, name in _KIND_FIELD.items():
        entries[name].extend(by_kind.get(kind, []))
    for figure in figures:
        if figure.indicator.value_type != ValueType.TEXT or not figure.value:
            continue
        target = _target(figure.indicator.name)
        for label, text in figure.value:
            entries[target].append((f"{label} – {figure.indicator.name}" if target == "results" else label, text))
    return entries


def unit_lines(entries: Sequence[tuple[str, str]]) -> list[str]:
    """ "– Xã A: …" lines (the annex)."""
    return [f"– {label}: {text}" if label else f"– {text}" for label, text in entries]


# --- drafting from the figures ---------------------------------------------------------------------------------------

_SCOPES = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Phường", "Xã")
_NOUNS = {Level.COMMUNE: "đơn vị cấp xã", Level.DISTRICT: "đơn vị cấp huyện", Level.PROVINCE: "đơn vị cấp tỉnh"}
_AFFIRMED = ("co ", "da ", "duoc ", "ket noi", "bo tri", "to chuc")  # a yes/no name that reads as a predicate
_MAX_DECREASES = 6


def _lower_first(text: str) -> str:
    text = text.replace("Trong đó: ", "trong đó ")
    if len(text) > 1 and text[1].isupper():  # an abbreviation ("AI", "VNeID") keeps its case
        return text
    return text[:1].lower() + text[1:]


def scope_phrase(unit_name: str) -> str:
    """ "toàn tỉnh" for "Tỉnh Đắk Lắk", "toàn phường" for a ward, else "toàn đảng bộ"."""
    prefix = next((p for p in _SCOPES if unit_name.startswith(f"{p} ")), "")
    return f"toàn {prefix.lower()}" if prefix else "toàn đảng bộ"


def _units_noun(form: Form) -> str:
    levels = list(form.submitter_levels or [])
    return _NOUNS.get(levels[0], "đơn vị") if len(levels) == 1 else "đơn vị"


def _percent_change(now: Any, before: Any) -> str:
    """ "tăng 5,2%", "giảm 1,3%", "bằng" (relative) for counts and amounts; "" when it cannot be said."""
    if before is None or now is None or isinstance(now, bool | Ratio) or isinstance(before, bool | Ratio):
        return ""
    if before == 0:
        return ""
    rate = (Decimal(now) - Decimal(before)) * 100 / Decimal(before)
    shown = present(abs(rate), ValueType.DECIMAL, places=1)
    if shown == "0,0":
        return "tương đương"
    return f"tăng {shown}%" if rate > 0 else f"giảm {shown}%"


def _points_change(now: Any, before: Any) -> str:
    if before is None or now is None:
        return ""
    delta = Decimal(now) - Decimal(before)
    shown = present(abs(delta), ValueType.DECIMAL, places=1)
    if shown == "0,0":
        return "tương đương"
    return f"tăng {shown} điểm %" if delta > 0 else f"giảm {shown} điểm %"


def _ratio_phrase(label: str, negative: bool = False) -> str:
    folded = fold(label)
    lowered = _lower_first(label)
    if not folded.startswith(_AFFIRMED):
        return f"chưa đạt “{label}”" if negative else f"đạt “{label}”"
    if not negative:
        return lowered
    if folded.startswith("da "):
        return f"chưa {lowered[3:]}"
    return f"chưa {lowered}"


def _clause(row: Any, earlier_name: str, noun: str) -> tuple[str, str]:
    """One figure in a sentence and how it moved: ``(clause, direction)`` ("" when not compared)."""
    figure = row.figure
    value = figure.value
    name = _lower_first(row.label)
    before = row.earlier.value if row.earlier is not None else None
    if isinstance(value, Ratio):
        text = f"{value.n}/{value.m} {noun} {_ratio_phrase(row.label)}"
        if isinstance(before, Ratio):
            text += f" ({earlier_name}: {before.n}/{before.m})"
        return text, ""
    if isinstance(value, bool):
        return f"{name}: {'có' if value else 'chưa'}", ""
    uom = row.unit_of_measure if row.unit_of_measure and row.unit_of_measure != "%" else ""
    text = f"{name} đạt {figure.text}{f' {uom}' if uom else ''}"
    moved = (
        _points_change(value, before)
        if figure.indicator.value_type == ValueType.PERCENT
        else _percent_change(value, before)
    )
    return (f"{text}, {moved}" if moved else text), moved


def drafted(report: ConsolidatedReport) -> dict[str, str]:
    """The results and limitations written from the figures (stored HTML; the other sections stay empty: the
    specialist writes them, picking from the units' texts)."""
    noun = _units_noun(report.form)
    scope = scope_phrase(report.unit_name)
    compared = report.comparison if report.comparing else None
    earlier_name = period_phrase(compared.period) if compared is not None else ""
    since = f" so với {earlier_name}" if compared is not None else ""
    opening = f"{period_phrase(report.period)[:1].upper()}{period_phrase(report.period)[1:]}, {scope}"
    results: list[richtext.Block] = []
    decreases: list[str] = []
    missing: list[str] = []
    for block in report.blocks:
        clauses: list[str] = []
        for row in block.rows:
            if row.is_text or row.figure.value is None:
                continue
            clause, moved = _clause(row, earlier_name, noun)
            if moved and since and not any(since in earlier for earlier in clauses):
                clause += since  # said once per paragraph, at the first figure compared
            clauses.append(clause)
            if moved.startswith("giảm"):
                decreases.append(f"{_lower_first(row.label)} {moved}")
            value = row.figure.value
            if isinstance(value, Ratio) and value.n < value.m:
                missing.append(f"{value.m - value.n}/{value.m} {noun} {_ratio_phrase(row.label, negative=True)}")
        if not clauses:
            continue
        title = _unnumbered(block.title)
        results.append(
            richtext.Block(
                "p", [richtext.Run(f"{title}. ", bold=True), richtext.Run(f"{opening}: {'; '.join(clauses)}.")]
            )
        )
    limitations = []
    if decreases:
        shown = decreases[:_MAX_DECREASES]
        more = f" và {len(decreases) - len(shown)} chỉ tiêu khác" if len(decreases) > len(shown) else ""
        limitations.append(f"So với {earlier_name}, một số chỉ tiêu giảm: {'; '.join(shown)}{more}.")
    if missing:
        limitations.append(f"Còn {'; '.join(missing)}.")
    return {"results": richtext.to_html(results), "limitations": richtext.paragraphs(limitations)}


def period_phrase(period: Period) -> str:
    """The period inside a sentence: "quý III năm 2025", "năm 2024" (only the first letter lowered)."""
    label = period.label
    return f"{label[0].lower()}{label[1:]}"


_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+")


def _unnumbered(title: str) -> str:
    """A section title without the numbering the form gave it ("II. Học tập" → "Học tập")."""
    return _NUMBERING.sub("", title, count=1)


# --- who signs -------------------------------------------------------------------------------------------------------

# (folded beginning of a posting's position, title block); the longer beginnings first.
_SIGNING_POSTS = (
    ("pho truong ban", ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
    ("truong ban", ("TRƯỞNG BAN",)),
    ("pho bi thu", ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")),
    ("bi thu", ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")),
)
COMMISSION_TITLES = (("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), ("TRƯỞNG BAN",), ("T/L TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"))
COMMITTEE_TITLES = (("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"), ("T/M BAN THƯỜNG VỤ",))


@dataclass(frozen=True)
class Signer:
    name: str
    position: str  # as posted: "Phó Trưởng ban"
    title: tuple[str, ...]  # the block signed under: ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")

    @property
    def title_text(self) -> str:
        return "\n".join(self.title)


def signers(unit: Unit, date: dt.date) -> list[Signer]:
    """Who may sign the report of ``unit`` on ``date``: the leaders posted that day in its commission (or, for a
    committee without one, in the committee), deputies first (a commission's report is usually signed "K/T
    TRƯỞNG BAN"), one query."""
    from tuyengiao.people.models import Posting, active_on

    postings = (
        Posting.objects.filter(active_on(date), unit__key__in=[f"com:{unit.key}", unit.key])
        .select_related("person", "unit")
        .order_by("from_date", "pk")
    )
    found: list[tuple[int, int, Signer]] = []
    commission = any(p.unit.key != unit.key for p in postings)
    for posting in postings:
        if commission and posting.unit.key == unit.key:
            continue
        folded = fold(posting.position)
        for rank, (words, title) in enumerate(_SIGNING_POSTS):
            if folded == words or folded.startswith(f"{words} tuyen giao") or folded.startswith(f"{words} dang uy"):
                found.append((rank, len(found), Signer(posting.person.full_name, posting.position, title)))
                break
    return [signer for _rank, _order, signer in sorted(found)]


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
                value = values.get(name, "")
                setattr(row, name, richtext.sanitise(value) if name in RICH else value)
            row.updated_by = user
            row.save()
    except IntegrityError:  # another tab created it between our read and our insert
        raise StaleEdit(stale) from None
    return row
