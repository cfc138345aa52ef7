"""Background tasks of the reports area (django-tasks; the worker is ``manage.py db_worker``).

django-tasks has no progress API, so an import keeps its own progress on its ``ImportJob`` row:
``processed_rows`` is updated every few rows while the file is checked, each update its own short
autocommit statement, outside the single transaction that finally writes the reports.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tuyengiao.lib.periods import Period
from tuyengiao.reports import spreadsheets
from tuyengiao.reports.models import ABANDONED_AFTER, ImportJob

logger = logging.getLogger(__name__)

# Files with at most this many rows are processed during the upload request; larger ones by the worker.
INLINE_MAX_ROWS = 50


def process_import(job_id: int) -> None:
    """Check and write one uploaded spreadsheet, recording progress and the outcome on its job."""
    job = ImportJob.objects.select_related("form", "user").filter(pk=job_id).first()
    if job is None or job.finished_work:
        return
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs.update(status=ImportJob.Status.RUNNING, heartbeat=timezone.now())

    def progress(processed: int, total: int) -> None:
        jobs.update(processed_rows=processed, total_rows=total, heartbeat=timezone.now())

    try:
        with job.file.open("rb") as handle:
            result = spreadsheets.parse(
                handle, job.form, Period.parse(job.period), job.user, progress=progress, name=job.original_name
            )
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        jobs.update(
            status=ImportJob.Status.FAILED,
            errors=[
                {
                    "row": 0,
                    "column": "",
                    "indicator": "",
                    "message": _("Lỗi hệ thống khi xử lý tệp; không có gì được lưu. Vui lòng thử lại sau."),
                }
            ],
            finished=timezone.now(),
        )
        return
    jobs.update(
        status=ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
        errors=result.errors_json(),
        saved=result.saved_json(),
        total_rows=result.rows,
        processed_rows=result.rows,
        finished=timezone.now(),
    )


@task()
def run_import(job_id: int) -> None:
    process_import(job_id)


def abandoned_message() -> str:
    return _(
        "Việc xử lý tệp bị dừng giữa chừng (tiến trình nền đã dừng hoặc máy chủ khởi động lại); "
        "không có dòng nào được lưu. Vui lòng tải tệp lên lại."
    )


def sweep(now: dt.datetime | None = None) -> tuple[int, int]:
    """Housekeeping of the imports, run by the worker with every heartbeat (``manage.py worker``): jobs whose
    worker died mid-file are marked failed (their reports are written in one final transaction, so nothing
    partial was saved), and the files of jobs finished more than ``TG_IMPORT_RETENTION_DAYS`` ago are deleted
    (the job keeps its outcome and errors). Returns (jobs marked failed, files deleted)."""
    now = now or timezone.now()
    failed = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat__lt=now - ABANDONED_AFTER).update(
        status=ImportJob.Status.FAILED,
        errors=[{"row": 0, "column": "", "indicator": "", "message": abandoned_message()}],
        finished=now,
    )
    expired = ImportJob.objects.filter(finished__lt=now - dt.timedelta(days=settings.TG_IMPORT_RETENTION_DAYS)).exclude(
        file=""
    )
    deleted = 0
    for job in expired.only("pk", "file"):
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    if failed or deleted:
        logger.info("Imports: %s abandoned job(s) marked failed, %s old file(s) deleted", failed, deleted)
    return failed, deleted
