"""Backup and restore: the database and the uploaded files, consistent, in one archive with a manifest.

An archive (``tuyengiao-backup-YYYYmmdd-HHMMSS.tar``) holds:

* ``data.json.gz``: every row of every model (Django's JSON serialisation with datetimes to the microsecond,
  ``ops.serializer``; natural keys for content types and permissions, which ``migrate`` recreates), taken
  from one consistent snapshot: PostgreSQL in a REPEATABLE
  READ transaction, SQLite from an online copy made with SQLite's backup API (writers are not held up);
* ``media/…``: the uploaded files;
* ``manifest.json``: format, date, database vendor, the migrations applied, the row count of every model and
  the SHA-256 of the data file and of every uploaded file.

Because the data is serialised, not a database dump, an archive made on the embedded SQLite restores into
PostgreSQL (and back): this is also how a province moves from one to the other.

``restore`` refuses anything but an empty database (no user and no unit: a fresh ``migrate``), checks every
checksum before it writes, brings the schema to the archive's migrations, loads the rows in one transaction,
migrates to the current code, checks every count, and only then writes the files. Nothing is written when a
check fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

# 1: Django's JSON (datetimes to the millisecond); 2: "jsonfull" (``ops.serializer``, to the microsecond).
FORMAT = 2
FORMATS = {1: "json", 2: "jsonfull"}
# Not backed up: recreated by ``migrate`` (content types, permissions), or transient (sessions, heartbeats).
EXCLUDED = ("contenttypes", "auth.Permission", "sessions", "ops.WorkerHeartbeat")
SNAPSHOT_ALIAS = "backup_snapshot"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and nothing was written."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _models() -> list[Any]:
    excluded = {label for label in EXCLUDED if "." in label}
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label not in excluded
        and not model._meta.proxy
        and model._meta.managed
    ]


def counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {model._meta.label: model._default_manager.using(alias).count() for model in _models()}


def _migrations(alias: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _dump(alias: str, target: Path) -> dict[str, int]:
    call_command(
        "dumpdata",
        format=FORMATS[FORMAT],
        exclude=list(EXCLUDED),
        natural_foreign=True,
        database=alias,
        output=str(target),
        verbosity=0,
    )
    return counts(alias)


def _sqlite_snapshot(workdir: Path) -> str:
    """An online copy of the SQLite file (consistent; writers wait only for its pages), as a database alias.

    Made from a second connection, so it waits for any write transaction that is open on this process's own
    connection: call it outside a transaction."""
    source = settings.DATABASES[DEFAULT_DB_ALIAS]
    copy = workdir / "snapshot.sqlite3"
    with sqlite3.connect(source["NAME"]) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    connections.settings[SNAPSHOT_ALIAS] = {**source, "NAME": str(copy), "TEST": {}}
    return SNAPSHOT_ALIAS


def backup(output_dir: Path, now: dt.datetime | None = None, log: Callable[[str], None] = print) -> Path:
    """Write an archive into ``output_dir`` and return its path."""
    now = timezone.localtime(now or timezone.now())
    output_dir.mkdir(parents=True, exist_ok=True)
    name = f"tuyengiao-backup-{now:%Y%m%d-%H%M%S}.tar"
    target = output_dir / name
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = workdir / "data.json.gz"
        if vendor == "sqlite":
            alias = _sqlite_snapshot(workdir)
            try:
                row_counts, migrations = _dump(alias, data), _migrations(alias)
            finally:
                connections[alias].close()
                del connections.settings[SNAPSHOT_ALIAS]
        else:
            outer = connections[DEFAULT_DB_ALIAS].in_atomic_block
            with transaction.atomic():
                if vendor == "postgresql" and not outer:
                    # One snapshot for every table (inside a caller's transaction, that transaction's view).
                    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                row_counts, migrations = _dump(DEFAULT_DB_ALIAS, data), _migrations()
        files: dict[str, dict[str, object]] = {}
        media = Path(settings.MEDIA_ROOT)
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(data, arcname="data.json.gz")
            if media.exists():
                for path in sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink()):
                    relative = path.relative_to(media).as_posix()
                    content = path.read_bytes()
                    files[relative] = {"sha256": _sha256(content), "size": len(content)}
                    info = tarfile.TarInfo(f"media/{relative}")
                    info.size = len(content)
                    info.mtime = int(path.stat().st_mtime)
                    archive.addfile(info, io.BytesIO(content))
            manifest = {
                "format": FORMAT,
                "created": now.isoformat(),
                "database": vendor,
                "migrations": migrations,
                "counts": row_counts,
                "data_sha256": _sha256(data.read_bytes()),
                "files": files,
            }
            payload = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(payload)
            info.mtime = int(now.timestamp())
            archive.addfile(info, io.BytesIO(payload))
        partial.rename(target)
    log(f"Đã sao lưu {sum(row_counts.values()):,} bản ghi và {len(files)} tệp vào {target}".replace(",", "."))
    return target


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def read_archive(path: Path) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
    """The manifest, the data and the files of an archive, every checksum verified."""
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115 - closed by the ``with`` below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc}") from exc
    with archive:
        members = {m.name: m for m in archive.getmembers()}
        if any(not _safe_member(name) or not member.isfile() for name, member in members.items()):
            raise BackupError("Tệp sao lưu chứa đường dẫn hoặc liên kết không hợp lệ; không khôi phục.")

        def read(name: str) -> bytes:
            if name not in members:
                raise BackupError(f"Tệp sao lưu thiếu {name}.")
            handle = archive.extractfile(members[name])
            assert handle is not None
            return handle.read()

        try:
            manifest = json.loads(read("manifest.json"))
        except ValueError as exc:
            raise BackupError("Tệp manifest.json của bản sao lưu bị hỏng.") from exc
        if manifest.get("format") not in FORMATS:
            raise BackupError(f"Định dạng sao lưu {manifest.get('format')!r} không được hỗ trợ.")
        data = read("data.json.gz")
        if _sha256(data) != manifest["data_sha256"]:
            raise BackupError("Dữ liệu trong bản sao lưu không khớp mã kiểm tra: tệp đã bị hỏng hoặc bị sửa.")
        files = {}
        for relative, meta in manifest["files"].items():
            content = read(f"media/{relative}")
            if _sha256(content) != meta["sha256"]:
                raise BackupError(f"Tệp {relative} trong bản sao lưu không khớp mã kiểm tra.")
            files[relative] = content
    return manifest, data, files


def _is_empty() -> bool:
    from tuyengiao.accounts.models import User
    from tuyengiao.units.models import Unit

    return not User.objects.exists() and not Unit.objects.exists()


def restore(path: Path, log: Callable[[str], None] = print) -> dict[str, int]:
    """Restore an archive into an empty database and media folder; returns the row counts."""
    manifest, data, files = read_archive(path)
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    known = set(executor.loader.graph.nodes)
    wanted = {tuple(pair) for pair in manifest["migrations"]}
    unknown = sorted(wanted - known)
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản mới hơn của phần mềm (có migration chưa biết: "
            + ", ".join(f"{app}.{name}" for app, name in unknown[:5])
            + "). Hãy cài phiên bản đó rồi khôi phục."
        )
    if _tables_exist() and not _is_empty():
        raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu (người dùng hoặc đơn vị); chỉ khôi phục vào CSDL trống.")
    media = Path(settings.MEDIA_ROOT)
    clashes = [relative for relative in files if (media / relative).exists()]
    if clashes:
        raise BackupError(f"Thư mục tệp tải lên đã có {clashes[0]}; chỉ khôi phục vào thư mục trống.")

    # The schema of the archive, the rows, then the schema of this code.
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / f"data.{FORMATS[manifest['format']]}.gz"
        fixture.write_bytes(data)
        # Schema changes run outside the data transaction (SQLite cannot alter tables inside one); the database
        # is empty, so a failure there leaves an empty database.
        MigrationExecutor(connection).migrate(_archive_targets(executor, wanted))
        # Content types and permissions (left out of the archive) are made as ``migrate`` makes them.
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
            loaded = counts()
            wrong = {label: n for label, n in manifest["counts"].items() if loaded.get(label) != n}
            if wrong:
                label = next(iter(wrong))
                raise BackupError(
                    f"Sau khi nạp, số bản ghi {label} là {loaded.get(label)}, bản sao lưu có {wrong[label]}; "
                    "đã hủy khôi phục."
                )
        call_command("migrate", verbosity=0, interactive=False)
        restored = counts()
    written: list[Path] = []
    try:
        for relative, content in files.items():
            target = media / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
    except OSError as exc:
        for done in written:
            done.unlink(missing_ok=True)
        raise BackupError(f"Không ghi được tệp tải lên ({exc}); dữ liệu đã khôi phục, tệp thì chưa.") from exc
    log(f"Đã khôi phục {sum(restored.values()):,} bản ghi và {len(files)} tệp từ {path}".replace(",", "."))
    return restored


def _tables_exist() -> bool:
    return MigrationRecorder(connections[DEFAULT_DB_ALIAS]).has_table()


def _archive_targets(executor: MigrationExecutor, wanted: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """For each app, the latest of its migrations that the archive had applied (the schema the rows fit)."""
    graph = executor.loader.graph
    targets: list[tuple[str, str]] = []
    for app in {app for app, _name in wanted}:
        applied = [node for node in wanted if node[0] == app]
        # The one that no other applied migration of the app has among its ancestors.
        below = {ancestor for node in applied for ancestor in graph.forwards_plan(node) if ancestor != node}
        targets.extend(node for node in applied if node not in below)
    return sorted(targets)
