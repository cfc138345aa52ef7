"""The unit list export: the same scope as the pages, Excel-friendly CSV."""

import csv
import io

from django.urls import reverse

URL = reverse("units:export")


def read(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_it_exports_a_provinces_subtree_as_of_a_date(personas):
    response = personas.client(personas.leader).get(URL, {"ngay": "01/07/2025", "tren": personas.province.pk})
    rows = read(response)
    assert rows[0][:3] == ["Mã hành chính", "Tên tổ chức", "Tên địa bàn"]
    communes = [r for r in rows[1:] if r[3] == "Cấp xã"]
    assert len(communes) == 102
    assert all(r[5] == "Tỉnh ủy Đắk Lắk" for r in communes)
    assert "attachment" in response["Content-Disposition"]


def test_it_exports_old_structure_with_dates_in_vietnamese_form(personas):
    rows = read(personas.client(personas.leader).get(URL, {"ngay": "30/06/2025", "tren": personas.province.pk}))
    assert len([r for r in rows if r[3] == "Cấp huyện"]) == 15


def test_a_commune_specialist_exports_only_their_commune(personas):
    rows = read(personas.client(personas.commune1).get(URL, {"ngay": "01/07/2025"}))
    assert [r[2] for r in rows[1:]] == [
        personas.commune_unit1.version_on(__import__("datetime").date(2025, 7, 1)).area_name
    ]
    assert personas.client(personas.commune1).get(URL, {"tren": personas.province.pk}).status_code == 404


def test_search_narrows_the_export_and_never_widens_it(personas):
    rows = read(personas.client(personas.leader).get(URL, {"ngay": "01/07/2025", "q": "lam dong"}))
    assert not any("Lâm Đồng" in cell for row in rows[1:] for cell in row)
