"""Issue #14: a conference may cite a number not yet in the registry; the error says how to go on, and ticking
"Thêm vào sổ đăng ký" registers a minimal record with the meeting, in the same transaction, in the user's scope.
A document's page lists the conferences that studied it, only those the viewer may read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.meetings.test_meetings import create, editor_data
from tuyengiao.documents import services
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_an_unregistered_number_is_refused_with_the_way_to_register_it(personas: Any) -> None:
    data = editor_data(personas, documents=[{"document": "12-kh/btgdvtu"}])
    response = personas.client(personas.specialist).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa có văn bản số 12-KH/BTGDVTU trong sổ đăng ký" in page and "Thêm vào sổ đăng ký" in page
    assert not Meeting.objects.exists() and not Document.objects.filter(number=12).exists()


def test_ticking_add_to_registry_registers_the_number_with_the_meeting(personas: Any) -> None:
    data = editor_data(personas, documents=[{"document": "12-kh/btgdvtu", "register": "on"}])
    response = personas.client(personas.specialist).post(reverse("meetings:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    document = meeting.documents.get()
    assert (document.code, document.number, document.type_name, document.issuer_code) == (
        "12-KH/BTGDVTU",
        12,
        "Kế hoạch",
        "BTGDVTU",
    )
    assert document.owner == personas.commission and document.created_by == personas.specialist
    assert document.issue_date is None and "Chưa ghi trích yếu" in document.subject
    assert document.registry_key  # numbered in the organiser's registry


def test_a_refused_meeting_registers_nothing(personas: Any) -> None:
    data = editor_data(personas, documents=[{"document": "12-kh/btgdvtu", "register": "on"}])
    data["party_members"] = "500"  # more than the attendees: the meeting is refused
    assert personas.client(personas.specialist).post(reverse("meetings:create"), data).status_code == 200
    assert not Document.objects.filter(number=12).exists()


def test_a_user_registers_only_in_a_unit_they_may_write(personas: Any) -> None:
    with pytest.raises(ValidationError, match="không được thêm văn bản"):
        services.register_cited(
            "12-KH/TU", owner=personas.lam_dong, on=dt.date(2024, 1, 1), user=personas.specialist, subject="x"
        )
    assert not Document.objects.filter(number=12).exists()


def test_a_documents_page_lists_the_conferences_that_studied_it_within_the_viewers_scope(personas: Any) -> None:
    ensure_documents()
    create(personas, documents=[{"document": "5-ct/tw"}])
    document = Document.objects.get(code="05-CT/TW")
    page = personas.client(personas.commune1).get(document.get_absolute_url()).content.decode()
    section = page.split('id="h-meetings"')[1].split("</section>")[0]
    assert "Hội nghị tổng kết công tác tuyên giáo năm 2025" in section and "08/01/2026" in section
    other = personas.client(personas.outsider).get(document.get_absolute_url()).content.decode()
    assert "Hội nghị tổng kết công tác tuyên giáo năm 2025" not in other.split('id="h-meetings"')[1]
