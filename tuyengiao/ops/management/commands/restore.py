"""manage.py restore ARCHIVE — restore a backup into an empty database and an empty upload folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuyengiao.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (kiểm tra mã kiểm tra và số bản ghi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Tệp tuyengiao-backup-….tar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["archive"], log=lambda m: self.stdout.write(m))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
