import datetime as dt
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_it_reads_dates_as_day_month_year():
    with translation.override("vi"):
        form = DateForm({"day": "05/08/2025"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2025, 8, 5)
        assert DateForm({"day": "15/08/2025"}).is_valid()


def test_it_prints_dates_and_numbers_the_vietnamese_way():
    with translation.override("vi"):
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ n }} {{ x }}").render(
            Context({"d": dt.date(2025, 8, 5), "n": 1234, "x": Decimal("1234.5")})
        )
    assert rendered == "05/08/2025 1.234 1.234,5"
