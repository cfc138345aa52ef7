"""Outputs of the periodic reports: the consolidated page (figures, drill-down, charts) and its
XLSX, DOCX (Party layout, HD 36) and PDF files.

``?don_vi=<unit pk>&mau=<form code>&ky=<period code>[&co_cau=dd/mm/yyyy]``: READ scope on the
unit is required (404 otherwise, like a unit that does not exist).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib.periods import Period, PeriodError
from tuyengiao.reports import documents_out
from tuyengiao.reports.consolidation import ConsolidationError
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
    try:
        period = Period.parse(get.get("ky", "").strip())
    except PeriodError:
        error = _("Kỳ báo cáo không hợp lệ (ví dụ: 2025, 2025Q3, 2025M08).")
    raw = get.get("co_cau", "").strip()
    if raw:
        try:
            structure = dt.datetime.strptime(raw, "%d/%m/%Y").date()
        except ValueError:
            error = _("Ngày cơ cấu tổ chức phải có dạng dd/mm/yyyy.")
    if form is None:
        error = _("Chọn mẫu báo cáo.")
    return unit, form, period, structure, error


def _collect(request: HttpRequest) -> tuple[documents_out.ConsolidatedReport | None, dict[str, object]]:
    unit, form, period, structure, error = _parse(request)
    context: dict[str, object] = {
        "unit": unit,
        "forms": Form.objects.only("code", "name").order_by("name"),
        "selected_form": form.code if form else request.GET.get("mau", ""),
        "selected_period": request.GET.get("ky", ""),
        "selected_structure": request.GET.get("co_cau", ""),
        "error": error,
    }
    if error or form is None or period is None:
        return None, context
    try:
        report = documents_out.collect(form, unit, period, structure_date=structure, report_date=timezone.localdate())
    except ConsolidationError as exc:
        context["error"] = str(exc)
        return None, context
    return report, context


def _query(report: documents_out.ConsolidatedReport, unit_id: int | None = None) -> str:
    params = {"don_vi": unit_id or report.unit.pk, "mau": report.form.code, "ky": report.period.code}
    if report.structure_date != report.period.end:
        params["co_cau"] = report.structure_date.strftime("%d/%m/%Y")
    return urlencode(params)


@login_required
@require_GET
def consolidated(request: HttpRequest) -> HttpResponse:
    report, context = _collect(request)
    if report is None:
        return render(request, "reports/consolidated.html", context, status=400 if context["error"] else 200)
    query = _query(report)
    children = [(child, _query(report, child.unit_id)) for child in report.children]
    context.update(
        report=report,
        query=query,
        children=children,
        chart=report.chart_data(),
        unit_name=report.unit_name,
    )
    return render(request, "reports/consolidated.html", context)


def _file(request: HttpRequest) -> documents_out.ConsolidatedReport:
    report, context = _collect(request)
    if report is None:
        raise Http404(str(context["error"]) or _("Không có số liệu."))
    return report


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def consolidated_xlsx(request: HttpRequest) -> HttpResponse:
    report = _file(request)
    return _attachment(documents_out.xlsx(report), XLSX, f"{report.filename}.xlsx")


@login_required
@require_GET
def consolidated_docx(request: HttpRequest) -> HttpResponse:
    report = _file(request)
    return _attachment(documents_out.docx(report), DOCX, f"{report.filename}.docx")


@login_required
@require_GET
def consolidated_pdf(request: HttpRequest) -> HttpResponse:
    report = _file(request)
    message = ""
    try:
        data = documents_out.pdf_from_docx(documents_out.docx(report))
    except documents_out.OfficeMissing:
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


urlpatterns = [
    path("tong-hop/", consolidated, name="consolidated"),
    path("tong-hop/xlsx/", consolidated_xlsx, name="consolidated_xlsx"),
    path("tong-hop/docx/", consolidated_docx, name="consolidated_docx"),
    path("tong-hop/pdf/", consolidated_pdf, name="consolidated_pdf"),
]
