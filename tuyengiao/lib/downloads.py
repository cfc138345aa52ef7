"""Every file the platform hands out: one ``Content-Disposition`` with a readable Vietnamese name.

``attachment(content, filename, content_type)`` is the response of every export and paper;
``file_attachment(handle, filename, content_type)`` the streamed response of a stored file (an
attachment, a speech, evidence). Both write the header through ``disposition``:

    attachment; filename="bao-cao-bc01-2025q3-tinh-uy-dak-lak.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o…

* ``filename*`` (RFC 5987 / RFC 6266) carries the real name, tones and "Đ" included, percent-encoded UTF-8:
  every current browser uses it.
* ``filename`` is the ASCII fallback for the clients that do not: the name folded (tones removed, "Đ/đ" → "d",
  which plain ASCII folding drops, so "Đắk Lắk" once became "ak-lak"), lower case, words joined by "-".

Names are built from titles, codes, unit names and dates (``filename(*parts, ext=…)``), never from raw
database ids. Control characters, path separators and quotes are removed from the name first, so a title
typed by a user cannot break the header or point elsewhere.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import IO, Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

from tuyengiao.lib.text import fold

__all__ = ["DOCX", "PDF", "XLSX", "ascii_fallback", "attachment", "disposition", "file_attachment", "filename"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

# Longest name we hand out (without the extension); long titles are cut at a word.
MAX_NAME = 120

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"<>:|?*]+')
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text))
    return _SPACES.sub(" ", _UNSAFE.sub(" ", text)).strip(" .")


def _split(name: str) -> tuple[str, str]:
    stem, ext = os.path.splitext(name)
    if not re.fullmatch(r"\.[A-Za-z0-9]{1,8}", ext):
        return name, ""
    return stem, ext.lower()


def _cut(stem: str) -> str:
    if len(stem) <= MAX_NAME:
        return stem
    cut = stem[:MAX_NAME]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def filename(*parts: object, ext: str = "") -> str:
    """A readable file name from the non-empty ``parts`` joined by " - ": ``filename("Giấy mời", meeting.title,
    ext="docx")`` → "Giấy mời - Hội nghị sơ kết công tác tuyên giáo.docx"."""
    stem = " - ".join(cleaned for part in parts if part is not None and (cleaned := _clean(str(part))))
    suffix = ext.lstrip(".").lower()
    return f"{_cut(stem) or 'tep'}.{suffix}" if suffix else _cut(stem) or "tep"


def ascii_fallback(name: str) -> str:
    """The ASCII ``filename`` parameter: "Tỉnh ủy Đắk Lắk.xlsx" → "tinh-uy-dak-lak.xlsx"."""
    stem, ext = _split(_clean(name))
    slug = _NOT_WORD.sub("-", fold(stem)).strip("-")
    return f"{slug or 'tep'}{ext}"


def disposition(name: str, *, inline: bool = False) -> str:
    """The ``Content-Disposition`` value: the ASCII fallback, then the real name (RFC 6266, appendix D)."""
    cleaned = _clean(name) or "tep"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(cleaned)}\"; filename*=UTF-8''{quote(cleaned, safe='')}"


def attachment(content: bytes | str, name: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A response that downloads ``content`` as ``name``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(name, inline=inline)
    return response


def file_attachment(handle: IO[bytes] | Any, name: str, content_type: str | None = None) -> FileResponse:
    """A streamed response of a stored file under ``name`` (its original name, or one built by ``filename``)."""
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = disposition(name)
    return response
