"""The demo report forms and submissions (``tuyengiao.reports.demo``) over the real Đắk Lắk tree."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio, Rule, ValueType
from tuyengiao.reports import demo
from tuyengiao.reports.consolidation import consolidate
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section, Value
from tuyengiao.units.models import Unit

# A small but telling sample: two months of 2024, the first and last month of the old
# structure in 2025 and the first two months of the new one.
MONTHS = ["2024M11", "2024M12", "2025M01", "2025M06", "2025M07", "2025M08"]


def unit_stats(*args: str) -> dict:
    out = StringIO()
    call_command("unit_stats", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def loaded(db):
    created = demo.ensure_reports(months=MONTHS)
    return created, Form.objects.get(code=demo.MONTHLY_FORM), Unit.objects.get(key=demo.PROVINCE_KEY)


def test_ensure_forms_is_idempotent_and_every_rule_fits_its_value_type(db):
    forms = demo.ensure_forms()
    counts = (Indicator.objects.count(), Form.objects.count(), FormVersion.objects.count(), Section.objects.count())
    assert demo.ensure_forms().keys() == forms.keys()
    assert counts == (
        Indicator.objects.count(),
        Form.objects.count(),
        FormVersion.objects.count(),
        Section.objects.count(),
    )
    monthly = forms[demo.MONTHLY_FORM]
    assert monthly.period_type == "month" and monthly.deadline_rule == "day:25:last_month"
    assert Item.objects.filter(section__version__form=monthly).count() >= 40
    kinds = set(monthly.versions.get().sections.values_list("kind", flat=True))
    assert kinds == set(Section.Kind.values)  # indicators and the five narrative parts
    for indicator in Indicator.objects.filter(items__section__version__form__in=forms.values()):
        Rule(indicator.rule).require(ValueType(indicator.value_type))  # raises if it does not fit
        indicator.full_clean()
    share = Indicator.objects.get(code="ht-ty-le-dv")
    assert (share.rule, share.weight.code) == (Rule.WEIGHTED_AVERAGE, "ht-nguoi")
    assert Indicator.objects.get(code="ht-dang-vien").at_most.code == "ht-nguoi"
    assert Indicator.objects.get(code="dn-bao-cao-vien").time_rule == "latest"


def test_reports_cover_both_structures_and_a_second_run_adds_nothing(loaded):
    created, form, _province = loaded
    reports = Report.objects.filter(form=form)
    old = reports.filter(unit__key__startswith="c:", period__in=MONTHS[:4])
    new = reports.filter(unit__key__startswith="c2025:", period__in=MONTHS[4:])
    assert old.count() > 0.9 * 180 * 4 and new.count() > 0.9 * 102 * 2
    assert old.count() + new.count() == reports.count()
    assert reports.filter(status=Report.Status.ACCEPTED).count() > reports.count() / 2
    assert reports.filter(status=Report.Status.SUBMITTED).exists()
    values = Value.objects.count()
    assert Value.history.count() == values
    assert demo.ensure_reports(months=MONTHS) == 0
    assert (Report.objects.count(), Value.objects.count()) == (created, values)


def test_attendance_figures_respect_their_ceiling(loaded):
    for report in Report.objects.filter(values__indicator__code="ht-dang-vien")[:50]:
        numbers = {v.indicator.code: v.number for v in report.values.select_related("indicator")}
        assert numbers["ht-dang-vien"] <= numbers["ht-nguoi"]


def test_2024_consolidates_the_old_communes(loaded):
    _created, form, province = loaded
    figures = consolidate(form, province, Period.parse("2024"))
    assert figures["ht-buoi"].value > 0 and figures["tt-loa"].value > 0
    assert 0 < figures["ht-ty-le-dv"].value < 100
    expected = unit_stats("--as-of", "2024-12-31", "--under", "66")["commune"]
    assert expected == 180
    ratio = figures["dn-ket-noi"].value
    assert isinstance(ratio, Ratio)
    assert ratio.m == expected and 0 < ratio.n <= ratio.answered <= expected


def test_2025_includes_what_the_old_communes_reported_before_the_merger(loaded):
    _created, form, province = loaded
    year = consolidate(form, province, Period.parse("2025"), indicators=["tt-loa", "ht-buoi", "dn-ket-noi"])
    months = [consolidate(form, province, month) for month in Period.parse("2025").months]
    for code in ("tt-loa", "ht-buoi"):
        assert year[code].value == sum(m[code].value or 0 for m in months)
    first_half = sum(m["tt-loa"].value or 0 for m in months[:6])
    assert first_half > 0 and year["tt-loa"].value > first_half
    assert year["dn-ket-noi"].value.m == 102


def test_the_annual_report_gives_seed_004_ratios_per_district(loaded):
    annual = Form.objects.get(code=demo.ANNUAL_FORM)
    province = Unit.objects.get(key=demo.PROVINCE_KEY)
    figures = consolidate(annual, province, Period.parse("2024"))
    assert figures["nam-bien-che"].text == "9/15"
    assert figures["nam-ket-noi-huyen"].text == "15/15"
    assert figures["nam-ket-noi-xa"].text == "7/15"
