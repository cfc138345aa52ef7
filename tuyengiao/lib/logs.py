"""Logs an operator can read and a machine can parse: one JSON object per line, and one line per request.

* ``JsonFormatter``: ``{"time", "level", "logger", "message", …extra}`` (``TG_LOG_FORMAT=json``, the default in
  production; plain text otherwise).
* ``RequestLogMiddleware``: every request as one ``tuyengiao.request`` record — method, path (without the query
  string, which may hold searched names), status, duration in ms, user id — at INFO, and at WARNING when it took
  longer than ``TG_SLOW_REQUEST_MS`` (default 1000), so ``LOG_LEVEL=WARNING`` keeps exactly the slow ones.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("tuyengiao.request")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration,
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        slow = duration > settings.TG_SLOW_REQUEST_MS
        request_logger.log(
            logging.WARNING if slow else logging.INFO,
            "%s %s %s %.0f ms%s",
            request.method,
            request.path,
            response.status_code,
            duration,
            " (chậm)" if slow else "",
            extra={**fields, "slow": slow},
        )
        return response
