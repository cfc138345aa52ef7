"""A posting's unit is chosen among the units of its first day; the successor records the people of its
predecessors' past, and nobody else does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.people.conftest import post
from tuyengiao.people import services
from tuyengiao.people.forms import PostingForm
from tuyengiao.people.models import Person
from tuyengiao.units.models import Unit, UnitVersion


@pytest.fixture
def krong_pac(personas) -> Unit:
    return Unit.objects.get(key="d:654")


@pytest.fixture
def phu_yen_district(personas) -> Unit:
    return (
        UnitVersion.objects.as_of(dt.date(2025, 6, 5)).filter(parent__key="p:54", unit__level="district").first().unit
    )


def units(form: PostingForm) -> dict[int, str]:
    return {int(value): str(label) for value, label in form.fields["unit"].choices if value != ""}


def test_posting_units_are_the_units_of_the_first_day(personas, krong_pac):
    old = units(PostingForm({"p-from_date": "21/07/2023"}, prefix="p", user=personas.specialist))
    assert old[krong_pac.pk] == "Huyện ủy Krông Pắc" and personas.commune_unit1.pk not in old
    new = units(PostingForm(prefix="p", user=personas.specialist))  # an empty form: today
    assert personas.commune_unit1.pk in new and krong_pac.pk not in new


def test_a_2023_district_posting_is_saved_on_the_first_try_and_a_2025_commune_refused(personas, krong_pac):
    person = Person.objects.create(full_name="Đỗ Văn Sơn")
    post(person, personas.commission, dt.date(2020, 1, 1))
    client = personas.client(personas.specialist)
    url = f"/can-bo/{person.pk}/them/cong-tac/?ngay=01/01/2024"
    data = {"p-unit": krong_pac.pk, "p-position": "Trưởng ban", "p-from_date": "21/07/2023", "p-to_date": ""}
    assert client.post(url, data).status_code == 302
    assert person.postings.filter(unit=krong_pac, from_date=dt.date(2023, 7, 21)).exists()
    refused = client.post(url, {**data, "p-unit": personas.commune_unit1.pk})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "không thuộc các đơn vị bạn được chọn vào ngày 21/07/2023" in html
    assert 'data-dated-units="tg-units-ghi"' in html  # the form again, with that day's choices
    assert person.postings.count() == 2


def test_the_successor_records_a_predecessors_posting_and_outsiders_cannot(personas, phu_yen_district):
    person = Person.objects.create(full_name="Phan Thị Yến")
    posting = services.add_posting(
        person, phu_yen_district, "Chuyên viên", dt.date(2024, 3, 1), None, personas.specialist
    )
    services.end_posting(posting, dt.date(2025, 6, 30), personas.specialist)
    with pytest.raises(ValidationError, match="01/07/2025"):
        services.add_posting(person, phu_yen_district, "Chuyên viên", dt.date(2025, 7, 1), None, personas.specialist)
    with pytest.raises(ValidationError):
        services.add_posting(person, phu_yen_district, "Chuyên viên", dt.date(2024, 9, 1), None, personas.outsider)
    with pytest.raises(ValidationError):
        services.add_posting(person, phu_yen_district, "Chuyên viên", dt.date(2024, 9, 1), None, personas.commune1)
    client = personas.client(personas.specialist)
    assert "Thêm quá trình công tác" in client.get(f"/can-bo/{person.pk}/?ngay=01/06/2024").content.decode()
    assert personas.client(personas.outsider).get(f"/can-bo/{person.pk}/?ngay=01/06/2024").status_code == 404
    phu_yen_commission = Unit.objects.get(key="com:p:54")
    data = {"p-unit": phu_yen_commission.pk, "p-position": "Phó Trưởng ban", "p-from_date": "01/09/2024"}
    assert client.post(f"/can-bo/{person.pk}/them/cong-tac/?ngay=01/06/2024", data).status_code == 302
    added = person.postings.get(unit=phu_yen_commission)
    assert added.history.get().history_user == personas.specialist  # audit: who recorded it
