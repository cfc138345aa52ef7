"""Forms of the emulation cycle (Vietnamese messages; dates dd/mm/yyyy through the project formats).

Every form is a project form (``lib/forms.py``: Bootstrap 5 classes, rendered by the project's field template).
Units are picked with ``units/choices.py`` (list ``EMULATION`` on the cycle's last day, ``closing_day``): a
select, or above ``choices.MAX_OPTIONS`` units a searchable text input whose values are unit keys; a unit
outside the list is refused in Vietnamese, naming it and the date. The person picker carries, on each option,
the units where the person has a posting, in the unit field's values (``data-units``: ids for the select,
``data-unit-keys``: keys for the searchable input), so that ``static/js/awards.js`` can narrow it to the chosen
unit; without JavaScript every person stays listed and the service refuses a person without a posting in the
unit.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.awards.models import AwardForm, Bloc, CouncilMember, EmulationCycle, Nomination
from tuyengiao.documents import services as document_services
from tuyengiao.lib.forms import BaseForm, BaseModelForm, style
from tuyengiao.lib.periods import Period, PeriodError
from tuyengiao.lib.revision import RevisionField, RevisionFormMixin
from tuyengiao.meetings.models import Meeting
from tuyengiao.people.models import Person, Posting
from tuyengiao.reports.models import Form as ReportForm
from tuyengiao.units import choices


def unit_field(user: AnyUser, cycle: EmulationCycle, *, multiple: bool = False, **kwargs: Any) -> Any:
    """A unit field of a cycle's form: the ``EMULATION`` list on the cycle's last day (``units/choices.py``)."""
    return choices.dated_unit_field(
        user, cycle.closing_day, choices.EMULATION, date_field="", multiple=multiple, **kwargs
    )


def posting_units(people: QuerySet[Person]) -> dict[int, list[tuple[int, str]]]:
    """For each person of ``people``: the units (id, key) where they have a posting (one query)."""
    units: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = Posting.objects.filter(person__in=people).values_list("person_id", "unit_id", "unit__key").distinct()
    for person_id, unit_id, key in rows.order_by("person_id", "unit_id"):
        units[person_id].append((unit_id, key))
    return dict(units)


class PersonSelect(forms.Select):
    """A person <select> whose options name the units of the person's postings as the unit field's values:
    ids for a unit select (``data-units="3 17"``), keys for a searchable unit input (``data-unit-keys``)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"data-awards-person": "", **(attrs or {})})
        self.units: dict[int, list[tuple[int, str]]] = {}
        self.by_key = False

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        pk = getattr(value, "value", value)
        if pk not in (None, ""):
            units = self.units.get(int(pk), [])
            if self.by_key:
                option["attrs"]["data-unit-keys"] = " ".join(key for _pk, key in units)
            else:
                option["attrs"]["data-units"] = " ".join(str(unit) for unit, _key in units)
        return option


def check_comment_window(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """Both ends of the public-comment window or neither, the end not before the start."""
    start, end = data.get("comment_from"), data.get("comment_to")
    if start and end and end < start:
        raise forms.ValidationError(_("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu."))
    if bool(start) != bool(end) and not {"comment_from", "comment_to"} & set(form.errors):
        raise forms.ValidationError(_("Hãy nhập cả ngày bắt đầu và ngày kết thúc lấy ý kiến, hoặc bỏ trống cả hai."))
    return data


class CycleForm(BaseForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên đợt thi đua"), max_length=255)
    registration_until = forms.DateField(label=_("Hạn đăng ký"), required=False)
    comment_from = forms.DateField(label=_("Lấy ý kiến công khai từ ngày"), required=False)
    comment_to = forms.DateField(label=_("đến hết ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        return check_comment_window(self, super().clean() or {})


class NomineeForm(BaseForm):
    """The unit (the ``EMULATION`` list of the cycle's last day) and, for an individual, one of its people."""

    person = forms.ModelChoiceField(
        label=_("Cá nhân (để trống nếu là tập thể)"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonSelect,
    )

    def __init__(
        self,
        *args: Any,
        user: AnyUser,
        cycle: EmulationCycle,
        people: QuerySet[Person],
        person_units: dict[int, list[tuple[int, str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``person_units`` (from ``posting_units``) is needed only to render the picker, not to validate."""
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit = unit_field(user, cycle, label=_("Đơn vị"))
        unit.widget.attrs["data-awards-unit"] = ""
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].widget.units = person_units or {}
        self.fields["person"].widget.by_key = unit.dated.searchable
        self.order_fields(["unit"])
        style(self)


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


class BlocForm(BaseModelForm):
    class Meta:
        model = Bloc
        fields = ["name", "members", "pledge_signed_on", "pledge_file"]
        widgets = {"pledge_file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"})}
        help_texts = {"pledge_file": _("PDF, DOCX, PNG hoặc JPG; nội dung tệp được kiểm tra.")}

    def __init__(self, *args: Any, user: AnyUser, cycle: EmulationCycle, **kwargs: Any) -> None:
        """``members``: several units of the ``EMULATION`` list of the cycle's last day (a select)."""
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        self.fields["members"] = unit_field(
            user, cycle, multiple=True, label=members.label, required=False, help_text=members.help_text
        )
        style(self)

    def clean_pledge_file(self) -> Any:
        """The registry's check: PDF, DOCX, PNG or JPG by content, within the attachment size cap."""
        upload = self.cleaned_data.get("pledge_file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not a stored file
            document_services.check_upload(upload)
        return upload


class MemberForm(BaseModelForm):
    class Meta:
        model = CouncilMember
        fields = ["full_name", "role"]

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data.get("full_name", "").split())
        if not name:
            raise ValidationError(_("Hãy nhập họ và tên."))
        return name


class VoteForm(BaseForm):
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


AGREE_CHOICES = [("", "—"), ("1", _("Đồng ý")), ("0", _("Không đồng ý"))]


class TallyForm(RevisionFormMixin, BaseForm):
    """The tally sheet of a council meeting: for each nomination (row) and council member (column) an opinion
    (``y-<member>-<nomination>``: empty, agree, disagree) and a score (``d-<member>-<nomination>``), under the
    cycle's revision. A posted field the sheet does not have (a forged or stale cell) refuses the whole sheet in
    Vietnamese; the service checks the rest (``services.record_votes``)."""

    revision = RevisionField()

    def __init__(
        self,
        *args: Any,
        members: list[CouncilMember],
        nominations: list[Nomination],
        votes: dict[tuple[int, int], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members, self.nominations = members, nominations
        self.keys = [(m.pk, n.pk) for n in nominations for m in members]
        for member in members:
            for nomination in nominations:
                agree, score = self.names(member.pk, nomination.pk)
                who = {"member": member.full_name, "name": nomination.nominee_name}
                self.fields[agree] = forms.TypedChoiceField(
                    label=_("Ý kiến của %(member)s về %(name)s") % who,
                    choices=AGREE_CHOICES,
                    coerce=lambda v: v == "1",
                    empty_value=None,
                    required=False,
                )
                self.fields[score] = forms.DecimalField(
                    label=_("Điểm của %(member)s cho %(name)s") % who,
                    min_value=0,
                    max_value=100,
                    decimal_places=1,
                    required=False,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}),
                )
                row = (votes or {}).get((member.pk, nomination.pk))
                if row is not None:
                    self.initial[agree] = "1" if row.agree else "0"
                    self.initial[score] = row.score
        style(self)

    @staticmethod
    def names(member: int, nomination: int) -> tuple[str, str]:
        return f"y-{member}-{nomination}", f"d-{member}-{nomination}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {*self.fields, "csrfmiddlewaretoken"}
        forged = sorted(key for key in self.data if key not in known)
        if forged:
            raise forms.ValidationError(
                _(
                    "Bảng kiểm phiếu gửi lên có ô không có trong bảng (%(fields)s): thành viên hoặc đề nghị không "
                    "thuộc đợt thi đua này, hoặc trang đã cũ. Chưa lưu phiếu nào; hãy tải lại trang."
                )
                % {"fields": ", ".join(forged[:5])},
                code="forged",
            )
        return data

    def rows(self) -> list[tuple[Nomination, list[tuple[Any, Any]]]]:
        """For the template: each nomination with its cells (opinion and score fields, bound)."""
        return [
            (n, [tuple(self[name] for name in self.names(m.pk, n.pk)) for m in self.members])  # type: ignore[misc]
            for n in self.nominations
        ]

    def cells(self) -> dict[tuple[int, int], tuple[bool | None, Any]]:
        """(member, nomination) → (agree, score) of a valid sheet."""
        out = {}
        for member, nomination in self.keys:
            agree, score = self.names(member, nomination)
            out[(member, nomination)] = (self.cleaned_data.get(agree), self.cleaned_data.get(score))
        return out


class DecisionForm(BaseForm):
    award_form = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.all())
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    proposal_number = forms.CharField(label=_("Số tờ trình"), max_length=64, required=False)
    proposal_date = forms.DateField(label=_("Ngày tờ trình"), required=False)
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=120, initial="TRƯỞNG BAN")


class IssueForm(RevisionFormMixin, BaseForm):
    revision = RevisionField()
    number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=64)
    issued_on = forms.DateField(label=_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    meeting = forms.ModelChoiceField(label=_("Công bố tại hội nghị"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class CycleEditForm(RevisionFormMixin, BaseForm):
    """The organiser's edit of a cycle; ``revision`` is the cycle's revision when the page was opened."""

    revision = RevisionField()
    title = forms.CharField(label=_("Tên đợt thi đua"), max_length=255)
    registration_until = forms.DateField(label=_("Hạn đăng ký"), required=False)
    comment_from = forms.DateField(label=_("Lấy ý kiến công khai từ ngày"), required=False)
    comment_to = forms.DateField(label=_("đến hết ngày"), required=False)
    comment_result = forms.CharField(
        label=_("Kết quả lấy ý kiến công khai"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self) -> dict[str, Any]:
        return check_comment_window(self, super().clean() or {})

    @staticmethod
    def initial_from(cycle: Any) -> dict[str, Any]:
        return {
            "revision": cycle.revision,
            "title": cycle.title,
            "registration_until": cycle.registration_until,
            "comment_from": cycle.comment_from,
            "comment_to": cycle.comment_to,
            "comment_result": cycle.comment_result,
        }


class RevisionForm(RevisionFormMixin, forms.Form):
    """A bare hidden revision (withdrawing a nomination)."""

    revision = RevisionField(min_value=1)


class AddAwardsForm(RevisionFormMixin, BaseForm):
    revision = RevisionField()
    nominations = forms.ModelMultipleChoiceField(
        label=_("Đưa vào danh sách"), queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, nominations: QuerySet[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations  # type: ignore[attr-defined]
        self.fields["nominations"].label_from_instance = lambda n: n.nominee_name  # type: ignore[attr-defined]


class RevokeForm(BaseForm):
    revoked_on = forms.DateField(label=_("Ngày thu hồi"))
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}))
