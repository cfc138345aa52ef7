"""manage.py import_portal <portal> <path> [--dry-run] — move an old portal's articles and documents in.

The work is ``tuyengiao.portal.importer`` (what is read, how it is matched, what is reported); this prints its
summary in Vietnamese, or the reason the export cannot be read (nothing written then).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.portal import importer


class Command(TranslatedCommand):
    help = gettext_noop(
        "Nhập tin bài và văn bản của cổng thông tin cũ (bản xuất cơ sở dữ liệu NukeViet .sql, hoặc thư mục các "
        "trang .html đã lưu) vào một cổng thông tin. Chạy lại không tạo bản trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("portal", help=gettext("Đường dẫn (slug) của cổng, ví dụ dak-lak."))
        parser.add_argument("path", help=gettext("Tệp .sql, trang .html hoặc thư mục chứa chúng."))
        parser.add_argument("--dry-run", action="store_true", help=gettext("Chạy thử: đọc và báo cáo, không ghi gì."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = importer.import_portal(options["portal"], Path(options["path"]), dry_run=options["dry_run"])
        except importer.ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        for line in result.summary_lines():
            self.stdout.write(line)
