"""The demo portal of Đắk Lắk (``manage.py load_demo``)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.portal import demo, sanitise
from tuyengiao.portal.models import Article, ArticleImage, DocumentCounter, Portal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_portal(personas: Any) -> Portal:
    ensure_documents()
    demo.ensure_portal()
    return Portal.objects.get(slug="dak-lak")


def test_the_demo_opens_the_dak_lak_portal_under_the_commissions_name_today(demo_portal: Portal, personas: Any) -> None:
    assert demo_portal.unit == personas.commission and demo_portal.territory == personas.province
    assert demo_portal.title == "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"


def test_the_demo_has_live_articles_in_every_section_with_a_thread_featured_news_and_pictures(
    demo_portal: Portal,
) -> None:
    live = demo_portal.articles.live()
    assert live.count() >= 20
    assert set(demo_portal.sections.values_list("slug", flat=True)) == set(live.values_list("section__slug", flat=True))
    assert live.filter(featured=True).count() >= 2
    thread = demo_portal.threads.get()
    assert thread.articles.count() == 3
    covers = ArticleImage.objects.filter(portal=demo_portal)
    assert covers.count() >= 5 and all(i.alt and i.caption and i.width == 1200 for i in covers)
    for article in live:
        assert article.body == sanitise.clean(article.body)  # stored bodies are the sanitiser's output
        assert demo.SAMPLE_NOTE in article.body


def test_names_are_those_of_each_articles_date(demo_portal: Portal) -> None:
    before = demo_portal.articles.get(slug="tong-ket-cong-tac-tuyen-giao-nam-2023")
    after = demo_portal.articles.get(slug="ban-xay-dung-dang-xa-phuong-nhan-nhiem-vu")
    assert "Ban Tuyên giáo Tỉnh ủy Đắk Lắk" in before.summary and "Dân vận" not in before.summary
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk" in after.body


def test_the_desk_has_a_scheduled_a_draft_and_a_submitted_article(demo_portal: Portal, personas: Any) -> None:
    articles = demo_portal.articles
    scheduled = [a for a in articles.filter(status=Article.Status.PUBLISHED) if a.is_scheduled]
    assert len(scheduled) == 1 and scheduled[0].published_at > timezone.now() + dt.timedelta(days=1)
    assert articles.filter(status=Article.Status.DRAFT).count() == 1
    submitted = articles.get(status=Article.Status.SUBMITTED)
    assert submitted.created_by == personas.commune1


def test_the_library_has_public_documents_with_counters_and_a_pdf(demo_portal: Portal) -> None:
    public = Document.objects.filter(visibility=Document.Visibility.PUBLIC)
    assert DocumentCounter.objects.filter(document__in=public).count() >= 5
    plan = Document.objects.with_code("45-KH/BTGDVTU").get()
    attachment = plan.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read(5) == b"%PDF-"
    assert not DocumentCounter.objects.filter(document__visibility=Document.Visibility.INTERNAL).exists()


def test_the_demo_is_idempotent(demo_portal: Portal) -> None:
    counts = (Article.objects.count(), ArticleImage.objects.count(), DocumentCounter.objects.count())
    attachments = Document.objects.with_code("45-KH/BTGDVTU").get().attachments.count()

    assert demo.ensure_portal() == 0

    assert (Article.objects.count(), ArticleImage.objects.count(), DocumentCounter.objects.count()) == counts
    assert Document.objects.with_code("45-KH/BTGDVTU").get().attachments.count() == attachments


def test_load_demo_prints_the_portal_address(db: Any) -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Cổng thông tin (không cần đăng nhập): http://127.0.0.1:8000/cong/dak-lak/" in out.getvalue()
    assert Portal.objects.get(slug="dak-lak").articles.live().exists()
