"""The document registry: list and search, one document with citations and relations, parse a number.

Scope is ``Document.objects.readable_by`` (public documents, internal ones shared down or up by the owner); the
list's filters are the registry page's own (``documents.views.Filters``), so the API finds what the page finds.
"""

import datetime as dt
from typing import Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tuyengiao.api.common import Paginator, Rows, etag
from tuyengiao.api.errors import ApiError, ErrorOut
from tuyengiao.documents.models import Citation, Document, DocumentRelation
from tuyengiao.documents.views import SORTS, Filters
from tuyengiao.lib import doccode
from tuyengiao.units.models import names_at

router = Router(tags=["Văn bản"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
Sort = Literal["moi-nhat", "cu-nhat", "so-ky-hieu", "trich-yeu"]
assert set(SORTS) == {"moi-nhat", "cu-nhat", "so-ky-hieu", "trich-yeu"}  # the page's sorts


class DocumentOut(Schema):
    id: int
    code: str = Field(..., description="Số, ký hiệu dạng chuẩn (05-CT/TW, 17/CT-UBND).")
    number: int
    type_code: str
    type_name: str = Field(..., description="Loại văn bản (Chỉ thị, Kế hoạch…).")
    issuer_code: str = Field(..., description="Ký hiệu cơ quan ban hành (TW, TU, UBND…).")
    issuer: str = Field(..., description="Cơ quan ban hành: tên ghi trên văn bản hoặc tên đơn vị vào ngày ban hành.")
    issuer_unit: str | None = Field(None, description="Mã đơn vị ban hành, nếu có trong cây đơn vị.")
    owner: str = Field(..., description="Mã đơn vị quản lý bản ghi.")
    system: str = Field(..., description="party (văn bản của Đảng) hoặc state (của Nhà nước).")
    year: int | None
    issue_date: dt.date | None
    subject: str = Field(..., description="Trích yếu.")
    status: str = Field(..., description="in_force, expired, replaced.")
    visibility: str = Field(..., description="internal (nội bộ) hoặc public (công khai).")


class DocumentRef(Schema):
    id: int
    code: str
    subject: str


class CitationOut(Schema):
    code: str = Field(..., description="Số, ký hiệu được trích dẫn, dạng chuẩn.")
    raw: str = Field(..., description="Chữ như trong văn bản.")
    type_name: str
    cited_date: dt.date | None
    document: int | None = Field(None, description="Văn bản trong sổ (nếu tài khoản đọc được), theo id.")
    registered: bool = Field(..., description="Số này đã có trong sổ đăng ký chưa.")


class RelationOut(Schema):
    kind: str = Field(..., description="implements, replaces, amends, guides.")
    document: DocumentRef


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    sha256: str


class DocumentDetailOut(DocumentOut):
    summary: str
    full_text: str
    term: str
    fields: list[str] = Field(..., description="Mã các lĩnh vực.")
    replaced_by: int | None = Field(None, description="Văn bản thay thế (nếu tài khoản đọc được).")
    revision: int = Field(..., description="Phiên bản của bản ghi (ETag).")
    attachments: list[AttachmentOut]
    citations: list[CitationOut] = Field(..., description="Các số, ký hiệu văn bản này trích dẫn.")
    relations: list[RelationOut] = Field(..., description="Quan hệ từ văn bản này tới văn bản khác.")
    related_from: list[RelationOut] = Field(..., description="Văn bản (đọc được) có quan hệ tới văn bản này.")
    cited_by: list[DocumentRef] = Field(..., description="Văn bản (đọc được) trích dẫn văn bản này.")


class ParsedOut(Schema):
    canonical: str = Field(..., description="Dạng chuẩn của số, ký hiệu.")
    number: int
    number_text: str
    type: str = Field(..., description="Mã loại văn bản (CT, NQ, KH…).")
    type_name: str
    issuer: str
    year: int | None
    system: str
    documents: list[DocumentRef] = Field(..., description="Văn bản mang số này mà tài khoản đọc được.")


class DocumentFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Một số, ký hiệu (viết kiểu nào cũng được: 5-ct/tw) hoặc các từ tìm không dấu trong số, loại, "
        "cơ quan, trích yếu, tóm tắt, toàn văn.",
    )
    type: str = Field("", max_length=64, description="Loại văn bản, đúng như tên loại (Chỉ thị, Kế hoạch…).")
    issuer: str = Field("", max_length=200, description="Cơ quan ban hành: ký hiệu (TW), tên, hoặc tên đơn vị.")
    year: int | None = Field(None, ge=1900, le=2200, description="Năm trong số, ký hiệu (văn bản có năm).")
    field: str = Field("", max_length=32, description="Mã lĩnh vực.")
    status: Literal["in_force", "expired", "replaced"] | None = Field(None, description="Hiệu lực.")
    visibility: Literal["internal", "public"] | None = Field(None, description="Phạm vi.")
    sort: Sort = Field("moi-nhat", description="Sắp xếp: mới nhất, cũ nhất, số ký hiệu, trích yếu.")


def _issuers(documents: list[Document]) -> dict[int, str]:
    """The page's rule (``documents.views._issuer_labels``) in one query: the name given, else the issuer unit's
    name on the issue date, else the symbol."""
    day = timezone.localdate()
    found = names_at(
        (d.issuer_unit_id, d.issue_date or day) for d in documents if d.issuer_unit_id and not d.issuer_name
    )
    labels = {}
    for d in documents:
        label = d.issuer_name or (found.get((d.issuer_unit_id, d.issue_date or day), "") if d.issuer_unit_id else "")
        labels[d.pk] = label or d.issuer_code
    return labels


def _out(d: Document, issuer: str) -> dict[str, Any]:
    return {
        "id": d.pk,
        "code": d.code,
        "number": d.number,
        "type_code": d.type_code,
        "type_name": d.type_name,
        "issuer_code": d.issuer_code,
        "issuer": issuer,
        "issuer_unit": d.issuer_unit.key if d.issuer_unit is not None else None,
        "owner": d.owner.key,
        "system": d.system,
        "year": d.year,
        "issue_date": d.issue_date,
        "subject": d.subject,
        "status": d.status,
        "visibility": d.visibility,
    }


def _page(documents: list[Document]) -> list[dict[str, Any]]:
    issuers = _issuers(documents)
    return [_out(d, issuers[d.pk]) for d in documents]


def _ref(d: Document) -> dict[str, Any]:
    return {"id": d.pk, "code": d.code, "subject": d.subject}


@router.get(
    "/",
    response={200: list[DocumentOut], **ERRORS},
    summary="Sổ đăng ký văn bản: danh sách, tìm kiếm",
    description="Văn bản tài khoản đọc được (công khai, hoặc nội bộ của đơn vị mình, cấp trên chia sẻ xuống, cấp dưới "
    "gửi lên), lọc như trang Văn bản: `q` là số, ký hiệu (viết kiểu nào cũng được) hoặc từ khóa không dấu; "
    "`type`, `issuer`, `year`, `field`, `status`, `visibility`; `sort`.",
)
@paginate(Paginator)
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    page_filters = Filters(
        query=filters.q.strip(),
        type_name=filters.type.strip(),
        issuer=filters.issuer.strip(),
        year=filters.year,
        field=filters.field.strip(),
        status=filters.status or "",
        visibility=filters.visibility or "",
        sort=filters.sort,
    )
    documents = page_filters.apply(Document.objects.readable_by(request.user))
    return Rows(documents.select_related("owner", "issuer_unit"), _page)


@router.get(
    "/parse",
    response={200: ParsedOut, **ERRORS},
    summary="Đọc một số, ký hiệu văn bản",
    description="Tách số, ký hiệu (`05-CT/TW`, `5-ct/tw`, `17/CT-UBND`, `63/2010/QĐ-UBND`, `45/2019/QH14`) thành các "
    "phần theo HD 36 và Nghị định 30, kèm các văn bản mang số đó mà tài khoản đọc được. Số không đọc được: 422.",
)
def document_parse(request: HttpRequest, number: str = Query(..., max_length=200, description="Số, ký hiệu.")) -> Any:
    try:
        code = doccode.parse(number)
    except doccode.DocCodeError as exc:
        raise ApiError(
            422,
            "validation_error",
            _("Không đọc được số, ký hiệu văn bản."),
            [{"field": "number", "message": str(exc)}],
        ) from exc
    matches = Document.objects.readable_by(request.user).filter(code_key=Document.code_key_for(code))
    return {**code.as_dict(), "documents": [_ref(d) for d in matches.order_by("-issue_date", "pk")[:50]]}


@router.get(
    "/{document_id}",
    response={200: DocumentDetailOut, **ERRORS},
    summary="Một văn bản",
    description="Bản ghi văn bản với tóm tắt, toàn văn, tệp đính kèm (tên, loại, dung lượng), các số ký hiệu "
    "được trích dẫn (liên kết tới văn bản trong sổ nếu đọc được), quan hệ hai chiều và văn bản trích dẫn nó. "
    "Header `ETag` là phiên bản của bản ghi. Văn bản ngoài phạm vi: 404.",
)
def document_detail(request: HttpRequest, response: HttpResponse, document_id: int) -> Any:
    readable = Document.objects.readable_by(request.user)
    document = readable.select_related("owner", "issuer_unit").filter(pk=document_id).first()
    if document is None:
        raise ApiError(404, "not_found", _("Không tìm thấy văn bản."))
    kind = ContentType.objects.get_for_model(Document)
    citations = list(Citation.objects.filter(source_type=kind, source_id=document.pk).order_by("start"))
    relations_out = list(document.relations_out.select_related("target").order_by("kind", "target__code"))
    relations_in = list(
        DocumentRelation.objects.filter(target=document, source__in=readable.values("pk"))
        .select_related("source")
        .order_by("kind", "-source__issue_date")
    )
    linked = {c.document_id for c in citations if c.document_id} | {r.target_id for r in relations_out}
    if document.replaced_by_id:
        linked.add(document.replaced_by_id)
    readable_ids = set(readable.filter(pk__in=linked).values_list("pk", flat=True)) if linked else set()
    citing = Citation.objects.filter(document=document, source_type=kind).values("source_id")
    cited_by = readable.filter(pk__in=citing).exclude(pk=document.pk).order_by("-issue_date", "-number")[:200]
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.code_key, citation)
    response["ETag"] = etag(document)
    return {
        **_out(document, _issuers([document])[document.pk]),
        "summary": document.summary,
        "full_text": document.full_text,
        "term": document.term,
        "fields": list(document.fields.values_list("code", flat=True)),
        "replaced_by": document.replaced_by_id if document.replaced_by_id in readable_ids else None,
        "revision": document.revision,
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in document.attachments.all()
        ],
        "citations": [
            {
                "code": c.code,
                "raw": c.raw,
                "type_name": c.type_name,
                "cited_date": c.cited_date,
                "document": c.document_id if c.document_id in readable_ids else None,
                "registered": c.document_id is not None,
            }
            for c in seen.values()
        ],
        "relations": [
            {"kind": r.kind, "document": _ref(r.target)} for r in relations_out if r.target_id in readable_ids
        ],
        "related_from": [{"kind": r.kind, "document": _ref(r.source)} for r in relations_in],
        "cited_by": [_ref(d) for d in cited_by],
    }
