"""Forms of the dissemination pages. A plan's unit is chosen among the party committees the user may write
on the plan's start date, named as they were then (``units/choices.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.dissemination.models import DisseminationPlan
from tuyengiao.lib.forms import DateInput, style
from tuyengiao.units import choices
from tuyengiao.units.models import Level, Unit


class PlanForm(forms.ModelForm):
    target_levels = forms.MultipleChoiceField(
        label=_("Cấp phải học tập"),
        choices=[(Level.DISTRICT.value, Level.DISTRICT.label), (Level.COMMUNE.value, Level.COMMUNE.label)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: mọi cấp ủy bên dưới."),
    )

    class Meta:
        model = DisseminationPlan
        fields = ["starts_on", "deadline", "target_levels", "include_affiliated", "note"]
        widgets = {"starts_on": DateInput(), "deadline": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: AnyUser, unit: Unit, **kwargs: Any) -> None:
        """``unit``: the committee of the page, the plan's unit unless another is chosen (a form posted without
        the unit field keeps it)."""
        super().__init__(*args, **kwargs)
        self.user, self.default_unit = user, unit
        saved = self.instance.starts_on if self.instance.pk else None
        date = choices.record_date(self, "starts_on", saved)
        self.fields["unit"] = choices.dated_unit_field(
            user,
            date,
            choices.COMMITTEES,
            date_field="starts_on",
            keep=[self.instance.unit_id] if self.instance.pk and date == saved else [],
            required=False,
            empty_label=None,
            initial=unit.pk,
            label=_("Đơn vị triển khai"),
            help_text=_("Cấp ủy chỉ đạo học tập, quán triệt, trong các cấp ủy bạn được ghi vào ngày bắt đầu."),
        )
        self.order_fields(["unit"])
        style(self)
        self.fields["target_levels"].widget.attrs.pop("class", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("deadline") and data["deadline"] < data["starts_on"]:
            self.add_error("deadline", _("Hạn hoàn thành phải sau ngày bắt đầu."))
        if "unit" in self.errors:
            return data
        unit = data.get("unit") or self.default_unit
        data["unit"] = unit
        start = data.get("starts_on")
        if start and not scoping.can_write(self.user, unit, start):
            self.add_error(
                "unit",
                gettext("Bạn không được lập kế hoạch cho đơn vị này với ngày bắt đầu %(day)s.")
                % {"day": f"{start:%d/%m/%Y}"},
            )
        return data


class PartyMemberCountForm(forms.Form):
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), widget=DateInput())
    count = forms.IntegerField(label=_("Số đảng viên"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
