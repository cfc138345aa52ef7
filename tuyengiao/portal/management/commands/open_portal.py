"""manage.py open_portal <commission> <slug> [--title …] — open the public portal of a commission.

One portal per commission (``Portal.unit`` is unique): the central commission's or a province's. The commission is
named by its unit key (``com:p:66``) or its name as of today; its party committee today (the commission's parent)
becomes the portal's territory, whose units send news through it and whose public documents fill its library.
The portal starts with the default sections (``models.DEFAULT_SECTIONS``); its leaders edit them on the desk.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib.commands import TranslatedCommand
from tuyengiao.lib.text import fold
from tuyengiao.portal.models import Portal
from tuyengiao.units.models import Kind, Unit, UnitVersion

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def find_commission(text: str) -> Unit:
    """The living commission named by ``text`` (a unit key, or its name today without regard to accents)."""
    today = timezone.localdate()
    living = UnitVersion.objects.as_of(today).filter(unit__kind=Kind.COMMISSION).select_related("unit")
    by_key = living.filter(unit__key=text.strip()).first()
    if by_key is not None:
        return by_key.unit
    wanted = fold(text)
    found = [version.unit for version in living if fold(version.name) == wanted]
    if len(found) == 1:
        return found[0]
    raise CommandError(
        gettext("Không tìm thấy ban tham mưu đang hoạt động có mã hoặc tên “%(text)s” (ví dụ com:p:66).")
        % {"text": text}
    )


def open_portal(commission: Unit, slug: str, title: str = "") -> Portal:
    today = timezone.localdate()
    if not SLUG.match(slug):
        raise CommandError(
            gettext("Đường dẫn “%(slug)s” chỉ gồm chữ thường không dấu, số và dấu gạch ngang.") % {"slug": slug}
        )
    if Portal.objects.filter(unit=commission).exists():
        raise CommandError(gettext("%(unit)s đã có cổng thông tin.") % {"unit": commission.name_on(today)})
    if Portal.objects.filter(slug=slug).exists():
        raise CommandError(gettext("Đường dẫn “%(slug)s” đã được cổng khác dùng.") % {"slug": slug})
    version = commission.version_on(today)
    if version is None or version.parent_id is None:
        raise CommandError(gettext("Ban tham mưu này không thuộc cấp ủy nào vào hôm nay."))
    name = commission.name_on(today)
    return Portal.open_for(
        commission,
        version.parent,  # type: ignore[arg-type]
        slug,
        title.strip() or name,
        tagline=gettext("Cổng thông tin điện tử của %(name)s") % {"name": name},
    )


class Command(TranslatedCommand):
    help = gettext_noop(
        "Mở cổng thông tin của một ban tham mưu (Ban Tuyên giáo và Dân vận Trung ương hoặc của tỉnh ủy, thành ủy), "
        "với các chuyên mục mặc định."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("commission", help=gettext("Mã đơn vị (ví dụ com:p:66) hoặc tên hiện nay của ban."))
        parser.add_argument("slug", help=gettext("Đường dẫn của cổng dưới /cong/, ví dụ lam-dong."))
        parser.add_argument("--title", default="", help=gettext("Tên cổng; mặc định là tên ban hiện nay."))

    def handle(self, *args: Any, **options: Any) -> None:
        portal = open_portal(find_commission(options["commission"]), options["slug"], options["title"])
        self.stdout.write(
            gettext("Đã mở cổng “%(title)s” tại /cong/%(slug)s/ với %(n)d chuyên mục.")
            % {"title": portal.title, "slug": portal.slug, "n": portal.sections.count()}
        )
