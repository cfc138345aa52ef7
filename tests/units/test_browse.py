"""Browsing the tree as of a date, searching it, and a unit's page."""

import re

import pytest
from django.urls import reverse

from tuyengiao.units.models import Unit, UnitLink

URL = reverse("units:browse")


def unit_rows(response) -> int:
    return response.content.decode().count('<li class="d-flex')


def test_the_administrator_sees_34_provinces_on_01_07_2025(personas):
    response = personas.client(personas.admin).get(
        URL, {"ngay": "01/07/2025", "tren": Unit.objects.get(key="central").pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(">Cấp tỉnh<") == 34  # the central commission is of the central level
    assert "Tỉnh Đắk Lắk" in html and "Tỉnh Đắk Nông" not in html


def test_the_administrator_sees_63_provinces_on_30_06_2025(personas):
    response = personas.client(personas.admin).get(
        URL, {"ngay": "30/06/2025", "tren": Unit.objects.get(key="central").pk}
    )
    html = response.content.decode()
    assert html.count(">Cấp tỉnh<") == 63
    assert "Tỉnh Đắk Nông" in html


def test_dak_lak_has_102_communes_after_and_15_districts_before(personas):
    client = personas.client(personas.admin)
    after = client.get(URL, {"ngay": "01/07/2025", "tren": personas.province.pk}).content.decode()
    assert after.count(">Cấp xã<") == 102
    before = client.get(URL, {"ngay": "30/06/2025", "tren": personas.province.pk}).content.decode()
    assert before.count(">Cấp huyện<") == 15


def test_search_is_accent_insensitive(personas):
    client = personas.client(personas.admin)
    html = client.get(URL, {"q": "dak lak", "ngay": "01/07/2025"}).content.decode()
    assert "Tỉnh Đắk Lắk" in html
    html = client.get(URL, {"q": "cat tien", "ngay": "30/06/2025"}).content.decode()
    assert "Thị trấn Cát Tiên" in html  # Huyện Cát Tiên was merged on 01/01/2025


def test_a_bad_date_is_explained_not_fatal(personas):
    response = personas.client(personas.admin).get(URL, {"ngay": "31/02/2025"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_a_new_communes_page_lists_its_predecessor_communes(personas):
    commune = personas.commune_unit1
    # Each predecessor under its last name, the one it had when it merged (older names are on its own page).
    links = UnitLink.objects.filter(successor=commune)
    names = [link.predecessor.versions.chronological().last().area_name for link in links]
    assert names
    html = personas.client(personas.admin).get(reverse("units:detail", args=[commune.pk])).content.decode()
    for name in names:
        assert name in html
    assert 'data-testid="predecessors"' in html


def test_an_old_communes_page_lists_what_it_became(personas):
    link = UnitLink.objects.filter(successor=personas.commune_unit1).first()
    html = personas.client(personas.admin).get(reverse("units:detail", args=[link.predecessor_id])).content.decode()
    assert personas.commune_unit1.versions.first().area_name in html
    assert "không tồn tại tại ngày" in html  # it ended on 30/06/2025


def test_a_unit_page_shows_its_name_history_and_members(personas):
    html = personas.client(personas.leader).get(reverse("units:detail", args=[personas.commission.pk])).content.decode()
    assert "Ban Tuyên giáo Tỉnh ủy Đắk Lắk" in html
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk" in html
    assert "Nguyễn Văn An" in html  # the leader is a member


@pytest.mark.parametrize("date", ["01/07/2025", "30/06/2025"])
def test_browsing_issues_a_bounded_number_of_queries(personas, django_assert_max_num_queries, date):
    client = personas.client(personas.admin)
    # The same bound for 15 districts, 102 communes or a page of 50 search results.
    with django_assert_max_num_queries(20):
        client.get(URL, {"ngay": date, "tren": personas.province.pk})
    with django_assert_max_num_queries(20):
        client.get(URL, {"ngay": date, "q": "xa"})


def test_the_unit_page_issues_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    client = personas.client(personas.admin)
    # Lâm Đồng has two versions, two absorbed provinces and two commissions' worth of links.
    with django_assert_max_num_queries(32):
        client.get(reverse("units:detail", args=[personas.lam_dong.pk]))


def test_search_results_are_paginated(personas):
    html = personas.client(personas.admin).get(URL, {"q": "xa", "ngay": "30/06/2025"}).content.decode()
    assert re.search(r"Trang 1/\d+", html)


def test_the_history_page_shows_who_changed_what(personas):
    from tuyengiao.units import services

    services.rename(
        personas.commune_unit2,
        services.Basis(__import__("datetime").date(2026, 1, 1), "Nghị quyết số 9/NQ-TEST"),
        "Đảng ủy xã Thử Nghiệm",
    )
    html = (
        personas.client(personas.admin).get(reverse("units:history", args=[personas.commune_unit2.pk])).content.decode()
    )
    assert "Đảng ủy xã Thử Nghiệm" in html
