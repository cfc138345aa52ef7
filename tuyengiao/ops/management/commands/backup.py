"""manage.py backup [--output DIR] — the database and the uploaded files in one archive with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tuyengiao.ops.backup import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp .tar có bảng kê (manifest) và mã kiểm tra."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=Path(settings.DATA_DIR) / "backups", help="Thư mục ghi bản sao lưu."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = backup(options["output"], log=lambda m: self.stdout.write(m))
        self.stdout.write(str(path))
