"""manage.py unit_stats --as-of YYYY-MM-DD [--under NAME|CODE] — unit counts as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.units import tree
from tuyengiao.units.lookup import AmbiguousUnit, find_unit


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(gettext("Ngày không hợp lệ: %(value)r (dùng dạng YYYY-MM-DD).") % {"value": value}) from exc


class Command(TranslatedCommand):
    help = gettext_noop(
        "In số đơn vị theo cấp của cây đơn vị tại một ngày, dạng JSON. Các cấp đếm cấp ủy của từng đơn vị "
        "hành chính; các ban và đảng ủy trực thuộc được đếm theo loại trong mục 'bodies'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, type=_date, help=gettext("Ngày, dạng YYYY-MM-DD."))
        parser.add_argument(
            "--under", help=gettext("Chỉ đếm trong đơn vị này (tên hoặc mã hành chính), kể cả chính nó.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        date: dt.date = options["as_of"]
        under = None
        if options["under"]:
            try:
                under = find_unit(options["under"], date)
            except AmbiguousUnit as exc:
                raise CommandError(str(exc)) from exc
            if under is None:
                raise CommandError(
                    gettext("Không tìm thấy đơn vị %(name)r tại ngày %(date)s.")
                    % {"name": options["under"], "date": f"{date:%d/%m/%Y}"}
                )
        counts = tree.level_counts(date, under.unit if under else None)
        payload = {
            "as_of": date.isoformat(),
            "under": {"code": under.unit.code, "name": under.name} if under else None,
            **counts,
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
