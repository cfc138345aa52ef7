"""Fixtures: the Đắk Lắk commission's portal (default sections) with published, scheduled and draft articles, and
Lâm Đồng's portal (another province)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tuyengiao.portal.models import Article, ArticleEvent, Portal, Section
from tuyengiao.units.models import Unit


def make_article(portal: Portal, *, section: Section | None = None, user: Any = None, **fields: Any) -> Article:
    """An article of ``portal`` (published an hour ago unless ``status``/``published_at`` say otherwise)."""
    values: dict[str, Any] = {
        "title": "Hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm",
        "slug": "hoi-nghi-so-ket",
        "summary": "Sáng 15/7, Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội nghị sơ kết.",
        "body": "<p>Nội dung tin.</p>",
        "author_name": "Phòng Thông tin",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - dt.timedelta(hours=1),
    }
    values.update(fields)
    article = Article.objects.create(
        portal=portal, section=section or portal.sections.first(), created_by=user, **values
    )
    ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.CREATED, actor=user)
    return article


@pytest.fixture
def portal(personas: Any) -> Portal:
    return Portal.open_for(
        personas.commission, personas.province, "dak-lak", "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"
    )


@pytest.fixture
def lam_dong_portal(personas: Any) -> Portal:
    return Portal.open_for(
        Unit.objects.get(key="com:p:68"), personas.lam_dong, "lam-dong", "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"
    )


@pytest.fixture
def articles(portal: Portal, personas: Any) -> dict[str, Article]:
    """One live, one scheduled (tomorrow), one draft, one submitted, one unpublished article of Đắk Lắk."""
    now = timezone.now()
    return {
        "live": make_article(portal, user=personas.specialist),
        "scheduled": make_article(
            portal,
            user=personas.specialist,
            title="Tin hẹn giờ",
            slug="hen-gio",
            published_at=now + dt.timedelta(days=1),
        ),
        "draft": make_article(
            portal,
            user=personas.specialist,
            title="Bản nháp nội bộ",
            slug="ban-nhap",
            status=Article.Status.DRAFT,
            published_at=None,
        ),
        "submitted": make_article(
            portal,
            user=personas.commune1,
            title="Tin xã gửi",
            slug="tin-xa",
            status=Article.Status.SUBMITTED,
            published_at=None,
        ),
        "unpublished": make_article(
            portal,
            user=personas.specialist,
            title="Tin đã gỡ",
            slug="da-go",
            status=Article.Status.UNPUBLISHED,
        ),
    }
