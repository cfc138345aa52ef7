"""Report figures through spreadsheets: download the template, upload it filled in, follow the import.

* ``bieu-mau/<unit>/<form>/<period>/``: the XLSX template for one submitting unit, or with ``?tat_ca=1``
  for every unit expected to submit the form under ``unit`` (``services.expected_units``, as on the
  completeness page), prefilled with what is stored.
* ``nhap-excel/<unit>/<form>/<period>/``: the upload page. Small files are processed during the request;
  larger ones go to the task worker and the job page shows a progress bar (``static/js/report-import.js``
  polls ``nhap-excel/lan/<pk>/tien-do/`` every second).
* A job is visible to the user who uploaded it only (404 for everybody else).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, User
from tuyengiao.lib import downloads, uploads
from tuyengiao.lib.periods import Period
from tuyengiao.lib.spreadsheets import SpreadsheetField
from tuyengiao.reports import services, spreadsheets, tasks
from tuyengiao.reports.models import Form, ImportJob, Report
from tuyengiao.reports.views_entry import _period, _submitting_unit
from tuyengiao.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = SpreadsheetField(
        accept=("xlsx",),
        label=gettext_lazy("Tệp Excel (.xlsx) đã điền"),
        help_text=gettext_lazy("Theo đúng tệp mẫu. Nếu có ô lỗi, không dòng nào được nhập."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # signed in (login_required)
    return user


def _context(request: HttpRequest, unit: int, form: str, period: str) -> tuple[Form, Period, Unit]:
    form_obj = get_object_or_404(Form, code=form)
    period_obj = _period(form_obj, period)
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, period_obj.end)
    return form_obj, period_obj, unit_obj


def _submits(form: Form, unit: Unit) -> bool:
    return Unit.objects.filter(form.submitter_filter(prefix=""), pk=unit.pk).exists()


@login_required
@require_GET
def template(request: HttpRequest, unit: int, form: str, period: str) -> HttpResponse:
    """The template for one unit, or (``?tat_ca=1``) for every unit expected to submit under it."""
    form_obj = get_object_or_404(Form, code=form)
    period_obj = _period(form_obj, period)
    version = form_obj.version_for(period_obj)
    if version is None:
        raise Http404(_("Mẫu báo cáo chưa có phiên bản áp dụng cho kỳ này."))
    if request.GET.get("tat_ca"):
        unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, period_obj.end)
        units = list(services.expected_units(form_obj, unit_obj, period_obj))
    else:
        unit_obj = _submitting_unit(request, form_obj, unit)
        units = list(services.expected_units(form_obj, unit_obj, period_obj).filter(unit_id=unit_obj.pk))
        if not units:
            raise Http404(_("Đơn vị này không nộp mẫu báo cáo này trong kỳ."))
    content = spreadsheets.template(form_obj, version, period_obj, units)
    name = downloads.filename(form_obj.code, period_obj.code, unit_obj.name_on(period_obj.end), ext="xlsx")
    return downloads.attachment(content, name, XLSX)


@login_required
def upload(request: HttpRequest, unit: int, form: str, period: str) -> HttpResponse:
    """Upload a filled-in template; each row is checked against the user's write scope when it is read."""
    form_obj, period_obj, unit_obj = _context(request, unit, form, period)
    if form_obj.version_for(period_obj) is None:
        raise Http404(_("Mẫu báo cáo chưa có phiên bản áp dụng cho kỳ này."))
    upload_form = UploadForm()
    if request.method == "POST":
        upload_form = UploadForm(request.POST, request.FILES)
        if not uploads.refused_in_form(request, upload_form) and upload_form.is_valid():
            file = upload_form.cleaned_data["file"]
            job = _start(request, form_obj, period_obj, unit_obj, file)
            return redirect("reports:import_job", pk=job.pk)
    return render(
        request,
        "reports/sheets_upload.html",
        {
            "form": form_obj,
            "period": period_obj,
            "unit": unit_obj,
            "unit_name": unit_obj.name_on(period_obj.end),
            "upload_form": upload_form,
            "one_unit": _submits(form_obj, unit_obj),
            "jobs": ImportJob.objects.filter(user=_user(request), form=form_obj, period=period_obj.code, unit=unit_obj)[
                :10
            ],
        },
    )


def _start(request: HttpRequest, form: Form, period: Period, unit: Unit, file: object) -> ImportJob:
    """Store the upload as a job; run it now when it is small, otherwise queue it for the worker."""
    name = (getattr(file, "name", "") or "tep.xlsx").rsplit("/", 1)[-1][:255]
    user = request.user
    assert isinstance(user, User)  # signed in (login_required)
    with transaction.atomic():  # a file that cannot be stored (a full disk) leaves no job
        job = ImportJob.objects.create(
            user=user, unit=unit, form=form, period=period.code, file=file, original_name=name
        )
    with job.file.open("rb") as handle:
        estimate = spreadsheets.count_rows(handle.read(uploads.limit_bytes() + 1))
    if estimate is not None:
        ImportJob.objects.filter(pk=job.pk).update(total_rows=estimate)
    if estimate is None or estimate <= tasks.INLINE_MAX_ROWS:  # small, or unreadable: answer at once
        tasks.process_import(job.pk)
    else:
        result = tasks.run_import.enqueue(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("form", "unit"), pk=pk, user=_user(request))


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job: a progress bar while it runs, then the errors cell by cell or the reports written."""
    job = _job_or_404(request, pk)
    period = Period.parse(job.period)
    saved = job.saved if job.status == ImportJob.Status.DONE else []
    reports = {r.pk: r for r in Report.objects.filter(pk__in=[row["report_id"] for row in saved])}
    rows = [(row, reports.get(row["report_id"])) for row in saved]
    return render(
        request,
        "reports/sheets_job.html",
        {
            "job": job,
            "period": period,
            "unit_name": job.unit.name_on(period.end),
            "saved_rows": rows,
            "progress_url": reverse("reports:import_progress", args=[job.pk]),
            "abandoned_message": tasks.abandoned_message(),
        },
    )


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job_or_404(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "total": job.total_rows,
            "processed": job.processed_rows,
            "percent": job.percent,
            "finished": job.finished_work,
            "errors": len(job.errors),
        }
    )


urlpatterns = [
    path("bieu-mau/<int:unit>/<slug:form>/<str:period>/", template, name="sheet_template"),
    path("nhap-excel/<int:unit>/<slug:form>/<str:period>/", upload, name="sheet_upload"),
    path("nhap-excel/lan/<int:pk>/", job, name="import_job"),
    path("nhap-excel/lan/<int:pk>/tien-do/", progress, name="import_progress"),
]
