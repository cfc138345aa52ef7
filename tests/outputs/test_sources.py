"""The outputs figures flow into the yearly report without retyping: the province's and the national
consolidated figures equal the registry's, for 2025 (across the 01/07/2025 reform: old Phú Yên's bulletins of
the first half count for the new Đắk Lắk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.outputs.conftest import make_issue
from tuyengiao.lib.periods import Period
from tuyengiao.outputs import demo, services, sources
from tuyengiao.outputs.models import Issue, Recipient, Topic
from tuyengiao.reports import services as report_services
from tuyengiao.reports.consolidation import consolidate
from tuyengiao.units.models import Unit

pytestmark = pytest.mark.django_db
YEAR = Period.parse("2025")


@pytest.fixture
def year_of_issues(personas):
    phu_yen = Unit.objects.get(key="com:p:54")
    lam_dong = Unit.objects.get(key="com:p:68")
    admin = personas.admin
    before, after = dt.date(2025, 5, 5), dt.date(2025, 9, 5)
    communes = [personas.commune_unit1, personas.commune_unit2]
    made = [
        make_issue(
            admin,
            personas.commission,
            [],
            kind=Issue.Kind.BULLETIN,
            issued_on=before,
            period="2025M05",
            copies_printed=2439,
        ),
        make_issue(
            admin,
            personas.commission,
            communes,
            kind=Issue.Kind.BULLETIN,
            issued_on=after,
            period="2025M09",
            copies_printed=2812,
        ),
        make_issue(admin, personas.commission, communes, issued_on=after, period="2025M09"),
        make_issue(
            admin, phu_yen, [], kind=Issue.Kind.BULLETIN, issued_on=before, period="2025M05", copies_printed=1800
        ),
        make_issue(admin, phu_yen, [], issued_on=before, period="2025M05"),
        make_issue(
            admin, lam_dong, [], kind=Issue.Kind.BULLETIN, issued_on=after, period="2025M09", copies_printed=4500
        ),
        # Outside the year: not counted.
        make_issue(
            admin,
            personas.commission,
            [],
            kind=Issue.Kind.BULLETIN,
            issued_on=dt.date(2024, 12, 5),
            period="2024M12",
            copies_printed=999,
        ),
    ]
    row = made[2].recipients.get(unit=personas.commune_unit1)
    services.mark_relayed(row, user=personas.commune1, expected=row.revision, cells=12, day=dt.date(2025, 9, 10))
    form = demo.ensure_form()
    for unit in (personas.commission, lam_dong):
        report, _ = report_services.open_report(form, unit, YEAR, admin)
        report_services.submit(report, admin)
    return form


def _registry(issuers):
    issues = Issue.objects.filter(issuer__in=issuers, issued_on__year=2025)
    bulletins = issues.filter(kind=Issue.Kind.BULLETIN)
    guidance = issues.exclude(kind=Issue.Kind.BULLETIN)
    receipts = Recipient.objects.filter(issue__in=guidance)
    return {
        "bt-so-ky": bulletins.count(),
        "bt-so-ban-in": bulletins.aggregate(n=Sum("copies_printed"))["n"],
        "dh-so-van-ban": guidance.count(),
        "dh-so-noi-dung": Topic.objects.filter(issue__in=guidance).count(),
        "dh-luot-nhan": receipts.count(),
        "dh-luot-pho-bien": receipts.filter(relayed_on__isnull=False).count(),
    }


def test_the_commission_counts_its_predecessors_issues_of_the_year_they_ended(year_of_issues, personas):
    assert sources.bulletin_copies(personas.commission, YEAR) == 2439 + 2812 + 1800
    assert sources.bulletin_copies(personas.commission, Period.parse("2024")) == 999
    assert sources.bulletin_copies(personas.province, YEAR) == 2439 + 2812 + 1800  # the committee: its commission
    assert sources.relayed_share(personas.commission, YEAR) == Decimal("50.0")


def test_the_province_and_national_consolidated_figures_equal_the_registry(year_of_issues, personas):
    form = year_of_issues
    dak_lak = ["com:p:66", "com:p:54"]
    province = consolidate(form, personas.province, YEAR)
    expected = _registry(Unit.objects.filter(key__in=dak_lak))
    assert expected["bt-so-ban-in"] == 2439 + 2812 + 1800
    for code, value in expected.items():
        assert province[code].value == value, code
    national = consolidate(form, Unit.objects.get(key="central"), YEAR)
    everyone = _registry(Unit.objects.filter(key__in=[*dak_lak, "com:p:68"]))
    for code, value in everyone.items():
        assert national[code].value == value, code
    assert national["dh-ty-le-pho-bien"].value == Decimal(50)
    for stored in (True, False):
        assert consolidate(form, personas.province, YEAR, stored=stored)["bt-so-ban-in"].value == 7051


def test_the_demo_year_shows_the_figures_in_the_commissions_yearly_report(personas):
    created = demo.ensure_issues(today=dt.date(2026, 12, 1))
    assert created > 40 and demo.ensure_issues() == 0
    report = demo.ensure_yearly_report()
    assert report is not None and report.status == "accepted"
    figures = consolidate(demo.ensure_form(), personas.province, YEAR)
    expected = _registry(Unit.objects.filter(key__in=["com:p:66", "com:p:54"]))
    for code, value in expected.items():
        assert figures[code].value == value, code
    assert Issue.objects.filter(issuer=personas.commission, issued_on__lt=dt.date(2025, 1, 1)).count() == 0
