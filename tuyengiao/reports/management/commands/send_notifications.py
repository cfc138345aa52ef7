"""manage.py send_notifications — send the notifications' e-mail digests that are due now (``manage.py worker``
does this with every heartbeat; this is for an installation that runs no worker, from cron)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.reports.notifications import send_digests


class Command(TranslatedCommand):
    help = gettext_noop("Gửi thư điện tử tóm tắt các thông báo mới đã đến hạn gửi.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(gettext("Đã gửi %(count)d thư tóm tắt thông báo.") % {"count": sent})
