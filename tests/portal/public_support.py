"""Helpers of the public portal's tests: a fresh page cache, documents of the library, a stored image."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image

from tuyengiao.documents.models import Attachment, Document
from tuyengiao.portal.models import Article, ArticleImage, Portal
from tuyengiao.units.models import Unit

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
)


def make_document(owner: Unit, code: str, subject: str, *, public: bool = True, **fields: Any) -> Document:
    document = Document(
        owner=owner,
        issuer_unit=owner,
        issue_date=fields.pop("issue_date", dt.date(2025, 8, 1)),
        subject=subject,
        visibility=Document.Visibility.PUBLIC if public else Document.Visibility.INTERNAL,
        **fields,
    )
    document.set_code(code)
    document.save()
    return document


def attach_pdf(document: Document, name: str = "van-ban.pdf") -> Attachment:
    attachment = Attachment(
        document=document,
        original_name=name,
        content_type="application/pdf",
        extension=".pdf",
        size=len(PDF),
        sha256="9" * 64,
    )
    attachment.file.save(name, ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def attach_image(portal: Portal, article: Article | None, *, cover: bool = True) -> ArticleImage:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), (160, 30, 30)).save(buffer, "JPEG")
    image = ArticleImage(
        portal=portal,
        article=article,
        width=64,
        height=36,
        alt="Quang cảnh hội nghị",
        caption="Ảnh: Phòng Thông tin",
        original_name="anh.jpg",
        content_type="image/jpeg",
        extension=".jpg",
        size=len(buffer.getvalue()),
        sha256="a" * 64,
    )
    image.file.save("anh.jpg", ContentFile(buffer.getvalue()), save=False)
    image.save()
    if cover and article is not None:
        article.cover = image
        article.save()
    return image
