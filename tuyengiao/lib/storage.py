"""Uploaded files on disk, and what happens when the disk is full or the database is away.

``UploadStorage`` is Django's ``FileSystemStorage`` that never leaves half a file: when writing fails (a full
disk, a quota) the partial file is removed and ``StorageFull`` — a ``ValidationError`` with a Vietnamese
message — is raised inside the service's transaction, so the rows of the upload roll back with it and a form
shows the message. ``ServiceUnavailableMiddleware`` answers what no view expects, in Vietnamese and with
nothing written: a full disk anywhere (507), a database that does not answer (503, e.g. while PostgreSQL
restarts; the next request reconnects, ``CONN_HEALTH_CHECKS``).
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FULL = {errno.ENOSPC, errno.EDQUOT}


def storage_full_message() -> str:
    return _("Máy chủ đã hết dung lượng lưu trữ: tệp và thay đổi của bạn chưa được lưu. Hãy báo quản trị viên.")


class StorageFull(ValidationError):
    def __init__(self) -> None:
        super().__init__(storage_full_message(), code="storage_full")


class UploadStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        existed = os.path.exists(path)
        try:
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError as error:
            if not existed and os.path.exists(path):
                os.remove(path)  # never half a file
            if error.errno in FULL:
                logger.error("Không ghi được tệp tải lên %s: %s", name, error)
                raise StorageFull() from error
            raise


def _is_disk_full(exception: BaseException) -> bool:
    if isinstance(exception, StorageFull):
        return True
    if isinstance(exception, OSError) and exception.errno in FULL:
        return True
    text = str(exception).lower()
    return isinstance(exception, OperationalError) and ("disk is full" in text or "no space left" in text)


def _is_database_away(exception: BaseException) -> bool:
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    text = str(exception).lower()
    return any(
        words in text
        for words in (
            "connection refused",
            "could not connect",
            "server closed the connection",
            "terminating connection",
            "the database system is",
            "connection already closed",
            "database is locked",
        )
    )


class ServiceUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _is_disk_full(exception):
            status, message = 507, storage_full_message()
        elif _is_database_away(exception):
            logger.error("Cơ sở dữ liệu không trả lời: %s", exception)
            status = 503
            message = _(
                "Cơ sở dữ liệu tạm thời không trả lời (có thể đang khởi động lại): thao tác của bạn chưa được "
                "thực hiện và không có gì được ghi. Hãy thử lại sau ít phút."
            )
        else:
            return None
        html = render_to_string("unavailable.html", {"message": message}, request=None)
        response = HttpResponse(html, status=status)
        if status == 503:
            response["Retry-After"] = "30"
        return response
