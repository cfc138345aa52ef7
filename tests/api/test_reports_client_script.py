"""The example client of docs/api.md ("Ví dụ: một chương trình khách"), run as it is against a live server with a
real token: the documentation cannot rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.accounts import demo
from tuyengiao.accounts.models import User
from tuyengiao.api.models import ApiToken
from tuyengiao.reports import services
from tuyengiao.reports.models import Report
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
HEADING = "## Ví dụ: một chương trình khách"

pytestmark = pytest.mark.django_db(transaction=True)


def script() -> str:
    """The first Python block of the section."""
    section = DOCS.read_text(encoding="utf-8").split(HEADING, 1)[1]
    return section.split("```python\n", 1)[1].split("\n```", 1)[0]


@pytest.fixture
def loaded(transactional_db: None) -> None:
    # Transactional tests empty the database afterwards, so the test loads what it needs (as the browser tests do).
    loader.load(log=lambda _m: None)
    demo.ensure_demo()


def test_the_section_is_the_last_of_the_document_and_uses_the_standard_library_only() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert text.rindex("\n## ") == text.index(f"\n{HEADING}")
    imports = {line.split()[1] for line in script().splitlines() if line.startswith(("import ", "from "))}
    assert imports <= {"json", "os", "sys", "urllib.error", "urllib.request", "uuid"}


def test_the_example_client_reads_a_provinces_year_and_saves_a_communes_month(
    loaded: None,
    form,  # noqa: F811
    live_server,
    tmp_path: Path,
) -> None:
    form.versions.update(effective_from="2025M01")  # a form in force all year, so that the year consolidates
    other = Unit.objects.get(key=demo.COMMUNE_KEYS[1])
    writer = User.objects.get(username="chuyenvien.daklak")
    report = services.open_report(form, other, PERIOD, writer)[0]
    report = services.save_values(report, {"ht-buoi": "4", "ht-nguoi": "50"}, {}, writer, report.revision)
    services.submit(report, writer, report.revision)
    _token, secret = ApiToken.issue(writer, "ví dụ trong docs/api.md", created_by=writer)
    program = tmp_path / "client.py"
    program.write_text(script(), encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TG_API": f"{live_server.url}/api/v1",
        "TG_TOKEN": secret,
        "TG_FORM": form.code,
        "TG_PROVINCE": demo.PROVINCE_KEY,
        "TG_YEAR": "2025",
        "TG_COMMUNE": demo.COMMUNE_KEYS[0],
        "TG_MONTH": PERIOD.code,
        "TG_FIGURES": json.dumps({"ht-buoi": 3, "ht-nguoi": "1.234", "ty-le": 85.5, "ket-noi": True}),
    }
    run = subprocess.run(
        [sys.executable, str(program)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "Số buổi học tập, quán triệt: 4" in run.stdout  # the province's year: the other commune's report
    assert "Đã lưu: Đang soạn, phiên bản" in run.stdout
    saved = Report.objects.get(unit__key=demo.COMMUNE_KEYS[0], form=form, period=PERIOD.code)
    assert services.stored_values(saved) == {
        "ht-buoi": 3,
        "ht-nguoi": 1234,
        "ty-le": services.Decimal("85.5"),
        "ket-noi": True,
    }
    # Run again: the report exists now, the program reads its ETag and sends it back (and submits).
    env["TG_SUBMIT"] = "1"
    again = subprocess.run(
        [sys.executable, str(program)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert again.returncode == 0, again.stderr
    saved.refresh_from_db()
    assert saved.status == Report.Status.SUBMITTED and "Đã lưu: Đã gửi" in again.stdout
