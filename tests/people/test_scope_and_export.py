"""People are readable only within scope; exports only for the user's own unit, and recorded."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from tests.people.conftest import post
from tuyengiao.people import services
from tuyengiao.people.models import Person, PersonalDataExport

TODAY_POSTED = dt.date(2025, 7, 1)  # before "today" on any machine running these tests


@pytest.fixture
def staff(personas):
    commission = Person.objects.create(full_name="Bùi Thị Hoa", birth_year=1985)
    post(commission, personas.commission, TODAY_POSTED, position="Chuyên viên")
    commune = Person.objects.create(full_name="Đặng Văn Lâm")
    post(commune, personas.commune_unit1, TODAY_POSTED, position="Phó Trưởng Ban Xây dựng Đảng")
    return commission, commune


def test_the_province_reads_a_communes_person_and_another_province_gets_404(personas, staff):
    _commission_person, commune_person = staff
    url = f"/can-bo/{commune_person.pk}/"
    assert personas.client(personas.specialist).get(url).status_code == 200
    assert personas.client(personas.commune1).get(url).status_code == 200
    assert personas.client(personas.commune2).get(url).status_code == 404
    assert personas.client(personas.outsider).get(url).status_code == 404
    assert personas.client(personas.outsider).get(f"/can-bo/don-vi/{personas.commune_unit1.pk}/").status_code == 404


def test_a_person_is_not_readable_on_a_date_they_were_not_posted_in_scope(personas, staff):
    _c, commune_person = staff
    client = personas.client(personas.specialist)
    assert client.get(f"/can-bo/{commune_person.pk}/?ngay=01/01/2025").status_code == 404


def test_the_unit_list_shows_its_people_with_bounded_queries(personas, staff, django_assert_max_num_queries):
    client = personas.client(personas.specialist)
    with django_assert_max_num_queries(30):
        response = client.get(f"/can-bo/don-vi/{personas.commission.pk}/")
    assert "Bùi Thị Hoa" in response.content.decode()


def test_export_is_allowed_for_the_own_unit_and_recorded(personas, staff):
    response = personas.client(personas.specialist).get(f"/can-bo/don-vi/{personas.commission.pk}/xuat.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    record = PersonalDataExport.objects.get()
    assert (record.user, record.unit, record.rows) == (personas.specialist, personas.commission, 1)
    # Named after the unit (never its id), the Đ kept in the ASCII fallback; dates are date cells.
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="can-bo-ban-tuyen-giao-va-dan-van-tinh-uy-dak-lak-')
    assert "filename*=UTF-8''C%C3%A1n%20b%E1%BB%99%20-%20Ban%20Tuy%C3%AAn%20gi%C3%A1o" in disposition
    assert str(personas.commission.pk) not in disposition.split("-")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["F3"].is_date and sheet["F3"].number_format == "dd/mm/yyyy"


def test_export_of_a_subtree_unit_is_refused_even_for_the_province(personas, staff):
    response = personas.client(personas.specialist).get(f"/can-bo/don-vi/{personas.commune_unit1.pk}/xuat.xlsx")
    assert response.status_code == 404
    assert (
        personas.client(personas.commune1).get(f"/can-bo/don-vi/{personas.commune_unit1.pk}/xuat.xlsx").status_code
        == 200
    )
    assert PersonalDataExport.objects.count() == 1


def test_postings_of_one_person_in_one_unit_cannot_overlap(personas, staff):
    person, _ = staff
    with pytest.raises(ValidationError):
        services.add_posting(
            person, personas.commission, "Phó Trưởng ban", dt.date(2025, 9, 1), None, personas.specialist
        )
    services.end_posting(person.postings.get(), dt.date(2025, 8, 31), personas.specialist)
    services.add_posting(person, personas.commission, "Phó Trưởng ban", dt.date(2025, 9, 1), None, personas.specialist)
    assert person.postings.count() == 2


def test_a_commune_cannot_post_people_to_the_province(personas, staff):
    person = Person.objects.create(full_name="Hồ Văn Ngoài")
    with pytest.raises(ValidationError):
        services.add_posting(person, personas.commission, "Chuyên viên", dt.date(2025, 9, 1), None, personas.commune1)


def test_creating_a_person_through_the_page_needs_no_id_number(personas):
    client = personas.client(personas.commune1)
    response = client.post(
        f"/can-bo/don-vi/{personas.commune_unit1.pk}/them/",
        {
            "full_name": "Mai  Thị  Lan",
            "birth_year": "1990",
            "gender": "female",
            "position": "Chuyên viên",
            "from_date": "01/08/2025",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Mai Thị Lan")
    assert person.postings.get().unit == personas.commune_unit1
    assert not hasattr(person, "id_number")


def test_a_stale_edit_is_refused(personas, staff):
    person, _ = staff
    client = personas.client(personas.specialist)
    url = f"/can-bo/{person.pk}/sua/"
    data = {"full_name": "Bùi Thị Hoa", "birth_year": "1986", "revision": str(person.revision)}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "birth_year": "1987"}).status_code == 409
    person.refresh_from_db()
    assert person.birth_year == 1986


def test_the_norms_page_shows_the_ratio(personas, norm, django_assert_max_num_queries):
    client = personas.client(personas.specialist)
    with django_assert_max_num_queries(25):
        response = client.get(f"/can-bo/dinh-bien/?don_vi={personas.province.pk}&ngay=31/12/2021")
    assert response.status_code == 200
    assert "0/15" in response.content.decode()


def test_an_edit_without_the_revision_is_refused_and_says_to_reload(personas, staff):
    person, _ = staff
    response = personas.client(personas.specialist).post(
        f"/can-bo/{person.pk}/sua/", {"full_name": "Bùi Thị Hoa", "birth_year": "1999"}
    )
    assert response.status_code == 409
    assert "tải lại trang" in response.content.decode()
    person.refresh_from_db()
    assert person.birth_year != 1999


def test_each_addition_to_a_person_has_its_own_url_and_another_province_gets_404(personas, staff):
    person, _ = staff
    for name in ("posting_add", "lecturer_role_add", "training_add"):
        url = reverse(f"people:{name}", args=[person.pk])
        assert personas.client(personas.outsider).post(url, {}).status_code == 404, name
        assert personas.client(personas.specialist).get(url).status_code == 405, name
    assert personas.client(personas.specialist).post(f"/can-bo/{person.pk}/them/khac/", {}).status_code == 404
