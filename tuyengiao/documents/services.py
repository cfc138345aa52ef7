"""Writes to the registry that span several models, each in one transaction.

* ``save_document``: create or update a document with its fields of work and
  relations; refuses duplicates under the numbering rules within the document's
  registry (``duplicate_error``: a link to the record only for a user who may read
  it) and stale edits (``lib.revision.lock_and_bump``), then refreshes the
  citations of its text.
* ``register_cited``: a minimal record for a number cited before it was registered (a conference's
  studied document), through ``save_document``, in the caller's transaction and the user's write scope.
* ``add_attachment``: stores a file after checking what it really is (``check_upload``, also used
  for the files of meeting speeches).
* ``link_citations``: (re)computes the codes a stored text cites and links them
  to registry records; unknown codes stay unlinked so pages can offer to create them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.documents import registry
from tuyengiao.documents.models import Attachment, Citation, Document, DocumentRelation, FieldOfWork
from tuyengiao.lib import doccode
from tuyengiao.lib.revision import lock_and_bump

if TYPE_CHECKING:
    from tuyengiao.accounts.scoping import AnyUser
    from tuyengiao.units.models import Unit

# What we accept as attachments, recognised by content (magic bytes), not by name.
ALLOWED_FILES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
MAX_ATTACHMENT_BYTES = getattr(settings, "TG_MAX_ATTACHMENT_MB", 20) * 1024 * 1024


def duplicate_message(
    document: Document, existing: Document, *, readable: bool, html: bool = False, registry_name: str = ""
) -> str:
    """Why ``document`` cannot be registered: ``existing`` holds its number in the same registry.

    For a reader of ``existing``, the record is named (linked when ``html``). For anybody else, only the number
    they typed themselves and the registry they write into are named: no link, no title, no owner.
    ``registry_name`` saves the query that names the registry (``registry.label``).
    """
    scope = _("nhiệm kỳ") if existing.system == Document.System.PARTY else _("năm")
    if readable:
        template = _("Văn bản này đã có trong sổ đăng ký: {} (cùng cơ quan ban hành, loại, số và {}).")
        if html:
            link = format_html('<a href="{}">{}</a>', reverse("documents:detail", args=[existing.pk]), str(existing))
            return format_html(template, link, scope)
        return template.format(str(existing), scope)
    template = _(
        "Số, ký hiệu {} đã được một đơn vị khác đăng ký trong {} (cùng cơ quan ban hành, loại, số và {}); "
        "bạn không có quyền xem bản ghi đó. Hãy kiểm tra lại số, ký hiệu hoặc liên hệ cơ quan quản lý sổ."
    )
    name = registry_name or registry.label(document.registry_key, document.issue_date)
    return format_html(template, document.code, name, scope) if html else template.format(document.code, name, scope)


def duplicate_error(document: Document, existing: Document, user: AnyUser | None = None) -> ValidationError:
    """The refusal of a duplicate number, for ``user``: a link to ``existing`` only when they may read it.
    Without a user (demo data, tests) the record is named without a link."""
    if user is None:
        return ValidationError(duplicate_message(document, existing, readable=True), code="duplicate")
    readable = Document.objects.readable_by(user).filter(pk=existing.pk).exists()
    return ValidationError(duplicate_message(document, existing, readable=readable, html=True), code="duplicate")


@dataclass(frozen=True)
class RelationSpec:
    kind: str
    target: Document


@transaction.atomic
def save_document(
    document: Document,
    *,
    fields: Iterable[FieldOfWork] | None = None,
    relations: Iterable[RelationSpec] | None = None,
    expected_revision: int | None = None,
    user: AnyUser | None = None,
) -> Document:
    """Validate and save; ``expected_revision`` is the revision the editor started from, ``user`` the person
    saving (a duplicate's message links the existing record only if they may read it)."""
    if document.pk is not None:
        document.revision = lock_and_bump(
            Document,
            document.pk,
            expected_revision,
            _(
                "Văn bản đã được người khác sửa sau khi bạn mở trang này. Hãy tải lại trang để xem nội dung mới, "
                "rồi nhập lại thay đổi của bạn."
            ),
        )
    existing = document.duplicate()
    if existing is not None:
        raise duplicate_error(document, existing, user)
    if document.replaced_by_id and document.replaced_by_id == document.pk:
        raise ValidationError(_("Văn bản không thể thay thế chính nó."))
    if document.replaced_by_id:
        document.status = Document.Status.REPLACED
    document.save()
    relink_unresolved(document)
    if fields is not None:
        document.fields.set(fields)
    if relations is not None:
        for spec in relations:
            if spec.target.pk == document.pk:
                raise ValidationError(_("Văn bản không thể có quan hệ với chính nó."))
            DocumentRelation.objects.get_or_create(source=document, target=spec.target, kind=spec.kind)
    link_citations(
        document, "\n".join(part for part in (document.subject, document.summary, document.full_text) if part)
    )
    return document


@transaction.atomic
def register_cited(
    text: str, *, owner: Unit, on: dt.date, user: AnyUser, subject: str, issued: bool = False
) -> Document:
    """A minimal registry record for a document cited before anyone registered it (a conference's studied
    document, issue #14): the code's parts parsed from ``text`` (``lib.doccode``), ``owner`` the citing unit,
    no issue date (``issued``: the citing record *is* the document, a guidance registered under its own number,
    so its date ``on`` is the issue date), ``subject`` a note saying where it came from; the rest is filled later
    on the document's page. It goes through ``save_document`` (duplicates, registry, citations) inside the
    caller's transaction, and needs the write scope on ``owner`` for ``on`` (the citing record's date)."""
    if not scoping.can_write(user, owner.pk, on):
        raise ValidationError(_("Bạn không được thêm văn bản vào sổ của đơn vị này."), code="scope")
    document = Document(owner=owner, subject=subject, issue_date=on if issued else None)
    if user.is_authenticated:
        document.created_by_id = user.pk
    try:
        document.set_code(text)
    except doccode.DocCodeError as exc:
        raise ValidationError(str(exc)) from exc
    return save_document(document, user=user)


def sniff(head: bytes, extension: str) -> str | None:
    """The MIME type when ``head`` really is a file of ``extension``; None otherwise."""
    allowed = ALLOWED_FILES.get(extension)
    if allowed is None:
        return None
    mime, signatures = allowed
    return mime if any(head.startswith(sig) for sig in signatures) else None


def _extension(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"jpeg": ".jpg"}.get(suffix, f".{suffix}" if suffix else "")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    mime: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Check an upload's size and that its content matches its name (PDF, DOCX, PNG, JPG);
    raises ``ValidationError`` in Vietnamese. Used by registry attachments and meeting speeches."""
    name = (upload.name or "tep").rsplit("/", 1)[-1]
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size).1f MB); giới hạn là %(limit)d MB."),
            params={"name": name, "size": size / 1024 / 1024, "limit": MAX_ATTACHMENT_BYTES // 1024 // 1024},
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), params={"name": name})
    extension = _extension(name)
    upload.seek(0)
    head = upload.read(16)
    mime = sniff(head, extension)
    if mime is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF, DOCX, PNG hoặc JPG hợp lệ (nội dung không khớp với phần mở rộng)."),
            params={"name": name},
        )
    if extension == ".docx":
        _check_docx(upload, name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name=name, extension=extension, mime=mime, size=size, sha256=digest.hexdigest())


@transaction.atomic
def add_attachment(document: Document, upload: UploadedFile, user: models.Model | None) -> Attachment:
    """Store ``upload`` after checking its size and that its content matches its name."""
    attachment: Attachment = Attachment.store(check_upload(upload), upload, user, document=document)
    return attachment


def _check_docx(upload: UploadedFile, name: str) -> None:
    """A .docx is a ZIP with word/document.xml; anything else named .docx is refused."""
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ValidationError(_("Tệp “%(name)s” không phải văn bản Word (.docx)."), params={"name": name})
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Tệp “%(name)s” bị hỏng, không mở được."), params={"name": name}) from exc


def _cited(matches: list[Document], cited_date: dt.date | None, own_registry: str | None) -> Document | None:
    """The record a citation links among those with its code: by the cited date when several, then the central
    registry's record, then the citing record's own registry's (``registry.preferred``); None when several
    remain (the same number in different terms and no date)."""
    if len(matches) > 1 and cited_date:
        matches = [d for d in matches if d.issue_date == cited_date] or matches
    if len(matches) > 1:
        matches = registry.preferred(matches, own_registry, lambda d: d.registry_key)
    return matches[0] if len(matches) == 1 else None


def link_citations(source: models.Model, text: str) -> list[Citation]:
    """Replace the citations stored for ``source`` with those found in ``text``.

    A document does not cite itself. Codes are linked to registry records by their
    lookup key; a code that matches several records is linked as ``_cited`` says:
    the one whose issue date is the cited date, else the record of the central
    registry, else the one in the citing document's registry (each province keeps
    its own record of 05-CT/TW), else left unlinked.
    """
    source_type = ContentType.objects.get_for_model(source)
    Citation.objects.filter(source_type=source_type, source_id=source.pk).delete()
    found = doccode.find_citations(text or "")
    own_key = source.code_key if isinstance(source, Document) else None
    own_registry = source.registry_key if isinstance(source, Document) else None
    keys = {Document.code_key_for(c.code) for c in found}
    candidates: dict[str, list[Document]] = {}
    for document in Document.objects.filter(code_key__in=keys):
        candidates.setdefault(document.code_key, []).append(document)
    citations = []
    for item in found:
        key = Document.code_key_for(item.code)
        if key == own_key:
            continue
        citations.append(
            Citation(
                source_type=source_type,
                source_id=source.pk,
                document=_cited(candidates.get(key, []), item.date, own_registry),
                raw=item.raw[:96],
                code=item.code.canonical,
                code_key=key,
                type_name=item.type_name,
                cited_date=item.date,
                start=item.start,
                end=item.end,
            )
        )
    Citation.objects.bulk_create(citations)
    return citations


def relink_unresolved(document: Document) -> int:
    """After ``document`` is saved, link again the citations of its code: those waiting for it, and those linked
    to another record of the number that ``_cited`` now ranks below it (a record in the central registry or in
    the citing document's own registry). Returns how many changed; one query when nothing cites the code."""
    citations = list(Citation.objects.filter(code_key=document.code_key))
    if not citations:
        return 0
    matches = list(Document.objects.filter(code_key=document.code_key).only("pk", "issue_date", "registry_key"))
    document_type = ContentType.objects.get_for_model(Document)
    citing = {c.source_id for c in citations if c.source_type_id == document_type.pk}
    registries = dict(Document.objects.filter(pk__in=citing).values_list("pk", "registry_key")) if citing else {}
    changed = []
    for citation in citations:
        own = registries.get(citation.source_id) if citation.source_type_id == document_type.pk else None
        target = _cited(matches, citation.cited_date, own)
        if target is not None and target.pk != citation.document_id:
            citation.document_id = target.pk
            changed.append(citation)
    Citation.objects.bulk_update(changed, ["document"])
    return len(changed)
