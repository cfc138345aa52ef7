"""The project's form rules, in one place.

- ``BootstrapMixin`` (``BaseForm``, ``BaseModelForm``): every widget gets its Bootstrap 5 class
  (``form-check-input`` for check boxes and radio buttons, ``form-select`` for selects, ``form-control``
  otherwise, hidden inputs nothing), and every date input shows and reads dd/mm/yyyy. Fields are rendered by
  the project's form renderer (``FORM_RENDERER``: ``templates/django/forms/field.html``), so a template writes
  ``{{ form.title.as_field_group }}`` or ``{{ form }}``.
- ``AsOfForm`` and ``as_of``: the date a page is viewed on, from its query string (``?ngay=``), typed
  dd/mm/yyyy or ISO yyyy-mm-dd; an unreadable date shows today with a Vietnamese message, never silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = (DATE_FORMAT, "%Y-%m-%d")


class FormRenderer(TemplatesSetting):
    """Forms rendered with the project's templates: ``templates/django/forms/field.html`` (label, widget,
    help text and errors with Bootstrap 5 classes) overrides Django's own."""

    field_template_name = "django/forms/field.html"


class DateInput(forms.DateInput):
    """A date typed and shown dd/mm/yyyy."""

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric", **(attrs or {})},
            format=format or DATE_FORMAT,
        )


class PeriodInput(forms.TextInput):
    """A period typed as people write it ("Quý III/2025", read by ``Period.read``) or chosen from a list of the
    periods offered, in Vietnamese (a ``<datalist>``: no script, and the browser still accepts anything typed)."""

    template_name = "django/forms/widgets/period.html"

    def __init__(self, labels: list[str] | None = None, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.labels = labels or []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or 'id_' + name}-list"
        widget["attrs"]["list"] = widget["list_id"]
        widget["labels"] = self.labels
        return context


def bootstrap_class(widget: forms.Widget) -> str | None:
    """The Bootstrap 5 class of a widget, None for a hidden input."""
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return None
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect
        return "form-check-input"
    if isinstance(widget, forms.Select):  # SelectMultiple is a Select
        return "form-select"
    return "form-control"


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget of ``form`` (added to any class already set), dates dd/mm/yyyy."""
    for field in form.fields.values():
        widget = field.widget
        css = bootstrap_class(widget)
        if css is None:
            continue
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
        if isinstance(widget, forms.DateInput):
            widget.format = DATE_FORMAT
            widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
            widget.attrs.setdefault("autocomplete", "off")
            widget.attrs.setdefault("inputmode", "numeric")


class BootstrapMixin:
    """Styles the widgets when the form is built (``style``)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)  # type: ignore[arg-type]


class BaseForm(BootstrapMixin, forms.Form):
    """A project form: Bootstrap classes, dd/mm/yyyy dates."""


class BaseModelForm(BootstrapMixin, forms.ModelForm):
    """A project model form: Bootstrap classes, dd/mm/yyyy dates."""


# --- The date a page is viewed on ---------------------------------------------------------------------------------

INVALID_DATE = _("Ngày “%(raw)s” không hợp lệ, dùng định dạng dd/mm/yyyy. Đang hiển thị ngày hôm nay.")


class AsOfForm(forms.Form):
    """A date in the query string (``?ngay=`` by default), dd/mm/yyyy or yyyy-mm-dd; empty means ``default``
    (today unless given)."""

    ngay = forms.DateField(required=False, input_formats=DATE_INPUT_FORMATS)

    def __init__(self, data: QueryDict | dict[str, str], *, name: str = "ngay", default: dt.date | None = None) -> None:
        super().__init__({name: str(data.get(name) or "").strip()})
        self.name = name
        self.default = default
        if name != "ngay":
            self.fields[name] = self.fields.pop("ngay")

    @property
    def date(self) -> dt.date:
        """The date asked for, else the default (today unless given)."""
        if self.is_valid() and self.cleaned_data[self.name]:
            return self.cleaned_data[self.name]
        return self.default or timezone.localdate()

    @property
    def error(self) -> str | None:
        """The Vietnamese message of an unreadable date, None otherwise."""
        if self.is_valid():
            return None
        return str(INVALID_DATE) % {"raw": self.data[self.name]}


def as_of(
    query: QueryDict | dict[str, str], name: str = "ngay", default: dt.date | None = None
) -> tuple[dt.date, str | None]:
    """The date in ``query[name]`` and the message when it could not be read (then ``default`` or today)."""
    form = AsOfForm(query, name=name, default=default)
    return form.date, form.error


def parse_date(text: str | None, default: dt.date | None = None) -> dt.date:
    """``text`` read as dd/mm/yyyy or yyyy-mm-dd, else ``default`` (today unless given)."""
    return as_of({"ngay": text or ""}, default=default)[0]
