"""Forms of the accounts area: sign-in, second factor, user and membership management."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, Membership, Role, User
from tuyengiao.lib.forms import BaseForm, BaseModelForm, BootstrapMixin
from tuyengiao.lib.text import fold
from tuyengiao.units.lookup import AmbiguousUnit, find_unit
from tuyengiao.units.models import Unit

CODED_NAME = re.compile(r"(?P<name>.+?)\s*\((?P<code>[^()]+)\)")
OUT_OF_SCOPE = _("Không tìm thấy đơn vị này trong phạm vi bạn quản trị.")


class LoginForm(BaseForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid": _("Tên đăng nhập hoặc mật khẩu không đúng."),
    }

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            # ``request`` lets django-axes count the failure and refuse locked-out accounts.
            user = authenticate(self.request, username=username, password=password)
            if user is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            self.user = user
        return cleaned


class TokenForm(BaseForm):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=16,
        help_text=_("Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "autocapitalize": "none"}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split()).lower()


class PasswordConfirmForm(BaseForm):
    """Asks for the user's current password before a sensitive change."""

    password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("Mật khẩu không đúng."), code="password_incorrect")
        return password


class ChangePasswordForm(BootstrapMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Vui lòng nhập lại."),
        "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp."),
    }


class UserForm(BaseModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "is_active"]
        labels = {
            "username": _("Tên đăng nhập"),
            "full_name": _("Họ và tên"),
            "position": _("Chức vụ"),
            "email": _("Thư điện tử"),
            "is_active": _("Đang hoạt động"),
        }
        help_texts = {
            "username": _("Tối đa 150 ký tự: chữ cái, chữ số và @ . + - _"),
            "is_active": _("Bỏ chọn để khóa tài khoản khi người dùng không còn công tác."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["username"].error_messages["unique"] = gettext("Tên đăng nhập này đã có người dùng.")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        clash = User.objects.filter(username__iexact=username)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(gettext("Tên đăng nhập này đã có người dùng."), code="unique")
        return username


class MembershipForm(BaseForm):
    """A role in a unit. The unit is typed (name, official code or internal key) and looked up on the server.

    The visible input shows the unit's name: the suggestions (``accounts/_unit_options.html``) carry the name
    as their value and the key in ``data-key``, which ``static/js/unit-picker.js`` copies into the hidden
    ``unit_key`` when a suggestion is picked (and empties when the text is changed). The server takes the key
    when the text still names that unit; without JavaScript it reads the text ("Name (code)", a code or a key).

    The unit must lie in the acting administrator's ADMINISTER scope; anything else,
    including a forged value, is rejected with the same message whether or not the
    unit exists, so that the form reveals nothing outside the scope.
    """

    unit = forms.CharField(
        label=_("Đơn vị"),
        max_length=255,
        help_text=_("Gõ tên, mã hành chính hoặc mã nội bộ (ví dụ p:66) rồi chọn trong danh sách gợi ý."),
    )
    unit_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    valid_from = forms.DateField(
        label=_("Từ ngày"), required=False, help_text=_("dd/mm/yyyy; để trống nếu không giới hạn.")
    )
    valid_to = forms.DateField(
        label=_("Đến trước ngày"), required=False, help_text=_("dd/mm/yyyy; để trống nếu chưa kết thúc.")
    )

    def __init__(self, actor: User, *args: Any, **kwargs: Any) -> None:
        self.actor = actor
        self.unit_obj: Unit | None = None
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            self.fields[name].widget.attrs.update({"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        self.fields["unit"].widget.attrs.update({"autocomplete": "off", "list": "tg-unit-options"})
        if self.initial.get("unit_key"):
            self.fields["unit_key"].initial = self.initial["unit_key"]

    @classmethod
    def initial_for(cls, membership: Membership) -> dict[str, object]:
        """The membership's values; its unit under its name (today's, or the last one), never the internal key.
        ``unit_key`` lets ``clean_unit`` keep that unit while the name is left as it is."""
        return {
            "unit": membership.unit.name_on(timezone.localdate()),
            "unit_key": membership.unit.key,
            "role": membership.role,
            "valid_from": membership.valid_from,
            "valid_to": membership.valid_to,
        }

    def _picked(self, text: str) -> Unit | None:
        """The unit of the hidden key, when the visible text still names it (its name today, with or without
        the code in brackets, or the name the form was opened with)."""
        key = (self.data.get(self.add_prefix("unit_key")) or "").strip() if self.is_bound else ""
        unit = Unit.objects.filter(key=key).first() if key else None
        if unit is None:
            return None
        name = unit.name_on(timezone.localdate())
        shown = {fold(name), fold(f"{name} ({unit.code})"), fold(str(self.initial.get("unit") or ""))}
        return unit if fold(text) in shown else None

    def clean_unit(self) -> Unit:
        text = self.cleaned_data["unit"].strip()
        unit = self._picked(text) or Unit.objects.filter(key=text).first()
        coded = CODED_NAME.fullmatch(text)  # a suggestion's text: "Xã Hòa Phú (24133)"
        if unit is None and coded:
            today = timezone.localdate()
            rows = Unit.objects.filter(code=coded["code"])
            named = [u for u in rows if fold(u.name_on(today)) == fold(coded["name"])]
            unit = named[0] if len(named) == 1 else None
        if unit is None:
            try:
                version = find_unit(text, timezone.localdate())
            except AmbiguousUnit as exc:
                raise forms.ValidationError(str(exc), code="ambiguous") from exc
            unit = version.unit if version is not None else None
        if unit is None or not scoping.can(self.actor, Capability.ADMINISTER, unit):
            raise forms.ValidationError(OUT_OF_SCOPE, code="out_of_scope")
        self.unit_obj = unit
        return unit

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("valid_from")
        end: dt.date | None = cleaned.get("valid_to")
        if start and end and end <= start:
            self.add_error("valid_to", gettext("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned

    def apply(self, membership: Membership) -> Membership:
        membership.unit = self.cleaned_data["unit"]
        membership.role = self.cleaned_data["role"]
        membership.valid_from = self.cleaned_data["valid_from"]
        membership.valid_to = self.cleaned_data["valid_to"]
        return membership


class UserSearchForm(BaseForm):
    q = forms.CharField(label=_("Tìm người dùng"), required=False, max_length=100)
