"""The form of the narrative editor of a consolidated report (``views_output.narrative_edit``).

The sections are rich text: each is a textarea holding the stored HTML, which ``static/js/richtext.js``
replaces with a contenteditable box and a toolbar (bold, italic, bulleted and numbered lists); without
JavaScript the textarea still works (plain lines are paragraphs). What the textarea shows and what is saved is
always ``richtext.sanitise``d, whatever was posted. The signature's title block is chosen from the titles of the
issuing body (``narrative.COMMISSION_TITLES`` / ``COMMITTEE_TITLES``); the signer's name is typed or picked from
the leaders posted on the report's date (a datalist on the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.lib.forms import style
from tuyengiao.reports import narrative, richtext

TITLE_SEPARATOR = " / "  # a title block of several lines as one choice value ("K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN")


class RichTextarea(forms.Textarea):
    """The stored HTML, sanitised again when shown (a refused post is shown as it would be stored)."""

    def __init__(self, rows: int) -> None:
        super().__init__(attrs={"rows": rows, "class": "form-control", "data-tg-richtext": ""})

    def format_value(self, value: Any) -> str | None:
        return richtext.sanitise(str(value)) if value else None


def _rich(label: Any, rows: int, help_text: Any = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=RichTextarea(rows), help_text=help_text)


def _area(rows: int, help_text: Any = "") -> dict[str, Any]:
    return {
        "required": False,
        "widget": forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
        "help_text": help_text,
    }


def title_value(text: str) -> str:
    """A stored title block ("K/T TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN") as a choice value, whichever separator it has."""
    parts = [part.strip() for line in (text or "").splitlines() for part in line.split("/ ") if part.strip()]
    return TITLE_SEPARATOR.join(parts)


class NarrativeForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        required=False,
        max_length=40,
        help_text=_("Ví dụ 45-BC/BTGDVTU. Chỉ nhập số (45) thì ký hiệu được thêm tự động; để trống để ghi tay."),
    )
    place = forms.CharField(label=_("Địa danh (dòng ngày tháng)"), required=False, max_length=100)
    subject = forms.CharField(label=_("Trích yếu"), required=False, max_length=255)
    results = _rich(_("Kết quả đạt được"), 12)
    limitations = _rich(_("Hạn chế"), 6)
    causes = _rich(_("Nguyên nhân"), 5)
    lessons = _rich(_("Bài học kinh nghiệm"), 4)
    tasks = _rich(
        _("Phương hướng, nhiệm vụ"), 6, _("Mỗi đoạn một nhiệm vụ; khi xuất báo cáo các nhiệm vụ được đánh số 1., 2., …")
    )
    proposals = _rich(_("Đề xuất, kiến nghị"), 4)
    signer_title = forms.CharField(label=_("Thẩm quyền ký"), required=False, widget=forms.Select)
    signer_name = forms.CharField(
        label=_("Họ và tên người ký"),
        required=False,
        max_length=150,
        help_text=_("Chọn trong danh sách lãnh đạo tại ngày ban hành hoặc gõ họ tên."),
    )
    recipients = forms.CharField(label=_("Nơi nhận"), **_area(4, _("Mỗi dòng một nơi nhận.")))

    def __init__(self, *args: Any, symbol: str, titles: Sequence[tuple[str, ...]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.symbol = symbol
        values = [TITLE_SEPARATOR.join(title) for title in titles]
        current = title_value(self.initial.get("signer_title", ""))
        if current and current not in values:  # a title saved before these choices existed stays choosable
            values.append(current)
        self.titles = values
        widget = self.fields["signer_title"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [(value, value) for value in values]
        self.initial["signer_title"] = current
        self.fields["signer_name"].widget.attrs["list"] = "tg-signers"
        style(self)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in narrative.RICH:
            cleaned[name] = richtext.sanitise(cleaned.get(name, ""))
        return cleaned

    def clean_signer_title(self) -> str:
        """One of the issuer's title blocks (either separator accepted), stored one line a line."""
        value = title_value(self.cleaned_data.get("signer_title", ""))
        if value and value not in self.titles:
            raise forms.ValidationError(_("Chọn thẩm quyền ký trong danh sách."))
        return "\n".join(value.split(TITLE_SEPARATOR))

    def clean_number(self) -> str:
        try:
            return narrative.normalise_number(self.cleaned_data.get("number", ""), self.symbol)
        except narrative.InvalidNumber as exc:
            raise forms.ValidationError(str(exc)) from None
