"""From record to article ("Đăng tin"): a draft with the conference's, study session's or award decision's facts,
public documents linked to the library and internal ones named only, no duplicate on a second press, and the
button only for those who may write on the portal that takes the record's unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tuyengiao.awards.models import Award, AwardForm, Decision, EmulationCycle, Nomination
from tuyengiao.documents.models import Document
from tuyengiao.followup.models import Task
from tuyengiao.meetings.models import BridgePoint, Chair, Meeting
from tuyengiao.people.models import Person
from tuyengiao.portal import drafting
from tuyengiao.portal.models import Article, ArticleEvent
from tuyengiao.units.models import names

DAY = dt.date(2025, 12, 5)


def _document(owner: Any, code: str, subject: str, visibility: str) -> Document:
    document = Document(
        owner=owner, issuer_unit=owner, issue_date=dt.date(2025, 11, 1), subject=subject, visibility=visibility
    )
    document.set_code(code)
    document.save()
    return document


@pytest.fixture
def meeting(personas: Any) -> Meeting:
    starts = timezone.make_aware(dt.datetime.combine(DAY, dt.time(8, 0)))
    meeting = Meeting.objects.create(
        organiser=personas.commission,
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title="Hội nghị tổng kết công tác tuyên giáo và dân vận năm 2025",
        starts_at=starts,
        mode=Meeting.Mode.HYBRID,
        venue="Hội trường Tỉnh ủy",
        attendees=120,
        speeches_reported=8,
    )
    Chair.objects.create(meeting=meeting, order=1, name="Nguyễn Văn An", position="Trưởng Ban Tuyên giáo và Dân vận")
    BridgePoint.objects.create(meeting=meeting, unit=personas.commune_unit1, attendees=40)
    BridgePoint.objects.create(meeting=meeting, unit=personas.commune_unit2, attendees=35)
    public = _document(personas.commission, "12-HD/BTGDVTU", "Hướng dẫn tuyên truyền năm 2026", "public")
    internal = _document(personas.commission, "13-KH/BTGDVTU", "Kế hoạch nội bộ", "internal")
    meeting.documents.add(public, internal)
    for number, title in [(1, "tăng cường tuyên truyền trên không gian mạng"), (2, "kiện toàn đội ngũ báo cáo viên")]:
        Task.objects.create(
            issuer=personas.commission,
            owner=personas.commune_unit1,
            title=title,
            assigned_on=DAY,
            meeting=meeting,
            number=number,
        )
    return meeting


def test_a_draft_from_a_conference_carries_its_facts(personas: Any, portal: Any, meeting: Meeting) -> None:
    article, created = drafting.draft_from_meeting(meeting, portal, personas.specialist)
    assert created and article.status == Article.Status.DRAFT
    lead, body = article.summary, article.body
    assert lead.startswith("08 giờ ngày 05/12/2025, ") and "tại Hội trường Tỉnh ủy" in lead
    assert "tổ chức hội nghị tổng kết công tác" in lead  # not "tổ chức hội nghị Hội nghị …"
    assert "Đồng chí Nguyễn Văn An, Trưởng Ban Tuyên giáo và Dân vận chủ trì hội nghị." in body
    labels = names([personas.commune_unit1.pk, personas.commune_unit2.pk], DAY)
    assert "2 điểm cầu" in body
    assert labels[personas.commune_unit1.pk] in body and labels[personas.commune_unit2.pk] in body
    public = Document.objects.get(code="12-HD/BTGDVTU")
    assert f'<a href="/cong/dak-lak/van-ban/{public.pk}/"' in body
    internal = Document.objects.get(code="13-KH/BTGDVTU")
    assert "13-KH/BTGDVTU" in body and f"/van-ban/{internal.pk}/" not in body
    assert (
        "<strong>Một là,</strong> tăng cường tuyên truyền trên không gian mạng;" in body
        and "<strong>Hai là,</strong>" in body
    )
    assert "8 ý kiến phát biểu" in body
    assert article.section.slug == "tin-hoat-dong"
    assert (article.source_kind, article.source_id) == (Article.Source.MEETING, meeting.pk)
    event = article.events.get()
    assert event.action == ArticleEvent.Action.CREATED and event.note.startswith("Soạn từ hội nghị")
    assert article.author_name == personas.specialist.full_name


def test_a_study_session_is_drafted_as_such(personas: Any, portal: Any, meeting: Meeting) -> None:
    meeting.kind = Meeting.Kind.STUDY_SESSION
    meeting.save()
    article, _created = drafting.draft_from_meeting(meeting, portal, personas.specialist)
    assert article.source_kind == Article.Source.STUDY_SESSION
    assert "học tập, quán triệt" in article.body and "hội nghị học tập, quán triệt" in article.summary


def test_pressing_dang_tin_twice_opens_the_same_draft(personas: Any, portal: Any, meeting: Meeting) -> None:
    client = personas.client(personas.specialist)
    first = client.post(reverse("portal:draft_meeting", args=[meeting.pk]))
    second = client.post(reverse("portal:draft_meeting", args=[meeting.pk]))
    article = Article.objects.get()
    assert first["Location"] == second["Location"] == reverse("portal:edit", args=[article.pk])


def test_the_meeting_page_offers_dang_tin_to_those_who_write_on_the_portal(
    personas: Any, portal: Any, meeting: Meeting
) -> None:
    url = reverse("meetings:detail", args=[meeting.pk])
    assert 'data-testid="draft-article"' in personas.client(personas.specialist).get(url).content.decode()
    viewer = personas.client(personas.viewer).get(url)
    if viewer.status_code == 200:
        assert 'data-testid="draft-article"' not in viewer.content.decode()


def test_no_portal_no_button(personas: Any, meeting: Meeting) -> None:
    page = personas.client(personas.specialist).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="draft-article"' not in page
    assert (
        personas.client(personas.specialist).post(reverse("portal:draft_meeting", args=[meeting.pk])).status_code == 404
    )


def test_an_outsider_cannot_draft_from_a_dak_lak_meeting(personas: Any, portal: Any, meeting: Meeting) -> None:
    assert (
        personas.client(personas.outsider).post(reverse("portal:draft_meeting", args=[meeting.pk])).status_code == 404
    )
    assert not Article.objects.exists()


def test_a_communes_record_finds_its_provinces_portal(personas: Any, portal: Any, lam_dong_portal: Any) -> None:
    assert drafting.portal_for(personas.commune_unit1) == portal
    assert drafting.portal_for(personas.lam_dong) == lam_dong_portal


@pytest.fixture
def decision(personas: Any) -> Decision:
    from tuyengiao.awards.catalogue import ensure_catalogue

    ensure_catalogue(AwardForm)
    award_form = AwardForm.objects.filter(kind=AwardForm.Kind.AWARD).order_by("pk").first()
    cycle = EmulationCycle.objects.create(unit=personas.commission, year=2025, title="Thi đua năm 2025")
    decision = Decision.objects.create(
        cycle=cycle,
        award_form=award_form,
        subject="Khen thưởng tập thể, cá nhân có thành tích xuất sắc năm 2025",
        number="150-QĐ/BTGDVTU",
        issued_on=DAY,
        signer_name="Nguyễn Văn An",
    )
    person = Person.objects.create(full_name="Trần Thị Bình")
    nomination = Nomination.objects.create(
        cycle=cycle, award_form=award_form, unit=personas.commune_unit1, person=person, achievements="Xuất sắc"
    )
    Award.objects.create(
        decision=decision, nomination=nomination, award_form=award_form, unit=personas.commune_unit1, person=person
    )
    return decision


def test_a_draft_from_an_award_decision_lists_the_awards(personas: Any, portal: Any, decision: Decision) -> None:
    response = personas.client(personas.specialist).post(reverse("portal:draft_decision", args=[decision.pk]))
    assert response.status_code == 302
    article = Article.objects.get()
    assert "150-QĐ/BTGDVTU" in article.summary and "05/12/2025" in article.summary
    assert "Trần Thị Bình" in article.body
    assert names([personas.commune_unit1.pk], DAY)[personas.commune_unit1.pk] in article.body
    assert (article.source_kind, article.source_id) == (Article.Source.AWARD_DECISION, decision.pk)


def test_the_decision_page_offers_dang_tin(personas: Any, portal: Any, decision: Decision) -> None:
    page = personas.client(personas.specialist).get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert 'data-testid="draft-article"' in page
