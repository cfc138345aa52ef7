"""The form of the narrative editor of a consolidated report (``views_output.narrative_edit``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.lib.forms import style
from tuyengiao.reports import narrative


def _area(rows: int, help_text: Any = "") -> dict[str, Any]:
    return {
        "required": False,
        "widget": forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
        "help_text": help_text,
    }


class NarrativeForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        required=False,
        max_length=40,
        help_text=_("Ví dụ 45-BC/BTGDVTU. Chỉ nhập số (45) thì ký hiệu được thêm tự động; để trống để ghi tay."),
    )
    place = forms.CharField(label=_("Địa danh (dòng ngày tháng)"), required=False, max_length=100)
    subject = forms.CharField(label=_("Trích yếu"), required=False, max_length=255)
    results = forms.CharField(label=_("Kết quả đạt được"), **_area(10, _("Mỗi dòng là một đoạn văn.")))
    limitations = forms.CharField(label=_("Hạn chế"), **_area(6))
    causes = forms.CharField(label=_("Nguyên nhân"), **_area(5))
    lessons = forms.CharField(label=_("Bài học kinh nghiệm"), **_area(4))
    tasks = forms.CharField(
        label=_("Phương hướng, nhiệm vụ"),
        **_area(6, _("Mỗi dòng một nhiệm vụ; khi xuất báo cáo các nhiệm vụ được đánh số 1., 2., …")),
    )
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), **_area(4))
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), **_area(2, _("Mỗi dòng một dòng, ví dụ: K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN."))
    )
    signer_name = forms.CharField(label=_("Họ và tên người ký"), required=False, max_length=150)
    recipients = forms.CharField(label=_("Nơi nhận"), **_area(4, _("Mỗi dòng một nơi nhận.")))

    def __init__(self, *args: Any, symbol: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.symbol = symbol
        style(self)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"

    def clean_number(self) -> str:
        try:
            return narrative.normalise_number(self.cleaned_data.get("number", ""), self.symbol)
        except narrative.InvalidNumber as exc:
            raise forms.ValidationError(str(exc)) from None
