"""HTTP middleware that needs no models."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError

from tuyengiao.lib.text import clean_input

# Everything is served by this server: no CDN, no inline scripts. Styles set from
# JavaScript (Bootstrap) go through the CSSOM, which ``style-src 'self'`` allows.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def _cleaned(data: QueryDict) -> QueryDict:
    """``data`` with every value through ``clean_input`` (the same object when nothing changes)."""
    changed = {key: [clean_input(v) for v in values] for key, values in data.lists()}
    if all(changed[key] == values for key, values in data.lists()):
        return data
    copy = data.copy()
    for key, values in changed.items():
        copy.setlist(key, values)
    copy._mutable = False
    return copy


class CleanInputMiddleware:
    """Every query-string value, posted form value and uploaded file name goes through ``text.clean_input``
    before any view or form sees it: a control character is never stored, whichever form or view takes the
    text (a NUL would otherwise reach Django's English "Null characters are not allowed" or PostgreSQL's
    refusal, a bell would break the XLSX exports)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _cleaned(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                posted = request.POST
            except MultiPartParserError:
                # A malformed body (a multipart without a boundary): left to the view, which answers it as Django
                # does (400) if it reads the form at all; the API reads JSON bodies and answers in its own shape.
                return self.get_response(request)
            request._post = _cleaned(posted)  # type: ignore[attr-defined]
            for _key, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.name = clean_input(upload.name or "")
        return self.get_response(request)
