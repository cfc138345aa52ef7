"""Session idle timeout and the two-factor requirement for administrators."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

LAST_SEEN = "tg_last_seen"
# The timestamp is written at most once a minute: writing the session on every request made the several requests
# a page sends at once (htmx reloading its lists when a date changes) queue on one session row, and on SQLite's
# shared in-memory test database one of them failed ("database table is locked"). The server allows the same
# minute of slack, so it never ends a session before the page's countdown does.
REFRESH_SECONDS = 60


def idle_seconds(request: HttpRequest) -> float | None:
    """Seconds since the session's stored last activity (None before the first request is stored)."""
    last_seen = request.session.get(LAST_SEEN)
    return None if last_seen is None else time.time() - float(last_seen)


def touch(request: HttpRequest) -> None:
    request.session[LAST_SEEN] = time.time()


class IdleTimeoutMiddleware:
    """Log out a user who has not made a request for ``SESSION_IDLE_MINUTES``.

    Every authenticated request counts as activity (the stored timestamp is refreshed when it is a minute old,
    ``REFRESH_SECONDS``), so the on-page countdown (static/js/session-timeout.js) and the server agree: the
    server ends the session between ``SESSION_IDLE_MINUTES`` and one minute more after the last request, the
    page at ``SESSION_IDLE_MINUTES``, when it goes to the login page with ``het-phien=1``: that request ends a
    session idle that long at once (the stored timestamp is never later than the page's last request).
    "Tiếp tục làm việc" pings the keep-alive URL, which always refreshes it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            idle = idle_seconds(request)
            # The login page the countdown goes to ends a session idle that long at once (the stored timestamp
            # is never later than the page's last request); elsewhere a minute of slack.
            countdown_ended = request.GET.get("het-phien") == "1" and request.path == reverse("accounts:login")
            limit = settings.SESSION_IDLE_MINUTES * 60 + (0 if countdown_ended else REFRESH_SECONDS)
            if idle is not None and idle >= limit:
                logout(request)
                if countdown_ended:
                    return self.get_response(request)
                return redirect(f"{reverse('accounts:login')}?het-phien=1")
            if idle is None or idle >= REFRESH_SECONDS:
                touch(request)
        return self.get_response(request)


# Pages an administrator without a verified second factor may still open.
TWO_FACTOR_EXEMPT = (
    "accounts:two_factor",
    "accounts:two_factor_start",
    "accounts:two_factor_confirm",
    "accounts:two_factor_verify",
    "accounts:two_factor_backup_codes",
    "accounts:two_factor_disable",
    "accounts:login",
    "accounts:logout",
    "accounts:keepalive",
    "accounts:verify",
)


class RequireAdminTwoFactorMiddleware:
    """Administrators must set up and use TOTP before they can do anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and user.is_administrator
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(name) for name in TWO_FACTOR_EXEMPT}
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)


# Pages a user who must change their password may still open (the profile page holds the form).
PASSWORD_CHANGE_EXEMPT = ("accounts:profile", *TWO_FACTOR_EXEMPT)


class RequirePasswordChangeMiddleware:
    """A user whose password an administrator reset must choose a new one before anything else.

    ``User.must_change_password`` is set by the administrator's "cấp lại mật khẩu"
    and cleared by the password form on the profile page. Place this after
    ``RequireAdminTwoFactorMiddleware``: an administrator proves the second factor
    first, then changes the password.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(name) for name in PASSWORD_CHANGE_EXEMPT}
        ):
            target = password_change_url()
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        return self.get_response(request)


def password_change_url() -> str:
    return f"{reverse('accounts:profile')}#doi-mat-khau"
