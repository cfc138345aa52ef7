"""Inspection and supervision pages: list, a inspection's page, create and edit, findings and closure
per inspected unit, recommendations that become tasks, and an inspected unit's history across years.

Reading: the inspecting unit or an inspected unit in the user's read scope (``Inspection.objects.readable_by``);
changing: write scope on the inspecting unit for the inspection's first day (``access.can_manage_inspection``).
Out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.documents.models import Document
from tuyengiao.followup import access, figures, services
from tuyengiao.followup.forms import InspectedUnitForm, InspectionForm, RecommendationForm
from tuyengiao.followup.models import STAGE_LABELS, InspectedUnit, Inspection, Task
from tuyengiao.followup.status import LABELS, State
from tuyengiao.lib import audit
from tuyengiao.units import choices
from tuyengiao.units.models import names

PAGE_LIMIT = 200


def _inspection_or_404(request: HttpRequest, pk: int) -> Inspection:
    inspection = (
        Inspection.objects.readable_by(request.user)
        .select_related(
            "inspecting_unit", "subject_document", "subject_field", "conclusion_document", "decision_document"
        )
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    return inspection


def _managed_or_404(request: HttpRequest, pk: int) -> Inspection:
    inspection = _inspection_or_404(request, pk)
    if not access.can_manage_inspection(request.user, inspection):
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    return inspection


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    """Inspections the user may read, newest first; filter by year, kind and words of the title."""
    today = timezone.localdate()
    inspections = Inspection.objects.readable_by(request.user).select_related("subject_document", "subject_field")
    year = request.GET.get("nam", "")
    kind = request.GET.get("loai", "")
    query = request.GET.get("q", "").strip()[:200]
    if year.isdigit():
        inspections = inspections.filter(starts_on__year=int(year))
    if kind in Inspection.Kind.values:
        inspections = inspections.filter(kind=kind)
    if query:
        from tuyengiao.lib.text import fold

        for word in fold(query).split():
            inspections = inspections.filter(search_text__contains=word)
    rows = list(
        inspections.annotate(
            units_count=Count("inspected", distinct=True),
            recommendations_count=Count("recommendations", distinct=True),
            recommendations_done=Count(
                "recommendations", filter=Q(recommendations__done_on__isnull=False), distinct=True
            ),
        ).order_by("-starts_on", "-pk")[:PAGE_LIMIT]
    )
    labels = names({i.inspecting_unit_id for i in rows})
    for row in rows:
        row.inspecting_name = labels.get(row.inspecting_unit_id, "")  # type: ignore[attr-defined]
        row.stage_label = STAGE_LABELS[row.stage_on(today)]  # type: ignore[attr-defined]
    context = {
        "rows": rows,
        "year": year,
        "kind": kind,
        "query": query,
        "kinds": Inspection.Kind.choices,
        "can_create": _can_create(request),
    }
    return render(request, "followup/inspection_list.html", context)


def _can_create(request: HttpRequest) -> bool:
    return bool(scoping.root_ids(request.user, Capability.WRITE)) or request.user.is_superuser


def _save_inspection_form(request: HttpRequest, form: InspectionForm, inspection: Inspection) -> Inspection | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    inspection.inspecting_unit = data["inspecting_unit"]
    inspection.title = data["title"].strip()
    inspection.kind, inspection.form = data["kind"], data["form"]
    inspection.subject_document = data["subject_document_obj"]
    inspection.subject_field = data["subject_field"]
    inspection.decision_document = data["decision_document_obj"]
    inspection.conclusion_document = data["conclusion_document_obj"]
    inspection.starts_on, inspection.ends_on = data["starts_on"], data["ends_on"]
    inspection.findings, inspection.closed_on = data["findings"], data["closed_on"]
    try:
        return services.save_inspection(
            inspection, team=data["team_members"], units=data["units"], expected_revision=data.get("revision")
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not _can_create(request):
        raise Http404(_("Bạn không có quyền tạo cuộc kiểm tra."))
    readable = Document.objects.readable_by(request.user)
    if request.method == "POST":
        form = InspectionForm(request.POST, user=request.user, readable=readable)
        inspection = Inspection(created_by=request.user)  # type: ignore[misc]
        if (saved := _save_inspection_form(request, form, inspection)) is not None:
            messages.success(request, _("Đã tạo cuộc kiểm tra."))
            return redirect(saved)
    else:
        form = InspectionForm(
            initial={"kind": Inspection.Kind.PERIODIC, "form": Inspection.Form.INSPECTION},
            user=request.user,
            readable=readable,
        )
    context = {"form": form, "inspection": None, "unit_sources": choices.sources(form)}
    return render(request, "followup/inspection_form.html", context)


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _managed_or_404(request, pk)
    readable = Document.objects.readable_by(request.user)
    if request.method == "POST":
        form = InspectionForm(request.POST, user=request.user, readable=readable, inspection=inspection)
        if (saved := _save_inspection_form(request, form, inspection)) is not None:
            messages.success(request, _("Đã lưu cuộc kiểm tra."))
            return redirect(saved)
    else:
        form = InspectionForm(
            initial=InspectionForm.initial_for(inspection), user=request.user, readable=readable, inspection=inspection
        )
    context = {"form": form, "inspection": inspection, "unit_sources": choices.sources(form)}
    return render(request, "followup/inspection_form.html", context)


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection_or_404(request, pk)
    today = timezone.localdate()
    can_manage = access.can_manage_inspection(request.user, inspection)
    inspected = list(inspection.inspected.all())
    recommendations = list(
        Task.objects.readable_by(request.user)
        .filter(inspection=inspection)
        .with_status_on(today)
        .order_by("owner_id", "pk")
    )
    labels = names({inspection.inspecting_unit_id} | {r.unit_id for r in inspected}, inspection.starts_on)
    by_unit: dict[int, list[Task]] = {}
    for task in recommendations:
        task.state_label = LABELS[State(task.state)]  # type: ignore[attr-defined]
        by_unit.setdefault(task.owner_id, []).append(task)
    rows: list[dict[str, Any]] = [
        {
            "row": row,
            "name": labels.get(row.unit_id, ""),
            "tasks": by_unit.get(row.unit_id, []),
            "form": InspectedUnitForm(instance=row, prefix=f"u{row.pk}") if can_manage else None,
        }
        for row in inspected
    ]
    context = {
        "inspection": inspection,
        "inspecting_name": labels.get(inspection.inspecting_unit_id, ""),
        "stage_label": STAGE_LABELS[inspection.stage_on(today)],
        "team": list(inspection.team.all()),
        "rows": rows,
        "can_manage": can_manage,
        "recommendation_form": RecommendationForm(inspection=inspection) if can_manage and inspected else None,
        "entries": audit.entries(
            inspection.history.select_related("history_user"),
            InspectedUnit.history.filter(inspection_id=inspection.pk).select_related("history_user"),
        ),
    }
    return render(request, "followup/inspection_detail.html", context)


@login_required
@require_POST
def inspected_unit_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Findings and closure at one inspected unit (revision-checked)."""
    inspection = _managed_or_404(request, pk)
    row = get_object_or_404(InspectedUnit.objects.select_related("inspection"), pk=row_pk, inspection=inspection)
    form = InspectedUnitForm(request.POST, instance=row, prefix=f"u{row.pk}")
    if form.is_valid():
        try:
            services.save_inspected_unit(form.save(commit=False), expected_revision=form.cleaned_data["revision"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu kết quả kiểm tra tại đơn vị."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("followup:inspection_detail", args=[inspection.pk]) + f"#don-vi-{row.pk}")


def _given_on(inspection: Inspection, unit_id: int) -> dt.date:
    row = inspection.inspected.filter(unit_id=unit_id).first()
    return (row.closed_on if row else None) or inspection.closed_on or inspection.ends_on


@login_required
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation becomes a task of the inspected unit, given by the inspecting unit."""
    inspection = _managed_or_404(request, pk)
    form = RecommendationForm(request.POST, inspection=inspection)
    if form.is_valid():
        data = form.cleaned_data
        task = Task(
            title=data["title"].strip(),
            issuer=inspection.inspecting_unit,
            owner=data["unit"],
            # Recommendations are given when the inspection of that unit ends (its conclusion).
            assigned_on=_given_on(inspection, data["unit"].pk),
            deadline=data["deadline"],
            inspection=inspection,
            document=inspection.conclusion_document,
            created_by=request.user,  # type: ignore[misc]
        )
        try:
            services.save_task(task)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã giao kiến nghị thành nhiệm vụ."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("followup:inspection_detail", args=[inspection.pk]) + "#kien-nghi")


@login_required
@require_GET
def unit_inspections(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Every inspection of a unit (and of the units it came from), by year, with its findings there
    and what became of the recommendations."""
    unit = access.readable_unit_or_404(request.user, unit_pk)
    today = timezone.localdate()
    owners = figures.unit_task_owners(unit)
    rows = list(
        InspectedUnit.objects.filter(
            unit_id__in=owners, inspection__in=Inspection.objects.readable_by(request.user).values("pk")
        )
        .select_related("inspection", "inspection__subject_document", "inspection__subject_field")
        .order_by("-inspection__starts_on", "-pk")[:PAGE_LIMIT]
    )
    tasks = list(
        Task.objects.readable_by(request.user)
        .filter(owner_id__in=owners, inspection_id__in={r.inspection_id for r in rows})
        .with_status_on(today)
    )
    labels = names({unit.pk} | {r.unit_id for r in rows} | {r.inspection.inspecting_unit_id for r in rows})
    for row in rows:
        row.unit_name = labels.get(row.unit_id, "")  # type: ignore[attr-defined]
        row.inspecting_name = labels.get(row.inspection.inspecting_unit_id, "")  # type: ignore[attr-defined]
        row.tasks = [t for t in tasks if t.inspection_id == row.inspection_id and t.owner_id == row.unit_id]  # type: ignore[attr-defined]
        for task in row.tasks:  # type: ignore[attr-defined]
            task.state_label = LABELS[State(task.state)]
    years = [(year, list(group)) for year, group in groupby(rows, key=lambda r: r.inspection.starts_on.year)]
    context = {"unit": unit, "unit_name": labels.get(unit.pk) or str(unit), "years": years}
    return render(request, "followup/unit_inspections.html", context)
