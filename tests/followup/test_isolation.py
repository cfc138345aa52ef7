"""Scoping: another province's user gets 404 everywhere; a commune sees only its own (and inherited)
tasks; every list page issues a bounded number of queries whatever the number of tasks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.followup.conftest import make_task
from tuyengiao.followup.models import InspectedUnit, Inspection, Task, TaskUpdate

D = dt.date


@pytest.fixture
def many(personas, hoa_khanh):
    tasks = []
    for index in range(30):
        owner = [personas.commune_unit1, personas.commune_unit2, hoa_khanh][index % 3]
        task = make_task(personas.commission, owner, f"Nhiệm vụ số {index}", deadline=D(2025, 1 + index % 12, 20))
        TaskUpdate.objects.create(task=task, date=D(2025, 1, 15), text="x", percent=index)
        tasks.append(task)
    tasks[0].partners.add(personas.commune_unit2)
    return tasks, None


@pytest.fixture
def inspection(personas):
    from tuyengiao.documents.demo import ensure_fields_of_work

    field = ensure_fields_of_work()["tuyen-truyen"]
    inspection = Inspection.objects.create(
        inspecting_unit=personas.commission,
        title="Kiểm tra công tác tuyên truyền",
        subject_field=field,
        starts_on=D(2025, 10, 1),
        ends_on=D(2025, 10, 2),
    )
    InspectedUnit.objects.create(inspection=inspection, unit=personas.commune_unit1)
    return inspection


def test_another_provinces_user_gets_404_on_every_page(personas, many, inspection):
    tasks, _ = many
    client = personas.client(personas.outsider)
    task = tasks[0]
    assert client.get(reverse("followup:detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("followup:edit", args=[task.pk])).status_code == 404
    assert client.post(reverse("followup:update_add", args=[task.pk]), {}).status_code == 404
    assert client.get(reverse("followup:list"), {"don_vi": personas.commune_unit1.pk}).status_code == 404
    assert client.get(reverse("followup:follow_up"), {"don_vi": personas.commission.pk}).status_code == 404
    assert client.get(reverse("followup:follow_up_xlsx"), {"don_vi": personas.commission.pk}).status_code == 404
    assert client.get(reverse("followup:inspection_detail", args=[inspection.pk])).status_code == 404
    assert client.get(reverse("followup:unit_inspections", args=[personas.commune_unit1.pk])).status_code == 404
    listing = client.get(reverse("followup:inspection_list"))
    assert inspection.title not in listing.content.decode()


def test_a_commune_sees_its_own_and_inherited_tasks_but_not_its_neighbours(personas, many):
    tasks, _ = many
    mine = personas.client(personas.commune2)
    board = mine.get(reverse("followup:list"), {"ngay": "31/12/2025"})
    shown = {t.pk for column in board.context["columns"] for t in column.tasks}
    expected = {t.pk for t in tasks if t.owner_id != personas.commune_unit1.pk}
    assert shown == expected  # Hòa Phú's own and Hòa Khánh's (inherited), not Buôn Ma Thuột's
    assert tasks[0].pk in {t.pk for t in board.context["partner_rows"]}  # as a partner
    assert mine.get(reverse("followup:detail", args=[tasks[1].pk])).status_code == 200
    assert mine.get(reverse("followup:detail", args=[tasks[0].pk])).status_code == 200  # partner may read
    assert personas.client(personas.commune1).get(reverse("followup:detail", args=[tasks[1].pk])).status_code == 404
    assert mine.get(reverse("followup:list"), {"don_vi": personas.commune_unit1.pk}).status_code == 404


def test_the_inspected_commune_reads_the_inspection_but_cannot_change_it(personas, inspection):
    client = personas.client(personas.commune1)
    assert client.get(reverse("followup:inspection_detail", args=[inspection.pk])).status_code == 200
    assert client.get(reverse("followup:inspection_edit", args=[inspection.pk])).status_code == 404
    response = client.post(reverse("followup:recommendation_add", args=[inspection.pk]), {"title": "x"})
    assert response.status_code == 404
    assert (
        personas.client(personas.commune2).get(reverse("followup:inspection_detail", args=[inspection.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("count", [3, 30])
def test_pages_issue_a_bounded_number_of_queries(personas, hoa_khanh, inspection, django_assert_max_num_queries, count):
    for index in range(count):
        owner = [personas.commune_unit1, personas.commune_unit2, hoa_khanh][index % 3]
        task = make_task(personas.commission, owner, f"Nhiệm vụ {index}", deadline=D(2025, 1 + index % 12, 20))
        TaskUpdate.objects.create(task=task, date=D(2025, 1, 15), text="x")
        make_task(personas.commission, personas.commune_unit1, f"Kiến nghị {index}", inspection=inspection)
    specialist = personas.client(personas.specialist)
    commune = personas.client(personas.commune2)
    pages = [
        (commune, reverse("followup:list"), {}),
        (specialist, reverse("followup:list"), {"don_vi": personas.commune_unit2.pk}),
        (specialist, reverse("followup:follow_up"), {}),
        (specialist, reverse("followup:follow_up_xlsx"), {}),
        (specialist, reverse("followup:inspection_list"), {}),
        (specialist, reverse("followup:inspection_detail", args=[inspection.pk]), {}),
        (specialist, reverse("followup:unit_inspections", args=[personas.commune_unit1.pk]), {}),
        (specialist, reverse("followup:detail", args=[Task.objects.first().pk]), {}),
    ]
    for client, url, params in pages:
        with django_assert_max_num_queries(30):
            assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("name", ["followup:list", "followup:follow_up"])
@pytest.mark.parametrize("ngay", ["2025-07-01", "01/07/2025"])
def test_the_task_pages_show_the_date_of_the_query_string_in_either_format(personas, name, ngay):
    page = personas.client(personas.specialist).get(reverse(name), {"ngay": ngay})
    assert page.status_code == 200
    assert re.search(r'name="ngay"\s+value="01/07/2025"', page.content.decode())
    assert "không hợp lệ" not in page.content.decode()


@pytest.mark.parametrize("name", ["followup:list", "followup:follow_up"])
def test_the_task_pages_say_when_the_date_cannot_be_read(personas, name):
    page = personas.client(personas.specialist).get(reverse(name), {"ngay": "32/13/2025"})
    assert page.status_code == 200
    assert "Ngày “32/13/2025” không hợp lệ" in page.content.decode()
