"""Files attached to a document: checked by content and size, served only to readers, deleted by writers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuyengiao.documents import services
from tuyengiao.documents.models import Attachment, Document

# A complete one-page PDF (header, catalogue, page tree, page, xref, trailer).
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plan(personas) -> Document:
    document = Document(owner=personas.commission, issue_date=dt.date(2022, 1, 10), subject="Kế hoạch tuyên truyền")
    document.set_code("25-KH/BTGTU")
    return services.save_document(document)


def upload(client, document: Document, name: str, content: bytes, follow: bool = True):
    return client.post(
        reverse("documents:attachment_add", args=[document.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=follow,
    )


def test_a_real_pdf_is_accepted_and_listed(personas, plan, media):
    client = personas.client(personas.specialist)
    response = upload(client, plan, "Kế hoạch 25.pdf", PDF)
    html = response.content.decode()
    assert "Đã đính kèm tệp “Kế hoạch 25.pdf”" in html
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert attachment.uploaded_by == personas.specialist
    assert (media / attachment.file.name).read_bytes() == PDF
    assert reverse("documents:attachment_download", args=[plan.pk, attachment.pk]) in html
    assert "/media/" not in html  # never a direct link to the stored file


def test_a_text_file_renamed_pdf_is_refused_with_the_message(personas, plan):
    response = upload(
        personas.client(personas.specialist), plan, "gia-mao.pdf", b"Day la van ban thuong, khong phai PDF"
    )
    assert "không phải PDF, DOCX, PNG hoặc JPG hợp lệ" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversize_file_is_refused_with_the_limit(personas, plan, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    response = upload(personas.client(personas.specialist), plan, "lon.pdf", PDF + b"0" * (1024 * 1024))
    assert "quá lớn" in response.content.decode() and "giới hạn là 1 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_reader_downloads_the_file_under_its_original_name(personas, plan):
    upload(personas.client(personas.specialist), plan, "Kế hoạch 25.pdf", PDF)
    attachment = Attachment.objects.get()
    response = personas.client(personas.commune1).get(
        reverse("documents:attachment_download", args=[plan.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "K%E1%BA%BF%20ho%E1%BA%A1ch%2025.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_the_download_is_refused_to_an_out_of_scope_user(personas, plan):
    upload(personas.client(personas.specialist), plan, "ke-hoach.pdf", PDF)
    attachment = Attachment.objects.get()
    url = reverse("documents:attachment_download", args=[plan.pk, attachment.pk])
    assert personas.client(personas.outsider).get(url).status_code == 404
    assert personas.client(personas.commune2).get(url).status_code == 200  # the province's plan is shared down
    other = Document(owner=personas.lam_dong, issue_date=dt.date(2022, 1, 10), subject="Khác")
    other.set_code("26-KH/BTGTU")
    services.save_document(other)
    # The attachment through another document's URL is not found either.
    assert (
        personas.client(personas.specialist)
        .get(reverse("documents:attachment_download", args=[other.pk, attachment.pk]))
        .status_code
        == 404
    )


def test_only_writers_upload_and_delete(personas, plan, media, django_capture_on_commit_callbacks):
    reader = personas.client(personas.commune1)
    assert upload(reader, plan, "a.pdf", PDF, follow=False).status_code == 404
    assert not Attachment.objects.exists()
    writer = personas.client(personas.specialist)
    upload(writer, plan, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    stored = media / attachment.file.name
    delete = reverse("documents:attachment_delete", args=[plan.pk, attachment.pk])
    assert reader.post(delete).status_code == 404
    assert writer.get(delete).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = writer.post(delete, follow=True)
    assert "Đã xóa tệp “a.pdf”" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_an_upload_over_the_server_limit_is_dropped_while_streaming(personas, settings):
    """The upload handler skips a file past TG_MAX_UPLOAD_MB before it is stored anywhere."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tuyengiao.documents import services as document_services
    from tuyengiao.documents.models import Attachment, Document

    settings.TG_MAX_UPLOAD_MB = 1
    document = Document(
        owner=personas.commission,
        issuer_unit=personas.commission,
        issue_date=dt.date(2024, 1, 5),
        subject="Thử giới hạn tệp",
    )
    document.set_code("77-KH/BTGTU")
    document_services.save_document(document)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    client = personas.client(personas.specialist)
    response = client.post(reverse("documents:attachment_add", args=[document.pk]), {"file": big}, follow=True)
    assert "quá lớn" in response.content.decode()
    assert not Attachment.objects.filter(document=document).exists()
