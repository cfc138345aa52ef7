"""manage.py doccode: citations in a text, or one parsed code, as JSON (no database)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["raw", "canonical", "number", "type", "type_name", "issuer", "year", "system", "date", "start", "end"]


def run(*args: str, **options: Any) -> Any:
    out = io.StringIO()
    call_command("doccode", *args, stdout=out, **options)
    return json.loads(out.getvalue())


def test_it_prints_the_citations_of_the_texts_as_json() -> None:
    texts = ("Thực hiện Quy định số 97-QĐ/TW,", "ngày 3 tháng 7 năm 2024 và Công văn 3600/UBND-VX.")
    joined = " ".join(texts)
    assert (joined.index("97-QĐ/TW"), joined.index("3600/UBND-VX")) == (22, 68)
    data = run(*texts)
    assert data == [
        {
            "raw": "97-QĐ/TW",
            "canonical": "97-QĐ/TW",
            "number": 97,
            "type": "QĐ",
            "type_name": "Quy định",
            "issuer": "TW",
            "year": None,
            "system": "party",
            "date": "2024-07-03",
            "start": 22,
            "end": 30,
        },
        {
            "raw": "3600/UBND-VX",
            "canonical": "3600/UBND-VX",
            "number": 3600,
            "type": "",
            "type_name": "Công văn",
            "issuer": "UBND-VX",
            "year": None,
            "system": "state",
            "date": None,
            "start": 68,
            "end": 80,
        },
    ]
    assert [list(item) for item in data] == [KEYS, KEYS]


def test_it_reads_standard_input_without_texts_or_with_a_dash() -> None:
    text = "Nghị định 30/2020/NĐ-CP ngày 05/3/2020"
    for args in ((), ("-",)):
        [item] = run(*args, stdin=io.StringIO(text))
        assert (item["canonical"], item["year"], item["date"]) == ("30/2020/NĐ-CP", 2020, "2020-03-05")


def test_it_prints_an_empty_list_when_nothing_is_cited() -> None:
    assert run("Ngày 18/5/2021, 9/15 huyện, nhiệm kỳ 2020-2025.") == []


def test_it_includes_headings_on_request() -> None:
    assert run("Số: 17/CT-UBND") == []
    assert [item["canonical"] for item in run("Số: 17/CT-UBND", "--headers")] == ["17/CT-UBND"]


def test_it_parses_one_code() -> None:
    assert run("--parse", "22/CT-TW") == {
        "raw": "22/CT-TW",
        "canonical": "22-CT/TW",
        "number": 22,
        "type": "CT",
        "type_name": "Chỉ thị",
        "issuer": "TW",
        "year": None,
        "system": "party",
        "date": None,
        "start": None,
        "end": None,
    }


def test_it_fails_with_status_1_and_the_reason_when_the_code_is_not_a_document_number() -> None:
    with pytest.raises(CommandError) as excinfo:
        run("--parse", "18/5/2021")
    assert excinfo.value.returncode == 1
    assert "không phải số, ký hiệu văn bản" in str(excinfo.value)


def test_it_refuses_parse_and_texts_together() -> None:
    with pytest.raises(CommandError):
        run("--parse", "05-CT/TW", "văn bản")


def test_it_exits_with_status_1_on_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "doccode", "--parse", "COVID-19"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "“COVID-19” không phải số, ký hiệu văn bản" in result.stderr
