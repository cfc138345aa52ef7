"""The demo records the awards of seeds 000, 001 and 003 through the whole cycle, with the pages' services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tuyengiao.awards.demo import ensure_awards
from tuyengiao.awards.models import Award, Decision, Registration, Vote
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.meetings.demo import ensure_meetings
from tuyengiao.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(personas: Any) -> dict[str, Decision]:
    ensure_documents()
    ensure_meetings()
    assert ensure_awards() == 4
    assert ensure_awards() == 0
    return {d.number: d for d in Decision.objects.with_counts().select_related("meeting", "document", "award_form")}


def test_the_seed_decisions_carry_the_seed_counts_and_link_their_conferences(recorded: dict[str, Decision]) -> None:
    lam_dong, lai_chau = recorded["01-QĐ/BTGTU"], recorded["02-QĐ/BTGTU"]
    assert lam_dong.count_text == "13 tập thể"
    assert lai_chau.count_text == "9 tập thể và 9 cá nhân"
    assert lam_dong.meeting.starts_at.date() == dt.date(2024, 1, 4)
    assert lai_chau.meeting.starts_at.date() == dt.date(2021, 1, 15)
    assert lam_dong.document.code == "01-QĐ/BTGTU" and lam_dong.issued_on == dt.date(2024, 1, 3)
    thai_nguyen = {recorded["1245-QĐ/BTGTW"].award_form.code, recorded["2150-QĐ/TU"].award_form.code}
    assert thai_nguyen == {"bang-khen-ban-tw", "bang-khen-btv-tinh-uy"}
    assert recorded["2150-QĐ/TU"].meeting.starts_at.date() == dt.date(2024, 7, 3)
    names = set(Award.objects.filter(decision=lam_dong).values_list("collective_name", flat=True))
    assert "Ban Tuyên giáo Huyện ủy Cát Tiên" in names


def test_every_seed_award_went_through_registration_votes_and_the_comment_window(
    recorded: dict[str, Decision],
) -> None:
    for decision in recorded.values():
        cycle = decision.cycle
        members = cycle.council.count()
        assert members >= 3 and cycle.comment_to is not None
        for award in decision.awards.select_related("nomination"):
            assert Vote.objects.filter(nomination=award.nomination, agree=True).count() == members
            assert Registration.objects.filter(cycle=cycle, unit=award.unit, person=award.person).exists()
        assert cycle.comment_to < decision.issued_on


def test_the_conference_page_lists_the_decisions_presented_with_their_counts(
    personas: Any, recorded: dict[str, Decision]
) -> None:
    meeting = Meeting.objects.get(organiser__key="com:p:68")
    page = personas.client(personas.outsider).get(meeting.get_absolute_url()).content.decode()
    assert "Quyết định số 01-QĐ/BTGTU" in page and "13 tập thể" in page
    assert reverse("awards:decision", args=[recorded["01-QĐ/BTGTU"].pk]) in page
    # Đắk Lắk's specialist cannot open Lâm Đồng's meeting, nor its decision.
    other = personas.client(personas.specialist)
    assert other.get(reverse("awards:decision", args=[recorded["01-QĐ/BTGTU"].pk])).status_code == 404


def test_the_yearly_list_counts_the_seed_awards_per_conference(personas: Any, recorded: dict[str, Decision]) -> None:
    page = personas.client(personas.outsider).get(reverse("awards:list")).content.decode()
    per_meeting = page.split('data-testid="counts-meeting"')[1].split("</ul>")[0]
    assert "Hội nghị tổng kết công tác Tuyên giáo năm 2023" in per_meeting
    assert "(04/01/2024): 13 tập thể, 0 cá nhân" in per_meeting
    per_year = page.split('data-testid="counts-year"')[1].split("</table>")[0]
    assert "<td>2023</td><td>13</td><td>0</td>" in per_year


def test_the_seed_cycle_page_names_bloc_members_and_shows_the_list_frozen_after_the_comment_window(
    personas: Any, recorded: dict[str, Decision]
) -> None:
    cycle = recorded["01-QĐ/BTGTU"].cycle
    page = personas.client(personas.outsider).get(reverse("awards:cycle", args=[cycle.pk])).content.decode()
    blocs = page.split('data-testid="blocs"')[1].split("</ul>")[0]
    assert "Thành ủy Đà Lạt" in blocs and "d:672" not in blocs
    assert 'data-testid="nominations-frozen"' in page and 'data-testid="nomination-form"' not in page
    assert "Đã hết hạn lấy ý kiến" in page
