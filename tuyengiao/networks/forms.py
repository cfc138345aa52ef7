"""Forms of the networks pages (Vietnamese messages, dd/mm/yyyy dates, units true to the record's date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.awards.models import Nomination
from tuyengiao.documents.models import Document
from tuyengiao.lib import doccode
from tuyengiao.lib.forms import DateInput, style
from tuyengiao.lib.revision import RevisionFormMixin
from tuyengiao.networks.models import CollaboratorCount, Exemplar, Heading, OpinionMonth
from tuyengiao.units import choices
from tuyengiao.units.models import Unit

MAX_COUNT = 1_000_000


class _UnitForm(RevisionFormMixin, forms.ModelForm):
    """A record of a unit dated by ``date_field``: the unit among those the user may write on that date."""

    date_field = ""
    unit_label = _("Đơn vị")

    def __init__(self, *args: Any, user: AnyUser, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.default_unit = user, unit
        saved = getattr(self.instance, self.date_field) if self.instance.pk else None
        date = choices.record_date(self, self.date_field, saved)
        self.fields["unit"] = choices.dated_unit_field(
            user,
            date,
            choices.ALL,
            date_field=self.add_prefix(self.date_field),
            keep=[self.instance.unit_id] if self.instance.pk and date == saved else [],
            empty_label=None,
            initial=self.instance.unit_id if self.instance.pk else unit.pk,
            label=self.unit_label,
        )
        self.order_fields(["unit"])
        style(self)

    def record_day(self, data: dict[str, Any]) -> dt.date | None:
        value = data.get(self.date_field)
        return value if isinstance(value, dt.date) else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, day = data.get("unit"), self.record_day(data)
        if unit is not None and day is not None and not scoping.can_write(self.user, unit, day):
            self.add_error(
                "unit",
                gettext("Bạn không được ghi số liệu của đơn vị này cho ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"},
            )
        return data


class CollaboratorCountForm(_UnitForm):
    date_field = "as_of"
    register_decision = forms.BooleanField(
        label=_("Thêm quyết định vào sổ đăng ký văn bản nếu chưa có"),
        required=False,
        help_text=_("Số, ký hiệu đọc được (ví dụ 215-QĐ/BTGDVTU) được liên kết với văn bản trong sổ."),
    )

    class Meta:
        model = CollaboratorCount
        fields = ["as_of", "province_level", "district_level", "commune_level", "decision", "note"]
        widgets = {"as_of": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["unit", "as_of", "province_level", "district_level", "commune_level", "decision", "register_decision"]
        )
        self.decision_document: Document | None = None
        self.new_decision = ""

    def clean_decision(self) -> str:
        """The decision as typed; when it is a document number, the registry's record (``self.decision_document``)
        or, with "register" ticked, the canonical number to register (``self.new_decision``)."""
        text = " ".join(str(self.cleaned_data.get("decision") or "").split())
        try:
            code = doccode.parse(text)
        except doccode.DocCodeError:
            if self.data.get(self.add_prefix("register_decision")) and text:
                raise forms.ValidationError(
                    gettext("“%(text)s” không phải số, ký hiệu văn bản nên không thêm vào sổ được.") % {"text": text}
                ) from None
            return text
        found = Document.objects.readable_by(self.user).with_code(text).order_by("pk").first()
        if found is not None:
            self.decision_document = found
            return found.code
        if not self.data.get(self.add_prefix("register_decision")):
            raise forms.ValidationError(
                gettext(
                    "Chưa có văn bản số %(code)s trong sổ đăng ký (hoặc bạn không có quyền xem văn bản đó). Đánh "
                    "dấu “Thêm quyết định vào sổ đăng ký văn bản nếu chưa có” rồi lưu."
                )
                % {"code": code.canonical}
            )
        self.new_decision = code.canonical
        return code.canonical

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("as_of") and data["as_of"] >= dt.date(2025, 7, 1) and data.get("district_level"):
            self.add_error("district_level", gettext("Từ ngày 01/07/2025 không còn cấp huyện: hãy để số 0."))
        unit, day = data.get("unit"), data.get("as_of")
        if unit is not None and day is not None:
            clash = CollaboratorCount.objects.filter(unit=unit, as_of=day).exclude(pk=self.instance.pk or 0)
            if clash.exists():
                self.add_error(
                    "as_of",
                    gettext("Đơn vị đã có số liệu tính đến ngày %(day)s; hãy sửa bản ghi đó.")
                    % {"day": f"{day:%d/%m/%Y}"},
                )
        return data


def heading_field(heading: str) -> str:
    return f"h_{heading}"


class OpinionMonthForm(_UnitForm):
    date_field = "month"

    class Meta:
        model = OpinionMonth
        fields = ["month", "rapid_reports", "summaries_sent"]
        widgets = {"month": DateInput()}
        labels = {"month": _("Tháng (ngày bất kỳ trong tháng, dd/mm/yyyy)")}
        help_texts = {"month": _("Ví dụ 01/03/2026 cho tháng 3/2026.")}

    def __init__(self, *args: Any, topics: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for heading, label in Heading.choices:
            self.fields[heading_field(heading)] = forms.IntegerField(
                label=label, min_value=0, max_value=MAX_COUNT, initial=(topics or {}).get(heading, 0)
            )
        style(self)

    def clean_month(self) -> dt.date:
        value: dt.date = self.cleaned_data["month"]
        return value.replace(day=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, month = data.get("unit"), data.get("month")
        others = OpinionMonth.objects.exclude(pk=self.instance.pk or 0)
        if unit is not None and month is not None and others.filter(unit=unit, month=month).exists():
            self.add_error(
                "month",
                gettext("Đơn vị đã có số liệu tháng %(month)s; hãy sửa bản ghi đó.") % {"month": f"{month:%m/%Y}"},
            )
        received = sum(data.get(heading_field(h)) or 0 for h in Heading.values)
        if data.get("rapid_reports") is not None and data["rapid_reports"] > received:
            self.add_error(
                "rapid_reports",
                gettext("Số báo cáo nhanh (%(rapid)s) không được lớn hơn tổng số báo cáo nhận được (%(total)s).")
                % {"rapid": data["rapid_reports"], "total": received},
            )
        return data

    def topic_counts(self) -> dict[str, int]:
        return {h: int(self.cleaned_data.get(heading_field(h)) or 0) for h in Heading.values}

    def heading_fields(self) -> list[Any]:
        return [self[heading_field(h)] for h in Heading.values]


def _nomination_label(nomination: Nomination) -> str:
    return f"{nomination.cycle.year}: {nomination.nominee_name} – {nomination.award_form}"


class ExemplarForm(_UnitForm):
    date_field = "registered_on"
    unit_label = _("Đơn vị đăng ký")

    class Meta:
        model = Exemplar
        fields = [
            "name",
            "programme",
            "kind",
            "year",
            "registered_on",
            "review",
            "evidence",
            "honoured",
            "proposed",
            "nomination",
        ]
        widgets = {"registered_on": DateInput(), "evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nominations = Nomination.objects.readable_by(self.user).select_related("cycle", "award_form", "person")
        field = self.fields["nomination"]
        assert isinstance(field, forms.ModelChoiceField)
        # The cycles of the last few years only (a registry link is made while the cycle runs), never sliced:
        # a sliced queryset cannot validate the posted choice.
        field.queryset = nominations.filter(cycle__year__gte=timezone.localdate().year - 3).order_by(
            "-cycle__year", "pk"
        )
        field.label_from_instance = _nomination_label  # type: ignore[method-assign,assignment]
        field.help_text = gettext("Liên kết với đề nghị đã lập trong đợt thi đua, khen thưởng (nếu có).")
        field.widget.attrs["class"] = "form-select"

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if len(name) < 5:
            raise forms.ValidationError(gettext("Tên mô hình, điển hình quá ngắn."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, day = data.get("year"), data.get("registered_on")
        if year is not None and not 2000 <= year <= 2100:
            self.add_error("year", gettext("Năm đăng ký không hợp lệ."))
        elif year is not None and day is not None and abs(day.year - year) > 1:
            self.add_error(
                "registered_on",
                gettext("Ngày đăng ký %(day)s không thuộc năm %(year)s (hoặc năm liền trước).")
                % {"day": f"{day:%d/%m/%Y}", "year": year},
            )
        if data.get("nomination") is not None:
            data["proposed"] = True
        return data
