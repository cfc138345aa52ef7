"""Forms of the configuration pages (administrators only): indicators, report forms and their versions.

The checks mirror what consolidation relies on (``tuyengiao.lib.rollup``,
``tuyengiao.lib.periods``) and speak Vietnamese: a rule that does not fit the
value type, a weighted average without a numeric weight, a deadline spec that
does not parse, a version that would not start after the previous one. What was
already reported stays meaningful: an indicator with values keeps its type and
rules, a form with versions keeps its period type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.lib.forms import PeriodInput, style
from tuyengiao.lib.periods import DeadlineRule, DeadlineRuleError, Period, PeriodError, PeriodType, choices
from tuyengiao.lib.rollup import Rule, RuleError, ValueType
from tuyengiao.reports.models import Form, FormVersion, Indicator, Section
from tuyengiao.units.models import Kind, Level

# What an indicator's existing values were reported and consolidated under.
LOCKED_ONCE_REPORTED = ("value_type", "rule", "time_rule", "weight")


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} – {obj.name}"


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "field",
            "value_type",
            "unit_of_measure",
            "rule",
            "time_rule",
            "weight",
            "at_most",
            "required",
            "min_value",
            "max_value",
            "help_text",
            "source",
        ]
        field_classes = {"weight": IndicatorChoiceField, "at_most": IndicatorChoiceField}
        widgets = {"help_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Whether values were reported already: then the type and rules may no longer change.
        self.has_values = bool(self.instance.pk) and self.instance.values.exists()
        if self.has_values:
            for name in LOCKED_ONCE_REPORTED:
                self.fields[name].help_text = gettext("Đã có số liệu báo cáo: không thay đổi được.")
        style(self)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if self.has_values:
            for name in LOCKED_ONCE_REPORTED:
                if name in self.changed_data:
                    self.add_error(
                        name,
                        gettext(
                            "Chỉ tiêu này đã có số liệu trong các báo cáo; đổi “%(field)s” sẽ làm thay đổi ý nghĩa "
                            "của các báo cáo đã nộp. Hãy tạo chỉ tiêu mới."
                        )
                        % {"field": self.fields[name].label},
                    )
        value_type, rule = data.get("value_type"), data.get("rule")
        if value_type and rule:
            try:
                Rule(rule).require(ValueType(value_type))
            except (RuleError, ValueError) as exc:
                self.add_error("rule", str(exc))
        numeric = ValueType(str(value_type)).is_numeric if value_type else False
        self._check_weight(data, rule)
        self._check_at_most(data, numeric)
        low, high = data.get("min_value"), data.get("max_value")
        if (low is not None or high is not None) and value_type and not numeric:
            self.add_error("min_value", gettext("Chỉ chỉ tiêu kiểu số mới có giá trị nhỏ nhất, lớn nhất."))
        elif low is not None and high is not None and low > high:
            self.add_error("max_value", gettext("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất."))
        return data

    def _post_clean(self) -> None:  # ModelForm's (private) model-validation hook
        # ``Indicator.clean`` checks the rule against the type and cannot do without either; when one was refused
        # above (so missing from cleaned_data), check the rest of the instance without it.
        if "rule" in self.cleaned_data and "value_type" in self.cleaned_data:
            super()._post_clean()  # type: ignore[misc]
            return
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.instance.clean_fields(exclude=self._get_validation_exclusions())  # type: ignore[attr-defined]
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]
        self.validate_unique()

    def _is_self(self, other: Indicator) -> bool:
        return bool(self.instance.pk) and other.pk == self.instance.pk

    def _check_weight(self, data: dict[str, Any], rule: str | None) -> None:
        weight: Indicator | None = data.get("weight")
        if rule == Rule.WEIGHTED_AVERAGE:
            if weight is None:
                self.add_error("weight", gettext("Quy tắc “Bình quân gia quyền” cần chọn chỉ tiêu dùng làm trọng số."))
            elif not ValueType(weight.value_type).is_numeric:
                self.add_error("weight", gettext("Chỉ tiêu dùng làm trọng số phải là chỉ tiêu kiểu số."))
            elif self._is_self(weight):
                self.add_error("weight", gettext("Chỉ tiêu không thể là trọng số của chính nó."))
        elif weight is not None and rule:
            self.add_error("weight", gettext("Chỉ quy tắc “Bình quân gia quyền” mới dùng trọng số; hãy bỏ trọng số."))

    def _check_at_most(self, data: dict[str, Any], numeric: bool) -> None:
        at_most: Indicator | None = data.get("at_most")
        if at_most is None:
            return
        if data.get("value_type") and not numeric:
            self.add_error("at_most", gettext("Chỉ chỉ tiêu kiểu số mới so sánh được với chỉ tiêu khác."))
        elif not ValueType(at_most.value_type).is_numeric:
            self.add_error("at_most", gettext("Chỉ tiêu dùng để so sánh phải là chỉ tiêu kiểu số."))
        elif self._is_self(at_most):
            self.add_error("at_most", gettext("Chỉ tiêu không thể so sánh với chính nó."))


class ReportFormForm(forms.ModelForm):
    """A report form's settings (its content lives in versions)."""

    submitter_kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị nộp báo cáo"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: các cấp ủy."),
        required=False,
    )
    submitter_levels = forms.MultipleChoiceField(
        label=_("Cấp của đơn vị nộp"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: mọi cấp."),
        required=False,
    )

    class Meta:
        model = Form
        fields = ["code", "name", "period_type", "submitter_kinds", "submitter_levels", "deadline_rule"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_versions = bool(self.instance.pk) and self.instance.versions.exists()
        if self.has_versions:
            self.fields["period_type"].help_text = gettext(
                "Mẫu đã có phiên bản (áp dụng từ một kỳ): không đổi được loại kỳ."
            )
        style(self)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().lower()

    def clean_period_type(self) -> str:
        value = str(self.cleaned_data["period_type"])
        if self.has_versions and value != self.instance.period_type:
            raise forms.ValidationError(
                gettext(
                    "Mẫu này đã có phiên bản áp dụng từ các kỳ %(type)s; không đổi được loại kỳ. "
                    "Hãy tạo mẫu báo cáo mới."
                )
                % {"type": self.instance.get_period_type_display().lower()}
            )
        return value

    def clean_submitter_kinds(self) -> list[str]:
        return [kind for kind, _label in Kind.choices if kind in self.cleaned_data["submitter_kinds"]]

    def clean_submitter_levels(self) -> list[str]:
        return [level for level, _label in Level.choices if level in self.cleaned_data["submitter_levels"]]

    def clean_deadline_rule(self) -> str:
        try:
            return DeadlineRule.parse(self.cleaned_data["deadline_rule"]).spec
        except DeadlineRuleError as exc:
            raise forms.ValidationError(str(exc)) from exc


class VersionCreateForm(forms.Form):
    """A new version of ``form``, in force from a period after the previous version's and after any report."""

    effective_from = forms.CharField(
        label=_("Áp dụng từ kỳ"),
        max_length=40,
        help_text=_("Chọn trong danh sách hoặc gõ, ví dụ Tháng 7/2025, Quý III/2025 (hoặc mã 2025M07, 2025Q3)."),
    )
    note = forms.CharField(label=_("Ghi chú thay đổi"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, form: Form, previous: FormVersion | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report_form = form
        self.previous = previous
        kind = PeriodType(form.period_type)
        offered = [p for p in choices(kind, timezone.localdate() + dt.timedelta(days=366)) if p.type == kind]
        self.fields["effective_from"].widget = PeriodInput([p.label for p in offered])
        style(self)

    def clean_effective_from(self) -> str:
        try:
            period = Period.read(self.cleaned_data["effective_from"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if period.type != self.report_form.period_type:
            raise forms.ValidationError(
                gettext("Mẫu này báo cáo theo kỳ “%(type)s”: hãy nhập mã kỳ loại đó.")
                % {"type": self.report_form.get_period_type_display()}
            )
        if self.previous is not None:
            before = Period.parse(self.previous.effective_from)
            if not period > before:
                raise forms.ValidationError(
                    gettext("Phiên bản mới phải áp dụng từ kỳ sau %(period)s (kỳ bắt đầu của phiên bản %(number)s).")
                    % {"period": before.label, "number": self.previous.number}
                )
        last_report = self.report_form.reports.filter(period_start__gte=period.start).order_by("-period_start").first()
        if last_report is not None:
            raise forms.ValidationError(
                gettext("Đã có báo cáo kỳ %(period)s theo phiên bản cũ; phiên bản mới phải áp dụng từ kỳ sau kỳ đó.")
                % {"period": last_report.period_obj.label}
            )
        return period.code


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề mục"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại mục"), choices=Section.Kind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ItemForm(forms.Form):
    """An indicator added to an indicators section, by its code."""

    code = forms.CharField(label=_("Mã chỉ tiêu"), max_length=32)
    label = forms.CharField(label=_("Nhãn hiển thị (không bắt buộc)"), max_length=255, required=False)

    def __init__(self, *args: Any, section: Section | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        code = str(data.get("code", "")).strip().lower()
        if not code:
            return data
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            self.add_error("code", gettext("Không có chỉ tiêu mã “%(code)s”.") % {"code": code})
            return data
        section = self.section
        if section is not None:
            if section.kind != Section.Kind.INDICATORS:
                self.add_error(None, gettext("Chỉ mục loại “Chỉ tiêu” mới có chỉ tiêu."))
            elif section.items.filter(indicator=indicator).exists():
                self.add_error("code", gettext("Chỉ tiêu “%(code)s” đã có trong mục này.") % {"code": code})
        data["indicator"] = indicator
        return data
