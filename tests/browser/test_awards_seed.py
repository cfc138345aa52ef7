"""Seed 000 in a real browser: Lâm Đồng's specialist records, today, the 2023 cycle whose Giấy khen was handed out
at the conference of 04/01/2024: the cycle, a registration and a nomination of "Ban Tuyên giáo Huyện ủy Cát
Tiên" (a district dissolved since, recorded under its successor with its own name), the council's vote, the
public-comment window, the proposal and the decision 01-QĐ/BTGTU linked to the conference; then the decision
and the certificate are exported and opened, and the conference page counts the award.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.accounts.models import Membership, Role, User
from tuyengiao.awards.catalogue import ensure_catalogue
from tuyengiao.awards.models import AwardForm
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.meetings.demo import ensure_meetings
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAT_TIEN = "Ban Tuyên giáo Huyện ủy Cát Tiên"
REASON = (
    "Đạt thành tích xuất sắc trong tham mưu, tổ chức triển khai thực hiện Kết luận số 01-KL/TW và công tác dư "
    "luận xã hội năm 2023"
)


@pytest.fixture
def lam_dong(transactional_db: None) -> User:
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_catalogue(AwardForm)
    ensure_documents()
    ensure_meetings()
    user = User.objects.create(username="chuyenvien.lamdong", full_name="Ngô Thị Giang", must_change_password=False)
    user.set_password(demo.DEMO_PASSWORD)
    user.save()
    Membership.objects.create(user=user, unit=Unit.objects.get(key="com:p:68"), role=Role.SPECIALIST)
    return user


def test_seed_000s_award_is_recorded_through_the_cycle_and_exported(
    page: Page, live_server: Any, lam_dong: User, tmp_path: Path
) -> None:
    from docx import Document as Docx

    login(page, live_server.url, lam_dong.username)
    page.get_by_role("navigation").get_by_role("link", name="Thi đua, khen thưởng", exact=True).first.click()
    form = page.get_by_test_id("cycle-form")
    form.get_by_label("Năm").fill("2023")
    form.get_by_label("Tên đợt thi đua").fill("Thi đua công tác Tuyên giáo năm 2023")
    form.get_by_role("button", name="Mở đợt thi đua").click()
    expect(page.get_by_role("heading", name="Thi đua công tác Tuyên giáo năm 2023")).to_be_visible()

    page.locator("summary", has_text="Đăng ký thi đua").click()
    form = page.get_by_test_id("registration-form")
    form.get_by_label("Đơn vị", exact=True).select_option(label="Huyện ủy Cát Tiên")
    form.get_by_label("Danh hiệu, hình thức đăng ký").select_option(label="Tập thể lao động xuất sắc")
    form.get_by_label("Ngày đăng ký").fill("20/02/2023")
    form.get_by_label("Nội dung đăng ký").fill(CAT_TIEN)
    form.get_by_role("button", name="Ghi đăng ký").click()
    expect(page.get_by_test_id("registrations")).to_contain_text(CAT_TIEN)

    page.locator("summary", has_text="Thêm thành viên hội đồng").click()
    form = page.get_by_test_id("member-form")
    form.get_by_label("Họ và tên").fill("Bùi Thắng")
    form.get_by_label("Chức danh trong hội đồng").fill("Trưởng Ban Tuyên giáo Tỉnh ủy, Chủ tịch Hội đồng")
    form.get_by_role("button", name="Thêm").click()
    expect(page.get_by_test_id("council")).to_contain_text("Bùi Thắng")

    page.locator("summary", has_text="Đề nghị khen thưởng").click()
    form = page.get_by_test_id("nomination-form")
    form.get_by_label("Đơn vị", exact=True).select_option(label="Huyện ủy Cát Tiên")
    form.get_by_label("Tên tập thể (nếu khác tên đơn vị)").fill(CAT_TIEN)
    form.get_by_label("Hình thức khen thưởng").select_option(
        label="Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    )
    form.get_by_label("Thành tích").fill(REASON)
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("nomination-form")).to_be_visible()  # back on the cycle page, the form still open
    page.get_by_test_id("nominations").get_by_role("link", name=CAT_TIEN, exact=True).first.click()
    expect(page.get_by_role("heading", name=CAT_TIEN)).to_be_visible()
    vote = page.get_by_test_id("vote-form")
    vote.get_by_label("Thành viên hội đồng").select_option(label="Bùi Thắng")
    vote.get_by_label("Ý kiến").select_option(label="Đồng ý")
    vote.get_by_label("Điểm (0–100)").fill("96")
    vote.get_by_role("button", name="Ghi phiếu").click()
    expect(page.get_by_test_id("votes")).to_contain_text("Bùi Thắng: đồng ý – 96")

    page.get_by_role("link", name="Thi đua công tác Tuyên giáo năm 2023").click()
    page.locator("summary", has_text="Sửa đợt thi đua").click()
    form = page.get_by_test_id("cycle-edit-form")
    form.get_by_label("Lấy ý kiến công khai từ ngày").fill("18/12/2023")
    form.get_by_label("đến hết ngày").fill("27/12/2023")
    form.get_by_label("Kết quả lấy ý kiến công khai").fill("Không có ý kiến khác.")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("comment-window")).to_contain_text("Đã hết hạn lấy ý kiến")
    expect(page.get_by_test_id("nominations-frozen")).to_be_visible()
    shot(page, "awards-seed-cycle")

    page.locator("summary", has_text="Lập tờ trình").click()
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Hình thức khen thưởng").select_option(
        label="Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    )
    form.get_by_label("Trích yếu").fill(
        "Về việc tặng Giấy khen cho các tập thể có thành tích xuất sắc trên một số lĩnh vực công tác Tuyên giáo "
        "năm 2023"
    )
    form.get_by_label("Số tờ trình").fill("15-TTr/BTGTU")
    form.get_by_label("Ngày tờ trình").fill("28/12/2023")
    form.get_by_role("button", name="Lập dự thảo").click()
    expect(page.get_by_role("heading", name="Dự thảo quyết định")).to_be_visible()

    page.get_by_test_id("add-form").get_by_label(CAT_TIEN).check()
    page.get_by_test_id("add-form").get_by_role("button", name="Đưa vào danh sách").click()
    expect(page.get_by_test_id("awards")).to_contain_text(CAT_TIEN)
    issue = page.get_by_test_id("issue-form")
    issue.get_by_label("Số, ký hiệu quyết định").fill("01-QĐ/BTGTU")
    issue.get_by_label("Ngày ký").fill("03/01/2024")
    issue.get_by_label("Người ký").fill("Bùi Thắng")
    issue.get_by_label("Công bố tại hội nghị").select_option(
        label="Hội nghị tổng kết công tác Tuyên giáo năm 2023, triển khai nhiệm vụ năm 2024"
    )
    issue.get_by_role("button", name="Ghi số quyết định").click()
    expect(page.get_by_role("heading", name="Quyết định số 01-QĐ/BTGTU")).to_be_visible()
    shot(page, "awards-seed-decision")

    with page.expect_download() as info:
        page.get_by_test_id("proposal-docx").click()
    proposal = Docx(io.BytesIO(Path(info.value.path()).read_bytes()))
    cells = "\n".join(c.text for t in proposal.tables for r in t.rows for c in r.cells)
    text = "\n".join(p.text for p in proposal.paragraphs)
    assert "15-TTr/BTGTU" in cells and "TỜ TRÌNH" in text
    assert "từ 18/12/2023 đến hết 27/12/2023" in text and "1/1" in cells

    with page.expect_download() as info:
        page.get_by_test_id("docx").click()
    decision = Docx(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in decision.paragraphs)
    cells = "\n".join(c.text for t in decision.tables for r in t.rows for c in r.cells)
    assert "01-QĐ/BTGTU" in cells
    assert "Tặng Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy Lâm Đồng cho 1 tập thể" in text  # the 2024 name
    assert CAT_TIEN in cells and REASON in cells

    with page.expect_download() as info:
        page.get_by_test_id("certificates").click()
    target = tmp_path / "giay-khen.pdf"
    info.value.save_as(target)
    pdf = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True, text=True).stdout
    pages = [p for p in pdf.split("\f") if p.strip()]
    assert len(pages) == 1
    assert "GIẤY KHEN" in pages[0] and CAT_TIEN in " ".join(pages[0].split())

    page.get_by_role("link", name="Hội nghị", exact=True).first.click()
    page.get_by_role(
        "link", name="Hội nghị tổng kết công tác Tuyên giáo năm 2023, triển khai nhiệm vụ năm 2024"
    ).click()
    expect(page.get_by_test_id("awards")).to_contain_text("Quyết định số 01-QĐ/BTGTU")
    expect(page.get_by_test_id("awards")).to_contain_text("1 tập thể")
    shot(page, "awards-seed-meeting")
