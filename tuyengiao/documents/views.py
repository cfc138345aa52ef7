"""The registry's pages: search and list, a document's page, create and edit, files,
relations, the audit trail and the bulk import.

Scope (``Document.objects.readable_by``, built on ``accounts.scoping``): a page shows only documents the
user may read; changing needs WRITE on the document's owner unit. A document out
of scope answers 404, like a document that does not exist.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import User
from tuyengiao.documents import services
from tuyengiao.documents.forms import (
    AttachmentForm,
    DocumentForm,
    ImportForm,
    RelationForm,
    record_date,
    writable_units,
)
from tuyengiao.documents.models import (
    Attachment,
    Citation,
    Document,
    DocumentQuerySet,
    DocumentRelation,
    FieldOfWork,
)
from tuyengiao.lib import audit, doccode, downloads, uploads
from tuyengiao.lib.text import fold
from tuyengiao.meetings.models import Meeting
from tuyengiao.units import choices
from tuyengiao.units.models import UnitVersion, names_at

PAGE_SIZE = 50
MEETINGS_SHOWN = 50  # conferences listed on a document's page

# ?sap_xep= values: (label, ordering).
SORTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "moi-nhat": (gettext_lazy("Mới nhất trước"), ("-issue_date", "-number", "-pk")),
    "cu-nhat": (gettext_lazy("Cũ nhất trước"), ("issue_date", "number", "pk")),
    "so-ky-hieu": (gettext_lazy("Số, ký hiệu"), ("issuer_code", "type_code", "number", "-issue_date", "pk")),
    "trich-yeu": (gettext_lazy("Trích yếu (A→Z)"), ("subject_key", "pk")),
}
DEFAULT_SORT = "moi-nhat"

# How an incoming relation reads from its target's page.
INCOMING = {
    DocumentRelation.Kind.IMPLEMENTS: gettext_lazy("Được triển khai thực hiện bởi"),
    DocumentRelation.Kind.GUIDES: gettext_lazy("Được hướng dẫn thực hiện bởi"),
    DocumentRelation.Kind.AMENDS: gettext_lazy("Được sửa đổi, bổ sung bởi"),
    DocumentRelation.Kind.REPLACES: gettext_lazy("Bị thay thế bởi"),
}


def _readable(request: HttpRequest) -> DocumentQuerySet:
    return Document.objects.readable_by(request.user)


def _can_write(request: HttpRequest, document: Document) -> bool:
    """Write scope on the owner for the document's date (``scoping.can_write``): a successor corrects the
    documents its predecessors issued before the merger."""
    return scoping.can_write(request.user, document.owner_id, record_date(document.owner, document.issue_date))


def _writable_or_404(request: HttpRequest, pk: int) -> Document:
    document = _document_or_404(_readable(request), pk)
    if not _can_write(request, document):
        raise Http404(_("Không tìm thấy văn bản."))
    return document


def _document_or_404(queryset: DocumentQuerySet, pk: int) -> Document:
    document = queryset.select_related("owner", "issuer_unit", "replaced_by", "created_by").filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return document


def create_url(code: str, type_name: str = "", date: dt.date | None = None) -> str:
    """The create form prefilled with a cited code ("Thêm vào sổ")."""
    params = {"so": code, "loai": type_name}
    if date:
        params["ngay"] = date.strftime("%d/%m/%Y")
    return f"{reverse('documents:create')}?{urlencode({k: v for k, v in params.items() if v})}"


# --- List and search ----------------------------------------------------------------------------------------------


@dataclass
class Filters:
    query: str = ""
    type_name: str = ""
    issuer: str = ""
    year: int | None = None
    field: str = ""
    status: str = ""
    visibility: str = ""
    sort: str = DEFAULT_SORT
    by_code: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest) -> Filters:
        get = request.GET
        year = get.get("nam", "").strip()
        sort = get.get("sap_xep", "")
        return cls(
            query=get.get("q", "").strip()[:200],
            type_name=get.get("loai", "").strip(),
            issuer=get.get("co_quan", "").strip()[:200],
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            field=get.get("linh_vuc", "").strip(),
            status=get.get("hieu_luc", "") if get.get("hieu_luc", "") in Document.Status.values else "",
            visibility=get.get("pham_vi", "") if get.get("pham_vi", "") in Document.Visibility.values else "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )

    def apply(self, documents: DocumentQuerySet) -> DocumentQuerySet:
        if self.query:
            try:
                doccode.parse(self.query)
            except doccode.DocCodeError:
                documents = documents.search(self.query)
            else:
                self.by_code = True
                documents = documents.with_code(self.query)
        if self.type_name:
            documents = documents.filter(type_name=self.type_name)
        if self.issuer:
            folded = fold(self.issuer)
            units = UnitVersion.objects.search(folded).values("unit_id")
            documents = documents.filter(
                Q(issuer_code__iexact=self.issuer.replace(" ", ""))
                | Q(issuer_key__contains=f"name:{folded}")
                | Q(issuer_unit_id__in=units)
            )
        if self.year:
            documents = documents.filter(year=self.year)
        if self.field:
            documents = documents.filter(fields__code=self.field)
        if self.status:
            documents = documents.filter(status=self.status)
        if self.visibility:
            documents = documents.filter(visibility=self.visibility)
        return documents.order_by(*SORTS[self.sort][1])

    @property
    def active(self) -> bool:
        return any((self.query, self.type_name, self.issuer, self.year, self.field, self.status, self.visibility))


def _issuer_labels(documents: list[Document]) -> dict[int, str]:
    """Each document's issuer as a reader knows it: the name given, else the unit's name on the issue date
    (today for an undated one), else the symbol."""
    today = timezone.localdate()
    issuers = names_at(
        (d.issuer_unit_id, d.issue_date or today) for d in documents if d.issuer_unit_id and not d.issuer_name
    )
    labels = {}
    for document in documents:
        label = document.issuer_name
        if not label and document.issuer_unit_id:
            label = issuers.get((document.issuer_unit_id, document.issue_date or today), "")
        labels[document.pk] = label or document.issuer_code
    return labels


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Search and list the documents the user may read, 50 per page.

    ``q`` is a code in any written form ("5-ct/tw" finds 05-CT/TW) when it parses
    as one, otherwise words searched accent-insensitively in the code, type,
    issuer, subject, summary and full text (``DocumentQuerySet.search``). Filters:
    type, issuer (symbol, name, or a unit name), year, field of work, status,
    visibility.

    Sorting: newest issue date first by default; oldest first; by code (issuer
    symbol, type, number); by subject A→Z in Vietnamese dictionary order, through
    the stored ``subject_key`` (``lib.text.sort_key``), identical on SQLite and
    PostgreSQL whatever the database collation.
    """
    readable = _readable(request)
    filters = Filters.from_request(request)
    documents = filters.apply(readable).select_related("owner")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = list(page.object_list)
    issuers = _issuer_labels(rows)
    context = {
        "filters": filters,
        "page": page,
        "rows": [(d, issuers[d.pk]) for d in rows],
        "type_names": list(readable.order_by("type_name").values_list("type_name", flat=True).distinct()),
        "fields_of_work": FieldOfWork.objects.all(),
        "statuses": Document.Status.choices,
        "visibilities": Document.Visibility.choices,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "can_create": bool(writable_units(request.user)),
    }
    return render(request, "documents/list.html", context)


# --- A document's page --------------------------------------------------------------------------------------------


def cited_html(text: str, offset: int, citations: list[Citation], readable_ids: set[int]) -> SafeString:
    """``text`` (a part of the cited text starting at ``offset``) escaped, with each cited code
    linked to its record, or marked as not yet registered with a link to add it."""
    out: list[str] = []
    position = 0
    for citation in citations:
        start, end = citation.start - offset, citation.end - offset
        if start < position or end > len(text) or text[start:end] != citation.raw:
            continue
        out.append(escape(text[position:start]))
        if citation.document_id in readable_ids:
            out.append(
                format_html(
                    '<a class="tg-cite" href="{}">{}</a>',
                    reverse("documents:detail", args=[citation.document_id]),
                    citation.raw,
                )
            )
        elif citation.document_id is None:
            out.append(
                format_html(
                    '<a class="tg-cite tg-cite-unknown" href="{}" title="{}">{}</a>',
                    create_url(citation.code, citation.type_name, citation.cited_date),
                    _("Chưa có trong sổ – thêm vào sổ"),
                    citation.raw,
                )
            )
        else:
            out.append(escape(citation.raw))
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped or built with format_html


def _text_parts(document: Document, citations: list[Citation], readable_ids: set[int]) -> dict[str, SafeString]:
    """Subject, summary and full text with their citations linked (offsets as in ``save_document``)."""
    parts: dict[str, SafeString] = {}
    offset = 0
    for name in ("subject", "summary", "full_text"):
        text = getattr(document, name)
        if not text:
            continue
        parts[name] = cited_html(text, offset, citations, readable_ids)
        offset += len(text) + 1
    return parts


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document: its record, text with linked citations, files, relations both ways, and what cites it."""
    readable = _readable(request)
    document = _document_or_404(readable, pk)
    document_type = ContentType.objects.get_for_model(Document)
    citations = list(
        Citation.objects.filter(source_type=document_type, source_id=document.pk).select_related("document")
    )
    relations_out = list(document.relations_out.select_related("target").order_by("kind", "target__code"))
    relations_in = list(
        DocumentRelation.objects.filter(target=document, source__in=readable.values("pk"))
        .select_related("source")
        .order_by("kind", "-source__issue_date")
    )
    citing_ids = Citation.objects.filter(document=document, source_type=document_type).values("source_id")
    cited_by = list(readable.filter(pk__in=citing_ids).exclude(pk=document.pk).order_by("-issue_date", "-number"))
    linked_ids = {c.document_id for c in citations if c.document_id} | {r.target_id for r in relations_out}
    readable_ids = set(readable.filter(pk__in=linked_ids).values_list("pk", flat=True)) if linked_ids else set()
    # One row per cited code, in order of first appearance.
    cited: dict[str, Citation] = {}
    for citation in citations:
        cited.setdefault(citation.code_key, citation)
    incoming: dict[str, list[DocumentRelation]] = {}
    for relation in relations_in:
        incoming.setdefault(relation.kind, []).append(relation)
    # Conferences that studied or discussed it, among those the user may read (their scoping rule), newest first,
    # each organiser named as on the meeting's day. The scope is worked out only when some meeting cites the
    # document (one query otherwise: most documents are studied at no conference).
    meetings: list[Meeting] = []
    if document.meetings.exists():
        studied_in = Meeting.objects.readable_by(request.user).filter(documents=document)
        meetings = list(studied_in.order_by("-starts_at", "-pk")[:MEETINGS_SHOWN])
    organisers = names_at((m.organiser_id, m.date) for m in meetings)
    can_write = _can_write(request, document)
    # The owner under its name today; the issuer under its name when it issued the document.
    context = {
        "document": document,
        "owner_name": document.owner.name_on(timezone.localdate()),
        "issuer_unit_name": document.issuer_unit.name_on(document.issue_date or timezone.localdate())
        if document.issuer_unit
        else "",
        # The issuer's page only when the user may open it (a province reads the central committee's documents).
        "issuer_linked": bool(
            scoping.readable_unit_ids(request.user, [document.issuer_unit_id] if document.issuer_unit_id else [])
        ),
        "fields_of_work": list(document.fields.all()),
        "attachments": list(document.attachments.all()),
        "text": _text_parts(document, citations, readable_ids),
        "citations": [
            (c, c.document_id in readable_ids, create_url(c.code, c.type_name, c.cited_date)) for c in cited.values()
        ],
        "relations_out": [(r, r.target_id in readable_ids) for r in relations_out],
        "implemented_by": incoming.pop(DocumentRelation.Kind.IMPLEMENTS, []),
        "incoming": [(INCOMING[DocumentRelation.Kind(kind)], rows) for kind, rows in incoming.items()],
        "cited_by": cited_by,
        "meetings": [(m, organisers.get((m.organiser_id, m.date), "")) for m in meetings],
        "replaced_by_readable": document.replaced_by_id is not None
        and readable.filter(pk=document.replaced_by_id).exists(),
        "can_write": can_write,
        "can_create": bool(writable_units(request.user)),
        "attachment_form": AttachmentForm() if can_write else None,
        "relation_form": RelationForm(document=document, readable=readable) if can_write else None,
        "max_attachment_mb": services.MAX_ATTACHMENT_BYTES // 1024 // 1024,
    }
    return render(request, "documents/detail.html", context)


# --- Create and edit ----------------------------------------------------------------------------------------------


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """A new record. ``so``, ``loai`` and ``ngay`` prefill the code, type and date ("Thêm vào sổ")."""
    if not writable_units(request.user):
        raise Http404(_("Bạn không có quyền nhập văn bản."))
    readable = _readable(request)
    if request.method == "POST":
        form = DocumentForm(request.POST, user=request.user, readable=readable)
        if form.is_valid() and (document := form.save()) is not None:
            messages.success(request, _("Đã thêm %(document)s vào sổ đăng ký.") % {"document": document})
            return redirect(document)
    else:
        initial: dict[str, Any] = {}
        if code := request.GET.get("so", "").strip():
            initial["code"] = code
        if type_name := request.GET.get("loai", "").strip():
            initial["type_name"] = type_name
        if day := request.GET.get("ngay", "").strip():
            with contextlib.suppress(ValueError):
                initial["issue_date"] = dt.datetime.strptime(day, "%d/%m/%Y").date()
        form = DocumentForm(initial=initial, user=request.user, readable=readable)
    context = {"form": form, "document": None, "type_names": _type_names(), "unit_sources": choices.sources(form)}
    return render(request, "documents/form.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a record. The form carries the revision it was opened at; a save on top of someone else's is refused."""
    document = _writable_or_404(request, pk)
    readable = _readable(request)
    if request.method == "POST":
        form = DocumentForm(request.POST, user=request.user, readable=readable, instance=document)
        if form.is_valid() and (saved := form.save()) is not None:
            messages.success(request, _("Đã lưu %(document)s.") % {"document": saved})
            return redirect(saved)
    else:
        form = DocumentForm(user=request.user, readable=readable, instance=document)
    context = {"form": form, "document": document, "type_names": _type_names(), "unit_sources": choices.sources(form)}
    return render(request, "documents/form.html", context)


def _type_names() -> list[str]:
    """Suggestions for the type field: the names doccode knows (with "Luật", "Bộ luật"), plus "Quy định"."""
    names = {doccode.default_type_name(code, "party") for code in doccode.KNOWN_TYPES}
    names |= {doccode.default_type_name(code, "state") for code in doccode.KNOWN_TYPES}
    names |= set(doccode.LAW_TYPE_NAMES)
    return sorted(names - {"Văn bản"})


# --- Relations ----------------------------------------------------------------------------------------------------


@login_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = _writable_or_404(request, pk)
    form = RelationForm(request.POST, document=document, readable=_readable(request))
    if form.is_valid():
        relation = form.save()
        messages.success(request, _("Đã ghi quan hệ: %(relation)s.") % {"relation": relation})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("documents:detail", args=[document.pk]) + "#quan-he")


@login_required
@require_POST
def relation_delete(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    document = _writable_or_404(request, pk)
    relation = get_object_or_404(DocumentRelation, pk=relation_pk, source=document)
    relation.delete()
    messages.success(request, _("Đã xóa quan hệ."))
    return redirect(reverse("documents:detail", args=[document.pk]) + "#quan-he")


# --- Attachments --------------------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Store one uploaded file; ``services.add_attachment`` checks its size and content."""
    document = _writable_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if refused := uploads.too_large_message(request):
        messages.error(request, refused)
    elif form.is_valid():
        try:
            attachment = services.add_attachment(document, form.cleaned_data["file"], request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã đính kèm tệp “%(name)s”.") % {"name": attachment.original_name})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("documents:detail", args=[document.pk]) + "#tep")


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """The file, under its original name, to anyone who may read the document (never a MEDIA_URL link)."""
    document = _document_or_404(_readable(request), pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp không còn trên máy chủ.")) from exc
    return downloads.file_attachment(handle, attachment.original_name, attachment.content_type)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    document = _writable_or_404(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    name, stored = attachment.original_name, attachment.file.name
    attachment.delete()
    storage = attachment.file.storage
    if stored and not Attachment.objects.filter(file=stored).exists():
        transaction.on_commit(lambda: storage.delete(stored))
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": name})
    return redirect(reverse("documents:detail", args=[document.pk]) + "#tep")


# --- History ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the record, its outgoing relations and its files, and when."""
    document = _document_or_404(_readable(request), pk)
    rows = audit.entries(
        document.history.select_related("history_user"),
        DocumentRelation.history.filter(source_id=document.pk).select_related("history_user", "source", "target"),
        Attachment.history.filter(document_id=document.pk).select_related("history_user"),
    )
    return render(request, "documents/history.html", {"document": document, "entries": rows})


# --- Bulk import --------------------------------------------------------------------------------------------------


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in template (XLSX or CSV, at most 5 MB) for a unit the user may write.

    The importer checks every row first: a file with any error imports nothing and
    the page lists the errors row by row.
    """
    from tuyengiao.documents import importer

    if not writable_units(request.user):
        raise Http404(_("Bạn không có quyền nhập văn bản."))
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not uploads.refused_in_form(request, form) and form.is_valid():
            user = request.user
            assert isinstance(user, User)  # signed in (login_required)
            result = importer.import_file(form.cleaned_data["file"], user=user, owner=form.cleaned_data["owner"])
            return render(request, "documents/import_result.html", {"result": result})
    else:
        form = ImportForm(user=request.user)
    return render(request, "documents/import.html", {"form": form})


TEMPLATE_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
@require_GET
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The empty template to fill in, as Excel or CSV."""
    from tuyengiao.documents import importer

    if fmt not in TEMPLATE_FORMATS:
        raise Http404(_("Không có mẫu định dạng này."))
    content = importer.template_xlsx() if fmt == "xlsx" else importer.template_csv()
    return downloads.attachment(content, downloads.filename("Mẫu nhập văn bản", ext=fmt), TEMPLATE_FORMATS[fmt])
