"""The home page's work list: what needs the signed-in user, each entry a link, most urgent first.

Sections (each shown only to the roles it concerns, each a bounded number of queries, every query through the
scoping module or the user's own memberships):

* ``to_submit``: reports the user's own units must send (a role that writes, a unit that submits the form):
  every period of the last twelve months whose report is not sent yet, and the running one, newest first. A
  period is listed only when the unit existed at its end and a version of the form covers it
  (``services.reportable``'s rule, computed here for all periods at once).
* ``returned``: the units' reports sent back, with the reviewer's reason (the latest return or reopening).
* ``review``: reports waiting for the user's acceptance, counted per form and period, each a link to the review
  queue filtered to that form and period (``services.waiting_for_review``, the queue's own query).
* ``tasks``: tasks the user's units hold (their own, and those of the predecessors they took over), overdue or
  due in the next ``TASK_HORIZON_DAYS`` days.
* ``meetings``: conferences of the next ``MEETING_HORIZON_DAYS`` days organised by the user's units or with a
  bridge point at one of them (with that bridge point's venue).
* ``plans``: dissemination plans of the user's scope still open today (started, deadline not passed).
* ``to_relay``: guidance and bulletins sent to the user's units not yet relayed to their cells (``outputs``).
* ``portal``: portal articles waiting for the user (``portal``): submitted ones on the portals the user publishes
  (``portal.access``), and the user's own drafts an editor sent back, with the editor's note.
* ``emulation``: emulation cycles the user's units take part in with a step open today: registration, the
  public-comment window, nominations waiting for the council's votes (for the organiser).

Leaders (a role that approves) also get ``Glance``: completeness of each form for the unit they review, in the
latest closed period that has data in their scope, and the units with the most overdue tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, User
from tuyengiao.lib.periods import Period, PeriodType, current, last_closed, periods_between
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, UnitVersion, names

TASK_HORIZON_DAYS = 14
MEETING_HORIZON_DAYS = 21
LOOKBACK_DAYS = 366
PER_SECTION = 12  # entries shown per section; the section's link leads to the rest


@dataclass
class Entry:
    text: str
    url: str
    note: str = ""  # a second line: a deadline, a reason, a venue
    tone: str = ""  # "danger" (overdue, returned), "warning" (due soon), "" otherwise
    when: dt.date | None = None


@dataclass
class Section:
    key: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""
    total: int = 0

    def __post_init__(self) -> None:
        self.total = self.total or len(self.entries)


@dataclass
class Glance:
    completeness: list[tuple[str, str, int, int, str]]  # form name, period label, submitted, expected, link
    overdue_by_unit: list[tuple[str, int]]  # unit name, overdue tasks


@dataclass
class WorkList:
    sections: list[Section]
    glance: Glance | None

    @property
    def empty(self) -> bool:
        return not any(s.entries for s in self.sections)


def _days(n: int) -> str:
    return _("%(n)d ngày") % {"n": n}


def _own_write_units(user: User) -> set[int]:
    return scoping.root_ids(user, Capability.WRITE) if not user.is_superuser else set()


def to_submit(user: User, today: dt.date) -> Section:
    from tuyengiao.reports import services
    from tuyengiao.reports.models import Form, Report

    section = Section("to_submit", _("Báo cáo cần gửi"), more_url=reverse("reports:list"))
    own = _own_write_units(user)
    if not own:
        return section
    forms = list(Form.objects.prefetch_related("versions").order_by("name"))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=own)}
    spans: dict[int, list[tuple[dt.date | None, dt.date | None]]] = {}
    for unit_id, start, end in UnitVersion.objects.filter(unit_id__in=own).values_list(
        "unit_id", "valid_from", "valid_to"
    ):
        spans.setdefault(unit_id, []).append((start, end))

    def existed(unit_id: int, day: dt.date) -> bool:
        return any((a is None or a <= day) and (b is None or day < b) for a, b in spans.get(unit_id, []))

    wanted: list[tuple[Form, int, Period, dt.date | None]] = []
    for form in forms:
        submitters = [pk for pk, unit in units.items() if form.submitted_by(unit)]
        if not submitters:
            continue
        period_type = PeriodType(form.period_type)
        closed = last_closed(period_type, today)
        running = current(period_type, today)
        periods = [
            p
            for p in periods_between(period_type, today - dt.timedelta(days=LOOKBACK_DAYS), closed.end)
            if p.end <= closed.end
        ]
        if running is not None and running.start <= today:
            periods.append(running)
        for period in periods:
            if form.version_for(period) is None:
                continue
            deadline = services.deadline_of(form, period)
            for unit_id in submitters:
                if existed(unit_id, period.end):
                    wanted.append((form, unit_id, period, deadline))
    if not wanted:
        return section
    sent = set(
        Report.objects.filter(
            unit_id__in={u for _f, u, _p, _d in wanted},
            period__in={p.code for _f, _u, p, _d in wanted},
            status__in=[Report.Status.SUBMITTED, Report.Status.ACCEPTED],
        ).values_list("form_id", "unit_id", "period")
    )
    drafts = set(
        Report.objects.filter(
            unit_id__in={u for _f, u, _p, _d in wanted},
            period__in={p.code for _f, _u, p, _d in wanted},
            status=Report.Status.DRAFT,
        ).values_list("form_id", "unit_id", "period")
    )
    unit_names = names({u for _f, u, _p, _d in wanted}, today)
    rows = []
    for form, unit_id, period, deadline in wanted:
        key = (form.pk, unit_id, period.code)
        if key in sent:
            continue
        late = deadline is not None and deadline < today
        if deadline is None:
            note = _("Chưa có hạn nộp")
        elif late:
            note = _("Quá hạn %(days)s (hạn %(day)s)") % {
                "days": _days((today - deadline).days),
                "day": f"{deadline:%d/%m/%Y}",
            }
        else:
            note = _("Hạn nộp %(day)s") % {"day": f"{deadline:%d/%m/%Y}"}
        if key in drafts:
            note += " · " + _("đang soạn")
        tone = "danger" if late else ("warning" if deadline and (deadline - today).days <= 7 else "")
        text = _("%(form)s – %(period)s") % {"form": form.name, "period": period.label}
        if len(own) > 1:
            text += f" ({unit_names.get(unit_id, '')})"
        url = reverse("reports:entry", args=[unit_id, form.code, period.code])
        rows.append((period.start, form.name, Entry(text, url, note, tone, deadline)))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)  # newest first, as every section
    section.entries = [r[2] for r in rows[:PER_SECTION]]
    section.total = len(rows)
    section.more_label = _("Tất cả báo cáo của đơn vị")
    return section


def returned(user: User, today: dt.date) -> Section:
    from tuyengiao.reports.models import Report, ReportAction

    section = Section("returned", _("Báo cáo bị trả lại"))
    own = _own_write_units(user)
    if not own:
        return section
    reason = (
        ReportAction.objects.filter(
            report=OuterRef("pk"), action__in=[ReportAction.Action.RETURN, ReportAction.Action.REOPEN]
        )
        .order_by("-pk")
        .values("comment")[:1]
    )
    reports = list(
        Report.objects.filter(unit_id__in=own, status=Report.Status.RETURNED)
        .select_related("form")
        .annotate(reason=Subquery(reason))
        .order_by("-period_start", "pk")[:PER_SECTION]
    )
    for report in reports:
        text = _("%(form)s – %(period)s") % {"form": report.form.name, "period": report.period_obj.label}
        note = _("Lý do: %(reason)s") % {"reason": report.reason or "–"}
        url = reverse("reports:entry", args=[report.unit_id, report.form.code, report.period])
        section.entries.append(Entry(text, url, note, "danger"))
    return section


def review(user: User, today: dt.date) -> Section:
    from tuyengiao.reports import services

    section = Section("review", _("Báo cáo chờ bạn tiếp nhận"), more_url=reverse("reports:queue"))
    if not scoping.root_ids(user, Capability.APPROVE) and not user.is_superuser:
        return section
    counts = list(
        services.waiting_for_review(user)
        .values("form__code", "form__name", "period", "period_start")
        .annotate(n=Count("pk"))
        .order_by("-period_start", "form__name")
    )
    for row in counts:
        period = Period.parse(row["period"])
        query = urlencode({"mau": row["form__code"], "ky": row["period"]})
        text = _("%(form)s – %(period)s") % {"form": row["form__name"], "period": period.label}
        note = _("%(n)d báo cáo chờ tiếp nhận") % {"n": row["n"]}
        section.entries.append(Entry(text, f"{reverse('reports:queue')}?{query}", note, "warning"))
    section.total = sum(row["n"] for row in counts)
    section.more_label = _("Mở hàng chờ duyệt")
    return section


def tasks(user: User, today: dt.date) -> Section:
    from tuyengiao.followup.models import Task

    section = Section("tasks", _("Nhiệm vụ đến hạn và quá hạn"), more_url=reverse("followup:list"))
    own = _own_write_units(user)
    if not own:
        return section
    holders = own | tree.lineage_ids(own, "back")
    due = (
        Task.objects.filter(
            owner_id__in=holders, deadline__isnull=False, deadline__lte=today + dt.timedelta(days=TASK_HORIZON_DAYS)
        )
        .exclude(status=Task.Status.DONE)
        .order_by("deadline", "pk")
    )
    total = due.count()
    for task in due[:PER_SECTION]:
        assert task.deadline is not None
        late = task.deadline < today
        if late:
            note = _("Quá hạn %(days)s (hạn %(day)s)") % {
                "days": _days((today - task.deadline).days),
                "day": f"{task.deadline:%d/%m/%Y}",
            }
        else:
            note = _("Hạn %(day)s") % {"day": f"{task.deadline:%d/%m/%Y}"}
        title = task.title if len(task.title) <= 160 else task.title[:157] + "…"
        section.entries.append(
            Entry(
                title, reverse("followup:detail", args=[task.pk]), note, "danger" if late else "warning", task.deadline
            )
        )
    section.total = total
    section.more_label = _("Tất cả nhiệm vụ")
    return section


def meetings(user: User, today: dt.date) -> Section:
    from tuyengiao.meetings.models import BridgePoint, Meeting

    section = Section("meetings", _("Hội nghị sắp tới"), more_url=reverse("meetings:calendar"))
    own = scoping.root_ids(user, Capability.READ) if not user.is_superuser else set()
    memberships = set(user.memberships.values_list("unit_id", flat=True))
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=MEETING_HORIZON_DAYS + 1)
    bridge = BridgePoint.objects.filter(meeting=OuterRef("pk"), unit_id__in=memberships)
    upcoming = (
        Meeting.objects.readable_by(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .filter(
            Q(organiser_id__in=own | memberships)
            | Q(pk__in=BridgePoint.objects.filter(unit_id__in=memberships).values("meeting_id"))
        )
        .annotate(bridge_venue=Subquery(bridge.values("venue")[:1]))
        .order_by("starts_at", "pk")
    )
    for meeting in upcoming[:PER_SECTION]:
        local = timezone.localtime(meeting.starts_at)
        note = f"{local:%H:%M %d/%m/%Y}" if meeting.timed else f"{local:%d/%m/%Y}"
        venue = meeting.bridge_venue or meeting.venue  # type: ignore[attr-defined]
        if meeting.bridge_venue:  # type: ignore[attr-defined]
            note += " · " + _("điểm cầu của đơn vị: %(venue)s") % {"venue": venue}
        elif venue:
            note += f" · {venue}"
        section.entries.append(
            Entry(meeting.title, reverse("meetings:detail", args=[meeting.pk]), note, "", local.date())
        )
    section.more_label = _("Lịch hội nghị")
    return section


def plans(user: User, today: dt.date) -> Section:
    from tuyengiao.dissemination.models import DisseminationPlan

    section = Section(
        "plans", _("Kế hoạch học tập, quán triệt đang thực hiện"), more_url=reverse("dissemination:overview")
    )
    open_plans = (
        DisseminationPlan.objects.readable_by(user)
        .filter(starts_on__lte=today, deadline__gte=today)
        .select_related("document")
        .order_by("deadline", "pk")
    )
    for plan in open_plans[:PER_SECTION]:
        left = (plan.deadline - today).days
        note = _("Hạn hoàn thành %(day)s (còn %(days)s)") % {"day": f"{plan.deadline:%d/%m/%Y}", "days": _days(left)}
        text = str(plan.document)
        section.entries.append(
            Entry(
                text,
                reverse("dissemination:document", args=[plan.document_id]),
                note,
                "warning" if left <= 7 else "",
                plan.deadline,
            )
        )
    section.more_label = _("Tình hình học tập, quán triệt")
    return section


def emulation(user: User, today: dt.date) -> Section:
    from tuyengiao.awards.models import EmulationCycle, Nomination

    section = Section("emulation", _("Thi đua, khen thưởng đang mở"), more_url=reverse("awards:list"))
    cycles = list(
        EmulationCycle.objects.readable_by(user)
        .filter(year__gte=today.year - 1)
        .filter(
            Q(registration_until__gte=today)
            | Q(comment_from__lte=today, comment_to__gte=today)
            | Q(comment_from__gt=today)
        )
        .annotate(waiting=Count("nominations", filter=Q(nominations__status=Nomination.Status.PROPOSED), distinct=True))
        .order_by("year", "pk")[:PER_SECTION]
    )
    writable = scoping.root_ids(user, Capability.WRITE)
    for cycle in cycles:
        url = reverse("awards:cycle", args=[cycle.pk])
        if cycle.registration_until and cycle.registration_until >= today:
            note = _("Đăng ký thi đua đến hết %(day)s") % {"day": f"{cycle.registration_until:%d/%m/%Y}"}
            section.entries.append(Entry(cycle.title, url, note, "warning", cycle.registration_until))
        state = cycle.comment_state(today)
        if state == "open":
            assert cycle.comment_to is not None
            note = _("Đang lấy ý kiến công khai đến hết %(day)s") % {"day": f"{cycle.comment_to:%d/%m/%Y}"}
            section.entries.append(Entry(cycle.title, url, note, "warning", cycle.comment_to))
        elif cycle.waiting and (user.is_superuser or cycle.unit_id in writable):  # type: ignore[attr-defined]
            note = _("%(n)d đề nghị khen thưởng chờ hội đồng bỏ phiếu") % {"n": cycle.waiting}  # type: ignore[attr-defined]
            section.entries.append(Entry(cycle.title, url, note, ""))
    section.more_label = _("Các đợt thi đua")
    return section


def to_relay(user: User, today: dt.date) -> Section:
    """Guidance and bulletins sent to the user's units in the last year that they have not yet relayed to their
    cells (``outputs``): the receiving side only (``services.can_acknowledge``'s rule: not the issuer's staff)."""
    from tuyengiao.outputs.models import Recipient

    section = Section("outputs", _("Định hướng, bản tin cần phổ biến"), more_url=reverse("outputs:archive"))
    section.more_label = _("Định hướng tuyên truyền, bản tin")
    if user.is_superuser or not _own_write_units(user):
        return section
    pending = (
        Recipient.objects.filter(scoping.unit_filter(user, Capability.WRITE, today, "unit"))
        .exclude(scoping.unit_filter(user, Capability.WRITE, today, "issue__issuer"))
        .filter(relayed_on__isnull=True, issue__issued_on__gte=today - dt.timedelta(days=LOOKBACK_DAYS))
        .select_related("issue")
        .order_by("issue__issued_on", "pk")
    )
    section.total = pending.count()
    for row in pending[:PER_SECTION]:
        issue = row.issue
        note = (
            _("Ban hành %(day)s; đã đọc, chưa phổ biến đến chi bộ") if row.read_on else _("Ban hành %(day)s; chưa đọc")
        )
        section.entries.append(
            Entry(
                f"{issue.get_kind_display()}: {issue.title}",
                reverse("outputs:detail", args=[issue.pk]),
                note % {"day": f"{issue.issued_on:%d/%m/%Y}"},
                "" if row.read_on else "warning",
                issue.issued_on,
            )
        )
    return section


def glance(user: User, today: dt.date) -> Glance | None:
    """For leaders: completeness of each form's last closed period for the unit they review, and the units with
    the most overdue tasks in their scope."""
    from tuyengiao.followup.models import Task
    from tuyengiao.reports import services
    from tuyengiao.reports.models import Form

    roots = scoping.root_ids(user, Capability.APPROVE)
    if not roots or user.is_superuser:
        return None
    unit = services.review_unit(roots, today)
    if unit is None:
        return None
    rows = []
    for form in Form.objects.prefetch_related("versions").order_by("name"):
        period = services.latest_with_data(form, user, today)
        if form.version_for(period) is None:
            continue
        data = services.completeness(form, unit, period)
        if not data.expected:
            continue
        link = reverse("reports:completeness", args=[unit.pk, form.code, period.code])
        rows.append((form.name, period.label, data.on_time + data.late, data.expected, link))
    overdue = list(
        Task.objects.readable_by(user)
        .filter(deadline__lt=today)
        .exclude(status=Task.Status.DONE)
        .values("owner_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_id")[:5]
    )
    owner_names = names([row["owner_id"] for row in overdue], today)
    return Glance(rows, [(owner_names.get(row["owner_id"], "?"), row["n"]) for row in overdue])


def portal_articles(user: User, today: dt.date) -> Section:
    """Articles waiting for approval on the portals the user publishes, and the user's drafts sent back."""
    from tuyengiao.portal import access
    from tuyengiao.portal.models import Article, ArticleEvent

    section = Section("portal", _("Tin bài cổng thông tin cần xử lý"), more_url=reverse("portal:home"))
    section.more_label = _("Biên tập cổng thông tin")
    publishing = [portal.pk for portal, _level in access.portals_for(user, access.Access.PUBLISHER)]
    last = ArticleEvent.objects.filter(article=OuterRef("pk")).order_by("-at", "-pk")
    waiting = (
        Article.objects.filter(
            Q(portal_id__in=publishing, status=Article.Status.SUBMITTED)
            | Q(created_by_id=user.pk, status=Article.Status.DRAFT, portal__is_active=True)
        )
        .annotate(last_action=Subquery(last.values("action")[:1]), last_note=Subquery(last.values("note")[:1]))
        .filter(Q(status=Article.Status.SUBMITTED) | Q(last_action=ArticleEvent.Action.RETURNED))
        .select_related("portal")
        .order_by("updated", "pk")
    )
    for article in waiting[:PER_SECTION]:
        url = reverse("portal:edit", args=[article.pk])
        if article.status == Article.Status.SUBMITTED:
            note = _("%(portal)s; gửi duyệt %(when)s") % {
                "portal": article.portal.title,
                "when": timezone.localtime(article.updated).strftime("%d/%m/%Y %H:%M"),
            }
            section.entries.append(Entry(_("Chờ duyệt: %(t)s") % {"t": article.title}, url, note, "warning"))
        else:
            note = _("Trả lại để sửa: %(note)s") % {"note": getattr(article, "last_note", "") or "–"}
            section.entries.append(Entry(article.title, url, note, "danger"))
    section.total = len(section.entries)
    return section


ALL = (to_submit, returned, review, tasks, meetings, plans, to_relay, portal_articles, emulation)


def build(user: User, today: dt.date | None = None) -> WorkList:
    today = today or timezone.localdate()
    sections = [section(user, today) for section in ALL]
    for built in sections:  # a section that fills its entries after construction counts them here
        built.total = built.total or len(built.entries)
    return WorkList(sections, glance(user, today))
