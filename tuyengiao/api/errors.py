"""One JSON shape for every error of the API: ``{"code": ..., "message": ..., "details": [...]}``.

``ApiError(status, code, message, details)`` is raised by endpoints and helpers; ``install(api)`` makes the
handlers that turn it, ninja's own errors (validation, authentication, throttling), ``Http404``, Django's
``ValidationError`` (a service's refusal), ``StaleEdit`` and anything unexpected into that shape.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from tuyengiao.lib.revision import StaleEdit

logger = logging.getLogger(__name__)

# code -> (HTTP status, what it means); docs/api.md prints this table.
CODES: dict[str, tuple[int, str]] = {
    "unauthenticated": (401, "Thiếu mã truy cập, hoặc mã sai, hết hạn, đã thu hồi, hoặc tài khoản đã bị khoá."),
    "forbidden": (403, "Đọc được bản ghi nhưng không có quyền làm thao tác này."),
    "not_found": (404, "Không có bản ghi này, hoặc bản ghi nằm ngoài phạm vi của tài khoản."),
    "method_not_allowed": (405, "Địa chỉ có trong API nhưng không nhận phương thức này (xem header Allow)."),
    "conflict": (409, "Thao tác không hợp với trạng thái hiện tại của bản ghi."),
    "stale": (412, "If-Match không khớp: bản ghi đã được người khác thay đổi."),
    "validation_error": (422, "Dữ liệu gửi lên không hợp lệ (xem details)."),
    "idempotency_conflict": (422, "Cùng Idempotency-Key nhưng nội dung gửi khác lần trước."),
    "precondition_required": (428, "Sửa một bản ghi đã có cần header If-Match."),
    "rate_limited": (429, "Gọi quá nhiều lần; chờ số giây trong Retry-After."),
    "server_error": (500, "Lỗi máy chủ."),
}


class ErrorDetail(Schema):
    field: str | None = None
    unit: str | None = None
    indicator: str | None = None
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    details: list[ErrorDetail] | None = None


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: Any,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.status = status
        self.code = code
        self.message = str(message)
        self.details = details
        self.headers = headers or {}


def not_found(message: Any = None) -> ApiError:
    return ApiError(404, "not_found", message or _("Không tìm thấy."))


def body(code: str, message: Any, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"code": code, "message": str(message)}
    if details:
        data["details"] = details
    return data


def respond(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: Any,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(request, body(code, message, details), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def validation_details(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A Django ValidationError (a form's or a service's) as details rows, messages unchanged."""
    rows: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    rows.append({"field": None if field == "__all__" else field, "message": str(message)})
    else:
        rows = [{"field": None, "message": str(message)} for message in error.messages]
    return rows


# Pydantic's English messages, by error type, in Vietnamese (``ctx`` fills the placeholders).
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "Thiếu giá trị bắt buộc.",
    "int_parsing": "Phải là một số nguyên.",
    "int_type": "Phải là một số nguyên.",
    "int_from_float": "Phải là một số nguyên.",
    "float_parsing": "Phải là một số.",
    "float_type": "Phải là một số.",
    "decimal_parsing": "Phải là một số.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "date_parsing": "Ngày phải có dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "Ngày phải có dạng YYYY-MM-DD.",
    "date_from_datetime_inexact": "Ngày phải có dạng YYYY-MM-DD.",
    "date_type": "Ngày phải có dạng YYYY-MM-DD.",
    "datetime_parsing": "Thời điểm phải có dạng ISO 8601 (YYYY-MM-DDTHH:MM:SS+07:00).",
    "datetime_from_date_parsing": "Thời điểm phải có dạng ISO 8601 (YYYY-MM-DDTHH:MM:SS+07:00).",
    "datetime_type": "Thời điểm phải có dạng ISO 8601 (YYYY-MM-DDTHH:MM:SS+07:00).",
    "string_type": "Phải là một chuỗi ký tự.",
    "string_too_short": "Phải có ít nhất {min_length} ký tự.",
    "string_too_long": "Dài quá {max_length} ký tự.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "enum": "Giá trị không hợp lệ; chọn một trong: {expected}.",
    "literal_error": "Giá trị không hợp lệ; chọn một trong: {expected}.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "json_invalid": "Nội dung gửi lên không phải JSON hợp lệ.",
    "too_short": "Danh sách quá ngắn (ít nhất {min_length} mục).",
    "too_long": "Danh sách quá dài (tối đa {max_length} mục).",
    "extra_forbidden": "Trường này không được phép.",
    "string_pattern_mismatch": "Giá trị không đúng dạng.",
    "value_error": "{error}",
}


def pydantic_message(error: dict[str, Any]) -> str:
    """A Vietnamese message for one pydantic error (its type decides; unknown types get a general one)."""
    template = PYDANTIC_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _("Giá trị không hợp lệ.")
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        text = template.format(**context)
    except (KeyError, IndexError):
        text = _("Giá trị không hợp lệ.")
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    return _(text) if text else _("Giá trị không hợp lệ.")


def _ninja_location(loc: Any) -> str | None:
    parts = [str(part) for part in (loc or []) if part not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or None


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(api, request, exc.status, exc.code, exc.message, exc.details, exc.headers)

    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = []
        for error in exc.errors:
            details.append({"field": _ninja_location(error.get("loc")), "message": pydantic_message(error)})
        return respond(api, request, 422, "validation_error", _("Dữ liệu gửi lên không hợp lệ."), details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            api,
            request,
            401,
            "unauthenticated",
            _("Cần mã truy cập hợp lệ trong header Authorization: Bearer <mã>."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(AuthorizationError)
    def unauthorized(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return respond(api, request, 403, "forbidden", _("Tài khoản không có quyền làm thao tác này."))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return respond(api, request, 429, "rate_limited", _("Gọi quá nhiều lần; hãy thử lại sau."))

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(api, request, 404, "not_found", _("Không tìm thấy."))

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(api, request, 403, "forbidden", str(exc) or _("Tài khoản không có quyền làm thao tác này."))

    @api.exception_handler(StaleEdit)
    def stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
        return respond(api, request, 412, "stale", str(exc))

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(
            api, request, 422, "validation_error", _("Dữ liệu gửi lên không hợp lệ."), validation_details(exc)
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        """ninja's own HttpErrors (English texts): the one shape, in Vietnamese. A body that cannot be parsed (400
        in ninja) is a ``validation_error`` (422) like every other refused input."""
        if exc.status_code == 400:
            return respond(
                api,
                request,
                422,
                "validation_error",
                _("Nội dung gửi lên không đọc được (cần JSON hợp lệ, Content-Type: application/json)."),
            )
        known = {
            401: ("unauthenticated", _("Cần mã truy cập hợp lệ.")),
            403: ("forbidden", _("Tài khoản không có quyền làm thao tác này.")),
            404: ("not_found", _("Không tìm thấy.")),
            409: ("conflict", _("Thao tác không hợp với trạng thái hiện tại của bản ghi.")),
            429: ("rate_limited", _("Gọi quá nhiều lần; hãy thử lại sau.")),
        }
        code, message = known.get(exc.status_code, ("validation_error", _("Yêu cầu không hợp lệ.")))
        return respond(api, request, exc.status_code, code, message)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(api, request, 500, "server_error", _("Lỗi máy chủ; sự cố đã được ghi lại."))
