"""manage.py worker — the background task worker for production: ``db_worker`` without the auto-reloader,
plus a heartbeat every 30 s that ``/readyz`` reads, and with it the imports' housekeeping
(``reports.tasks.sweep``), the notifications' e-mail digests (``reports.notifications.send_digests``) and the
country's pivot kept warm in the cache (``reports.figurecache.warm``).

Under the reloader (``db_worker`` defaults to it when DEBUG is on) the process you start is only a watcher:
stopping its PID leaves the real worker running. This command never reloads, so the PID you start is the one
that works, and systemd or ``make serve`` can stop it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from tuyengiao.lib import dbstats
from tuyengiao.ops.models import HEARTBEAT_SECONDS, WorkerHeartbeat
from tuyengiao.reports import figurecache
from tuyengiao.reports.notifications import send_digests
from tuyengiao.reports.tasks import sweep

logger = logging.getLogger(__name__)


def _beat_forever(worker_id: str, started: dt.datetime, stop: threading.Event) -> None:
    """Beat at once, then every HEARTBEAT_SECONDS until ``stop`` is set (runs in its own thread); each beat
    also runs the imports' housekeeping (``reports.tasks.sweep``: jobs of a killed worker, old files) and sends
    the notifications' e-mail digests that are due."""
    hostname, pid = socket.gethostname(), os.getpid()
    try:
        dbstats.refresh()  # a database loaded before the statistics were kept (lib/dbstats.py)
    except Exception:  # slower plans, not a stopped worker
        logger.warning("Không cập nhật được thống kê của cơ sở dữ liệu.", exc_info=True)
    finally:
        close_old_connections()
    while True:
        try:
            WorkerHeartbeat.beat(worker_id, hostname, pid, started)
            sweep()
            send_digests()
        except Exception:  # a failed beat must not kill the worker: /readyz reports it missing
            logger.warning("Không ghi được nhịp hoạt động của tiến trình nền %s.", worker_id, exc_info=True)
        finally:
            close_old_connections()
        try:
            figurecache.warm()
        except Exception:  # the pages compute what the cache lacks: a failed warm-up only costs time
            logger.warning("Không tính sẵn được bảng tổng hợp toàn quốc.", exc_info=True)
        finally:
            close_old_connections()
        if stop.wait(HEARTBEAT_SECONDS):
            return


class Command(DbWorkerCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (không tự nạp lại mã), ghi nhịp hoạt động mỗi 30 giây."

    def handle(self, *args: Any, **options: Any) -> None:
        options["reload"] = False
        stop = threading.Event()
        started = timezone.now()
        beat = threading.Thread(
            target=_beat_forever, args=(options["worker_id"], started, stop), name="heartbeat", daemon=True
        )
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            WorkerHeartbeat.objects.filter(worker_id=options["worker_id"]).delete()
