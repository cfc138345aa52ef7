"""Issue #14: a district's tasks from its 2023 conference stay visible to the province after 30/06/2025.

The district committees were dissolved on 01/07/2025 without a successor, so nobody's lineage holds their tasks;
the province's board shows them, under the district's name of the task's date, within the read scope."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.meetings.test_paper_dates import meeting_on
from tuyengiao.followup import figures
from tuyengiao.followup.models import Task
from tuyengiao.units.models import Unit

D = dt.date


def district_task(personas) -> Task:
    krong_pac = Unit.objects.get(key="d:654")
    meeting = meeting_on(krong_pac, D(2023, 7, 21))
    return Task.objects.create(
        title="Kiện toàn đội ngũ báo cáo viên cơ sở",
        issuer=krong_pac,
        owner=krong_pac,
        assigned_on=meeting.date,
        deadline=D(2023, 12, 31),
        meeting=meeting,
        number=1,
    )


def board(client, unit: Unit | None = None) -> str:
    query = {"don_vi": unit.pk} if unit is not None else {}
    return client.get(reverse("followup:list"), query).content.decode()


def test_the_provinces_board_shows_a_dissolved_districts_2023_tasks_under_its_old_name(personas):
    task = district_task(personas)
    assert task.owner_id in figures.former_owners(personas.commission, D(2026, 1, 5))
    page = board(personas.client(personas.specialist))
    assert "Kiện toàn đội ngũ báo cáo viên cơ sở" in page
    assert "Kế thừa từ Huyện ủy Krông Pắc" in page


def test_the_district_task_stays_out_of_other_boards_and_other_provinces(personas):
    district_task(personas)
    assert "Kiện toàn đội ngũ báo cáo viên cơ sở" not in board(personas.client(personas.commune1))
    assert "Kiện toàn đội ngũ báo cáo viên cơ sở" not in board(personas.client(personas.outsider))
    # a commune formed from the old communes holds their tasks through lineage, not the district's
    assert figures.former_owners(personas.commune_unit1, D(2026, 1, 5)) == set()
