"""Erasure of a person's data (Nghị định 13/2023): an administrator anonymises or deletes a record, the change
history keeps no personal data of it, an audit row says who did what and why; nobody else can."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tuyengiao.awards.models import AwardForm, EmulationCycle, Registration
from tuyengiao.people.models import Person, PersonalDataErasure, Posting


def posted(personas, name: str = "Võ Thị Hạnh") -> Person:
    person = Person.objects.create(full_name=name, birth_year=1980, gender="female", phone="0912345678")
    Posting.objects.create(
        person=person, unit=personas.commission, position="Chuyên viên", from_date=dt.date(2024, 1, 1)
    )
    person.full_name = name + " "  # a second history row
    person.save()
    return person


def test_an_administrator_anonymises_a_record_and_its_history_keeps_no_personal_data(personas):
    person = posted(personas)
    admin = personas.client(personas.admin)
    page = admin.get(reverse("people:person", args=[person.pk])).content.decode()
    assert 'data-testid="erasure"' in page
    response = admin.post(
        reverse("people:anonymise", args=[person.pk]), {"reason": "Theo đơn ngày 01/12/2026", "confirm": "1"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == f"Cán bộ đã ẩn danh #{person.pk}" and (person.birth_year, person.phone) == (None, "")
    history = list(Person.history.filter(id=person.pk).values_list("full_name", "birth_year", "phone"))
    assert len(history) >= 3 and {row for row in history} == {(person.full_name, None, "")}
    assert person.postings.count() == 1  # staffing figures of the past stay true
    erasure = PersonalDataErasure.objects.get()
    assert (erasure.person_id_erased, erasure.action, erasure.user) == (person.pk, "anonymised", personas.admin)
    assert "Võ Thị Hạnh" not in admin.get(reverse("people:person", args=[person.pk])).content.decode()


def test_an_administrator_deletes_a_record_with_its_postings_and_history(personas):
    person = posted(personas)
    pk = person.pk
    response = personas.client(personas.admin).post(
        reverse("people:delete", args=[pk]), {"reason": "Nhập nhầm", "confirm": "1"}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists() and not Posting.objects.filter(person_id=pk).exists()
    assert not Person.history.filter(id=pk).exists() and not Posting.history.filter(person_id=pk).exists()
    assert PersonalDataErasure.objects.get().action == "deleted"


def test_a_person_named_in_emulation_records_cannot_be_deleted_only_anonymised(personas):
    person = posted(personas)
    cycle = EmulationCycle.objects.create(unit=personas.commission, year=2025, title="Thi đua 2025")
    form = AwardForm.objects.create(code="giay-khen-thu", name="Giấy khen", kind="award", grantor="commission_head")
    Registration.objects.create(
        cycle=cycle, unit=personas.commission, person=person, target=form, registered_on=dt.date(2025, 1, 10)
    )
    admin = personas.client(personas.admin)
    page = admin.post(
        reverse("people:delete", args=[person.pk]), {"reason": "x", "confirm": "1"}, follow=True
    ).content.decode()
    assert "hãy ẩn danh thay vì xóa" in page
    assert Person.objects.filter(pk=person.pk).exists() and not PersonalDataErasure.objects.exists()


def test_without_confirmation_or_reason_nothing_is_erased(personas):
    person = posted(personas)
    admin = personas.client(personas.admin)
    admin.post(reverse("people:anonymise", args=[person.pk]), {"reason": "Theo đơn"})
    admin.post(reverse("people:anonymise", args=[person.pk]), {"reason": " ", "confirm": "1"})
    person.refresh_from_db()
    assert person.full_name == "Võ Thị Hạnh" and not PersonalDataErasure.objects.exists()


def test_only_an_administrator_of_the_persons_units_may_erase(personas):
    person = posted(personas)
    for user in (personas.specialist, personas.leader, personas.outsider, personas.commune1):
        client = personas.client(user)
        assert (
            client.post(reverse("people:anonymise", args=[person.pk]), {"reason": "x", "confirm": "1"}).status_code
            == 404
        )
        assert (
            client.post(reverse("people:delete", args=[person.pk]), {"reason": "x", "confirm": "1"}).status_code == 404
        )
        assert client.get(reverse("people:anonymise", args=[person.pk])).status_code == 405
    assert (
        'data-testid="erasure"'
        not in personas.client(personas.specialist).get(reverse("people:person", args=[person.pk])).content.decode()
    )
    person.refresh_from_db()
    assert person.full_name == "Võ Thị Hạnh"
