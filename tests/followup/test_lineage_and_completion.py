"""Tasks across the 2025 restructuring (real data of the test database) and the completion figures.

Xã Hòa Khánh (c:24175) ended on 30/06/2025 and merged, with two other communes, into Xã Hòa Phú
(c2025:24175, ``commune_unit2``). Old Phú Yên merged into Đắk Lắk. The rule: a unit's tasks are its
own and its predecessors'; a subtree's tasks on a date are those of its units then and of their
predecessors; completion counts each task once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.followup.conftest import make_task
from tuyengiao.followup import figures
from tuyengiao.followup.models import TaskUpdate
from tuyengiao.followup.status import State, status_on
from tuyengiao.followup.views import follow_up
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, UnitLink, UnitVersion

D = dt.date


@pytest.fixture
def phu_yen_commune(personas) -> tuple[Unit, Unit]:
    """An old commune of Phú Yên (under p:54 on 30/06/2025) and the Đắk Lắk commune it became."""
    phu_yen = Unit.objects.get(key="p:54")
    old = (
        UnitVersion.objects.as_of(D(2025, 6, 30))
        .filter(unit_id__in=tree.subtree_ids([phu_yen.pk], D(2025, 6, 30)), unit__key__startswith="c:")
        .order_by("unit__code")
        .first()
        .unit
    )
    return old, UnitLink.objects.filter(predecessor=old).first().successor


@pytest.fixture
def merger_tasks(personas, hoa_khanh, phu_yen_commune):
    commission = personas.commission
    tasks = {
        # Given to Hòa Khánh before the merger, still open: followed by Hòa Phú.
        "inherited_open": make_task(commission, hoa_khanh, "Nâng cấp loa truyền thanh", deadline=D(2025, 9, 30)),
        # Given to Hòa Khánh and done before the merger.
        "inherited_done": make_task(
            commission, hoa_khanh, "Học tập chuyên đề", deadline=D(2025, 5, 31), done_on=D(2025, 5, 20)
        ),
        # Given to Hòa Phú after the merger, done late.
        "new_late": make_task(
            commission,
            personas.commune_unit2,
            "Báo cáo quý III",
            assigned_on=D(2025, 7, 5),
            deadline=D(2025, 10, 10),
            done_on=D(2025, 10, 20),
        ),
        # Not yet due at the end of 2025.
        "new_open": make_task(
            commission, personas.commune_unit2, "Sơ kết năm", assigned_on=D(2025, 7, 5), deadline=D(2026, 1, 15)
        ),
        # Old Phú Yên commune: not in Đắk Lắk before 01/07/2025, in it after.
        "phu_yen": make_task(
            commission,
            phu_yen_commune[0],
            "Nhiệm vụ của xã Phú Yên cũ",
            deadline=D(2025, 6, 20),
            done_on=D(2025, 6, 18),
        ),
        # Another province: never counted.
        "lam_dong": make_task(personas.lam_dong, personas.lam_dong, "Lâm Đồng", deadline=D(2025, 6, 1)),
    }
    TaskUpdate.objects.create(task=tasks["inherited_open"], date=D(2025, 5, 2), text="Đã khảo sát")
    return tasks


def test_the_successor_board_shows_the_predecessors_tasks_marked_inherited(personas, merger_tasks):
    client = personas.client(personas.commune2)
    response = client.get(reverse("followup:list"), {"ngay": "31/12/2025"})
    assert response.status_code == 200
    columns = {c.state: [t.pk for t in c.tasks] for c in response.context["columns"]}
    assert merger_tasks["inherited_open"].pk in columns[State.OVERDUE]
    assert merger_tasks["inherited_done"].pk in columns[State.DONE]
    assert merger_tasks["new_open"].pk in columns[State.NOT_STARTED]
    html = response.content.decode()
    assert "Kế thừa từ Đảng ủy xã Hòa Khánh" in html
    assert merger_tasks["lam_dong"].pk not in {pk for pks in columns.values() for pk in pks}


def test_the_successor_may_report_progress_on_an_inherited_task_but_a_neighbour_may_not(personas, merger_tasks):
    task = merger_tasks["inherited_open"]
    url = reverse("followup:update_add", args=[task.pk])
    data = {"date": "05/08/2025", "text": "Đã lắp 2 cụm loa", "percent": "50", "revision": task.revision}
    personas.client(personas.commune2).post(url, data)
    assert task.updates.filter(text="Đã lắp 2 cụm loa").exists()
    assert personas.client(personas.commune1).post(url, data).status_code == 404


def test_holders_of_an_ended_commune_are_its_successors_after_the_merger_and_itself_before(hoa_khanh, personas):
    assert figures.holders([hoa_khanh.pk], D(2025, 6, 30)) == {hoa_khanh.pk: {hoa_khanh.pk}}
    assert figures.holders([hoa_khanh.pk], D(2025, 7, 1)) == {hoa_khanh.pk: {personas.commune_unit2.pk}}


def test_completion_of_the_province_in_2025_counts_old_and_new_communes_once(personas, merger_tasks):
    figure = figures.completion(personas.province, D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 31))
    # inherited_open (overdue), inherited_done (on time), new_late (late), phu_yen (on time); new_open is due 2026.
    assert (figure.total, figure.done, figure.done_on_time, figure.done_late, figure.overdue, figure.open) == (
        4,
        3,
        2,
        1,
        1,
        0,
    )
    assert figure.rate == 75


def test_completion_follows_the_tree_as_it_stood_on_the_date(personas, merger_tasks):
    # On 30/06/2025 old Phú Yên was not part of Đắk Lắk: its commune's task is not counted.
    first_half = figures.completion(personas.province, D(2025, 1, 1), D(2025, 6, 30), D(2025, 6, 30))
    assert (first_half.total, first_half.done, first_half.overdue) == (1, 1, 0)  # inherited_done only
    # The same period seen in the 2025 structure (as of 31/12/2025) includes it.
    seen_later = figures.completion(personas.province, D(2025, 1, 1), D(2025, 6, 30), D(2025, 12, 31))
    assert (seen_later.total, seen_later.done) == (2, 2)


def test_completion_of_the_new_commune_includes_what_its_predecessors_were_given(personas, merger_tasks):
    figure = figures.completion(personas.commune_unit2, D(2025, 7, 1), D(2025, 12, 31))
    assert (figure.total, figure.done, figure.done_late, figure.overdue) == (2, 1, 1, 1)
    # Before the merger Hòa Phú did not exist: its subtree is empty and nothing is counted.
    assert figures.completion(personas.commune_unit2, D(2025, 1, 1), D(2025, 6, 30)).total == 0


@pytest.mark.parametrize("as_of", [D(2025, 5, 25), D(2025, 6, 30), D(2025, 9, 30), D(2025, 10, 15), D(2025, 12, 31)])
def test_completion_counts_match_the_status_of_each_task_on_the_date(personas, merger_tasks, as_of):
    """The indicator (SQL counts) equals what the pure status rule says of each counted task."""
    figure = figures.completion(personas.province, D(2025, 1, 1), D(2025, 12, 31), as_of)
    counted = list(figures.due_tasks(personas.province, D(2025, 1, 1), D(2025, 12, 31), as_of))
    states = [
        status_on(
            as_of,
            deadline=t.deadline,
            done_on=t.done_on,
            stored=t.status,
            first_update_on=min((u.date for u in t.updates.all()), default=None),
        )
        for t in counted
    ]
    assert figure.total == len(counted)
    assert figure.done == states.count(State.DONE)
    assert figure.overdue == states.count(State.OVERDUE)
    assert figure.open == states.count(State.IN_PROGRESS) + states.count(State.NOT_STARTED)
    assert figure.done_late == sum(
        1 for t, s in zip(counted, states, strict=True) if s == State.DONE and t.done_on > t.deadline
    )


def test_the_follow_up_view_lists_an_ended_communes_tasks_under_its_successor(personas, merger_tasks):
    data = follow_up(personas.specialist, personas.commission, D(2025, 12, 31), None, None)
    rows = {row.unit_id: row for row in data.rows}
    hoa_phu = rows[personas.commune_unit2.pk]
    assert (hoa_phu.total, hoa_phu.done, hoa_phu.done_late, hoa_phu.overdue, hoa_phu.not_started) == (4, 2, 1, 1, 1)
    assert [t.pk for t in data.late] == [merger_tasks["inherited_open"].pk]
    # Before the merger the same tasks sit under Hòa Khánh itself.
    before = follow_up(personas.specialist, personas.commission, D(2025, 6, 30), None, None)
    assert {r.name for r in before.rows} >= {"Đảng ủy xã Hòa Khánh"}


def test_the_follow_up_totals_equal_the_completion_figures_for_the_same_tasks(personas, merger_tasks):
    day = D(2025, 12, 31)
    data = follow_up(personas.specialist, personas.commission, day, D(2025, 1, 1), D(2025, 12, 31))
    figure = figures.completion(personas.province, D(2025, 1, 1), D(2025, 12, 31), day)
    totals = data.totals
    assert (totals.total, totals.done, totals.done_late, totals.overdue) == (
        figure.total,
        figure.done,
        figure.done_late,
        figure.overdue,
    )
