"""Pages of the networks area (mounted at /mang-luoi/): a unit's reporters' network, its public-opinion counts,
its models and exemplars, and the roll call of a reporters' conference.

Reading: units through ``scoping.get_unit_or_404``, records through the models' ``readable_by`` (another
province's records answer 404). Writing: each form posts to its own ``@require_POST`` view; the record's unit
must be writable on the record's date (``scoping.can_write``, checked by the forms), edits carry the revision
the page was opened at (``lib/revision.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, Membership
from tuyengiao.lib.forms import parse_date
from tuyengiao.lib.revision import StaleEdit, posted_revision
from tuyengiao.meetings.models import BridgePoint, Meeting, RosterEntry
from tuyengiao.networks import roster, services
from tuyengiao.networks.forms import CollaboratorCountForm, ExemplarForm, OpinionMonthForm
from tuyengiao.networks.models import CollaboratorCount, Exemplar, Heading, OpinionMonth
from tuyengiao.people.models import LecturerRole
from tuyengiao.units import choices, tree
from tuyengiao.units.models import Unit, covers, names_at

MAX_ROWS = 500
TABS = [
    ("networks:reporters", "Báo cáo viên"),
    ("networks:opinion", "Dư luận xã hội"),
    ("networks:exemplars", "Mô hình, điển hình"),
]


def _home_unit(request: HttpRequest) -> int | None:
    """The user's own unit (a commission's staff: the commission), else their first read root."""
    roots = scoping.root_ids(request.user, Capability.READ)
    own = set(
        Membership.objects.filter(covers(timezone.localdate()), user_id=request.user.pk or 0).values_list(
            "unit_id", flat=True
        )
    )
    mine = own & roots
    return min(mine) if mine else (min(roots) if roots else None)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    unit = _home_unit(request)
    if unit is None:
        if request.user.is_superuser:
            central = Unit.objects.filter(key="central").values_list("pk", flat=True).first()
            if central:
                return redirect("networks:reporters", unit=central)
        raise Http404(_("Không tìm thấy đơn vị."))
    return redirect("networks:reporters", unit=unit)


def _subtree(unit: Unit, date: dt.date) -> Any:
    return tree.subtree_ids([choices.committee_of(unit, date)], date)


def _base(request: HttpRequest, unit: Unit, date: dt.date, tab: str) -> dict[str, Any]:
    return {
        "unit": unit,
        "unit_name": unit.name_on(date),
        "date": date,
        "tabs": [(name, label, name == tab) for name, label in TABS],
        "can_write": scoping.may_write_some_day(request.user, unit),
    }


# --- Reporters ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def reporters(request: HttpRequest, unit: int) -> HttpResponse:
    """The reporters and communicators of the unit's committee subtree on ``?ngay=``, by level, with those who
    missed ``MISSED_IN_A_ROW`` conferences in a row flagged; the recent reporters' conferences of the subtree."""
    date = parse_date(request.GET.get("ngay"))
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, date)
    roles = list(
        roster.network_roles(unit_obj, date, LecturerRole.objects.readable_by(request.user, date))
        .select_related("person")
        .order_by("level", "person__name_key", "pk")[:MAX_ROWS]
    )
    missed = roster.missed_in_a_row(r.person_id for r in roles)
    unit_names = {pk: name for (pk, _day), name in names_at({(r.unit_id, date) for r in roles}).items()}
    levels = []
    for level, label in LecturerRole.Level.choices:
        rows = [(r, unit_names.get(r.unit_id, ""), missed.get(r.person_id, 0)) for r in roles if r.level == level]
        levels.append((label, rows))
    flagged = [(r, name, n) for _label, rows in levels for r, name, n in rows if n >= roster.MISSED_IN_A_ROW]
    bridge_attendees = (
        BridgePoint.objects.filter(meeting_id=OuterRef("pk"))
        .values("meeting_id")
        .annotate(n=Sum("attendees"))
        .values("n")
    )
    conferences = list(
        Meeting.objects.readable_by(request.user)
        .filter(kind=Meeting.Kind.LECTURERS, organiser_id__in=_subtree(unit_obj, date))
        .annotate(
            bridges=Count("bridge_points", distinct=True),
            topics=Count("agenda", distinct=True),
            people=Coalesce(F("attendees"), 0) + Coalesce(Subquery(bridge_attendees), 0),
        )
        .order_by("-starts_at", "-pk")[:24]
    )
    context = _base(request, unit_obj, date, "networks:reporters") | {
        "levels": levels,
        "flagged": flagged,
        "missed_limit": roster.MISSED_IN_A_ROW,
        "conferences": conferences,
        "total": len(roles),
    }
    return render(request, "networks/reporters.html", context)


def _conference_or_404(request: HttpRequest, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.readable_by(request.user)
        .filter(pk=pk, kind=Meeting.Kind.LECTURERS)
        .select_related("organiser")
        .first()
    )
    if meeting is None:
        raise Http404(_("Không tìm thấy hội nghị báo cáo viên."))
    return meeting


@login_required
@require_GET
def roster_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The roll call of a reporters' conference: the reporters expected, present or absent."""
    meeting = _conference_or_404(request, pk)
    expected = list(roster.expected(meeting))
    seen: set[int] = set()
    rows = []
    entries = {e.person_id: e for e in RosterEntry.objects.filter(meeting=meeting)}
    names = {pk: name for (pk, _day), name in names_at({(r.unit_id, meeting.date) for r in expected}).items()}
    for role in expected:
        if role.person_id in seen:
            continue
        seen.add(role.person_id)
        entry = entries.get(role.person_id)
        rows.append((role, names.get(role.unit_id, ""), entry))
    recorded = [e for e in entries.values() if e.person_id not in seen]
    context = {
        "meeting": meeting,
        "organiser_name": meeting.organiser.name_on(meeting.date),
        "rows": rows,
        "present": sum(1 for _r, _n, e in rows if e is not None and e.present),
        "taken": bool(entries),
        "others": len(recorded),
        "can_write": scoping.can_write(request.user, meeting.organiser_id, meeting.date),
    }
    return render(request, "networks/roster.html", context)


@login_required
@require_POST
def roster_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _conference_or_404(request, pk)
    if not scoping.can_write(request.user, meeting.organiser_id, meeting.date):
        raise Http404(_("Không tìm thấy hội nghị báo cáo viên."))
    present = {int(v) for v in request.POST.getlist("co_mat") if v.isdigit()}
    try:
        revision = posted_revision(request.POST, message=services.STALE_ROSTER)
        services.save_roster(meeting, present, revision, request.user)
    except StaleEdit as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu điểm danh báo cáo viên."))
    return redirect("networks:roster", pk=meeting.pk)


# --- Public opinion (counts only) -----------------------------------------------------------------------------------


def _opinion_page(
    request: HttpRequest,
    unit: Unit,
    count_form: CollaboratorCountForm | None = None,
    month_form: OpinionMonthForm | None = None,
    status: int = 200,
) -> HttpResponse:
    date = timezone.localdate()
    subtree = _subtree(unit, date)
    counts = list(CollaboratorCount.objects.readable_by(request.user).filter(unit_id__in=subtree)[:100])
    months = list(
        OpinionMonth.objects.readable_by(request.user)
        .filter(unit_id__in=subtree)
        .annotate(received=Sum("topics__received"))
        .order_by("-month", "unit_id")[:60]
    )
    names = names_at({(c.unit_id, c.as_of) for c in counts} | {(m.unit_id, m.month) for m in months})
    context = _base(request, unit, date, "networks:opinion")
    if context["can_write"]:
        count_form = count_form or CollaboratorCountForm(prefix="ctv", user=request.user, unit=unit)
        month_form = month_form or OpinionMonthForm(prefix="thang", user=request.user, unit=unit)
    context |= {
        "counts": [(c, names.get((c.unit_id, c.as_of), "")) for c in counts],
        "months": [(m, names.get((m.unit_id, m.month), "")) for m in months],
        "count_form": count_form,
        "month_form": month_form,
        "headings": Heading.choices,
        "unit_sources": choices.sources(*(f for f in (count_form, month_form) if f is not None)),
    }
    return render(request, "networks/opinion.html", context, status=status)


@login_required
@require_GET
def opinion(request: HttpRequest, unit: int) -> HttpResponse:
    return _opinion_page(request, scoping.get_unit_or_404(request.user, unit, Capability.READ))


def _writable_unit_or_404(request: HttpRequest, unit: int) -> Unit:
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ)
    if not scoping.may_write_some_day(request.user, unit_obj):
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit_obj


@login_required
@require_POST
def count_add(request: HttpRequest, unit: int) -> HttpResponse:
    unit_obj = _writable_unit_or_404(request, unit)
    form = CollaboratorCountForm(request.POST, prefix="ctv", user=request.user, unit=unit_obj)
    if form.is_valid():
        saved = services.save_count(form, request.user)
        messages.success(
            request, _("Đã lưu số cộng tác viên tính đến ngày %(day)s.") % {"day": f"{saved.as_of:%d/%m/%Y}"}
        )
        return redirect("networks:opinion", unit=unit_obj.pk)
    messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi bên dưới."))
    return _opinion_page(request, unit_obj, count_form=form, status=400)


@login_required
@require_POST
def month_add(request: HttpRequest, unit: int) -> HttpResponse:
    unit_obj = _writable_unit_or_404(request, unit)
    form = OpinionMonthForm(request.POST, prefix="thang", user=request.user, unit=unit_obj)
    if form.is_valid():
        saved = services.save_month(form, request.user)
        messages.success(
            request, _("Đã lưu số liệu dư luận xã hội tháng %(month)s.") % {"month": f"{saved.month:%m/%Y}"}
        )
        return redirect("networks:opinion", unit=unit_obj.pk)
    messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi bên dưới."))
    return _opinion_page(request, unit_obj, month_form=form, status=400)


def _record_or_404(request: HttpRequest, model: type[Any], pk: int) -> Any:
    record = model.objects.readable_by(request.user).select_related("unit").filter(pk=pk).first()
    if record is None or not scoping.can_write(request.user, record.unit_id, record.date):
        raise Http404(_("Không tìm thấy bản ghi."))
    return record


def _edit_page(
    request: HttpRequest, record: Any, form: Any, save_url: str, back: str, status: int = 200
) -> HttpResponse:
    context = {
        "record": record,
        "form": form,
        "save_url": save_url,
        "back": back,
        "unit_name": record.unit.name_on(record.date),
        "unit_sources": choices.sources(form),
    }
    return render(request, "networks/edit.html", context, status=status)


def _month_topics(month: OpinionMonth) -> dict[str, int]:
    return dict(month.topics.values_list("heading", "received"))


@login_required
@require_GET
def count_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, CollaboratorCount, pk)
    form = CollaboratorCountForm(instance=record, user=request.user, unit=record.unit)
    back = reverse("networks:opinion", args=[record.unit_id])
    return _edit_page(request, record, form, reverse("networks:count_save", args=[pk]), back)


@login_required
@require_POST
def count_save(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, CollaboratorCount, pk)
    form = CollaboratorCountForm(request.POST, instance=record, user=request.user, unit=record.unit)
    back = reverse("networks:opinion", args=[record.unit_id])
    if form.is_valid():
        try:
            services.save_count(form, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu số cộng tác viên."))
            return redirect(back)
    return _edit_page(request, record, form, reverse("networks:count_save", args=[pk]), back, status=400)


@login_required
@require_GET
def month_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, OpinionMonth, pk)
    form = OpinionMonthForm(instance=record, user=request.user, unit=record.unit, topics=_month_topics(record))
    back = reverse("networks:opinion", args=[record.unit_id])
    return _edit_page(request, record, form, reverse("networks:month_save", args=[pk]), back)


@login_required
@require_POST
def month_save(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, OpinionMonth, pk)
    form = OpinionMonthForm(request.POST, instance=record, user=request.user, unit=record.unit)
    back = reverse("networks:opinion", args=[record.unit_id])
    if form.is_valid():
        try:
            services.save_month(form, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu số liệu dư luận xã hội."))
            return redirect(back)
    return _edit_page(request, record, form, reverse("networks:month_save", args=[pk]), back, status=400)


# --- Models and exemplars -------------------------------------------------------------------------------------------


def _exemplars_page(
    request: HttpRequest, unit: Unit, form: ExemplarForm | None = None, status: int = 200
) -> HttpResponse:
    date = timezone.localdate()
    get = request.GET
    rows = Exemplar.objects.readable_by(request.user).filter(unit_id__in=_subtree(unit, date))
    programme = get.get("chuong_trinh", "") if get.get("chuong_trinh", "") in Exemplar.Programme.values else ""
    year_text = get.get("nam", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if programme:
        rows = rows.filter(programme=programme)
    if year:
        rows = rows.filter(year=year)
    summary = list(
        rows.values("year", "programme")
        .annotate(
            registered=Count("pk"),
            effective=Count("pk", filter=Q(review=Exemplar.Review.EFFECTIVE)),
            honoured_n=Count("pk", filter=Q(honoured=True)),
            proposed_n=Count("pk", filter=Q(proposed=True)),
        )
        .order_by("-year", "programme")
    )
    programmes = dict(Exemplar.Programme.choices)
    for row in summary:
        row["label"] = programmes.get(row["programme"], row["programme"])
    listed = list(rows.select_related("nomination__cycle").order_by("-year", "programme", "name", "pk")[:MAX_ROWS])
    names = names_at({(e.unit_id, e.registered_on) for e in listed})
    context = _base(request, unit, date, "networks:exemplars")
    if context["can_write"]:
        form = form or ExemplarForm(
            prefix="mh", user=request.user, unit=unit, initial={"year": date.year, "registered_on": date}
        )
    context |= {
        "rows": [(e, names.get((e.unit_id, e.registered_on), "")) for e in listed],
        "summary": summary,
        "form": form,
        "programme": programme,
        "year": year_text if year else "",
        "programmes": Exemplar.Programme.choices,
        "unit_sources": choices.sources(form) if form is not None else [],
    }
    return render(request, "networks/exemplars.html", context, status=status)


@login_required
@require_GET
def exemplars(request: HttpRequest, unit: int) -> HttpResponse:
    return _exemplars_page(request, scoping.get_unit_or_404(request.user, unit, Capability.READ))


@login_required
@require_POST
def exemplar_add(request: HttpRequest, unit: int) -> HttpResponse:
    unit_obj = _writable_unit_or_404(request, unit)
    form = ExemplarForm(request.POST, prefix="mh", user=request.user, unit=unit_obj)
    if form.is_valid():
        saved = services.save_exemplar(form, request.user)
        messages.success(request, _("Đã thêm “%(name)s” vào sổ mô hình, điển hình.") % {"name": saved.name})
        return redirect("networks:exemplars", unit=unit_obj.pk)
    messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi bên dưới."))
    return _exemplars_page(request, unit_obj, form=form, status=400)


@login_required
@require_GET
def exemplar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, Exemplar, pk)
    form = ExemplarForm(instance=record, user=request.user, unit=record.unit)
    back = reverse("networks:exemplars", args=[record.unit_id])
    return _edit_page(request, record, form, reverse("networks:exemplar_save", args=[pk]), back)


@login_required
@require_POST
def exemplar_save(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, Exemplar, pk)
    form = ExemplarForm(request.POST, instance=record, user=request.user, unit=record.unit)
    back = reverse("networks:exemplars", args=[record.unit_id])
    if form.is_valid():
        try:
            services.save_exemplar(form, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu mô hình, điển hình."))
            return redirect(back)
    return _edit_page(request, record, form, reverse("networks:exemplar_save", args=[pk]), back, status=400)
