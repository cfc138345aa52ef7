"""RSS of a portal (its latest live articles) and of each section (``django.contrib.syndication``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from tuyengiao.portal.models import Article, Portal, Section

ITEMS = 20


class PortalFeed(Feed):
    def get_object(self, request: HttpRequest, slug: str) -> Portal:
        return get_object_or_404(Portal, slug=slug, is_active=True)

    def title(self, obj: Portal) -> str:
        return obj.title

    def link(self, obj: Portal) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Portal) -> str:
        return obj.tagline or obj.title

    def items(self, obj: Portal) -> list[Article]:
        return list(Article.objects.live().filter(portal=obj).select_related("portal")[:ITEMS])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_author_name(self, item: Article) -> str:
        return item.author_name


class SectionFeed(PortalFeed):
    def get_object(self, request: HttpRequest, slug: str, section_slug: str) -> Section:  # type: ignore[override]
        return get_object_or_404(
            Section.objects.select_related("portal"), portal__slug=slug, portal__is_active=True, slug=section_slug
        )

    def title(self, obj: Section) -> str:  # type: ignore[override]
        return f"{obj.name} – {obj.portal.title}"

    def link(self, obj: Section) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def description(self, obj: Section) -> str:  # type: ignore[override]
        return obj.description or obj.name

    def items(self, obj: Section) -> list[Article]:  # type: ignore[override]
        return list(Article.objects.live().filter(section=obj).select_related("portal")[:ITEMS])
