"""import_portal: a NukeViet export and saved HTML pages moved into the Đắk Lắk portal."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.portal import images
from tuyengiao.portal.models import Article, ArticleEvent, ArticleImage, DocumentCounter, Portal, Section, Tag

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
NUKEVIET = FIXTURES / "nukeviet"
PAGES = FIXTURES / "html"
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def run(portal: Portal, path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_portal", portal.slug, str(path), *options, stdout=out)
    return out.getvalue()


def imported(portal: Portal) -> Any:
    return Article.objects.filter(portal=portal).exclude(legacy_key="")


def test_the_nukeviet_export_imports_its_articles_with_dates_authors_views_and_statuses(portal: Portal) -> None:
    out = run(portal, NUKEVIET)

    assert imported(portal).count() == 8
    first = Article.objects.get(portal=portal, legacy_key="nukeviet:101")
    # publtime 1705023000 is 08:30 in Vietnam on 12/01/2024 (01:30 UTC)
    assert first.published_at == dt.datetime(2024, 1, 12, 8, 30, tzinfo=HCM)
    assert timezone.localtime(first.published_at).strftime("%d/%m/%Y %H:%M") == "12/01/2024 08:30"
    assert first.author_name == "Minh Châu"
    assert first.views == 1234
    assert (first.rating_sum, first.rating_count) == (45, 10)
    assert first.section.slug == "tin-hoat-dong"  # matched by name to the default section
    assert first.summary.startswith("Sáng 12/1, Ban Tuyên giáo Tỉnh ủy")
    assert Article.objects.get(legacy_key="nukeviet:103").author_name == "H'Linh Niê"  # \' in the dump
    statuses = dict(imported(portal).values_list("legacy_key", "status"))
    assert statuses["nukeviet:105"] == Article.Status.UNPUBLISHED  # status 0: đình chỉ
    assert statuses["nukeviet:107"] == Article.Status.DRAFT  # status 2: waiting on the old portal
    assert list(imported(portal).live().order_by("published_at").values_list("legacy_key", flat=True)) == [
        "nukeviet:101",
        "nukeviet:102",
        "nukeviet:103",
        "nukeviet:104",
        "nukeviet:106",
        "nukeviet:108",
    ]
    assert all(a.events.filter(action=ArticleEvent.Action.IMPORTED).count() == 1 for a in imported(portal))
    assert "Đã nhập 8 tin (8 mới, 0 cập nhật), 4 văn bản (4 mới, 0 khớp" in out


def test_categories_map_to_sections_by_name_or_become_new_sections(portal: Portal) -> None:
    run(portal, NUKEVIET)

    by_key = {a.legacy_key: a.section for a in imported(portal).select_related("section")}
    assert by_key["nukeviet:102"].slug == "hoc-tap-lam-theo-bac"
    assert by_key["nukeviet:106"].slug == "ly-luan-chinh-tri"  # "LÝ LUẬN CHÍNH TRỊ": case and accents ignored
    assert by_key["nukeviet:104"].name == "Gương người tốt, việc tốt"
    assert Section.objects.filter(portal=portal).count() == 6 + 2


def test_tags_are_imported_once_each(portal: Portal) -> None:
    run(portal, NUKEVIET)

    assert set(Tag.objects.filter(portal=portal).values_list("name", flat=True)) == {
        "tổng kết",
        "học tập và làm theo Bác",
        "báo cáo viên",
        "chuyển đổi số",
    }
    assert set(Article.objects.get(legacy_key="nukeviet:103").tags.values_list("slug", flat=True)) == {
        "bao-cao-vien",
        "chuyen-doi-so",
    }


def test_bodies_are_sanitised_and_external_images_dropped_and_reported(portal: Portal) -> None:
    out = run(portal, NUKEVIET)

    body = Article.objects.get(legacy_key="nukeviet:101").body
    assert "style=" not in body and "<script" not in body and "onclick" not in body and "<span" not in body
    assert "baodientu.example" not in body and "dem-luot.example" not in body
    assert "<strong>hằng tháng</strong>" in body
    assert "<iframe" not in Article.objects.get(legacy_key="nukeviet:102").body
    assert "https://anh.baodientu.example/2024/01/toan-canh.jpg" in out
    assert "https://static.mangxahoi.example/2024/05/chieng.jpg" in out  # the cover from another site
    assert Article.objects.get(legacy_key="nukeviet:104").cover is None


def test_the_exports_own_images_are_stored_and_the_body_points_at_them(portal: Portal) -> None:
    out = run(portal, NUKEVIET)

    article = Article.objects.get(legacy_key="nukeviet:101")
    image = ArticleImage.objects.get(article=article)
    assert article.cover == image
    assert (image.width, image.height) == (480, 252)
    assert f'src="/cong/dak-lak/anh/{image.pk}/"' in article.body
    assert image.alt == "Quang cảnh hội nghị"
    # The old portal's <figure> becomes a plain image (what the editor keeps) with its caption on the image record,
    # and the public page shows that caption under it again.
    assert "<figure" not in article.body and "<figcaption" not in article.body
    assert f'<p><img alt="Quang cảnh hội nghị" src="/cong/dak-lak/anh/{image.pk}/">' in article.body
    assert image.caption == "Quang cảnh hội nghị tổng kết năm 2023 & triển khai nhiệm vụ 2024"
    # A link to another article of the export points at its new address; one to a page not imported keeps its text.
    study = Article.objects.get(legacy_key="nukeviet:102")
    assert (
        f'<a href="{study.get_absolute_url()}" rel="noopener noreferrer">học tập chuyên đề năm 2024</a>' in article.body
    )
    assert "lich-su-ban" not in article.body and ", lịch sử của Ban." in article.body
    assert "1 liên kết tới tin đã nhập được trỏ sang địa chỉ mới." in out
    assert "nukeviet:101: /vi/about/lich-su-ban.html" in out  # reported, so the editors can mend it
    shown = images.shown(article.body, article.portal)
    assert "<figcaption>Quang cảnh hội nghị tổng kết năm 2023 &amp; triển khai nhiệm vụ 2024</figcaption>" in shown


def test_reimporting_updates_instead_of_duplicating(portal: Portal) -> None:
    run(portal, NUKEVIET)
    before = (Article.objects.count(), Document.objects.count(), ArticleImage.objects.count(), Tag.objects.count())

    out = run(portal, NUKEVIET)

    assert (Article.objects.count(), Document.objects.count(), ArticleImage.objects.count(), Tag.objects.count()) == (
        before
    )
    assert "8 tin (0 mới, 8 cập nhật), 4 văn bản (0 mới, 4 khớp" in out


def test_an_article_edited_here_after_the_import_is_left_alone_on_a_reimport(portal: Portal, personas: Any) -> None:
    run(portal, NUKEVIET)
    article = Article.objects.get(legacy_key="nukeviet:102")
    article.title = "Tiêu đề đã biên tập lại"
    article.save()
    ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.EDITED, actor=personas.specialist)

    out = run(portal, NUKEVIET)

    article.refresh_from_db()
    assert article.title == "Tiêu đề đã biên tập lại"
    assert "1 tin đã được biên tập lại trên cổng mới" in out


def test_laws_become_public_registry_documents_with_their_counters(portal: Portal) -> None:
    run(portal, NUKEVIET)

    directive = Document.objects.with_code("17/ct-ubnd").get()
    assert directive.visibility == Document.Visibility.PUBLIC
    assert directive.owner == portal.unit
    assert directive.issue_date == dt.date(2024, 5, 14)
    assert directive.issuer_name == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert directive.signer == "Nguyễn Văn An"
    assert list(directive.fields.values_list("code", flat=True)) == ["chuyen-doi-so"]
    assert (directive.public_counter.views, directive.public_counter.downloads) == (424, 9)
    assert directive.attachments.get().content_type == "application/pdf"
    old, new = Document.objects.with_code("25-HD/BTGTU").get(), Document.objects.with_code("31-HD/BTGTU").get()
    assert old.replaced_by == new and old.status == Document.Status.REPLACED
    assert not Document.objects.with_code("40-KH/BTGTU").exists()  # unpublished on the old portal


def test_a_document_already_in_the_registry_is_matched_not_duplicated(portal: Portal) -> None:
    ensure_documents()
    plan = Document.objects.with_code("12-KH/BTGTU").get()

    run(portal, NUKEVIET)

    assert Document.objects.with_code("12-KH/BTGTU").get() == plan
    assert DocumentCounter.objects.get(document=plan).downloads == 41


def test_a_malformed_number_is_reported_and_the_rest_imported(portal: Portal) -> None:
    out = run(portal, NUKEVIET)

    assert "số, ký hiệu không đọc được" in out
    assert "Số: /KH-BTG" in out
    assert not Document.objects.filter(subject="Kế hoạch gõ nhầm số hiệu").exists()


def test_a_dry_run_writes_nothing(portal: Portal) -> None:
    generation = portal.generation

    out = run(portal, NUKEVIET, "--dry-run")

    assert "Chạy thử" in out and "8 tin" in out
    assert not imported(portal).exists() and not DocumentCounter.objects.exists()
    portal.refresh_from_db()
    assert portal.generation == generation


def test_an_import_invalidates_the_public_pages_once(portal: Portal) -> None:
    generation = portal.generation

    run(portal, NUKEVIET)

    portal.refresh_from_db()
    assert portal.generation == generation + 1


def test_a_broken_file_writes_nothing_and_says_why_in_vietnamese(portal: Portal, tmp_path: Path) -> None:
    broken = tmp_path / "export"
    shutil.copytree(NUKEVIET, broken)
    dump = broken / "btg_daklak_2024.sql"
    text = dump.read_text(encoding="utf-8")
    dump.write_text(text[: text.index("(104, 3,") + 40], encoding="utf-8")  # cut inside a row, as a failed copy

    with pytest.raises(CommandError, match="hỏng hoặc không phải bản xuất MySQL"):
        run(portal, broken)

    assert not Article.objects.exists() and not Document.objects.exists()
    assert Section.objects.filter(portal=portal).count() == 6


def test_a_file_that_is_not_utf8_is_refused(portal: Portal, tmp_path: Path) -> None:
    dump = tmp_path / "cu.sql"
    dump.write_bytes(b"INSERT INTO `nv4_vi_news_rows` (`id`) VALUES (1);" + b"\xff\xfe")

    with pytest.raises(CommandError, match="không phải văn bản UTF-8"):
        run(portal, dump)


def test_an_unknown_portal_is_refused(portal: Portal) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError, match="Không có cổng thông tin “khong-co”"):
        call_command("import_portal", "khong-co", str(NUKEVIET), stdout=out)


def test_saved_html_pages_import_with_date_author_views_and_clean_body(portal: Portal) -> None:
    out = run(portal, PAGES)

    assert "2 tin (2 mới" in out
    report = Article.objects.get(legacy_key="html:hoi-nghi-bao-cao-vien-thang-7-2024-2817")
    assert report.title == "Hội nghị báo cáo viên tháng 7/2024"
    assert report.published_at == dt.datetime(2024, 7, 15, 8, 30, tzinfo=HCM)
    assert report.author_name == "Minh Châu"
    assert report.views == 1234
    assert report.section.slug == "tin-hoat-dong"
    assert report.is_live
    assert set(report.tags.values_list("name", flat=True)) == {"báo cáo viên", "thời sự"}
    assert "trackRead" not in report.body and "style=" not in report.body and "cdn.baokhac" not in report.body
    assert "https://cdn.baokhac.example/2024/07/hoi-nghi.jpg" in out
    model = Article.objects.get(legacy_key="html:guong-sang-ben-dong-ea-krong")
    assert model.published_at == dt.datetime(2024, 8, 9, 16, 5, tzinfo=HCM)
    assert (model.author_name, model.views) == ("Y Đức Êban", 87)
    assert model.section.name == "Gương người tốt, việc tốt"
    assert "javascript:" not in model.body and "<iframe" not in model.body
    assert 'href="https://btgdaklak.example/tin-tuc/"' in model.body
    assert f'<a href="{report.get_absolute_url()}" rel="noopener noreferrer">Hội nghị báo cáo viên tháng 7</a>' in (
        model.body
    )  # the other saved page

    run(portal, PAGES)
    assert imported(portal).count() == 2
