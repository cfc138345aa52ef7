"""manage.py load_units — load the bundled administrative structure (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib import dbstats
from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.units import loader


class Command(TranslatedCommand):
    help = gettext_noop("Nạp cây đơn vị hành chính trước và sau 01/07/2025 (chạy lại không tạo trùng).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help=gettext("Kiểm tra lại dù dữ liệu đã nạp."))
        parser.add_argument(
            "--show-conflicts", action="store_true", help=gettext("In từng xung đột khi ghép dữ liệu kế thừa.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = loader.load(force=options["force"])
        if not result.skipped:
            dbstats.refresh()  # the planner's statistics of the new tree (lib/dbstats.py)
            # What is stored by structure is computed again in the new one (reports: the country's pivot rows).
            loader.tree_loaded.send(sender=self.__class__)
        elapsed = time.monotonic() - started
        if result.skipped:
            self.stdout.write(
                gettext("Cây đơn vị đã được nạp trước đó, không có thay đổi (%(seconds).1f giây).")
                % {"seconds": elapsed}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    gettext(
                        "Đã nạp %(units)d đơn vị, %(versions)d phiên bản, "
                        "%(links)d quan hệ kế thừa (%(seconds).1f giây)."
                    )
                    % {
                        "units": result.units_created,
                        "versions": result.versions_created,
                        "links": result.links_created,
                        "seconds": elapsed,
                    }
                )
            )
        if result.conflicts:
            self.stderr.write(
                gettext(
                    "Cảnh báo: %(count)d dòng ánh xạ xã cũ - xã mới không ghép được theo mã GSO "
                    "(xem tuyengiao/units/data/lineage_conflicts.csv)."
                )
                % {"count": len(result.conflicts)}
            )
            if options["show_conflicts"]:
                for row in result.conflicts:
                    self.stderr.write(
                        gettext("  %(old)s -> %(new)s (tỉnh %(province)s): %(reason)s")
                        % {
                            "old": row["old_key"],
                            "new": row["new_key"],
                            "province": row["province_code"],
                            "reason": row["reason"],
                        }
                    )
        if result.unlinked:
            self.stderr.write(
                gettext(
                    "Lưu ý: %(count)d đơn vị kết thúc trước năm 2025 mà danh mục không cho biết đơn vị kế thừa; "
                    "chúng được ghi kết thúc, không gán kế thừa (xem tuyengiao/units/data/history_unlinked.csv)."
                )
                % {"count": len(result.unlinked)}
            )
            if options["show_conflicts"]:
                for row in result.unlinked:
                    self.stderr.write(
                        gettext("  %(name)s (%(parent)s), kết thúc từ %(date)s")
                        % {"name": row["name"], "parent": row["parent"], "date": row["date"]}
                    )
