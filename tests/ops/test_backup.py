"""Restore checks an archive before it writes anything (the full round trip: test_backup_round_trip.py)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def archive(path: Path, data: bytes, claimed_sha256: str) -> Path:
    manifest = {"format": 1, "data_sha256": claimed_sha256, "files": {}, "migrations": [], "counts": {}}
    with tarfile.open(path, "w") as tar:
        for name, content in (("data.json.gz", data), ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def test_restore_refuses_a_damaged_archive_before_writing_anything(tmp_path: Path) -> None:
    data = gzip.compress(b"[]")
    damaged = archive(tmp_path / "damaged.tar", data, hashlib.sha256(b"something else").hexdigest())
    with pytest.raises(CommandError, match="không khớp mã kiểm tra"):
        call_command("restore", str(damaged), verbosity=0)


def test_restore_refuses_a_database_that_has_data(personas: object, tmp_path: Path) -> None:
    data = gzip.compress(b"[]")
    good = archive(tmp_path / "good.tar", data, hashlib.sha256(data).hexdigest())
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(good), verbosity=0)


def test_restore_refuses_paths_outside_the_upload_folder(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("restore", str(evil), verbosity=0)
