"""The screenshots of the user guide (docs/huong-dan/), taken by walking the yearly cycle on the demo data as its
users do: only the first address is typed; every other page is reached by clicking from the home page, the menu,
the bell or the user menu.

By default the pictures go to test-artifacts/browser/guide/; ``make guide-screenshots`` (``TG_GUIDE_SHOTS=1``)
writes them into docs/huong-dan/anh/, where the guide pages embed them. Each is the visible 1280 px window (not
the whole page), so that a picture stays small and shows what the user sees first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from tuyengiao.accounts import demo
from tuyengiao.units import loader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
GUIDE_IMAGES = ROOT / "docs" / "huong-dan" / "anh"
TARGET = GUIDE_IMAGES if os.environ.get("TG_GUIDE_SHOTS") == "1" else ROOT / "test-artifacts" / "browser" / "guide"
MAX_BYTES = 150_000
VIEWPORT = {"width": 1280, "height": 720}


@pytest.fixture
def demo_site(transactional_db: None, settings, tmp_path: Path) -> dict[str, object]:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    return demo.ensure_demo()


TAKEN: dict[str, int] = {}  # name → size in bytes


def shot(page: Page, name: str, height: int | None = None, start: Locator | None = None) -> None:
    """The visible window as docs/huong-dan/anh/<name>.png; ``height`` narrows it for a busy page; ``start``: a
    band of the page (1280 × ``height``) from that element down instead."""
    TARGET.mkdir(parents=True, exist_ok=True)
    path = TARGET / f"{name}.png"
    page.wait_for_load_state("load")  # a page still navigating after a click cannot be captured
    if start is not None:
        box = start.bounding_box()
        assert box is not None
        top = box["y"] + page.evaluate("window.scrollY") - 12
        band = {"x": 0, "y": top, "width": VIEWPORT["width"], "height": height or VIEWPORT["height"]}
        page.screenshot(path=str(path), full_page=True, clip=band)
    else:
        if height:
            page.set_viewport_size({**VIEWPORT, "height": height})
        page.screenshot(path=str(path), full_page=False)
        page.set_viewport_size(VIEWPORT)
    TAKEN[name] = path.stat().st_size


def sign_in(page: Page, username: str, code: str | None = None) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if code:
        page.get_by_label("Mã xác thực").fill(code)
        page.get_by_role("button", name="Xác nhận").click()


def sign_out(page: Page, full_name: str) -> None:
    page.get_by_role("button", name=full_name).or_(page.get_by_role("link", name=full_name)).first.click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=label, exact=True).first.click()


def period(cell: Locator) -> Locator:
    wanted = cell.get_by_role("link", name="Tháng 10 năm 2025")
    return wanted if wanted.count() else cell.get_by_role("link").last


def test_the_guide_screenshots_walk_the_yearly_cycle_from_the_home_page(page: Page, live_server, demo_site):
    page.set_viewport_size(VIEWPORT)
    page.on("dialog", lambda dialog: dialog.accept())  # return and accept ask first (static/js/confirm.js)
    page.goto(live_server.url)
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    shot(page, "dang-nhap")

    # A commune specialist: the work list, then the monthly report from it, sent in two steps.
    sign_in(page, "xa1.daklak")
    expect(page.get_by_test_id("work-to_submit")).to_be_visible()
    shot(page, "trang-chu-xa")
    # the monthly report (in January a yearly form's report for the year just ended is listed too)
    page.get_by_test_id("work-to_submit").get_by_role("link", name=re.compile(r"Tháng \d+")).first.click()
    expect(page.get_by_role("button", name="Lưu nháp")).to_be_visible()
    numbers = page.locator("input.tg-number[name^='v-']")
    for i in range(numbers.count()):
        numbers.nth(i).fill(str(max(1, 24 - i)))  # never increasing: a "trong đó" line never exceeds its total
    shot(page, "bao-cao-nhap")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("button", name="Xác nhận gửi")).to_be_visible()
    shot(page, "bao-cao-xac-nhan")
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    shot(page, "bao-cao-da-gui")
    sign_out(page, "Lê Văn Cường")

    # The commission's leader: the home page at a glance, the queue, one report returned with a reason.
    sign_in(page, "lanhdao.daklak")
    expect(page.get_by_test_id("glance")).to_be_visible()
    shot(page, "trang-chu-lanh-dao")
    menu(page, "Báo cáo")
    page.get_by_role("link", name="Báo cáo chờ duyệt").first.click()
    expect(page.get_by_test_id("queue")).to_be_visible()
    shot(page, "bao-cao-cho-duyet", height=600)
    page.get_by_test_id("queue").locator("tr", has_text="Phường Buôn Ma Thuột").get_by_role(
        "link", name="Xem và duyệt"
    ).first.click()
    page.get_by_role("button", name="Tiếp nhận").scroll_into_view_if_needed()
    shot(page, "bao-cao-duyet")
    page.get_by_label("Ý kiến khi trả lại").fill("Đề nghị bổ sung số buổi sinh hoạt chuyên đề trong tháng.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Bị trả lại")

    # Consolidated figures and who has sent, from the reports page (October 2025: the demo's last month).
    menu(page, "Báo cáo")
    monthly = page.get_by_test_id("overviews").locator("tbody tr").first
    period(monthly.locator("td").nth(3)).click()
    expect(page.get_by_test_id("figures").first).to_be_visible()
    shot(page, "bao-cao-tong-hop", height=560)
    menu(page, "Báo cáo")
    period(monthly.locator("td").nth(2)).click()
    shot(page, "bao-cao-tinh-hinh-nop")
    sign_out(page, "Nguyễn Văn An")

    # The commune sees the return on the home page and in the bell.
    sign_in(page, "xa1.daklak")
    expect(page.get_by_test_id("work-returned")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_be_visible()
    shot(page, "trang-chu-bi-tra-lai")
    page.get_by_test_id("bell").click()
    expect(page.get_by_test_id("notices")).to_be_visible()
    shot(page, "thong-bao")
    sign_out(page, "Lê Văn Cường")

    # The provincial specialist: plans of study, conferences, tasks, inspections, emulation and awards.
    sign_in(page, "chuyenvien.daklak")
    menu(page, "Học tập, quán triệt")
    page.get_by_label("Kỳ", exact=True).fill("Năm 2025")  # a period in words, or picked from the list
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("main table a").first).to_be_visible()
    shot(page, "hoc-tap-quan-triet")
    page.locator("main table a").first.click()
    shot(page, "hoc-tap-tinh-hinh")
    menu(page, "Hội nghị")
    page.get_by_label("Loại hội nghị").select_option(label="Hội nghị tổng kết")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("main table a").first).to_contain_text("tổng kết")
    shot(page, "hoi-nghi")
    page.locator("main table a").first.click()
    expect(page.get_by_role("link", name="Thông báo kết luận (DOCX)")).to_be_visible()
    shot(page, "hoi-nghi-chi-tiet", height=520)
    shot(page, "hoi-nghi-ket-luan", height=300, start=page.get_by_role("heading", name="Kết luận và nhiệm vụ"))
    menu(page, "Nhiệm vụ")
    shot(page, "nhiem-vu")
    page.get_by_role("link", name="Theo dõi nhiệm vụ đã giao").click()
    shot(page, "nhiem-vu-theo-doi")
    page.get_by_role("link", name="Kiểm tra, giám sát").first.click()
    shot(page, "kiem-tra")
    menu(page, "Thi đua, khen thưởng")
    shot(page, "thi-dua")
    page.locator("main table a").first.click()
    shot(page, "thi-dua-dot")
    sign_out(page, "Trần Thị Bình")

    # The administrator: the second factor at sign-in, then the users.
    codes = demo_site["admin_backup_codes"]
    sign_in(page, "quantri")
    expect(page.get_by_label("Mã xác thực")).to_be_visible()
    shot(page, "quan-tri-ma-xac-thuc")
    page.get_by_label("Mã xác thực").fill(codes[0])  # type: ignore[index]
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("link", name="Quản trị hệ thống").or_(
        page.get_by_role("button", name="Quản trị hệ thống")
    ).first.click()
    page.get_by_role("link", name="Quản lý người dùng").click()
    shot(page, "quan-tri-nguoi-dung")
    page.get_by_role("link", name="Thêm người dùng").first.click()
    shot(page, "quan-tri-them-nguoi-dung")
    page.get_by_role("link", name="Quản trị hệ thống").or_(
        page.get_by_role("button", name="Quản trị hệ thống")
    ).first.click()
    page.get_by_role("link", name="Xác thực hai lớp").click()
    page.get_by_role("button", name="Bắt đầu thiết lập").click()
    expect(page.get_by_role("button", name="Xác nhận và bật")).to_be_visible()
    shot(page, "hai-lop")
    too_big = {name: size for name, size in TAKEN.items() if size >= MAX_BYTES}
    assert not too_big, too_big
