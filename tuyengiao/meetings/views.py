"""Pages of the meetings area: list, detail, create and edit (one editor for everything a meeting
holds), the speech files and the meeting papers (invitation, attendance sheet, notice of conclusions).

Reading (``Meeting.objects.readable_by``): a meeting is visible to users whose scope covers its organiser (the
organiser's subtree and superiors, as usual), to units **below** the organiser (a commune sees the
meetings of its province's committee and commission, like internal documents through
``scoping.shared_down_filter``: the commission's conferences concern the whole province), and to
units that joined it as a bridge point. Out of scope answers 404. Writing (creating, correcting) needs the
write scope on the organiser for the meeting's date (``scoping.can_write``): a successor writes its
predecessors' meetings dated before the merger.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, Membership, User
from tuyengiao.awards.models import Decision
from tuyengiao.documents.models import Document
from tuyengiao.followup.status import State
from tuyengiao.lib import downloads, officedoc, uploads
from tuyengiao.lib.ordinals import ordinal_phrase
from tuyengiao.lib.text import fold
from tuyengiao.meetings import papers, services
from tuyengiao.meetings.forms import (
    FORMSETS,
    PREFIXES,
    DocumentFormSet,
    MeetingForm,
    row_units,
)
from tuyengiao.meetings.models import BridgePoint, CalendarFeed, Meeting, Speech, new_token
from tuyengiao.units import choices, tree
from tuyengiao.units.models import UnitVersion, covers, named, names

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


# --- Scope --------------------------------------------------------------------------------------------------------


def can_write(user: Any, meeting: Meeting) -> bool:
    """May ``user`` correct ``meeting`` (write scope on its organiser on its date)?"""
    return scoping.can_write(user, meeting.organiser_id, meeting.date)


def with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Speeches shown: the reported count, or the speeches recorded one by one when there are more."""
    return meetings.annotate(
        recorded_speeches=Count("speeches", distinct=True),
        bridge_count=Count("bridge_points", distinct=True),
    ).annotate(speeches_count=Greatest(Coalesce(F("speeches_reported"), 0), F("recorded_speeches")))


def _meeting_or_404(queryset: QuerySet[Meeting], pk: int) -> Meeting:
    meeting = queryset.select_related("organiser", "report_form").filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("Không tìm thấy hội nghị."))
    return meeting


# --- List ---------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings in scope, newest first; ``q`` searches titles without accents, ``loai`` kind, ``nam`` year,
    ``don_vi`` a unit (meetings it or its subtree organised, or joined as a bridge point)."""
    get = request.GET
    meetings: QuerySet[Meeting] = Meeting.objects.readable_by(request.user)
    query = get.get("q", "").strip()[:200]
    kind = get.get("loai", "") if get.get("loai", "") in Meeting.Kind.values else ""
    year_text = get.get("nam", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    unit = None
    if (unit_text := get.get("don_vi", "").strip()).isdigit():
        unit = scoping.get_unit_or_404(request.user, int(unit_text), Capability.READ)
    for word in fold(query).split():
        meetings = meetings.filter(search_text__contains=word)
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(starts_at__year=year)
    if unit is not None:
        subtree = tree.subtree_ids({unit.pk}, timezone.localdate())
        joined = BridgePoint.objects.filter(unit_id__in=subtree).values("meeting_id")
        meetings = meetings.filter(Q(organiser_id__in=subtree) | Q(pk__in=joined))
    meetings = with_counts(meetings).order_by("-starts_at", "-pk")
    page = Paginator(meetings, PAGE_SIZE).get_page(get.get("trang"))
    rows = list(page.object_list)
    organisers = names({m.organiser_id for m in rows})
    units = named(scoping.root_ids(request.user, Capability.READ))
    context = {
        "page": page,
        "rows": [(m, organisers.get(m.organiser_id, "")) for m in rows],
        "query": query,
        "kind": kind,
        "year": year_text if year else "",
        "unit": unit,
        "units": sorted(units, key=lambda item: item[1]),
        "kinds": Meeting.Kind.choices,
        "can_create": bool(scoping.root_ids(request.user, Capability.WRITE)) or request.user.is_superuser,
        "filtered": bool(query or kind or year or unit),
    }
    return render(request, "meetings/list.html", context)


# --- Detail -------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(with_counts(Meeting.objects.readable_by(request.user)), pk)
    bridge_points = list(meeting.bridge_points.select_related("unit"))
    speeches = list(meeting.speeches.select_related("unit"))
    today = timezone.localdate()
    # Each task's status on the day shown, by the task board's rule (``followup.status``): "Quá hạn" is derived.
    tasks = list(meeting.tasks.with_status_on(today).select_related("owner").order_by("number", "pk"))
    for task in tasks:  # "Một là, tiếp tục …", as the notice prints it
        task.clause = papers.clause(task.title) if task.number else task.title  # type: ignore[attr-defined]
    by_pk = names(
        {meeting.organiser_id}
        | {b.unit_id for b in bridge_points}
        | {s.unit_id for s in speeches if s.unit_id}
        | {t.owner_id for t in tasks},
        meeting.date,
    )
    readable_docs = Document.objects.readable_by(request.user)
    documents = list(meeting.documents.filter(pk__in=readable_docs.values("pk")).order_by("issue_date", "code"))
    awards = list(
        Decision.objects.filter(meeting=meeting)
        .readable_by(request.user)
        .with_counts()
        .select_related("award_form")
        .order_by("issued_on", "pk")
    )
    context = {
        "meeting": meeting,
        "organiser_name": by_pk.get(meeting.organiser_id, ""),
        "chairs": list(meeting.chairs.all()),
        "guests": list(meeting.guests.all()),
        "agenda": list(meeting.agenda.all()),
        "bridge_points": [(b, by_pk.get(b.unit_id, "")) for b in bridge_points],
        "speeches": [(s, by_pk.get(s.unit_id, "") if s.unit_id else s.unit_text) for s in speeches],
        "tasks": [
            (t, ordinal_phrase(t.number) if t.number else "", by_pk.get(t.owner_id, ""), State(t.state))  # type: ignore[attr-defined]
            for t in tasks
        ],
        "status_day": today,
        "documents": documents,
        "awards": awards,
        # None when no attendance was recorded anywhere (shown as "Chưa ghi", not as 0 people)
        "total_attendees": (
            None
            if meeting.attendees is None and all(b.attendees is None for b in bridge_points)
            else (meeting.attendees or 0) + sum(b.attendees or 0 for b in bridge_points)
        ),
        "can_write": can_write(request.user, meeting),
        "report_url": meeting.reviewed_report_url(),
    }
    return render(request, "meetings/detail.html", context)


# --- Create and edit ----------------------------------------------------------------------------------------------


def _editor(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    user = request.user
    readable_docs = Document.objects.readable_by(user)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = MeetingForm(data, instance=meeting, user=user)
    units = row_units(user, form.meeting_date, meeting)
    formsets = {}
    for name, factory in FORMSETS.items():
        kwargs: dict[str, Any] = {"units": units, "readable": readable_docs}
        queryset: QuerySet[Any] | None = None
        if name == "tasks":
            queryset = meeting.tasks.order_by("number", "pk") if meeting.pk else None
        formsets[name] = factory(
            data,
            files,
            instance=meeting,
            prefix=PREFIXES[name],
            form_kwargs=kwargs,
            **({"queryset": queryset} if queryset is not None else {}),
        )
    initial_docs = (
        [{"document": d.code} for d in meeting.documents.order_by("issue_date", "code")] if meeting.pk else []
    )
    documents = DocumentFormSet(
        data, prefix=PREFIXES["documents"], initial=initial_docs, form_kwargs={"readable": readable_docs}
    )
    for number, row in enumerate(formsets["tasks"].forms, start=1):
        row.ordinal = ordinal_phrase(number)
    refused = uploads.too_large_message(request)
    if refused:
        messages.error(request, refused)
    if data is not None and not refused:
        valid = form.is_valid() and all(f.is_valid() for f in formsets.values()) and documents.is_valid()
        if valid:
            chosen = [
                f.cleaned_data["document"]
                for f in documents.forms
                if f.cleaned_data.get("document") and not f.cleaned_data.get("DELETE")
            ]
            try:
                saved = services.save_meeting(
                    form,
                    formsets,
                    documents=list(dict.fromkeys(chosen)),
                    expected_revision=form.cleaned_data.get("revision"),
                    user=user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu hội nghị “%(title)s”.") % {"title": saved.title})
                return redirect(saved)
        else:
            messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi bên dưới."))
    suggestions = list(readable_docs.order_by("-issue_date").only("code", "subject")[:300])
    context = {
        "form": form,
        "formsets": formsets,
        "documents": documents,
        "meeting": meeting if meeting.pk else None,
        "suggestions": suggestions,
        "ordinals": [ordinal_phrase(n) for n in range(1, 31)],
        "unit_sources": choices.sources(form, *formsets.values()),
    }
    return render(request, "meetings/form.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not scoping.root_ids(request.user, Capability.WRITE) and not request.user.is_superuser:
        raise Http404(_("Bạn không có quyền ghi hội nghị."))
    return _editor(request, Meeting())


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(Meeting.objects.readable_by(request.user), pk)
    if not can_write(request.user, meeting):
        raise Http404(_("Không tìm thấy hội nghị."))
    return _editor(request, meeting)


# --- Files --------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def speech_file(request: HttpRequest, pk: int, speech_pk: int) -> FileResponse:
    meeting = _meeting_or_404(Meeting.objects.readable_by(request.user), pk)
    speech = Speech.objects.filter(pk=speech_pk, meeting=meeting).exclude(file="").first()
    if speech is None:
        raise Http404(_("Không tìm thấy tệp."))
    return downloads.file_attachment(
        speech.file.open("rb"),
        speech.original_name or downloads.filename("Tham luận", speech.title, ext=speech.extension or "bin"),
        speech.content_type,
    )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    return downloads.attachment(data, filename, content_type)


@login_required
@require_GET
def invitation_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(Meeting.objects.readable_by(request.user), pk)
    return _download(papers.invitation(meeting), DOCX, downloads.filename("Giấy mời", meeting.title, ext="docx"))


@login_required
@require_GET
def attendance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(Meeting.objects.readable_by(request.user), pk)
    return _download(
        papers.attendance(meeting), XLSX, downloads.filename("Danh sách đại biểu", meeting.title, ext="xlsx")
    )


@login_required
@require_GET
def conclusions_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(Meeting.objects.readable_by(request.user), pk)
    return _download(
        papers.conclusions(meeting), DOCX, downloads.filename("Thông báo kết luận", meeting.title, ext="docx")
    )


@login_required
@require_GET
def conclusions_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice of conclusions as PDF: the same DOCX converted by LibreOffice (as the consolidated report)."""
    meeting = _meeting_or_404(Meeting.objects.readable_by(request.user), pk)
    try:
        data = officedoc.pdf_from_docx(papers.conclusions(meeting))
    except officedoc.OfficeMissing:
        messages.error(request, _("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF. Hãy tải bản Word (DOCX)."))
        return redirect(meeting)
    except (subprocess.SubprocessError, OSError):
        messages.error(request, _("Chuyển sang PDF không thành công. Hãy thử lại hoặc tải bản Word (DOCX)."))
        return redirect(meeting)
    return _download(data, PDF, downloads.filename("Thông báo kết luận", meeting.title, ext="pdf"))


def month_of(text: str, today: dt.date) -> dt.date:
    """The first day of the month "2025-08" (or of today's month)."""
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


# --- Calendar and iCalendar feed ----------------------------------------------------------------------------------


@login_required
@require_GET
def calendar_month(request: HttpRequest) -> HttpResponse:
    """A unit's month: its meetings (organised or joined), task deadlines and report deadlines.
    ``don_vi`` the unit (default: the user's first unit), ``thang`` "YYYY-MM"."""
    from tuyengiao.meetings import calendars

    user = request.user
    today = timezone.localdate()
    # The units offered: the user's read roots that exist today (not the predecessors they took over).
    living = set(
        UnitVersion.objects.filter(covers(today), unit_id__in=scoping.root_ids(user, Capability.READ)).values_list(
            "unit_id", flat=True
        )
    )
    units = sorted(named(living, today), key=lambda item: item[1])
    unit_text = request.GET.get("don_vi", "").strip()
    if unit_text.isdigit():
        unit = scoping.get_unit_or_404(user, int(unit_text), Capability.READ)
    elif units:
        # The user's own unit first (a commission's staff: the commission), never a dissolved one.
        own = set(Membership.objects.filter(covers(today), user_id=user.pk or 0).values_list("unit_id", flat=True))
        mine = [u for u, _n in units if u.pk in own]
        direct = [u for u in mine if u.kind == "commission"] or mine or [u for u, _n in units if u.kind == "commission"]
        unit = (direct or [u for u, _n in units])[0]
    else:
        raise Http404(_("Không tìm thấy đơn vị."))
    first = month_of(request.GET.get("thang", ""), timezone.localdate())
    entries = calendars.month_entries(Meeting.objects.readable_by(user), unit, first)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "unit": unit,
        "unit_name": unit.name_on(timezone.localdate()),
        "units": units,
        "first": first,
        "weeks": [[(day, entries.get(day, []) if day else []) for day in week] for week in calendars.month_grid(first)],
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}",
        "today": timezone.localdate(),
        "weekdays": ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
    }
    return render(request, "meetings/calendar.html", context)


@login_required
@require_GET
def feed_settings(request: HttpRequest) -> HttpResponse:
    """Show the user's secret feed address, with the forms that create, regenerate or revoke it."""
    user = request.user
    assert isinstance(user, User)
    feed = CalendarFeed.objects.filter(user=user).first()
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token])) if feed else ""
    return render(request, "meetings/feed_settings.html", {"feed": feed, "feed_url": url})


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """A new secret feed address for the user; the old one (if any) stops working."""
    user = request.user
    assert isinstance(user, User)
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        CalendarFeed.objects.create(user=user)
    else:
        feed.token = new_token()
        feed.save()
    messages.success(request, _("Đã tạo địa chỉ lịch mới; địa chỉ cũ (nếu có) không còn dùng được."))
    return redirect("meetings:feed_settings")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    """Revoke the user's feed address."""
    user = request.user
    assert isinstance(user, User)
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        messages.success(request, _("Đã thu hồi địa chỉ lịch."))
    return redirect("meetings:feed_settings")


@require_GET
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of the token's user, without a session (calendar clients cannot log in)."""
    from tuyengiao.meetings import calendars

    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404(_("Không tìm thấy lịch."))
    base = request.build_absolute_uri("/").rstrip("/")
    response = downloads.attachment(
        calendars.feed(feed.user, base), "tuyengiao.ics", "text/calendar; charset=utf-8", inline=True
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
