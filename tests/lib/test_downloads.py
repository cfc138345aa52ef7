"""One Content-Disposition for every download: an ASCII fallback and the real Vietnamese name (RFC 5987)."""

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.lib import downloads


def test_a_name_with_d_bar_and_tones_keeps_the_d_in_the_fallback_and_the_real_name_in_filename_star():
    name = downloads.filename("bc-tg", "2025Q3", "Tỉnh ủy Đắk Lắk", ext="XLSX")
    assert name == "bc-tg - 2025Q3 - Tỉnh ủy Đắk Lắk.xlsx"
    response = downloads.attachment(b"x", name, downloads.XLSX)
    header = response["Content-Disposition"]
    assert header == (
        'attachment; filename="bc-tg-2025q3-tinh-uy-dak-lak.xlsx"; '
        "filename*=UTF-8''bc-tg%20-%202025Q3%20-%20T%E1%BB%89nh%20%E1%BB%A7y%20%C4%90%E1%BA%AFk%20L%E1%BA%AFk.xlsx"
    )
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == name
    assert response["Content-Type"] == downloads.XLSX


def test_the_fallback_folds_every_vietnamese_letter():
    assert (
        downloads.ascii_fallback("Đảng bộ ĐĂK NÔNG – Hướng dẫn số 36.docx") == "dang-bo-dak-nong-huong-dan-so-36.docx"
    )
    assert downloads.ascii_fallback("Ðồng Tháp.pdf") == "dong-thap.pdf"  # the look-alike Ð (U+00D0)


def test_quotes_control_characters_and_path_separators_typed_in_a_title_cannot_break_the_header():
    header = downloads.disposition('Kế hoạch "A"\r\nSet-Cookie: x=1/../../etc\\passwd.docx')
    assert "\r" not in header and "\n" not in header and "/" not in header.split("filename*=")[0]
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == "ke-hoach-a-set-cookie-x-1-etc-passwd.docx"


def test_inline_files_say_inline_and_an_empty_name_still_has_one():
    assert downloads.disposition("tuyengiao.ics", inline=True).startswith('inline; filename="tuyengiao.ics"')
    assert downloads.disposition("") == "attachment; filename=\"tep\"; filename*=UTF-8''tep"
    assert downloads.filename("", None, ext="pdf") == "tep.pdf"


def test_a_long_title_is_cut_at_a_word():
    name = downloads.filename("Giấy mời", "Hội nghị " * 40, ext="docx")
    assert len(name) <= downloads.MAX_NAME + len(".docx") and name.endswith("nghị.docx")


@given(st.text(max_size=80))
def test_any_name_gives_a_header_of_printable_ascii(text):
    header = downloads.disposition(text)
    assert header.isascii() and header.isprintable()
    assert header.count('"') == 2
