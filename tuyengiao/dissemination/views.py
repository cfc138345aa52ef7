"""Pages of the dissemination area: coverage per document, overview per period, drill-down, XLSX, plans and
Party-member counts. Every page goes through ``scoping``: the root unit must be readable on the date, the
document readable by the user; writes need the write capability on the plan's or the count's unit.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.dissemination import coverage as cov
from tuyengiao.dissemination.forms import PartyMemberCountForm, PlanForm
from tuyengiao.dissemination.models import DisseminationPlan, PartyMemberCount
from tuyengiao.documents.models import Document
from tuyengiao.lib import downloads, periods, spreadsheets
from tuyengiao.lib.forms import parse_date
from tuyengiao.lib.periods import Period, PeriodError, PeriodType
from tuyengiao.lib.revision import StaleEdit, lock_and_bump, posted_revision
from tuyengiao.units import choices, tree
from tuyengiao.units.models import Unit, UnitVersion, covers
from tuyengiao.units.models import names as unit_names

MAX_PLANS = 30


def _root(request: HttpRequest, date: dt.date) -> Unit:
    text = request.GET.get("don_vi", "")
    if text.isdigit():
        return scoping.get_unit_or_404(request.user, int(text), Capability.READ, date)
    roots = scoping.root_ids(request.user, Capability.READ)
    if request.user.is_superuser and not roots:
        raise Http404(_("Chọn đơn vị."))
    if not roots:
        raise Http404
    # The user's own unit: the first root that is not a predecessor reached through lineage.
    living = [pk for pk in sorted(roots) if UnitVersion.objects.filter(covers(date), unit_id=pk).exists()]
    return scoping.get_unit_or_404(request.user, (living or sorted(roots))[0], Capability.READ, date)


def _document(request: HttpRequest, pk: int) -> Document:
    document = Document.objects.readable_by(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return document


def _params(request: HttpRequest, document: Document) -> tuple[dt.date, dt.date | None]:
    as_of = parse_date(request.GET.get("ngay"))
    start = parse_date(request.GET.get("tu"), dt.date.min) if request.GET.get("tu") else None
    return as_of, start


@login_required
def document_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    as_of, start = _params(request, document)
    root = _root(request, as_of)
    result = cov.coverage(document, root, as_of, start)
    plan_unit = result.plan.unit if result.plan else cov.territorial_root(root, as_of)
    return render(
        request,
        "dissemination/coverage.html",
        {
            "document": document,
            "root": root,
            "root_name": result.root.name_on(as_of),
            "result": result,
            "totals": result.totals,
            "plan_unit_name": result.plan.unit.name_on(as_of) if result.plan else "",
            "can_plan": scoping.can_write(request.user, plan_unit, as_of),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def unit_sessions(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    """Drill-down: the sessions that count for a unit (its own and its predecessors')."""
    document = _document(request, pk)
    as_of, start = _params(request, document)
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, as_of)
    plan = cov.plan_for(document, unit_obj, as_of)
    begin = cov.window(document, plan, start)
    lineage = tree.lineage_ids([unit_obj.pk], "back")
    rows = cov.sessions_of(document, [unit_obj.pk, *lineage], begin, as_of)
    names = unit_names([unit_obj.pk, *lineage], as_of)  # a predecessor by its last name
    for row in rows:
        row["unit_name"] = names.get(row["unit_id"], "")
    return render(
        request,
        "dissemination/sessions.html",
        {
            "document": document,
            "unit": unit_obj,
            "unit_name": unit_obj.name_on(as_of),
            "rows": rows,
            "start": begin,
            "as_of": as_of,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    as_of, start = _params(request, document)
    root = _root(request, as_of)
    result = cov.coverage(document, root, as_of, start)
    book, sheet = spreadsheets.new_workbook(_("Học tập, quán triệt"))
    spreadsheets.append(sheet, [f"{document.type_name} {document.code}: {document.subject}"])
    spreadsheets.append(
        sheet,
        [
            _("%(unit)s – tình hình tại ngày %(date)s, tính từ %(start)s")
            % {"unit": result.root.name_on(as_of), "date": f"{as_of:%d/%m/%Y}", "start": f"{result.start:%d/%m/%Y}"}
        ],
    )
    spreadsheets.header_row(
        sheet,
        [
            _("Đơn vị"),
            _("Tình trạng"),
            _("Số buổi"),
            _("Số người dự"),
            _("Số đảng viên dự"),
            _("Số đảng viên"),
            _("Tỷ lệ đảng viên được quán triệt (%)"),
        ],
        (50, 22, 10, 12, 14, 12, 14),
    )
    for row in result.rows:
        state = _("Đã học tập") if row.done else (_("Quá hạn") if row.overdue else _("Chưa học tập"))
        if row.by_lineage:
            state = _("Đã học tập (các đơn vị trước sắp xếp)")
        spreadsheets.append(
            sheet,
            [
                row.name,
                state,
                row.sessions,
                row.attendees,
                row.party_members,
                row.members,
                float(row.percent) if row.percent is not None else None,
            ],
        )
    t = result.totals
    spreadsheets.append(
        sheet,
        [
            _("Tổng cộng: %(done)d/%(expected)d đơn vị") % {"done": t.done, "expected": t.expected},
            "",
            t.sessions,
            t.attendees,
            t.party_members,
            t.members,
            float(t.percent) if t.percent is not None else None,
        ],
    )
    return downloads.attachment(
        spreadsheets.to_bytes(book),
        downloads.filename("Quán triệt", document.code or document.subject, f"{as_of:%d-%m-%Y}", ext="xlsx"),
        downloads.XLSX,
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Per period, across documents: the plans of the unit and of the units above it."""
    today = timezone.localdate()
    period_error = ""
    try:  # "Quý III/2025", "6 tháng cuối năm 2025" as well as the codes; this year when empty
        period = Period.read(request.GET.get("ky") or str(today.year))
    except PeriodError as error:
        period_error, period = str(error), Period.parse(str(today.year))
    as_of = min(period.end, today)
    root = _root(request, as_of)
    territorial = cov.territorial_root(root, as_of)
    chain = [territorial.pk, *[v.unit_id for v in tree.ancestors(territorial, as_of)]]
    plans = list(
        DisseminationPlan.objects.filter(unit_id__in=chain, starts_on__lte=period.end, deadline__gte=period.start)
        .select_related("document", "unit")
        .order_by("deadline", "pk")[:MAX_PLANS]
    )
    readable = set(
        Document.objects.readable_by(request.user)
        .filter(pk__in=[p.document_id for p in plans])
        .values_list("pk", flat=True)
    )
    rows = []
    for plan in plans:
        if plan.document_id not in readable:
            continue
        start = max(plan.starts_on, period.start)
        summary, _plan, _start = cov.totals(plan.document, territorial, as_of, start, plan)
        rows.append((plan, summary, start))
    return render(
        request,
        "dissemination/overview.html",
        {
            "period": period,
            "period_error": period_error,
            "can_write": scoping.may_write_some_day(request.user, territorial),
            "period_choices": periods.choices(PeriodType.QUARTER, today),
            "as_of": as_of,
            "root": root,
            "root_name": territorial.name_on(as_of),
            "rows": rows,
        },
        status=400 if period_error else 200,
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Create or edit a unit's plan for the document. The page's unit (``don_vi``, read on its last day, so an
    ended unit's page opens too; its committee for a commission) is the plan's unit unless the form chooses
    another; the plan is written for its start date (``scoping.can_write``: a successor records the plans of
    its predecessors that started before the merger)."""
    document = _document(request, pk)
    text = request.GET.get("don_vi", "")
    if text.isdigit():
        page = scoping.get_unit_or_404(request.user, int(text), Capability.READ)
        unit = cov.territorial_root(page, scoping.last_day(page))
    else:
        today = timezone.localdate()
        unit = cov.territorial_root(_root(request, today), today)
    if not scoping.may_write_some_day(request.user, unit):
        raise Http404
    plan = DisseminationPlan.objects.filter(document=document, unit=unit).first()
    form = PlanForm(request.POST or None, instance=plan, user=request.user, unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            chosen = form.cleaned_data["unit"]
            saved = form.save(commit=False)
            stale = _("Kế hoạch vừa được thay đổi ở nơi khác. Chưa lưu gì; vui lòng tải lại trang.")
            try:
                with transaction.atomic():
                    if plan is not None:
                        expected = posted_revision(request.POST, message=stale)
                        saved.revision = lock_and_bump(DisseminationPlan, plan.pk, expected, stale)
                    if chosen != unit and DisseminationPlan.objects.filter(document=document, unit=chosen).exists():
                        raise ValidationError(
                            {"unit": _("Đơn vị này đã có kế hoạch cho văn bản; hãy mở kế hoạch đó để sửa.")}
                        )
                    saved.document, saved.unit = document, chosen
                    saved.created_by = saved.created_by or request.user
                    saved.save()
            except StaleEdit as exc:
                form.add_error(None, exc)
                status = 409
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, _("Đã lưu kế hoạch học tập, quán triệt."))
                return redirect(reverse("dissemination:document", args=[document.pk]) + f"?don_vi={chosen.pk}")
        else:
            status = 400
    return render(
        request,
        "dissemination/plan_form.html",
        {
            "document": document,
            "form": form,
            "plan": plan,
            "unit_name": unit.name_on(plan.starts_on if plan else scoping.last_day(unit)),
            "unit_sources": choices.sources(form),
        },
        status=status,
    )


@login_required
def member_counts(request: HttpRequest, unit: int) -> HttpResponse:
    """A unit's Party-member counts over time (history kept; new figures are new rows)."""
    today = timezone.localdate()
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ)
    can_write = scoping.may_write_some_day(request.user, unit_obj)
    form = PartyMemberCountForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if form is None:
            raise Http404
        valid_from = form.cleaned_data.get("valid_from") if form.is_valid() else None
        if valid_from and not scoping.can_write(request.user, unit_obj, valid_from):
            form.add_error(
                "valid_from",
                _("Bạn không được ghi số đảng viên của đơn vị này từ ngày %(day)s.")
                % {"day": f"{valid_from:%d/%m/%Y}"},
            )
        if form.is_valid():
            PartyMemberCount.objects.update_or_create(
                unit=unit_obj,
                valid_from=form.cleaned_data["valid_from"],
                defaults={
                    "count": form.cleaned_data["count"],
                    "note": form.cleaned_data["note"],
                    "created_by": request.user,
                },
            )
            messages.success(request, _("Đã lưu số đảng viên."))
            return redirect("dissemination:members", unit=unit_obj.pk)
    children = UnitVersion.objects.as_of(today).filter(parent=unit_obj).select_related("unit").in_tree_order()[:300]
    latest = dict(
        PartyMemberCount.objects.on(today)
        .filter(unit_id__in=[v.unit_id for v in children])
        .values_list("unit_id", "count")
    )
    return render(
        request,
        "dissemination/members.html",
        {
            "unit": unit_obj,
            "unit_name": unit_obj.name_on(today),
            "rows": list(unit_obj.party_member_counts.select_related("created_by").order_by("-valid_from")[:100]),
            "children": [(v, latest.get(v.unit_id)) for v in children],
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
