"""Progress updates: by the owner's users, with evidence files checked like registry attachments,
marking done with a date, stale forms refused, every change in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.documents.test_attachments import PDF
from tests.followup.conftest import make_task
from tuyengiao.documents import services as document_services
from tuyengiao.followup.models import Task, TaskEvidence, TaskUpdate

D = dt.date


@pytest.fixture
def task(personas) -> Task:
    return make_task(personas.commission, personas.commune_unit1, "Học tập chuyên đề", deadline=D(2099, 12, 31))


def post_update(client, task, **extra):
    data = {"date": "10/09/2025", "text": "Đã tổ chức ở 10 chi bộ", "percent": "40", "revision": task.revision}
    data.update(extra)
    return client.post(reverse("followup:update_add", args=[task.pk]), data, follow=True)


def test_the_owner_posts_an_update_with_a_pdf_and_the_task_is_in_progress(personas, task):
    client = personas.client(personas.commune1)
    html = post_update(client, task, evidence=SimpleUploadedFile("bien-ban.pdf", PDF)).content.decode()
    assert "Đã cập nhật tiến độ." in html
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS and task.revision == 2
    update = TaskUpdate.objects.get(task=task)
    assert (update.date, update.percent, update.created_by) == (D(2025, 9, 10), 40, personas.commune1)
    evidence = TaskEvidence.objects.get(update=update)
    assert evidence.content_type == "application/pdf"
    download = client.get(reverse("followup:evidence", args=[task.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # A neighbouring commune reads neither the task nor its files.
    other = personas.client(personas.commune2)
    assert other.get(reverse("followup:evidence", args=[task.pk, evidence.pk])).status_code == 404


def test_marking_done_records_the_date_and_closes_the_form(personas, task):
    client = personas.client(personas.commune1)
    html = post_update(client, task, mark_done="on", text="Hoàn thành ở 41/41 chi bộ").content.decode()
    assert "Đã ghi nhận hoàn thành nhiệm vụ." in html
    task.refresh_from_db()
    assert (task.status, task.done_on) == (Task.Status.DONE, D(2025, 9, 10))
    assert TaskUpdate.objects.get(task=task).percent == 100
    assert 'data-testid="update-form"' not in client.get(task.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"day la van ban thuong", "không phải PDF, DOCX, PNG hoặc JPG hợp lệ"),
        ("anh.png", PDF, "không phải PDF, DOCX, PNG hoặc JPG hợp lệ"),
        ("bao-cao.docx", b"PK\x03\x04 not a zip", "bị hỏng, không mở được"),
        ("chuong-trinh.exe", b"MZ\x90\x00", "không phải PDF, DOCX, PNG hoặc JPG hợp lệ"),
    ],
)
def test_a_bad_file_is_refused_in_vietnamese_and_nothing_is_saved(personas, task, name, content, message):
    client = personas.client(personas.commune1)
    html = post_update(
        client, task, evidence=[SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile(name, content)]
    ).content.decode()
    assert message in html
    assert not TaskUpdate.objects.filter(task=task).exists()
    assert not TaskEvidence.objects.exists()
    task.refresh_from_db()
    assert task.status == Task.Status.NOT_STARTED and task.revision == 1


def test_an_empty_and_an_oversized_file_are_refused(personas, task, monkeypatch):
    client = personas.client(personas.commune1)
    assert "rỗng" in post_update(client, task, evidence=SimpleUploadedFile("a.pdf", b"")).content.decode()
    monkeypatch.setattr(document_services, "MAX_ATTACHMENT_BYTES", 100)
    html = post_update(client, task, evidence=SimpleUploadedFile("lon.pdf", PDF)).content.decode()
    assert "quá lớn" in html and "giới hạn là 0 MB" in html
    assert not TaskUpdate.objects.exists()


def test_a_stale_form_is_refused_with_a_vietnamese_message(personas, task):
    client = personas.client(personas.commune1)
    post_update(client, task)  # revision 1 → 2
    html = post_update(client, task, text="Bản cũ").content.decode()  # still carries revision 1
    assert "đã được người khác cập nhật sau khi bạn mở trang này" in html
    assert not TaskUpdate.objects.filter(text="Bản cũ").exists()


def test_the_issuers_stale_edit_is_refused_too(personas, task):
    client = personas.client(personas.specialist)
    url = reverse("followup:edit", args=[task.pk])
    data = {
        "title": "Học tập chuyên đề (sửa)",
        "owner": personas.commune_unit1.pk,
        "assigned_on": "10/01/2025",
        "deadline": "31/12/2025",
        "revision": 1,
    }
    assert client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline, task.revision) == ("Học tập chuyên đề (sửa)", D(2025, 12, 31), 2)
    html = client.post(url, {**data, "title": "Ghi đè"}).content.decode()
    assert "đã được người khác cập nhật" in html
    task.refresh_from_db()
    assert task.title == "Học tập chuyên đề (sửa)"


def test_dates_are_checked(personas, task):
    client = personas.client(personas.commune1)
    assert "trước ngày giao" in post_update(client, task, date="01/01/2024").content.decode()
    assert "sau hôm nay" in post_update(client, task, date="01/01/2099").content.decode()
    assert not TaskUpdate.objects.exists()


def test_the_commune_cannot_edit_the_task_and_the_issuer_can_reopen_it(personas, task):
    assert personas.client(personas.commune1).get(reverse("followup:edit", args=[task.pk])).status_code == 404
    post_update(personas.client(personas.commune1), task, mark_done="on")
    task.refresh_from_db()
    client = personas.client(personas.specialist)
    client.post(reverse("followup:reopen", args=[task.pk]), {"revision": task.revision})
    task.refresh_from_db()
    assert (task.status, task.done_on) == (Task.Status.IN_PROGRESS, None)


def test_every_change_is_in_the_history_with_its_author(personas, task):
    post_update(personas.client(personas.commune1), task, mark_done="on")
    assert task.history.filter(history_user=personas.commune1, status="done").exists()
    assert TaskUpdate.history.filter(history_user=personas.commune1).count() == 1
    html = personas.client(personas.commune1).get(task.get_absolute_url()).content.decode()
    assert "Nhật ký thay đổi" in html and str(personas.commune1) in html


def test_an_edit_without_the_revision_is_refused_and_changes_nothing(personas, task):
    data = {"title": "Không có phiên bản", "owner": personas.commune_unit1.pk, "assigned_on": "10/01/2025"}
    response = personas.client(personas.specialist).post(reverse("followup:edit", args=[task.pk]), data)
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    task.refresh_from_db()
    assert (task.title, task.revision) == ("Học tập chuyên đề", 1)


def test_reopening_without_the_revision_is_refused(personas, task):
    post_update(personas.client(personas.commune1), task, mark_done="on")
    task.refresh_from_db()
    response = personas.client(personas.specialist).post(reverse("followup:reopen", args=[task.pk]), follow=True)
    assert "tải lại trang" in response.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
