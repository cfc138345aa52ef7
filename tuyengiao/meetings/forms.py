"""Forms of the meeting editor: the meeting itself and one formset per list it holds.

Every choice is limited to the user's scope and true to the meeting's date (``units/choices.py``): the
organiser among the top of the user's write scope on that date (their units, and the predecessors those
took over later: the Đắk Lắk commission records old Phú Yên's June 2025 meetings under Phú Yên's name),
units of bridge points, speeches and task owners among those units, their children and grandchildren as
the tree stood that day, each named as it was then; registry documents among those the user may read.
The date is the posted day when valid (else the saved one, else today); changing it reloads the lists
(htmx). A document is picked by its number ("05-CT/TW", "5-ct/tw") or, when the text is not a number, by
words of its subject that match one document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.documents import services as document_services
from tuyengiao.documents.forms import resolve_document
from tuyengiao.documents.models import Document, DocumentQuerySet
from tuyengiao.followup.models import Task
from tuyengiao.lib import doccode
from tuyengiao.lib.forms import PeriodInput, style
from tuyengiao.lib.periods import Period, PeriodError, PeriodType
from tuyengiao.lib.periods import choices as choices_of_periods
from tuyengiao.lib.revision import RevisionFormMixin
from tuyengiao.meetings.models import AgendaItem, BridgePoint, Chair, Guest, Meeting, Speech
from tuyengiao.reports.models import Form as ReportForm
from tuyengiao.units import choices
from tuyengiao.units.models import Unit

if TYPE_CHECKING:
    from tuyengiao.accounts.scoping import AnyUser


def _styled(form: forms.BaseForm) -> None:
    style(form)
    if isinstance(form, RowForm | DocumentRowForm):
        for field in form.fields.values():
            if field.label and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label))  # rows sit in a table: no <label>


# --- Units to choose from -----------------------------------------------------------------------------------------


def row_units(user: AnyUser, date: dt.date, meeting: Meeting) -> choices.Choices:
    """Units for the bridge points, speeches and task owners of ``meeting`` on ``date``: the ``NEAR`` list,
    keeping the units the meeting already holds while its date is unchanged."""
    keep: set[int] = set()
    if meeting.pk and date == meeting.date:
        keep |= set(meeting.bridge_points.values_list("unit_id", flat=True))
        keep |= set(meeting.tasks.values_list("owner_id", flat=True))
        keep |= set(meeting.speeches.exclude(unit=None).values_list("unit_id", flat=True))
    return choices.choices_for(user, date, choices.NEAR, date_field="day", keep=keep)


# --- Documents ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewDocument:
    """A cited number not in the registry yet, to be registered when the meeting is saved
    (``documents.services.register_cited``, in the same transaction)."""

    text: str  # the canonical number, "05-CT/TW"


def find_document(text: str, readable: DocumentQuerySet, *, allow_new: bool = False) -> Document | NewDocument:
    """The readable document numbered ``text`` or, when ``text`` is no number, the one whose subject matches.

    A number no readable record has is refused with a way forward: tick "Thêm vào sổ đăng ký" on the row
    (``allow_new``) and it is registered with the meeting (``NewDocument``)."""
    text = text.strip()
    try:
        code = doccode.parse(text)
    except doccode.DocCodeError:
        if not doccode.find_citations(text):
            matches = list(readable.search(text).order_by("-issue_date")[:6])
            if len(matches) == 1:
                return matches[0]
            if not matches:
                raise ValidationError(
                    gettext("Không tìm thấy văn bản nào có số hoặc trích yếu “%(text)s”.") % {"text": text}
                ) from None
            raise ValidationError(
                gettext("Có nhiều văn bản khớp với “%(text)s”: %(codes)s. Hãy ghi số, ký hiệu.")
                % {"text": text, "codes": ", ".join(d.code for d in matches[:5])}
            ) from None
    if not readable.filter(code_key=Document.code_key_for(code)).exists():
        if allow_new:
            return NewDocument(code.canonical)
        raise ValidationError(
            gettext(
                "Chưa có văn bản số %(code)s trong sổ đăng ký (hoặc bạn không có quyền xem văn bản đó). Đánh dấu "
                "“Thêm vào sổ đăng ký” ở dòng này rồi lưu: văn bản được thêm vào sổ của đơn vị tổ chức cùng lúc "
                "lưu hội nghị, các thông tin khác bổ sung sau ở trang văn bản."
            )
            % {"code": code.canonical},
            code="not_registered",
        )
    return resolve_document(text, readable)


class DocumentField(forms.CharField):
    """A registry document typed by its number (or words of its subject), resolved in the reader's scope."""

    def __init__(self, *, readable: DocumentQuerySet, allow_new: bool = False, **kwargs: Any) -> None:
        self.readable = readable
        self.allow_new = allow_new
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "tg-meeting-documents", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Document):
            return value.code
        if isinstance(value, int):
            document = Document.objects.filter(pk=value).only("code").first()
            return document.code if document else ""
        return value

    def clean(self, value: Any) -> Document | NewDocument | None:
        text = super().clean(value)
        if not text:
            return None
        return find_document(text, self.readable, allow_new=self.allow_new)


# --- The meeting --------------------------------------------------------------------------------------------------


class MeetingForm(RevisionFormMixin, forms.ModelForm):
    # Typed as people write it ("6 tháng đầu năm 2024"); ``clean_period`` stores the code.
    period = forms.CharField(
        label=_("Kỳ tổng kết"),
        required=False,
        max_length=60,
        help_text=_(
            "Với hội nghị tổng kết, sơ kết: kỳ được đánh giá, ví dụ Năm 2023, 6 tháng đầu năm 2024, Quý III/2025."
        ),
    )
    day = forms.DateField(
        label=_("Ngày họp"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    )
    # Optional: old conferences are often known only by their day. No placeholder: a grey "08:00" looked filled in.
    start_time = forms.TimeField(
        label=_("Giờ bắt đầu"),
        required=False,
        widget=forms.TimeInput(attrs={"inputmode": "numeric"}, format="%H:%M"),
        help_text=_("Giờ:phút, ví dụ 7:30; để trống nếu không rõ giờ."),
    )
    end_time = forms.TimeField(
        label=_("Giờ kết thúc"),
        required=False,
        widget=forms.TimeInput(attrs={"inputmode": "numeric"}, format="%H:%M"),
    )

    class Meta:
        model = Meeting
        fields = [
            "organiser",
            "kind",
            "title",
            "period",
            "report_form",
            "mode",
            "venue",
            "attendees",
            "party_members",
            "speeches_reported",
            "results",
            "limitations",
            "conclusions",
            "invitation_issued_on",
            "notice_issued_on",
            "signer_role",
            "signer_name",
        ]
        widgets = {
            "title": forms.TextInput(),
            "invitation_issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
            "notice_issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
            "results": forms.Textarea(attrs={"rows": 6}),
            "limitations": forms.Textarea(attrs={"rows": 5}),
            "conclusions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "report_form": _("Báo cáo tổng hợp của kỳ trên mà hội nghị đánh giá (liên kết tới trang tổng hợp)."),
            "speeches_reported": _("Khi chỉ biết số lượng; để trống thì đếm các phát biểu ghi bên dưới."),
            "conclusions": _("Đoạn mở đầu phần kết luận; các nhiệm vụ đánh số “Một là…” ghi ở bảng nhiệm vụ."),
            "invitation_issued_on": _("Ngày ghi trên giấy mời; để trống thì lấy ngày họp."),
            "notice_issued_on": _("Ngày ghi trên thông báo kết luận; để trống thì lấy ngày họp."),
            "signer_role": _("Để trống: theo chức vụ của người chủ trì đầu tiên."),
            "signer_name": _("In dưới chữ ký; để trống: tên người chủ trì khi người đó ký."),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The periods a review looks back on: years, nine months, halves and quarters of the last years.
        self.fields["period"].widget = PeriodInput(
            [p.label for p in choices_of_periods(PeriodType.QUARTER, timezone.localdate())]
        )
        saved = self.instance.date if self.instance.pk else None
        date = choices.record_date(self, "day", saved)
        self.fields["organiser"] = choices.dated_unit_field(
            user,
            date,
            choices.TOP,
            date_field="day",
            keep=[self.instance.organiser_id] if saved == date else [],
            label=_("Đơn vị tổ chức"),
            empty_label=None,
            help_text=_("Các đơn vị bạn được ghi vào ngày họp, với tên gọi ngày đó."),
        )
        self.fields["report_form"].queryset = ReportForm.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["report_form"].required = False
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial["day"] = local.date()
            if self.instance.timed:
                self.initial["start_time"] = local.time().replace(second=0, microsecond=0)
            if self.instance.ends_at:
                self.initial["end_time"] = timezone.localtime(self.instance.ends_at).time().replace(second=0)
        if self.instance.period and not self.is_bound:  # shown as people write it: "6 tháng đầu năm 2024"
            with contextlib.suppress(PeriodError):
                self.initial["period"] = Period.parse(self.instance.period).label
        _styled(self)

    def clean_period(self) -> str:
        code = self.cleaned_data.get("period", "").strip()
        if not code:
            return ""
        try:
            return Period.read(code).code
        except PeriodError as error:
            raise ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day:
            tz = timezone.get_current_timezone()
            self.instance.timed = start is not None
            self.instance.starts_at = dt.datetime.combine(day, start or dt.time.min, tzinfo=tz)
            self.instance.ends_at = dt.datetime.combine(day, end, tzinfo=tz) if end and start else None
            if end and not start:
                self.add_error("end_time", gettext("Ghi giờ bắt đầu trước khi ghi giờ kết thúc."))
            elif end and start and end < start:
                self.add_error("end_time", gettext("Giờ kết thúc phải sau giờ bắt đầu."))
        organiser = data.get("organiser")
        if day and organiser is not None and not scoping.can_write(self.user, organiser, day):
            self.add_error(
                "organiser",
                gettext("Bạn không được ghi hội nghị của đơn vị này vào ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"},
            )
        attendees, members = data.get("attendees"), data.get("party_members")
        if attendees is not None and members is not None and members > attendees:
            self.add_error("party_members", gettext("Số đảng viên không thể lớn hơn tổng số người dự."))
        invited, noticed = data.get("invitation_issued_on"), data.get("notice_issued_on")
        if day and invited and invited > day:
            self.add_error("invitation_issued_on", gettext("Giấy mời phải ban hành trước hoặc đúng ngày họp."))
        if day and noticed and noticed < day:
            self.add_error("notice_issued_on", gettext("Thông báo kết luận phải ban hành từ ngày họp trở đi."))
        if data.get("report_form") and not data.get("period"):
            self.add_error("period", gettext("Chọn mẫu báo cáo thì phải ghi kỳ được tổng kết."))
        return data

    @property
    def meeting_date(self) -> dt.date:
        """The date the lists are chosen for: the typed day when valid, else the saved one, else today."""
        return choices.record_date(self, "day", self.instance.date if self.instance.pk else None)


# --- Rows of the meeting ------------------------------------------------------------------------------------------


class RowForm(forms.ModelForm):
    """A row of a formset; ``units`` (the candidate units) and ``readable`` (documents) come from the view."""

    def __init__(
        self,
        *args: Any,
        units: choices.Choices | None = None,
        readable: DocumentQuerySet | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup(units, readable if readable is not None else Document.objects.none())
        _styled(self)

    def setup(self, units: choices.Choices | None, readable: DocumentQuerySet) -> None:
        return None

    @staticmethod
    def unit_field(units: choices.Choices | None, **kwargs: Any) -> forms.Field:
        if units is None:  # a formset built without the editor (never offers anything)
            return forms.ModelChoiceField(queryset=Unit.objects.none(), **kwargs)
        return choices.DatedUnitChoiceField(units, **kwargs)


class BridgePointForm(RowForm):
    """A bridge point: its unit, venue, how many attended and who led it there, which is what its page shows.
    The party members among the attendees are asked too, optionally: a study session's coverage counts the party
    members it reached at each bridge point (``dissemination.coverage``)."""

    class Meta:
        model = BridgePoint
        fields = ["unit", "venue", "attendees", "leader", "party_members"]
        labels = {"party_members": _("Trong đó đảng viên (học tập, quán triệt)")}

    def setup(self, units: choices.Choices | None, readable: DocumentQuerySet) -> None:
        self.fields["unit"] = self.unit_field(units, label=_("Đơn vị"))


class ChairForm(RowForm):
    class Meta:
        model = Chair
        fields = ["name", "position"]


class GuestForm(RowForm):
    class Meta:
        model = Guest
        fields = ["name", "position", "unit_text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f) for f in ("name", "position", "unit_text")) and self.has_changed():
            raise ValidationError(gettext("Ghi họ tên, chức vụ hoặc đơn vị của khách mời."))
        return data


class AgendaItemForm(RowForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter"]


class SpeechForm(RowForm):
    class Meta:
        model = Speech
        fields = ["speaker", "position", "unit", "unit_text", "title", "kind", "file"]

    def setup(self, units: choices.Choices | None, readable: DocumentQuerySet) -> None:
        self.fields["unit"] = self.unit_field(units, label=_("Đơn vị"), required=False)
        self.fields["file"].widget = forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"})
        self.checked: document_services.CheckedFile | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.checked = document_services.check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit") and data.get("unit_text"):
            self.add_error("unit_text", gettext("Chọn đơn vị trong danh sách hoặc ghi tên đơn vị khác, không cả hai."))
        return data


class TaskForm(RowForm):
    class Meta:
        model = Task
        fields = ["title", "owner", "deadline"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "deadline": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        }

    def setup(self, units: choices.Choices | None, readable: DocumentQuerySet) -> None:
        self.fields["owner"] = self.unit_field(
            units,
            label=_("Đơn vị chủ trì"),
            required=False,
            help_text=_("Để trống: đơn vị tổ chức hội nghị."),
            empty_label=gettext("(Đơn vị tổ chức)"),
        )
        self.fields["title"].label = gettext("Nội dung nhiệm vụ")


class DocumentRowForm(forms.Form):
    document = forms.CharField(required=False)
    register = forms.BooleanField(
        label=_("Thêm vào sổ đăng ký nếu chưa có"),
        required=False,
        help_text=_("Số chưa có trong sổ được thêm vào sổ của đơn vị tổ chức khi lưu hội nghị."),
    )

    def __init__(self, *args: Any, readable: DocumentQuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allow_new = self.is_bound and self.fields["register"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("register")
        )
        self.fields["document"] = DocumentField(
            readable=readable if readable is not None else Document.objects.none(),
            allow_new=bool(allow_new),
            label=_("Văn bản (số, ký hiệu hoặc trích yếu)"),
            required=False,
        )
        _styled(self)


def _inline(model: type, form: type[forms.ModelForm], fk: str = "meeting") -> Any:
    return forms.inlineformset_factory(Meeting, model, form=form, fk_name=fk, extra=1, can_delete=True)


FORMSETS: dict[str, Any] = {
    "bridge_points": _inline(BridgePoint, BridgePointForm),
    "chairs": _inline(Chair, ChairForm),
    "guests": _inline(Guest, GuestForm),
    "agenda": _inline(AgendaItem, AgendaItemForm),
    "speeches": _inline(Speech, SpeechForm),
    "tasks": _inline(Task, TaskForm),
}
# The prefix of each formset in the page (and in the POST data).
PREFIXES = {
    "bridge_points": "diem-cau",
    "chairs": "chu-tri",
    "guests": "khach-moi",
    "agenda": "chuong-trinh",
    "speeches": "phat-bieu",
    "tasks": "nhiem-vu",
    "documents": "van-ban",
}
DocumentFormSet = forms.formset_factory(DocumentRowForm, extra=1, can_delete=True)
