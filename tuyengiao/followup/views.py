"""Task pages: a unit's board, the issuer's follow-up view (and its XLSX), a task's page with its
progress updates, the issuer's edit form, and a document's tasks (plans → tasks).

Every page reads through ``followup.access`` (scoping with lineage) and answers 404 out of scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Membership
from tuyengiao.documents.models import Document
from tuyengiao.followup import access, figures, services, spreadsheets
from tuyengiao.followup.forms import TaskForm, UpdateForm
from tuyengiao.followup.models import Task, TaskEvidence, TaskQuerySet, TaskUpdate
from tuyengiao.followup.status import LABELS, ORDER, State, status_on
from tuyengiao.lib import audit, downloads, uploads
from tuyengiao.lib.forms import as_of, parse_date
from tuyengiao.lib.revision import posted_revision
from tuyengiao.units import choices
from tuyengiao.units.models import Unit, covers, named, names, names_at

BOARD_LIMIT = 300


def _my_units(request: HttpRequest) -> list[tuple[Unit, str]]:
    """The units of the user's memberships in force today, with their names (for the unit picker)."""
    ids = set(
        Membership.objects.filter(covers(timezone.localdate()), user_id=int(request.user.pk or 0)).values_list(
            "unit_id", flat=True
        )
    )
    if not ids and request.user.is_superuser:
        ids = set(Unit.objects.filter(key="central").values_list("pk", flat=True))
    return sorted(named(ids), key=lambda item: item[1])


def _unit_from_request(request: HttpRequest, mine: list[tuple[Unit, str]]) -> Unit:
    raw = request.GET.get("don_vi", "")
    if raw.isdigit():
        return access.readable_unit_or_404(request.user, int(raw))
    if not mine:
        raise Http404(_("Bạn chưa thuộc đơn vị nào."))
    return mine[0][0]


def _with_latest_percent(tasks: TaskQuerySet) -> TaskQuerySet:
    latest = TaskUpdate.objects.filter(task=OuterRef("pk"), percent__isnull=False).order_by("-date", "-pk")
    return tasks.annotate(latest_percent=Subquery(latest.values("percent")[:1]))


@dataclass
class Column:
    state: State
    tasks: list[Task] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(LABELS[self.state])


# --- The board --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """A unit's task board on a date: its tasks and those inherited from its predecessors, in columns
    by derived status (overdue, not started, in progress, done), with search and filters."""
    mine = _my_units(request)
    unit = _unit_from_request(request, mine)
    day, date_error = as_of(request.GET)
    query = request.GET.get("q", "").strip()[:200]
    wanted = request.GET.get("trang_thai", "")
    # Its own tasks, its predecessors', and those of the units that ended under it without a successor (a
    # province's dissolved districts); still only what the user may read (``readable_by``).
    owners = figures.unit_task_owners(unit) | figures.former_owners(unit, day)
    tasks = (
        Task.objects.readable_by(request.user)
        .filter(owner_id__in=owners)
        .assigned_by(day)
        .with_status_on(day)
        .select_related("document", "meeting", "inspection")
    )
    if query:
        tasks = tasks.search(query)
    if wanted in State.__members__.values():
        tasks = tasks.filter(Q(state=wanted))
    rows = list(_with_latest_percent(tasks).order_by(F("deadline").asc(nulls_last=True), "pk")[:BOARD_LIMIT])
    partner_rows = list(
        Task.objects.readable_by(request.user)
        .filter(partners=unit)
        .assigned_by(day)
        .with_status_on(day)
        .order_by(F("deadline").asc(nulls_last=True), "pk")[:BOARD_LIMIT]
    )
    by_pk = names({unit.pk} | {t.owner_id for t in rows} | {t.issuer_id for t in rows + partner_rows}, day)
    # An inherited task names its owner as on the task's date ("Huyện ủy Krông Pắc" in 2023).
    old_names = names_at((t.owner_id, t.assigned_on) for t in rows if t.owner_id != unit.pk)
    columns = {state: Column(state) for state in ORDER}
    for task in rows:
        task.owner_name = old_names.get((task.owner_id, task.assigned_on)) or by_pk.get(task.owner_id, "")  # type: ignore[attr-defined]
        task.issuer_name = by_pk.get(task.issuer_id, "")  # type: ignore[attr-defined]
        task.inherited = task.owner_id != unit.pk  # type: ignore[attr-defined]
        columns[State(task.state)].tasks.append(task)  # type: ignore[attr-defined]
    for task in partner_rows:
        task.issuer_name = by_pk.get(task.issuer_id, "")  # type: ignore[attr-defined]
        task.state_label = LABELS[State(task.state)]  # type: ignore[attr-defined]
    context = {
        "unit": unit,
        "unit_name": by_pk.get(unit.pk) or str(unit),
        "mine": mine,
        "day": day,
        "date_error": date_error,
        "query": query,
        "wanted": wanted,
        "states": [(s.value, LABELS[s]) for s in ORDER],
        "columns": [columns[s] for s in ORDER],
        "partner_rows": partner_rows,
        "truncated": len(rows) >= BOARD_LIMIT,
        "inherited_from": sorted({t.owner_name for t in rows if t.inherited}),  # type: ignore[attr-defined]
    }
    return render(request, "followup/board.html", context)


# --- The issuer's follow-up view --------------------------------------------------------------------------------


@dataclass
class OwnerRow:
    unit_id: int
    name: str
    total: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    not_started: int = 0

    def add(self, counts: dict[str, int]) -> None:
        for key in ("total", "done", "done_late", "overdue", "in_progress", "not_started"):
            setattr(self, key, getattr(self, key) + counts[key])


@dataclass
class FollowUp:
    issuer: Unit
    issuer_name: str
    day: dt.date
    start: dt.date | None
    end: dt.date | None
    rows: list[OwnerRow]
    late: list[Task]

    @property
    def totals(self) -> OwnerRow:
        total = OwnerRow(0, _("Tổng cộng"))
        for row in self.rows:
            total.add(row.__dict__)
        return total


def follow_up(user: Any, issuer: Unit, day: dt.date, start: dt.date | None, end: dt.date | None) -> FollowUp:
    """Tasks given by ``issuer`` (and its predecessors) by ``day``, per unit holding them that day.

    Counts are one SQL statement grouped by owner; owners that ended are folded into the units holding
    their tasks on ``day`` (``figures.holders``) — a task split between successors counts for each.
    """
    tasks = Task.objects.readable_by(user).filter(issuer_id__in=figures.unit_task_owners(issuer)).assigned_by(day)
    if start:
        tasks = tasks.filter(deadline__gte=start)
    if end:
        tasks = tasks.filter(deadline__lte=end)
    tasks = tasks.with_status_on(day)
    per_owner = (
        tasks.values("owner_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(state=State.DONE.value)),
            done_late=Count("pk", filter=Q(state=State.DONE.value, done_on__gt=F("deadline"))),
            overdue=Count("pk", filter=Q(state=State.OVERDUE.value)),
            in_progress=Count("pk", filter=Q(state=State.IN_PROGRESS.value)),
            not_started=Count("pk", filter=Q(state=State.NOT_STARTED.value)),
        )
        .order_by()
    )
    counts = {row["owner_id"]: row for row in per_owner}
    holding = figures.holders(counts, day)
    holder_ids = {h for hs in holding.values() for h in hs}
    labels = names(holder_ids | {issuer.pk} | set(counts), day)
    rows: dict[int, OwnerRow] = {}
    for owner_id, row in counts.items():
        for holder in holding[owner_id]:
            rows.setdefault(holder, OwnerRow(holder, labels.get(holder, ""))).add(row)
    late = list(tasks.filter(Q(state=State.OVERDUE.value)).order_by("deadline", "pk")[:BOARD_LIMIT])
    for task in late:
        task.owner_name = labels.get(task.owner_id, "")  # type: ignore[attr-defined]
        task.days_late = (day - task.deadline).days if task.deadline else 0  # type: ignore[attr-defined]
    ordered = sorted(rows.values(), key=lambda r: (-r.overdue, r.name))
    return FollowUp(issuer, labels.get(issuer.pk) or str(issuer), day, start, end, ordered, late)


def _follow_up_from_request(request: HttpRequest) -> tuple[FollowUp, list[tuple[Unit, str]]]:
    mine = _my_units(request)
    issuer = _unit_from_request(request, mine)
    day = as_of(request.GET)[0]
    start = parse_date(request.GET.get("tu"), dt.date.min) if request.GET.get("tu") else None
    end = parse_date(request.GET.get("den"), dt.date.max) if request.GET.get("den") else None
    return follow_up(request.user, issuer, day, start, end), mine


@login_required
@require_GET
def follow_up_view(request: HttpRequest) -> HttpResponse:
    """For the issuing unit: per unit holding its tasks, how many are done, overdue, not started; who is late."""
    data, mine = _follow_up_from_request(request)
    context = {"data": data, "mine": mine, "query": request.GET.urlencode(), "date_error": as_of(request.GET)[1]}
    return render(request, "followup/follow_up.html", context)


@login_required
@require_GET
def follow_up_xlsx(request: HttpRequest) -> HttpResponse:
    data, _mine = _follow_up_from_request(request)
    return downloads.attachment(
        spreadsheets.follow_up_xlsx(data),
        downloads.filename("Theo dõi nhiệm vụ", f"{data.day:%d-%m-%Y}", ext="xlsx"),
        downloads.XLSX,
    )


# --- A task -----------------------------------------------------------------------------------------------------


def _task_or_404(request: HttpRequest, pk: int) -> Task:
    task = (
        Task.objects.readable_by(request.user)
        .select_related("owner", "issuer", "document", "meeting", "inspection", "created_by")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return task


def meeting_url(task: Task) -> str:
    """The meeting's page, once the meetings area has one."""
    try:
        return reverse("meetings:detail", args=[task.meeting_id])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task: its source, owner, partners, dates, derived status, updates with evidence, history."""
    task = _task_or_404(request, pk)
    today = timezone.localdate()
    updates = list(
        task.updates.select_related("created_by").prefetch_related(Prefetch("evidence", TaskEvidence.objects.all()))
    )
    first = min((u.date for u in updates), default=None)
    state = status_on(today, deadline=task.deadline, done_on=task.done_on, stored=task.status, first_update_on=first)
    partners = list(task.partners.all())
    holders = figures.holders([task.owner_id], today)[task.owner_id]
    ids = {task.owner_id, task.issuer_id, *holders, *(p.pk for p in partners)}
    labels = names(ids)
    can_report = access.can_report(request.user, task)
    can_manage = access.can_manage(request.user, task)
    context = {
        "task": task,
        "state": state,
        "state_label": LABELS[state],
        "owner_name": labels.get(task.owner_id, ""),
        "issuer_name": labels.get(task.issuer_id, ""),
        "holders": [labels.get(h, "") for h in sorted(holders) if h != task.owner_id],
        "partners": [labels.get(p.pk) or str(p) for p in partners],
        "updates": updates,
        "meeting_url": meeting_url(task) if task.meeting_id else "",
        "can_report": can_report,
        "can_manage": can_manage,
        "form": UpdateForm(initial={"date": today, "revision": task.revision}) if can_report else None,
        "max_attachment_mb": services.document_services.MAX_ATTACHMENT_BYTES // 1024 // 1024,
        "entries": audit.entries(
            task.history.select_related("history_user"),
            TaskUpdate.history.filter(task_id=task.pk).select_related("history_user"),
        ),
    }
    return render(request, "followup/detail.html", context)


@login_required
@require_POST
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a progress update (with evidence files), optionally marking the task done."""
    task = _task_or_404(request, pk)
    if not access.can_report(request.user, task):
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    form = UpdateForm(request.POST, request.FILES)
    if refused := uploads.too_large_message(request):
        messages.error(request, refused)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            services.add_update(
                task,
                user=request.user if request.user.is_authenticated else None,
                date=data["date"],
                text=data["text"],
                percent=data["percent"],
                files=data["evidence"],
                mark_done=data["mark_done"],
                expected_revision=data["revision"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Đã ghi nhận hoàn thành nhiệm vụ.") if data["mark_done"] else _("Đã cập nhật tiến độ.")
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("followup:detail", args=[task.pk]) + "#cap-nhat")


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    if not access.can_manage(request.user, task):
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    try:
        services.reopen_task(task, expected_revision=posted_revision(request.POST))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã mở lại nhiệm vụ."))
    return redirect(task)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    task = _task_or_404(request, pk)
    evidence = get_object_or_404(TaskEvidence, pk=file_pk, update__task=task)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp không còn trên máy chủ.")) from exc
    return downloads.file_attachment(handle, evidence.original_name, evidence.content_type)


def _save_task_form(request: HttpRequest, form: TaskForm, task: Task) -> Task | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    task.title, task.description = data["title"].strip(), data["description"].strip()
    task.owner, task.assigned_on, task.deadline = data["owner"], data["assigned_on"], data["deadline"]
    try:
        return services.save_task(task, partners=data["partners"], expected_revision=data.get("revision"))
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The issuer changes the task (title, owner, partners, dates); a stale form is refused."""
    task = _task_or_404(request, pk)
    if not access.can_manage(request.user, task):
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    if request.method == "POST":
        form = TaskForm(request.POST, issuer=task.issuer, user=request.user, task=task)
        if (saved := _save_task_form(request, form, task)) is not None:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(saved)
    else:
        form = TaskForm(initial=TaskForm.initial_for(task), issuer=task.issuer, user=request.user, task=task)
    context = {"form": form, "task": task, "unit_sources": choices.sources(form)}
    return render(request, "followup/task_form.html", context)


# --- Plans → tasks ----------------------------------------------------------------------------------------------


@login_required
def document_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """A registry document's tasks (a plan's tasks); its owner unit's writers add them here."""
    document = Document.objects.readable_by(request.user).select_related("owner").filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy văn bản."))
    # The tasks' date is chosen in the form (checked there); the page opens for a unit writable on some day.
    can_create = scoping.may_write_some_day(request.user, document.owner)
    form = None
    if can_create:
        if request.method == "POST":
            form = TaskForm(request.POST, issuer=document.owner, user=request.user)
            task = Task(document=document, issuer=document.owner, created_by=request.user)  # type: ignore[misc]
            if _save_task_form(request, form, task) is not None:
                owner_name = form.fields["owner"].names.get(task.owner_id, "")  # type: ignore[attr-defined]
                messages.success(request, _("Đã giao nhiệm vụ cho %(unit)s.") % {"unit": owner_name})
                return redirect(reverse("followup:document_tasks", args=[document.pk]))
        else:
            form = TaskForm(
                initial={"assigned_on": document.issue_date or timezone.localdate()},
                issuer=document.owner,
                user=request.user,
            )
    elif request.method == "POST":
        raise Http404(_("Không tìm thấy văn bản."))
    today = timezone.localdate()
    rows = list(
        Task.objects.readable_by(request.user)
        .filter(document=document)
        .with_status_on(today)
        .order_by("deadline", "pk")
    )
    labels = names({t.owner_id for t in rows} | {document.owner_id})
    counts: dict[str, int] = defaultdict(int)
    for task in rows:
        task.owner_name = labels.get(task.owner_id, "")  # type: ignore[attr-defined]
        task.state_label = LABELS[State(task.state)]  # type: ignore[attr-defined]
        counts[task.state] += 1  # type: ignore[attr-defined]
    context = {
        "document": document,
        "owner_name": labels.get(document.owner_id, ""),
        "rows": rows,
        "counts": [(LABELS[s], counts.get(s.value, 0), s.value) for s in ORDER],
        "form": form,
        "unit_sources": choices.sources(form) if form is not None else [],
    }
    return render(request, "followup/document_tasks.html", context)
