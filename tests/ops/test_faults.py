"""Faults a provincial server meets: a full disk during an upload, a database that stops answering. Nothing is
half-written, the user reads what happened in Vietnamese, and the next request works without manual repair."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from django.core.files.storage import filesystem
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from tests.documents.test_attachments import PDF, plan, upload  # noqa: F401  (fixture)
from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tests.reports.test_sheets import upload_url
from tuyengiao.documents.models import Attachment, Document
from tuyengiao.reports.models import ImportJob


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def disk_full(monkeypatch):
    """The disk fills up halfway through writing a file: half of it is on disk when the write fails."""
    real_fdopen = os.fdopen

    class Filling:
        def __init__(self, fd: int, mode: str) -> None:
            self.file = real_fdopen(fd, mode)

        def write(self, chunk: bytes) -> int:
            self.file.write(chunk[: max(1, len(chunk) // 2)])
            self.file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.file.close()

    monkeypatch.setattr(filesystem.os, "fdopen", lambda fd, mode: Filling(fd, mode))


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def test_a_full_disk_during_an_attachment_leaves_no_row_and_no_half_file(personas, plan, media, disk_full):  # noqa: F811
    response = upload(personas.client(personas.specialist), plan, "ke-hoach.pdf", PDF)
    assert "Máy chủ đã hết dung lượng lưu trữ" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_full_disk_during_a_report_upload_answers_507_in_vietnamese_and_records_no_job(
    personas,
    form,  # noqa: F811
    media,
    disk_full,
):
    response = personas.client(personas.commune1).post(
        upload_url(personas.commune_unit1, form),
        {"file": SimpleUploadedFile("so-lieu.xlsx", b"PK\x03\x04" + b"0" * 200)},
    )
    assert response.status_code == 507 and "Máy chủ đã hết dung lượng lưu trữ" in response.content.decode()
    assert not ImportJob.objects.exists() and stored_files(media) == []


def test_a_database_that_stops_answering_gets_a_503_in_vietnamese_then_work_resumes(personas, monkeypatch):
    client = personas.client(personas.specialist)
    real = Document.objects.readable_by

    def away(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Document.objects, "readable_by", away)
    response = client.get(reverse("documents:list"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Cơ sở dữ liệu tạm thời không trả lời" in response.content.decode()
    monkeypatch.setattr(Document.objects, "readable_by", real)
    assert client.get(reverse("documents:list")).status_code == 200


def test_other_errors_still_answer_500(personas, monkeypatch):
    client = personas.client(personas.specialist)
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise OperationalError("no such column: foo")

    monkeypatch.setattr(Document.objects, "readable_by", broken)
    assert client.get(reverse("documents:list")).status_code == 500
