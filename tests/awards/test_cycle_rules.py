"""The cycle's rules: who may nominate, the once-per-person medal, eligibility warnings, revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.awards.conftest import GK, MEDAL, form
from tuyengiao.awards import services
from tuyengiao.awards.models import Award, Nomination
from tuyengiao.awards.warnings import warnings_for
from tuyengiao.lib.revision import StaleEdit

pytestmark = pytest.mark.django_db


def _decision(cycle: Any, code: str, user: Any) -> Any:
    return services.create_decision(cycle, form(code), "Về việc khen thưởng", user)


def test_a_person_receives_the_medal_only_once(personas: Any, cycle: Any, veteran: Any) -> None:
    first = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    decision = _decision(cycle, MEDAL, personas.specialist)
    services.add_awards(decision, [(first, "")], personas.specialist)
    with pytest.raises(ValidationError, match="chỉ tặng một lần"):
        services.nominate(cycle, form(MEDAL), personas.commission, veteran, "lần hai", personas.specialist)


def test_the_database_refuses_a_second_standing_medal(personas: Any, cycle: Any, veteran: Any) -> None:
    first = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    services.add_awards(_decision(cycle, MEDAL, personas.specialist), [(first, "")], personas.specialist)
    other = services.nominate(cycle, form(GK), personas.commission, veteran, "x", personas.specialist)
    decision = _decision(cycle, GK, personas.specialist)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            decision=decision,
            nomination=other,
            award_form=form(MEDAL),
            unit=personas.commission,
            person=veteran,
            once_per_person=True,
            reason="x",
        )


def test_a_revoked_medal_may_be_given_again(personas: Any, cycle: Any, veteran: Any) -> None:
    first = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    (award,) = services.add_awards(_decision(cycle, MEDAL, personas.specialist), [(first, "")], personas.specialist)
    services.revoke(award, dt.date(2025, 9, 1), "Kê khai không đúng", personas.specialist)
    award.refresh_from_db()
    assert award.revoke_reason == "Kê khai không đúng"
    assert award.history.count() == 2
    again = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "xét lại", personas.specialist)
    assert again.pk


def test_revocation_needs_a_reason(personas: Any, cycle: Any) -> None:
    nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    (award,) = services.add_awards(_decision(cycle, GK, personas.specialist), [(nomination, "")], personas.specialist)
    with pytest.raises(ValidationError, match="lý do"):
        services.revoke(award, dt.date(2025, 9, 1), " ", personas.specialist)


def test_a_commune_nominates_itself_but_not_its_neighbour(personas: Any, cycle: Any) -> None:
    assert services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1).pk
    with pytest.raises(ValidationError, match="không có quyền"):
        services.nominate(cycle, form(GK), personas.commune_unit2, None, "Tốt", personas.commune1)


def test_only_the_organiser_decides(personas: Any, cycle: Any) -> None:
    with pytest.raises(ValidationError, match="cơ quan tổ chức"):
        _decision(cycle, GK, personas.commune1)
    with pytest.raises(ValidationError):
        _decision(cycle, GK, personas.outsider)


def test_a_collective_cannot_receive_the_medal(personas: Any, cycle: Any) -> None:
    with pytest.raises(ValidationError, match="cá nhân"):
        services.nominate(cycle, form(MEDAL), personas.commune_unit1, None, "Tốt", personas.commune1)


def test_a_stale_decision_form_is_refused(personas: Any, cycle: Any) -> None:
    nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    decision = _decision(cycle, GK, personas.specialist)
    services.issue(decision, "12-QĐ/BTGDVTU", dt.date(2025, 12, 20), "Nguyễn Văn A", personas.specialist, 1)
    with pytest.raises(StaleEdit, match="tải lại"):
        services.add_awards(decision, [(nomination, "")], personas.specialist, expected_revision=1)


def test_warnings_name_an_unregistered_unit_missing_figures_and_unmet_medal_criteria(
    personas: Any, cycle: Any, newcomer: Any
) -> None:
    unit_nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    texts = " ".join(warnings_for(unit_nomination))
    assert "chưa đăng ký thi đua" in texts
    assert "chưa liên kết số liệu" in texts
    medal = services.nominate(cycle, form(MEDAL), personas.commune_unit1, newcomer, "3 năm", personas.commune1)
    assert any("chưa đủ tiêu chuẩn" in text for text in warnings_for(medal))


def test_a_registered_unit_has_no_registration_warning(personas: Any, cycle: Any) -> None:
    services.register(
        cycle, personas.commune_unit1, None, form("tap-the-ldxs"), dt.date(2025, 2, 1), "", personas.commune1
    )
    nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    assert not any("chưa đăng ký" in text for text in warnings_for(nomination))


def test_the_medal_warning_names_an_earlier_medal(personas: Any, cycle: Any, veteran: Any) -> None:
    first = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    assert not any("chưa đủ tiêu chuẩn" in text for text in warnings_for(first))


def test_the_comment_window_freezes_the_list_and_holds_back_the_decision(personas: Any, cycle: Any) -> None:
    cycle.comment_from, cycle.comment_to = dt.date(2025, 12, 10), dt.date(2025, 12, 19)
    cycle.save()
    nomination = services.nominate(
        cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1, today=dt.date(2025, 12, 9)
    )
    with pytest.raises(ValidationError, match="đã được công khai lấy ý kiến từ ngày 10/12/2025"):
        services.nominate(
            cycle, form(GK), personas.commune_unit2, None, "Muộn", personas.commune2, today=dt.date(2025, 12, 10)
        )
    decision = _decision(cycle, GK, personas.specialist)
    for day in (dt.date(2025, 12, 1), dt.date(2025, 12, 19)):
        with pytest.raises(ValidationError, match="Chưa hết thời hạn lấy ý kiến công khai"):
            services.add_awards(decision, [(nomination, "")], personas.specialist, today=day)
    assert not decision.awards.exists()
    (award,) = services.add_awards(decision, [(nomination, "")], personas.specialist, today=dt.date(2025, 12, 20))
    assert award.nomination == nomination


def test_the_comment_state_of_a_cycle_on_a_date(cycle: Any) -> None:
    assert cycle.comment_state(dt.date(2025, 12, 1)) == "none"
    cycle.comment_from, cycle.comment_to = dt.date(2025, 12, 10), dt.date(2025, 12, 19)
    states = [cycle.comment_state(dt.date(2025, 12, d)) for d in (9, 10, 19, 20)]
    assert states == ["before", "open", "open", "closed"]


def test_a_withdrawn_nomination_gets_neither_votes_nor_a_place_on_the_decision(personas: Any, cycle: Any) -> None:
    nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    member = services.add_member(cycle, "Trần Văn Hội", "Chủ tịch", personas.specialist)
    stale = Nomination.objects.get(pk=nomination.pk)
    services.withdraw(nomination, personas.commune1)
    with pytest.raises(ValidationError, match="đã được rút"):
        services.vote(Nomination.objects.get(pk=nomination.pk), member, True, None, personas.specialist)
    decision = _decision(cycle, GK, personas.specialist)
    with pytest.raises(ValidationError, match="đã rút đề nghị"):
        services.add_awards(decision, [(stale, "")], personas.specialist)
    assert not decision.awards.exists()
