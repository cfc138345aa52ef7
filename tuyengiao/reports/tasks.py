"""Background tasks of the reports area (django-tasks; the worker is ``manage.py db_worker``).

django-tasks has no progress API, so an import keeps its own progress on its ``ImportJob`` row:
``processed_rows`` is updated every few rows while the file is checked, each update its own short
autocommit statement, outside the single transaction that finally writes the reports.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tuyengiao.lib.periods import Period
from tuyengiao.reports import spreadsheets
from tuyengiao.reports.models import ImportJob

logger = logging.getLogger(__name__)

# Files with at most this many rows are processed during the upload request; larger ones by the worker.
INLINE_MAX_ROWS = 50


def process_import(job_id: int) -> None:
    """Check and write one uploaded spreadsheet, recording progress and the outcome on its job."""
    job = ImportJob.objects.select_related("form", "user").filter(pk=job_id).first()
    if job is None or job.finished_work:
        return
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs.update(status=ImportJob.Status.RUNNING)

    def progress(processed: int, total: int) -> None:
        jobs.update(processed_rows=processed, total_rows=total)

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
