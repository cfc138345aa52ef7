"""Who sees which document, on every page: list, search, detail, history, attachment download.

Internal documents are read within the owner's subtree and by its superiors;
public ones by everybody signed in. Out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tuyengiao.documents import services
from tuyengiao.documents.models import Document
from tuyengiao.units.models import Unit

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def make(code: str, owner: Unit, subject: str, visibility: str = "internal") -> Document:
    document = Document(owner=owner, issue_date=dt.date(2025, 8, 1), subject=subject, visibility=visibility)
    document.set_code(code)
    document = services.save_document(document)
    services.add_attachment(document, SimpleUploadedFile("tep.pdf", PDF), None)
    return document


def sees(client: Client, document: Document) -> bool:
    """Whether every page shows the document (asserts that they all agree)."""
    listed = document.code in client.get(reverse("documents:list")).content.decode()
    by_code = document.code in client.get(reverse("documents:list"), {"q": document.code.lower()}).content.decode()
    by_words = document.code in client.get(reverse("documents:list"), {"q": document.subject}).content.decode()
    attachment = document.attachments.get()
    statuses = {
        client.get(reverse("documents:detail", args=[document.pk])).status_code,
        client.get(reverse("documents:history", args=[document.pk])).status_code,
        client.get(reverse("documents:attachment_download", args=[document.pk, attachment.pk])).status_code,
    }
    assert len(statuses) == 1 and statuses <= {200, 404}, statuses
    visible = statuses == {200}
    assert listed == by_code == by_words == visible
    return visible


def test_an_internal_commune_document_is_seen_by_the_commune_and_its_province_only(personas):
    document = make("03-KH/ĐU", personas.commune_unit1, "Ke hoach rieng cua phuong mot")
    assert sees(personas.client(personas.commune1), document)
    assert sees(personas.client(personas.leader), document)
    assert sees(personas.client(personas.specialist), document)
    assert not sees(personas.client(personas.commune2), document)
    assert not sees(personas.client(personas.outsider), document)
    assert not sees(personas.client(personas.viewer), document)  # a sibling of the commune under the province


@pytest.mark.parametrize("owner", ["province", "commission"])
def test_an_internal_provincial_document_is_shared_down_but_not_across(personas, owner):
    document = make("04-KH/TU", getattr(personas, owner), "Ke hoach noi bo cua tinh")
    assert sees(personas.client(personas.commune1), document)
    assert sees(personas.client(personas.commune2), document)
    assert sees(personas.client(personas.viewer), document)
    assert not sees(personas.client(personas.outsider), document)


def test_a_public_document_is_seen_by_everybody(personas):
    document = make("05-CT/TW", Unit.objects.get(key="central"), "Chi thi cong khai", visibility="public")
    for user in ("admin", "leader", "specialist", "commune1", "commune2", "viewer", "outsider"):
        assert sees(personas.client(getattr(personas, user)), document), user


def test_another_provinces_internal_document_stays_there(personas):
    document = make("06-KH/BTGTU", personas.lam_dong, "Ke hoach cua Lam Dong")
    assert sees(personas.client(personas.outsider), document)
    for user in ("leader", "specialist", "commune1", "commune2", "viewer"):
        assert not sees(personas.client(getattr(personas, user)), document), user


def test_signed_out_visitors_are_sent_to_the_login_page(client, personas):
    document = make("07-CT/TW", Unit.objects.get(key="central"), "Cong khai", visibility="public")
    for url in (reverse("documents:list"), reverse("documents:detail", args=[document.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_out_of_scope_writes_answer_404_and_change_nothing(personas):
    document = make("08-KH/ĐU", personas.commune_unit1, "Cua phuong mot")
    client = personas.client(personas.commune2)
    attachment = document.attachments.get()
    for url in (
        reverse("documents:edit", args=[document.pk]),
        reverse("documents:attachment_add", args=[document.pk]),
        reverse("documents:attachment_delete", args=[document.pk, attachment.pk]),
        reverse("documents:relation_add", args=[document.pk]),
    ):
        assert client.post(url, {"kind": "guides", "target": "08-KH/ĐU"}).status_code == 404, url
    assert document.attachments.count() == 1
    assert not document.relations_out.exists()
