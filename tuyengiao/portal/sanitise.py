"""The body of a portal article: what the editor may post, and what is ever stored and shown.

``clean(html)`` is an allow-list (nh3, the Rust ``ammonia`` sanitiser, which parses as a browser does):
paragraphs, headings h2–h4, bold, italic, underline, lists, quotes, links, line breaks, simple tables, and
figures with an image and its caption. No ``style``, no ``class``, no event attribute, no ``<script>``,
``<iframe>`` or ``<form>``; link targets only http(s), mailto and the site's own paths (a ``javascript:`` link
loses its ``href``); every external link gets ``rel="noopener noreferrer"``. An image is kept only when its
``src`` is one of the portal's own stored images (``/cong/<portal>/anh/<id>/``): the public site never loads
anything from elsewhere, and a pasted image from another site is dropped rather than hot-linked.

What is stored is always ``clean(posted)``, so a template may mark it safe; ``text_of`` gives the plain text
(search, summaries, RSS descriptions).
"""

from __future__ import annotations

import html
import re

import nh3

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# The portal's own stored images, as ``ArticleImage.get_absolute_url`` writes them.
OWN_IMAGE = re.compile(r"^/cong/[a-z0-9-]+/anh/\d+/$")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if OWN_IMAGE.match(value) else None
    if element in {"th", "td"} and attribute in {"colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= 50 else None
    if element == "ol" and attribute == "start":
        return value if value.isdigit() else None
    return value


def clean(posted: str) -> str:
    """The allow-listed HTML of ``posted`` (see the module docstring). Images whose source is not the portal's
    own are removed whole, not left as empty ``<img>``."""
    cleaned = nh3.clean(
        posted or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # nh3 keeps an <img> whose src the filter refused; an image without a source is no image.
    cleaned = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)
    return cleaned.strip()


def text_of(body: str) -> str:
    """The plain text of a stored body (tags removed, entities decoded, spaces collapsed)."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", body or ""))).strip()
