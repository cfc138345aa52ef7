"""manage.py reset_two_factor USERNAME — for the last administrator who lost both the phone and the backup codes:
removes the account's two-factor login, to be set up again at the next sign-in (the page of an account does the
same for any other administrator to use)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.accounts.models import User
from tuyengiao.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_noop(
        "Xóa xác thực hai lớp của một tài khoản (mất điện thoại và mã dự phòng); thiết lập lại khi đăng nhập."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=gettext("Tên đăng nhập."))

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(gettext("Không có tài khoản “%(name)s”.") % {"name": options["username"]})
        user.reset_two_factor()
        self.stdout.write(
            gettext("Đã xóa xác thực hai lớp của %(name)s: thiết lập lại ở lần đăng nhập tới.")
            % {"name": user.username}
        )
