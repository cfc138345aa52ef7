"""Template helpers of the public portal."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


def counts(views: int, downloads: int) -> str:
    """ "lượt xem: 424 | lượt tải: 9" (numbers grouped: 1.234)."""
    return _("lượt xem: %(views)s | lượt tải: %(downloads)s") % {
        "views": number_format(views, force_grouping=True),
        "downloads": number_format(downloads, force_grouping=True),
    }


@register.simple_tag
def counter_line(document: Any) -> str:
    counter = getattr(document, "public_counter", None)
    return counts(counter.views if counter else 0, counter.downloads if counter else 0)
