"""Issue #14: the meeting papers read as an office would write them.

The notice lowers each task after "Một là,"; the signature block follows who signs and prints the signer's name;
the higher body of the HD 36 header is in regular type; the invitation says who chairs once and asks only a
bridged meeting to test its lines; the notice also comes as a PDF of one page without a blank one.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.meetings.test_paper_dates import Paper, meeting_on
from tuyengiao.followup.models import Task
from tuyengiao.lib import officedoc
from tuyengiao.meetings import papers
from tuyengiao.meetings.demo import ensure_meetings
from tuyengiao.meetings.models import BridgePoint, Chair, Meeting

pytestmark = pytest.mark.django_db

D = dt.date

needs_office = pytest.mark.skipif(
    (officedoc.soffice() is None or shutil.which("pdfinfo") is None) and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) and poppler (pdfinfo, pdftotext) are needed: scripts/install-office.sh",
)


def add_tasks(meeting: Meeting, *titles: str) -> None:
    for number, title in enumerate(titles, start=1):
        Task.objects.create(
            title=title,
            issuer=meeting.organiser,
            owner=meeting.organiser,
            assigned_on=meeting.date,
            meeting=meeting,
            number=number,
        )


def signature(data: bytes) -> list[str]:
    from docx import Document

    cells = Document(io.BytesIO(data)).tables[-1].rows[0].cells
    return [line for line in cells[1].text.split("\n") if line]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tiếp tục quán triệt nghị quyết", "tiếp tục quán triệt nghị quyết"),
        ("Đẩy mạnh tuyên truyền", "đẩy mạnh tuyên truyền"),
        ("Đảng ủy các xã tổ chức học tập", "Đảng ủy các xã tổ chức học tập"),
        ("Ban Thường vụ chỉ đạo", "Ban Thường vụ chỉ đạo"),
        ("Nghị quyết Đại hội XIII được quán triệt", "Nghị quyết Đại hội XIII được quán triệt"),
        ("HĐND các cấp giám sát", "HĐND các cấp giám sát"),
        ("tiếp tục rồi", "tiếp tục rồi"),
    ],
)
def test_a_task_reads_in_lower_case_after_its_ordinal_unless_it_opens_with_a_proper_name(title, expected):
    assert papers.clause(title) == expected


def test_the_notice_lowers_each_task_after_mot_la_and_the_meeting_page_reads_the_same(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    add_tasks(meeting, "Tiếp tục quán triệt Nghị quyết số 35-NQ/TW", "Đảng ủy các xã tổ chức học tập")
    notice = Paper(papers.conclusions(meeting))
    assert "Một là, tiếp tục quán triệt Nghị quyết số 35-NQ/TW." in notice.paragraphs
    assert "Hai là, Đảng ủy các xã tổ chức học tập." in notice.paragraphs
    page = personas.client(personas.specialist).get(meeting.get_absolute_url()).content.decode()
    assert "<strong>Một là,</strong> tiếp tục quán triệt" in page


def test_the_head_who_chaired_signs_truong_ban_with_her_name_not_for_the_head(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    Chair.objects.create(meeting=meeting, name="Nguyễn Thị Hoa", position="Trưởng Ban Tuyên giáo Tỉnh ủy")
    add_tasks(meeting, "Tiếp tục quán triệt")
    assert signature(papers.conclusions(meeting)) == ["TRƯỞNG BAN", "Nguyễn Thị Hoa"]
    assert signature(papers.invitation(meeting)) == ["TRƯỞNG BAN", "Nguyễn Thị Hoa"]


def test_a_deputy_who_chaired_signs_for_the_head_with_his_name(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    Chair.objects.create(meeting=meeting, name="Trần Văn Nam", position="Phó Trưởng Ban Tuyên giáo Tỉnh ủy")
    assert signature(papers.conclusions(meeting)) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Văn Nam"]


def test_a_collective_signature_names_the_body_as_called_on_the_papers_date(personas: Any) -> None:
    """Met on 25/02/2025 as the Ban Tuyên giáo; the notice of 05/03/2025 is signed for the merged commission."""
    meeting = meeting_on(
        personas.commission,
        D(2025, 2, 25),
        notice_issued_on=D(2025, 3, 5),
        signer_role=Meeting.SignerRole.COLLECTIVE,
        signer_name="Lê Văn Bình",
    )
    assert signature(papers.conclusions(meeting)) == ["T/M BAN TUYÊN GIÁO VÀ DÂN VẬN", "TRƯỞNG BAN", "Lê Văn Bình"]
    assert signature(papers.invitation(meeting)) == ["T/M BAN TUYÊN GIÁO", "TRƯỞNG BAN", "Lê Văn Bình"]


def test_a_committees_paper_signed_by_its_secretary_is_on_behalf_of_the_standing_committee(personas: Any) -> None:
    meeting = meeting_on(personas.province, D(2023, 7, 20))
    Chair.objects.create(meeting=meeting, name="Lê Thị Mai", position="Bí thư Tỉnh ủy")
    assert signature(papers.invitation(meeting)) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lê Thị Mai"]


def test_the_higher_body_is_in_regular_type_and_the_issuing_body_in_bold(personas: Any) -> None:
    from docx import Document

    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    for data in (papers.invitation(meeting), papers.conclusions(meeting)):
        left = Document(io.BytesIO(data)).tables[0].rows[0].cells[0].paragraphs
        assert (left[0].text, left[1].text) == ("TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO")
        assert not any(run.bold for run in left[0].runs)
        assert all(run.bold for run in left[1].runs)


def test_the_invitation_says_who_chairs_once(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    Chair.objects.create(meeting=meeting, name="Nguyễn Thị Hoa", position="Trưởng Ban Tuyên giáo Tỉnh ủy")
    text = Paper(papers.invitation(meeting)).text
    assert "Chủ trì: đồng chí Nguyễn Thị Hoa - Trưởng Ban Tuyên giáo Tỉnh ủy." in text
    assert text.count("chủ trì") == 0


def test_only_a_bridged_meeting_asks_its_bridge_points_to_test_their_lines(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 7, 20), mode=Meeting.Mode.IN_PERSON)
    text = Paper(papers.invitation(meeting)).text
    assert "Đề nghị các đồng chí sắp xếp công việc tham dự đúng thời gian, thành phần." in text
    assert "đường truyền" not in text
    meeting.mode = Meeting.Mode.HYBRID
    meeting.save()
    BridgePoint.objects.create(meeting=meeting, unit=personas.province, attendees=30)
    assert "các điểm cầu kiểm tra đường truyền trước giờ họp 30 phút." in Paper(papers.invitation(meeting)).text


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdfinfo and pdftotext)."""
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@needs_office
def test_the_notice_downloads_as_a_one_page_pdf_with_the_lowered_tasks(personas: Any, tmp_path: Path) -> None:
    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    Chair.objects.create(meeting=meeting, name="Nguyễn Thị Hoa", position="Trưởng Ban Tuyên giáo Tỉnh ủy")
    add_tasks(meeting, "Tiếp tục quán triệt nghị quyết", "Kiện toàn đội ngũ báo cáo viên")
    response = personas.client(personas.specialist).get(reverse("meetings:conclusions_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content, tmp_path)
    assert len(pages) == 1
    assert "Một là, tiếp tục quán triệt nghị quyết." in pages[0]
    assert "Nguyễn Thị Hoa" in pages[0]


@needs_office
def test_a_notice_that_fills_its_first_page_has_no_blank_page(personas: Any, tmp_path: Path) -> None:
    """The demo's 2021 review filled its first page: the signature row split at its empty room-to-sign
    paragraph and LibreOffice printed an empty second page. Every page now carries text."""
    ensure_meetings()
    meeting = Meeting.objects.get(title__contains="tổng kết công tác tuyên giáo năm 2021")
    pages = pdf_pages(officedoc.pdf_from_docx(papers.conclusions(meeting)), tmp_path)
    assert all(page.strip() for page in pages), [len(page.strip()) for page in pages]
    assert "K/T TRƯỞNG BAN" in pages[-1]


def test_without_libreoffice_the_pdf_link_says_so_in_vietnamese(personas: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(officedoc, "soffice", lambda: None)
    meeting = meeting_on(personas.commission, D(2023, 7, 20))
    add_tasks(meeting, "Tiếp tục quán triệt")
    client = personas.client(personas.specialist)
    response = client.get(reverse("meetings:conclusions_pdf", args=[meeting.pk]), follow=True)
    assert "chưa cài LibreOffice" in response.content.decode()
    outsider = personas.client(personas.outsider)
    assert outsider.get(reverse("meetings:conclusions_pdf", args=[meeting.pk])).status_code == 404
