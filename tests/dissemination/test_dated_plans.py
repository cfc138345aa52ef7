"""A dissemination plan's unit is chosen among the party committees of its start date; the successor records
its predecessors' plans that started before the merger. (Sessions are meetings: tests/meetings.)"""

from __future__ import annotations

import datetime as dt

from tuyengiao.dissemination.forms import PlanForm
from tuyengiao.dissemination.models import DisseminationPlan
from tuyengiao.units.models import Unit


def url(document, unit: Unit) -> str:
    return f"/quan-triet/van-ban/{document.pk}/ke-hoach/?don_vi={unit.pk}"


def units(form: PlanForm) -> dict[int, str]:
    return {int(value): str(label) for value, label in form.fields["unit"].choices if value != ""}


def test_plan_units_are_the_party_committees_of_the_start_date(personas, document):
    krong_pac = Unit.objects.get(key="d:654")
    old = units(PlanForm({"starts_on": "21/07/2023"}, user=personas.specialist, unit=personas.province))
    assert old[krong_pac.pk] == "Huyện ủy Krông Pắc"
    assert personas.commune_unit1.pk not in old and personas.commission.pk not in old  # committees only
    new = units(PlanForm(user=personas.specialist, unit=personas.province))
    assert personas.commune_unit1.pk in new and krong_pac.pk not in new


def test_a_district_plan_of_2023_is_saved_on_the_first_try(personas, document):
    krong_pac = Unit.objects.get(key="d:654")
    data = {"unit": krong_pac.pk, "starts_on": "21/07/2023", "deadline": "31/12/2023", "target_levels": ["commune"]}
    response = personas.client(personas.specialist).post(url(document, personas.commission), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DisseminationPlan.objects.get().unit == krong_pac


def test_dak_lak_records_phu_yens_plan_that_started_before_the_merger(personas, document):
    phu_yen = Unit.objects.get(key="p:54")
    client = personas.client(personas.specialist)
    data = {"starts_on": "01/03/2025", "deadline": "30/06/2025", "target_levels": ["commune"]}
    assert client.get(url(document, phu_yen)).status_code == 200
    assert client.post(url(document, phu_yen), data).status_code == 302
    plan = DisseminationPlan.objects.get()
    assert plan.unit == phu_yen and plan.history.get().history_user == personas.specialist
    late = client.post(url(document, phu_yen), {**data, "starts_on": "01/08/2025", "revision": "1"})
    assert late.status_code == 400 and "01/08/2025" in late.content.decode()
    plan.refresh_from_db()
    assert plan.starts_on == dt.date(2025, 3, 1)
    assert personas.client(personas.outsider).get(url(document, phu_yen)).status_code == 404
    assert personas.client(personas.commune1).post(url(document, phu_yen), data).status_code == 404
