"""Forms of the dissemination pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.dissemination.models import DisseminationPlan
from tuyengiao.people.forms import DateInput, _styled
from tuyengiao.units.models import Level


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["target_levels"].widget.attrs.pop("class", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("deadline") and data["deadline"] < data["starts_on"]:
            self.add_error("deadline", _("Hạn hoàn thành phải sau ngày bắt đầu."))
        return data


class PartyMemberCountForm(forms.Form):
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), widget=DateInput())
    count = forms.IntegerField(label=_("Số đảng viên"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
