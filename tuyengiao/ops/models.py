"""What the operators of a server need to see: which task workers are alive."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

# A worker writes its heartbeat every HEARTBEAT_SECONDS; one not seen for STALE_AFTER is taken for dead.
HEARTBEAT_SECONDS = 30
STALE_AFTER = dt.timedelta(seconds=HEARTBEAT_SECONDS * 4)


class WorkerHeartbeatQuerySet(models.QuerySet["WorkerHeartbeat"]):
    def alive(self, now: dt.datetime | None = None) -> WorkerHeartbeatQuerySet:
        return self.filter(seen__gte=(now or timezone.now()) - STALE_AFTER)


class WorkerHeartbeat(models.Model):
    """One row per task worker process (``manage.py worker``), refreshed while it runs."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started = models.DateTimeField()
    seen = models.DateTimeField(db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = "nhịp hoạt động của tiến trình nền"
        verbose_name_plural = "nhịp hoạt động của tiến trình nền"

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}:{self.pid}"

    @classmethod
    def beat(cls, worker_id: str, hostname: str, pid: int, started: dt.datetime) -> None:
        cls.objects.update_or_create(
            worker_id=worker_id, defaults={"hostname": hostname, "pid": pid, "started": started, "seen": timezone.now()}
        )
