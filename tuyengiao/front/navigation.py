"""The main menu: one list, shown in this order.

Each module adds its entry here when it ships; an entry whose URL name does not
resolve (module not installed) is left out, so the menu never links to a page
that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url: str
    active: bool


# (label, URL name); an entry is active on its URL and every page below it.
MENU: list[tuple[StrOrPromise, str]] = [
    (_("Trang chủ"), "front:home"),
    (_("Đơn vị"), "units:browse"),
    (_("Văn bản"), "documents:list"),
    (_("Báo cáo"), "reports:list"),
    (_("Phân tích"), "analytics:dashboard"),
    (_("Hội nghị"), "meetings:list"),
    (_("Học tập, quán triệt"), "dissemination:overview"),
    (_("Nhiệm vụ"), "followup:list"),
    (_("Cán bộ"), "people:home"),
    (_("Thi đua, khen thưởng"), "awards:list"),
    (_("Cổng thông tin"), "portal:home"),
]


def nav_items(request: HttpRequest) -> list[NavItem]:
    items = []
    for label, name in MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append(NavItem(label, url, active))
    return items


def context(request: HttpRequest) -> dict[str, object]:
    """Template context processor."""
    if not request.user.is_authenticated:
        return {}
    return {"nav_items": nav_items(request)}
