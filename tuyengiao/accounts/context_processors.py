from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, int]:
    """Seconds until an idle session ends, and when to start warning (the last 2 minutes)."""
    if not request.user.is_authenticated:
        return {}
    idle = settings.SESSION_IDLE_MINUTES * 60
    return {"session_idle_seconds": idle, "session_warn_seconds": min(120, idle // 2)}
