"""The open API, version 1, mounted at ``/api/v1/`` (docs/api.md).

Every operation needs a bearer token (``auth.TokenAuth``); the interactive docs (``/api/v1/docs``) and the
OpenAPI schema (``/api/v1/openapi.json``) are open. Swagger UI comes from django-ninja's own static files (no CDN)
and runs under the site's strict Content-Security-Policy: its settings sit in a ``type="application/json"``
block, its code in static files.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from tuyengiao.api import errors
from tuyengiao.api.auth import TokenAuth

DESCRIPTION = """API mở của Tuyên giáo số: đọc (và ghi ở những chỗ các trang cho phép) dữ liệu đơn vị, văn bản,
báo cáo định kỳ, hội nghị, nhiệm vụ, quán triệt, thi đua khen thưởng.

* Xác thực: header `Authorization: Bearer <mã truy cập>`. Mã tạo ở trang "Mã truy cập API" trong tài khoản.
* Phạm vi: đúng như trên các trang; bản ghi ngoài phạm vi trả về 404.
* Lỗi: luôn có dạng `{"code": ..., "message": ..., "details": [...]}`.
* Ngày: `YYYY-MM-DD`; đơn vị: theo mã ổn định `key` (ví dụ `p:66`).

Hướng dẫn đầy đủ: docs/api.md."""


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """The view function's name (``unit_list``, ``task_update``): short ids for generated clients and the
        isolation table of tests/api/test_isolation.py. Names are unique across the routers (a test checks)."""
        return str(operation.view_func.__name__)


api = Api(
    title="Tuyên giáo số – API v1",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
errors.install(api)


def _add_routers() -> None:
    from tuyengiao.api import awards, dissemination, documents, meetings, reports, tasks, units

    api.add_router("/units", units.router)
    api.add_router("/documents", documents.router)
    api.add_router("/meetings", meetings.router)
    api.add_router("/tasks", tasks.router)
    api.add_router("/dissemination", dissemination.router)
    api.add_router("/awards", awards.router)
    api.add_router("/reports", reports.router)


_add_routers()
