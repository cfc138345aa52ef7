"""The project's form rules (lib/forms.py): the date of a page from ``?ngay=``, Bootstrap widgets."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from tuyengiao.lib.forms import AsOfForm, BaseForm, as_of, parse_date


def test_the_page_date_is_read_in_dd_mm_yyyy() -> None:
    assert as_of({"ngay": "01/07/2025"}) == (dt.date(2025, 7, 1), None)


def test_the_page_date_is_read_in_iso_format() -> None:
    assert as_of({"ngay": "2025-07-01"}) == (dt.date(2025, 7, 1), None)


def test_no_page_date_means_today_without_a_message() -> None:
    assert as_of({}) == (timezone.localdate(), None)
    assert as_of({"ngay": "  "}) == (timezone.localdate(), None)


def test_an_unreadable_page_date_shows_today_with_a_vietnamese_message() -> None:
    date, error = as_of({"ngay": "31/02/2025"})
    assert date == timezone.localdate()
    assert error is not None and "31/02/2025" in error and "không hợp lệ" in error


def test_another_parameter_and_default_may_be_given() -> None:
    form = AsOfForm({"tu": "x"}, name="tu", default=dt.date.min)
    assert form.date == dt.date.min and form.error
    assert parse_date("15/08/2025") == dt.date(2025, 8, 15)
    assert parse_date("", dt.date.max) == dt.date.max


class _Sample(BaseForm):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A")])
    done = forms.BooleanField(required=False)
    ways = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    day = forms.DateField()
    revision = forms.IntegerField(widget=forms.HiddenInput)


def test_a_project_form_sets_the_bootstrap_class_of_each_widget_and_dates_dd_mm_yyyy() -> None:
    form = _Sample(initial={"day": dt.date(2025, 7, 1)})
    classes = {name: field.widget.attrs.get("class") for name, field in form.fields.items()}
    assert classes == {
        "name": "form-control",
        "kind": "form-select",
        "done": "form-check-input",
        "ways": "form-check-input",
        "day": "form-control",
        "revision": None,
    }
    assert 'value="01/07/2025"' in str(form["day"])


def test_the_project_field_template_renders_label_widget_help_and_errors() -> None:
    form = _Sample({"day": "x"})
    html = form["day"].as_field_group()
    assert '<label class="form-label" for="id_day">' in html
    assert 'class="invalid-feedback d-block" data-testid="error-day"' in html
    assert str(form["revision"].as_field_group()).strip().startswith('<input type="hidden"')
