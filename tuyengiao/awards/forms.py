"""Forms of the emulation cycle (Vietnamese messages; dates dd/mm/yyyy through the project formats)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tuyengiao.awards.models import AwardForm, Bloc, CouncilMember, Nomination
from tuyengiao.lib.periods import Period, PeriodError
from tuyengiao.meetings.models import Meeting
from tuyengiao.people.models import Person
from tuyengiao.reports.models import Form as ReportForm
from tuyengiao.units.models import Unit


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "unit_name", "") or str(obj)


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên đợt thi đua"), max_length=255)
    registration_until = forms.DateField(label=_("Hạn đăng ký"), required=False)
    comment_from = forms.DateField(label=_("Lấy ý kiến công khai từ ngày"), required=False)
    comment_to = forms.DateField(label=_("đến hết ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("comment_from"), data.get("comment_to")
        if start and end and end < start:
            raise forms.ValidationError(_("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu."))
        return data


class NomineeForm(forms.Form):
    unit = UnitChoice(label=_("Đơn vị"), queryset=Unit.objects.none())
    person = forms.ModelChoiceField(
        label=_("Cá nhân (để trống nếu là tập thể)"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class RegistrationForm(NomineeForm):
    target = forms.ModelChoiceField(label=_("Danh hiệu, hình thức đăng ký"), queryset=AwardForm.objects.all())
    registered_on = forms.DateField(label=_("Ngày đăng ký"))
    note = forms.CharField(label=_("Nội dung đăng ký"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NominationForm(NomineeForm):
    award_form = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.exclude(kind=AwardForm.Kind.TITLE)
    )
    collective_name = forms.CharField(
        label=_("Tên tập thể (nếu khác tên đơn vị)"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Ban Tuyên giáo Huyện ủy Cát Tiên, Phòng Tuyên truyền - Báo chí."),
    )
    achievements = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}))
    report_form = forms.ModelChoiceField(
        label=_("Lấy số liệu từ mẫu báo cáo"), queryset=ReportForm.objects.all(), required=False
    )
    report_period = forms.CharField(label=_("Kỳ báo cáo (ví dụ 2025)"), max_length=16, required=False)

    def clean_report_period(self) -> str:
        text = self.cleaned_data.get("report_period", "").strip()
        if not text:
            return ""
        try:
            return Period.parse(text).code
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class BlocForm(forms.ModelForm):
    class Meta:
        model = Bloc
        fields = ["name", "members", "pledge_signed_on", "pledge_file"]

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = units  # type: ignore[attr-defined]
        self.fields["members"].label_from_instance = lambda obj: getattr(obj, "unit_name", "") or str(obj)  # type: ignore[attr-defined]


class MemberForm(forms.ModelForm):
    class Meta:
        model = CouncilMember
        fields = ["full_name", "role"]


class VoteForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Thành viên hội đồng"), queryset=CouncilMember.objects.none())
    agree = forms.TypedChoiceField(
        label=_("Ý kiến"),
        choices=[("1", _("Đồng ý")), ("0", _("Không đồng ý"))],
        coerce=lambda v: v == "1",
    )
    score = forms.DecimalField(
        label=_("Điểm (0–100)"), min_value=0, max_value=100, decimal_places=1, required=False, localize=True
    )

    def __init__(self, *args: Any, members: QuerySet[CouncilMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    award_form = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.all())
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    proposal_number = forms.CharField(label=_("Số tờ trình"), max_length=64, required=False)
    proposal_date = forms.DateField(label=_("Ngày tờ trình"), required=False)
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=120, initial="TRƯỞNG BAN")


class IssueForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=64)
    issued_on = forms.DateField(label=_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    meeting = forms.ModelChoiceField(label=_("Công bố tại hội nghị"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class AddAwardsForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    nominations = forms.ModelMultipleChoiceField(
        label=_("Đưa vào danh sách"), queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, nominations: QuerySet[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations  # type: ignore[attr-defined]
        self.fields["nominations"].label_from_instance = lambda n: n.nominee_name  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label=_("Ngày thu hồi"))
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}))
