"""Issue #18 B: a reporter's field (lĩnh vực) is recorded with the role and shown on the person's page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.people.conftest import post
from tuyengiao.people.models import LecturerRole, Person


def test_the_specialist_records_a_reporters_field_and_the_person_page_shows_it(personas):
    person = Person.objects.create(full_name="Đinh Văn Lĩnh")
    post(person, personas.commission, dt.date(2024, 1, 1))
    client = personas.client(personas.specialist)
    data = {
        "r-level": "province",
        "r-field": "Quốc phòng - an ninh",
        "r-decision": "105-QĐ/BTGDVTU",
        "r-from_date": "01/03/2025",
    }
    assert client.post(reverse("people:lecturer_role_add", args=[person.pk]), data).status_code == 302
    role = LecturerRole.objects.get(person=person)
    assert (role.field, role.decision, role.unit) == ("Quốc phòng - an ninh", "105-QĐ/BTGDVTU", personas.commission)
    page = client.get(reverse("people:person", args=[person.pk]))
    assert "Báo cáo viên cấp tỉnh (Quốc phòng - an ninh)" in page.content.decode()
