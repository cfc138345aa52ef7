"""The narrative of a consolidated report: drafted from the figures, edited (rich text, the units' texts to
pick from, the signer), and printed in the DOCX."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tuyengiao.reports import narrative, richtext
from tuyengiao.reports.models import ConsolidatedNarrative, Narrative, Section

PERIOD = "2025Q3"


@pytest.fixture
def texts(personas, form):  # noqa: F811
    version = form.versions.get()
    limitations = Section.objects.create(version=version, order=2, title="Hạn chế", kind=Section.Kind.LIMITATIONS)
    tasks = Section.objects.create(version=version, order=3, title="Nhiệm vụ", kind=Section.Kind.TASKS)
    ward = report(form, personas.commune_unit1, "2025M08", ht_buoi=3, ht_nguoi=40, ht_dang_vien=Decimal(50))
    commune = report(form, personas.commune_unit2, "2025M09", ht_buoi=2, han_che="Chưa có đường truyền")
    Narrative.objects.create(report=ward, section=limitations, text="Loa truyền thanh xuống cấp.")
    Narrative.objects.create(report=ward, section=tasks, text="Sửa loa truyền thanh.")
    Narrative.objects.create(report=commune, section=limitations, text="Thiếu báo cáo viên.")
    return form


def url(name, personas, **extra):
    params = {"don_vi": personas.province.pk, "mau": "bc-tg-xa", "ky": PERIOD, **extra}
    return f"{reverse(f'reports:{name}')}?{urlencode(params)}"


EDITED = {
    "number": "45-bc/btgdvtu",
    "place": "Buôn Ma Thuột",
    "subject": "Kết quả công tác tuyên giáo và dân vận quý III năm 2025",
    "results": "Các cấp ủy tổ chức học tập, quán triệt nghị quyết kịp thời.\nTuyên truyền miệng được duy trì.",
    "limitations": "Một số xã chưa có điểm cầu trực tuyến.",
    "causes": "Kinh phí còn hạn chế.",
    "lessons": "",
    "tasks": (
        "Tiếp tục học tập, quán triệt nghị quyết.\n"
        "2. Nâng cao chất lượng tuyên truyền miệng.\n"
        "- Đẩy mạnh chuyển đổi số."
    ),
    "proposals": "",
    "signer_title": "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
    "signer_name": "Nguyễn Văn Bình",
    "recipients": "Thường trực Tỉnh ủy (để b/c),\nLưu Văn phòng.",
}


def _post(client, personas, revision, **changes):
    return client.post(url("consolidated_narrative", personas), {**EDITED, **changes, "revision": revision})


def _docx(client, personas):
    from docx import Document

    response = client.get(url("consolidated_docx", personas))
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def test_the_first_opening_drafts_from_the_figures_and_lists_the_units_texts_to_pick_from(personas, texts):
    response = personas.client(personas.specialist).get(url("consolidated_narrative", personas))
    assert response.status_code == 200
    initial = response.context["editor"].initial
    results = richtext.plain(initial["results"])
    assert results.startswith("Số liệu. Quý III năm 2025, toàn tỉnh: số buổi học tập, quán triệt đạt 5; ")
    assert "tỷ lệ đảng viên tham dự đạt 50,0%" in results
    assert "Loa truyền thanh" not in initial["limitations"]  # the units' texts are not pasted…
    material = {field.name: entries for field, entries in response.context["body_fields"]}
    assert material["limitations"] == [  # …but offered beside the section, unit by unit
        ("Phường Buôn Ma Thuột", "Loa truyền thanh xuống cấp."),  # the reports' "Hạn chế" sections
        ("Xã Hòa Phú", "Thiếu báo cáo viên."),
        ("Xã Hòa Phú (T9/2025)", "Chưa có đường truyền"),  # the text indicator "Hạn chế", month by month
    ]
    assert material["tasks"] == [("Phường Buôn Ma Thuột", "Sửa loa truyền thanh.")]
    html = response.content.decode()
    assert 'data-tg-insert="id_limitations" data-text="Thiếu báo cáo viên."' in html
    assert "data-tg-richtext" in html and "js/richtext.js" in html
    assert initial["signer_title"] == "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN"
    assert "Chưa lưu lần nào" in html


def test_the_docx_uses_the_edited_narrative_number_numbered_tasks_and_signer(personas, texts):
    client = personas.client(personas.specialist)
    response = _post(client, personas, 0)
    assert response.status_code == 302
    saved = ConsolidatedNarrative.objects.get()
    assert (saved.number, saved.revision, saved.updated_by) == ("45-BC/BTGDVTU", 1, personas.specialist)
    assert saved.history.count() == 1

    document = _docx(client, personas)
    left, right = (cell.text for cell in document.tables[0].rows[0].cells)
    assert left.endswith("*\nSố 45-BC/BTGDVTU")
    assert right.startswith("ĐẢNG CỘNG SẢN VIỆT NAM\nBuôn Ma Thuột, ngày ")
    texts_ = [p.text for p in document.paragraphs]
    assert "Kết quả công tác tuyên giáo và dân vận quý III năm 2025" in texts_
    headings = [t for t in texts_ if t[:2] in ("I.", "II", "III", "IV", "V.")]
    assert headings == ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. HẠN CHẾ", "III. NGUYÊN NHÂN", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ"]
    start = texts_.index("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    assert texts_[start + 1 : start + 4] == [
        "1. Tiếp tục học tập, quán triệt nghị quyết.",
        "2. Nâng cao chất lượng tuyên truyền miệng.",
        "3. Đẩy mạnh chuyển đổi số.",
    ]
    assert "Tuyên truyền miệng được duy trì." in texts_
    assert "Loa truyền thanh xuống cấp." not in " ".join(texts_)  # the draft gave way to the edited text
    signature = document.tables[-1].rows[0].cells
    assert signature[1].text.startswith("K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN")
    assert signature[1].text.rstrip().endswith("Nguyễn Văn Bình")
    assert signature[0].text == "Nơi nhận:\n- Thường trực Tỉnh ủy (để b/c),\n- Lưu Văn phòng."


def test_without_a_saved_narrative_the_docx_prints_the_draft_and_the_units_texts_only_in_the_annex(personas, texts):
    from docx import Document

    client = personas.client(personas.leader)
    texts_ = [p.text for p in _docx(client, personas).paragraphs]
    assert any(t.startswith("Số liệu. Quý III năm 2025, toàn tỉnh: số buổi học tập") for t in texts_)
    assert "II. HẠN CHẾ" in texts_  # drafted from the figures: the n/m still missing
    assert any(t.startswith("Còn 102/102 đơn vị cấp xã chưa kết nối") for t in texts_)
    assert not any("Loa truyền thanh xuống cấp." in t for t in texts_)
    assert "PHỤ LỤC" not in texts_

    response = client.get(url("consolidated_docx", personas, phu_luc=1))
    annex = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    start = annex.index("PHỤ LỤC")
    assert "– Phường Buôn Ma Thuột: Loa truyền thanh xuống cấp." in annex[start:]
    assert any(t.endswith(": Chưa có đường truyền") for t in annex[start:])  # the text indicator "Hạn chế"
    assert "II. SỐ LIỆU THEO ĐƠN VỊ" in annex[start:]


def test_the_page_shows_when_and_by_whom_it_was_last_edited(personas, texts):
    client = personas.client(personas.specialist)
    _post(client, personas, 0)
    html = client.get(url("consolidated_narrative", personas)).content.decode()
    assert f"bởi {personas.specialist} (lần 1)" in html and "Sửa lần cuối lúc" in html
    consolidated = personas.client(personas.leader).get(url("consolidated", personas)).content.decode()
    assert "sửa lần cuối lúc" in consolidated and str(personas.specialist) in consolidated


def test_a_stale_edit_from_a_second_tab_is_refused_and_changes_nothing(personas, texts):
    client = personas.client(personas.specialist)
    assert _post(client, personas, 0).status_code == 302  # the first tab saves
    response = _post(client, personas, 0, limitations="Ghi đè từ thẻ thứ hai")  # the second tab opened at 0
    assert response.status_code == 409
    assert "vừa được lưu ở nơi khác" in response.content.decode()
    saved = ConsolidatedNarrative.objects.get()
    assert (saved.revision, richtext.plain(saved.limitations)) == (1, EDITED["limitations"])
    assert _post(client, personas, 1, causes="Sửa tiếp").status_code == 302  # the current revision saves
    assert ConsolidatedNarrative.objects.get().revision == 2


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("BC/BTGDVTU", "không có số văn bản"),
        ("45-KH/BTGDVTU", "không phải số, ký hiệu của một báo cáo của Đảng"),
        ("45/BC-UBND", "không phải số, ký hiệu của một báo cáo của Đảng"),
    ],
)
def test_a_malformed_number_is_refused_with_a_vietnamese_message(personas, texts, number, message):
    response = _post(personas.client(personas.specialist), personas, 0, number=number)
    assert response.status_code == 400
    assert message in response.context["editor"].errors["number"][0]
    assert not ConsolidatedNarrative.objects.exists()


def test_a_number_alone_gets_the_commissions_symbol(personas, texts):
    _post(personas.client(personas.specialist), personas, 0, number="45")
    assert ConsolidatedNarrative.objects.get().number == "45-BC/BTGDVTU"
    assert narrative.normalise_number("", "BTGDVTU") == ""


def test_a_commune_user_cannot_edit_the_provinces_narrative(personas, texts):
    client = personas.client(personas.commune1)
    assert client.get(url("consolidated_narrative", personas)).status_code == 404
    assert _post(client, personas, 0).status_code == 404
    assert not ConsolidatedNarrative.objects.exists()
    # …but edits its own commune's.
    own = url("consolidated_narrative", personas, don_vi=personas.commune_unit1.pk)
    assert client.get(own).status_code == 200


def test_a_viewer_may_read_the_figures_but_not_edit_the_narrative(personas, texts):
    from tuyengiao.accounts.models import Membership, Role

    Membership.objects.create(user=personas.viewer, unit=personas.province, role=Role.VIEWER)
    client = personas.client(personas.viewer)
    response = client.get(url("consolidated", personas))
    assert response.status_code == 200 and 'data-testid="edit-narrative"' not in response.content.decode()
    assert client.get(url("consolidated_narrative", personas)).status_code == 404


def test_drafting_again_refills_results_and_limitations_from_the_figures_without_saving(personas, texts):
    client = personas.client(personas.specialist)
    _post(client, personas, 0)
    response = client.get(url("consolidated_narrative", personas, lay_lai=1))
    initial = response.context["editor"].initial
    assert initial["number"] == "45-BC/BTGDVTU"  # the header fields stay
    assert initial["causes"] == "<p>Kinh phí còn hạn chế.</p>"  # so do the sections not drafted from figures
    assert richtext.plain(initial["limitations"]).startswith("Còn 102/102 đơn vị cấp xã chưa kết nối")
    assert richtext.plain(ConsolidatedNarrative.objects.get().limitations) == EDITED["limitations"]


def test_task_lines_drop_typed_numbering():
    assert narrative.task_lines("1. Một\n 2) Hai\n\n- Ba\n• Bốn\nNăm") == ["Một", "Hai", "Ba", "Bốn", "Năm"]


def test_a_save_without_the_revision_is_refused_and_changes_nothing(personas, texts):
    client = personas.client(personas.specialist)
    response = client.post(url("consolidated_narrative", personas), EDITED)
    assert response.status_code == 409
    assert "vừa được lưu ở nơi khác" in response.content.decode()
    assert not ConsolidatedNarrative.objects.exists()


def test_the_rich_text_is_stored_sanitised_and_printed_with_its_bold_italic_and_lists(personas, texts):
    client = personas.client(personas.specialist)
    posted = (
        '<div>Kết quả <b>nổi bật</b> <span style="color:red" onclick="x()">trong năm</span>'
        "<script>alert(1)</script><img src=x onerror=alert(1)></div>"
        "<ul><li>Tuyên truyền <i>miệng</i></li><li>Loa truyền thanh</li></ul>"
    )
    assert _post(client, personas, 0, results=posted, tasks="<ol><li>1. Một</li><li>Hai</li></ol>").status_code == 302
    saved = ConsolidatedNarrative.objects.get()
    assert saved.results == (
        "<p>Kết quả <strong>nổi bật</strong> trong năm</p>"
        "<ul><li>Tuyên truyền <em>miệng</em></li><li>Loa truyền thanh</li></ul>"
    )
    document = _docx(client, personas)
    paragraphs = {p.text: p for p in document.paragraphs}
    first = paragraphs["Kết quả nổi bật trong năm"]
    assert [(r.text, bool(r.bold)) for r in first.runs if r.text.strip()] == [
        ("Kết quả ", False),
        ("nổi bật", True),
        (" trong năm", False),
    ]
    item = paragraphs["– Tuyên truyền miệng"]
    assert [r.text for r in item.runs if r.italic] == ["miệng"]
    assert "– Loa truyền thanh" in paragraphs
    assert "1. Một" in paragraphs and "2. Hai" in paragraphs  # the tasks numbered once
    page = client.get(url("consolidated_narrative", personas)).content.decode()
    assert "alert(1)" not in page and "onclick" not in page


def test_a_signer_title_outside_the_issuers_title_blocks_is_refused(personas, texts):
    response = _post(personas.client(personas.specialist), personas, 0, signer_title="CHỦ TỊCH")
    assert response.status_code == 400
    assert "Chọn thẩm quyền ký trong danh sách." in response.context["editor"].errors["signer_title"][0]
    _post(personas.client(personas.specialist), personas, 0, signer_title="TRƯỞNG BAN", signer_name="Nguyễn Văn Bình")
    assert (ConsolidatedNarrative.objects.get().signer_title, ConsolidatedNarrative.objects.get().signer_name) == (
        "TRƯỞNG BAN",
        "Nguyễn Văn Bình",
    )
