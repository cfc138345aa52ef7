"""sitemap.xml (``django.contrib.sitemaps``, at /sitemap.xml): the portals' homes, sections, live articles and
public documents (``DocumentQuerySet.public_library`` of each portal): nothing a reader could not open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tuyengiao.documents.models import Document
from tuyengiao.portal.models import Article, Portal, Section


class PortalSitemap(Sitemap):
    changefreq = "hourly"

    def items(self) -> list[Portal]:
        return list(Portal.objects.filter(is_active=True))


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self) -> list[Section]:
        return list(Section.objects.filter(portal__is_active=True).select_related("portal"))


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> Any:
        return (
            Article.objects.live()
            .filter(portal__is_active=True)
            .select_related("portal")
            .only("pk", "slug", "updated", "portal__slug")
        )

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated


class DocumentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[tuple[str, int]]:
        pairs = []
        for portal in Portal.objects.filter(is_active=True):
            ids = Document.objects.public_library(portal.territory_id).values_list("pk", flat=True)
            pairs += [(portal.slug, pk) for pk in ids]
        return pairs

    def location(self, item: tuple[str, int]) -> str:
        return reverse("public:document", args=list(item))


SITEMAPS = {
    "portals": PortalSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "documents": DocumentSitemap,
}
