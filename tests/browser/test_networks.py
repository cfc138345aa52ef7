"""Issue #18 part B walked from the home page, by clicking: the provincial specialist records a reporters'
conference with a bridge point and a topic, takes the roll of the province's reporters, updates the
opinion-collaborator counts, adds a model to the registry, and finds the figures in the province's yearly report
without typing them.

Screenshots are saved under test-artifacts/browser/ (networks-*.png).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_month_of_work import sign_in, sign_out
from tests.browser.test_unit_tree import demo_data, shot  # noqa: F401  (fixture)
from tuyengiao.accounts import demo
from tuyengiao.lib.periods import Period
from tuyengiao.networks import demo as networks_demo
from tuyengiao.people.models import LecturerRole, Person
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_province_records_its_networks_and_the_yearly_report_takes_the_figures(page: Page, live_server, demo_data):  # noqa: F811
    form = networks_demo.ensure_form()
    commission = Unit.objects.get(key=demo.COMMISSION_KEY)
    for name in ("Lê Văn Kinh Tế", "Hồ Thị Văn Hóa"):
        person = Person.objects.create(full_name=name)
        LecturerRole.objects.create(
            person=person, level="province", unit=commission, field="Kinh tế", from_date=dt.date(2024, 1, 1)
        )
    # Last year's report: the last closed year, the one the reports list consolidates.
    day = dt.date(timezone.localdate().year - 1, 11, 20)
    year = Period.parse(str(day.year))

    sign_in(page, live_server.url, "chuyenvien.daklak")
    # 1. A reporters' conference with a bridge point and a topic, in the meetings register.
    page.get_by_role("link", name="Hội nghị", exact=True).click()
    page.get_by_role("link", name="Ghi hội nghị mới").click()
    page.get_by_label("Loại hội nghị").select_option(label="Hội nghị báo cáo viên")
    page.get_by_label("Tên hội nghị").fill(f"Hội nghị báo cáo viên tháng {day:%m/%Y}")
    page.get_by_label("Ngày họp").fill(f"{day:%d/%m/%Y}")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.locator("#id_mode").select_option(label="Trực tiếp kết hợp trực tuyến")
    page.get_by_label("Số người dự (điểm cầu chính)").fill("60")
    bridges = page.locator('fieldset[data-formset="diem-cau"]')
    bridges.get_by_label("Đơn vị").first.select_option(label="Đảng ủy phường Buôn Ma Thuột")
    bridges.get_by_label("Số người dự", exact=True).first.fill("45")
    agenda = page.locator('fieldset[data-formset="chuong-trinh"]')
    agenda.get_by_label("Nội dung").first.fill("Tình hình kinh tế - xã hội của tỉnh và nhiệm vụ tháng tới")
    page.get_by_role("button", name="Lưu hội nghị").click()
    expect(page.get_by_text("Đã lưu hội nghị")).to_be_visible()

    # 2. The roll: one reporter absent.
    page.get_by_test_id("roster-link").click()
    roster = page.get_by_test_id("roster")
    expect(roster).to_contain_text("Lê Văn Kinh Tế")
    page.get_by_label("Hồ Thị Văn Hóa có mặt").uncheck()
    shot(page, "networks-1-roster")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.get_by_text("Đã lưu điểm danh báo cáo viên.")).to_be_visible()
    expect(page.get_by_text("Có mặt 1/2 báo cáo viên.")).to_be_visible()

    # 3. The network page, then the opinion-collaborator counts.
    page.get_by_role("link", name="Mạng lưới", exact=True).click()
    expect(page.get_by_test_id("conferences")).to_contain_text(f"Hội nghị báo cáo viên tháng {day:%m/%Y}")
    expect(page.get_by_test_id("conferences")).to_contain_text("105")
    shot(page, "networks-2-reporters")
    page.get_by_test_id("network-tabs").get_by_role("link", name="Dư luận xã hội").click()
    page.get_by_text("Cập nhật số cộng tác viên").click()
    counts = page.get_by_test_id("count-form")
    counts.get_by_label("Số liệu tính đến ngày").fill(f"{day:%d/%m/%Y}")
    counts.get_by_label("Cộng tác viên cấp tỉnh").fill("52")
    counts.get_by_label("Cộng tác viên cấp xã").fill("0")
    counts.get_by_label("Quyết định kiện toàn, bổ sung").fill("215-qđ/btgdvtu")
    counts.get_by_label("Thêm quyết định vào sổ đăng ký văn bản nếu chưa có").check()
    counts.get_by_role("button", name="Lưu số cộng tác viên").click()
    expect(page.get_by_text("Đã lưu số cộng tác viên")).to_be_visible()
    expect(page.get_by_test_id("collaborators").get_by_role("link", name="215-QĐ/BTGDVTU")).to_be_visible()
    expect(page.get_by_test_id("boundary")).to_contain_text("không giám sát con người")
    shot(page, "networks-3-opinion")

    # 4. A model in the registry.
    page.get_by_test_id("network-tabs").get_by_role("link", name="Mô hình, điển hình").click()
    page.get_by_text("Thêm mô hình, điển hình").click()
    model = page.get_by_test_id("exemplar-form")
    model.get_by_label("Tên mô hình, điển hình").fill("Tổ tự quản đường làng sáng - xanh - sạch")
    model.get_by_label("Phong trào, chương trình").select_option(label="“Dân vận khéo”")
    model.get_by_label("Năm đăng ký").fill(str(day.year))
    model.get_by_label("Ngày đăng ký").fill(f"{day:%d/%m/%Y}")
    model.get_by_label("Kết quả đánh giá").select_option(label="Hiệu quả")
    model.get_by_role("button", name="Lưu mô hình, điển hình").click()
    expect(page.get_by_text("Đã thêm “Tổ tự quản đường làng sáng - xanh - sạch”")).to_be_visible()
    expect(page.get_by_test_id("exemplar-summary")).to_contain_text("“Dân vận khéo”")
    shot(page, "networks-4-exemplars")

    # 5. The yearly report: from the home page's work list, the figures are there, computed, not typed.
    page.get_by_role("link", name="Trang chủ").click()
    entry_link = f"{form.name} – {year.label}"
    page.get_by_test_id("work-to_submit").get_by_role("link", name=entry_link).click()
    expect(page.get_by_text("Tự động từ").first).to_be_visible()

    expected = {
        "ml-hn-bcv": "1",
        "ml-hn-bcv-luot": "105",
        "ml-hn-bcv-chuyen-de": "1",
        "ml-bcv-tinh": "2",
        "ml-ctv-tinh": "52",
        "ml-dvk-dang-ky": "1",
        "ml-dvk-hieu-qua": "1",
    }
    for code, value in expected.items():
        expect(page.get_by_test_id(f"sourced-{code}")).to_have_value(value)
    shot(page, "networks-5-yearly-report")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")

    # 6. The provincial leader reads the province's consolidated figures from the reports list.
    sign_out(page)
    sign_in(page, live_server.url, "lanhdao.daklak")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    row = page.get_by_test_id("overviews").locator("tbody tr", has_text=form.name).first
    row.locator("td:nth-child(4)").get_by_role("link", name=year.label, exact=True).click()
    figures = page.get_by_test_id("figures").first
    expect(figures.locator("tr", has_text="Số lượt người dự hội nghị báo cáo viên")).to_contain_text("105")
    expect(figures.locator("tr", has_text="Số cộng tác viên dư luận xã hội cấp tỉnh")).to_contain_text("52")
    shot(page, "networks-6-consolidated")
