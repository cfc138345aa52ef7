"""The user guide, served offline from the Markdown pages of ``docs/huong-dan/`` (``README.md`` is its index)
and their screenshots in ``docs/huong-dan/anh/``.

The same files read well on the code forge and in the application: a link to another page of the guide
(``vai-tro-xa.md``) becomes that page's address here, a picture (``anh/trang-chu-xa.png``) is served by
``guide_image``, and a link that leaves the guide (``../deploy.md``) prints as text. Page and picture names are
checked against a strict pattern before any file is opened, so no name can reach outside the folder.

Anyone may read the guide, signed in or not: it holds no data, and the login page links it for who cannot sign
in yet. Rendering: ``lib.mdlite`` (why not a Markdown package: its docstring).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tuyengiao.lib import mdlite

GUIDE_DIR: Path = settings.BASE_DIR / "docs" / "huong-dan"
INDEX = "README"
_PAGE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_IMAGE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.png")
_PAGE_LINK = re.compile(r"(README|[a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[a-z0-9-]+)?")
_IMAGE_LINK = re.compile(r"anh/([a-z0-9]+(?:-[a-z0-9]+)*\.png)")


def _page_file(name: str) -> Path | None:
    path = GUIDE_DIR / f"{name}.md"
    return path if path.is_file() else None


def _link(target: str) -> str | None:
    """The address in the application of a link or picture of a guide page; ``None`` to print its text."""
    if target.startswith(("https://", "http://")):
        return target
    if (page := _PAGE_LINK.fullmatch(target)) and _page_file(page.group(1)):
        url = reverse("front:guide") if page.group(1) == INDEX else reverse("front:guide_page", args=[page.group(1)])
        return url + (page.group(2) or "")
    if image := _IMAGE_LINK.fullmatch(target):
        return reverse("front:guide_image", args=[image.group(1)])
    return None


@require_GET
def guide(request: HttpRequest, page: str = INDEX) -> HttpResponse:
    if page != INDEX and not _PAGE.fullmatch(page):
        raise Http404
    path = _page_file(page)
    if path is None:
        raise Http404
    text = path.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), page)
    body = mark_safe(mdlite.render(text, _link))  # noqa: S308 - mdlite escapes every character of the source
    return render(request, "front/guide.html", {"title": title, "body": body, "is_index": page == INDEX})


@require_GET
def guide_image(request: HttpRequest, name: str) -> FileResponse:
    if not _IMAGE.fullmatch(name):
        raise Http404
    folder = (GUIDE_DIR / "anh").resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "max-age=3600"
    return response
