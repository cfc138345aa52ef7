"""Submitting reports: the to-do list, data entry (with autosave), the review queue and completeness.

Scope goes through ``tuyengiao.accounts.scoping``: a unit, report or page out of the
user's scope answers 404. Changes go through ``tuyengiao.reports.services``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib import rollup
from tuyengiao.lib.periods import Period, PeriodError, PeriodType, current, last_closed
from tuyengiao.lib.revision import StaleEdit, posted_revision
from tuyengiao.lib.rollup import ValueType
from tuyengiao.reports import services, sources
from tuyengiao.reports.models import Form, Item, Report, Section
from tuyengiao.units.models import Kind, Unit, UnitVersion, names_at

# --- helpers -------------------------------------------------------------------------------------------------------


def _period(form: Form, code: str) -> Period:
    try:
        period = Period.parse(code)
    except PeriodError:
        raise Http404(_("Kỳ báo cáo không hợp lệ.")) from None
    if period.type != form.period_type:
        raise Http404(_("Kỳ báo cáo không hợp lệ."))
    return period


def _submitting_unit(request: HttpRequest, form: Form, unit_pk: int, capability: str = Capability.READ) -> Unit:
    unit = scoping.get_unit_or_404(request.user, unit_pk, capability)
    if not Unit.objects.filter(form.submitter_filter(prefix=""), pk=unit.pk).exists():
        raise Http404(_("Đơn vị này không nộp mẫu báo cáo này."))
    return unit


def _raw_text(value: object, value_type: str) -> str:
    if value is None:
        return ""
    if value_type == ValueType.BOOLEAN:
        return "co" if value else "khong"
    if value_type == ValueType.TEXT:
        return str(value)
    vt = ValueType(value_type)
    if vt is ValueType.PERCENT:
        return rollup.present(value, ValueType.DECIMAL)
    return rollup.present(value, vt)


@dataclass
class Field:
    item: Item
    code: str
    name: str
    value_type: str
    text: str
    previous: str
    errors: list[str]
    unit_of_measure: str
    source: str = ""  # the label of the registry source the figure is computed from (read-only)


@dataclass
class SectionView:
    section: Section
    fields: list[Field]
    narrative: str
    errors: list[str]


def _sections(
    report: Report | None,
    form: Form,
    period: Period,
    unit: Unit,
    posted: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    *,
    fresh: bool = False,
) -> list[SectionView]:
    """The page's sections with their fields; ``fresh`` (an editable report): sourced figures as computed now,
    which the next save stores (the page itself writes nothing)."""
    version = report.version if report else form.version_for(period)
    if version is None:
        return []
    errors = errors or {}
    current_values = services.stored_values(report) if report else {}
    narratives = {n.section_id: n.text for n in report.narratives.all()} if report else {}
    previous_report = Report.objects.filter(form=form, unit=unit, period=period.previous().code).first()
    previous_values = services.stored_values(previous_report) if previous_report else {}
    items = list(Item.objects.filter(section__version=version).select_related("indicator").order_by("order"))
    if fresh:
        current_values.update(services.computed_for(unit, period, items))
    by_section: dict[int, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    result = []
    for section in version.sections.order_by("order"):
        fields = []
        for item in by_section.get(section.pk, []):
            indicator = item.indicator
            code = indicator.code
            text = (
                posted[code]
                if posted is not None and code in posted and not indicator.source
                else _raw_text(current_values.get(code), indicator.value_type)
            )
            previous = previous_values.get(code)
            fields.append(
                Field(
                    item=item,
                    code=code,
                    name=str(item),
                    value_type=indicator.value_type,
                    text=text,
                    previous=rollup.present(previous, ValueType(indicator.value_type)) if previous is not None else "",
                    errors=errors.get(code, []),
                    unit_of_measure=indicator.unit_of_measure,
                    source=sources.label(indicator.source) if indicator.source else "",
                )
            )
        key = f"section-{section.pk}"
        narrative = posted[key] if posted is not None and key in posted else narratives.get(section.pk, "")
        result.append(SectionView(section, fields, narrative, errors.get(key, [])))
    return result


def _posted(request: HttpRequest) -> tuple[dict[str, str], dict[int, str]]:
    raw = {key[2:]: str(value) for key, value in request.POST.items() if key.startswith("v-")}
    narratives: dict[int, str] = {}
    for key, value in request.POST.items():
        if key.startswith("section-"):
            try:
                narratives[int(key.removeprefix("section-"))] = str(value)
            except ValueError:
                continue
    return raw, narratives


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or "application/json" in request.headers.get("Accept", "")


# --- list ----------------------------------------------------------------------------------------------------------


@dataclass
class Task:
    form: Form
    unit: Unit
    unit_name: str
    period: Period
    deadline: dt.date | None
    report: Report | None


@dataclass
class Overview:
    """A reviewer's links for one form and unit: completeness of recent periods, consolidated figures."""

    form: Form
    unit: Unit
    unit_name: str
    completeness: list[tuple[Period, dt.date | None]]
    consolidated: list[Period]


def _review_roots(approve_roots: set[int], units: dict[int, Unit]) -> list[int]:
    """The units a reviewer consolidates: a commission's party committee stands for the commission."""
    parents = dict(
        UnitVersion.objects.as_of(timezone.localdate())
        .filter(unit_id__in=approve_roots, unit__kind=Kind.COMMISSION)
        .values_list("unit_id", "parent_id")
    )
    return sorted(pk for pk in approve_roots if pk in units and parents.get(pk) not in approve_roots)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The user's forms and periods to report (own units: last closed and current period), their recent
    reports, and for reviewers completeness and consolidated figures of their units."""
    user = request.user
    today = timezone.localdate()
    write_roots = scoping.root_ids(user, Capability.WRITE)
    approve_roots = scoping.root_ids(user, Capability.APPROVE)
    forms = list(Form.objects.prefetch_related("versions").order_by("name"))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=write_roots | approve_roots)}
    names = dict(UnitVersion.objects.as_of(today).filter(unit_id__in=units).values_list("unit_id", "name"))
    review_roots = [pk for pk in _review_roots(approve_roots, units) if names.get(pk)]
    tasks: list[Task] = []
    overviews: list[Overview] = []
    submitting: set[int] = set()
    for form in forms:
        submitters = set(
            Unit.objects.filter(form.submitter_filter(prefix=""), pk__in=write_roots).values_list("pk", flat=True)
        )
        submitting |= submitters
        period_type = PeriodType(form.period_type)
        closed = last_closed(period_type, today)
        periods = [p for p in (closed, current(period_type, today)) if p is not None and form.version_for(p)]
        for period in periods:
            deadline = services.deadline_of(form, period)
            for unit_id in sorted(submitters):
                tasks.append(Task(form, units[unit_id], names.get(unit_id, ""), period, deadline, None))
        if not periods:
            continue
        # Consolidated figures: the latest closed period with data, its year so far, and the previous year.
        shown = services.latest_with_data(form, user, today) if review_roots else closed
        year = shown.containing(PeriodType.YEAR) or shown
        consolidated = list(dict.fromkeys([shown, year, year.previous()]))
        for unit_id in review_roots:
            overviews.append(
                Overview(
                    form,
                    units[unit_id],
                    names[unit_id],
                    [(p, services.deadline_of(form, p)) for p in periods],
                    [p for p in consolidated if form.version_for(p)],
                )
            )
    reports = Report.objects.filter(
        form__in=forms, unit_id__in={t.unit.pk for t in tasks}, period__in={t.period.code for t in tasks}
    )
    by_key = {(r.form_id, r.unit_id, r.period): r for r in reports}
    for task in tasks:
        task.report = by_key.get((task.form.pk, task.unit.pk, task.period.code))
    recent = list(
        Report.objects.filter(unit_id__in=submitting).select_related("form").order_by("-period_start", "-pk")[:12]
    )
    return render(
        request,
        "reports/list.html",
        {
            "tasks": tasks,
            "recent": [(r, names.get(r.unit_id, "")) for r in recent],
            "overviews": overviews,
            "is_reviewer": bool(approve_roots) or user.is_superuser,
        },
    )


# --- entry ---------------------------------------------------------------------------------------------------------


@login_required
def entry(request: HttpRequest, unit: int, form: str, period: str, *, submitting: bool = False) -> HttpResponse:
    """The entry page (GET); a POST here saves the draft (the page's form and its autosave)."""
    form_obj = get_object_or_404(Form, code=form)
    period_obj = _period(form_obj, period)
    unit_obj = _submitting_unit(request, form_obj, unit)
    writable = services.can_write(request.user, unit_obj)
    report = Report.objects.filter(form=form_obj, unit=unit_obj, period=period_obj.code).first()
    # Opening the page never writes: a report is created by its first save, for a period it can have.
    refusal = services.reportable(form_obj, unit_obj, period_obj) if report is None else ""
    if refusal:
        raise Http404(refusal)
    editable = writable and (report is None or report.status in services.EDITABLE)
    posted = None
    errors: dict[str, list[str]] = {}
    status = 200
    # Submitting is two steps: "Gửi báo cáo" saves the figures (every required one present) and shows what will be
    # sent; "Xác nhận gửi" there (``xac_nhan``, with the revision it showed) sends exactly that.
    confirming = submitting and request.POST.get("xac_nhan") == "1"
    if request.method == "POST":
        if not writable:
            raise Http404
        raw, narratives = _posted(request)
        new, saved = report is None, False
        try:
            revision = posted_revision(request.POST)
            if confirming:
                if report is None:
                    raise Http404
                report = services.submit(report, request.user, revision)
            else:
                with transaction.atomic():  # a refused first save leaves no empty draft behind
                    if report is None:  # the page showed revision 0: the first save creates the draft
                        report, created = services.open_report(form_obj, unit_obj, period_obj, request.user)
                        revision = report.revision if created and revision == 0 else revision
                    report = services.save_values(report, raw, narratives, request.user, revision, require=submitting)
            saved = True
        except services.ValidationFailed as failure:
            report = None if new and not saved else report
            errors = failure.errors
            posted = {**raw, **{f"section-{k}": v for k, v in narratives.items()}}
            if not _wants_json(request):
                messages.error(request, str(failure))
            status = 400
        except (services.WorkflowError, StaleEdit) as error:
            if _wants_json(request):
                return JsonResponse({"error": str(error), "errors": {}}, status=409)
            messages.error(request, str(error))
            report = None if new and not saved else report
            if report is not None:
                report.refresh_from_db()
                editable = report.status in services.EDITABLE
            status = 409
        if _wants_json(request):
            if report is not None:
                report.refresh_from_db()
            return JsonResponse(
                {
                    "revision": report.revision if report else 0,
                    "saved_at": date_format(timezone.localtime(report.updated), "H:i:s")
                    if report and not errors
                    else None,
                    "errors": errors,
                },
                status=status,
            )
        if status == 200 and report is not None and submitting and not confirming:
            return _confirm_submit(request, report, form_obj, unit_obj, period_obj)
        if status == 200 and report is not None:
            messages.success(
                request, _("Đã gửi báo cáo.") if report.status == Report.Status.SUBMITTED else _("Đã lưu bản nháp.")
            )
            # Back to the entry page (the submit URL takes POST only).
            return redirect("reports:entry", unit_obj.pk, form_obj.code, period_obj.code)
    actions = list(report.actions.select_related("user")) if report else []
    deadline = services.deadline_of(form_obj, period_obj)
    submitted = timezone.localdate(report.submitted_at) if report and report.submitted_at else None
    return render(
        request,
        "reports/entry.html",
        {
            "form": form_obj,
            "unit": unit_obj,
            "unit_name": unit_obj.name_on(period_obj.end),
            "period": period_obj,
            "deadline": deadline,
            "late": bool(submitted and deadline and submitted > deadline),
            "report": report,
            "editable": editable,
            "can_withdraw": writable and report is not None and report.status == Report.Status.SUBMITTED,
            "sections": _sections(report, form_obj, period_obj, unit_obj, posted, errors, fresh=editable),
            "general_errors": errors.get("__all__", []),
            "actions": actions,
        },
        status=status,
    )


@login_required
@require_POST
def submit(request: HttpRequest, unit: int, form: str, period: str) -> HttpResponse:
    """Save the posted figures and submit the report for review, in one step."""
    return entry(request, unit, form, period, submitting=True)


def _confirm_submit(request: HttpRequest, report: Report, form: Form, unit: Unit, period: Period) -> HttpResponse:
    """What will be sent, as text, before it is: the figures just saved, how many indicators have one, and whether
    the report is late; its button posts ``xac_nhan`` with this revision (a change in between is refused)."""
    sections = _sections(report, form, period, unit, None, {}, fresh=False)
    fields = [f for section in sections for f in section.fields]
    empty = [f.name for f in fields if not f.text.strip()]
    deadline = services.deadline_of(form, period)
    today = timezone.localdate()
    return render(
        request,
        "reports/confirm_submit.html",
        {
            "form": form,
            "unit": unit,
            "unit_name": unit.name_on(period.end),
            "period": period,
            "deadline": deadline,
            "late": bool(report.submitted_at is None and deadline and today > deadline),
            "report": report,
            "editable": False,
            "sections": sections,
            "filled": len(fields) - len(empty),
            "total": len(fields),
            "empty": empty,
            "empty_texts": [
                view.section.title
                for view in sections
                if view.section.kind != Section.Kind.INDICATORS and not view.narrative.strip()
            ],
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, unit: int, form: str, period: str) -> HttpResponse:
    """The unit takes back its submitted report (until the reviewer acts on it)."""
    form_obj = get_object_or_404(Form, code=form)
    period_obj = _period(form_obj, period)
    unit_obj = _submitting_unit(request, form_obj, unit)
    report = Report.objects.filter(form=form_obj, unit=unit_obj, period=period_obj.code).first()
    if report is None or not services.can_write(request.user, unit_obj):
        raise Http404
    try:
        services.withdraw(report, request.user, posted_revision(request.POST))
    except (services.WorkflowError, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã rút lại báo cáo; báo cáo trở về bản nháp, sửa xong hãy gửi lại."))
    return redirect("reports:entry", unit_obj.pk, form_obj.code, period_obj.code)


# --- review --------------------------------------------------------------------------------------------------------


QUEUE_ORDER = {
    "gui": ("submitted_at", "pk"),
    "-gui": ("-submitted_at", "-pk"),
    "ky": ("period_start", "form__name", "submitted_at"),
    "-ky": ("-period_start", "form__name", "submitted_at"),
    "mau": ("form__name", "period_start", "submitted_at"),
}
QUEUE_LIMIT = 200


def _queue_reports(request: HttpRequest) -> tuple[QuerySet[Report], dict[str, str]]:
    """The reports this user reviews (not those of their own units), filtered by the query string: ``mau`` (form
    code), ``ky`` (period code), ``don_vi`` (a unit id: its reports), ``trang_thai`` (default submitted)."""
    get = request.GET
    wanted = {key: get.get(key, "").strip()[:32] for key in ("mau", "ky", "don_vi", "trang_thai", "sap_xep")}
    status = wanted["trang_thai"] if wanted["trang_thai"] in Report.Status.values else Report.Status.SUBMITTED
    wanted["trang_thai"] = status
    reports = services.waiting_for_review(request.user, status)
    if wanted["mau"]:
        reports = reports.filter(form__code=wanted["mau"])
    if wanted["ky"]:
        reports = reports.filter(period=wanted["ky"])
    if wanted["don_vi"].isdigit():
        reports = reports.filter(unit_id=int(wanted["don_vi"]))
    return reports, wanted


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Reports waiting for the user's review: counts per form and period, filters, sorting, and bulk accept or
    return (one reason for all) of the rows ticked."""
    reports, wanted = _queue_reports(request)
    counts = list(
        reports.values("form__code", "form__name", "period", "period_start")
        .annotate(n=Count("pk"))
        .order_by("-period_start", "form__name")
    )
    for row in counts:
        row["label"] = Period.parse(row["period"]).label
    order = QUEUE_ORDER.get(wanted["sap_xep"], QUEUE_ORDER["gui"])
    listed = list(reports.select_related("form").order_by(*order)[:QUEUE_LIMIT])
    labels = names_at({(r.unit_id, min(r.period_obj.end, timezone.localdate())) for r in listed})
    rows = [(r, labels.get((r.unit_id, min(r.period_obj.end, timezone.localdate())), "")) for r in listed]
    forms = Form.objects.filter(pk__in=reports.values("form_id")).order_by("name")
    return render(
        request,
        "reports/queue.html",
        {
            "rows": rows,
            "counts": counts,
            "wanted": wanted,
            "forms": forms,
            "statuses": Report.Status.choices,
            "orders": [
                ("gui", _("Gửi sớm nhất trước")),
                ("-gui", _("Gửi gần nhất trước")),
                ("ky", _("Kỳ cũ trước")),
                ("-ky", _("Kỳ mới trước")),
                ("mau", _("Theo mẫu báo cáo")),
            ],
            "more": reports.count() > QUEUE_LIMIT,
            "bulk": wanted["trang_thai"] == Report.Status.SUBMITTED,
            "back": request.get_full_path(),
        },
    )


def _bulk(request: HttpRequest, step: Any, done: str) -> HttpResponse:
    """One review step for every ticked report (``bao_cao``, each with its revision ``rev-<id>``), all or none:
    a report changed or no longer reviewable in between refuses the whole batch, naming it."""
    ids = [int(v) for v in request.POST.getlist("bao_cao") if v.isdigit()]
    back = request.POST.get("back", "")
    target = back if back.startswith("/") and not back.startswith("//") else reverse("reports:queue")
    if not ids:
        messages.error(request, _("Hãy đánh dấu ít nhất một báo cáo."))
        return redirect(target)
    reviewable = scoping.scoped(Report.objects.select_related("unit"), request.user, Capability.APPROVE)
    found = {r.pk: r for r in reviewable.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise Http404
    try:
        with transaction.atomic():
            for pk in ids:
                report = found[pk]
                try:
                    step(report, posted_revision(request.POST, f"rev-{pk}"))
                except (services.WorkflowError, StaleEdit) as error:
                    name = report.unit.name_on(report.period_obj.end)
                    raise services.WorkflowError(f"{name} – {report.period_obj.label}: {error}") from error
    except services.WorkflowError as error:
        messages.error(request, _("Chưa thực hiện với báo cáo nào. %(reason)s") % {"reason": error})
        return redirect(target)
    messages.success(request, done % {"n": len(ids)})
    return redirect(target)


@login_required
@require_POST
def queue_accept(request: HttpRequest) -> HttpResponse:
    return _bulk(
        request,
        lambda report, revision: services.accept(report, request.user, revision),
        _("Đã tiếp nhận %(n)s báo cáo."),
    )


@login_required
@require_POST
def queue_return(request: HttpRequest) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _bulk(
        request,
        lambda report, revision: services.return_report(report, request.user, comment, revision),
        _("Đã trả lại %(n)s báo cáo."),
    )


def _reviewed_report_or_404(request: HttpRequest, pk: int) -> Report:
    """A report the user reviews (APPROVE on the unit's parent); 404 for anyone else."""
    report = get_object_or_404(
        scoping.scoped(Report.objects.select_related("form", "unit", "version"), request.user, Capability.APPROVE),
        pk=pk,
    )
    if not services.can_review(request.user, report.unit):
        raise Http404
    return report


def _review_page(request: HttpRequest, report: Report, status: int = 200) -> HttpResponse:
    period = report.period_obj
    return render(
        request,
        "reports/review.html",
        {
            "report": report,
            "unit_name": report.unit.name_on(period.end),
            "period": period,
            "sections": _sections(report, report.form, period, report.unit),
            "actions": list(report.actions.select_related("user")),
            "deadline": services.deadline_of(report.form, period),
        },
        status=status,
    )


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _reviewed_report_or_404(request, pk))


def _review_step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    """Run one review step under the posted revision; a refusal shows the page again (400) with the reason."""
    report = _reviewed_report_or_404(request, pk)
    try:
        step(report, posted_revision(request.POST))
    except (services.WorkflowError, StaleEdit) as error:
        messages.error(request, str(error))
        return _review_page(request, report, status=400)
    messages.success(request, done)
    return redirect("reports:review", pk=report.pk)


@login_required
@require_POST
def review_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_step(
        request,
        pk,
        lambda report, revision: services.accept(report, request.user, revision),
        _("Đã tiếp nhận báo cáo."),
    )


@login_required
@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _review_step(
        request,
        pk,
        lambda report, revision: services.return_report(report, request.user, comment, revision),
        _("Đã trả lại báo cáo."),
    )


@login_required
@require_POST
def review_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("comment", "")
    return _review_step(
        request,
        pk,
        lambda report, revision: services.reopen(report, request.user, reason, revision),
        _("Đã mở lại báo cáo."),
    )


# --- completeness --------------------------------------------------------------------------------------------------


def _completeness(request: HttpRequest, unit: int, form: str, period: str) -> services.Completeness:
    form_obj = get_object_or_404(Form, code=form)
    period_obj = _period(form_obj, period)
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, period_obj.end)
    return services.completeness(form_obj, unit_obj, period_obj)


@login_required
def completeness(request: HttpRequest, unit: int, form: str, period: str) -> HttpResponse:
    data = _completeness(request, unit, form, period)
    can_remind = scoping.can(request.user, Capability.APPROVE, data.unit, data.period.end)
    return render(
        request,
        "reports/completeness.html",
        {
            "data": data,
            "unit_name": data.unit.name_on(data.period.end),
            "can_remind": can_remind,
            "periods": _period_choices(data.form, data.period),
        },
    )


def _period_choices(form: Form, shown: Period, count: int = 24) -> list[tuple[Period, bool]]:
    """The form's periods to switch to, newest first: up to the current one, ``count`` of them, the shown one
    among them (marked True) even when older; periods without a form version are left out."""
    today = timezone.localdate()
    starts = [Period.parse(v.effective_from).start for v in form.versions.all()]
    first = min(starts) if starts else shown.start
    periods: list[Period] = []
    period = current(PeriodType(form.period_type), today) or shown
    while len(periods) < count and period.start >= first:  # periods before the first version have no form
        periods.append(period)
        period = period.previous()
    if shown not in periods:
        periods.append(shown)
    return [(p, p == shown) for p in periods]


@login_required
@require_POST
def remind(request: HttpRequest, unit: int, form: str, period: str) -> HttpResponse:
    data = _completeness(request, unit, form, period)
    if not scoping.can(request.user, Capability.APPROVE, data.unit, data.period.end):
        raise Http404
    url = reverse("reports:list")
    try:
        notified, mailed = services.remind(data, request.user, url)
        messages.success(
            request,
            _("Đã gửi nhắc nhở tới %(users)d người (%(mails)d thư điện tử).") % {"users": notified, "mails": mailed},
        )
    except (services.WorkflowError, StaleEdit) as error:
        messages.error(request, str(error))
    return redirect("reports:completeness", unit=unit, form=form, period=period)


urlpatterns = [
    path("", report_list, name="list"),
    path("nhap/<int:unit>/<slug:form>/<str:period>/", entry, name="entry"),
    path("nhap/<int:unit>/<slug:form>/<str:period>/gui/", submit, name="submit"),
    path("nhap/<int:unit>/<slug:form>/<str:period>/rut-lai/", withdraw, name="withdraw"),
    path("duyet/", queue, name="queue"),
    path("duyet/tiep-nhan/", queue_accept, name="queue_accept"),
    path("duyet/tra-lai/", queue_return, name="queue_return"),
    path("duyet/<int:pk>/", review, name="review"),
    path("duyet/<int:pk>/tiep-nhan/", review_accept, name="review_accept"),
    path("duyet/<int:pk>/tra-lai/", review_return, name="review_return"),
    path("duyet/<int:pk>/mo-lai/", review_reopen, name="review_reopen"),
    path("day-du/<int:unit>/<slug:form>/<str:period>/", completeness, name="completeness"),
    path("day-du/<int:unit>/<slug:form>/<str:period>/nhac/", remind, name="remind"),
]
