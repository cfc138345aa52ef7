"""manage.py rollup --form CODE --unit NAME|CODE --period CODE [--as-of-structure DATE]"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.lib.periods import Period, PeriodError
from tuyengiao.reports.consolidation import ConsolidationError, consolidate
from tuyengiao.reports.models import Form
from tuyengiao.units.lookup import AmbiguousUnit, find_unit


class Command(TranslatedCommand):
    help = gettext_noop(
        "In số liệu tổng hợp của một mẫu báo cáo cho một đơn vị và một kỳ, dạng JSON "
        '(mã chỉ tiêu → giá trị; chỉ tiêu có/không dạng {"n": 9, "m": 15}).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", required=True, help=gettext("Mã mẫu báo cáo."))
        parser.add_argument("--unit", required=True, help=gettext("Tên hoặc mã hành chính của đơn vị."))
        parser.add_argument("--period", required=True, help=gettext("Mã kỳ: 2024M09, 2024Q3, 2024S1, 2024N9, 2024."))
        parser.add_argument(
            "--as-of-structure",
            help=gettext("Tổng hợp theo cơ cấu đơn vị tại ngày này (YYYY-MM-DD); mặc định ngày cuối kỳ."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        form = Form.objects.filter(code=options["form"]).first()
        if form is None:
            raise CommandError(gettext("Không có mẫu báo cáo mã “%(code)s”.") % {"code": options["form"]})
        try:
            period = Period.parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        structure_date = None
        if options["as_of_structure"]:
            try:
                structure_date = dt.date.fromisoformat(options["as_of_structure"])
            except ValueError as exc:
                raise CommandError(gettext("Ngày không hợp lệ (dùng dạng YYYY-MM-DD).")) from exc
        try:
            version = find_unit(options["unit"], structure_date or period.end)
        except AmbiguousUnit as exc:
            raise CommandError(str(exc)) from exc
        if version is None:
            raise CommandError(gettext("Không tìm thấy đơn vị “%(unit)s”.") % {"unit": options["unit"]})
        try:
            figures = consolidate(form, version.unit, period, structure_date=structure_date)
        except ConsolidationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps({code: f.as_json() for code, f in figures.items()}, ensure_ascii=False))
