"""Forms of the task and inspection pages. They validate what a person typed, in Vietnamese, and offer
units true to the record's date (``units/choices.py``): a task's owner and partners among the units
under its issuer's committee on the assignment date, an inspection's inspecting unit among the top of the
user's write scope on its first day and the inspected units under it that day, each named as it was
then (changing the date reloads the lists). Stale edits, file checks and multi-row writes are
``services``' job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.documents.forms import UnitChoiceField, resolve_document
from tuyengiao.documents.models import DocumentQuerySet, FieldOfWork
from tuyengiao.followup.models import InspectedUnit, Inspection, InspectionMember, Task
from tuyengiao.followup.services import Member
from tuyengiao.lib.forms import DateInput, style
from tuyengiao.lib.revision import RevisionFormMixin
from tuyengiao.lib.text import fold
from tuyengiao.units import choices
from tuyengiao.units.models import Unit, names

DATE_WIDGET = DateInput()


class TaskForm(RevisionFormMixin, forms.Form):
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    description = forms.CharField(
        label=_("Yêu cầu cụ thể"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=8000
    )
    assigned_on = forms.DateField(label=_("Ngày giao"), widget=DATE_WIDGET)
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, issuer: Unit, user: AnyUser, task: Task | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if task is None:
            del self.fields["revision"]  # a new task has no revision yet
        self.issuer, self.user = issuer, user
        saved = task.assigned_on if task is not None else None
        date = choices.record_date(self, "assigned_on", saved)
        keep: list[int | None] = []
        if task is not None and date == saved:
            keep = [task.owner_id, *task.partners.values_list("pk", flat=True)]
        units = choices.choices_for(user, date, choices.UNDER, date_field="assigned_on", under=issuer, keep=keep)
        self.fields["owner"] = choices.DatedUnitChoiceField(units, label=_("Đơn vị chủ trì"))
        self.fields["partners"] = choices.DatedUnitMultipleChoiceField(
            units,
            label=_("Đơn vị phối hợp"),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.order_fields(["title", "description", "owner", "partners", "assigned_on", "deadline"])
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        assigned, deadline = data.get("assigned_on"), data.get("deadline")
        if assigned and deadline and deadline < assigned:
            self.add_error("deadline", gettext("Thời hạn không thể trước ngày giao."))
        if assigned and not scoping.can_write(self.user, self.issuer, assigned):
            self.add_error(
                "assigned_on",
                gettext("Bạn không được giao nhiệm vụ thay %(unit)s vào ngày %(day)s.")
                % {
                    "unit": self.issuer.name_on(assigned),
                    "day": f"{assigned:%d/%m/%Y}",
                },
            )
        return data

    @staticmethod
    def initial_for(task: Task) -> dict[str, Any]:
        return {
            "title": task.title,
            "description": task.description,
            "owner": task.owner_id,
            "partners": list(task.partners.values_list("pk", flat=True)),
            "assigned_on": task.assigned_on,
            "deadline": task.deadline,
            "revision": task.revision,
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class UpdateForm(RevisionFormMixin, forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000)
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, required=False)
    evidence = MultipleFileField(label=_("Tệp minh chứng (PDF, DOCX, PNG, JPG)"), required=False)
    mark_done = forms.BooleanField(label=_("Đã hoàn thành nhiệm vụ (ngày hoàn thành là ngày trên)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


ROLE_WORDS = {fold(str(label)): value for value, label in InspectionMember.Role.choices}


def parse_team(text: str) -> list[Member]:
    """One member per line: "Họ và tên; chức vụ; nhiệm vụ trong đoàn" (the last two optional).
    Without a stated role the first member heads the team and the others are members."""
    members = []
    for number, line in enumerate((raw.strip() for raw in text.splitlines() if raw.strip()), start=1):
        parts = [p.strip() for p in line.split(";")]
        if not parts[0] or len(parts) > 3:
            raise ValidationError(
                gettext("Dòng %(number)d: ghi “Họ và tên; chức vụ; nhiệm vụ trong đoàn”.") % {"number": number}
            )
        role = InspectionMember.Role.HEAD if number == 1 else InspectionMember.Role.MEMBER
        if len(parts) == 3 and parts[2]:
            found = ROLE_WORDS.get(fold(parts[2]))
            if found is None:
                raise ValidationError(
                    gettext("Dòng %(number)d: nhiệm vụ trong đoàn “%(role)s” không rõ (%(known)s).")
                    % {
                        "number": number,
                        "role": parts[2],
                        "known": ", ".join(str(label).lower() for _v, label in InspectionMember.Role.choices),
                    }
                )
            role = InspectionMember.Role(found)
        members.append(Member(parts[0][:200], parts[1][:300] if len(parts) > 1 else "", role))
    return members


def team_text(inspection: Inspection) -> str:
    return "\n".join(f"{m.name}; {m.position}; {m.get_role_display().lower()}" for m in inspection.team.all())


class InspectionForm(RevisionFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên cuộc kiểm tra"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại"), choices=Inspection.Kind.choices, widget=forms.RadioSelect)
    form = forms.ChoiceField(label=_("Hình thức"), choices=Inspection.Form.choices, widget=forms.RadioSelect)
    subject_document = forms.CharField(
        label=_("Văn bản được kiểm tra việc thực hiện"),
        required=False,
        max_length=120,
        help_text=_("Số, ký hiệu trong sổ đăng ký, ví dụ 45-KH/BTGDVTU."),
    )
    subject_field = forms.ModelChoiceField(
        label=_("Lĩnh vực được kiểm tra"), queryset=FieldOfWork.objects.all(), required=False
    )
    decision_document = forms.CharField(
        label=_("Quyết định, kế hoạch kiểm tra"), required=False, max_length=120, help_text=_("Số, ký hiệu (nếu có).")
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE_WIDGET)
    team = forms.CharField(
        label=_("Thành viên đoàn"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Mỗi dòng một người: Họ và tên; chức vụ; nhiệm vụ trong đoàn (trưởng đoàn, thành viên…)."),
    )
    findings = forms.CharField(
        label=_("Kết quả kiểm tra (chung)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    conclusion_document = forms.CharField(
        label=_("Thông báo kết luận"), required=False, max_length=120, help_text=_("Số, ký hiệu trong sổ đăng ký.")
    )
    closed_on = forms.DateField(label=_("Ngày kết thúc cuộc kiểm tra"), widget=DATE_WIDGET, required=False)

    def __init__(
        self,
        *args: Any,
        user: AnyUser,
        readable: DocumentQuerySet,
        inspection: Inspection | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if inspection is None:
            del self.fields["revision"]  # a new inspection has no revision yet
        self.readable = readable
        self.user = user
        saved = inspection.starts_on if inspection is not None else None
        date = choices.record_date(self, "starts_on", saved)
        unchanged = inspection is not None and date == saved
        self.fields["inspecting_unit"] = field = choices.dated_unit_field(
            user,
            date,
            choices.TOP,
            date_field="starts_on",
            keep=[inspection.inspecting_unit_id] if inspection is not None and unchanged else [],
            label=_("Đơn vị kiểm tra"),
            empty_label=None,
        )
        self.fields["units"] = choices.dated_unit_field(
            user,
            date,
            choices.UNDER,
            date_field="starts_on",
            under=self.chosen_inspecting(field),
            under_field="inspecting_unit",
            below=True,
            keep=list(inspection.inspected.values_list("unit_id", flat=True)) if inspection and unchanged else [],
            multiple=True,
            label=_("Đơn vị được kiểm tra"),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
        self.order_fields(["inspecting_unit", "title", "kind", "form", "subject_document", "subject_field"])
        style(self)

    def chosen_inspecting(self, field: choices.DatedUnitChoiceField) -> Unit | None:
        """The inspecting unit the inspected units hang from: the posted (or initial) one when it is offered,
        else the first offered."""
        raw = self.data.get(self.add_prefix("inspecting_unit")) if self.is_bound else None
        try:
            unit = field.clean(raw or self.initial.get("inspecting_unit"))
        except ValidationError:
            unit = None
        if unit is None and field.dated.rows:
            unit = field.dated.rows[0][0]
        return unit

    def _document(self, name: str) -> Any:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return resolve_document(text, self.readable)
        except ValidationError as exc:
            self.add_error(name, exc)
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject_document", "decision_document", "conclusion_document"):
            data[f"{name}_obj"] = self._document(name)
        if not data.get("subject_document_obj") and not data.get("subject_field") and not self.errors:
            self.add_error(None, gettext("Hãy ghi văn bản hoặc chọn lĩnh vực được kiểm tra."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", gettext("Ngày kết thúc kiểm tra không thể trước ngày bắt đầu."))
        closed = data.get("closed_on")
        if closed and starts and closed < starts:
            self.add_error("closed_on", gettext("Ngày kết thúc cuộc kiểm tra không thể trước ngày bắt đầu."))
        try:
            data["team_members"] = parse_team(data.get("team", ""))
        except ValidationError as exc:
            self.add_error("team", exc)
        return data

    @staticmethod
    def initial_for(inspection: Inspection) -> dict[str, Any]:
        return {
            "inspecting_unit": inspection.inspecting_unit_id,
            "title": inspection.title,
            "kind": inspection.kind,
            "form": inspection.form,
            "subject_document": inspection.subject_document.code if inspection.subject_document else "",
            "subject_field": inspection.subject_field_id,
            "decision_document": inspection.decision_document.code if inspection.decision_document else "",
            "starts_on": inspection.starts_on,
            "ends_on": inspection.ends_on,
            "team": team_text(inspection),
            "units": list(inspection.inspected.values_list("unit_id", flat=True)),
            "findings": inspection.findings,
            "conclusion_document": inspection.conclusion_document.code if inspection.conclusion_document else "",
            "closed_on": inspection.closed_on,
            "revision": inspection.revision,
        }


class InspectedUnitForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = InspectedUnit
        fields = ["visit_on", "findings", "closed_on", "closure_note"]
        widgets = {
            "visit_on": DATE_WIDGET,
            "closed_on": DATE_WIDGET,
            "findings": forms.Textarea(attrs={"rows": 3}),
            "closure_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Kiến nghị, yêu cầu khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(inspection.inspected.all())
        labels = names([r.unit_id for r in rows])
        self.fields["unit"] = UnitChoiceField(
            [(r.unit, labels.get(r.unit_id) or str(r.unit)) for r in rows], label=_("Đơn vị thực hiện")
        )
        self.order_fields(["unit", "title", "deadline"])
        style(self)
