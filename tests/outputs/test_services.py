from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.outputs.conftest import DAY, make_issue
from tuyengiao.documents.models import Document
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.outputs import services
from tuyengiao.outputs.models import Issue, Recipient, bulletin_name_on

pytestmark = pytest.mark.django_db


def test_an_issue_keeps_its_topics_in_order_and_its_recipients(guidance, personas):
    assert [t.title for t in guidance.topics.all()] == ["Tuyên truyền Ngày Pháp luật", "Phòng, chống bão lũ"]
    assert list(guidance.recipients.values_list("unit_id", flat=True)) == [personas.commune_unit1.pk]
    assert guidance.history.count() == 1


def test_topics_are_read_one_a_line_with_a_summary_after_the_bar():
    rows = services.parse_topics("1. Ngày Quốc khánh | Kỷ niệm 2/9\n\n- Phòng chống dịch\n")
    assert rows == [services.TopicRow("Ngày Quốc khánh", "Kỷ niệm 2/9"), services.TopicRow("Phòng chống dịch")]


def test_the_bulletin_takes_the_name_of_its_date():
    assert bulletin_name_on(dt.date(2024, 12, 31)) == "Bản tin Thông báo nội bộ"
    assert bulletin_name_on(dt.date(2025, 1, 1)) == "Thông tin sinh hoạt chi bộ"


def test_a_stale_edit_is_refused_and_changes_nothing(guidance, personas):
    guidance.title = "Đã sửa"
    with pytest.raises(StaleEdit):
        services.save_issue(
            guidance, topics=[], recipients=[], user=personas.specialist, expected=guidance.revision - 1
        )
    fresh = Issue.objects.get(pk=guidance.pk)
    assert fresh.title != "Đã sửa" and fresh.topics.count() == 2 and fresh.recipients.count() == 1


def test_a_unit_outside_the_write_scope_cannot_issue(personas):
    with pytest.raises(ValidationError):
        make_issue(personas.specialist, personas.lam_dong, [])


def test_a_guidance_number_ticked_for_the_registry_is_registered_in_the_issuers_registry(personas):
    issue = Issue(
        issuer=personas.commission,
        kind=Issue.Kind.EVENT_GUIDANCE,
        issued_on=DAY,
        title="Hướng dẫn tuyên truyền Ngày Pháp luật",
        event="Ngày Pháp luật 9/11",
        number="77-HD/BTGDVTU",
    )
    services.save_issue(issue, topics=[], recipients=[], user=personas.specialist, expected=None, register=True)
    assert issue.document is not None
    assert Document.objects.filter(pk=issue.document.pk, owner=personas.commission, issue_date=DAY).exists()


def test_the_copies_sent_cannot_exceed_the_print_run(personas):
    issue = make_issue(
        personas.specialist,
        personas.commission,
        [personas.commune_unit1, personas.commune_unit2],
        kind=Issue.Kind.BULLETIN,
        copies_printed=0,
    )
    rows = {r.pk: (30, 2) for r in issue.recipients.all()}
    with pytest.raises(ValidationError, match="vượt số bản in"):
        services.save_distribution(
            issue, copies_printed=50, rows=rows, user=personas.specialist, expected=issue.revision
        )
    services.save_distribution(issue, copies_printed=2812, rows=rows, user=personas.specialist, expected=issue.revision)
    issue.refresh_from_db()
    assert issue.copies_printed == 2812
    assert sorted(issue.recipients.values_list("copies", flat=True)) == [30, 30]


def test_only_the_receiving_unit_acknowledges(guidance, personas):
    row = guidance.recipients.get()
    assert services.can_acknowledge(personas.commune1, row)
    assert not services.can_acknowledge(personas.commune2, row)
    assert not services.can_acknowledge(personas.specialist, row)  # the issuer's staff
    with pytest.raises(ValidationError):
        services.mark_read(row, user=personas.commune2, expected=row.revision)
    services.mark_relayed(row, user=personas.commune1, expected=row.revision, cells=24, day=DAY + dt.timedelta(days=3))
    row = Recipient.objects.get(pk=row.pk)
    assert row.read_on == DAY + dt.timedelta(days=3) and row.cells_relayed == 24 and row.relayed_by == personas.commune1


def test_a_stale_acknowledgement_is_refused(guidance, personas):
    row = guidance.recipients.get()
    services.mark_read(row, user=personas.commune1, expected=row.revision)
    with pytest.raises(StaleEdit):
        services.mark_relayed(row, user=personas.commune1, expected=1, cells=3)


def test_a_file_that_is_not_docx_or_pdf_is_refused_in_vietnamese(guidance, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("ban-tin.pdf", b"this is not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="không phải PDF, DOCX"):
        services.add_file(guidance, fake, personas.specialist)
    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    with pytest.raises(ValidationError, match="văn bản Word"):
        services.add_file(guidance, png, personas.specialist)
    pdf = SimpleUploadedFile("ban-tin.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    stored = services.add_file(guidance, pdf, personas.specialist)
    assert stored.extension == ".pdf" and guidance.files.count() == 1


def test_a_recipient_that_acknowledged_cannot_be_dropped(guidance, personas):
    row = guidance.recipients.get()
    services.mark_read(row, user=personas.commune1, expected=row.revision)
    guidance.refresh_from_db()
    with pytest.raises(ValidationError, match="đã xác nhận nhận số này"):
        services.save_issue(guidance, topics=[], recipients=[], user=personas.specialist, expected=guidance.revision)
    assert Recipient.objects.filter(pk=row.pk).exists() and guidance.topics.count() == 2
