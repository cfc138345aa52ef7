"""Pages of the people registry: a unit's people, a person, create/edit, norm figures, the XLSX export.

Scope (see the module docstring of ``tuyengiao.people.models``): a person is readable when posted (or holding
a lecturer role) on the date viewed in a unit of the user's read scope; everything else answers 404. Writing
needs the write scope on the unit for the date concerned (``scoping.can_write``: a posting's first day, the
date viewed for a person's record). The export is for members of the unit itself only, and each export is
recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, Membership
from tuyengiao.lib import downloads, spreadsheets
from tuyengiao.lib.forms import parse_date
from tuyengiao.lib.revision import posted_revision
from tuyengiao.people import figures, services
from tuyengiao.people.forms import (
    LecturerRoleForm,
    NewPersonForm,
    PersonForm,
    PostingForm,
    StaffingNormForm,
    TrainingForm,
)
from tuyengiao.people.models import LecturerRole, Person, PersonalDataExport, Posting, StaffingNorm, active_on
from tuyengiao.units import choices
from tuyengiao.units.models import Kind, Unit, UnitVersion, covers, names_at

MAX_ROWS = 500


def _date(request: HttpRequest) -> dt.date:
    return parse_date(request.GET.get("ngay"))


def _person_or_404(request: HttpRequest, pk: int, date: dt.date) -> Person:
    person = Person.objects.readable_by(request.user, date).filter(pk=pk).first()
    if person is None:
        raise Http404(_("Không tìm thấy cán bộ."))
    return person


def own_unit_ids(user: object) -> set[int]:
    """Units where the user holds a membership today (the export rule: own unit, not subtree)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(covers(timezone.localdate()), user=user).values_list("unit_id", flat=True)  # type: ignore[misc]
    )


def _home_unit(request: HttpRequest) -> int | None:
    roots = scoping.root_ids(request.user, Capability.READ)
    own = own_unit_ids(request.user) & roots
    return min(own) if own else (min(roots) if roots else None)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = _home_unit(request)
    if unit is None:
        raise Http404
    return redirect("people:unit", unit=unit)


@login_required
def unit_people(request: HttpRequest, unit: int) -> HttpResponse:
    date = _date(request)
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, date)
    postings = list(
        Posting.objects.filter(active_on(date), unit=unit_obj)
        .select_related("person")
        .order_by("person__name_key")[:MAX_ROWS]
    )
    roles = list(
        LecturerRole.objects.filter(active_on(date), unit=unit_obj)
        .select_related("person")
        .order_by("level", "person__name_key")[:MAX_ROWS]
    )
    staff, minimum = figures.unit_staffing(unit_obj, date)
    own = unit_obj.pk in own_unit_ids(request.user)
    exports = list(PersonalDataExport.objects.filter(unit=unit_obj).select_related("user")[:10]) if own else []
    children = list(
        UnitVersion.objects.as_of(date)
        .filter(parent=unit_obj)
        .filter(Q(unit__kind__in=[Kind.PARTY_COMMITTEE, Kind.AFFILIATED, Kind.COMMISSION]))
        .select_related("unit")
        .in_tree_order()[:200]
    )
    return render(
        request,
        "people/unit.html",
        {
            "unit": unit_obj,
            "unit_name": unit_obj.name_on(date),
            "date": date,
            "postings": postings,
            "roles": roles,
            "staff": staff,
            "minimum": minimum,
            "can_write": scoping.can_write(request.user, unit_obj, date),
            "can_export": own,
            "exports": exports,
            "children": children,
        },
    )


def _writable_current(request: HttpRequest, person: Person, date: dt.date) -> list[Unit]:
    """The person's units on ``date`` that the user may write for that date."""
    current = [p.unit for p in person.postings.filter(active_on(date)).select_related("unit")]
    return [u for u in current if scoping.can_write(request.user, u, date)]


def _person_page(
    request: HttpRequest, person: Person, date: dt.date, posting_form: PostingForm | None = None, status: int = 200
) -> HttpResponse:
    postings = list(person.postings.select_related("unit").order_by("-from_date"))
    today = timezone.localdate()
    # Each posting's unit by its name on the posting's last day (today for a current one).
    ends = {p.pk: min(p.to_date or today, today) for p in postings}
    dated = names_at({(p.unit_id, ends[p.pk]) for p in postings})
    names = {p.pk: dated.get((p.unit_id, ends[p.pk]), "") for p in postings}
    writable = _writable_current(request, person, date)
    can_write = bool(writable)
    if can_write and posting_form is None:
        posting_form = PostingForm(prefix="p", user=request.user, initial={"unit": writable[0].pk})
    return render(
        request,
        "people/person.html",
        {
            "person": person,
            "date": date,
            "postings": [(p, names[p.pk]) for p in postings],
            "roles": list(person.lecturer_roles.select_related("unit").order_by("-from_date")),
            "trainings": list(person.trainings.order_by("-from_date")),
            "can_write": can_write,
            "posting_form": posting_form if can_write else None,
            "role_form": LecturerRoleForm(prefix="r") if can_write else None,
            "training_form": TrainingForm(prefix="t") if can_write else None,
            "unit_sources": choices.sources(posting_form) if can_write and posting_form is not None else [],
            "may_erase": services.may_erase(request.user, person),
            "erasure_actions": [
                ("people:anonymise", _("Ẩn danh hồ sơ"), "btn-outline-danger"),
                ("people:delete", _("Xóa hồ sơ"), "btn-danger"),
            ],
        },
        status=status,
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person as of ``?ngay=`` (default today). Opened without a date for someone with no posting in scope
    today (a dissolved district committee's staff), the page moves to the last day they were."""
    date = _date(request)
    if "ngay" not in request.GET and not Person.objects.readable_by(request.user, date).filter(pk=pk).exists():
        last = _last_day_in_scope(request, pk)
        if last is not None:
            return redirect(f"{reverse('people:person', args=[pk])}?ngay={last:%d/%m/%Y}")
    return _person_page(request, _person_or_404(request, pk, date), date)


def _last_day_in_scope(request: HttpRequest, pk: int) -> dt.date | None:
    """The last day of the person's latest posting or lecturer role in a unit the user reads records of any
    date from (``scoping.unit_filter`` without a date: former units included), None when there is none."""
    days = [
        to_date or timezone.localdate()
        for model in (Posting, LecturerRole)
        for to_date in model.objects.readable_by(request.user).filter(person_id=pk).values_list("to_date", flat=True)
    ]
    return min(max(days), timezone.localdate()) if days else None


@login_required
def person_create(request: HttpRequest, unit: int) -> HttpResponse:
    """A new person posted to ``unit`` (written for the posting's first day, checked by the service)."""
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ)
    if not scoping.may_write_some_day(request.user, unit_obj):
        raise Http404(_("Không tìm thấy đơn vị."))
    form = NewPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.create_person(form.instance, unit_obj, data["position"], data["from_date"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm cán bộ."))
            return redirect(reverse("people:person", args=[person.pk]) + f"?ngay={data['from_date']:%d/%m/%Y}")
    return render(
        request,
        "people/person_form.html",
        {"form": form, "unit": unit_obj, "unit_name": unit_obj.name_on(timezone.localdate())},
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    date = _date(request)
    person = _person_or_404(request, pk, date)
    units = _writable_current(request, person, date)
    if not units:
        raise Http404
    form = PersonForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_person(form.instance, request.user, posted_revision(request.POST), units, date)
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                messages.success(request, _("Đã lưu hồ sơ cán bộ."))
                return redirect(reverse("people:person", args=[person.pk]) + f"?ngay={date:%d/%m/%Y}")
        else:
            status = 400
    revision = request.POST.get("revision") if request.method == "POST" else person.revision
    return render(
        request, "people/person_form.html", {"form": form, "person": person, "revision": revision}, status=status
    )


def _writable_person_or_404(request: HttpRequest, pk: int) -> tuple[Person, dt.date, list[Unit], str]:
    """The person, the date viewed, the units of theirs the user may write then (404 when none), the page's URL."""
    date = _date(request)
    person = _person_or_404(request, pk, date)
    writable = _writable_current(request, person, date)
    if not writable:
        raise Http404
    return person, date, writable, reverse("people:person", args=[person.pk]) + f"?ngay={date:%d/%m/%Y}"


@login_required
@require_POST
def posting_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a posting in a unit the writer may change on its first day; a refused form is shown again with that
    day's choices and the reasons."""
    person, date, _writable, back = _writable_person_or_404(request, pk)
    form = PostingForm(request.POST, prefix="p", user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_posting(
                person,
                d["unit"],
                d["position"],
                d["from_date"],
                d["to_date"],
                request.user,
                counts_toward_norm=d["counts_toward_norm"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã cập nhật."))
            return redirect(back)
    return _person_page(request, person, date, posting_form=form, status=400)


def _add_row(request: HttpRequest, form: LecturerRoleForm | TrainingForm, person: Person, unit: Unit) -> None:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return
    obj = form.save(commit=False)
    obj.person = person
    if isinstance(obj, LecturerRole):
        obj.unit = unit
    obj.save()
    messages.success(request, _("Đã cập nhật."))


@login_required
@require_POST
def lecturer_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the person as a lecturer (báo cáo viên) of the first of their units the writer may change."""
    person, _date_viewed, writable, back = _writable_person_or_404(request, pk)
    _add_row(request, LecturerRoleForm(request.POST, prefix="r"), person, writable[0])
    return redirect(back)


@login_required
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a training the person attended."""
    person, _date_viewed, writable, back = _writable_person_or_404(request, pk)
    _add_row(request, TrainingForm(request.POST, prefix="t"), person, writable[0])
    return redirect(back)


@login_required
@require_POST
def posting_end(request: HttpRequest, pk: int) -> HttpResponse:
    posting = Posting.objects.select_related("unit").filter(pk=pk).first()
    if posting is None or not scoping.can_write(request.user, posting.unit, posting.from_date):
        raise Http404
    end = parse_date(request.POST.get("to_date"))
    try:
        services.end_posting(posting, end, request.user)
        messages.success(request, _("Đã ghi ngày kết thúc công tác."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("people:person", args=[posting.person_id]) + f"?ngay={posting.from_date:%d/%m/%Y}")


@login_required
def norms(request: HttpRequest) -> HttpResponse:
    """Staffing vs norms and the lecturer network under a unit, for any date."""
    date = _date(request)
    unit_id = request.GET.get("don_vi")
    root = int(unit_id) if unit_id and unit_id.isdigit() else _home_unit(request)
    if root is None:
        raise Http404
    unit = scoping.get_unit_or_404(request.user, root, Capability.READ, date)
    roots = [unit.pk]
    if unit.kind == Kind.COMMISSION:
        version = unit.version_on(date)
        if version and version.parent_id:
            roots = [version.parent_id]
    lines = figures.staffing(roots, date)
    understaffed = list(
        figures.units_with_norm(roots, date)
        .filter(staff__lt=F("minimum"))  # type: ignore[misc]  # an annotation the plugin does not see
        .select_related("unit")
        .in_tree_order()[:200]
    )
    form = None
    if request.user.is_superuser or scoping.can(request.user, Capability.ADMINISTER, unit, date):
        form = StaffingNormForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu định biên."))
            return redirect(request.get_full_path())
    return render(
        request,
        "people/norms.html",
        {
            "unit": unit,
            "unit_name": unit.name_on(date),
            "date": date,
            "lines": lines,
            "lecturers": [(level, figures.lecturers(roots, date)[level.value]) for level in LecturerRole.Level],
            "understaffed": understaffed,
            "norms": list(StaffingNorm.objects.all()[:100]),
            "keep": [("don_vi", str(unit.pk))],
            "form": form,
        },
    )


@login_required
def export(request: HttpRequest, unit: int) -> HttpResponse:
    """The XLSX list of the unit's people on a date: members of the unit itself only; recorded."""
    date = _date(request)
    unit_obj = scoping.get_unit_or_404(request.user, unit, Capability.READ, date)
    if unit_obj.pk not in own_unit_ids(request.user):
        raise Http404(_("Chỉ xuất được danh sách cán bộ của chính đơn vị mình."))
    postings = list(
        Posting.objects.filter(active_on(date), unit=unit_obj).select_related("person").order_by("person__name_key")
    )
    book, sheet = spreadsheets.new_workbook(_("Cán bộ"))
    spreadsheets.append(
        sheet,
        [
            _("Danh sách cán bộ – %(unit)s – ngày %(date)s")
            % {"unit": unit_obj.name_on(date), "date": f"{date:%d/%m/%Y}"}
        ],
    )
    spreadsheets.header_row(
        sheet,
        [_("STT"), _("Họ và tên"), _("Năm sinh"), _("Giới tính"), _("Chức vụ"), _("Từ ngày"), _("Biên chế")],
        (6, 30, 10, 10, 30, 12, 10),
    )
    for index, p in enumerate(postings, start=1):
        spreadsheets.append(
            sheet,
            [
                index,
                p.person.full_name,
                p.person.birth_year,
                p.person.get_gender_display(),
                p.position,
                p.from_date,
                _("Có") if p.counts_toward_norm else _("Không"),
            ],
        )
    content = spreadsheets.to_bytes(book)
    PersonalDataExport.objects.create(
        user=request.user,  # type: ignore[misc]  # login_required: a User
        unit=unit_obj,
        as_of=date,
        rows=len(postings),
    )
    return downloads.attachment(
        content,
        downloads.filename("Cán bộ", unit_obj.name_on(date), f"{date:%d-%m-%Y}", ext="xlsx"),
        downloads.XLSX,
    )


# --- Erasure (Nghị định 13/2023) --------------------------------------------------------------------------------


def _erasure(request: HttpRequest, pk: int, action: Callable[[Person, Any, str], object]) -> HttpResponse | None:
    """Run ``action`` (anonymise or delete) once confirmed; the page to go back to when refused, else None."""
    person = Person.objects.filter(pk=pk).first()
    if person is None or not services.may_erase(request.user, person):  # the administrator's scope, any date
        raise Http404(_("Không tìm thấy cán bộ."))
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Hãy đánh dấu ô xác nhận trước khi thực hiện."))
        return redirect("people:person", pk=pk)
    try:
        action(person, request.user, request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:person", pk=pk)
    return None


@login_required
@require_POST
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator replaces a person's name and clears their personal data, history included."""
    refused = _erasure(request, pk, services.anonymise_person)
    if refused is not None:
        return refused
    messages.success(request, _("Đã ẩn danh hồ sơ; lịch sử thay đổi không còn dữ liệu cá nhân của người này."))
    return redirect("people:person", pk=pk)


@login_required
@require_POST
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator deletes a person with postings, roles and trainings, history included."""
    refused = _erasure(request, pk, services.delete_person)
    if refused is not None:
        return refused
    messages.success(request, _("Đã xóa hồ sơ cán bộ và lịch sử thay đổi của hồ sơ."))
    return redirect("people:home")
