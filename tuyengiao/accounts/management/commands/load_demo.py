"""manage.py load_demo — demo accounts (and how to log in), idempotent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from tuyengiao.accounts.demo import ensure_demo
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.followup.demo import ensure_followup
from tuyengiao.lib import dbstats
from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.units.models import Unit


class Command(TranslatedCommand):
    help = gettext_noop("Tạo (hoặc đặt lại) các tài khoản demo, nội dung demo và in cách đăng nhập.")

    def handle(self, *args: Any, **options: Any) -> None:
        demo = ensure_demo()
        documents = ensure_documents()
        if documents:
            self.stdout.write(gettext("Đã thêm %(count)d văn bản demo vào sổ đăng ký.") % {"count": documents})
        from tuyengiao.reports.demo import ensure_forms, ensure_reports

        ensure_forms()
        reports = ensure_reports()
        from tuyengiao.dissemination.demo import ensure_dissemination

        ensure_dissemination()
        from tuyengiao.people.demo import ensure_people

        ensure_people()
        ensure_followup()
        if reports:
            self.stdout.write(gettext("Đã thêm %(count)d báo cáo demo.") % {"count": reports})
        from tuyengiao.meetings.demo import ensure_meetings

        if meetings := ensure_meetings():
            self.stdout.write(gettext("Đã thêm %(count)d hội nghị demo.") % {"count": meetings})
        from tuyengiao.outputs.demo import ensure_outputs

        if issues := ensure_outputs():
            self.stdout.write(gettext("Đã thêm %(count)d số định hướng, bản tin demo.") % {"count": issues})
        from tuyengiao.awards.demo import ensure_awards

        if cycles := ensure_awards():
            self.stdout.write(gettext("Đã thêm %(count)d đợt thi đua, khen thưởng demo.") % {"count": cycles})
        from tuyengiao.networks.demo import ensure_networks

        if conferences := ensure_networks():
            self.stdout.write(gettext("Đã thêm %(count)d hội nghị báo cáo viên demo.") % {"count": conferences})
        from tuyengiao.portal.demo import PATH, ensure_portal

        if articles := ensure_portal():
            self.stdout.write(gettext("Đã thêm %(count)d tin bài demo vào cổng thông tin.") % {"count": articles})
        dbstats.refresh()  # the planner's statistics of what was just written (lib/dbstats.py)
        names = {
            u.key: u.versions.chronological().last()
            for u in Unit.objects.filter(
                key__in=[a.unit_key for a in demo["accounts"]]  # type: ignore[attr-defined]
            )
        }
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(gettext("Tuyên giáo số đang chạy tại http://127.0.0.1:8000/")))
        out.write(gettext("Cổng thông tin (không cần đăng nhập): http://127.0.0.1:8000%(path)s") % {"path": PATH})
        out.write(gettext("Tài khoản demo (mật khẩu chung: %(password)s):") % {"password": demo["password"]})
        for account in demo["accounts"]:  # type: ignore[attr-defined]
            version = names.get(account.unit_key)
            out.write(f"  {account.username:<20} {account.role:<13} {version.name if version else account.unit_key}")
        codes = demo["admin_backup_codes"]
        out.write(
            gettext(
                "Quản trị viên bắt buộc xác thực hai lớp: khi đăng nhập 'quantri', nhập một mã dự phòng "
                "(mỗi mã dùng một lần): %(codes)s"
            )
            % {"codes": ", ".join(codes)}  # type: ignore[arg-type]
        )
        out.write("")
