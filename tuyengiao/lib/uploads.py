"""Stop oversized uploads while they stream in, not after they fill the disk.

Django writes an upload to a temporary file before any view can look at it.
``LimitedUploadHandler`` runs first in ``FILE_UPLOAD_HANDLERS``: once a file
passes ``TG_MAX_UPLOAD_MB`` it is skipped (the rest of its bytes are read and
thrown away, the other form fields still arrive, so CSRF and the form work) and
its name is remembered on the request. Views then show the clear message from
``too_large_message``. A front proxy should still cap whole requests
(e.g. nginx ``client_max_body_size``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext


def limit_bytes() -> int:
    return int(settings.TG_MAX_UPLOAD_MB) * 1024 * 1024


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.content_length and self.content_length > limit_bytes():
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > limit_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self) -> None:
        refused = self.request.__dict__.setdefault("tg_refused_uploads", [])
        refused.append(self.file_name or "")
        raise SkipFile()


def too_large_message(request: HttpRequest) -> str | None:
    """The Vietnamese message for files the handler refused, or None."""
    refused = request.__dict__.get("tg_refused_uploads")
    if not refused:
        return None
    return gettext("Tệp “%(name)s” quá lớn; giới hạn là %(limit)d MB. Không có gì được lưu.") % {
        "name": ", ".join(refused),
        "limit": settings.TG_MAX_UPLOAD_MB,
    }


def refused_in_form(request: HttpRequest, form: Any, field: str = "file") -> bool:
    """True when the handler refused a file of this request; ``form`` then shows that message alone on
    ``field`` (not also "Trường này là bắt buộc." for the file that never arrived)."""
    refused = too_large_message(request)
    if refused is None:
        return False
    form.is_valid()  # the other fields' errors, as usual
    form.errors[field] = form.error_class([refused])
    return True
