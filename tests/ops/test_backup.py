"""Backup and restore: a backup restored into an empty database gives back every record and file."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tuyengiao.documents import services
from tuyengiao.documents.models import Document
from tuyengiao.ops import backup as ops_backup

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def everything(tmp_path: Path, name: str) -> list[dict[str, Any]]:
    """Every row the backup covers, as Django serialises it (sorted by model and key)."""
    target = tmp_path / name
    ops_backup._dump("default", target)
    return json.loads(gzip.decompress(target.read_bytes()))


def test_a_backup_restored_into_an_empty_database_gives_back_every_record_and_file(
    personas: Any, media: Path, tmp_path: Path
) -> None:
    document = Document(owner=personas.province, issue_date=dt.date(2025, 8, 1), subject="Kế hoạch sao lưu")
    document.set_code("12-KH/TU")
    document = services.save_document(document)
    attachment = services.add_attachment(document, SimpleUploadedFile("ke-hoach.pdf", PDF), personas.specialist)
    stored = Path(attachment.file.path)
    before = everything(tmp_path, "before.json.gz")

    archive = ops_backup.backup(tmp_path / "backups", log=lambda _m: None)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["counts"]["documents.Document"] >= 1
    assert manifest["counts"]["units.Unit"] > 15000
    relative = stored.relative_to(media).as_posix()
    assert manifest["files"][relative]["size"] == len(PDF)

    # An empty database and an empty upload folder, as on a new server.
    call_command("flush", interactive=False, verbosity=0)
    stored.unlink()
    assert not Document.objects.exists()

    call_command("restore", str(archive), verbosity=0)
    assert everything(tmp_path, "after.json.gz") == before
    assert stored.read_bytes() == PDF


def test_restore_refuses_a_database_that_has_data(personas: Any, media: Path, tmp_path: Path) -> None:
    archive = ops_backup.backup(tmp_path / "backups", log=lambda _m: None)
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive), verbosity=0)


def test_restore_refuses_a_damaged_archive_before_writing_anything(media: Path, tmp_path: Path) -> None:
    archive = ops_backup.backup(tmp_path / "backups", log=lambda _m: None)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "data.json.gz":
                content = content[:-10] + b"0123456789"
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(CommandError, match="không khớp mã kiểm tra"):
        call_command("restore", str(damaged), verbosity=0)


def test_restore_refuses_paths_outside_the_upload_folder(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("restore", str(evil), verbosity=0)
