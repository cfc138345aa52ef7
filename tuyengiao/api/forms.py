"""Forms of the API token pages (tuyengiao/api/views.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import User
from tuyengiao.lib.forms import DATE_INPUT_FORMATS, BaseForm


class TokenForm(BaseForm):
    name = forms.CharField(
        label=_("Tên mã"),
        max_length=100,
        help_text=_("Để nhận ra mã dùng cho việc gì, ví dụ “Hệ thống văn phòng điện tử”."),
    )
    expires_on = forms.DateField(
        label=_("Hết hạn sau ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Để trống: không hết hạn (cho đến khi thu hồi). Mã dùng được hết ngày này."),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(gettext("Hãy đặt tên cho mã."))
        return name

    def clean_expires_on(self) -> dt.date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(gettext("Ngày hết hạn không thể trước hôm nay."))
        return day

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day (local time): the token works through that day."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.username})"


class ServiceTokenForm(TokenForm):
    """A token an administrator creates for one of the service accounts they manage."""

    account = AccountChoiceField(
        label=_("Tài khoản dịch vụ"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Hãy chọn một tài khoản dịch vụ bạn quản trị.")},
    )

    field_order = ["account", "name", "expires_on"]

    def __init__(self, *args: Any, accounts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = accounts if accounts is not None else User.objects.none()
