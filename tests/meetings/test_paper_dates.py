"""Meeting papers are dated by their own issue date (entered, else the meeting's date), never by the day they are
downloaded, and speak with the names of that date."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.awards.test_names_of_the_date import hue
from tests.meetings.test_meetings import editor_data
from tuyengiao.followup.models import Task
from tuyengiao.meetings import papers
from tuyengiao.meetings.models import Meeting
from tuyengiao.units.models import Unit

pytestmark = pytest.mark.django_db

D = dt.date


def meeting_on(organiser: Unit, day: dt.date, **fields: Any) -> Meeting:
    tz = timezone.get_current_timezone()
    return Meeting.objects.create(
        organiser=organiser,
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title=f"Hội nghị tổng kết công tác tuyên giáo năm {day.year}",
        starts_at=dt.datetime.combine(day, dt.time(8), tzinfo=tz),
        results="Hoàn thành các chỉ tiêu.",
        **fields,
    )


class Paper:
    def __init__(self, data: bytes) -> None:
        from docx import Document

        document = Document(io.BytesIO(data))
        self.paragraphs = [p.text for p in document.paragraphs]
        self.text = "\n".join(self.paragraphs)
        self.left, self.right = (cell.text.split("\n") for cell in document.tables[0].rows[0].cells)


def test_the_notice_of_a_2023_meeting_is_dated_in_2023_not_on_the_day_it_is_downloaded(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 12, 5))
    Task.objects.create(
        title="Tổng kết Nghị quyết",
        issuer=personas.commission,
        owner=personas.commission,
        assigned_on=meeting.date,
        deadline=D(2023, 12, 31),
        meeting=meeting,
        number=1,
    )
    response = personas.client(personas.specialist).get(reverse("meetings:conclusions", args=[meeting.pk]))
    notice = Paper(response.content)
    assert notice.right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đắk Lắk, ngày 05 tháng 12 năm 2023"]
    assert notice.left == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO", "*", "Số      -TB/BTGTU"]
    assert f"năm {timezone.localdate().year}" not in " ".join(notice.right)
    assert "Ngày 05/12/2023, Ban Tuyên giáo Tỉnh ủy Đắk Lắk tổ chức" in notice.text
    invitation = Paper(
        personas.client(personas.specialist).get(reverse("meetings:invitation", args=[meeting.pk])).content
    )
    assert invitation.right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đắk Lắk, ngày 05 tháng 12 năm 2023"]


def test_entered_issue_dates_date_the_papers_and_name_the_issuer_of_that_day(personas: Any) -> None:
    """Met on 25/02/2025 as the Ban Tuyên giáo; invited on 20/02, noticed on 05/03/2025, after the merger."""
    meeting = meeting_on(
        personas.commission,
        D(2025, 2, 25),
        invitation_issued_on=D(2025, 2, 20),
        notice_issued_on=D(2025, 3, 5),
    )
    invitation = Paper(papers.invitation(meeting))
    assert invitation.right[1] == "Đắk Lắk, ngày 20 tháng 02 năm 2025"
    assert invitation.left[:2] == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO"]
    assert invitation.left[3] == "Số      -GM/BTGTU"
    assert "Ban Tuyên giáo Tỉnh ủy Đắk Lắk trân trọng kính mời:" in invitation.paragraphs
    notice = Paper(papers.conclusions(meeting))
    assert notice.right[1] == "Đắk Lắk, ngày 05 tháng 03 năm 2025"
    assert notice.left[:2] == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO VÀ DÂN VẬN"]
    assert notice.left[3] == "Số      -TB/BTGDVTU"
    assert "Ngày 25/02/2025, Ban Tuyên giáo Tỉnh ủy Đắk Lắk tổ chức" in notice.text
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk thông báo để các cơ quan, đơn vị biết" in notice.text


def test_a_2016_meeting_of_hue_is_noticed_by_the_ban_tuyen_giao_tinh_uy_thua_thien_hue(personas: Any) -> None:
    _committee, commission = hue()
    notice = Paper(papers.conclusions(meeting_on(commission, D(2016, 7, 20))))
    assert notice.left[:2] == ["TỈNH ỦY THỪA THIÊN HUẾ", "BAN TUYÊN GIÁO"]
    assert notice.right[1] == "Thừa Thiên Huế, ngày 20 tháng 07 năm 2016"
    assert "Ngày 20/07/2016, Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế tổ chức" in notice.text
    assert "Huế" not in notice.text.replace("Thừa Thiên Huế", "")


def test_the_editor_records_the_issue_dates_and_refuses_them_on_the_wrong_side_of_the_meeting(personas: Any) -> None:
    client = personas.client(personas.specialist)
    data = editor_data(personas)  # the meeting is on 08/01/2026
    data.update(invitation_issued_on="09/01/2026", notice_issued_on="07/01/2026")
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Giấy mời phải ban hành trước hoặc đúng ngày họp." in page
    assert "Thông báo kết luận phải ban hành từ ngày họp trở đi." in page
    assert not Meeting.objects.exists()
    data.update(invitation_issued_on="02/01/2026", notice_issued_on="15/01/2026")
    assert client.post(reverse("meetings:create"), data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.invitation_issued_on, meeting.notice_issued_on) == (D(2026, 1, 2), D(2026, 1, 15))
    assert (meeting.invitation_date, meeting.notice_date) == (D(2026, 1, 2), D(2026, 1, 15))
    editor = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert 'value="02/01/2026"' in editor and 'value="15/01/2026"' in editor


def test_without_entered_dates_the_papers_take_the_meeting_date(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2024, 6, 14))
    assert (meeting.invitation_date, meeting.notice_date) == (D(2024, 6, 14), D(2024, 6, 14))
