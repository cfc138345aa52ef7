"""Forms of the registry pages: a document, a relation, an attachment, a bulk import.

Forms validate what a person typed (a code in any written form, a unit name, a
target document by its code) and limit every choice to the user's scope; the
numbering rules, stale edits and file checks are the services' job
(``tuyengiao.documents.services``), whose ``ValidationError`` the views show as
the form's non-field errors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, User
from tuyengiao.documents import registry, services
from tuyengiao.documents.models import Document, DocumentQuerySet, DocumentRelation, FieldOfWork
from tuyengiao.lib import doccode
from tuyengiao.lib.forms import style
from tuyengiao.lib.revision import RevisionFormMixin
from tuyengiao.lib.spreadsheets import SpreadsheetField
from tuyengiao.units import choices
from tuyengiao.units.lookup import AmbiguousUnit, find_unit
from tuyengiao.units.models import Unit, named

if TYPE_CHECKING:
    from tuyengiao.accounts.scoping import AnyUser

TERM = re.compile(r"^(\d{4})-(\d{4})$")


# --- Units the user may write -------------------------------------------------------------------------------------


def writable_units(user: AnyUser) -> list[tuple[Unit, str]]:
    """Units a user may file documents under, with their names today.

    The units of their memberships that grant WRITE and, for a commission, the
    party committee it works for (``scoping.root_ids``); a superuser without
    memberships gets the central committee. One entry per unit, sorted by name.
    """
    ids = set(scoping.root_ids(user, Capability.WRITE))
    if user.is_authenticated and user.is_superuser and not ids:
        ids = set(Unit.objects.filter(key="central").values_list("pk", flat=True))
    return sorted(named(ids), key=lambda item: item[1])


def record_date(owner: Unit, issue_date: dt.date | None) -> dt.date:
    """The date a document is written for: its issue date, else its owner's last day (today for a living
    owner), as ``scoping.can`` does without a date."""
    return issue_date or scoping.last_day(owner)


class UnitChoiceField(forms.ModelChoiceField):
    """A select of units labelled with their names (given with the queryset)."""

    def __init__(self, units: list[tuple[Unit, str]], **kwargs: Any) -> None:
        self.names = {unit.pk: name for unit, name in units}
        # In the given order: the first unit is the one selected by default.
        order = Case(*[When(pk=unit.pk, then=position) for position, (unit, _n) in enumerate(units)], default=0)
        super().__init__(queryset=Unit.objects.filter(pk__in=list(self.names)).order_by(order), **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return self.names.get(obj.pk) or str(obj)


# --- Finding a document by its code -------------------------------------------------------------------------------


def resolve_document(text: str, readable: DocumentQuerySet, own_registry: str | None = None) -> Document:
    """The readable document numbered ``text`` (any written form, optionally followed by "ngày dd/mm/yyyy").

    Among several records of the number, the date tells them apart, then the registries as for citations
    (``registry.preferred``: the central registry's record, then one of ``own_registry``, the registry of the
    document being edited). Raises ``ValidationError`` (in Vietnamese) when the code cannot be read, no
    readable document has it, or several do and neither tells them apart.
    """
    text = text.strip()
    date = None
    try:
        code = doccode.parse(text)
    except doccode.DocCodeError as exc:
        found = doccode.find_citations(text)
        if len(found) != 1:
            raise ValidationError(str(exc)) from exc
        code, date = found[0].code, found[0].date
    matches = list(readable.filter(code_key=Document.code_key_for(code)).order_by("-issue_date")[:10])
    if date and len(matches) > 1:
        matches = [d for d in matches if d.issue_date == date] or matches
    if len(matches) > 1:
        matches = registry.preferred(matches, own_registry, lambda d: d.registry_key)
    if not matches:
        raise ValidationError(
            gettext("Không có văn bản số %(code)s trong sổ đăng ký (hoặc bạn không có quyền xem văn bản đó).")
            % {"code": code.canonical}
        )
    if len(matches) > 1:
        raise ValidationError(
            gettext(
                "Có nhiều văn bản số %(code)s (%(dates)s); hãy ghi thêm ngày ban hành, ví dụ “%(code)s ngày %(day)s”."
            )
            % {
                "code": code.canonical,
                "dates": ", ".join(d.issued_on_text or gettext("không rõ ngày") for d in matches),
                "day": matches[0].issued_on_text or "01/01/2020",
            }
        )
    return matches[0]


# --- The document form --------------------------------------------------------------------------------------------


class DocumentForm(RevisionFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=doccode.MAX_CODE_LENGTH,
        help_text=_("Gõ theo cách thông thường, ví dụ 25-KH/BTGTU, 5-ct/tw, 17/CT-UBND; hệ thống tự chuẩn hóa."),
    )
    type_name = forms.CharField(
        label=_("Loại văn bản"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"list": "tg-type-names", "autocomplete": "off"}),
        help_text=_("Để trống để lấy theo mã loại trong số, ký hiệu (CT → Chỉ thị); có thể chọn khác, ví dụ Quy định."),
    )
    issue_date = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    issuer_unit = forms.CharField(
        label=_("Cơ quan ban hành trong cây đơn vị"),
        max_length=255,
        required=False,
        help_text=_("Tên hoặc mã đơn vị, ví dụ “Tỉnh ủy Đắk Lắk” hoặc “66”; có thể để trống."),
    )
    issuer_name = forms.CharField(
        label=_("Tên cơ quan ban hành"),
        max_length=255,
        required=False,
        help_text=_(
            "Ghi khi cơ quan không có trong cây đơn vị, ví dụ “Bộ Chính trị”, “Bộ Văn hóa, Thể thao và Du lịch”."
        ),
    )
    signer = forms.CharField(
        label=_("Người ký"),
        max_length=255,
        required=False,
        help_text=_("Như trên văn bản: chức vụ và họ tên, ví dụ “Phó Trưởng ban Nguyễn Văn An”."),
    )
    term = forms.CharField(
        label=_("Nhiệm kỳ"),
        max_length=9,
        required=False,
        help_text=_(
            "Chỉ với văn bản của Đảng (đánh số theo nhiệm kỳ), ví dụ 2020-2025; để trống để tự tính theo ngày ban hành."
        ),
    )
    owner = forms.ModelChoiceField(
        label=_("Đơn vị quản lý"),
        queryset=Unit.objects.none(),
        help_text=_("Đơn vị lưu giữ bản ghi; văn bản nội bộ được xem trong phạm vi đơn vị này."),
    )
    subject = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    full_text = forms.CharField(
        label=_("Toàn văn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Số, ký hiệu các văn bản được trích dẫn trong toàn văn sẽ tự liên kết với sổ đăng ký."),
    )
    fields_of_work = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=FieldOfWork.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    status = forms.ChoiceField(label=_("Hiệu lực"), choices=Document.Status.choices, initial=Document.Status.IN_FORCE)
    replaced_by = forms.CharField(
        label=_("Được thay thế bởi (số, ký hiệu)"),
        max_length=doccode.MAX_CODE_LENGTH,
        required=False,
        help_text=_("Văn bản thay thế phải có trong sổ; khi ghi, hiệu lực chuyển thành “Đã được thay thế”."),
    )
    visibility = forms.ChoiceField(
        label=_("Phạm vi"),
        choices=Document.Visibility.choices,
        initial=Document.Visibility.INTERNAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Nội bộ: chỉ đơn vị quản lý, cấp trên và các đơn vị trực thuộc xem được. Công khai: mọi người dùng."
        ),
    )
    relation_kind = forms.ChoiceField(
        label=_("Quan hệ với văn bản khác"),
        choices=[("", _("(không thêm)")), *DocumentRelation.Kind.choices],
        required=False,
    )
    relation_target = forms.CharField(
        label=_("Văn bản liên quan (số, ký hiệu)"),
        max_length=doccode.MAX_CODE_LENGTH,
        required=False,
        help_text=_("Ví dụ: kế hoạch này “Triển khai thực hiện” 04-ĐA/TU."),
    )

    def __init__(
        self,
        *args: Any,
        user: User | AnonymousUser,
        readable: DocumentQuerySet,
        instance: Document | None = None,
        **kwargs: Any,
    ) -> None:
        self.user = user
        self.readable = readable
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", self.initial_from(instance))
        super().__init__(*args, **kwargs)
        # Owners true to the issue date (units/choices.py): the top of the user's write scope that day, with
        # its names then (before 1 July 2025 the Đắk Lắk commission also files old Phú Yên's documents).
        posted = choices.posted_date(self, "issue_date") if self.is_bound else self.initial.get("issue_date")
        unchanged = instance is not None and posted == instance.issue_date
        self.fields["owner"] = choices.dated_unit_field(
            user,
            posted or timezone.localdate(),
            choices.TOP,
            date_field="issue_date",
            keep=[instance.owner_id] if instance is not None and unchanged else [],  # writable through an ancestor
            label=self.fields["owner"].label,
            help_text=self.fields["owner"].help_text,
            empty_label=None,
        )
        if instance is None:
            del self.fields["revision"]
        style(self)

    @staticmethod
    def initial_from(document: Document) -> dict[str, Any]:
        issuer = ""
        unit = document.issuer_unit
        if unit is not None:
            issuer = unit.code or unit.name_on(document.issue_date or timezone.localdate())
        return {
            "code": document.code,
            "type_name": document.type_name,
            "issue_date": document.issue_date,
            "issuer_unit": issuer,
            "issuer_name": document.issuer_name,
            "signer": document.signer,
            "term": document.term,
            "owner": document.owner_id,
            "subject": document.subject,
            "summary": document.summary,
            "full_text": document.full_text,
            "fields_of_work": list(document.fields.all()),
            "status": document.status,
            "replaced_by": document.replaced_by.code if document.replaced_by else "",
            "visibility": document.visibility,
            "revision": document.revision,
        }

    def clean_code(self) -> doccode.DocCode:
        try:
            return doccode.parse(self.cleaned_data["code"])
        except doccode.DocCodeError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_term(self) -> str:
        term = self.cleaned_data["term"].strip()
        match = TERM.match(term)
        if term and (not match or int(match[2]) - int(match[1]) != 5):
            raise ValidationError(gettext("Nhiệm kỳ ghi dạng năm đầu-năm cuối, cách nhau 5 năm, ví dụ 2020-2025."))
        return term

    def clean_owner(self) -> Unit:
        owner: Unit = self.cleaned_data["owner"]
        if not scoping.can_write(self.user, owner, record_date(owner, self.cleaned_data.get("issue_date"))):
            raise ValidationError(gettext("Bạn không có quyền nhập văn bản cho đơn vị này."))
        return owner

    def clean_replaced_by(self) -> Document | None:
        text = self.cleaned_data["replaced_by"].strip()
        if not text:
            return None
        target = resolve_document(text, self.readable, self.own_registry())
        if self.instance is not None and target.pk == self.instance.pk:
            raise ValidationError(gettext("Văn bản không thể thay thế chính nó."))
        return target

    def own_registry(self) -> str | None:
        """The registry of the document being edited (None for a new one)."""
        return self.instance.registry_key if self.instance is not None else None

    def issuer(self, text: str, date: dt.date | None) -> Unit | None:
        """The unit typed as the issuer, as of the issue date; an unchanged field keeps the saved unit."""
        if not text:
            return None
        if self.instance is not None and self.instance.issuer_unit_id and text == self.initial.get("issuer_unit"):
            return self.instance.issuer_unit
        try:
            version = find_unit(text, date or timezone.localdate())
        except AmbiguousUnit as exc:
            self.add_error("issuer_unit", str(exc))
            return None
        if version is None:
            message = gettext("Không tìm thấy đơn vị “%(text)s” tại ngày ban hành; hãy ghi vào ô tên cơ quan ban hành.")
            self.add_error("issuer_unit", message % {"text": text})
            return None
        return version.unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["issuer"] = self.issuer((data.get("issuer_unit") or "").strip(), data.get("issue_date"))
        kind, target_text = data.get("relation_kind"), (data.get("relation_target") or "").strip()
        data["relation"] = None
        if kind and target_text:
            try:
                target = resolve_document(target_text, self.readable, self.own_registry())
            except ValidationError as exc:
                self.add_error("relation_target", exc)
            else:
                if self.instance is not None and target.pk == self.instance.pk:
                    self.add_error("relation_target", gettext("Văn bản không thể có quan hệ với chính nó."))
                else:
                    data["relation"] = services.RelationSpec(kind, target)
        elif target_text and not kind:
            self.add_error("relation_kind", gettext("Hãy chọn loại quan hệ."))
        elif kind and not target_text:
            self.add_error("relation_target", gettext("Hãy ghi số, ký hiệu văn bản liên quan."))
        return data

    def save(self) -> Document | None:
        """Save through ``services.save_document``; on a refusal, add it as a form error and return None."""
        data = self.cleaned_data
        code: doccode.DocCode = data["code"]
        # A fresh copy, so a refused save leaves the page's ``instance`` as it was.
        document = Document.objects.get(pk=self.instance.pk) if self.instance is not None else Document()
        if self.instance is None and isinstance(self.user, User):
            document.created_by = self.user
        # The type name first: it names a law-shaped code ("Bộ luật", "Nghị quyết" for 45/2019/QH14).
        document.type_name = data["type_name"].strip() or code.type_name
        document.year = None
        document.set_code(code.canonical)
        document.issue_date = data["issue_date"]
        document.issuer_unit = data["issuer"]
        document.issuer_name = data["issuer_name"].strip()
        document.signer = data["signer"].strip()
        document.term = data["term"] if document.system == Document.System.PARTY else ""
        document.owner = data["owner"]
        document.subject = data["subject"].strip()
        document.summary = data["summary"].strip()
        document.full_text = data["full_text"]
        document.status = data["status"]
        document.replaced_by = data["replaced_by"]
        document.visibility = data["visibility"]
        relations = [data["relation"]] if data.get("relation") else []
        try:
            return services.save_document(
                document,
                fields=data["fields_of_work"],
                relations=relations,
                expected_revision=data.get("revision") if self.instance is not None else None,
                user=self.user,
            )
        except ValidationError as exc:
            self.add_error(None, exc)
            return None


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=DocumentRelation.Kind.choices)
    target = forms.CharField(
        label=_("Văn bản (số, ký hiệu)"),
        max_length=doccode.MAX_CODE_LENGTH,
        help_text=_("Văn bản phải có trong sổ; nếu có nhiều văn bản cùng số, ghi thêm “ngày dd/mm/yyyy”."),
    )

    def __init__(self, *args: Any, document: Document, readable: DocumentQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        self.readable = readable
        style(self)

    def clean_target(self) -> Document:
        target = resolve_document(self.cleaned_data["target"], self.readable, self.document.registry_key)
        if target.pk == self.document.pk:
            raise ValidationError(gettext("Văn bản không thể có quan hệ với chính nó."))
        return target

    def save(self) -> DocumentRelation:
        relation, _created = DocumentRelation.objects.get_or_create(
            source=self.document, target=self.cleaned_data["target"], kind=self.cleaned_data["kind"]
        )
        return relation


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Chọn tệp để đính kèm"),
        help_text=_("PDF, DOCX, PNG hoặc JPG; nội dung tệp được kiểm tra."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ImportForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Đơn vị quản lý các văn bản nhập"), queryset=Unit.objects.none())
    file = SpreadsheetField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        help_text=_("Theo đúng tệp mẫu; tối đa 5 MB. Nếu có dòng lỗi, không văn bản nào được nhập."),
    )

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = writable_units(user)
        owner = UnitChoiceField(units, label=self.fields["owner"].label, empty_label=None)
        self.fields["owner"] = owner
        style(self)

    def clean_owner(self) -> Unit:
        owner: Unit = self.cleaned_data["owner"]
        if not scoping.can(self.user, Capability.WRITE, owner):
            raise ValidationError(gettext("Bạn không có quyền nhập văn bản cho đơn vị này."))
        return owner
