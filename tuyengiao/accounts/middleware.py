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


class IdleTimeoutMiddleware:
    """Log out a user who has not made a request for ``SESSION_IDLE_MINUTES``.

    Every authenticated request refreshes the timestamp, so the on-page countdown
    (static/js/session-timeout.js) and the server agree: "Tiếp tục làm việc" pings
    the keep-alive URL, which is an ordinary authenticated request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - float(last_seen) > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?het-phien=1")
            request.session[LAST_SEEN] = now
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
