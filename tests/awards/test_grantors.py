"""The grantor's papers as strings (``awards.grantors``): headers, numbers, titles, signatures, the form's printed
name, by grantor and by date. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.awards import grantors
from tuyengiao.awards.grantors import Names

D2024 = dt.date(2024, 1, 4)
D2025 = dt.date(2025, 12, 20)
LAM_DONG_2024 = Names(
    committee="Tỉnh ủy Lâm Đồng", province="Tỉnh Lâm Đồng", commission="Ban Tuyên giáo", commission_symbol="BTGTU"
)
LAM_DONG_2025 = Names(
    committee="Tỉnh ủy Lâm Đồng",
    province="Tỉnh Lâm Đồng",
    commission="Ban Tuyên giáo và Dân vận",
    commission_symbol="BTGDVTU",
)
THAI_NGUYEN = Names(committee="Tỉnh ủy Thái Nguyên", province="Tỉnh Thái Nguyên")
GK_NAME = "Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"


@pytest.fixture(autouse=True)
def catalogue() -> None:
    """These tests need no database: the awards conftest's catalogue is not loaded."""


def test_the_commission_head_of_2024_is_the_ban_tuyen_giao() -> None:
    paper = grantors.issuer(grantors.COMMISSION_HEAD, LAM_DONG_2024, D2024)
    assert paper.left == ("TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO", "*")
    assert paper.number_line("01-QĐ/BTGTU") == "Số 01-QĐ/BTGTU"
    assert paper.number_line("") == "Số      -QĐ/BTGTU"
    assert paper.title == "TRƯỞNG BAN TUYÊN GIÁO TỈNH ỦY LÂM ĐỒNG"
    assert paper.signature == ("TRƯỞNG BAN",)
    assert paper.form_name(GK_NAME) == "Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy Lâm Đồng"
    assert paper.date_line(D2024) == "Lâm Đồng, ngày 04 tháng 01 năm 2024"
    assert paper.motto == ("ĐẢNG CỘNG SẢN VIỆT NAM",)


def test_the_commission_head_of_2025_is_the_ban_tuyen_giao_va_dan_van() -> None:
    paper = grantors.issuer(grantors.COMMISSION_HEAD, LAM_DONG_2025, D2025)
    assert paper.left[1] == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    assert paper.number_line("") == "Số      -QĐ/BTGDVTU"
    assert paper.title == "TRƯỞNG BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY LÂM ĐỒNG"
    assert paper.addressee == "Đồng chí Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"


def test_without_names_from_the_tree_the_commission_is_named_by_the_date_of_the_merger() -> None:
    names = Names(committee="Tỉnh ủy Lâm Đồng", province="Tỉnh Lâm Đồng")
    before = grantors.issuer(grantors.COMMISSION_HEAD, names, dt.date(2025, 2, 28))
    after = grantors.issuer(grantors.COMMISSION_HEAD, names, dt.date(2025, 3, 1))
    assert before.left[1] == "BAN TUYÊN GIÁO" and before.symbol == "BTGTU"
    assert after.left[1] == "BAN TUYÊN GIÁO VÀ DÂN VẬN" and after.symbol == "BTGDVTU"


def test_a_deputy_signs_for_the_head() -> None:
    paper = grantors.issuer(grantors.COMMISSION_HEAD, LAM_DONG_2025, D2025, "Phó Trưởng Ban")
    assert paper.signature == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")


def test_the_standing_committee_signs_on_behalf_of_the_ban_thuong_vu() -> None:
    paper = grantors.issuer(grantors.PROVINCIAL_STANDING, THAI_NGUYEN, dt.date(2024, 7, 3), "PHÓ BÍ THƯ")
    assert paper.left == ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "TỈNH ỦY THÁI NGUYÊN", "*")
    assert paper.number_line("") == "Số      -QĐ/TU"
    assert paper.title == "BAN THƯỜNG VỤ TỈNH ỦY THÁI NGUYÊN"
    assert paper.signature == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
    assert paper.form_name("Bằng khen của Ban Thường vụ Tỉnh ủy") == "Bằng khen của Ban Thường vụ Tỉnh ủy Thái Nguyên"
    assert paper.addressee == "Ban Thường vụ Tỉnh ủy Thái Nguyên"


def test_the_standing_committee_does_not_sign_as_a_commission_head() -> None:
    paper = grantors.issuer(grantors.PROVINCIAL_STANDING, THAI_NGUYEN, D2025, "TRƯỞNG BAN")
    assert paper.signature == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")


def test_the_central_commission_is_named_as_on_the_date() -> None:
    old = grantors.issuer(grantors.CENTRAL_COMMISSION, THAI_NGUYEN, dt.date(2024, 7, 3))
    assert old.left == ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO", "*")
    assert old.number_line("") == "Số      -QĐ/BTGTW"
    assert old.place == "Hà Nội"
    assert old.title == "TRƯỞNG BAN TUYÊN GIÁO TRUNG ƯƠNG"
    assert old.addressee == "Ban Tuyên giáo Trung ương"
    central = "Bằng khen của Ban Tuyên giáo và Dân vận Trung ương"
    assert old.form_name(central) == "Bằng khen của Ban Tuyên giáo Trung ương"
    assert old.certificate_line == "BAN TUYÊN GIÁO TRUNG ƯƠNG"
    new = grantors.issuer(grantors.CENTRAL_COMMISSION, LAM_DONG_2025, D2025)
    assert new.left[1] == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    assert new.number_line("") == "Số      -QĐ/BTGDVTW"
    assert new.addressee == "Ban Tuyên giáo và Dân vận Trung ương"


def test_the_tree_names_the_central_commission_when_it_knows_it() -> None:
    names = Names(committee="Tỉnh ủy X", province="Tỉnh X", central_commission="Ban Tuyên giáo và Dân vận Trung ương")
    assert grantors.issuer(grantors.CENTRAL_COMMISSION, names, dt.date(2025, 1, 15)).symbol == "BTGDVTW"


def test_the_provincial_chair_uses_the_state_layout() -> None:
    paper = grantors.issuer(grantors.PROVINCIAL_CHAIR, LAM_DONG_2025, dt.date(2025, 6, 5))
    assert paper.is_state
    assert paper.left == ("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG")
    assert paper.motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert paper.number_line("") == "Số:        /QĐ-UBND"
    assert paper.number_line("125/QĐ-UBND") == "Số: 125/QĐ-UBND"
    assert paper.date_line(dt.date(2025, 6, 5)) == "Lâm Đồng, ngày 05 tháng 6 năm 2025"
    assert paper.date_line(dt.date(2025, 2, 15)) == "Lâm Đồng, ngày 15 tháng 02 năm 2025"
    assert paper.title == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert paper.signature == ("CHỦ TỊCH",)
    assert paper.addressee == "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng (qua Sở Nội vụ)"
    assert paper.form_name("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh") == (
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"
    )
    assert paper.recipient_lines() == (
        "Như Điều 3;",
        "Sở Nội vụ;",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng;",
        "Lưu: VT.",
    )


def test_a_vice_chair_signs_kt_chu_tich() -> None:
    paper = grantors.issuer(grantors.PROVINCIAL_CHAIR, LAM_DONG_2025, D2025, "Phó Chủ tịch")
    assert paper.signature == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_a_city_is_named_thanh_pho() -> None:
    hue = Names(committee="Thành ủy Huế", province="Thành phố Huế")
    paper = grantors.issuer(grantors.PROVINCIAL_CHAIR, hue, D2025)
    assert paper.left == ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HUẾ")
    assert paper.name == "Chủ tịch Ủy ban nhân dân thành phố Huế"
    assert paper.place == "Huế"
    assert grantors.issuer(grantors.PROVINCIAL_STANDING, hue, D2025).left[0] == "ĐẢNG BỘ THÀNH PHỐ HUẾ"


def test_the_state_bases_follow_the_laws_in_force() -> None:
    chair = grantors.issuer(grantors.PROVINCIAL_CHAIR, LAM_DONG_2025, D2025)
    assert chair.basis[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
    assert chair.basis[1] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    assert "98/2023/NĐ-CP" in chair.basis[2]
    older = grantors.issuer(grantors.PROVINCIAL_CHAIR, LAM_DONG_2024, dt.date(2023, 12, 29))
    assert "19 tháng 6 năm 2015" in older.basis[0]
    assert "26 tháng 11 năm 2003" in older.basis[1]
    assert "91/2017/NĐ-CP" in older.basis[2]


def test_the_proposal_is_considered_with_its_number_and_date() -> None:
    head = grantors.issuer(grantors.COMMISSION_HEAD, LAM_DONG_2025, D2025)
    body = "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"
    assert head.considering(body, "12-TTr/BTGDVTU", dt.date(2025, 12, 10)) == (
        "Xét đề nghị của Hội đồng Thi đua, khen thưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng "
        "tại Tờ trình số 12-TTr/BTGDVTU ngày 10/12/2025"
    )
    chair = grantors.issuer(grantors.PROVINCIAL_CHAIR, LAM_DONG_2025, D2025)
    assert chair.considering(body).startswith("Theo đề nghị của Giám đốc Sở Nội vụ")


def test_forms_without_a_grantor_in_their_name_print_as_they_are() -> None:
    paper = grantors.issuer(grantors.CENTRAL_COMMISSION, LAM_DONG_2024, D2024)
    medal = "Kỷ niệm chương “Vì sự nghiệp Tuyên giáo”"
    assert paper.form_name(medal) == medal
    assert grantors.certificate_title(medal) == "KỶ NIỆM CHƯƠNG"
    assert grantors.certificate_title(GK_NAME) == "GIẤY KHEN"
    assert grantors.grant_verb("title") == "Tặng danh hiệu"


def test_titles_are_lowered_only_at_their_first_letter() -> None:
    title = "Học tập và làm theo tư tưởng Hồ Chí Minh"
    assert grantors.lower_first(title) == "học tập và làm theo tư tưởng Hồ Chí Minh"
    assert grantors.lower_first("UBND tỉnh") == "UBND tỉnh"


def test_an_unknown_grantor_is_refused() -> None:
    with pytest.raises(ValueError, match="Không rõ"):
        grantors.issuer("mayor", LAM_DONG_2025, D2025)
