"""Structured logs: one JSON object per line; every request one record, the slow ones at WARNING."""

from __future__ import annotations

import json
import logging

from tuyengiao.lib.logs import JsonFormatter


def test_a_request_is_one_record_and_a_slow_one_is_a_warning(personas, settings, caplog):
    client = personas.client(personas.specialist)
    with caplog.at_level(logging.INFO, logger="tuyengiao.request"):
        client.get("/van-ban/?q=Nguyễn")
    record = next(r for r in caplog.records if r.name == "tuyengiao.request")
    assert (record.levelno, record.method, record.path, record.status, record.user_id) == (
        logging.INFO,
        "GET",
        "/van-ban/",
        200,
        personas.specialist.pk,
    )
    assert "Nguyễn" not in record.getMessage()  # the query string (searched names) is never logged
    caplog.clear()
    settings.TG_SLOW_REQUEST_MS = 0
    with caplog.at_level(logging.WARNING, logger="tuyengiao.request"):
        client.get("/van-ban/")
    slow = next(r for r in caplog.records if r.name == "tuyengiao.request")
    assert slow.levelno == logging.WARNING and slow.slow and "(chậm)" in slow.getMessage()


def test_the_json_formatter_writes_one_parseable_line_with_the_extra_fields():
    record = logging.makeLogRecord(
        {"name": "tuyengiao.request", "levelno": 30, "levelname": "WARNING", "msg": "GET %s", "args": ("/",)}
    )
    record.duration_ms = 1234.5
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /" and entry["duration_ms"] == 1234.5 and entry["level"] == "WARNING"
