"""Health endpoints for the reverse proxy, systemd and monitoring (no login, no personal data).

* ``/healthz``: the process answers (no database access), for liveness checks.
* ``/readyz``: the database answers and, when tasks are queued in the database, a task worker has been seen
  recently (``manage.py worker`` writes a heartbeat). 200 when ready, 503 with the failing part otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tuyengiao.ops.models import WorkerHeartbeat


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _queues_in_database() -> bool:
    return any("django_tasks_db" in str(options.get("BACKEND", "")) for options in settings.TASKS.values())


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "error"
    if _queues_in_database():
        if checks["database"] != "ok":
            checks["worker"] = "unknown"
        else:
            checks["worker"] = "ok" if WorkerHeartbeat.objects.alive().exists() else "missing"
    else:
        checks["worker"] = "not needed"
    ready = checks["database"] == "ok" and checks["worker"] in ("ok", "not needed")
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
