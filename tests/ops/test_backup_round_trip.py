"""The whole round trip, as an IT officer runs it: a database (units with their history, an account, a
document with an attached file) is backed up with ``manage.py backup``, restored with ``manage.py restore``
into an empty database in another data folder, and every row and every file comes back identical.

It runs the commands in subprocesses on their own SQLite files: SQLite's online backup cannot run inside the
transaction that wraps each ordinary test."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
import datetime as dt
from django.core.files.uploadedfile import SimpleUploadedFile
from tuyengiao.accounts.models import Membership, Role, User
from tuyengiao.documents import services
from tuyengiao.documents.models import Document
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

province = Unit.objects.create(key="p:66", level=Level.PROVINCE, kind=Kind.PARTY_COMMITTEE, code="66")
UnitVersion.objects.create(unit=province, name="Đảng bộ tỉnh Đắk Lắk", area_name="Tỉnh Đắk Lắk")
commission = Unit.objects.create(key="com:p:66", level=Level.PROVINCE, kind=Kind.COMMISSION)
UnitVersion.objects.create(
    unit=commission, parent=province, name="Ban Tuyên giáo Tỉnh ủy Đắk Lắk", valid_to=dt.date(2025, 3, 1)
)
UnitVersion.objects.create(
    unit=commission, parent=province, name="Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk", valid_from=dt.date(2025, 3, 1)
)
user = User.objects.create_user("chuyenvien", password="TuyenGiao@2025", full_name="Trần Thị Bình")
Membership.objects.create(user=user, unit=commission, role=Role.SPECIALIST)
document = Document(owner=commission, issuer_unit=commission, issue_date=dt.date(2025, 9, 1), subject="Kế hoạch")
document.set_code("12-KH/BTGDVTU")
services.save_document(document)
services.add_attachment(document, SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\\n%%EOF\\n"), user)
"""
DUMP = (
    "from django.core.management import call_command; "
    "call_command('dumpdata', format='jsonfull', exclude=['contenttypes', 'auth.permission', 'sessions', 'ops'], "
    "indent=0, "
    "output='{out}', natural_foreign=True, natural_primary=True)"
)


def manage(data_dir: Path, *args: str) -> str:
    env = {
        **os.environ,
        "TG_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "DJANGO_SETTINGS_MODULE": "tuyengiao.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def files(media: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file_identical(tmp_path: Path) -> None:
    source, target = tmp_path / "nguon", tmp_path / "dich"
    manage(source, "migrate", "--no-input", "-v0")
    manage(source, "shell", "-c", SETUP)
    out = manage(source, "backup", "--output", str(tmp_path / "sao-luu"))
    archive = Path(out.strip().splitlines()[-1])
    assert archive.exists() and archive.name.startswith("tuyengiao-backup-")

    manage(target, "migrate", "--no-input", "-v0")
    manage(target, "restore", str(archive))
    for folder in (source, target):
        manage(folder, "shell", "-c", DUMP.format(out=folder / "dump.json"))
    assert (source / "dump.json").read_bytes() == (target / "dump.json").read_bytes()
    restored = files(target / "media")
    assert restored == files(source / "media") and any(name.endswith(".pdf") for name in restored)

    # A restore never overwrites: the filled database refuses a second one, and changes nothing.
    refused = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env={**os.environ, "TG_DATA_DIR": str(target), "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode != 0 and "đã có dữ liệu" in refused.stderr
