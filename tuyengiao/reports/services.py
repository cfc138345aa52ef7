"""A report's life: open, save figures, submit, return, accept, reopen; completeness and reminders.

Every change runs in one transaction on a locked report row, checks the user's
rights through ``tuyengiao.accounts.scoping`` and writes a ``ReportAction``.

* Saving is allowed in ``draft`` and ``returned`` only; it carries the revision the
  page was opened at, and a stale one is refused (``lib.revision.StaleEdit``): two tabs or two
  people never overwrite each other silently. Any invalid field means nothing is saved.
* Every status change bumps the revision too, so a page opened before a return or an
  acceptance cannot save over it.
* ``submitted_at`` is the first submission; timeliness (completeness) is judged on it.
* Returning, accepting and reopening need APPROVE on the unit's parent (a reviewer
  above the unit, never the unit's own leader). Accepted reports are locked until reopened
  (with a reason), which sends them back as ``returned``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib import rollup
from tuyengiao.lib.periods import DeadlineRule, Period, PeriodError, PeriodType, last_closed
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.lib.rollup import RuleError, ValueType
from tuyengiao.reports import grouprollups, notifications, rollups, sources
from tuyengiao.reports.consolidation import COUNTED
from tuyengiao.reports.models import (
    Form,
    Indicator,
    Item,
    Narrative,
    Notification,
    Report,
    ReportAction,
    Section,
    Value,
)
from tuyengiao.units import tree
from tuyengiao.units.models import LEVEL_RANK, Kind, Level, Unit, UnitVersion, covers

EDITABLE = (Report.Status.DRAFT, Report.Status.RETURNED)


class WorkflowError(Exception):
    """A refused step, with a Vietnamese message for the user."""


class ValidationFailed(WorkflowError):
    """Some fields are invalid; ``errors`` maps indicator codes (or "__all__") to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Báo cáo có lỗi, chưa lưu. Vui lòng sửa các ô được đánh dấu."))
        self.errors = errors


def _now() -> dt.datetime:
    return timezone.now()


def parent_unit_id(unit: Unit) -> int | None:
    version = UnitVersion.objects.filter(unit=unit).filter(covers(scoping.last_day(unit))).first()
    return version.parent_id if version else None


def can_write(user: Any, unit: Unit) -> bool:
    return scoping.can(user, Capability.WRITE, unit)


def can_review(user: Any, unit: Unit) -> bool:
    """APPROVE on the unit's parent: a reviewer above the unit."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    parent_id = parent_unit_id(unit)
    if parent_id is None:
        return False
    parent = Unit.objects.get(pk=parent_id)
    return scoping.can(user, Capability.APPROVE, parent, scoping.last_day(unit))


def _record(report: Report, action: str, user: Any, comment: str = "") -> ReportAction:
    return ReportAction.objects.create(report=report, action=action, user=user, comment=comment)


def _tell(report: Report, kind: str, user: Any, comment: str = "") -> None:
    """The notification of a step of the report's workflow, in its transaction: a submission to who accepts the
    unit's reports, a return, reopening or acceptance to who enters them (never to the person who acted)."""
    from django.urls import reverse

    what = {"form": report.form.name, "period": report.period_obj.label, "unit": report.unit.name_on(report.period_end)}
    entry = reverse("reports:entry", args=[report.unit_id, report.form.code, report.period])
    if kind == Notification.Kind.SUBMITTED:
        text = _("%(unit)s đã gửi báo cáo “%(form)s” kỳ %(period)s, chờ tiếp nhận.") % what
        notifications.notify(notifications.approvers(report.unit).values(), kind, text, entry, exclude=user)
        return
    if kind == Notification.Kind.ACCEPTED:
        text = _("Báo cáo “%(form)s” kỳ %(period)s của %(unit)s đã được tiếp nhận.") % what
    else:
        text = _("Báo cáo “%(form)s” kỳ %(period)s của %(unit)s bị trả lại để sửa: %(comment)s") % {
            **what,
            "comment": comment,
        }
    notifications.notify(notifications.writers([report.unit_id]).values(), kind, text, entry, exclude=user)


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("unit", "form", "version").get(pk=report.pk)


def _bump(report: Report, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(report, name, value)
    report.revision += 1
    report.save()
    rollups.refresh_report(report)  # the stored yearly figures change with the report, in the same transaction
    if report.status in COUNTED or "status" in changes:  # a draft's figures count nowhere
        grouprollups.refresh_report(report)  # its province's row of the country's pivot (grouprollups.py)


# --- Opening and saving --------------------------------------------------------------------------------------------


def reportable(form: Form, unit: Unit, period: Period, today: dt.date | None = None) -> str:
    """Why ``unit`` cannot report ``form`` for ``period`` (a Vietnamese sentence), or "" when it can: the period
    is one of the form's (its type, a version in force), has begun, and the unit existed on its last day (a
    ward formed on 01/07/2025 reports from 2025M07; a commune merged on that day reported up to 2025M06)."""
    if period.type != form.period_type:
        return _("Kỳ báo cáo không phù hợp với mẫu báo cáo.")
    if form.version_for(period) is None:
        return _("Mẫu báo cáo chưa có phiên bản áp dụng cho kỳ này.")
    if period.start > (today or timezone.localdate()):
        return _("Kỳ %(period)s chưa bắt đầu, chưa nhập báo cáo được.") % {"period": period.label}
    if not unit.versions.filter(covers(period.end)).exists():
        return _("Đơn vị không tồn tại vào ngày %(day)s (cuối kỳ %(period)s), không có báo cáo kỳ này.") % {
            "day": f"{period.end:%d/%m/%Y}",
            "period": period.label,
        }
    return ""


def open_report(form: Form, unit: Unit, period: Period, user: Any) -> tuple[Report, bool]:
    """The unit's report for ``form`` and ``period`` and whether it was created now, as a draft with the version
    in force and its sourced figures. Only a write (a save or an import) calls this: opening a page never does."""
    if not can_write(user, unit):
        raise WorkflowError(_("Bạn không có quyền nhập báo cáo cho đơn vị này."))
    refusal = reportable(form, unit, period)
    if refusal:
        raise WorkflowError(refusal)
    version = form.version_for(period)
    report, created = Report.objects.get_or_create(
        form=form, unit=unit, period=period.code, defaults={"version": version, "created_by": user}
    )
    if created:
        sourced = list(
            Item.objects.filter(section__version_id=report.version_id)
            .exclude(indicator__source="")
            .select_related("indicator")
        )
        if sourced:
            with transaction.atomic():
                fill_sources(report, sourced)
    return report, created


# --- Figures computed from the registry (reports/sources.py) ----------------------------------------------------


def computed_values(report: Report, items: list[Item]) -> dict[str, object]:
    """Indicator code → value computed by its source, for the items whose indicator has one."""
    return computed_for(report.unit, report.period_obj, items)


def computed_for(unit: Unit, period: Period, items: Iterable[Item]) -> dict[str, object]:
    """``computed_values`` of a report not saved yet (what the entry page shows before the first save)."""
    return {
        item.indicator.code: sources.compute(item.indicator.source, unit, period)
        for item in items
        if item.indicator.source
    }


def _value_fields(indicator: Any, value: object) -> dict[str, Any]:
    fields: dict[str, Any] = {"number": None, "flag": None, "text": ""}
    if indicator.value_type == ValueType.BOOLEAN:
        fields["flag"] = value
    elif indicator.value_type == ValueType.TEXT:
        fields["text"] = value
    else:
        fields["number"] = value
    return fields


def write_values(report: Report, indicators: dict[str, Indicator], values: dict[str, object], user: Any) -> None:
    """Store ``values`` (indicator code → value; None deletes the figure) in the report's ``Value`` rows, in a
    handful of statements whatever their number: one read, one bulk insert and one bulk update with their history
    rows (``simple_history``'s bulk helpers), the deletions. Unchanged figures are not written again."""
    if not values:
        return
    current = {v.indicator_id: v for v in Value.objects.filter(report=report, indicator__code__in=list(values))}
    create: list[Value] = []
    update: list[Value] = []
    delete: list[int] = []
    for code, value in values.items():
        indicator = indicators[code]
        row = current.get(indicator.pk)
        if value is None:
            if row is not None:
                delete.append(row.pk)
            continue
        fields = _value_fields(indicator, value)
        if row is None:
            create.append(Value(report=report, indicator=indicator, **fields))
        elif any(getattr(row, name) != new for name, new in fields.items()):
            for name, new in fields.items():
                setattr(row, name, new)
            update.append(row)
    history_user = user if getattr(user, "is_authenticated", False) else None
    if delete:
        for row in Value.objects.filter(pk__in=delete):
            row.delete()
    if create:
        bulk_create_with_history(create, Value, batch_size=500, default_user=history_user)
    if update:
        bulk_update_with_history(update, Value, ["number", "flag", "text"], batch_size=500, default_user=history_user)


def fill_sources(
    report: Report, items: list[Item], computed: dict[str, object] | None = None, user: Any = None
) -> dict[str, object]:
    """Compute the sourced figures and store them in the report's ``Value`` rows (only the changed ones,
    so that saving again does not write history rows); returns code → value."""
    if computed is None:
        computed = computed_values(report, items)
    if computed:
        write_values(report, {item.indicator.code: item.indicator for item in items}, computed, user)
    return computed


def items_of(report: Report) -> list[Item]:
    return items_of_version(report.version_id)


def items_of_version(version_id: int) -> list[Item]:
    """The indicators of a form version, in the order of the form."""
    return list(
        Item.objects.filter(section__version_id=version_id)
        .select_related("indicator", "indicator__at_most", "section")
        .order_by("section__order", "order")
    )


def _stored(value: Value) -> object:
    vt = value.indicator.value_type
    if vt == ValueType.BOOLEAN:
        return value.flag
    if vt == ValueType.TEXT:
        return value.text or None
    if value.number is None:
        return None
    return int(value.number) if vt == ValueType.INTEGER else value.number


def stored_values(report: Report) -> dict[str, object]:
    """Indicator code → stored value (int, Decimal, bool, str) of the report."""
    return {v.indicator.code: _stored(v) for v in report.values.select_related("indicator")}


def stored_values_of(report_ids: list[int]) -> dict[int, dict[str, object]]:
    """``stored_values`` of many reports in one query: report id → indicator code → value."""
    result: dict[int, dict[str, object]] = {pk: {} for pk in report_ids}
    for value in Value.objects.filter(report_id__in=report_ids).select_related("indicator"):
        result[value.report_id][value.indicator.code] = _stored(value)
    return result


def _number_text(number: Decimal) -> str:
    return rollup.present(number, ValueType.DECIMAL, places=None)


def check_values(
    items: list[Item], raw: dict[str, str], existing: dict[str, object], *, require: bool = False
) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Parse ``raw`` (codes of the form's indicators only), merge with ``existing``; (values, errors)."""
    errors: dict[str, list[str]] = {}
    values = dict(existing)
    by_code = {item.indicator.code: item for item in items}
    for code, text in raw.items():
        item = by_code.get(code)
        if item is None:
            continue
        indicator = item.indicator
        try:
            value = rollup.validate(ValueType(indicator.value_type), text or "")
        except RuleError as error:
            errors.setdefault(code, []).append(str(error))
            continue
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            if indicator.min_value is not None and value < indicator.min_value:
                errors.setdefault(code, []).append(
                    _("Giá trị không được nhỏ hơn %(min)s.") % {"min": _number_text(indicator.min_value)}
                )
            if indicator.max_value is not None and value > indicator.max_value:
                errors.setdefault(code, []).append(
                    _("Giá trị không được lớn hơn %(max)s.") % {"max": _number_text(indicator.max_value)}
                )
        values[code] = value
    names = {item.indicator.code: str(item) for item in items}
    for item in items:
        indicator = item.indicator
        code = indicator.code
        if code in errors:
            continue
        if require and indicator.required and values.get(code) in (None, ""):
            errors.setdefault(code, []).append(_("Chỉ tiêu bắt buộc, chưa nhập."))
        if indicator.at_most is not None and indicator.at_most.code not in errors:
            other = indicator.at_most
            names.setdefault(other.code, other.name)
            left, right = values.get(code), values.get(other.code)
            if isinstance(left, int | Decimal) and isinstance(right, int | Decimal):
                errors.setdefault(code, []).extend(
                    rollup.Constraint(code, other.code).check({code: left, other.code: right}, names=names)
                )
                if not errors[code]:
                    del errors[code]
    return values, errors


def save_values(
    report: Report,
    raw_by_indicator_code: dict[str, str],
    narratives: dict[int, str],
    user: Any,
    expected_revision: int,
    *,
    require: bool = False,
) -> Report:
    """Validate and save figures and text sections; all or nothing.

    Raises ``ValidationFailed`` (field errors), ``StaleEdit`` (the report changed since ``expected_revision``)
    or ``WorkflowError`` (no right, or not editable). Returns the saved report with its new revision.
    """
    with transaction.atomic():
        report = _locked(report)
        if not can_write(user, report.unit):
            raise WorkflowError(_("Bạn không có quyền nhập báo cáo cho đơn vị này."))
        if report.status not in EDITABLE:
            raise WorkflowError(
                _("Báo cáo đang ở trạng thái “%(status)s”, không sửa được.") % {"status": report.get_status_display()}
            )
        lock_and_bump(
            Report,
            report.pk,
            int(expected_revision),
            _(
                "Báo cáo vừa được thay đổi ở nơi khác (trong một thẻ khác hoặc bởi người khác). "
                "Chưa lưu gì; vui lòng tải lại trang để xem bản mới nhất rồi nhập lại."
            ),
        )  # the stored revision is bumped now; ``_bump`` below saves the same value
        items = items_of(report)
        # Sourced figures are computed, never typed: a posted value for them is ignored.
        computed = computed_values(report, items)
        raw_by_indicator_code = {k: v for k, v in raw_by_indicator_code.items() if k not in computed}
        existing = {**stored_values(report), **computed}
        values, errors = check_values(items, raw_by_indicator_code, existing, require=require)
        sections = {
            s.pk: s for s in Section.objects.filter(version_id=report.version_id).exclude(kind=Section.Kind.INDICATORS)
        }
        for section_id, text in narratives.items():
            if len(text or "") > 20_000:
                errors.setdefault(f"section-{section_id}", []).append(_("Nội dung quá dài."))
        if errors:
            raise ValidationFailed(errors)
        by_code = {item.indicator.code: item.indicator for item in items}
        typed = {code: values.get(code) for code in raw_by_indicator_code if code in by_code}
        write_values(report, by_code, {**typed, **computed}, user)
        for section_id, text in narratives.items():
            if int(section_id) in sections:
                Narrative.objects.update_or_create(
                    report=report, section=sections[int(section_id)], defaults={"text": (text or "").strip()}
                )
        _bump(report)
        last = report.actions.order_by("-at", "-pk").first()
        if last is not None and last.action == ReportAction.Action.SAVE and last.user_id == getattr(user, "pk", None):
            ReportAction.objects.filter(pk=last.pk).update(at=_now())  # autosaves merge into one row
        else:
            _record(report, ReportAction.Action.SAVE, user)
    return report


# --- Workflow ------------------------------------------------------------------------------------------------------


def _check_revision(report: Report, expected_revision: int | None) -> None:
    """``lib.revision.lock_and_bump`` on the locked report (``_bump`` then saves the same new revision); None is
    for programmatic callers (a page always posts its revision)."""
    lock_and_bump(
        Report, report.pk, expected_revision, _("Báo cáo vừa được thay đổi ở nơi khác. Vui lòng tải lại trang.")
    )


def submit(report: Report, user: Any, expected_revision: int | None = None) -> Report:
    with transaction.atomic():
        report = _locked(report)
        if not can_write(user, report.unit):
            raise WorkflowError(_("Bạn không có quyền gửi báo cáo của đơn vị này."))
        if report.status not in EDITABLE:
            raise WorkflowError(_("Chỉ gửi được báo cáo đang soạn hoặc bị trả lại."))
        _check_revision(report, expected_revision)
        items = items_of(report)
        fill_sources(report, items, user=user)
        _values, errors = check_values(items, {}, stored_values(report), require=True)
        if errors:
            raise ValidationFailed(errors)
        _bump(report, status=Report.Status.SUBMITTED, submitted_at=report.submitted_at or _now())
        _record(report, ReportAction.Action.SUBMIT, user)
        _tell(report, Notification.Kind.SUBMITTED, user)
    return report


def withdraw(report: Report, user: Any, expected_revision: int | None = None) -> Report:
    """The unit takes back a submitted report before its reviewer accepts or returns it: a draft again, no longer
    counted, and submitted anew when ready."""
    with transaction.atomic():
        report = _locked(report)
        if not can_write(user, report.unit):
            raise WorkflowError(_("Bạn không có quyền rút lại báo cáo của đơn vị này."))
        if report.status != Report.Status.SUBMITTED:
            raise WorkflowError(_("Chỉ rút lại được báo cáo đã gửi và chưa được tiếp nhận hay trả lại."))
        _check_revision(report, expected_revision)
        _bump(report, status=Report.Status.DRAFT, submitted_at=None)
        _record(report, ReportAction.Action.WITHDRAW, user)
    return report


def _review_step(report: Report, user: Any, expected: tuple[str, ...], expected_revision: int | None) -> Report:
    report = _locked(report)
    if not can_review(user, report.unit):
        raise WorkflowError(_("Bạn không có quyền duyệt báo cáo của đơn vị này."))
    if report.status not in expected:
        raise WorkflowError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không thực hiện được thao tác này.")
            % {"status": report.get_status_display()}
        )
    _check_revision(report, expected_revision)
    return report


def return_report(report: Report, user: Any, comment: str, expected_revision: int | None = None) -> Report:
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("Cần ghi ý kiến khi trả lại báo cáo."))
    with transaction.atomic():
        report = _review_step(report, user, (Report.Status.SUBMITTED,), expected_revision)
        _bump(report, status=Report.Status.RETURNED)
        _record(report, ReportAction.Action.RETURN, user, comment)
        _tell(report, Notification.Kind.RETURNED, user, comment)
    return report


def accept(report: Report, user: Any, expected_revision: int | None = None) -> Report:
    with transaction.atomic():
        report = _review_step(report, user, (Report.Status.SUBMITTED,), expected_revision)
        _bump(report, status=Report.Status.ACCEPTED, accepted_at=_now())
        _record(report, ReportAction.Action.ACCEPT, user)
        _tell(report, Notification.Kind.ACCEPTED, user)
    return report


def reopen(report: Report, user: Any, reason: str, expected_revision: int | None = None) -> Report:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Cần ghi lý do mở lại báo cáo."))
    with transaction.atomic():
        report = _review_step(report, user, (Report.Status.ACCEPTED,), expected_revision)
        _bump(report, status=Report.Status.RETURNED, accepted_at=None)
        _record(report, ReportAction.Action.REOPEN, user, reason)
        _tell(report, Notification.Kind.RETURNED, user, reason)
    return report


# --- Review ---------------------------------------------------------------------------------------------------------


def waiting_for_review(user: Any, status: str = Report.Status.SUBMITTED) -> QuerySet[Report]:
    """Reports in ``status`` that ``user`` reviews: in their approval scope, not those of the units where their own
    memberships sit (a leader does not review their own unit's reports). The review queue and the home page's
    work list both read this."""
    reports = scoping.scoped(Report.objects.all(), user, Capability.APPROVE).filter(status=status)
    if not user.is_superuser:
        reports = reports.exclude(unit_id__in=user.memberships.values("unit_id"))
    return reports


def latest_with_data(form: Form, user: Any, today: dt.date | None = None) -> Period:
    """The period a page about ``form`` opens on: the latest closed period with a report sent in the user's read
    scope, else the last closed period (a leader's first view is figures, not "Chưa có số liệu" of a month
    nobody has reported yet)."""
    closed = last_closed(PeriodType(form.period_type), today or timezone.localdate())
    latest = (
        scoping.scoped(Report.objects.filter(form=form), user, Capability.READ)
        .filter(period_start__lte=closed.start, status__in=(Report.Status.SUBMITTED, Report.Status.ACCEPTED))
        .order_by("-period_start")
        .values_list("period", flat=True)
        .first()
    )
    return Period.parse(latest) if latest else closed


def review_unit(approve_roots: set[int], today: dt.date) -> Unit | None:
    """The unit whose reports a leader consolidates: the highest of their approval roots that exists today, a
    commission standing for its party committee."""
    versions = list(UnitVersion.objects.as_of(today).filter(unit_id__in=approve_roots).select_related("unit"))
    if not versions:
        return None
    top = min(
        versions, key=lambda v: (LEVEL_RANK.get(Level(v.unit.level), 9), v.unit.kind == Kind.COMMISSION, v.unit_id)
    )
    if top.unit.kind == Kind.COMMISSION and top.parent_id is not None:
        return Unit.objects.get(pk=top.parent_id)
    return top.unit


# --- Completeness and reminders ------------------------------------------------------------------------------------


@dataclass
class Row:
    unit_id: int
    name: str
    report: Report | None
    state: str  # "on_time" | "late" | "missing"


@dataclass
class Completeness:
    form: Form
    unit: Unit
    period: Period
    deadline: dt.date | None
    rows: list[Row] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self.count("on_time")

    @property
    def late(self) -> int:
        return self.count("late")

    @property
    def missing(self) -> int:
        return self.count("missing")

    @property
    def missing_unit_ids(self) -> list[int]:
        return [row.unit_id for row in self.rows if row.state == "missing"]


def deadline_of(form: Form, period: Period) -> dt.date | None:
    try:
        return DeadlineRule.parse(form.deadline_rule).deadline(period)
    except PeriodError:
        return None


def expected_units(form: Form, unit: Unit, period: Period) -> QuerySet[UnitVersion]:
    """The units expected to submit ``form`` for ``period`` in ``unit``'s subtree (``unit`` included, when it
    submits the form), as the tree stood at the period's end: their versions on that day, in the official
    (GSO code) order of unit lists, as in the consolidated report's drill-down."""
    when = period.end
    return (
        UnitVersion.objects.as_of(when)
        .filter(unit_id__in=tree.subtree_ids([unit.pk], when))
        .filter(form.submitter_filter())
        .in_tree_order()
    )


def completeness(form: Form, unit: Unit, period: Period) -> Completeness:
    """Expected submitters below ``unit`` as the tree stood at the period's end, and what each did."""
    expected = expected_units(form, unit, period)
    deadline = deadline_of(form, period)
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(form=form, period=period.code, unit_id__in=[v.unit_id for v in expected]).only(
            "id", "unit_id", "status", "submitted_at", "revision"
        )
    }
    result = Completeness(form=form, unit=unit, period=period, deadline=deadline)
    for version in expected:
        report = reports.get(version.unit_id)
        state = "missing"
        if report is not None and report.submitted_at is not None and report.status != Report.Status.DRAFT:
            submitted = timezone.localtime(report.submitted_at).date()
            state = "late" if deadline is not None and submitted > deadline else "on_time"
        result.rows.append(Row(version.unit_id, version.name, report, state))
    return result


def remind(data: Completeness, user: Any, url: str) -> tuple[int, int]:
    """Notify the members (who can write) of every unit that has not submitted, and e-mail them at once (a
    reminder is sent on purpose; ``notifications``); (notifications, e-mails)."""
    if not can_review(user, data.unit) and not scoping.can(user, Capability.APPROVE, data.unit, data.period.end):
        raise WorkflowError(_("Bạn không có quyền nhắc các đơn vị này."))
    users = notifications.writers(data.missing_unit_ids)
    deadline = data.deadline.strftime("%d/%m/%Y") if data.deadline else ""
    text = _("Nhắc nộp báo cáo “%(form)s” kỳ %(period)s (hạn nộp %(deadline)s).") % {
        "form": data.form.name,
        "period": data.period.label,
        "deadline": deadline,
    }
    with transaction.atomic():
        count = notifications.notify(users.values(), Notification.Kind.REMINDER, text, url, mailed=True)
    subject = _("Nhắc nộp báo cáo: %(form)s, kỳ %(period)s") % {"form": data.form.name, "period": data.period.label}
    return count, notifications.email_now(users.values(), subject, text)
