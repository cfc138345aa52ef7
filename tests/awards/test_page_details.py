"""Details of the pages that issue #14 found wrong: report-figure warnings by the award's rules, years without a
thousands separator, the real split of a decision's list, and links to the awards of a unit and of a person."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.awards.conftest import GK, MEDAL, form
from tuyengiao.awards import services
from tuyengiao.awards.warnings import warnings_for, warnings_for_many
from tuyengiao.people.models import Person, Posting

pytestmark = pytest.mark.django_db

NO_FIGURES = "chưa liên kết số liệu"
YEAR_WITH_SEPARATOR = re.compile(r"\b[12]\.\d{3}\b")


def _people(personas: Any, count: int) -> list[Person]:
    people = []
    for index in range(count):
        person = Person.objects.create(full_name=f"Nguyễn Văn Thứ {index + 1}", birth_year=1975)
        Posting.objects.create(
            person=person, unit=personas.commission, position="Chuyên viên", from_date=dt.date(2010, 1, 1)
        )
        people.append(person)
    return people


def test_a_medal_nomination_does_not_ask_for_report_figures_but_a_collective_form_does(
    personas: Any, cycle: Any, veteran: Any
) -> None:
    medal = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    collective = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    individual = services.nominate(cycle, form(GK), personas.commission, veteran, "Tốt", personas.specialist)
    assert not any(NO_FIGURES in text for text in warnings_for(medal))
    many = warnings_for_many([medal, collective, individual])
    assert not any(NO_FIGURES in text for text in many[medal.pk])
    assert any(NO_FIGURES in text for text in many[collective.pk])
    assert any(NO_FIGURES in text for text in many[individual.pk])


def test_years_are_printed_without_a_thousands_separator_on_the_awards_pages(
    personas: Any, cycle: Any, veteran: Any
) -> None:
    veteran.birth_year = 1972
    veteran.save()
    nomination = services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    decision = services.create_decision(cycle, form(MEDAL), "Tặng Kỷ niệm chương", personas.specialist)
    services.add_awards(decision, [(nomination, "")], personas.specialist)
    services.issue(decision, "5-QĐ/BTGDVTW", dt.date(2025, 12, 20), "Nguyễn Văn A", personas.specialist)
    client = personas.client(personas.specialist)
    pages = [
        reverse("awards:list"),
        reverse("awards:cycle", args=[cycle.pk]),
        reverse("awards:nomination", args=[nomination.pk]),
        reverse("awards:decision", args=[decision.pk]),
        reverse("awards:unit", args=[personas.commission.pk]),
        reverse("awards:person", args=[veteran.pk]),
        reverse("people:person", args=[veteran.pk]),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert not YEAR_WITH_SEPARATOR.search(content), (url, YEAR_WITH_SEPARATOR.search(content))
    nomination_page = client.get(reverse("awards:nomination", args=[nomination.pk])).content.decode()
    assert "đến hạn năm 2025" in nomination_page
    assert "1972" in client.get(reverse("people:person", args=[veteran.pk])).content.decode()


def test_the_cycle_page_gives_the_real_split_of_each_decision_counted_in_sql(personas: Any, cycle: Any) -> None:
    individuals = [
        services.nominate(cycle, form(GK), personas.commission, person, "Tốt", personas.specialist)
        for person in _people(personas, 3)
    ]
    collectives = [
        services.nominate(cycle, form(GK), unit, None, "Tốt", personas.specialist)
        for unit in (personas.commune_unit1, personas.commune_unit2)
    ]
    only_people = services.create_decision(cycle, form(GK), "Cá nhân", personas.specialist)
    services.add_awards(only_people, [(n, "") for n in individuals], personas.specialist)
    mixed = services.create_decision(cycle, form(GK), "Tập thể", personas.specialist)
    services.add_awards(mixed, [(n, "") for n in collectives], personas.specialist)
    services.create_decision(cycle, form(GK), "Trống", personas.specialist)
    content = personas.client(personas.specialist).get(reverse("awards:cycle", args=[cycle.pk])).content.decode()
    decisions = content.split('data-testid="decisions"')[1].split("</ul>")[0]
    assert "(3 cá nhân)" in decisions
    assert "(2 tập thể)" in decisions
    assert "tập thể, cá nhân)" not in decisions
    assert "chưa có ai trong danh sách" in decisions


def test_the_awards_of_a_unit_and_of_a_person_are_linked_from_their_pages_the_cycle_and_the_decision(
    personas: Any, cycle: Any, veteran: Any
) -> None:
    person_nomination = services.nominate(cycle, form(GK), personas.commission, veteran, "Tốt", personas.specialist)
    unit_nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    decision = services.create_decision(cycle, form(GK), "Giấy khen", personas.specialist)
    services.add_awards(decision, [(person_nomination, ""), (unit_nomination, "")], personas.specialist)
    client = personas.client(personas.specialist)
    person_awards = reverse("awards:person", args=[veteran.pk])
    unit_awards = reverse("awards:unit", args=[personas.commune_unit1.pk])
    pages = {
        "unit": client.get(reverse("units:detail", args=[personas.commune_unit1.pk])).content.decode(),
        "person": client.get(reverse("people:person", args=[veteran.pk])).content.decode(),
        "cycle": client.get(reverse("awards:cycle", args=[cycle.pk])).content.decode(),
        "decision": client.get(reverse("awards:decision", args=[decision.pk])).content.decode(),
    }
    assert f'href="{unit_awards}"' in pages["unit"]
    assert f'href="{person_awards}"' in pages["person"]
    for name in ("cycle", "decision"):
        assert f'href="{unit_awards}"' in pages[name], name
        assert f'href="{person_awards}"' in pages[name], name
    assert client.get(person_awards).status_code == 200
    assert client.get(unit_awards).status_code == 200
