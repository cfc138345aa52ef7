"""Forms of the outputs pages. Units (issuer, recipients) are chosen true to the issue date
(``units/choices.py``): the issuer among the top of the user's write scope that day (``TOP``), recipients among
those units and two levels below (``NEAR``: a province's bodies and districts, or communes after 2025)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.lib.forms import BaseForm, DateInput, style
from tuyengiao.lib.periods import Period, PeriodError, PeriodType
from tuyengiao.lib.revision import RevisionFormMixin
from tuyengiao.outputs.models import Issue, Recipient
from tuyengiao.outputs.services import TopicRow, parse_topics
from tuyengiao.units import choices

MAX_TOPICS = 40


class IssueForm(RevisionFormMixin, forms.ModelForm):
    month = forms.CharField(
        label=_("Tháng"),
        required=False,
        max_length=40,
        help_text=_("Số định kỳ: tháng của số, ví dụ “Tháng 5/2025”. Số đột xuất để trống."),
    )
    topics_text = forms.CharField(
        label=_("Nội dung, chuyên mục (mỗi dòng một mục)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Theo thứ tự; phần sau dấu “|” là tóm tắt. Ví dụ: “Kỷ niệm Ngày Quốc khánh 2/9 | Tuyên truyền …”."),
    )
    register = forms.BooleanField(label=_("Thêm số hướng dẫn vào sổ đăng ký văn bản nếu sổ chưa có"), required=False)

    class Meta:
        model = Issue
        fields = [
            "kind",
            "issued_on",
            "title",
            "event",
            "number",
            "bulletin_name",
            "copies_printed",
            "other_recipients",
            "note",
        ]
        widgets = {
            "issued_on": DateInput(),
            "other_recipients": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance: Issue = self.instance
        saved = instance.issued_on if instance.pk else None
        date = choices.record_date(self, "issued_on", saved)
        same_day = instance.pk is not None and date == saved
        self.fields["issuer"] = choices.dated_unit_field(
            user,
            date,
            choices.TOP,
            date_field="issued_on",
            keep=[instance.issuer_id] if same_day else [],
            empty_label=None,
            label=_("Đơn vị ban hành"),
        )
        held = list(instance.recipients.values_list("unit_id", flat=True)) if instance.pk else []
        self.fields["recipients"] = choices.dated_unit_field(
            user,
            date,
            choices.NEAR,
            date_field="issued_on",
            keep=held if same_day else [],
            multiple=True,
            required=False,
            label=_("Nơi nhận (đơn vị)"),
            help_text=_("Các đơn vị phải nhận và phổ biến; giữ Ctrl để chọn nhiều đơn vị."),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
        self.fields["bulletin_name"].help_text = gettext("Để trống: tên bản tin theo ngày ban hành (“%(name)s”).") % {
            "name": instance.display_bulletin_name if instance.pk else "Thông tin sinh hoạt chi bộ"
        }
        if instance.pk:
            self.initial["issuer"] = instance.issuer_id
            self.initial["recipients"] = held
            self.initial["month"] = Period.parse(instance.period).label if instance.period else ""
            self.initial["topics_text"] = "\n".join(
                f"{t.title} | {t.summary}" if t.summary else t.title for t in instance.topics.all()
            )
        self.order_fields(["kind", "issuer", "month", "issued_on", "title", "event", "number", "register"])
        style(self)

    def clean_month(self) -> str:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return ""
        try:
            period = Period.read(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if period.type != PeriodType.MONTH:
            raise forms.ValidationError(gettext("Hãy ghi một tháng, ví dụ “Tháng 5/2025”."))
        return period.code

    def clean_topics_text(self) -> list[TopicRow]:
        rows = parse_topics(self.cleaned_data.get("topics_text") or "")
        if len(rows) > MAX_TOPICS:
            raise forms.ValidationError(gettext("Nhiều nhất %(n)d nội dung.") % {"n": MAX_TOPICS})
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if (
            kind in (Issue.Kind.MONTHLY_GUIDANCE, Issue.Kind.BULLETIN)
            and not data.get("month")
            and "month" not in self.errors
        ):
            self.add_error("month", gettext("Số định kỳ cần ghi tháng."))
        if kind == Issue.Kind.EVENT_GUIDANCE and not (data.get("event") or "").strip():
            self.add_error("event", gettext("Hướng dẫn đột xuất cần ghi sự kiện hoặc ngày kỷ niệm."))
        if kind != Issue.Kind.BULLETIN and data.get("copies_printed"):
            self.add_error("copies_printed", gettext("Chỉ bản tin mới ghi số bản in."))
        return data

    def apply(self) -> Issue:
        issue: Issue = self.instance
        data = self.cleaned_data
        for name in self.Meta.fields:
            setattr(issue, name, data[name])
        issue.issuer = data["issuer"]
        issue.period = data["month"]
        return issue


class FileForm(BaseForm):
    file = forms.FileField(label=_("Tệp đính kèm (DOCX, PDF)"))


class DistributionForm(RevisionFormMixin, BaseForm):
    copies_printed = forms.IntegerField(label=_("Số bản in"), min_value=0, max_value=10_000_000)

    def __init__(self, *args: Any, issue: Issue, rows: list[tuple[Recipient, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issue = issue
        self.initial.setdefault("revision", issue.revision)
        self.initial.setdefault("copies_printed", issue.copies_printed)
        self.rows = []
        for recipient, name in rows:
            copies = forms.IntegerField(
                label=gettext("Số bản gửi: %(u)s") % {"u": name}, min_value=0, max_value=1_000_000
            )
            e_copies = forms.IntegerField(
                label=gettext("Số bản điện tử: %(u)s") % {"u": name}, min_value=0, max_value=1_000_000
            )
            copies.widget.attrs["aria-label"] = copies.label
            e_copies.widget.attrs["aria-label"] = e_copies.label
            self.fields[f"copies_{recipient.pk}"] = copies
            self.fields[f"e_copies_{recipient.pk}"] = e_copies
            self.initial.setdefault(f"copies_{recipient.pk}", recipient.copies)
            self.initial.setdefault(f"e_copies_{recipient.pk}", recipient.e_copies)
            self.rows.append((recipient, name, self[f"copies_{recipient.pk}"], self[f"e_copies_{recipient.pk}"]))
        style(self)

    def values(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {r.pk: (data[f"copies_{r.pk}"], data[f"e_copies_{r.pk}"]) for r, _n, _c, _e in self.rows}


class RelayForm(BaseForm):
    day = forms.DateField(label=_("Ngày phổ biến"), widget=DateInput(), required=False)
    cells = forms.IntegerField(label=_("Số chi bộ"), min_value=0, max_value=100_000, required=False)


class ArchiveForm(BaseForm):
    nam = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100, required=False)
    loai = forms.ChoiceField(label=_("Loại"), choices=[("", _("Tất cả")), *Issue.Kind.choices], required=False)
    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)
