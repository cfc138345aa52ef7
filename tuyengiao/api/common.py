"""Helpers shared by the routers: ETags and If-Match, idempotency keys, pagination, dates.

* ``etag(obj)``: a record's ETag is its ``revision`` (lib/revision.py), quoted: ``"7"``. A detail GET sets it
  (``set_etag``); an update sends it back in ``If-Match``.
* ``require_if_match(request, current_revision)``: 428 ``precondition_required`` without If-Match, 412 ``stale``
  when it names another revision; returns the revision to pass to ``lock_and_bump`` (which checks again under
  the row lock, so a race between the two answers ``stale`` too).
* ``idempotent(request, key_scope, handler)``: a POST with an ``Idempotency-Key`` header runs ``handler`` once;
  the first answer (status and JSON body) is stored with a hash of the request body; the same key with the same
  body replays it, with another body answers 422 ``idempotency_conflict``. Without the header the handler runs.
* ``Paginator``: ``?limit=&offset=`` (limit 1..500, default 50), answer ``{"count": n, "items": [...]}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from tuyengiao.api.errors import ApiError
from tuyengiao.api.models import IdempotencyKey

MAX_LIMIT = 500
DEFAULT_LIMIT = 50


# --- ETags -----------------------------------------------------------------------------------------------------


def etag(obj: Any) -> str:
    """The ETag of a record with a ``revision`` column (or of a bare revision number)."""
    revision = obj if isinstance(obj, int) else obj.revision
    return f'"{int(revision)}"'


def set_etag(response: HttpResponse, obj: Any) -> HttpResponse:
    response["ETag"] = etag(obj)
    return response


def parse_if_match(value: str) -> int | None:
    text = value.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip().strip('"').strip()
    return int(text) if text.isdigit() else None


def require_if_match(request: HttpRequest, current_revision: int) -> int:
    """The revision the client saw (from If-Match), checked against ``current_revision``."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise ApiError(
            428,
            "precondition_required",
            _("Sửa bản ghi cần header If-Match mang ETag của lần đọc gần nhất (GET bản ghi để lấy ETag)."),
        )
    seen = parse_if_match(header)
    if seen is None or seen != int(current_revision):
        raise ApiError(
            412,
            "stale",
            _("Bản ghi đã được người khác thay đổi sau lần đọc của bạn (ETag hiện tại: %(etag)s). Chưa lưu gì.")
            % {"etag": etag(current_revision)},
        )
    return seen


# --- Idempotency -----------------------------------------------------------------------------------------------


def body_hash(request: HttpRequest) -> str:
    return hashlib.sha256(request.body or b"").hexdigest()


def _to_response(status: int, data: Any) -> HttpResponse:
    return JsonResponse(data, status=status, safe=False, encoder=DjangoJSONEncoder)


def idempotent(request: HttpRequest, key_scope: str, handler: Callable[[], tuple[int, Any]]) -> HttpResponse:
    """Run ``handler`` (returning ``(status, json-able body)``) at most once per ``Idempotency-Key``.

    ``key_scope`` names what the key is for (e.g. ``"report-submit:<report id>"``): the same key may be reused for
    another resource. Only successful answers (status < 400) are stored: a refused submission may be corrected
    and sent again under the same key. An ``ApiError`` raised by ``handler`` passes through unchanged.
    """
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if not key:
        status, data = handler()
        return _to_response(status, data)
    if len(key) > 200:
        raise ApiError(
            422,
            "validation_error",
            _("Idempotency-Key dài quá 200 ký tự."),
            [{"field": "Idempotency-Key", "message": _("Tối đa 200 ký tự.")}],
        )
    user_id = int(request.user.pk or 0)
    digest = body_hash(request)
    stored = IdempotencyKey.objects.filter(user_id=user_id, scope=key_scope, key=key).first()
    if stored is not None:
        return _replay(stored, digest)
    status, data = handler()
    response = _to_response(status, data)
    if status < 400:
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(
                    user_id=user_id,
                    scope=key_scope,
                    key=key,
                    body_hash=digest,
                    status_code=status,
                    response_body=response.content.decode("utf-8"),
                    created_at=timezone.now(),
                )
        except IntegrityError:  # a concurrent call with the same key stored its answer first
            stored = IdempotencyKey.objects.get(user_id=user_id, scope=key_scope, key=key)
            return _replay(stored, digest)
    return response


def _replay(stored: IdempotencyKey, digest: str) -> HttpResponse:
    if stored.body_hash != digest:
        raise ApiError(
            422,
            "idempotency_conflict",
            _("Idempotency-Key này đã được dùng cho một lần gửi có nội dung khác. Hãy dùng một khoá mới."),
        )
    response = HttpResponse(stored.response_body, status=stored.status_code, content_type="application/json")
    response["Idempotent-Replayed"] = "true"
    return response


# --- Pagination ------------------------------------------------------------------------------------------------


class Paginator(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số mục tối đa trả về (1–500).")
        offset: int = Field(0, ge=0, le=10_000_000, description="Bỏ qua bao nhiêu mục đầu.")

    class Output(Schema):
        count: int = Field(..., description="Tổng số mục (mọi trang).")
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet[Any] | list[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {"count": self._items_count(queryset), "items": queryset[offset : offset + limit]}  # type: ignore[arg-type]


class Rows:
    """A queryset that ``Paginator`` counts and slices in SQL; the rows of one page go through ``convert`` (a
    list of rows in, a list of dicts for the response schema out; it may look up names for the whole page in one
    query), so a list costs a bounded number of queries whatever its length."""

    def __init__(self, queryset: QuerySet[Any], convert: Callable[[list[Any]], list[Any]]) -> None:
        self.queryset = queryset
        self.convert = convert

    def all(self) -> QuerySet[Any]:
        return self.queryset

    def __getitem__(self, index: slice) -> list[Any]:
        return self.convert(list(self.queryset[index]))


# --- Dates -----------------------------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def dump(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
