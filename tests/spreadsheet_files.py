"""Hostile and broken spreadsheets, shared by the tests of both imports (documents and reports)."""

from __future__ import annotations

import io
import zipfile

from tuyengiao.lib import spreadsheets


def zip_bomb() -> bytes:
    """A few kB that expand to more than ``MAX_RATIO`` times their size (a real bomb goes on to gigabytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (4 * 1024 * 1024) + b"/>")
    return out.getvalue()


def many_entries() -> bytes:
    """A small ZIP of more members than any workbook has."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for index in range(spreadsheets.MAX_ENTRIES + 1):
            archive.writestr(f"xl/media/{index}.xml", "")
    return out.getvalue()


def oversized() -> bytes:
    return b"PK\x03\x04" + b"0" * (spreadsheets.MAX_BYTES + 10)


BROKEN = b"PK\x03\x04 half a zip"
