"""Tasks in a real browser: a commune specialist opens the commune's board, posts a progress update with
evidence and marks a task done; the provincial commission's follow-up view then shows it done.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_documents import PDF
from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.followup.models import Task
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def task(transactional_db: None, settings, tmp_path: Path) -> Task:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    today = timezone.localdate()
    return Task.objects.create(
        issuer=Unit.objects.get(key=demo.COMMISSION_KEY),
        owner=Unit.objects.get(key=demo.COMMUNE_KEYS[1]),
        title="Tổ chức học tập chuyên đề cho các chi bộ thôn, buôn",
        assigned_on=today - dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=30),
    )


def test_a_commune_reports_progress_marks_a_task_done_and_the_issuer_sees_it(
    page: Page, live_server, task, tmp_path: Path
):
    login(page, live_server.url, "xa2.daklak")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    expect(page.get_by_role("heading", name="Nhiệm vụ của Đảng ủy xã Hòa Phú")).to_be_visible()
    column = page.get_by_test_id("column-not_started")
    expect(column.get_by_test_id("task-card")).to_have_count(1)
    shot(page, "followup-board")
    column.get_by_role("link", name=task.title).click()

    expect(page.get_by_test_id("task-state")).to_have_text("Chưa thực hiện")
    page.get_by_label("Kết quả thực hiện").fill("Đã tổ chức ở 10/18 chi bộ")
    page.get_by_label("Tiến độ (%)").fill("55")
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Tệp minh chứng (PDF, DOCX, PNG, JPG)").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi cập nhật").click()
    expect(page.get_by_text("Đã cập nhật tiến độ.")).to_be_visible()
    expect(page.get_by_test_id("task-state")).to_have_text("Đang thực hiện")
    expect(page.get_by_test_id("updates").get_by_role("link", name="bien-ban.pdf")).to_be_visible()

    page.get_by_label("Kết quả thực hiện").fill("Hoàn thành ở 18/18 chi bộ")
    page.get_by_label("Đã hoàn thành nhiệm vụ (ngày hoàn thành là ngày trên)").check()
    shot(page, "followup-mark-done")
    page.get_by_role("button", name="Gửi cập nhật").click()
    expect(page.get_by_text("Đã ghi nhận hoàn thành nhiệm vụ.")).to_be_visible()
    expect(page.get_by_test_id("task-state")).to_have_text("Đã hoàn thành")
    shot(page, "followup-task-done")

    page.context.clear_cookies()
    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Nhiệm vụ", exact=True).first.click()
    page.get_by_role("link", name="Theo dõi nhiệm vụ đã giao").click()
    row = page.get_by_test_id("owner-row").filter(has_text="Đảng ủy xã Hòa Phú")
    expect(row.get_by_test_id("done")).to_have_text("1")
    expect(row.get_by_test_id("overdue")).to_have_text("0")
    shot(page, "followup-issuer-view")
