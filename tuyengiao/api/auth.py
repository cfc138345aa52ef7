"""Bearer-token authentication and the per-token rate limit.

``TokenAuth`` finds the token by the SHA-256 digest of the presented secret (models.py says why a fast hash),
refuses a revoked or expired token and an inactive user with the ``unauthenticated`` error, sets
``request.user`` to the token's user (so every scoping rule is the pages' own), records ``last_used_at`` at most
once a minute (one UPDATE a minute per token, not one per call), then counts the call against the token's rate.

Rate limit: a fixed window per token in Django's cache (``settings.TG_API_RATE``, e.g. "600/minute"). The
default cache is per process: with N worker processes a token may make up to N times the rate; ``TG_CACHE_URL``
(Redis, settings.py) gives every process one window.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from tuyengiao.api.errors import ApiError
from tuyengiao.api.models import ApiToken, digest
from tuyengiao.lib.env import parse_rate

LAST_USED_EVERY = dt.timedelta(minutes=1)


def unauthenticated(message: Any) -> ApiError:
    return ApiError(401, "unauthenticated", message, headers={"WWW-Authenticate": "Bearer"})


def check_rate(token: ApiToken) -> None:
    """Count one call of ``token`` in the current window; 429 ``rate_limited`` with Retry-After past the limit."""
    limit, window = parse_rate(settings.TG_API_RATE)
    now = time.time()
    start = int(now // window) * window
    key = f"api-rate:{token.pk}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        retry = max(1, math.ceil(start + window - now))
        raise ApiError(
            429,
            "rate_limited",
            _("Mã truy cập này đã gọi quá %(limit)d lần trong %(window)d giây; hãy thử lại sau %(retry)d giây.")
            % {"limit": limit, "window": window, "retry": retry},
            headers={"Retry-After": str(retry)},
        )


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        secret = token.strip()
        found = (
            ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
            if secret.isascii() and 0 < len(secret) < 200
            else None
        )
        if found is None:
            raise unauthenticated(_("Mã truy cập không đúng."))
        if found.revoked_at is not None:
            raise unauthenticated(_("Mã truy cập này đã bị thu hồi."))
        now = timezone.now()
        if found.expires_at is not None and found.expires_at <= now:
            raise unauthenticated(_("Mã truy cập này đã hết hạn."))
        user = found.user
        if not user.is_active:
            raise unauthenticated(_("Tài khoản của mã truy cập này đã bị khoá."))
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        check_rate(found)
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        return user

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            raise unauthenticated(_("Thiếu mã truy cập: gửi header Authorization: Bearer <mã>."))
        result = super().__call__(request)
        if result is None:
            raise unauthenticated(_("Header Authorization phải có dạng: Bearer <mã>."))
        return result
