"""manage.py rollups --check | --rebuild | --missing [--form CODE]: the stored yearly roll-ups (reports/rollups.py);
--rebuild also rewrites the stored group figures of the country's pivot (reports/grouprollups.py, checked by their
stamps whenever they are read); --missing writes those of the forms that have counted reports and none (after the
upgrade that adds them: scripts/serve.sh and docs/deploy.md run it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.reports import grouprollups, rollups
from tuyengiao.reports.models import Form


class Command(TranslatedCommand):
    help = gettext_noop(
        "Kiểm tra (--check) hoặc tính lại (--rebuild) số liệu cộng dồn theo năm được lưu sẵn cho việc tổng hợp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help=gettext("So sánh với số liệu tính lại từ báo cáo."))
        action.add_argument("--rebuild", action="store_true", help=gettext("Tính lại toàn bộ từ báo cáo."))
        action.add_argument(
            "--missing",
            action="store_true",
            help=gettext("Chỉ tính số liệu theo tỉnh cho các mẫu đã có báo cáo mà chưa có số liệu này."),
        )
        parser.add_argument("--form", help=gettext("Chỉ mẫu báo cáo có mã này."))

    def handle(self, *args: Any, **options: Any) -> None:
        form_id, forms = None, None
        if options["form"]:
            form = Form.objects.filter(code=options["form"]).first()
            if form is None:
                raise CommandError(gettext("Không có mẫu báo cáo mã “%(code)s”.") % {"code": options["form"]})
            form_id, forms = form.pk, [form]
        if options["missing"]:
            periods = grouprollups.rebuild(grouprollups.missing(forms))
            self.stdout.write(gettext("Đã tính số liệu theo tỉnh của %(count)d kỳ báo cáo.") % {"count": periods})
            return
        if options["rebuild"]:
            written = rollups.refresh(form_id=form_id)
            self.stdout.write(gettext("Đã tính lại %(count)d dòng số liệu cộng dồn.") % {"count": written})
            periods = grouprollups.rebuild(forms)
            self.stdout.write(gettext("Đã tính lại số liệu theo tỉnh của %(count)d kỳ báo cáo.") % {"count": periods})
            return
        problems = rollups.differences(form_id)
        if problems:
            for line in problems[:20]:
                self.stderr.write(line)
            raise CommandError(
                gettext("%(count)d dòng số liệu cộng dồn không khớp với báo cáo; chạy lại với --rebuild.")
                % {"count": len(problems)}
            )
        self.stdout.write(gettext("Số liệu cộng dồn khớp với báo cáo."))
