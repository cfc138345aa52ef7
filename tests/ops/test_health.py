"""/healthz and /readyz: what a reverse proxy, systemd and monitoring ask, without login."""

import datetime as dt
import json
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from tuyengiao.ops.models import STALE_AFTER, WorkerHeartbeat

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_answers_without_login_or_database(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_when_tasks_run_in_the_request(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "not needed"}


def test_readyz_is_unavailable_until_a_worker_beats_and_again_when_it_goes_quiet(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    assert Client().get("/readyz").status_code == 503
    assert Client().get("/readyz").json()["worker"] == "missing"
    now = timezone.now()
    WorkerHeartbeat.beat("w1", "may-chu", 1234, now)
    assert Client().get("/readyz").status_code == 200
    WorkerHeartbeat.objects.update(seen=now - STALE_AFTER - dt.timedelta(seconds=1))
    assert Client().get("/readyz").json() == {"status": "unavailable", "database": "ok", "worker": "missing"}


def test_readyz_says_the_database_failed(settings: Any, monkeypatch: Any) -> None:
    settings.TASKS = DB_TASKS

    class Broken:
        def __enter__(self) -> Any:
            raise DatabaseError("connection refused")

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr("tuyengiao.ops.views.connection.cursor", lambda: Broken())
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "error", "worker": "unknown"}


def test_the_worker_command_never_reloads_starts_its_heartbeat_and_removes_its_row_when_it_stops(
    settings: Any, monkeypatch: Any
) -> None:
    from django.core.management import call_command
    from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

    from tuyengiao.ops.management.commands import worker

    settings.TASKS = DB_TASKS
    settings.DEBUG = True  # db_worker would reload under DEBUG; the production command must not
    during: dict[str, Any] = {}

    class BeatOnce:
        """The heartbeat thread, run once in this thread (a test transaction hides other connections' rows)."""

        def __init__(self, target: Any, args: tuple[Any, ...], **_kwargs: Any) -> None:
            self.worker_id, self.started, _stop = args

        def start(self) -> None:
            WorkerHeartbeat.beat(self.worker_id, "may-chu", 1, self.started)

    def fake_handle(self: Any, *args: Any, **options: Any) -> None:
        during["reload"] = options["reload"]
        during["beating"] = WorkerHeartbeat.objects.filter(worker_id="ci-worker").exists()

    monkeypatch.setattr(worker.threading, "Thread", BeatOnce)
    monkeypatch.setattr(DbWorkerCommand, "handle", fake_handle)
    call_command("worker", "--worker-id", "ci-worker")
    assert during == {"reload": False, "beating": True}
    assert not WorkerHeartbeat.objects.filter(worker_id="ci-worker").exists()


def test_the_heartbeat_beats_at_once_and_stops_when_told(monkeypatch: Any) -> None:
    import threading

    from tuyengiao.ops.management.commands import worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)  # keep the test's connection
    stop = threading.Event()
    stop.set()
    worker._beat_forever("w2", timezone.now(), stop)
    assert WorkerHeartbeat.objects.alive().filter(worker_id="w2").exists()
