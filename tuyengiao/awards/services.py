"""Changes of the emulation cycle that span several rows, each in one transaction.

Who may do what (through ``tuyengiao.accounts.scoping``):

* a unit registers itself and proposes its nominations: the write capability on the nominee's unit;
* the organiser (write capability on the cycle's unit) keeps the council, records votes, makes decisions,
  adds awards and revokes them, edits the cycle and adds blocs;
* a nomination not yet on a decision is withdrawn by a writer of the nominee's unit or by the organiser.

Decisions, nominations and cycles carry a revision: a stale form (adding awards, issuing, withdrawing,
editing the cycle) is refused with a Vietnamese message (``lib.revision.StaleEdit``) and changes nothing.
The once-per-person rule is checked here (message) and enforced by the database (``award_once_per_person``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.awards.models import (
    Award,
    AwardForm,
    Bloc,
    CouncilMember,
    Decision,
    EmulationCycle,
    Nomination,
    Registration,
    Vote,
)
from tuyengiao.documents import registry
from tuyengiao.documents.models import Document
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.people.models import Person, Posting
from tuyengiao.units.models import Unit


def can_organise(user: Any, cycle: EmulationCycle) -> bool:
    return scoping.can(user, Capability.WRITE, cycle.unit)


def _check_organiser(user: Any, cycle: EmulationCycle) -> None:
    if not can_organise(user, cycle):
        raise ValidationError(_("Chỉ cơ quan tổ chức thi đua mới được thực hiện việc này."))


def _check_unit(user: Any, unit: Unit) -> None:
    if not scoping.can(user, Capability.WRITE, unit):
        raise ValidationError(_("Bạn không có quyền đăng ký, đề nghị cho đơn vị này."))


def _check_person(person: Person | None, unit: Unit) -> None:
    if person is not None and not Posting.objects.filter(person=person, unit=unit).exists():
        raise ValidationError(_("Cá nhân không có quá trình công tác tại đơn vị đã chọn."))


def medal_holder(person: Person, award_form: AwardForm, exclude: int | None = None) -> Award | None:
    """The standing award of a once-per-person form the person already holds, if any."""
    rows = Award.objects.standing().filter(person=person, award_form=award_form).select_related("decision")
    if exclude:
        rows = rows.exclude(pk=exclude)
    return rows.first()


def already_awarded_message(person: Person, award: Award) -> str:
    return _("%(name)s đã được tặng %(form)s (quyết định %(number)s); hình thức này chỉ tặng một lần.") % {
        "name": person.full_name,
        "form": award.award_form.name,
        "number": award.decision.number or _("chưa ghi số"),
    }


def register(
    cycle: EmulationCycle,
    unit: Unit,
    person: Person | None,
    target: AwardForm,
    registered_on: dt.date,
    note: str,
    user: Any,
) -> Registration:
    _check_unit(user, unit)
    _check_person(person, unit)
    return Registration.objects.create(
        cycle=cycle, unit=unit, person=person, target=target, registered_on=registered_on, note=note.strip()
    )


def nominate(
    cycle: EmulationCycle,
    award_form: AwardForm,
    unit: Unit,
    person: Person | None,
    achievements: str,
    user: Any,
    *,
    report_form: Any = None,
    report_period: str = "",
    collective_name: str = "",
    today: dt.date | None = None,
) -> Nomination:
    """A nomination; refuses a form the nominee kind may not receive, a second once-per-person medal and any
    nomination once the public-comment window has opened (the published list is frozen)."""
    _check_unit(user, unit)
    if cycle.comment_state(today or timezone.localdate()) in ("open", "closed"):
        raise ValidationError(
            _("Danh sách đề nghị đã được công khai lấy ý kiến từ ngày %(date)s; không nhận thêm đề nghị.")
            % {"date": f"{cycle.comment_from:%d/%m/%Y}"}
        )
    _check_person(person, unit)
    if person is None and not award_form.for_collective:
        raise ValidationError(_("Hình thức này chỉ tặng cho cá nhân."))
    if person is not None and not award_form.for_individual:
        raise ValidationError(_("Hình thức này chỉ tặng cho tập thể."))
    if person is not None and award_form.once_per_person:
        held = medal_holder(person, award_form)
        if held is not None:
            raise ValidationError(already_awarded_message(person, held))
    return Nomination.objects.create(
        cycle=cycle,
        award_form=award_form,
        unit=unit,
        person=person,
        collective_name="" if person is not None else " ".join(collective_name.split()),
        achievements=achievements.strip(),
        report_form=report_form,
        report_period=report_period,
        created_by=user,
    )


def add_member(cycle: EmulationCycle, full_name: str, role: str, user: Any) -> CouncilMember:
    _check_organiser(user, cycle)
    return CouncilMember.objects.create(cycle=cycle, full_name=" ".join(full_name.split()), role=role.strip())


VOTES_STALE = _(
    "Phiếu của hội đồng đã được người khác cập nhật sau khi bạn mở bảng kiểm phiếu. "
    "Chưa lưu phiếu nào; hãy tải lại trang và nhập lại."
)


def _bump_votes(cycle: EmulationCycle) -> None:
    """A change of the council's votes bumps the cycle's ``votes_revision`` (inside the caller's transaction), so that
    a tally sheet opened before it is refused as stale (``record_votes``)."""
    lock_and_bump(EmulationCycle, cycle.pk, None, field="votes_revision")


def vote(nomination: Nomination, member: CouncilMember, agree: bool, score: Decimal | None, user: Any) -> Vote:
    """Record (or correct) a council member's vote on a nomination."""
    _check_organiser(user, nomination.cycle)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("Đề nghị đã được rút; không ghi phiếu."))
    if member.cycle_id != nomination.cycle_id:
        raise ValidationError(_("Thành viên không thuộc hội đồng của đợt thi đua này."))
    with transaction.atomic():
        _bump_votes(nomination.cycle)
        row, _created = Vote.objects.update_or_create(
            nomination=nomination, member=member, defaults={"agree": agree, "score": score}
        )
    return row


def record_votes(
    cycle: EmulationCycle,
    cells: dict[tuple[int, int], tuple[bool | None, Decimal | None]],
    user: Any,
    expected_revision: int | None,
) -> int:
    """The tally sheet of a council meeting: every vote of the grid members × nominations at once.

    ``cells`` maps (member id, nomination id) to (agree, score); ``agree`` None is an empty cell and removes a
    vote recorded before. All or nothing: one transaction under the cycle's ``votes_revision`` (``lib.revision``;
    every change of the votes bumps it, ``_bump_votes``), so a sheet opened before another change is refused whole; a
    member of another council, a nomination of another cycle or one withdrawn meanwhile refuses the whole sheet,
    and a score without an opinion too. Returns the number of votes written or removed."""
    _check_organiser(user, cycle)
    with transaction.atomic():
        lock_and_bump(EmulationCycle, cycle.pk, expected_revision, VOTES_STALE, field="votes_revision")
        members = dict(CouncilMember.objects.filter(cycle=cycle).values_list("pk", "full_name"))
        nominations = {
            n.pk: n
            for n in Nomination.objects.select_for_update(of=("self",))  # the person is a nullable join
            .filter(cycle=cycle, pk__in={nomination for _member, nomination in cells})
            .select_related("person")
        }
        existing = {
            (v.member_id, v.nomination_id): v for v in Vote.objects.filter(nomination__cycle=cycle, member__in=members)
        }
        changed = 0
        for (member_id, nomination_id), (agree, score) in sorted(cells.items()):
            nomination = nominations.get(nomination_id)
            if member_id not in members or nomination is None:
                raise ValidationError(_("Bảng kiểm phiếu có ô không thuộc hội đồng, đề nghị của đợt này; chưa lưu gì."))
            if agree is None and score is not None:
                raise ValidationError(
                    _("%(member)s: có điểm cho %(name)s nhưng chưa chọn đồng ý hay không; chưa lưu gì.")
                    % {"member": members[member_id], "name": nomination.nominee_name}
                )
            row = existing.get((member_id, nomination_id))
            if agree is None:
                if row is not None:
                    row.delete()
                    changed += 1
                continue
            if nomination.status != Nomination.Status.PROPOSED:
                raise ValidationError(
                    _("%(name)s đã rút đề nghị; không ghi phiếu. Chưa lưu gì.") % {"name": nomination.nominee_name}
                )
            if row is None:
                Vote.objects.create(member_id=member_id, nomination=nomination, agree=agree, score=score)
                changed += 1
            elif (row.agree, row.score) != (agree, score):
                row.agree, row.score = agree, score
                row.save(update_fields=["agree", "score"])
                changed += 1
    return changed


def create_decision(cycle: EmulationCycle, award_form: AwardForm, subject: str, user: Any, **fields: Any) -> Decision:
    _check_organiser(user, cycle)
    return Decision.objects.create(
        cycle=cycle, award_form=award_form, subject=subject.strip(), created_by=user, **fields
    )


def _lock(decision: Decision, expected_revision: int | None) -> Decision:
    """The decision locked, with its revision checked and bumped (``lib.revision.lock_and_bump``)."""
    lock_and_bump(
        Decision,
        decision.pk,
        expected_revision,
        _("Quyết định đã được người khác cập nhật trong lúc bạn sửa. Hãy tải lại trang và thực hiện lại."),
    )
    return Decision.objects.get(pk=decision.pk)


def add_awards(
    decision: Decision,
    items: list[tuple[Nomination, str]],
    user: Any,
    expected_revision: int | None = None,
    today: dt.date | None = None,
) -> list[Award]:
    """Put nominations (with their reasons) on the decision's list; not before the comment window closed."""
    _check_organiser(user, decision.cycle)
    cycle = decision.cycle
    state = cycle.comment_state(today or timezone.localdate())
    if state in ("before", "open"):
        raise ValidationError(
            _("Chưa hết thời hạn lấy ý kiến công khai (từ %(start)s đến hết %(end)s); chưa thể đưa vào quyết định.")
            % {"start": f"{cycle.comment_from:%d/%m/%Y}", "end": f"{cycle.comment_to:%d/%m/%Y}"}
        )
    created: list[Award] = []
    with transaction.atomic():
        _lock(decision, expected_revision)
        for nomination, reason in items:
            # locked: a withdrawal racing this list waits, then is refused (it sees the award)
            status = Nomination.objects.select_for_update().values_list("status", flat=True).get(pk=nomination.pk)
            if status != Nomination.Status.PROPOSED:
                raise ValidationError(_("%(name)s đã rút đề nghị.") % {"name": nomination.nominee_name})
            if nomination.cycle_id != decision.cycle_id or nomination.award_form_id != decision.award_form_id:
                raise ValidationError(_("Đề nghị không thuộc đợt thi đua hoặc hình thức của quyết định này."))
            if hasattr(nomination, "award"):
                raise ValidationError(_("%(name)s đã có trong một quyết định.") % {"name": nomination.nominee_name})
            form = decision.award_form
            if nomination.person is not None and form.once_per_person:
                held = medal_holder(nomination.person, form)
                if held is not None:
                    raise ValidationError(already_awarded_message(nomination.person, held))
            try:
                with transaction.atomic():
                    award = Award.objects.create(
                        decision=decision,
                        nomination=nomination,
                        award_form=form,
                        unit=nomination.unit,
                        person=nomination.person,
                        collective_name=nomination.collective_name if nomination.person is None else "",
                        once_per_person=form.once_per_person,
                        reason=(reason or nomination.achievements).strip(),
                    )
            except IntegrityError as exc:  # a concurrent decision gave the medal first
                raise ValidationError(_("Cá nhân đã được tặng hình thức này; chỉ tặng một lần.")) from exc
            created.append(award)
    return created


def issue(
    decision: Decision,
    number: str,
    issued_on: dt.date,
    signer_name: str,
    user: Any,
    expected_revision: int | None = None,
    meeting: Any = None,
) -> Decision:
    """Give the decision its number and date; link the registry document with that code when it exists."""
    _check_organiser(user, decision.cycle)
    with transaction.atomic():
        current = _lock(decision, expected_revision)
        current.number = " ".join(number.split())
        current.issued_on = issued_on
        current.signer_name = signer_name.strip()
        current.meeting = meeting
        # The organiser's own registry first (a province keeps its decisions), then the preferred record.
        found = list(Document.objects.readable_by(user).with_code(current.number).order_by("pk"))
        own = registry.key_for(decision.cycle.unit_id, issued_on)
        chosen = [d for d in found if d.registry_key == own] or registry.preferred(found, own, lambda d: d.registry_key)
        current.document = chosen[0] if chosen else None
        current.save()
    return current


def revoke(award: Award, on: dt.date, reason: str, user: Any) -> Award:
    """Revoke an award (for false records …): the row stays, with the date and the reason."""
    _check_organiser(user, award.decision.cycle)
    if not reason.strip():
        raise ValidationError(_("Phải ghi lý do thu hồi."))
    if award.revoked_on is not None:
        raise ValidationError(_("Khen thưởng này đã bị thu hồi."))
    with transaction.atomic():
        award.revoked_on = on
        award.revoke_reason = reason.strip()
        award.save(update_fields=["revoked_on", "revoke_reason"])
    return award


# --- Everyday corrections: withdraw a nomination, keep the council, edit the cycle, add a bloc ---------------


def can_withdraw(user: Any, nomination: Nomination) -> bool:
    """A writer of the nominee's unit, or the organiser."""
    return scoping.can(user, Capability.WRITE, nomination.unit) or can_organise(user, nomination.cycle)


def withdraw(nomination: Nomination, user: Any, expected_revision: int | None = None) -> Nomination:
    """Withdraw a nomination not on a decision; bumps its revision and refuses a stale one."""
    if not can_withdraw(user, nomination):
        raise ValidationError(_("Bạn không có quyền rút đề nghị này."))
    with transaction.atomic():
        lock_and_bump(
            Nomination,
            nomination.pk,
            expected_revision,
            _("Đề nghị đã được người khác cập nhật trong lúc bạn thao tác. Hãy tải lại trang và thực hiện lại."),
        )
        current = Nomination.objects.get(pk=nomination.pk)
        if current.status == Nomination.Status.WITHDRAWN:
            raise ValidationError(_("Đề nghị này đã được rút."))
        if Award.objects.filter(nomination=current).exists():
            raise ValidationError(_("Đề nghị đã có trong một quyết định khen thưởng; không rút được."))
        current.status = Nomination.Status.WITHDRAWN
        current.save(update_fields=["status"])
    return current


def update_member(member: CouncilMember, full_name: str, role: str, user: Any) -> CouncilMember:
    _check_organiser(user, member.cycle)
    name = " ".join(full_name.split())
    if not name:
        raise ValidationError(_("Hãy nhập họ và tên."))
    with transaction.atomic():
        member.full_name = name
        member.role = role.strip()
        member.save(update_fields=["full_name", "role"])
    return member


def remove_member(member: CouncilMember, user: Any) -> None:
    """Remove a council member who has not voted (their votes would go with them)."""
    _check_organiser(user, member.cycle)
    with transaction.atomic():
        current = CouncilMember.objects.select_for_update().get(pk=member.pk)
        if Vote.objects.filter(member=current).exists():
            raise ValidationError(_("Thành viên đã bỏ phiếu; hãy xóa phiếu trước"))
        current.delete()


def delete_vote(vote_row: Vote, user: Any) -> None:
    _check_organiser(user, vote_row.nomination.cycle)
    with transaction.atomic():
        _bump_votes(vote_row.nomination.cycle)
        vote_row.delete()


def update_cycle(
    cycle: EmulationCycle, user: Any, expected_revision: int | None = None, **fields: Any
) -> EmulationCycle:
    """Edit the cycle (title, registration deadline, comment window and its result) under its revision."""
    _check_organiser(user, cycle)
    allowed = {"title", "registration_until", "comment_from", "comment_to", "comment_result"}
    if set(fields) - allowed:
        raise ValueError(f"not editable: {sorted(set(fields) - allowed)}")
    start, end = fields.get("comment_from", cycle.comment_from), fields.get("comment_to", cycle.comment_to)
    if start and end and end < start:
        raise ValidationError(_("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu."))
    with transaction.atomic():
        lock_and_bump(
            EmulationCycle,
            cycle.pk,
            expected_revision,
            _("Đợt thi đua đã được người khác cập nhật trong lúc bạn sửa. Hãy tải lại trang và thực hiện lại."),
        )
        current = EmulationCycle.objects.get(pk=cycle.pk)
        for name, value in fields.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if not current.title:
            raise ValidationError(_("Hãy nhập tên đợt thi đua."))
        current.save()
    return current


def add_bloc(
    cycle: EmulationCycle,
    name: str,
    members: Any,
    user: Any,
    *,
    pledge_signed_on: dt.date | None = None,
    pledge_file: Any = None,
) -> Bloc:
    """A bloc with its members and signed pledge, in one transaction (the file is checked by the form)."""
    _check_organiser(user, cycle)
    with transaction.atomic():
        bloc = Bloc(cycle=cycle, name=" ".join(name.split()), pledge_signed_on=pledge_signed_on)
        if pledge_file:
            bloc.pledge_file = pledge_file
        bloc.save()
        bloc.members.set(members)
    return bloc
