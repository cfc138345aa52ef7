"""Report indicators with a source are computed from the registry, equal the coverage figures, cannot be typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.dissemination.conftest import session, unit
from tests.people.conftest import post
from tuyengiao.dissemination.coverage import coverage
from tuyengiao.dissemination.models import PartyMemberCount
from tuyengiao.lib.periods import Period
from tuyengiao.people.models import Person, StaffingNorm
from tuyengiao.reports import services
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section, Value

AUGUST = Period.parse("2025M08")


@pytest.fixture
def sourced_form(db):
    indicators = [
        Indicator.objects.create(
            code="ht-buoi", name="Số buổi", value_type="integer", rule="sum", source="dissemination.sessions"
        ),
        Indicator.objects.create(
            code="ht-nguoi", name="Số người", value_type="integer", rule="sum", source="dissemination.attendees"
        ),
        Indicator.objects.create(
            code="ht-dv", name="Số đảng viên", value_type="integer", rule="sum", source="dissemination.party_members"
        ),
        Indicator.objects.create(
            code="ht-ty-le", name="Tỷ lệ", value_type="percent", rule="max", source="dissemination.members_reached"
        ),
        Indicator.objects.create(
            code="bien-che",
            name="Đủ định biên",
            value_type="boolean",
            rule="count_yes",
            source="people.staffed_to_norm",
        ),
        Indicator.objects.create(code="tin-bai", name="Số tin bài", value_type="integer", rule="sum"),
    ]
    form = Form.objects.create(
        code="bc-xa",
        name="Báo cáo xã",
        period_type="month",
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2025M07")
    section = Section.objects.create(version=version, order=1, title="Chỉ tiêu", kind="indicators")
    for order, indicator in enumerate(indicators, start=1):
        Item.objects.create(section=section, order=order, indicator=indicator)
    return form


@pytest.fixture
def hoa_phu_studied(personas, merger_sessions):
    hoa_phu = unit("c2025:24175")
    PartyMemberCount.objects.create(unit=hoa_phu, valid_from=dt.date(2025, 7, 1), count=150)
    session(hoa_phu, dt.date(2025, 8, 12), merger_sessions.document, attendees=90, members=70)
    StaffingNorm.objects.create(
        unit_kind="party_committee", unit_level="commune", minimum=1, valid_from=dt.date(2025, 7, 1)
    )
    post(Person.objects.create(full_name="Lý Thị Thu"), hoa_phu, dt.date(2025, 7, 1))
    return hoa_phu


def _values(report):
    return {v.indicator.code: v for v in Value.objects.filter(report=report).select_related("indicator")}


def test_opening_a_report_fills_the_sourced_values_equal_to_the_coverage(
    personas, sourced_form, hoa_phu_studied, merger_sessions
):
    report = services.open_report(sourced_form, hoa_phu_studied, AUGUST, personas.commune2)[0]
    values = _values(report)
    assert values["ht-buoi"].number == 1
    assert values["ht-nguoi"].number == 90
    assert values["ht-dv"].number == 70
    assert values["bien-che"].flag is True
    # One document studied in the month by the unit itself: the same percentage as its coverage row would
    # show for the month alone (70 of 150 members).
    month = coverage(merger_sessions.document, hoa_phu_studied, dt.date(2025, 8, 31), start=dt.date(2025, 8, 1))
    assert month.rows[0].percent == Decimal("46.7") == values["ht-ty-le"].number


def test_a_forged_posted_value_is_ignored_and_the_computed_one_is_stored(personas, sourced_form, hoa_phu_studied):
    client = personas.client(personas.commune2)
    url = f"/bao-cao/nhap/{hoa_phu_studied.pk}/{sourced_form.code}/{AUGUST.code}/"
    page = client.get(url)
    assert "Tự động từ" in page.content.decode()
    assert 'name="revision" value="0"' in page.content.decode()  # the page computed, it did not store
    response = client.post(url, {"v-ht-buoi": "99", "v-tin-bai": "5", "revision": "0"})
    assert response.status_code == 302
    values = _values(Report.objects.get(unit=hoa_phu_studied))
    assert values["ht-buoi"].number == 1
    assert values["tin-bai"].number == 5


def test_submitting_recomputes_after_a_new_session(personas, sourced_form, hoa_phu_studied, merger_sessions):
    report = services.open_report(sourced_form, hoa_phu_studied, AUGUST, personas.commune2)[0]
    session(hoa_phu_studied, dt.date(2025, 8, 20), merger_sessions.document, attendees=10, members=10)
    services.submit(report, personas.commune2)
    assert _values(report)["ht-buoi"].number == 2
    assert _values(report)["ht-nguoi"].number == 100
