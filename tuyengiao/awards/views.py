"""Pages of the emulation cycle: cycles and counts, a cycle's registrations, blocs, nominations, council,
votes and ranking, decisions with their annex, certificates, revocation; awards per unit and per person.

Scope: a cycle is readable by users who read its organising unit or are below it (``shared_down_filter``);
below the organiser, a user sees only the rows of units in their own read scope. Writes are checked in
``services``. Everything out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Avg, Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.awards import documents_out, services
from tuyengiao.awards.forms import (
    AddAwardsForm,
    BlocForm,
    CycleEditForm,
    CycleForm,
    DecisionForm,
    IssueForm,
    MemberForm,
    NominationForm,
    RegistrationForm,
    RevisionForm,
    RevokeForm,
    TallyForm,
    VoteForm,
    posting_units,
)
from tuyengiao.awards.models import (
    Award,
    Bloc,
    CouncilMember,
    Decision,
    EmulationCycle,
    Nomination,
    Vote,
)
from tuyengiao.awards.warnings import linked_figures, task_figures, warnings_for, warnings_for_many
from tuyengiao.lib import downloads, uploads
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.meetings.models import Meeting
from tuyengiao.people.models import Person, Posting
from tuyengiao.units import choices
from tuyengiao.units.models import Kind, Unit, name_on, names_at

MAX_ROWS = 500


def _cycle_or_404(request: HttpRequest, pk: int) -> EmulationCycle:
    cycle = EmulationCycle.objects.readable_by(request.user).filter(pk=pk).first()
    if cycle is None:
        raise Http404(_("Không tìm thấy đợt thi đua."))
    cycle.unit_name = cycle.unit.name_on(cycle.closing_day)  # type: ignore[attr-defined]
    return cycle


def _write_scope(request: HttpRequest, cycle: EmulationCycle | None, field: str) -> Q:
    """The user's write scope as the tree stood at the end of the cycle's year (when nominations are made), so
    that a past cycle lists the units of its time (2023: the districts, dissolved on 01/07/2025) and a 2025
    cycle the new communes; without a cycle, today's tree. A cycle's unit fields offer the same units
    (``units/choices.py``, list ``EMULATION`` on ``closing_day``)."""
    if cycle is None:
        return scoping.unit_filter(request.user, Capability.WRITE, field=field)
    return scoping.unit_filter(request.user, Capability.WRITE, cycle.closing_day, field)


def _write_units(request: HttpRequest) -> QuerySet[Unit]:
    """The units the user may create a cycle for (today's tree), named as today."""
    return (
        Unit.objects.filter(_write_scope(request, None, "pk"))
        .filter(kind__in=choices.EMULATION_KINDS)
        .annotate(unit_name=name_on(timezone.localdate()))
        .order_by("level", "unit_name")
    )


def _people(request: HttpRequest, cycle: EmulationCycle | None = None) -> QuerySet[Person]:
    """People with a posting in the user's writable units during the cycle's year (or today)."""
    if cycle is None:
        start = end = timezone.localdate()
    else:
        start, end = dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)
    postings = Posting.objects.filter(Q(to_date__isnull=True) | Q(to_date__gte=start), from_date__lte=end).filter(
        _write_scope(request, cycle, "unit")
    )
    return Person.objects.filter(pk__in=postings.values("person_id")).order_by("name_key")


def _nominations(request: HttpRequest, cycle: EmulationCycle) -> QuerySet[Nomination]:
    return (
        cycle.nominations.readable_by(request.user)
        .select_related("award_form", "person", "cycle")
        .annotate(
            unit_name=name_on(cycle.closing_day, "unit"),
            agree=Count("votes", filter=Q(votes__agree=True)),
            votes_cast=Count("votes"),
            average=Avg("votes__score"),
        )
    )


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = list(EmulationCycle.objects.readable_by(request.user).order_by("-year", "pk")[:MAX_ROWS])
    labels = names_at((c.unit_id, c.closing_day) for c in cycles)
    for row in cycles:
        row.unit_name = labels.get((row.unit_id, row.closing_day), "")  # type: ignore[attr-defined]
    if request.method == "POST":
        form = CycleForm(request.POST)
        units = [u for u in _write_units(request) if u.kind == Kind.COMMISSION] or list(_write_units(request)[:1])
        if not units:
            raise Http404
        if form.is_valid():
            if EmulationCycle.objects.filter(unit=units[0], year=form.cleaned_data["year"]).exists():
                form.add_error("year", _("Đơn vị đã có đợt thi đua của năm này."))
            else:
                cycle = EmulationCycle.objects.create(unit=units[0], created_by=request.user, **form.cleaned_data)  # type: ignore[misc]
                return redirect("awards:cycle", pk=cycle.pk)
    else:
        form = CycleForm(initial={"year": timezone.localdate().year})
    # Awards of the cycles the user organises or reads in full, and their own scope's awards in other cycles
    # (the recipients may be units dissolved since, so the organiser's scope decides, not today's tree).
    awards = Award.objects.standing().readable_by(request.user)
    by_year = (
        awards.values("decision__cycle__year")
        .annotate(
            collectives=Count("pk", filter=Q(person__isnull=True)),
            individuals=Count("pk", filter=Q(person__isnull=False)),
        )
        .order_by("-decision__cycle__year")
    )
    by_meeting = (
        awards.filter(decision__meeting__isnull=False)
        .values("decision__meeting_id", "decision__meeting__title", "decision__meeting__starts_at")
        .annotate(
            collectives=Count("pk", filter=Q(person__isnull=True)),
            individuals=Count("pk", filter=Q(person__isnull=False)),
        )
        .order_by("-decision__meeting__starts_at")[:50]
    )
    return render(
        request,
        "awards/list.html",
        {
            "cycles": cycles,
            "form": form,
            "can_create": _write_units(request).filter(kind=Kind.COMMISSION).exists(),
            "by_year": list(by_year),
            "by_meeting": list(by_meeting),
        },
    )


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _cycle_page(request, _cycle_or_404(request, pk))


# The add forms of the cycle page that reopen after a save (``?mo=``), for adding many rows in one sitting.
OPEN_FORMS = ("dang-ky", "de-nghi", "them-hoi-dong")


def _back_to_form(cycle: EmulationCycle, anchor: str, **params: Any) -> HttpResponse:
    """Back to the cycle page with the add form ``anchor`` open and focused (``_cycle_page``), so that nine
    collectives and nine individuals of a ceremony are added in one sitting, not one page each; ``params``
    keep choices for the next row (``hinh-thuc``: the award form just used)."""
    query = urlencode({"mo": anchor, **{k: v for k, v in params.items() if v}})
    # No "#anchor": browsers skip autofocus when the address has a fragment; the autofocused field scrolls the
    # open form into view by itself, without JavaScript.
    return redirect(f"{reverse('awards:cycle', args=[cycle.pk])}?{query}")


def _cycle_page(request: HttpRequest, cycle: EmulationCycle, edit_form: CycleEditForm | None = None) -> HttpResponse:
    """The cycle page; ``edit_form`` is a bound edit form with errors (shown open). ``?mo=<form>`` opens that add
    form with its first field focused (after a save: ``_back_to_form``)."""
    withdrawn_last = Case(When(status=Nomination.Status.WITHDRAWN, then=Value(1)), default=Value(0))
    nominations = list(
        _nominations(request, cycle).order_by(withdrawn_last, "award_form__order", "-average", "-agree", "pk")[
            :MAX_ROWS
        ]
    )
    warnings = warnings_for_many(nominations)
    rank = 0
    for nomination in nominations:
        nomination.warnings = warnings[nomination.pk]  # type: ignore[attr-defined]
        if nomination.status == Nomination.Status.PROPOSED:
            rank += 1
            nomination.rank = rank  # type: ignore[attr-defined]
        else:
            nomination.rank = None  # type: ignore[attr-defined]
    organiser = services.can_organise(request.user, cycle)
    people = _people(request, cycle)
    person_units = posting_units(people)
    today = timezone.localdate()
    comment_state = cycle.comment_state(today)
    council = list(cycle.council.all())
    registration_form = RegistrationForm(
        user=request.user,
        cycle=cycle,
        people=people,
        person_units=person_units,
        initial={"registered_on": today.strftime("%d/%m/%Y")},
        prefix="dk",
    )
    open_form = request.GET.get("mo", "")
    open_form = open_form if open_form in OPEN_FORMS else ""
    kept_form = request.GET.get("hinh-thuc", "")
    nomination_form = NominationForm(
        user=request.user,
        cycle=cycle,
        people=people,
        person_units=person_units,
        initial={"report_period": str(cycle.year), "award_form": int(kept_form) if kept_form.isdigit() else None},
        prefix="dn",
    )
    member_form = MemberForm(prefix="hd")
    first_fields = {
        "dang-ky": registration_form["unit"],
        "de-nghi": nomination_form["unit"],
        "them-hoi-dong": member_form["full_name"],
    }
    if open_form in first_fields:
        first_fields[open_form].field.widget.attrs["autofocus"] = True
    bloc_form = BlocForm(user=request.user, cycle=cycle, prefix="kh") if organiser else None
    if organiser:
        for member in council:
            member.form = MemberForm(instance=member, prefix="hd", auto_id=f"id_hd{member.pk}_%s")  # type: ignore[attr-defined]
        if edit_form is None:
            edit_form = CycleEditForm(initial=CycleEditForm.initial_from(cycle), prefix="sua")
    return render(
        request,
        "awards/cycle.html",
        {
            "cycle": cycle,
            "organiser": organiser,
            "registrations": list(
                cycle.registrations.readable_by(request.user)
                .select_related("person", "target")
                .annotate(unit_name=name_on(cycle.closing_day, "unit"))[:MAX_ROWS]
            ),
            "blocs": list(
                cycle.blocs.prefetch_related(
                    Prefetch(
                        "members", queryset=Unit.objects.annotate(unit_name=name_on(cycle.closing_day)).order_by("key")
                    )
                )
            ),
            "nominations": nominations,
            "council": council,
            "decisions": list(cycle.decisions.select_related("award_form").with_counts()),
            "comment_state": comment_state,
            "registration_form": registration_form,
            "nomination_form": nomination_form,
            "bloc_form": bloc_form,
            "unit_sources": choices.sources(*filter(None, [registration_form, nomination_form, bloc_form])),
            "member_form": member_form,
            "open_form": open_form,
            "decision_form": DecisionForm(prefix="qd"),
            "edit_form": edit_form,
        },
    )


@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser edits the cycle; a stale revision is refused and changes nothing."""
    cycle = _cycle_or_404(request, pk)
    if not services.can_organise(request.user, cycle):
        raise Http404
    if request.method != "POST":
        return redirect(reverse("awards:cycle", args=[cycle.pk]) + "#sua-dot")
    form = CycleEditForm(request.POST, prefix="sua")
    if form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            services.update_cycle(cycle, request.user, revision, **data)
        except StaleEdit as exc:  # the form holds an old revision: start again from the page
            _flash(request, exc)
            return redirect("awards:cycle", pk=cycle.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã cập nhật đợt thi đua."))
            return redirect("awards:cycle", pk=cycle.pk)
    messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi trong phần sửa đợt thi đua."))
    return _cycle_page(request, cycle, edit_form=form)


def _member_or_404(request: HttpRequest, pk: int, member: int) -> CouncilMember:
    """A council member of a cycle the user organises; anyone else gets 404."""
    cycle = _cycle_or_404(request, pk)
    if not services.can_organise(request.user, cycle):
        raise Http404
    row = get_object_or_404(CouncilMember, pk=member, cycle=cycle)
    row.cycle = cycle
    return row


@login_required
@require_POST
def member_edit(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    row = _member_or_404(request, pk, member)
    form = MemberForm(request.POST, prefix="hd")
    if form.is_valid():
        try:
            services.update_member(row, form.cleaned_data["full_name"], form.cleaned_data["role"], request.user)
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Đã sửa thông tin thành viên hội đồng."))
    else:
        _flash_form(request, form)
    return redirect(reverse("awards:cycle", args=[pk]) + "#hoi-dong")


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    row = _member_or_404(request, pk, member)
    try:
        services.remove_member(row, request.user)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã xóa thành viên hội đồng."))
    return redirect(reverse("awards:cycle", args=[pk]) + "#hoi-dong")


def _tally_form(request: HttpRequest, cycle: EmulationCycle, data: Any = None) -> TallyForm:
    members = list(cycle.council.all())
    nominations = list(
        cycle.nominations.filter(status=Nomination.Status.PROPOSED)
        .select_related("person", "award_form")
        .annotate(unit_name=name_on(cycle.closing_day, "unit"))
        .order_by("award_form__order", F("person").asc(nulls_first=True), "pk")[:MAX_ROWS]
    )
    votes = {(v.member_id, v.nomination_id): v for v in Vote.objects.filter(member__cycle=cycle)}
    initial = {"revision": cycle.votes_revision}
    return TallyForm(data, members=members, nominations=nominations, votes=votes, initial=initial)


@login_required
def tally(request: HttpRequest, pk: int) -> HttpResponse:
    """The tally sheet of a council meeting (the organiser): every member's opinion and score on every proposed
    nomination in one grid, saved in one POST, all or nothing, under the cycle's ``votes_revision``
    (``services.record_votes``). A refused sheet is shown again with what was typed and the reason."""
    cycle = _cycle_or_404(request, pk)
    if not services.can_organise(request.user, cycle):
        raise Http404
    if request.method == "POST":
        form = _tally_form(request, cycle, request.POST)
        if form.is_valid():
            try:
                changed = services.record_votes(cycle, form.cells(), request.user, form.cleaned_data["revision"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã ghi bảng kiểm phiếu: %(n)s phiếu thay đổi.") % {"n": changed})
                return redirect(reverse("awards:cycle", args=[cycle.pk]) + "#de-nghi-list")
        status = 400
    else:
        form = _tally_form(request, cycle)
        status = 200
    return render(request, "awards/tally.html", {"cycle": cycle, "form": form}, status=status)


@login_required
@require_GET
def pledge_file(request: HttpRequest, pk: int, bloc: int) -> FileResponse:
    """The signed pledge of a bloc, as an attachment, to readers of the cycle (never a MEDIA_URL link)."""
    cycle = _cycle_or_404(request, pk)
    row = get_object_or_404(Bloc, pk=bloc, cycle=cycle)
    if not row.pledge_file:
        raise Http404(_("Khối thi đua chưa có bản giao ước."))
    try:
        handle = row.pledge_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp không còn trên máy chủ.")) from exc
    name = downloads.filename("Giao ước thi đua", row.name, ext=os.path.splitext(row.pledge_file.name)[1] or "pdf")
    return downloads.file_attachment(handle, name)


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _flash_form(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else error)


def _refuse_unless_organiser(request: HttpRequest, cycle: EmulationCycle) -> bool:
    """True (with the Vietnamese message) when the user reads the cycle but does not organise it."""
    if services.can_organise(request.user, cycle):
        return False
    messages.error(request, _("Chỉ cơ quan tổ chức thi đua mới được thực hiện việc này."))
    return True


def _writer_cycle_or_404(request: HttpRequest, pk: int) -> EmulationCycle:
    """The cycle, when the user may register or nominate some unit for it (404 otherwise)."""
    cycle = _cycle_or_404(request, pk)
    if not choices.versions(request.user, cycle.closing_day, choices.EMULATION).exists():
        raise Http404
    return cycle


@login_required
@require_POST
def cycle_register(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit (or one of its people) registers for the cycle."""
    cycle = _writer_cycle_or_404(request, pk)
    form = RegistrationForm(request.POST, user=request.user, cycle=cycle, people=_people(request, cycle), prefix="dk")
    if not form.is_valid():
        _flash_form(request, form)
        return _back_to_form(cycle, "dang-ky")
    d = form.cleaned_data
    try:
        services.register(cycle, d["unit"], d["person"], d["target"], d["registered_on"], d["note"], request.user)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận đăng ký thi đua. Có thể ghi tiếp đăng ký khác."))
    return _back_to_form(cycle, "dang-ky")


@login_required
@require_POST
def cycle_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit proposes one of its people, or a collective, for an award of the cycle; back to the cycle page
    with the form open for the next one (``_back_to_form``), the award form kept."""
    cycle = _writer_cycle_or_404(request, pk)
    form = NominationForm(request.POST, user=request.user, cycle=cycle, people=_people(request, cycle), prefix="dn")
    if not form.is_valid():
        _flash_form(request, form)
        return _back_to_form(cycle, "de-nghi", **{"hinh-thuc": request.POST.get("dn-award_form", "")})
    d = form.cleaned_data
    try:
        nomination = services.nominate(
            cycle,
            d["award_form"],
            d["unit"],
            d["person"],
            d["achievements"],
            request.user,
            report_form=d["report_form"],
            report_period=d["report_period"],
            collective_name=d["collective_name"],
        )
    except ValidationError as exc:
        _flash(request, exc)
        return _back_to_form(cycle, "de-nghi", **{"hinh-thuc": d["award_form"].pk})
    messages.success(
        request,
        _("Đã ghi nhận đề nghị khen thưởng: %(name)s. Có thể thêm đề nghị tiếp theo.")
        % {"name": nomination.nominee_name},
    )
    return _back_to_form(cycle, "de-nghi", **{"hinh-thuc": d["award_form"].pk})


@login_required
@require_POST
def cycle_bloc_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser adds an emulation bloc with its signed pledge."""
    cycle = _cycle_or_404(request, pk)
    if _refuse_unless_organiser(request, cycle):
        return redirect("awards:cycle", pk=cycle.pk)
    form = BlocForm(request.POST, request.FILES, user=request.user, cycle=cycle, prefix="kh")
    if refused := uploads.too_large_message(request):  # known once the body was read (request.FILES above)
        messages.error(request, refused)
        return redirect("awards:cycle", pk=cycle.pk)
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("awards:cycle", pk=cycle.pk)
    d = form.cleaned_data
    try:
        services.add_bloc(
            cycle,
            d["name"],
            d["members"],
            request.user,
            pledge_signed_on=d["pledge_signed_on"],
            pledge_file=d["pledge_file"] or None,
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã thêm khối thi đua."))
    return redirect("awards:cycle", pk=cycle.pk)


@login_required
@require_POST
def cycle_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser adds a member of the emulation council."""
    cycle = _cycle_or_404(request, pk)
    if _refuse_unless_organiser(request, cycle):
        return redirect("awards:cycle", pk=cycle.pk)
    form = MemberForm(request.POST, prefix="hd")
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("awards:cycle", pk=cycle.pk)
    try:
        services.add_member(cycle, form.cleaned_data["full_name"], form.cleaned_data["role"], request.user)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã thêm thành viên hội đồng."))
    return _back_to_form(cycle, "them-hoi-dong")


@login_required
@require_POST
def cycle_decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser drafts a decision (with its proposal) for one award form."""
    cycle = _cycle_or_404(request, pk)
    if _refuse_unless_organiser(request, cycle):
        return redirect("awards:cycle", pk=cycle.pk)
    form = DecisionForm(request.POST, prefix="qd")
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("awards:cycle", pk=cycle.pk)
    d = form.cleaned_data
    try:
        decision = services.create_decision(
            cycle,
            d["award_form"],
            d["subject"],
            request.user,
            proposal_number=d["proposal_number"],
            proposal_date=d["proposal_date"],
            signer_title=d["signer_title"],
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("awards:cycle", pk=cycle.pk)
    return redirect("awards:decision", pk=decision.pk)


def _nomination_or_404(request: HttpRequest, pk: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("cycle", "award_form", "person", "report_form"), pk=pk
    )
    cycle = _cycle_or_404(request, nomination.cycle_id)  # the cycle must be readable too
    if not Nomination.objects.filter(pk=pk).readable_by(request.user).exists():
        raise Http404(_("Không tìm thấy đề nghị."))
    nomination.unit_name = nomination.unit.name_on(cycle.closing_day)  # type: ignore[attr-defined]
    return nomination


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination_or_404(request, pk)
    organiser = services.can_organise(request.user, nomination.cycle)
    withdrawn = nomination.status == Nomination.Status.WITHDRAWN
    if request.method == "POST":
        if not organiser:
            raise Http404
        form = VoteForm(request.POST, members=nomination.cycle.council.all())
        if form.is_valid():
            d = form.cleaned_data
            try:  # the service refuses a withdrawn nomination or a member of another council
                services.vote(nomination, d["member"], d["agree"], d["score"], request.user)
            except ValidationError as exc:
                _flash(request, exc)
            else:
                messages.success(request, _("Đã ghi phiếu của thành viên hội đồng."))
            return redirect("awards:nomination", pk=pk)
    else:
        form = VoteForm(members=nomination.cycle.council.all())
    award = Award.objects.filter(nomination=nomination).select_related("decision").first()
    return render(
        request,
        "awards/nomination.html",
        {
            "nomination": nomination,
            "warnings": warnings_for(nomination),
            "figures": linked_figures(nomination),
            "tasks": task_figures(nomination),
            "votes": list(nomination.votes.select_related("member")),
            "organiser": organiser,
            "vote_form": form,
            "award": award,
            "withdrawn": withdrawn,
            "can_withdraw": not withdrawn and award is None and services.can_withdraw(request.user, nomination),
            "withdraw_form": RevisionForm(initial={"revision": nomination.revision}),
        },
    )


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A writer of the nominee's unit or the organiser withdraws a nomination not yet on a decision."""
    nomination = _nomination_or_404(request, pk)
    if not services.can_withdraw(request.user, nomination):
        raise Http404
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thiếu số phiên bản của đề nghị; hãy tải lại trang và thực hiện lại."))
        return redirect("awards:nomination", pk=pk)
    try:
        services.withdraw(nomination, request.user, form.cleaned_data["revision"])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã rút đề nghị khen thưởng."))
    return redirect("awards:nomination", pk=pk)


@login_required
@require_POST
def vote_delete(request: HttpRequest, pk: int, vote: int) -> HttpResponse:
    """The organiser deletes a council member's vote on the nomination."""
    nomination = _nomination_or_404(request, pk)
    if not services.can_organise(request.user, nomination.cycle):
        raise Http404
    row = get_object_or_404(Vote.objects.select_related("member"), pk=vote, nomination=nomination)
    row.nomination = nomination
    try:
        services.delete_vote(row, request.user)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã xóa phiếu của %(name)s.") % {"name": row.member.full_name})
    return redirect("awards:nomination", pk=pk)


def _decision_or_404(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.readable_by(request.user).select_related("award_form", "meeting", "document"), pk=pk
    )
    decision.cycle = _cycle_or_404(request, decision.cycle_id)
    return decision


def _awards(decision: Decision) -> list[Award]:
    return list(
        decision.awards.select_related("person", "award_form")
        .annotate(unit_name=name_on(decision.record_date, "unit"))
        .order_by(F("person").asc(nulls_first=True), "pk")
    )


def _decision_candidates(decision: Decision) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(
            cycle=decision.cycle, award_form=decision.award_form, award__isnull=True, status=Nomination.Status.PROPOSED
        )
        .select_related("person")
        .annotate(unit_name=name_on(decision.record_date, "unit"))
    )


def _decision_meetings(request: HttpRequest) -> QuerySet[Meeting]:
    meetings = scoping.scoped(Meeting.objects.all(), request.user, field="organiser").order_by("-starts_at")[:100]
    return Meeting.objects.filter(pk__in=meetings.values("pk"))


def _organised_decision_or_404(request: HttpRequest, pk: int) -> Decision:
    """The decision, for its cycle's organiser only (404 for anyone else, as out of scope)."""
    decision = _decision_or_404(request, pk)
    if not services.can_organise(request.user, decision.cycle):
        raise Http404
    return decision


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    organiser = services.can_organise(request.user, decision.cycle)
    candidates = _decision_candidates(decision)
    return render(
        request,
        "awards/decision.html",
        {
            "decision": decision,
            "organiser": organiser,
            "awards": _awards(decision),
            "add_form": AddAwardsForm(nominations=candidates, initial={"revision": decision.revision}),
            "has_candidates": candidates.exists(),
            "comment_state": decision.cycle.comment_state(timezone.localdate()),
            "issue_form": IssueForm(
                meetings=_decision_meetings(request),
                initial={
                    "revision": decision.revision,
                    "number": decision.number,
                    "issued_on": (decision.issued_on or timezone.localdate()).strftime("%d/%m/%Y"),
                    "signer_name": decision.signer_name,
                    "meeting": decision.meeting_id,
                },
            ),
            "revoke_form": RevokeForm(initial={"revoked_on": timezone.localdate().strftime("%d/%m/%Y")}),
        },
    )


@login_required
@require_POST
def decision_add_awards(request: HttpRequest, pk: int) -> HttpResponse:
    """Put proposed nominations on the decision's list (the organiser, under the decision's revision)."""
    decision = _organised_decision_or_404(request, pk)
    form = AddAwardsForm(request.POST, nominations=_decision_candidates(decision))
    if form.is_valid():
        items = [(n, n.achievements) for n in form.cleaned_data["nominations"]]
        try:
            services.add_awards(decision, items, request.user, form.cleaned_data["revision"])
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Đã đưa vào danh sách khen thưởng."))
    else:
        _flash(request, ValidationError(list(form.non_field_errors())))
    return redirect("awards:decision", pk=pk)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the decision its number, date and signer (the organiser, under the decision's revision)."""
    decision = _organised_decision_or_404(request, pk)
    form = IssueForm(request.POST, meetings=_decision_meetings(request))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.issue(
                decision, d["number"], d["issued_on"], d["signer_name"], request.user, d["revision"], d["meeting"]
            )
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Đã ghi số, ngày ký quyết định."))
    else:
        messages.error(request, _("Hãy nhập đủ số, ngày ký và người ký (ngày dạng dd/mm/yyyy)."))
    return redirect("awards:decision", pk=pk)


@login_required
@require_POST
def decision_revoke(request: HttpRequest, pk: int, award: int) -> HttpResponse:
    """Revoke one award of the decision, with the date and the reason (the organiser)."""
    decision = _organised_decision_or_404(request, pk)
    row = get_object_or_404(decision.awards, pk=award)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke(row, form.cleaned_data["revoked_on"], form.cleaned_data["reason"], request.user)
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Đã thu hồi khen thưởng."))
    else:
        messages.error(request, _("Phải ghi ngày và lý do thu hồi."))
    return redirect("awards:decision", pk=pk)


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    return downloads.attachment(data, filename, content_type)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def decision_file(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """The decision (``docx``, ``pdf``), its certificates (``giay-khen.pdf``; ``giay-khen-phoi.pdf``/``.docx``: only
    the variable text at fixed positions, for pre-printed forms) and the proposal (``to-trinh.docx``,
    ``to-trinh.pdf``), named as on their own dates; out of scope answers 404. The proposal lists nominations
    not yet decided with the council's votes: only readers of the organiser get it (as the cycle's vote list)."""
    if what not in {
        "docx",
        "pdf",
        "giay-khen.pdf",
        "giay-khen-phoi.pdf",
        "giay-khen-phoi.docx",
        "to-trinh.docx",
        "to-trinh.pdf",
    }:
        raise Http404
    decision = _decision_or_404(request, pk)
    today = timezone.localdate()
    try:
        if what.startswith("to-trinh."):
            if not scoping.can(request.user, Capability.READ, decision.cycle.unit):
                raise Http404(_("Không tìm thấy tờ trình."))
            paper = documents_out.proposal_docx(documents_out.proposal(decision, today))
            name = downloads.filename("Tờ trình khen thưởng", decision.proposal_number, decision.subject)
            if what == "to-trinh.docx":
                return _download(paper, f"{name}.docx", DOCX)
            return _download(documents_out.pdf(paper), f"{name}.pdf", "application/pdf")
        content = documents_out.collect(decision, _awards(decision), today)
        name = downloads.filename("Quyết định khen thưởng", decision.number, decision.subject)
        if what == "docx":
            return _download(documents_out.decision_docx(content), f"{name}.docx", DOCX)
        if what == "pdf":
            return _download(documents_out.pdf(documents_out.decision_docx(content)), f"{name}.pdf", "application/pdf")
        if what.startswith("giay-khen-phoi."):  # only the variable text, for pre-printed forms
            paper = documents_out.certificates_docx(content, preprinted=True)
            if what.endswith(".docx"):
                return _download(paper, f"Giấy khen (in lên phôi) - {name}.docx", DOCX)
            return _download(documents_out.pdf(paper), f"Giấy khen (in lên phôi) - {name}.pdf", "application/pdf")
        return _download(
            documents_out.pdf(documents_out.certificates_docx(content)), f"Giấy khen - {name}.pdf", "application/pdf"
        )
    except documents_out.OfficeMissing:
        messages.error(request, _("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF."))
        return redirect("awards:decision", pk=pk)


@login_required
def unit_awards(request: HttpRequest, unit: int) -> HttpResponse:
    unit_obj = scoping.get_unit_or_404(request.user, unit)
    awards = list(
        Award.objects.filter(unit=unit_obj)
        .select_related("decision", "award_form", "person")
        .order_by("-decision__issued_on", "pk")[:MAX_ROWS]
    )
    name = unit_obj.name_on(timezone.localdate())
    return render(request, "awards/unit.html", {"unit": unit_obj, "unit_name": name, "awards": awards})


@login_required
def person_awards(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    awards = list(
        scoping.scoped(Award.objects.filter(person=person), request.user)
        .select_related("decision__cycle", "award_form")
        .order_by("-decision__issued_on", "pk")[:MAX_ROWS]
    )
    labels = names_at((a.unit_id, a.decision.record_date) for a in awards)
    for award in awards:
        award.unit_name = labels.get((award.unit_id, award.decision.record_date), "")  # type: ignore[attr-defined]
    if not awards and not Posting.objects.filter(person=person).readable_by(request.user).exists():
        raise Http404(_("Không tìm thấy cán bộ."))
    return render(request, "awards/person.html", {"person": person, "awards": awards, "today": dt.date.today()})
