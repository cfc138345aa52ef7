"""Coverage pages: scope, drill-down, export, plan editing, bounded queries."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.dissemination.conftest import unit
from tuyengiao.dissemination.models import DisseminationPlan, PartyMemberCount


def test_the_document_page_links_to_its_coverage(personas, document):
    response = personas.client(personas.specialist).get(f"/van-ban/{document.pk}/")
    assert f"/quan-triet/van-ban/{document.pk}/" in response.content.decode()


def test_the_coverage_page_shows_done_and_percentage_with_bounded_queries(
    personas, merger_sessions, django_assert_max_num_queries
):
    client = personas.client(personas.specialist)
    url = f"/quan-triet/van-ban/{merger_sessions.document_id}/?don_vi={personas.province.pk}&ngay=31/08/2025"
    with django_assert_max_num_queries(32):  # a constant: 102 rows would otherwise mean 100+ queries
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="count-expected">102<' in html
    assert 'data-testid="count-done">1<' in html
    assert "50,0%" in html


def test_another_province_gets_404_and_a_commune_cannot_read_its_neighbour(personas, merger_sessions):
    doc = merger_sessions.document_id
    assert (
        personas.client(personas.outsider).get(f"/quan-triet/van-ban/{doc}/?don_vi={personas.province.pk}").status_code
        == 404
    )
    other = personas.commune_unit2.pk
    assert personas.client(personas.commune1).get(f"/quan-triet/van-ban/{doc}/?don_vi={other}").status_code == 404
    assert personas.client(personas.commune1).get(f"/quan-triet/van-ban/{doc}/don-vi/{other}/").status_code == 404


def test_the_drill_down_lists_the_predecessors_sessions(personas, merger_sessions):
    bmt = unit("c2025:24133")
    response = personas.client(personas.commune1).get(
        f"/quan-triet/van-ban/{merger_sessions.document_id}/don-vi/{bmt.pk}/?ngay=31/08/2025"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<tr>") == 7  # header + six sessions of the six old units
    assert "Đảng ủy phường Tân Lợi" in html


def test_the_export_has_one_row_per_expected_unit_and_the_totals(personas, merger_sessions):
    response = personas.client(personas.specialist).get(
        f"/quan-triet/van-ban/{merger_sessions.document_id}/xuat.xlsx?don_vi={personas.province.pk}&ngay=31/08/2025"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 + 102 + 1
    assert rows[2][:2] == ("Đơn vị", "Tình trạng") and sheet["A3"].font.b  # the header row
    assert rows[-1][0].startswith("Tổng cộng: 1/102")
    assert rows[-1][6] == 47.2  # (300 + 40) of (600 + 120) members: Hòa Phú not done, its members still count


def test_the_province_edits_its_plan_and_a_stale_form_is_refused(personas, merger_sessions):
    client = personas.client(personas.specialist)
    url = f"/quan-triet/van-ban/{merger_sessions.document_id}/ke-hoach/?don_vi={personas.commission.pk}"
    data = {"starts_on": "01/01/2025", "deadline": "31/12/2025", "target_levels": ["commune"], "revision": "1"}
    assert client.post(url, data).status_code == 302
    assert DisseminationPlan.objects.get().deadline == dt.date(2025, 12, 31)
    assert client.post(url, {**data, "deadline": "30/11/2025"}).status_code == 409
    assert personas.client(personas.commune1).post(url, data).status_code == 404


def test_the_overview_lists_the_plans_of_the_period(personas, merger_sessions, django_assert_max_num_queries):
    client = personas.client(personas.specialist)
    with django_assert_max_num_queries(30):
        response = client.get(f"/quan-triet/?don_vi={personas.province.pk}&ky=2025")
    assert "35-NQ/TW" in response.content.decode()


def test_party_member_counts_keep_their_history(personas):
    client = personas.client(personas.commune1)
    url = f"/quan-triet/dang-vien/{personas.commune_unit1.pk}/"
    client.post(url, {"valid_from": "01/07/2025", "count": "640"})
    client.post(url, {"valid_from": "01/01/2026", "count": "655"})
    assert list(PartyMemberCount.objects.filter(unit=personas.commune_unit1).values_list("count", flat=True)) == [
        655,
        640,
    ]
    assert personas.client(personas.commune2).post(url, {"valid_from": "01/02/2026", "count": "1"}).status_code == 404


def test_a_plan_edit_without_the_revision_is_refused(personas, merger_sessions):
    client = personas.client(personas.specialist)
    url = f"/quan-triet/van-ban/{merger_sessions.document_id}/ke-hoach/?don_vi={personas.commission.pk}"
    before = DisseminationPlan.objects.values_list("deadline", "revision").get()
    data = {"starts_on": "01/01/2025", "deadline": "30/11/2025", "target_levels": ["commune"]}
    response = client.post(url, data)
    assert response.status_code == 409 and "tải lại trang" in response.content.decode()
    assert DisseminationPlan.objects.values_list("deadline", "revision").get() == before


def test_the_overview_reads_a_period_as_people_write_it_and_offers_a_list(personas, merger_sessions):
    client = personas.client(personas.specialist)
    response = client.get(f"/quan-triet/?don_vi={personas.province.pk}&ky=6 tháng cuối năm 2025")
    html = response.content.decode()
    assert response.status_code == 200 and "35-NQ/TW" in html
    assert 'value="6 tháng cuối năm 2025"' in html and '<option value="Quý III năm 2025">' in html
    refused = client.get(f"/quan-triet/?don_vi={personas.province.pk}&ky=quý 5 năm 2025")
    assert refused.status_code == 400 and "Không đọc được kỳ “quý 5 năm 2025”" in refused.content.decode()
