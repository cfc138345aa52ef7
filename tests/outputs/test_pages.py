from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.outputs.conftest import make_issue
from tuyengiao.outputs.models import Issue

pytestmark = pytest.mark.django_db


def test_the_specialist_issues_a_months_guidance_from_the_form(personas):
    client = personas.client(personas.specialist)
    assert client.get(reverse("outputs:new") + "?loai=monthly_guidance").status_code == 200
    response = client.post(
        reverse("outputs:create"),
        {
            "kind": "monthly_guidance",
            "issuer": personas.commission.pk,
            "month": "Tháng 11/2026",
            "issued_on": "03/11/2026",
            "title": "Định hướng tuyên truyền tháng 11",
            "topics_text": "Ngày Pháp luật | 9/11\nPhòng, chống bão lũ",
            "recipients": [personas.commune_unit1.pk, personas.commune_unit2.pk],
            "copies_printed": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get(title="Định hướng tuyên truyền tháng 11")
    assert issue.period == "2026M11" and issue.topics.count() == 2 and issue.recipients.count() == 2
    page = client.get(reverse("outputs:detail", args=[issue.pk])).content.decode()
    assert "Ngày Pháp luật" in page and "Tháng 11 năm 2026" in page


def test_a_monthly_issue_without_its_month_is_refused_in_vietnamese(personas):
    client = personas.client(personas.specialist)
    response = client.post(
        reverse("outputs:create"),
        {"kind": "bulletin", "issuer": personas.commission.pk, "issued_on": "03/11/2026", "title": "Bản tin"},
    )
    assert response.status_code == 400
    assert "Số định kỳ cần ghi tháng." in response.content.decode()
    assert not Issue.objects.exists()


def test_a_stale_edit_from_the_page_is_refused(guidance, personas):
    client = personas.client(personas.specialist)
    response = client.post(
        reverse("outputs:update", args=[guidance.pk]),
        {
            "kind": "monthly_guidance",
            "issuer": personas.commission.pk,
            "month": "Tháng 11/2026",
            "issued_on": "03/11/2026",
            "title": "Sửa muộn",
            "copies_printed": "0",
            "revision": str(guidance.revision - 1),
        },
    )
    assert response.status_code == 409
    assert "tải lại trang" in response.content.decode()
    assert Issue.objects.get(pk=guidance.pk).title != "Sửa muộn"


def test_another_provinces_issue_is_404(lam_dong_bulletin, personas):
    for user in (personas.specialist, personas.commune1, personas.leader):
        client = personas.client(user)
        assert client.get(reverse("outputs:detail", args=[lam_dong_bulletin.pk])).status_code == 404
        assert "Lâm Đồng" not in client.get(reverse("outputs:archive") + "?nam=2026").content.decode()


def test_a_commune_only_sees_issues_sent_to_it(guidance, personas):
    to_other = make_issue(personas.specialist, personas.commission, [personas.commune_unit2], title="Chỉ gửi xã 2")
    internal = make_issue(personas.specialist, personas.commission, [], title="Không gửi xã nào")
    client = personas.client(personas.commune1)
    assert client.get(reverse("outputs:detail", args=[guidance.pk])).status_code == 200
    assert client.get(reverse("outputs:detail", args=[to_other.pk])).status_code == 404
    assert client.get(reverse("outputs:detail", args=[internal.pk])).status_code == 404
    archive = client.get(reverse("outputs:archive") + "?nam=2026").content.decode()
    assert guidance.title in archive and "Chỉ gửi xã 2" not in archive


def test_acknowledgement_buttons_only_for_the_recipient(guidance, personas):
    row = guidance.recipients.get()
    url = reverse("outputs:relayed", args=[guidance.pk, row.pk])
    page = personas.client(personas.specialist).get(reverse("outputs:detail", args=[guidance.pk])).content.decode()
    assert url not in page
    assert personas.client(personas.specialist).post(url, {"revision": row.revision}).status_code == 404
    client = personas.client(personas.commune1)
    assert url in client.get(reverse("outputs:detail", args=[guidance.pk])).content.decode()
    response = client.post(url, {"revision": row.revision, "cells": "17"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.relayed_on is not None and row.cells_relayed == 17


def test_the_home_page_lists_what_the_commune_must_relay(guidance, personas):
    client = personas.client(personas.commune1)
    page = client.get(reverse("front:home")).content.decode()
    assert guidance.title in page and 'data-testid="work-outputs"' in page
    assert guidance.title not in personas.client(personas.commune2).get(reverse("front:home")).content.decode()
    row = guidance.recipients.get()
    client.post(reverse("outputs:relayed", args=[guidance.pk, row.pk]), {"revision": row.revision, "cells": "5"})
    assert guidance.title not in client.get(reverse("front:home")).content.decode()


def test_a_bad_upload_is_refused_from_the_page_in_vietnamese(guidance, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = personas.client(personas.specialist)
    fake = io.BytesIO(b"MZ not a docx")
    fake.name = "dinh-huong.docx"
    response = client.post(reverse("outputs:file_add", args=[guidance.pk]), {"file": fake}, follow=True)
    assert "không phải PDF, DOCX" in response.content.decode()
    assert guidance.files.count() == 0


def test_the_archive_searches_without_accents_and_filters_by_kind(guidance, personas):
    client = personas.client(personas.specialist)
    found = client.get(reverse("outputs:archive") + "?nam=2026&q=dinh+huong+thang").content.decode()
    assert guidance.title in found
    assert guidance.title not in client.get(reverse("outputs:archive") + "?nam=2026&loai=bulletin").content.decode()


def test_lists_use_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    units = [personas.commune_unit1, personas.commune_unit2]
    for n in range(12):
        make_issue(personas.specialist, personas.commission, units, title=f"Định hướng số {n}")
    client = personas.client(personas.specialist)
    client.get(reverse("outputs:archive"))  # warm the session and the scope
    with django_assert_max_num_queries(20):
        assert client.get(reverse("outputs:archive") + "?nam=2026").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("outputs:export") + "?nam=2026").status_code == 200
    issue = Issue.objects.filter(title="Định hướng số 3").get()
    with django_assert_max_num_queries(25):
        assert client.get(reverse("outputs:detail", args=[issue.pk])).status_code == 200


def test_the_years_distribution_downloads_as_xlsx(personas):
    issue = make_issue(
        personas.specialist,
        personas.commission,
        [personas.commune_unit1],
        kind=Issue.Kind.BULLETIN,
        title="=Bản tin tháng 11",
        copies_printed=2812,
    )
    client = personas.client(personas.specialist)
    row = issue.recipients.get()
    response = client.post(
        reverse("outputs:distribution_save", args=[issue.pk]),
        {"revision": issue.revision, "copies_printed": "2812", f"copies_{row.pk}": "40", f"e_copies_{row.pk}": "2"},
    )
    assert response.status_code == 302
    response = client.get(reverse("outputs:export") + "?nam=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert values[0][3] == "=Bản tin tháng 11" and values[0][5] == 2812 and values[0][7] == 40
    assert sheet.cell(row=2, column=4).data_type == "s"


def test_a_commune_sees_its_own_receipt_not_its_neighbours(personas):
    issue = make_issue(
        personas.specialist, personas.commission, [personas.commune_unit1, personas.commune_unit2], title="Gửi hai xã"
    )
    neighbour = personas.commune_unit1.name_on(issue.issued_on)
    own = personas.commune_unit2.name_on(issue.issued_on)
    page = personas.client(personas.commune2).get(reverse("outputs:detail", args=[issue.pk])).content.decode()
    assert own in page and neighbour not in page
    province = personas.client(personas.specialist).get(reverse("outputs:detail", args=[issue.pk])).content.decode()
    assert own in province and neighbour in province
