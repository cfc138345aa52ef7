"""The report's task indicators are computed from the task registry and equal its completion figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.followup.conftest import make_task
from tuyengiao.followup.figures import own_completion
from tuyengiao.lib.periods import Period
from tuyengiao.reports import services
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Section, Value

AUGUST = Period.parse("2025M08")
D = dt.date


@pytest.fixture
def task_form(db):
    specs = [
        ("nv-den-han", "integer", "sum", "followup.tasks_due"),
        ("nv-xong", "integer", "sum", "followup.tasks_done"),
        ("nv-qua-han", "integer", "sum", "followup.tasks_overdue"),
        ("nv-ty-le", "percent", "max", "followup.completion_rate"),
    ]
    form = Form.objects.create(
        code="bc-nv",
        name="Báo cáo nhiệm vụ",
        period_type="month",
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2025M07")
    section = Section.objects.create(version=version, order=1, title="Nhiệm vụ", kind="indicators")
    for order, (code, value_type, rule, source) in enumerate(specs, start=1):
        indicator = Indicator.objects.create(code=code, name=code, value_type=value_type, rule=rule, source=source)
        Item.objects.create(section=section, order=order, indicator=indicator)
    return form


def test_a_communes_report_states_its_own_tasks_due_in_the_month(personas, task_form):
    commune, other = personas.commune_unit2, personas.commune_unit1
    issuer = personas.province
    make_task(issuer, commune, deadline=D(2025, 8, 10), done_on=D(2025, 8, 9), assigned_on=D(2025, 7, 20))
    make_task(issuer, commune, deadline=D(2025, 8, 20), done_on=D(2025, 8, 25), assigned_on=D(2025, 7, 20))
    make_task(issuer, commune, deadline=D(2025, 8, 30), assigned_on=D(2025, 7, 20))  # overdue at 31/08
    make_task(issuer, commune, deadline=D(2025, 9, 5), assigned_on=D(2025, 7, 20))  # due next month
    make_task(issuer, other, deadline=D(2025, 8, 15), assigned_on=D(2025, 7, 20))  # another commune's
    report = services.open_report(task_form, commune, AUGUST, personas.commune2)[0]
    values = {v.indicator.code: v.number for v in Value.objects.filter(report=report).select_related("indicator")}
    figures = own_completion(commune, AUGUST.start, AUGUST.end)
    assert (figures.total, figures.done, figures.overdue) == (3, 2, 1)
    assert values == {
        "nv-den-han": figures.total,
        "nv-xong": figures.done,
        "nv-qua-han": figures.overdue,
        "nv-ty-le": Decimal("66.7"),
    }
    assert figures.rate == Decimal("66.7")
