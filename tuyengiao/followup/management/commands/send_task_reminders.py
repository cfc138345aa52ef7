"""manage.py send_task_reminders [--date YYYY-MM-DD] [--queue] — run daily from cron (see docs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from tuyengiao.followup import reminders
from tuyengiao.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_noop(
        "Gửi nhắc hạn nhiệm vụ (thông báo trong hệ thống và thư điện tử): trước hạn 7 và 1 ngày, quá hạn "
        "một lần rồi hằng tuần; không gửi lại lần nhắc đã gửi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=gettext("Ngày tính nhắc hạn (YYYY-MM-DD); mặc định hôm nay."))
        parser.add_argument(
            "--queue", action="store_true", help=gettext("Đưa vào hàng đợi tác vụ nền thay vì chạy ngay.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(gettext("Ngày không hợp lệ: %(date)s") % {"date": options["date"]}) from exc
        if options["queue"]:
            from tuyengiao.followup.tasks import send_task_reminders_task

            result = send_task_reminders_task.enqueue(day.isoformat())
            self.stdout.write(gettext("Đã đưa vào hàng đợi: %(id)s") % {"id": result.id})
            return
        outcome = reminders.send_due(day)
        self.stdout.write(
            gettext("Đã gửi %(reminders)d lần nhắc: %(notifications)d thông báo, %(emails)d thư điện tử.")
            % {"reminders": outcome.reminders, "notifications": outcome.notifications, "emails": outcome.emails}
        )
