"""The meetings area through its pages: recording a meeting in full, stale edits, scoping, the papers
(invitation, attendance sheet, notice of conclusions), the calendar and the iCalendar feed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.followup.models import Task
from tuyengiao.meetings.demo import ensure_meetings
from tuyengiao.meetings.forms import PREFIXES
from tuyengiao.meetings.models import BridgePoint, CalendarFeed, Meeting

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def registry(personas) -> dict[str, Document]:
    ensure_documents()
    decision = Document(
        owner=personas.commission,
        issuer_unit=personas.commission,
        issue_date=dt.date(2025, 9, 1),
        subject="Tặng Giấy khen",
    )
    decision.set_code("07-QĐ/BTGDVTU")
    decision.save()
    return {d.code: d for d in Document.objects.all()}


def management(prefix: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def editor_data(personas, **lists: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organiser": personas.commission.pk,
        "kind": "annual_review",
        "title": "Hội nghị tổng kết công tác tuyên giáo năm 2025",
        "period": "2025",
        "day": "08/01/2026",
        "start_time": "08:00",
        "end_time": "11:30",
        "mode": "hybrid",
        "venue": "Hội trường Tỉnh ủy",
        "attendees": "120",
        "party_members": "110",
        "results": "Hoàn thành các chỉ tiêu.",
        "limitations": "Đội ngũ báo cáo viên còn mỏng.",
        "conclusions": "Năm 2026 tập trung:",
    }
    for name, prefix in PREFIXES.items():
        data.update(management(prefix, lists.get(name, [])))
    return data


def full_lists(personas) -> dict[str, list[dict[str, Any]]]:
    return {
        "chairs": [{"name": "", "position": "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"}],
        "bridge_points": [
            {"unit": personas.commune_unit1.pk, "venue": "Hội trường phường", "attendees": "40", "leader": "Bí thư"}
        ],
        "guests": [{"name": "", "position": "Lãnh đạo", "unit_text": "Sở Văn hóa"}],
        "agenda": [{"title": "Báo cáo tổng kết", "presenter": "Văn phòng Ban"}],
        "speeches": [
            {"speaker": "", "unit": personas.commune_unit1.pk, "title": "Tuyên truyền miệng", "kind": "spoken"}
        ],
        "documents": [{"document": "5-ct/tw"}],
        "tasks": [
            {"title": "Tuyên truyền nghị quyết đại hội", "owner": "", "deadline": ""},
            {"title": "Kiện toàn đội ngũ báo cáo viên", "owner": personas.commune_unit1.pk, "deadline": "30/06/2026"},
        ],
    }


def create(personas, client=None, organiser=None, **lists) -> Meeting:
    client = client or personas.client(personas.specialist)
    data = editor_data(personas, **lists)
    if organiser is not None:
        data["organiser"] = organiser.pk
    response = client.post(reverse("meetings:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Meeting.objects.latest("pk")


def test_a_specialist_records_a_conference_in_full_with_numbered_tasks(personas, registry):
    meeting = create(personas, **full_lists(personas))
    assert meeting.starts_at == dt.datetime(2026, 1, 8, 8, tzinfo=timezone.get_current_timezone())
    assert [c.position for c in meeting.chairs.all()] == ["Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"]
    assert meeting.bridge_points.get().unit == personas.commune_unit1
    assert list(meeting.documents.values_list("code", flat=True)) == ["05-CT/TW"]
    tasks = list(meeting.tasks.order_by("number"))
    assert [(t.number, t.owner, t.issuer, t.assigned_on) for t in tasks] == [
        (1, personas.commission, personas.commission, dt.date(2026, 1, 8)),
        (2, personas.commune_unit1, personas.commission, dt.date(2026, 1, 8)),
    ]
    page = personas.client(personas.specialist).get(meeting.get_absolute_url()).content.decode()
    assert "Một là," in page and "Hai là," in page
    assert 'data-testid="speeches-count">1<' in page
    assert meeting.history.count() == 1


def test_a_stale_form_is_refused_and_nothing_is_saved(personas, registry):
    meeting = create(personas, **full_lists(personas))
    client = personas.client(personas.specialist)
    url = reverse("meetings:edit", args=[meeting.pk])
    data = editor_data(personas)
    data["title"] = "Tên mới"
    data["revision"] = meeting.revision - 1
    response = client.post(url, data)
    assert response.status_code == 200
    assert "đã được người khác sửa" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "Hội nghị tổng kết công tác tuyên giáo năm 2025"


def test_tasks_are_renumbered_when_one_is_removed(personas, registry):
    meeting = create(personas, **full_lists(personas))
    first, second = meeting.tasks.order_by("number")
    data = editor_data(personas)
    data.update(
        {
            "revision": meeting.revision,
            "nhiem-vu-TOTAL_FORMS": 2,
            "nhiem-vu-INITIAL_FORMS": 2,
            "nhiem-vu-0-id": first.pk,
            "nhiem-vu-0-title": first.title,
            "nhiem-vu-0-DELETE": "on",
            "nhiem-vu-1-id": second.pk,
            "nhiem-vu-1-title": second.title,
            "nhiem-vu-1-owner": personas.commune_unit1.pk,
        }
    )
    response = personas.client(personas.specialist).post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert list(Task.objects.filter(meeting=meeting).values_list("pk", "number")) == [(second.pk, 1)]


def test_a_forged_speech_file_is_refused(personas, registry):
    lists = full_lists(personas)
    data = editor_data(personas, **lists)
    data["phat-bieu-0-file"] = SimpleUploadedFile("tham-luan.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = personas.client(personas.specialist).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert "không phải PDF, DOCX, PNG hoặc JPG hợp lệ" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_speech_file_is_stored_and_served_within_scope_only(personas, registry):
    data = editor_data(personas, **full_lists(personas))
    data["phat-bieu-0-file"] = SimpleUploadedFile("tham-luan.pdf", PDF, content_type="application/pdf")
    response = personas.client(personas.specialist).post(reverse("meetings:create"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    speech = meeting.speeches.get()
    assert speech.content_type == "application/pdf" and speech.original_name == "tham-luan.pdf"
    url = reverse("meetings:speech_file", args=[meeting.pk, speech.pk])
    assert b"".join(personas.client(personas.commune1).get(url).streaming_content) == PDF
    assert personas.client(personas.outsider).get(url).status_code == 404


def test_scoping_another_province_gets_404_and_communes_see_what_concerns_them(personas, registry):
    meeting = create(personas, **full_lists(personas))
    commune_meeting = create(
        personas,
        client=personas.client(personas.commune1),
        organiser=personas.commune_unit1,
        **{"chairs": [{"name": "", "position": "Bí thư Đảng ủy phường"}]},
    )
    detail = reverse("meetings:detail", args=[meeting.pk])
    outsider = personas.client(personas.outsider)
    for name in ("detail", "edit", "invitation", "attendance", "conclusions"):
        assert outsider.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    assert meeting.title not in outsider.get(reverse("meetings:list")).content.decode()
    # A commune reads its province's conferences (shared down) but may not edit them.
    commune2 = personas.client(personas.commune2)
    assert commune2.get(detail).status_code == 200
    assert commune2.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 404
    # Another commune's own meeting stays with that commune and those above it.
    assert commune2.get(reverse("meetings:detail", args=[commune_meeting.pk])).status_code == 404
    assert (
        personas.client(personas.leader).get(reverse("meetings:detail", args=[commune_meeting.pk])).status_code == 200
    )


def test_a_unit_joining_as_a_bridge_point_sees_the_meeting(personas, registry):
    meeting = create(personas)
    meeting.organiser = personas.lam_dong
    meeting.save()
    client = personas.client(personas.commune1)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    BridgePoint.objects.create(meeting=meeting, unit=personas.commune_unit1)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_the_list_filters_by_accentless_title_kind_and_year_in_bounded_queries(
    personas, registry, django_assert_max_num_queries
):
    for _ in range(3):
        create(personas, **full_lists(personas))
    create(personas)  # a fourth one without lists
    client = personas.client(personas.specialist)
    url = reverse("meetings:list")
    # Constant: does not grow with the rows (one of them reads the user's read scope once for all the others).
    with django_assert_max_num_queries(23):
        page = client.get(url, {"q": "tong ket cong tac", "loai": "annual_review", "nam": "2026"}).content.decode()
    assert page.count("Hội nghị tổng kết công tác tuyên giáo năm 2025") == 4
    assert "Không có hội nghị nào" in client.get(url, {"q": "giao ban"}).content.decode()


def test_the_notice_of_conclusions_carries_the_numbered_tasks_in_the_party_layout(personas, registry):
    from docx import Document as Docx

    meeting = create(personas, **full_lists(personas))
    response = personas.client(personas.specialist).get(reverse("meetings:conclusions", args=[meeting.pk]))
    document = Docx(io.BytesIO(response.content))
    header = document.tables[0].rows[0].cells
    assert "TỈNH ỦY ĐẮK LẮK" in header[0].text and "-TB/BTGDVTU" in header[0].text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "THÔNG BÁO" in text
    assert "Một là, tuyên truyền nghị quyết đại hội." in text
    commune = personas.commune_unit1.version_on(dt.date(2026, 1, 8)).name
    assert f"Hai là, kiện toàn đội ngũ báo cáo viên (đơn vị chủ trì: {commune}; thời hạn: 30/06/2026)." in text
    assert "Đội ngũ báo cáo viên còn mỏng." in text


def test_the_invitation_and_the_attendance_sheet_per_bridge_point(personas, registry):
    from docx import Document as Docx
    from openpyxl import load_workbook

    meeting = create(personas, **full_lists(personas))
    client = personas.client(personas.specialist)
    invitation = Docx(io.BytesIO(client.get(reverse("meetings:invitation", args=[meeting.pk])).content))
    text = "\n".join(p.text for p in invitation.paragraphs)
    assert "GIẤY MỜI" in text and "Thời gian: Từ 08 giờ 00 đến 11 giờ 30, ngày 08/01/2026." in text
    commune = personas.commune_unit1.version_on(dt.date(2026, 1, 8)).name
    assert f"+ {commune} – Hội trường phường" in text
    book = load_workbook(io.BytesIO(client.get(reverse("meetings:attendance", args=[meeting.pk])).content))
    assert book.sheetnames == ["Điểm cầu chính", commune[:28]]
    main, bridge = book.worksheets
    assert [c.value for c in main[6]] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Ký tên"]
    assert main.cell(row=7, column=3).value == "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert main.max_row == 6 + 120
    assert bridge.cell(row=7, column=2).value == "Bí thư" and bridge.max_row == 6 + 40


def test_the_calendar_shows_meetings_task_deadlines_of_the_unit(personas, registry):
    create(personas, **full_lists(personas))
    client = personas.client(personas.commune1)
    page = client.get(
        reverse("meetings:calendar"), {"don_vi": personas.commune_unit1.pk, "thang": "2026-06"}
    ).content.decode()
    assert "Hạn nhiệm vụ: Kiện toàn đội ngũ báo cáo viên" in page
    page = client.get(
        reverse("meetings:calendar"), {"don_vi": personas.commune_unit1.pk, "thang": "2026-01"}
    ).content.decode()
    assert "Hội nghị tổng kết công tác tuyên giáo năm 2025" in page
    other = personas.client(personas.outsider)
    assert other.get(reverse("meetings:calendar"), {"don_vi": personas.commune_unit1.pk}).status_code == 404


def test_the_ics_feed_works_without_a_session_is_scoped_and_can_be_regenerated(personas, registry, client):
    meeting = create(personas, **full_lists(personas))
    meeting.starts_at = timezone.now() + dt.timedelta(days=3)
    meeting.ends_at = None
    meeting.save()
    owner = personas.client(personas.commune2)
    owner.post(reverse("meetings:feed_create"))
    token = CalendarFeed.objects.get(user=personas.commune2).token
    body = client.get(reverse("meetings:feed", args=[token])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:hoi-nghi-{meeting.pk}@tuyengiao" in body
    outsider = personas.client(personas.outsider)
    outsider.post(reverse("meetings:feed_create"))
    other = client.get(reverse("meetings:feed", args=[CalendarFeed.objects.get(user=personas.outsider).token]))
    assert f"hoi-nghi-{meeting.pk}@" not in other.content.decode()
    owner.post(reverse("meetings:feed_create"))
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404
    owner.post(reverse("meetings:feed_revoke"))
    assert not CalendarFeed.objects.filter(user=personas.commune2).exists()
    assert owner.post(reverse("meetings:feed_settings"), {"action": "tao"}).status_code == 405  # one URL per action
    assert not CalendarFeed.objects.filter(user=personas.commune2).exists()


def test_the_demo_records_the_seed_conferences_idempotently(personas):
    ensure_documents()
    assert ensure_meetings() == 6
    assert ensure_meetings() == 0
    lai_chau = Meeting.objects.get(organiser__key="com:p:12")
    assert lai_chau.speeches_reported == 8
    assert lai_chau.tasks.count() == 6
    assert Meeting.objects.filter(kind=Meeting.Kind.STUDY_SESSION).get().bridge_points.count() == 2


def test_the_total_attendance_says_not_recorded_until_a_count_is_entered(personas, registry):
    meeting = create(personas)
    Meeting.objects.filter(pk=meeting.pk).update(attendees=None)
    client = personas.client(personas.specialist)
    assert client.get(meeting.get_absolute_url()).context["total_attendees"] is None
    BridgePoint.objects.create(meeting=meeting, unit=personas.commune_unit1, attendees=40)
    BridgePoint.objects.create(meeting=meeting, unit=personas.commune_unit2)
    assert client.get(meeting.get_absolute_url()).context["total_attendees"] == 40


# --- Stale edits (lib/revision.py): a missing revision is refused, a concurrent save never overwrites -----------------


def _opened_revision(client, url) -> str:
    import re

    html = client.get(url).content.decode()
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


def test_an_edit_without_the_revision_changes_nothing_and_says_to_reload(personas, registry):
    meeting = create(personas)
    client = personas.client(personas.specialist)
    data = {**editor_data(personas), "title": "Tên không có phiên bản"}
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.revision) == ("Hội nghị tổng kết công tác tuyên giáo năm 2025", 1)


def test_two_people_open_the_same_meeting_and_the_second_save_is_refused(personas, registry):
    meeting = create(personas)
    url = reverse("meetings:edit", args=[meeting.pk])
    first, second = personas.client(personas.specialist), personas.client(personas.leader)
    first_revision, second_revision = _opened_revision(first, url), _opened_revision(second, url)
    saved = first.post(url, {**editor_data(personas), "title": "Sửa của chuyên viên", "revision": first_revision})
    assert saved.status_code == 302
    refused = second.post(url, {**editor_data(personas), "title": "Sửa của lãnh đạo", "revision": second_revision})
    assert refused.status_code == 200 and "đã được người khác sửa" in refused.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.revision) == ("Sửa của chuyên viên", 2)


def test_the_attendance_sheet_neutralises_typed_formulas_and_is_named_after_the_meeting(personas, registry):
    from openpyxl import load_workbook

    meeting = create(personas, **full_lists(personas))
    meeting.title = "Hội nghị Đảng bộ tỉnh Đắk Lắk\x07"
    meeting.save(update_fields=["title"])
    meeting.guests.update(name='=HYPERLINK("http://evil.example","Bấm")', position="+1 chức vụ", unit_text="@SUM(A1)")
    response = personas.client(personas.specialist).get(reverse("meetings:attendance", args=[meeting.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-dai-bieu-hoi-nghi-dang-bo-tinh-dak-lak.xlsx"; '
        "filename*=UTF-8''Danh%20s%C3%A1ch%20%C4%91%E1%BA%A1i%20bi%E1%BB%83u%20-%20H%E1%BB%99i%20ngh%E1%BB%8B%20"
        "%C4%90%E1%BA%A3ng%20b%E1%BB%99%20t%E1%BB%89nh%20%C4%90%E1%BA%AFk%20L%E1%BA%AFk.xlsx"
    )
    main = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert main["A3"].value == "Hội nghị Đảng bộ tỉnh Đắk Lắk"  # the control character removed
    guest = next(row for row in main.iter_rows(min_row=7) if row[1].value and row[1].value.startswith("="))
    assert [c.value for c in guest[1:4]] == ['=HYPERLINK("http://evil.example","Bấm")', "+1 chức vụ", "@SUM(A1)"]
    assert all(c.data_type == "s" and c.quotePrefix for c in guest[1:4])  # text, never a formula


def test_the_calendar_opens_on_the_users_own_living_unit_and_offers_no_dissolved_one(personas):
    """A Đắk Lắk specialist reads old Phú Yên's archive too; the calendar used to open on its dissolved commission."""
    response = personas.client(personas.specialist).get(reverse("meetings:calendar"))
    assert response.context["unit"] == personas.commission
    offered = {unit.key for unit, _name in response.context["units"]}
    assert "com:p:54" not in offered and personas.commission.key in offered
    commune = personas.client(personas.commune1).get(reverse("meetings:calendar"))
    assert commune.context["unit"] == personas.commune_unit1


def test_a_meeting_without_conclusions_or_tasks_offers_no_notice_of_conclusions(personas, registry):
    meeting = create(personas)
    Meeting.objects.filter(pk=meeting.pk).update(conclusions="")
    client = personas.client(personas.specialist)
    assert "Thông báo kết luận (DOCX)" not in client.get(meeting.get_absolute_url()).content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(conclusions="Năm 2026 tập trung:")
    assert "Thông báo kết luận (DOCX)" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_period_reviewed_is_written_as_people_write_it_and_shown_so(personas, registry):
    client = personas.client(personas.specialist)
    data = editor_data(personas)
    data["period"] = "6 tháng đầu năm 2025"
    assert client.post(reverse("meetings:create"), data).status_code == 302
    meeting = Meeting.objects.latest("pk")
    assert meeting.period == "2025S1"
    edit = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert 'value="6 tháng đầu năm 2025"' in edit
    assert 'list="id_period-list"' in edit and '<option value="Quý III năm 2025">' in edit  # chosen, not typed
    data["period"] = "quý 5 năm 2025"
    refused = client.post(reverse("meetings:create"), data).content.decode()
    assert "Không đọc được kỳ “quý 5 năm 2025”" in refused
