"""Forms for restructuring. Each validates its own fields; the service validates the tree."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib.forms import style
from tuyengiao.units import services
from tuyengiao.units.lookup import AmbiguousUnit, find_unit
from tuyengiao.units.models import Kind, Level, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def new_key() -> str:
    """Keys for units created in the application (loaded units have data keys)."""
    return f"u:{secrets.token_hex(6)}"


class BasisForm(forms.Form):
    """The fields every restructuring action needs; ``action`` names the action's own URL
    (``units:restructure_<action>``, a POST-only view) and its tab on the restructuring page."""

    action: str = ""
    title: StrOrPromise = ""

    date = forms.DateField(label=_("Ngày hiệu lực"), help_text="dd/mm/yyyy")
    legal_basis = forms.CharField(
        label=_("Căn cứ (số, ký hiệu văn bản)"), max_length=255, help_text=_("Ví dụ: Nghị quyết số 1660/NQ-UBTVQH15")
    )
    description = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, user: AbstractBaseUser | AnonymousUser, unit: Unit, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style(self)
        self.user = user
        self.unit = unit

    @property
    def url_name(self) -> str:
        return f"units:restructure_{self.action}"

    def apply(self) -> None:
        """Carry out the change: each action's form defines it (an abstract method)."""
        raise TypeError(f"{type(self).__name__} does not define apply()")

    def basis(self) -> services.Basis:
        data = self.cleaned_data
        return services.Basis(data["date"], data["legal_basis"], data.get("description", ""))

    def scoped_unit(self, field: str, date: dt.date) -> Unit:
        """Resolve a typed code or name to a unit the user administers, or raise a field error."""
        text = self.cleaned_data.get(field, "")
        try:
            version = find_unit(text, date)
        except AmbiguousUnit as exc:
            raise forms.ValidationError(str(exc)) from exc
        if version is None or not scoping.can(self.user, Capability.ADMINISTER, version.unit, date):  # type: ignore[arg-type]
            raise forms.ValidationError(
                gettext("Không tìm thấy đơn vị “%(text)s” trong phạm vi bạn quản trị tại ngày đó.") % {"text": text}
            )
        return version.unit


class RenameForm(BasisForm):
    action = "rename"
    title = _("Đổi tên")
    name = forms.CharField(label=_("Tên tổ chức mới"), max_length=255)
    area_name = forms.CharField(label=_("Tên địa bàn mới"), max_length=255, required=False)

    def apply(self) -> None:
        services.rename(self.unit, self.basis(), self.cleaned_data["name"], self.cleaned_data["area_name"] or None)


class MoveForm(BasisForm):
    action = "move"
    title = _("Chuyển trực thuộc")
    new_parent = forms.CharField(label=_("Đơn vị cấp trên mới (mã hoặc tên)"), max_length=255)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not self.errors:
            data["parent_unit"] = self.scoped_unit("new_parent", data["date"])
        return data

    def apply(self) -> None:
        services.move(self.unit, self.basis(), self.cleaned_data["parent_unit"])


class MergeForm(BasisForm):
    action = "merge"
    title = _("Sáp nhập vào đơn vị khác")
    target = forms.CharField(label=_("Đơn vị nhận sáp nhập (mã hoặc tên)"), max_length=255)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not self.errors:
            data["target_unit"] = self.scoped_unit("target", data["date"])
        return data

    def apply(self) -> None:
        services.merge([self.unit], self.basis(), self.cleaned_data["target_unit"])


class SplitForm(BasisForm):
    action = "split"
    title = _("Chia tách")
    parts = forms.CharField(
        label=_("Các đơn vị mới"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một đơn vị: Tên tổ chức | Tên địa bàn | Mã hành chính (hai phần sau có thể bỏ trống)."),
    )

    def clean_parts(self) -> list[services.NewPart]:
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split("|")]
            if len(cells) > 3 or not cells[0]:
                raise forms.ValidationError(
                    gettext("Dòng %(number)d không đúng mẫu “Tên tổ chức | Tên địa bàn | Mã”.") % {"number": number}
                )
            cells += [""] * (3 - len(cells))
            parts.append(services.NewPart(key=new_key(), name=cells[0], area_name=cells[1], code=cells[2]))
        if len(parts) < 2:
            raise forms.ValidationError(gettext("Chia tách cần ít nhất hai đơn vị mới."))
        return parts

    def apply(self) -> None:
        services.split(self.unit, self.basis(), self.cleaned_data["parts"])


class DissolveForm(BasisForm):
    action = "dissolve"
    title = _("Giải thể, kết thúc hoạt động")

    def apply(self) -> None:
        services.dissolve(self.unit, self.basis())


class CreateChildForm(BasisForm):
    action = "create"
    title = _("Thành lập đơn vị trực thuộc")
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    area_name = forms.CharField(label=_("Tên địa bàn"), max_length=255, required=False)
    level = forms.ChoiceField(label=_("Cấp"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    code = forms.CharField(label=_("Mã hành chính"), max_length=16, required=False)

    def apply(self) -> None:
        data = self.cleaned_data
        services.create(
            self.basis(),
            key=new_key(),
            level=data["level"],
            kind=data["kind"],
            name=data["name"],
            area_name=data["area_name"],
            code=data["code"],
            parent=self.unit,
        )


RESTRUCTURE_FORMS: list[type[BasisForm]] = [RenameForm, MoveForm, MergeForm, SplitForm, DissolveForm, CreateChildForm]
