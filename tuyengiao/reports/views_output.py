"""Outputs of the periodic reports: the consolidated page (figures, drill-down, charts) and its
XLSX, DOCX (Party layout, HD 36) and PDF files, and the editor of the report's narrative.

``?don_vi=<unit pk>&mau=<form code>&ky=<period code>[&co_cau=dd/mm/yyyy][&so_sanh=cung-ky|ky-truoc]
[&chi_tieu=<indicator code>]``: READ scope on the unit is required (404 otherwise, like a unit that
does not exist). ``so_sanh`` adds the same period of the previous year or the previous period,
consolidated in the same structure; ``chi_tieu`` picks the drill-down column compared unit by unit.
The DOCX and PDF compare with the same period last year unless ``so_sanh`` says otherwise (empty: none) and
add the annex of the units' texts and figures only with ``phu_luc=1``.
Editing the narrative (``tong-hop/soan-thao/``) needs WRITE on the unit (404 otherwise).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from html import escape
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib import downloads, officedoc
from tuyengiao.lib import revision as revisions
from tuyengiao.lib.periods import Period, PeriodError, PeriodType, choices
from tuyengiao.reports import documents_out, narrative, services
from tuyengiao.reports.comparison import Mode
from tuyengiao.reports.consolidation import ConsolidationError
from tuyengiao.reports.forms_output import NarrativeForm
from tuyengiao.reports.models import Form
from tuyengiao.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _parse(request: HttpRequest) -> tuple[Unit, Form | None, Period | None, dt.date | None, str]:
    """The unit (404 when missing or out of scope) and the form, period and structure date, or an error."""
    get = request.GET
    try:
        pk = int(get.get("don_vi", ""))
    except ValueError:
        raise Http404(_("Không tìm thấy đơn vị.")) from None
    unit = scoping.get_unit_or_404(request.user, pk, Capability.READ)
    form = Form.objects.prefetch_related("versions").filter(code=get.get("mau", "")).first()
    period = structure = None
    error = ""
    typed = get.get("ky", "").strip()
    try:
        if typed:
            period = Period.read(typed)  # "Quý III/2025" as well as "2025Q3"
        elif form is not None:  # opened without a period: the latest one with data, not an empty month
            period = services.latest_with_data(form, request.user)
        else:
            period = None
    except PeriodError as problem:
        error = str(problem)
    raw = get.get("co_cau", "").strip()
    if raw:
        try:
            structure = dt.datetime.strptime(raw, "%d/%m/%Y").date()
        except ValueError:
            error = _("Ngày cơ cấu tổ chức phải có dạng dd/mm/yyyy.")
    if form is None:
        error = _("Chọn mẫu báo cáo.")
    return unit, form, period, structure, error


def _issued(request: HttpRequest, period: Period) -> dt.date | None:
    """The paper's own date: ``ngay_ban_hanh`` when entered, else the period's last day (today while the period is
    not over), so a 2023 report is dated and named as in 2023; None when the entered date is not a date."""
    raw = request.GET.get("ngay_ban_hanh", "").strip()
    if not raw:
        return min(timezone.localdate(), period.end)
    try:
        return dt.datetime.strptime(raw, "%d/%m/%Y").date()
    except ValueError:
        return None


def _collect(
    request: HttpRequest, default_compare: Mode | None = None
) -> tuple[documents_out.ConsolidatedReport | None, dict[str, object]]:
    """The report of the page's query; ``default_compare`` applies when ``so_sanh`` is absent (the files compare
    with the same period last year unless told otherwise: ``so_sanh=`` empty for none)."""
    unit, form, period, structure, error = _parse(request)
    context: dict[str, object] = {
        "unit": unit,
        "forms": Form.objects.only("code", "name").order_by("name"),
        "selected_form": form.code if form else request.GET.get("mau", ""),
        "selected_period": period.label if period is not None else request.GET.get("ky", ""),
        "period_choices": choices(PeriodType(form.period_type), timezone.localdate()) if form else [],
        "selected_structure": request.GET.get("co_cau", ""),
        "selected_compare": request.GET.get("so_sanh", ""),
        "compare_modes": [
            (Mode.SAME_PERIOD_LAST_YEAR.value, _("Cùng kỳ năm trước")),
            (Mode.PREVIOUS_PERIOD.value, _("Kỳ trước")),
        ],
        "error": error,
    }
    issued = None
    raw_issued = request.GET.get("ngay_ban_hanh", "").strip()
    if raw_issued:
        try:
            issued = dt.datetime.strptime(raw_issued, "%d/%m/%Y").date()
        except ValueError:
            context["error"] = error = _("Ngày ban hành phải có dạng dd/mm/yyyy.")
    if error or form is None or period is None:
        return None, context
    # The paper's own date: entered, else the period's last day (today while the period is not over), so a
    # 2023 report is dated and named as in 2023, not as on the day it is exported.
    context["selected_issued"] = raw_issued
    try:
        report = documents_out.collect(
            form,
            unit,
            period,
            structure_date=structure,
            report_date=issued or min(timezone.localdate(), period.end),
            compare=Mode.parse(request.GET.get("so_sanh")) if "so_sanh" in request.GET else default_compare,
            compare_indicator=request.GET.get("chi_tieu", ""),
        )
    except ConsolidationError as exc:
        context["error"] = str(exc)
        return None, context
    return report, context


def _query(
    report: documents_out.ConsolidatedReport,
    unit_id: int | None = None,
    *,
    structure: dt.date | None = None,
    period: Period | None = None,
    compare: bool = True,
) -> str:
    """The page's query string, for another unit, structure date or period (comparison kept unless told)."""
    period = period or report.period
    params = {"don_vi": unit_id or report.unit.pk, "mau": report.form.code, "ky": period.code}
    date = structure or report.structure_date
    if date != period.end:
        params["co_cau"] = date.strftime("%d/%m/%Y")
    if report.report_date != min(timezone.localdate(), period.end) and period == report.period:
        params["ngay_ban_hanh"] = report.report_date.strftime("%d/%m/%Y")
    if compare and report.comparison is not None:
        params["so_sanh"] = report.comparison.mode.value
        if report.compare_column is not None and report.compare_index:
            params["chi_tieu"] = report.compare_column.figure.indicator.code
    return urlencode(params)


def _structure_links(report: documents_out.ConsolidatedReport, today: dt.date) -> list[tuple[str, str, str]]:
    """``(when, dd/mm/yyyy, query)``: the same figures in the tree of another date on which the unit existed."""
    versions = list(report.unit.versions.all())
    links: list[tuple[str, str, str]] = []
    seen = {report.structure_date}
    for when, date in (
        (_("đầu kỳ"), report.period.start),
        (_("cuối kỳ"), report.period.end),
        (_("hiện nay"), today),
    ):
        if date in seen or not any(v.covers(date) for v in versions):
            continue
        seen.add(date)
        links.append((when, date.strftime("%d/%m/%Y"), _query(report, structure=date)))
    return links


def _drill_rows(
    report: documents_out.ConsolidatedReport,
) -> tuple[list[str], list[tuple[documents_out.Child, str, list[tuple[str, str]], SafeString]]]:
    """Header labels and, per child, its page's query, its cells ``(text, css class)`` and the same cells as
    ``<td>`` elements, escaped. When comparing,
    the compared column comes first, followed by the earlier figure and the change."""
    compared = report.compare_index if report.comparing else -1
    order = list(range(len(report.columns)))
    header: list[str] = []
    if compared >= 0 and report.comparison is not None:
        order.remove(compared)
        header = [report.columns[compared].label, report.comparison.column, _("Tăng (+), giảm (−)")]
    header += [report.columns[index].label for index in order]
    rows = []
    for child in report.children:
        cells: list[tuple[str, str]] = []
        if compared >= 0:
            current, earlier, change = child.compared(compared)
            cells += [
                (current.text or "–", "tg-compared"),
                ((earlier.text if earlier else "") or "–", "tg-earlier"),
                (change.text if change else "", "tg-change"),
            ]
        cells += [(child.figures[index].text or "–", "") for index in order]
        # One escaped string per row: a province's table has about a hundred rows of forty cells, and a template
        # loop over them was a third of the page's time.
        # (html.escape, not format_html: Django's lazy-aware wrapper costs more than the table.)
        cells_html = mark_safe(  # noqa: S308 - every text is escaped here; the classes are this function's own
            "".join(f'<td class="text-end {css}">{escape(str(text))}</td>' for text, css in cells)
        )
        rows.append((child, _query(report, child.unit_id), cells, cells_html))
    return header, rows


def _pins(request: HttpRequest, report: documents_out.ConsolidatedReport) -> dict[str, object]:
    """The pin buttons (``analytics``): the length a figure of this page is pinned over (the page's period when
    a month, quarter or year, else the form's own) and the user's pins of this form and unit by indicator."""
    from tuyengiao.analytics.models import KINDS, Pin

    kind = report.period.type if report.period.type in KINDS else PeriodType(report.form.period_type)
    if kind not in KINDS:
        return {"pin_kind": ""}
    pins = Pin.objects.filter(user_id=int(request.user.pk or 0), form=report.form, unit=report.unit, period_type=kind)
    return {"pin_kind": kind.value, "pins": {pin.indicator_code: pin for pin in pins}, "back": request.get_full_path()}


@login_required
@require_GET
def consolidated(request: HttpRequest) -> HttpResponse:
    report, context = _collect(request)
    if report is None:
        return render(request, "reports/consolidated.html", context, status=400 if context["error"] else 200)
    query = _query(report)
    today = timezone.localdate()
    drill_header, children = _drill_rows(report)
    comparison = report.comparison
    context.update(
        report=report,
        query=query,
        children=children,
        drill_header=drill_header,
        chart=report.chart_data(),
        unit_name=report.unit_name,
        structure_links=_structure_links(report, today),
        earlier_query=(
            _query(report, period=comparison.period, structure=comparison.period.end, compare=False)
            if comparison is not None
            else ""
        ),
        compare_choices=[
            (row.figure.indicator.code, row.label, i == report.compare_index) for i, row in enumerate(report.columns)
        ],
        can_edit=scoping.can(request.user, Capability.WRITE, report.unit),
        **_pins(request, report),
        narrative_query=_query(report, compare=False),
        saved_narrative=report.saved_narrative,
    )
    return render(request, "reports/consolidated.html", context)


def _file(request: HttpRequest) -> documents_out.ConsolidatedReport:
    report, context = _collect(request, default_compare=Mode.SAME_PERIOD_LAST_YEAR)
    if report is None:
        raise Http404(str(context["error"]) or _("Không có số liệu."))
    return report


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    return downloads.attachment(data, filename, content_type)


def _annex(request: HttpRequest) -> bool:
    """``phu_luc=1``: the report with the annex of the units' texts and figures (off by default)."""
    return request.GET.get("phu_luc", "") in ("1", "on", "true")


@login_required
@require_GET
def consolidated_xlsx(request: HttpRequest) -> HttpResponse:
    report = _file(request)
    return _attachment(documents_out.xlsx(report), XLSX, f"{report.filename}.xlsx")


@login_required
@require_GET
def consolidated_docx(request: HttpRequest) -> HttpResponse:
    report = _file(request)
    data = documents_out.docx(report, annex=_annex(request))
    return _attachment(data, DOCX, f"{report.filename}.docx")


@login_required
@require_GET
def consolidated_pdf(request: HttpRequest) -> HttpResponse:
    report = _file(request)
    message = ""
    try:
        data = officedoc.pdf_from_docx(documents_out.docx(report, annex=_annex(request)))
    except officedoc.OfficeMissing:
        message = _(
            "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF. Hãy tải bản Word (DOCX) "
            "hoặc đề nghị quản trị chạy scripts/install-office.sh."
        )
    except (subprocess.SubprocessError, OSError):
        message = _("Chuyển sang PDF không thành công. Hãy thử lại hoặc tải bản Word (DOCX).")
    if message:
        return render(
            request,
            "reports/consolidated_unavailable.html",
            {"message": message, "report": report, "query": _query(report)},
            status=503,
        )
    return _attachment(data, "application/pdf", f"{report.filename}.pdf")


# --- the narrative editor --------------------------------------------------------------------------------------------


_RELOAD = "lay_lai"  # GET parameter: draft the sections again from the figures (nothing saved until "Lưu")


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request: HttpRequest) -> HttpResponse:
    """Edit the narrative of a consolidated report: drafted from the figures until first saved, with the units'
    own texts beside each section to pick from and the signers posted on the report's date to choose."""
    unit, form, period, structure, error = _parse(request)
    if error or form is None or period is None:
        raise Http404(error or _("Không có số liệu."))
    if not scoping.can(request.user, Capability.WRITE, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    issued = _issued(request, period)
    if issued is None:
        raise Http404(_("Ngày ban hành phải có dạng dd/mm/yyyy."))
    date = structure or period.end
    unit_name, header = documents_out.heading(unit, date, issued)
    saved = narrative.find(form, unit, period, date)
    params = {"don_vi": unit.pk, "mau": form.code, "ky": period.code}
    if structure is not None and structure != period.end:
        params["co_cau"] = structure.strftime("%d/%m/%Y")
    if request.GET.get("ngay_ban_hanh"):
        params["ngay_ban_hanh"] = issued.strftime("%d/%m/%Y")
    query = urlencode(params)
    status = 200
    posted = revisions.parse(request.POST.get("revision")) if request.method == "POST" else None
    revision = posted if posted is not None else (saved.revision if saved else 0)
    signers = narrative.signers(unit, issued)
    titles = narrative.COMMISSION_TITLES if header.symbol.startswith("BTG") else narrative.COMMITTEE_TITLES
    try:
        report = documents_out.collect(
            form, unit, period, structure_date=date, report_date=issued, compare=Mode.SAME_PERIOD_LAST_YEAR
        )
    except ConsolidationError as exc:
        raise Http404(str(exc)) from None

    if request.method == "POST":
        editor = NarrativeForm(request.POST, symbol=header.symbol, titles=titles)
        if editor.is_valid():
            try:
                narrative.save(form, unit, period, date, editor.cleaned_data, request.user, posted)
            except revisions.StaleEdit as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, _("Đã lưu phần lời của báo cáo tổng hợp."))
                return redirect(f"{reverse('reports:consolidated_narrative')}?{query}")
        else:
            messages.error(request, _("Chưa lưu: kiểm tra các ô được đánh dấu."))
            status = 400
    else:
        default = next((s for s in signers if s.title == header.signature), signers[0] if signers else None)
        initial = documents_out.narrative_defaults(header, period, default)
        if saved is not None:
            initial = {name: getattr(saved, name) for name in narrative.EDITABLE}
        if saved is None or request.GET.get(_RELOAD):
            initial |= narrative.drafted(report)
        editor = NarrativeForm(initial=initial, symbol=header.symbol, titles=titles)

    material = report.units_texts()
    return render(
        request,
        "reports/consolidated_narrative.html",
        {
            "unit": unit,
            "unit_name": unit_name,
            "form_obj": form,
            "period": period,
            "structure_date": date,
            "issued": issued,
            "editor": editor,
            "head_fields": [editor[name] for name in ("number", "place", "subject")],
            "body_fields": [(editor[name], material.get(name, [])) for name, _title in narrative.SECTIONS],
            "sign_fields": [editor[name] for name in ("signer_title", "signer_name", "recipients")],
            "signers": signers,
            "revision": revision,
            "saved": saved,
            "query": query,
            "reload_query": f"{query}&{_RELOAD}=1",
            "reloaded": bool(request.GET.get(_RELOAD)),
            "symbol": header.symbol,
        },
        status=status,
    )


urlpatterns = [
    path("tong-hop/", consolidated, name="consolidated"),
    path("tong-hop/soan-thao/", narrative_edit, name="consolidated_narrative"),
    path("tong-hop/xlsx/", consolidated_xlsx, name="consolidated_xlsx"),
    path("tong-hop/docx/", consolidated_docx, name="consolidated_docx"),
    path("tong-hop/pdf/", consolidated_pdf, name="consolidated_pdf"),
]
