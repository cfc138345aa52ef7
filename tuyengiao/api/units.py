"""Units as of a date: search, one unit, its children, its lineage (docs/api.md "Đơn vị").

Read scope is the pages' (``accounts.scoping``): the list is ``scoping.versions(user, date)``, a unit answers only
when ``scoping.get_unit_or_404`` lets the user open its page; anything else is 404.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.api.common import Paginator, Rows, today
from tuyengiao.api.errors import ApiError, ErrorOut
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Level, Unit, UnitLink, UnitVersion, UnitVersionQuerySet, names

router = Router(tags=["Đơn vị"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class UnitRef(Schema):
    key: str = Field(..., description="Mã ổn định của đơn vị (ví dụ p:66).")
    name: str = Field(..., description="Tên của đơn vị vào ngày đang xem.")


class UnitOut(Schema):
    key: str = Field(..., description="Mã ổn định của đơn vị (ví dụ p:66, c2025:24123).")
    name: str = Field(..., description="Tên tổ chức vào ngày đang xem.")
    area_name: str = Field(..., description="Tên địa bàn (đơn vị hành chính) vào ngày đang xem.")
    short_name: str
    level: str = Field(..., description="Cấp: central, province, district, commune.")
    kind: str = Field(..., description="Loại: party_committee, affiliated_party_committee, commission, …")
    code: str = Field(..., description="Mã hành chính (GSO), nếu có.")
    parent: str | None = Field(None, description="Mã của đơn vị cấp trên vào ngày đang xem.")
    valid_from: dt.date | None = Field(None, description="Phiên bản này có hiệu lực từ ngày (rỗng: từ trước).")
    valid_to: dt.date | None = Field(None, description="Hết hiệu lực từ ngày (rỗng: đến nay).")
    children: int = Field(..., description="Số đơn vị trực thuộc vào ngày đang xem.")


class VersionOut(Schema):
    valid_from: dt.date | None
    valid_to: dt.date | None
    name: str
    area_name: str
    short_name: str
    parent: str | None


class UnitDetailOut(Schema):
    key: str
    level: str
    kind: str
    code: str
    date: dt.date = Field(..., description="Ngày đang xem.")
    exists_on_date: bool = Field(..., description="Đơn vị có tồn tại vào ngày đang xem không.")
    name: str = Field(..., description="Tên vào ngày đang xem (đơn vị không còn: tên cuối cùng).")
    area_name: str
    parent: str | None
    path: list[UnitRef] = Field(..., description="Các cấp trên vào ngày đang xem, từ trên xuống (chỉ đơn vị đọc được).")
    children: int
    versions: list[VersionOut] = Field(..., description="Mọi phiên bản (tên, cấp trên) theo thời gian.")


class LinkOut(Schema):
    key: str
    name: str = Field(..., description="Tên cuối cùng (tiền thân) hoặc tên đầu tiên (kế thừa) của đơn vị.")
    date: dt.date = Field(..., description="Ngày hiệu lực của việc sắp xếp.")
    event: str = Field(..., description="Loại sắp xếp: merge, split, rename, move, dissolve, create.")
    share: str = Field(..., description="whole (toàn bộ) hoặc part (một phần).")
    readable: bool = Field(..., description="Tài khoản có đọc được đơn vị này không.")


class LineageOut(Schema):
    key: str
    predecessors: list[LinkOut] = Field(..., description="Tiền thân trực tiếp.")
    successors: list[LinkOut] = Field(..., description="Đơn vị kế thừa trực tiếp.")
    all_predecessors: list[str] = Field(..., description="Mọi tiền thân (bắc cầu), theo mã.")
    all_successors: list[str] = Field(..., description="Mọi đơn vị kế thừa (bắc cầu), theo mã.")


class UnitFilters(Schema):
    date: dt.date | None = Field(None, description="Ngày xem cây đơn vị (YYYY-MM-DD; mặc định hôm nay).")
    q: str = Field("", max_length=200, description="Tìm theo tên, địa bàn, mã (không phân biệt dấu).")
    level: Level | None = Field(None, description="Chỉ lấy một cấp.")
    kind: Kind | None = Field(None, description="Chỉ lấy một loại đơn vị.")


def unit_or_404(request: HttpRequest, key: str, date: dt.date | None = None) -> Unit:
    """The unit with ``key`` if the user may open its page (``scoping.get_unit_or_404``), else 404."""
    unit = Unit.objects.filter(key=key).first()
    missing = ApiError(404, "not_found", _("Không tìm thấy đơn vị."))
    if unit is None:
        raise missing
    try:
        return scoping.get_unit_or_404(request.user, unit.pk, Capability.READ, date)
    except Exception as exc:
        raise missing from exc


def _rows(versions: UnitVersionQuerySet, date: dt.date) -> QuerySet[UnitVersion]:
    """``versions`` in the official order, each with ``children``: the units under it on ``date`` (a subquery)."""
    counts = (
        UnitVersion.objects.as_of(date)
        .filter(parent_id=OuterRef("unit_id"))
        .values("parent_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    children = Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    return versions.select_related("unit", "parent").in_tree_order().annotate(children=children)


def _out(version: UnitVersion) -> dict[str, Any]:
    return {
        "key": version.unit.key,
        "name": version.name,
        "area_name": version.area_name,
        "short_name": version.short_name,
        "level": version.unit.level,
        "kind": version.unit.kind,
        "code": version.unit.code,
        "parent": version.parent.key if version.parent is not None else None,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "children": getattr(version, "children", 0),
    }


def _page(versions: list[UnitVersion]) -> list[dict[str, Any]]:
    return [_out(v) for v in versions]


@router.get(
    "/",
    response={200: list[UnitOut], **ERRORS},
    summary="Danh sách, tìm kiếm đơn vị vào một ngày",
    description="Các đơn vị tài khoản đọc được, như cây đơn vị đứng vào ngày `date`, theo thứ tự chính thức "
    "(cấp trên trước, rồi mã hành chính). `q` tìm không phân biệt dấu trong tên, tên địa bàn và mã, mọi từ phải "
    "có mặt (như ô tìm kiếm của trang Đơn vị).",
)
@paginate(Paginator)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    date = filters.date or today()
    versions = scoping.versions(request.user, date)
    if filters.q.strip():
        versions = versions.search(filters.q)
    if filters.level:
        versions = versions.filter(unit__level=filters.level)
    if filters.kind:
        versions = versions.filter(unit__kind=filters.kind)
    return Rows(_rows(versions, date), _page)


@router.get(
    "/{key}",
    response={200: UnitDetailOut, **ERRORS},
    summary="Một đơn vị",
    description="Đơn vị theo mã ổn định `key`: tên, cấp trên và các cấp trên vào ngày `date` (mặc định hôm nay), "
    "mọi phiên bản theo thời gian. Đơn vị ngoài phạm vi của tài khoản trả về 404.",
)
def unit_detail(request: HttpRequest, key: str, date: dt.date | None = None) -> dict[str, Any]:
    unit = unit_or_404(request, key)
    day = date or today()
    versions = list(unit.versions.select_related("parent").chronological())
    current = next((v for v in versions if v.covers(day)), None)
    shown = current or versions[-1]
    path: list[dict[str, str]] = []
    if current is not None:
        chain = tree.ancestors(unit, day)
        readable = scoping.readable_unit_ids(request.user, {v.unit_id for v in chain})
        path = [{"key": v.unit.key, "name": v.name} for v in chain if v.unit_id in readable]
    return {
        "key": unit.key,
        "level": unit.level,
        "kind": unit.kind,
        "code": unit.code,
        "date": day,
        "exists_on_date": current is not None,
        "name": shown.name,
        "area_name": shown.area_name,
        "parent": shown.parent.key if shown.parent is not None else None,
        "path": path,
        "children": UnitVersion.objects.as_of(day).filter(parent_id=unit.pk).count(),
        "versions": [
            {
                "valid_from": v.valid_from,
                "valid_to": v.valid_to,
                "name": v.name,
                "area_name": v.area_name,
                "short_name": v.short_name,
                "parent": v.parent.key if v.parent is not None else None,
            }
            for v in versions
        ],
    }


@router.get(
    "/{key}/children",
    response={200: list[UnitOut], **ERRORS},
    summary="Các đơn vị trực thuộc vào một ngày",
    description="Các đơn vị trực thuộc `key` như cây đứng vào ngày `date` (mặc định hôm nay), trong phạm vi đọc của "
    "tài khoản. Đơn vị `key` phải đọc được vào ngày đó, nếu không trả về 404.",
)
@paginate(Paginator)
def unit_children(request: HttpRequest, key: str, date: dt.date | None = None) -> Any:
    day = date or today()
    unit = unit_or_404(request, key, day)
    return Rows(_rows(scoping.versions(request.user, day).filter(parent_id=unit.pk), day), _page)


def _links(links: list[UnitLink], attr: str, readable: set[int], first: bool) -> list[dict[str, Any]]:
    rows = []
    for link in links:
        other: Unit = getattr(link, attr)
        # A predecessor by its last name (before the event), a successor by its name on the event's day.
        day = link.event.date - dt.timedelta(days=1) if not first else link.event.date
        rows.append(
            {
                "key": other.key,
                "name": names([other.pk], day).get(other.pk, ""),
                "date": link.event.date,
                "event": link.event.kind,
                "share": link.share,
                "readable": other.pk in readable,
            }
        )
    return rows


@router.get(
    "/{key}/lineage",
    response={200: LineageOut, **ERRORS},
    summary="Quan hệ kế thừa của đơn vị",
    description="Tiền thân và đơn vị kế thừa qua các lần sắp xếp (sáp nhập, chia tách…): trực tiếp, với ngày và "
    "loại sắp xếp, và mọi tiền thân, kế thừa bắc cầu. `readable` cho biết tài khoản có mở được đơn vị đó không.",
)
def unit_lineage(request: HttpRequest, key: str) -> dict[str, Any]:
    unit = unit_or_404(request, key)
    predecessors = list(unit.predecessor_links.select_related("predecessor", "event").order_by("event__date", "pk"))
    successors = list(unit.successor_links.select_related("successor", "event").order_by("event__date", "pk"))
    back = tree.lineage_ids([unit.pk], "back")
    forward = tree.lineage_ids([unit.pk], "forward")
    keys = dict(Unit.objects.filter(pk__in=back | forward).values_list("pk", "key"))
    readable = scoping.readable_unit_ids(
        request.user, {link.predecessor_id for link in predecessors} | {link.successor_id for link in successors}
    )
    return {
        "key": unit.key,
        "predecessors": _links(predecessors, "predecessor", readable, first=False),
        "successors": _links(successors, "successor", readable, first=True),
        "all_predecessors": sorted(keys[pk] for pk in back if pk in keys),
        "all_successors": sorted(keys[pk] for pk in forward if pk in keys),
    }
