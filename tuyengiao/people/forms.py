"""Forms of the people pages (Vietnamese messages, dd/mm/yyyy dates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.lib.forms import DateInput, style
from tuyengiao.people.models import LecturerRole, Person, StaffingNorm, Training
from tuyengiao.units import choices


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "birth_year", "gender", "phone", "email"]
        help_texts = {"phone": _("Chỉ số điện thoại công vụ; không ghi số CCCD, địa chỉ nhà riêng.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_full_name(self) -> str:
        name = " ".join(str(self.cleaned_data["full_name"]).split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Vui lòng nhập đầy đủ họ và tên."))
        return name

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError(_("Năm sinh không hợp lệ."))
        return year


class PostingForm(forms.Form):
    """A posting: the unit among those the user may write on its first day, named as they were then
    (``units/choices.py``; changing the date reloads them)."""

    position = forms.CharField(label=_("Chức vụ"), max_length=160)
    from_date = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    to_date = forms.DateField(label=_("Đến hết ngày"), required=False, widget=DateInput())
    counts_toward_norm = forms.BooleanField(label=_("Tính vào biên chế"), required=False, initial=True)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = choices.dated_unit_field(
            user,
            choices.record_date(self, "from_date"),
            choices.ALL,
            date_field=self.add_prefix("from_date"),
            label=_("Đơn vị"),
            empty_label=None,
        )
        self.order_fields(["unit", "position", "from_date", "to_date", "counts_toward_norm"])
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_date") and data.get("from_date") and data["to_date"] < data["from_date"]:
            self.add_error("to_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class NewPersonForm(PersonForm):
    position = forms.CharField(label=_("Chức vụ"), max_length=160)
    from_date = forms.DateField(label=_("Công tác tại đơn vị từ ngày"), widget=DateInput())

    class Meta(PersonForm.Meta):
        pass


class LecturerRoleForm(forms.ModelForm):
    class Meta:
        model = LecturerRole
        fields = ["level", "field", "decision", "from_date", "to_date"]
        widgets = {"from_date": DateInput(), "to_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["course", "issuer", "from_date", "to_date"]
        widgets = {"from_date": DateInput(), "to_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class StaffingNormForm(forms.ModelForm):
    class Meta:
        model = StaffingNorm
        fields = ["unit_kind", "unit_level", "minimum", "valid_from", "basis"]
        widgets = {"valid_from": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
