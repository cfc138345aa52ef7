"""Periodic reports through the API: forms and periods, a unit's report (read, submit), the bulk import of many
units' figures, and consolidated figures. Mounted at ``/api/v1/reports/`` (``main.py``).

Nothing here validates or scopes on its own: every rule is the pages'.

* Units are named by their ``key``; a unit the user may not read answers 404 (``scoping.can`` with READ, as
  ``get_unit_or_404`` on the pages), a unit that does not submit the form 404 too (``views_entry``).
* Saving figures goes through ``services.open_report`` / ``save_values`` / ``submit`` (the entry page's services,
  their Vietnamese messages per indicator in ``details``); ``"submit": true`` saves with every required figure
  present and sends the report in the same transaction, the page's "Gửi báo cáo" then "Xác nhận gửi". A report
  that exists needs ``If-Match`` (its revision, the ETag of the GET); one not yet saved is created by the first
  save (the page's revision 0). Writing needs WRITE on the unit: a unit the user reads but may not write answers
  403 ``forbidden``.
* The bulk import is the spreadsheet upload's checking and writing (``spreadsheets.import_rows``): every row
  against the user's write scope, locked reports, every cell; nothing is written unless all rows are clean.
* Consolidated figures are ``consolidation.consolidate`` (and ``breakdown`` with ``by_child``): ``value`` is the
  machine form (``Figure.as_json``: n/m as ``{"n", "m"}``, decimals as strings "68.5"), ``text`` what the
  consolidated page prints ("9/15", "68,5%", "1.234").

Values in requests are JSON numbers, booleans, null (deletes a figure) or text typed as on the entry page
("1.234,5", "85,3%", "Có"): a dot in a text is a thousands separator there, so "1.5" is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.api.common import etag, idempotent, parse_if_match, require_if_match, set_etag
from tuyengiao.api.errors import ApiError, ErrorOut
from tuyengiao.lib.periods import DeadlineRule, Period, PeriodError, PeriodType, choices, period_of
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.lib.rollup import ValueType
from tuyengiao.reports import services, sources, spreadsheets
from tuyengiao.reports.consolidation import ConsolidationError, Figure, breakdown, consolidate
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section
from tuyengiao.units.models import Unit, UnitVersion

router = Router(tags=["Báo cáo định kỳ"])

ERRORS: dict[int, Any] = {status: ErrorOut for status in (401, 403, 404, 409, 412, 422, 428, 429)}
READ_ERRORS: dict[int, Any] = {status: ErrorOut for status in (401, 404, 422, 429)}
IMPORT_ERRORS: dict[int, Any] = {status: ErrorOut for status in (401, 404, 422, 429)}
# Dates the period rules can work with (``lib.periods``: years 1000–9999, and three years of pickers before).
FIRST_DAY, LAST_DAY = dt.date(1100, 1, 1), dt.date(9998, 12, 31)
API_COMMENT = "Nhập qua API (nhiều đơn vị một lần)."


# --- Schemas ---------------------------------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str = Field(..., description="Mã chỉ tiêu (dùng làm khoá của số liệu).")
    name: str = Field(..., description="Tên chỉ tiêu.")
    value_type: str = Field(..., description="Kiểu giá trị: integer, decimal, percent, boolean, text.")
    rule: str = Field(..., description="Cách tổng hợp theo đơn vị: sum, weighted_average, count_yes, text …")
    time_rule: str = Field(..., description="Cách tổng hợp theo thời gian: sum (cộng dồn) hoặc latest (số hiện có).")
    unit_of_measure: str = Field(..., description="Đơn vị tính.")
    required: bool = Field(..., description="Bắt buộc khi gửi báo cáo.")
    min_value: str | None = Field(None, description="Giá trị nhỏ nhất (số dạng 12.5), nếu có.")
    max_value: str | None = Field(None, description="Giá trị lớn nhất, nếu có.")
    at_most: str | None = Field(None, description="Mã chỉ tiêu mà giá trị này không được lớn hơn.")
    weight: str | None = Field(None, description="Mã chỉ tiêu dùng làm trọng số (bình quân gia quyền).")
    computed: bool = Field(..., description="Số liệu tính tự động từ dữ liệu của hệ thống, không nhập tay.")
    source: str = Field("", description="Nguồn tính tự động (tên), nếu có.")


class ItemOut(Schema):
    order: int
    label: str = Field(..., description="Nhãn hiển thị trong mẫu (mặc định là tên chỉ tiêu).")
    indicator: IndicatorOut


class SectionOut(Schema):
    order: int = Field(..., description="Thứ tự của mục; phần lời được gửi theo số thứ tự này.")
    title: str
    kind: str = Field(..., description="indicators (chỉ tiêu) hoặc một phần lời: results, limitations, …")
    items: list[ItemOut]


class VersionOut(Schema):
    number: int
    effective_from: str = Field(..., description="Mã kỳ bắt đầu áp dụng, ví dụ 2025M07.")
    sections: list[SectionOut]


class VersionRef(Schema):
    number: int
    effective_from: str


class FormOut(Schema):
    code: str
    name: str
    period_type: str = Field(..., description="Kỳ báo cáo của mẫu: month, quarter, half, nine_months, year.")
    period_type_label: str
    submitter_kinds: list[str]
    submitter_levels: list[str]
    deadline_rule: str = Field(..., description="Quy tắc hạn nộp, ví dụ day:15:last_month.")
    deadline_description: str
    versions: list[VersionRef]
    version: VersionOut | None = Field(None, description="Phiên bản áp dụng vào ngày hỏi (?on=), nếu có.")


class FormList(Schema):
    count: int
    items: list[FormOut]


class PeriodOut(Schema):
    code: str = Field(..., description="Mã kỳ: 2025M09, 2025Q3, 2025S1, 2025N9, 2025.")
    label: str
    type: str
    start: dt.date
    end: dt.date
    submitted: bool = Field(..., description="Kỳ mà đơn vị nộp báo cáo (đúng kỳ của mẫu); các kỳ khác chỉ tổng hợp.")
    deadline: dt.date | None = Field(None, description="Hạn nộp (kỳ nộp báo cáo).")
    version: int | None = Field(None, description="Phiên bản mẫu áp dụng cho kỳ.")


class PeriodList(Schema):
    count: int
    items: list[PeriodOut]


class UnitRef(Schema):
    key: str
    name: str


class PeriodRef(Schema):
    code: str
    label: str
    start: dt.date
    end: dt.date


class NarrativeOut(Schema):
    order: int
    kind: str
    title: str
    text: str


class ReportOut(Schema):
    unit: UnitRef
    form: str
    period: PeriodRef
    version: int
    status: str | None = Field(None, description="draft, submitted, returned, accepted; null khi chưa lưu lần nào.")
    status_label: str
    revision: int = Field(..., description="Phiên bản của báo cáo (ETag); 0 khi chưa lưu lần nào.")
    editable: bool = Field(..., description="Người gọi sửa được báo cáo lúc này.")
    deadline: dt.date | None = None
    submitted_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    late: bool
    values: dict[str, Any] = Field(
        ..., description='Mã chỉ tiêu → giá trị: số nguyên, số thập phân dạng chuỗi "85.3", true/false, chữ.'
    )
    narratives: list[NarrativeOut]


class ReportIn(Schema):
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="Mã chỉ tiêu → số (JSON), true/false, null (xoá số đã nhập) hoặc chữ gõ như trên trang "
        '("1.234,5", "85,3%", "Có").',
    )
    narratives: dict[str, str] = Field(default_factory=dict, description="Thứ tự mục phần lời → nội dung.")
    submit: bool = Field(False, description="Gửi báo cáo sau khi lưu (mọi chỉ tiêu bắt buộc phải có số).")


class ImportRowIn(Schema):
    unit: str = Field(..., description="Mã đơn vị (key), ví dụ c2025:24133.")
    values: dict[str, Any] = Field(default_factory=dict)
    narratives: dict[str, str] = Field(default_factory=dict)


class ImportIn(Schema):
    rows: list[ImportRowIn] = Field(..., description="Mỗi dòng là số liệu của một đơn vị.")


class SavedOut(Schema):
    unit: str
    name: str
    revision: int


class ImportOut(Schema):
    rows: int = Field(..., description="Số dòng đã đọc.")
    saved: list[SavedOut] = Field(..., description="Báo cáo đã ghi.")
    unchanged: int = Field(..., description="Số dòng giống hệt số liệu đã lưu, không ghi lại.")


class FigureOut(Schema):
    indicator: str
    label: str
    unit_of_measure: str
    rule: str
    value: Any = Field(
        None, description='Giá trị máy đọc: số, chuỗi số thập phân, {"n", "m"} với câu hỏi Có/Không, danh sách chữ.'
    )
    text: str = Field(..., description='Giá trị như trang tổng hợp hiển thị ("9/15", "68,5%").')
    reported: int = Field(..., description="Số đơn vị có số liệu.")


class ChildFigureOut(Schema):
    value: Any = None
    text: str
    reported: int


class ChildOut(Schema):
    unit: UnitRef
    own: bool = Field(..., description="Báo cáo của chính đơn vị (không phải một đơn vị trực thuộc).")
    figures: dict[str, ChildFigureOut]


class ConsolidatedOut(Schema):
    unit: UnitRef
    form: str
    period: PeriodRef
    structure_date: dt.date = Field(..., description="Cơ cấu tổ chức tại ngày này (mặc định: ngày cuối kỳ).")
    figures: list[FigureOut]
    children: list[ChildOut] | None = None


class OnQuery(Schema):
    on: dt.date | None = Field(None, description="Ngày (YYYY-MM-DD), mặc định hôm nay.")


class FormListQuery(OnQuery):
    limit: int = Field(50, ge=1, le=500, description="Số mục tối đa trả về (1–500).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Bỏ qua bao nhiêu mục đầu.")


class ConsolidatedQuery(Schema):
    as_of: dt.date | None = Field(None, description="Cơ cấu tổ chức tại ngày (YYYY-MM-DD), mặc định ngày cuối kỳ.")
    by_child: bool = Field(False, description="Thêm số liệu theo từng đơn vị trực thuộc.")


# --- Lookups (404 as on the pages) -----------------------------------------------------------------------------------


def _not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def _day(value: dt.date | None, default: dt.date, name: str) -> dt.date:
    """A date of the query, within the years the period rules know (else 422, never a server error)."""
    if value is None:
        return default
    if not FIRST_DAY <= value <= LAST_DAY:
        message = _("Ngày phải nằm trong khoảng %(first)s – %(last)s.") % {
            "first": FIRST_DAY.isoformat(),
            "last": LAST_DAY.isoformat(),
        }
        raise ApiError(422, "validation_error", message, [{"field": name, "message": message}])
    return value


def _path(text: str) -> str:
    """A path parameter; a NUL character (which PostgreSQL refuses in any string) names nothing: 404."""
    if "\x00" in text:
        raise _not_found(_("Không tìm thấy."))
    return text


def _form(code: str) -> Form:
    form = Form.objects.prefetch_related("versions").filter(code=_path(code)).first()
    if form is None:
        raise _not_found(_("Không có mẫu báo cáo này."))
    return form


def _parse_period(code: str) -> Period:
    try:
        return Period.parse(_path(code))
    except PeriodError:
        raise _not_found(_("Kỳ báo cáo không hợp lệ.")) from None


def _form_period(form: Form, code: str) -> Period:
    """A period the form is reported for (the entry page's ``_period``)."""
    period = _parse_period(code)
    if period.type != form.period_type:
        raise _not_found(_("Kỳ báo cáo không hợp lệ."))
    return period


def _unit(request: HttpRequest, key: str) -> Unit:
    """The unit if the user may read it (``scoping.can``, as ``get_unit_or_404``), else 404."""
    unit = Unit.objects.prefetch_related("versions").filter(key=_path(key)).first()  # versions: last_day, names
    if unit is None or not scoping.can(request.user, Capability.READ, unit):
        raise _not_found(_("Không tìm thấy đơn vị."))
    return unit


def _submitting_unit(request: HttpRequest, form: Form, key: str) -> Unit:
    unit = _unit(request, key)
    if not form.submitted_by(unit):
        raise _not_found(_("Đơn vị này không nộp mẫu báo cáo này."))
    return unit


# --- Forms and periods -----------------------------------------------------------------------------------------------


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "value_type": indicator.value_type,
        "rule": indicator.rule,
        "time_rule": indicator.time_rule,
        "unit_of_measure": indicator.unit_of_measure,
        "required": indicator.required,
        "min_value": _number(indicator.min_value),
        "max_value": _number(indicator.max_value),
        "at_most": indicator.at_most.code if indicator.at_most else None,
        "weight": indicator.weight.code if indicator.weight else None,
        "computed": bool(indicator.source),
        "source": sources.label(indicator.source) if indicator.source else "",
    }


def _version(version: FormVersion) -> dict[str, Any]:
    sections = sorted(version.sections.all(), key=lambda s: s.order)
    return {
        "number": version.number,
        "effective_from": version.effective_from,
        "sections": [
            {
                "order": section.order,
                "title": section.title,
                "kind": section.kind,
                "items": [
                    {"order": item.order, "label": str(item), "indicator": _indicator(item.indicator)}
                    for item in sorted(section.items.all(), key=lambda i: i.order)
                ],
            }
            for section in sections
        ],
    }


def _deadline_description(form: Form) -> str:
    try:
        return DeadlineRule.parse(form.deadline_rule).description
    except PeriodError:
        return form.deadline_rule


def _form_out(form: Form, on: dt.date) -> dict[str, Any]:
    period_type = PeriodType(form.period_type)
    period = period_of(period_type, on)
    version = form.version_for(period) if period is not None else None
    return {
        "code": form.code,
        "name": form.name,
        "period_type": form.period_type,
        "period_type_label": str(period_type.label),
        "submitter_kinds": list(form.submitter_kinds or []),
        "submitter_levels": list(form.submitter_levels or []),
        "deadline_rule": form.deadline_rule,
        "deadline_description": str(_deadline_description(form)),
        "versions": [
            {"number": v.number, "effective_from": v.effective_from}
            for v in sorted(form.versions.all(), key=lambda v: v.number)
        ],
        "version": _version(version) if version is not None else None,
    }


def _forms() -> Any:
    items = Item.objects.select_related("indicator", "indicator__at_most", "indicator__weight")
    return Form.objects.order_by("code").prefetch_related(
        Prefetch(
            "versions",
            queryset=FormVersion.objects.prefetch_related(
                Prefetch("sections", queryset=Section.objects.prefetch_related(Prefetch("items", queryset=items)))
            ),
        )
    )


@router.get(
    "/forms",
    response={200: FormList, **READ_ERRORS},
    summary="Các mẫu báo cáo",
    description="Mọi mẫu báo cáo (người dùng đã đăng nhập đều đọc được, như trang danh sách báo cáo), mỗi mẫu kèm "
    "phiên bản áp dụng vào ngày ?on= (mặc định hôm nay) với các mục, chỉ tiêu (mã, kiểu, cách tổng hợp, đơn vị "
    "tính, có tính tự động hay không). Phân trang bằng ?limit=&offset=.",
)
def form_list(request: HttpRequest, query: Query[FormListQuery]) -> Any:
    on = _day(query.on, timezone.localdate(), "on")
    forms = _forms()
    page = forms[query.offset : query.offset + query.limit]
    return {"count": forms.count(), "items": [_form_out(form, on) for form in page]}


@router.get(
    "/forms/{form}",
    response={200: FormOut, **READ_ERRORS},
    summary="Một mẫu báo cáo",
    description="Mẫu báo cáo với phiên bản áp dụng vào ngày ?on= (mặc định hôm nay).",
)
def form_detail(request: HttpRequest, form: str, query: Query[OnQuery]) -> Any:
    found = _forms().filter(code=_path(form)).first()
    if found is None:
        raise _not_found(_("Không có mẫu báo cáo này."))
    return _form_out(found, _day(query.on, timezone.localdate(), "on"))


@router.get(
    "/forms/{form}/periods",
    response={200: PeriodList, **READ_ERRORS},
    summary="Các kỳ của một mẫu báo cáo",
    description="Các kỳ như ô chọn kỳ của các trang (lib/periods.choices): kỳ nộp của mẫu và các kỳ dài hơn mà số "
    "liệu tổng hợp lên, ba năm gần nhất đến ngày ?on=, năm mới nhất trước; kỳ nộp có hạn nộp.",
)
def form_periods(request: HttpRequest, form: str, query: Query[OnQuery]) -> Any:
    found = _form(form)
    items = []
    for period in choices(PeriodType(found.period_type), _day(query.on, timezone.localdate(), "on")):
        submitted = period.type == found.period_type
        version = found.version_for(period)
        items.append(
            {
                "code": period.code,
                "label": period.label,
                "type": str(period.type),
                "start": period.start,
                "end": period.end,
                "submitted": submitted,
                "deadline": services.deadline_of(found, period) if submitted else None,
                "version": version.number if version is not None else None,
            }
        )
    return {"count": len(items), "items": items}


# --- A unit's report -------------------------------------------------------------------------------------------------


def _json_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _period_ref(period: Period) -> dict[str, Any]:
    return {"code": period.code, "label": period.label, "start": period.start, "end": period.end}


def _report_out(request: HttpRequest, form: Form, unit: Unit, period: Period, report: Report | None) -> dict[str, Any]:
    """What the entry page shows, as data: a report not saved yet shows revision 0 and its sourced figures."""
    writable = services.can_write(request.user, unit)
    editable = writable and (report is None or report.status in services.EDITABLE)
    version = report.version if report is not None else form.version_for(period)
    assert version is not None  # reportable() or an existing report
    items = services.items_of_version(version.pk)
    values: dict[str, object] = services.stored_values(report) if report is not None else {}
    if editable:  # the page's ``fresh``: sourced figures as computed now (stored by the next save)
        values.update(services.computed_for(unit, period, items))
    texts = {n.section_id: n.text for n in report.narratives.all()} if report is not None else {}
    sections = Section.objects.filter(version=version).exclude(kind=Section.Kind.INDICATORS).order_by("order")
    deadline = services.deadline_of(form, period)
    submitted = timezone.localdate(report.submitted_at) if report is not None and report.submitted_at else None
    return {
        "unit": {"key": unit.key, "name": unit.name_on(period.end)},
        "form": form.code,
        "period": _period_ref(period),
        "version": version.number,
        "status": report.status if report is not None else None,
        "status_label": str(report.get_status_display()) if report is not None else _("Chưa nhập"),
        "revision": report.revision if report is not None else 0,
        "editable": editable,
        "deadline": deadline,
        "submitted_at": report.submitted_at if report is not None else None,
        "accepted_at": report.accepted_at if report is not None else None,
        "late": bool(submitted and deadline and submitted > deadline),
        "values": {item.indicator.code: _json_value(values.get(item.indicator.code)) for item in items},
        "narratives": [
            {"order": s.order, "kind": s.kind, "title": s.title, "text": texts.get(s.pk, "")} for s in sections
        ],
    }


def _existing(form: Form, unit: Unit, period: Period) -> Report | None:
    return Report.objects.select_related("version").filter(form=form, unit=unit, period=period.code).first()


@router.get(
    "/forms/{form}/periods/{period}/units/{unit}",
    response={200: ReportOut, **READ_ERRORS},
    summary="Báo cáo của một đơn vị",
    description="Số liệu theo mã chỉ tiêu, phần lời, trạng thái; header ETag là phiên bản của báo cáo (gửi lại "
    "trong If-Match khi sửa). Báo cáo chưa lưu lần nào có revision 0. Đơn vị ngoài phạm vi: 404.",
)
def report_detail(request: HttpRequest, response: HttpResponse, form: str, period: str, unit: str) -> Any:
    form_obj = _form(form)
    period_obj = _form_period(form_obj, period)
    unit_obj = _submitting_unit(request, form_obj, unit)
    report = _existing(form_obj, unit_obj, period_obj)
    if report is None:
        refusal = services.reportable(form_obj, unit_obj, period_obj)
        if refusal:
            raise _not_found(refusal)
    data = _report_out(request, form_obj, unit_obj, period_obj, report)
    response["ETag"] = etag(data["revision"])
    return data


def _as_text(value: Any, value_type: str) -> str | None:
    """A JSON value as the text the entry page's field would hold (None: not a value of any kind)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value if "\x00" not in value else None
    if isinstance(value, bool):
        return spreadsheets.YES if value else spreadsheets.NO
    if isinstance(value, int) and value_type == ValueType.BOOLEAN:
        return str(value)  # 1 / 0, read by the page's rule like "1" / "0"
    if isinstance(value, int | float):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except ArithmeticError:
            return None
        if not number.is_finite():
            return None
        return spreadsheets.value_text(number, value_type)
    return None


def _raw_values(
    values: dict[str, Any], items: list[Item], prefix: str = "values"
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Indicator code → text for ``check_values``; unknown codes and values of no type are refused here."""
    by_code = {item.indicator.code: item.indicator for item in items}
    raw: dict[str, str] = {}
    errors: list[dict[str, Any]] = []
    for code, value in values.items():
        indicator = by_code.get(code)
        if indicator is None:
            message = _("Mã chỉ tiêu “%(code)s” không có trong mẫu báo cáo này.") % {"code": code}
            errors.append({"field": f"{prefix}.{code}", "message": message})
            continue
        text = _as_text(value, indicator.value_type)
        if text is None:
            errors.append({"field": f"{prefix}.{code}", "message": _("Giá trị phải là số, true/false, null hoặc chữ.")})
            continue
        raw[code] = text
    return raw, errors


def _narratives(narratives: dict[str, str], version_id: int) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """Section order → text as section pk → text (what ``save_values`` takes)."""
    sections = {
        str(s.order): s.pk for s in Section.objects.filter(version_id=version_id).exclude(kind=Section.Kind.INDICATORS)
    }
    result: dict[int, str] = {}
    errors: list[dict[str, Any]] = []
    for order, text in narratives.items():
        if "\x00" in text:
            errors.append({"field": f"narratives.{order}", "message": _("Nội dung có ký tự không hợp lệ.")})
            continue
        if order.strip() not in sections:
            message = _("Mẫu báo cáo không có mục phần lời thứ “%(order)s”.") % {"order": order}
            errors.append({"field": f"narratives.{order}", "message": message})
            continue
        result[sections[order.strip()]] = text
    return result, errors


def _invalid(details: list[dict[str, Any]], message: str | None = None) -> ApiError:
    return ApiError(
        422, "validation_error", message or _("Báo cáo có lỗi, chưa lưu. Vui lòng sửa các ô được đánh dấu."), details
    )


def _failure_details(failure: services.ValidationFailed, section_orders: dict[int, int]) -> list[dict[str, Any]]:
    """The service's messages per field, unchanged: ``values.<code>``, ``narratives.<order>`` or the whole report."""
    details = []
    for key, messages in failure.errors.items():
        if key == "__all__":
            field = None
        elif key.startswith("section-") and key[8:].isdigit():
            field = f"narratives.{section_orders.get(int(key[8:]), key[8:])}"
        else:
            field = f"values.{key}"
        details += [{"field": field, "message": str(message)} for message in messages]
    return details


@router.post(
    "/forms/{form}/periods/{period}/units/{unit}",
    response={200: ReportOut, 201: ReportOut, **ERRORS},
    summary="Gửi số liệu báo cáo của một đơn vị",
    description="Lưu số liệu (và phần lời) vào bản nháp, như trang nhập báo cáo: cùng kiểm tra, cùng thông báo lỗi "
    'theo từng chỉ tiêu (details). Báo cáo đã có cần If-Match (ETag); thiếu: 428, sai: 412. "submit": true '
    'gửi báo cáo luôn (như "Gửi báo cáo" rồi "Xác nhận gửi"). Idempotency-Key: gửi lại cùng khoá, cùng nội '
    "dung trả lại đúng câu trả lời lần đầu, không ghi lần hai. Báo cáo mới tạo: 201.",
)
def report_save(request: HttpRequest, form: str, period: str, unit: str, payload: ReportIn) -> Any:
    form_obj = _form(form)
    period_obj = _form_period(form_obj, period)
    unit_obj = _submitting_unit(request, form_obj, unit)
    if not services.can_write(request.user, unit_obj):
        raise ApiError(403, "forbidden", _("Bạn không có quyền nhập báo cáo cho đơn vị này."))

    def handler() -> tuple[int, Any]:
        return _save(request, form_obj, unit_obj, period_obj, payload)

    answer = idempotent(request, f"report:{form_obj.code}:{period_obj.code}:{unit_obj.key}", handler)
    if answer.status_code < 400:
        set_etag(answer, int(json.loads(answer.content)["revision"]))
    return answer


def _save(request: HttpRequest, form: Form, unit: Unit, period: Period, payload: ReportIn) -> tuple[int, Any]:
    user = request.user
    report = _existing(form, unit, period)
    if report is not None:
        expected = require_if_match(request, report.revision)
    else:
        refusal = services.reportable(form, unit, period)
        if refusal:
            raise _not_found(refusal)
        seen = request.headers.get("If-Match")
        if seen and seen.strip() != "*" and parse_if_match(seen) != 0:
            raise ApiError(412, "stale", _('Báo cáo chưa được lưu lần nào (ETag hiện tại: "0"). Chưa lưu gì.'))
        expected = 0
    version = report.version if report is not None else form.version_for(period)
    assert version is not None
    items = services.items_of_version(version.pk)
    raw, errors = _raw_values(payload.values, items)
    narratives, narrative_errors = _narratives(payload.narratives, version.pk)
    if errors or narrative_errors:
        raise _invalid(errors + narrative_errors)
    orders = _orders(version.pk)
    created = False
    try:
        with transaction.atomic():  # a refused first save leaves no empty draft behind; a refused send saves nothing
            if report is None:
                report, created = services.open_report(form, unit, period, user)
                expected = report.revision if created else expected
            report = services.save_values(report, raw, narratives, user, expected, require=payload.submit)
            if payload.submit:
                report = services.submit(report, user, report.revision)
    except services.ValidationFailed as failure:
        raise _invalid(_failure_details(failure, orders), str(failure)) from failure
    except StaleEdit as error:
        raise ApiError(412, "stale", str(error)) from error
    except services.WorkflowError as error:
        raise ApiError(409, "conflict", str(error)) from error
    report = Report.objects.select_related("version").get(pk=report.pk)
    return (201 if created else 200), _report_out(request, form, unit, period, report)


def _orders(version_id: int) -> dict[int, int]:
    """Section pk → order of the version's text sections."""
    return dict(
        Section.objects.filter(version_id=version_id).exclude(kind=Section.Kind.INDICATORS).values_list("pk", "order")
    )


# --- Bulk import -----------------------------------------------------------------------------------------------------


@router.post(
    "/forms/{form}/periods/{period}/import",
    response={200: ImportOut, **IMPORT_ERRORS},
    summary="Nhập số liệu của nhiều đơn vị một lần",
    description="Như tải lên tệp Excel số liệu: mọi dòng được kiểm tra (đơn vị trong phạm vi được nhập, báo cáo "
    "chưa gửi, từng ô) trước khi ghi; có một lỗi thì không ghi gì, details liệt kê từng ô "
    "{unit, indicator, message}. Dòng giống hệt số liệu đã lưu được bỏ qua. Chỉ tiêu không nêu trong dòng giữ "
    "nguyên. Idempotency-Key như khi gửi một báo cáo.",
)
def report_import(request: HttpRequest, form: str, period: str, payload: ImportIn) -> Any:
    form_obj = _form(form)
    period_obj = _form_period(form_obj, period)
    version = form_obj.version_for(period_obj)
    if version is None:
        raise _not_found(_("Mẫu báo cáo chưa có phiên bản áp dụng cho kỳ này."))

    def handler() -> tuple[int, Any]:
        return _import(request, form_obj, period_obj, version, payload)

    return idempotent(request, f"report-import:{form_obj.code}:{period_obj.code}", handler)


def _import(
    request: HttpRequest, form: Form, period: Period, version: FormVersion, payload: ImportIn
) -> tuple[int, Any]:
    types = {item.indicator.code: item.indicator.value_type for item in services.items_of_version(version.pk)}
    rows: list[spreadsheets.DataRow] = []
    details: list[dict[str, Any]] = []
    for row in payload.rows:
        values: dict[str, str] = {}
        for code, value in row.values.items():
            text = _as_text(value, types.get(code, ValueType.TEXT))
            if text is None:
                message = _("Giá trị phải là số, true/false, null hoặc chữ.")
                details.append({"unit": row.unit, "indicator": code, "message": message})
                continue
            values[code] = text
        if "\x00" in row.unit:
            details.append({"unit": None, "indicator": None, "message": _("Mã đơn vị có ký tự không hợp lệ.")})
            continue
        narratives: dict[int, str] = {}
        for order, text in row.narratives.items():
            if not order.strip().isdigit() or "\x00" in text:
                message = _("Mẫu báo cáo không có mục phần lời thứ “%(order)s”.") % {"order": order}
                details.append(
                    {"unit": row.unit, "indicator": f"{spreadsheets.SECTION_PREFIX}{order}", "message": message}
                )
                continue
            narratives[int(order)] = text
        rows.append(spreadsheets.DataRow(unit=row.unit.strip(), values=values, narratives=narratives))
    if details:
        raise _invalid(details, _("Số liệu có lỗi, chưa ghi báo cáo nào."))
    # A unit the user may not even read is answered as one that does not exist (the API's 404), never by its name.
    known = dict(Unit.objects.filter(key__in={row.unit for row in rows}).values_list("key", "pk"))
    readable = scoping.readable_unit_ids(request.user, known.values())
    hidden = {key for key, pk in known.items() if pk not in readable}
    kept = [row for row in rows if row.unit not in hidden]
    result = (
        spreadsheets.import_rows(form, period, request.user, kept, comment=_(API_COMMENT), check_only=bool(hidden))
        if kept or not hidden
        else spreadsheets.Result()
    )
    if hidden or result.errors:
        keys = {position: row.unit for position, row in enumerate(kept, start=1)}
        found = [(keys.get(error.row), error.column or None, error.message) for error in result.errors] + [
            (key, None, _("Không có đơn vị mã “%(key)s”.") % {"key": key}) for key in sorted(hidden)
        ]
        position = {row.unit: index for index, row in enumerate(rows)}
        found.sort(key=lambda error: position.get(error[0] or "", -1))
        details = [{"unit": unit, "indicator": indicator, "message": message} for unit, indicator, message in found]
        raise _invalid(details, _("Số liệu có lỗi, chưa ghi báo cáo nào."))
    revisions = dict(Report.objects.filter(pk__in=[s.report_id for s in result.saved]).values_list("pk", "revision"))
    keys_by_id = dict(Unit.objects.filter(pk__in=[s.unit_id for s in result.saved]).values_list("pk", "key"))
    saved = [
        {"unit": keys_by_id[s.unit_id], "name": s.unit_name, "revision": revisions[s.report_id]} for s in result.saved
    ]
    return 200, {"rows": result.rows, "saved": saved, "unchanged": result.unchanged}


# --- Consolidated figures --------------------------------------------------------------------------------------------


def _figure(figure: Figure) -> dict[str, Any]:
    return {"value": figure.as_json(), "text": figure.text, "reported": figure.reported}


@router.get(
    "/forms/{form}/periods/{period}/consolidated/{unit}",
    response={200: ConsolidatedOut, **READ_ERRORS},
    summary="Số liệu tổng hợp",
    description="Tổng hợp của mẫu báo cáo cho đơn vị và kỳ (kỳ của mẫu hoặc dài hơn: quý, 6 tháng, 9 tháng, năm), "
    "theo cơ cấu tổ chức tại ngày ?as_of= (mặc định ngày cuối kỳ), đúng các số của trang tổng hợp (chỉ báo cáo "
    "đã gửi hoặc đã tiếp nhận). ?by_child=true thêm số liệu theo từng đơn vị trực thuộc. Đơn vị ngoài phạm vi: 404.",
)
def consolidated(request: HttpRequest, form: str, period: str, unit: str, query: Query[ConsolidatedQuery]) -> Any:
    form_obj = _form(form)
    period_obj = _parse_period(period)
    unit_obj = _unit(request, unit)
    date = _day(query.as_of, period_obj.end, "as_of")
    try:
        figures = consolidate(form_obj, unit_obj, period_obj, structure_date=date)
        by_child = breakdown(form_obj, unit_obj, period_obj, structure_date=date) if query.by_child else None
    except ConsolidationError as error:
        raise ApiError(422, "validation_error", str(error)) from error
    version = form_obj.version_for(period_obj)
    # The items' labels in the form's order: one light query (figures carry their indicators).
    rows = (
        Item.objects.filter(section__version=version)
        .order_by("section__order", "order")
        .values_list("indicator__code", "label", "indicator__name")
    )
    labels = {code: label or name for code, label, name in rows}
    order = [code for code in labels if code in figures]
    own = next((v for v in unit_obj.versions.all() if v.covers(date)), None)  # prefetched by ``_unit``
    data: dict[str, Any] = {
        "unit": {"key": unit_obj.key, "name": own.display_name if own is not None else unit_obj.name_on(date)},
        "form": form_obj.code,
        "period": _period_ref(period_obj),
        "structure_date": date,
        "figures": [
            {
                "indicator": code,
                "label": labels[code],
                "unit_of_measure": figures[code].indicator.unit_of_measure,
                "rule": figures[code].indicator.rule,
                **_figure(figures[code]),
            }
            for code in order
        ],
        "children": None,
    }
    if by_child is not None:
        names = {v.unit_id: v.display_name for v in UnitVersion.objects.as_of(date).filter(unit_id__in=list(by_child))}
        keys = dict(Unit.objects.filter(pk__in=list(by_child)).values_list("pk", "key"))
        tree_order = list(
            UnitVersion.objects.as_of(date)
            .filter(unit_id__in=list(by_child))
            .in_tree_order()
            .values_list("unit_id", flat=True)
        )
        tree_order.sort(key=lambda pk: pk != unit_obj.pk)  # the unit's own report first, then children in tree order
        data["children"] = [
            {
                "unit": {"key": keys[pk], "name": names.get(pk, "")},
                "own": pk == unit_obj.pk,
                "figures": {code: _figure(by_child[pk][code]) for code in order if code in by_child[pk]},
            }
            for pk in tree_order
        ]
    return data
