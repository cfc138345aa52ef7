"""Every operation of the API's schema × persona × another province's records: 404, nothing in lists.

``OPERATIONS`` has one row per operation of the OpenAPI schema (its ``operationId``, the view function's name);
``test_every_operation_of_the_schema_has_a_row`` fails when an operation has none, so a new endpoint cannot
ship unwalked. A row says what the operation is:

* ``"detail"``: its path names a record (``params``: path parameter → the world's record, see
  ``api_worlds`` in conftest.py); another province's record answers 404 ``not_found``.
* ``"write"``: the same for a write (a POST/PUT/PATCH with ``body`` and an ``If-Match``): 404 before anything
  else, whatever the body, so nothing tells that the record exists; nothing is written.
* ``"list"``: answers 200 (``query`` may name the world's records: ``"@document_code"``) and no item of the
  other province is in it: neither its marker (in every title the world creates) nor its unit's key.
  ``foreign_query``: the same list filtered by the other province's record answers 404.

Personas: Đắk Lắk's leader, specialist, commune and viewer, and Lâm Đồng's specialist (``outsider``) walk the
other province's records; the central administrator walks Lâm Đồng's as the control (details answer 200 and a
write reaches the stale check, 412), so the walk's ids are real.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from tuyengiao.api.main import api
from tuyengiao.api.models import ApiToken

PERSONAS = ("admin", "leader", "specialist", "commune1", "viewer", "outsider")


@dataclass(frozen=True)
class Op:
    kind: str  # "detail", "write" or "list"
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    foreign_query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None


TODAY = "@today"

OPERATIONS: dict[str, Op] = {
    # units
    "unit_list": Op("list", query={"limit": "500"}),
    "unit_detail": Op("detail", params={"key": "unit_key"}),
    "unit_children": Op("detail", params={"key": "unit_key"}),
    "unit_lineage": Op("detail", params={"key": "unit_key"}),
    # documents
    "document_list": Op("list", query={"limit": "500"}),
    "document_parse": Op("list", query={"number": "@document_code"}),
    "document_detail": Op("detail", params={"document_id": "document"}),
    # meetings
    "meeting_list": Op("list", query={"limit": "500"}, foreign_query={"unit": "unit_key"}),
    "meeting_detail": Op("detail", params={"meeting_id": "meeting"}),
    # tasks
    "task_list": Op("list", query={"limit": "500"}, foreign_query={"owner": "commune_key"}),
    "task_detail": Op("detail", params={"task_id": "task"}),
    "task_update": Op("write", params={"task_id": "task"}, body={"date": TODAY, "text": "Đã triển khai"}),
    "task_reopen": Op("write", params={"task_id": "task"}, body={}),
    # dissemination
    "document_coverage": Op("detail", params={"document_id": "document"}),
    # awards
    "decision_list": Op("list", query={"limit": "500"}, foreign_query={"unit": "unit_key"}),
    "decision_detail": Op("detail", params={"decision_id": "decision"}),
    "award_list": Op("list", query={"limit": "500"}, foreign_query={"unit": "commune_key"}),
    # reports (api-reports): forms are configuration every signed-in user reads ("shared"); a unit's report, its
    # save and the consolidated figures name the other province's unit in the path; the bulk import names it in
    # a row, answered like a key that does not exist ("import")
    "form_list": Op("shared", query={"limit": "500"}),
    "form_detail": Op("shared", params={"form": "form"}),
    "form_periods": Op("shared", params={"form": "form"}),
    "report_detail": Op("detail", params={"form": "form", "period": "period", "unit": "commune_key"}),
    "report_save": Op("write", params={"form": "form", "period": "period", "unit": "commune_key"}, body={"values": {}}),
    "report_import": Op(
        "import", params={"form": "form", "period": "period"}, body={"rows": [{"unit": "@commune_key"}]}
    ),
    "consolidated": Op("detail", params={"form": "form", "period": "period", "unit": "unit_key"}),
}


def schema_operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path) of every operation of the schema."""
    schema = api.get_openapi_schema()
    out = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            out[operation["operationId"]] = (method.upper(), path)
    return out


def value(text: str, ids: dict[str, Any]) -> str:
    if text == TODAY:
        return timezone.localdate().isoformat()
    if text.startswith("@"):
        return str(ids[text[1:]])
    return text


def resolved(data: Any, ids: dict[str, Any]) -> Any:
    if isinstance(data, dict):
        return {key: resolved(item, ids) for key, item in data.items()}
    if isinstance(data, list):
        return [resolved(item, ids) for item in data]
    if isinstance(data, str):
        return value(data, ids)
    return data


def test_every_operation_of_the_schema_has_a_row():
    operations = schema_operations()
    missing = sorted(set(operations) - set(OPERATIONS))
    stale = sorted(set(OPERATIONS) - set(operations))
    assert not missing, f"operations without a row in OPERATIONS (add one): {missing}"
    assert not stale, f"rows for operations the schema no longer has: {stale}"


def test_operation_ids_are_unique_view_names():
    schema = api.get_openapi_schema()
    ids = [op["operationId"] for methods in schema["paths"].values() for op in methods.values()]
    assert len(ids) == len(set(ids))


def request(client: Any, method: str, url: str, query: dict[str, str], body: Any, headers: dict[str, str]) -> Any:
    if method == "GET":
        return client.get(url, query, headers=headers)
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_every_operation_answers_404_for_another_provinces_records_and_lists_leak_nothing(personas, api_worlds):
    operations = schema_operations()
    from django.test import Client

    failures: list[str] = []
    for persona in PERSONAS:
        user = getattr(personas, persona)
        foreign = api_worlds["dak_lak" if persona == "outsider" else "lam_dong"]
        ids = foreign.ids
        control = persona == "admin"
        _token, secret = ApiToken.issue(user, "walk", created_by=user)
        client = Client()
        auth = {"Authorization": f"Bearer {secret}"}
        for operation_id, (method, path) in sorted(operations.items()):
            row = OPERATIONS[operation_id]
            url = path
            for param, record in row.params.items():
                url = url.replace("{" + param + "}", str(ids[record]))
            assert "{" not in url, (operation_id, url)
            query = {key: value(text, ids) for key, text in row.query.items()}
            headers = {**auth, "If-Match": '"999999"'} if row.kind == "write" else auth
            response = request(client, method, url, query, resolved(row.body, ids), headers)
            where = f"{persona} {operation_id} {method} {url} → {response.status_code}"
            body = response.content.decode("utf-8", "replace")
            if response.status_code >= 500:
                failures.append(f"{where} {body[:200]}")
                continue
            if row.kind == "detail":
                expected = 200 if control else 404
                if response.status_code != expected:
                    failures.append(f"{where} (expected {expected})")
                elif not control and response.json().get("code") != "not_found":
                    failures.append(f"{where} (error code {response.json().get('code')})")
            elif row.kind == "write":
                expected = 412 if control else 404
                if response.status_code != expected:
                    failures.append(f"{where} (expected {expected}) {body[:200]}")
            elif row.kind == "shared":  # read by every signed-in user, and nothing of either world's units in it
                if response.status_code != 200:
                    failures.append(f"{where} (expected 200) {body[:200]}")
                elif foreign.marker in body or f'"{ids["unit_key"]}"' in body or f'"{ids["commune_key"]}"' in body:
                    failures.append(f"{where} (shows the other province's records)")
            elif row.kind == "import":  # the row's unit: refused like a key that does not exist, nothing written
                expected = 200 if control else 422
                unknown = [
                    {
                        "unit": ids["commune_key"],
                        "indicator": None,
                        "message": f"Không có đơn vị mã “{ids['commune_key']}”.",
                    }
                ]
                if response.status_code != expected:
                    failures.append(f"{where} (expected {expected}) {body[:200]}")
                elif not control and response.json().get("details") != unknown:
                    failures.append(f"{where} (not refused as an unknown unit) {body[:300]}")
            else:
                if response.status_code != 200:
                    failures.append(f"{where} (expected 200) {body[:200]}")
                    continue
                leaked = foreign.marker in body or f'"{ids["unit_key"]}"' in body
                if control and operation_id != "unit_list" and foreign.marker not in body:
                    failures.append(f"{where} (the control does not see the world's records)")
                if not control and leaked:
                    failures.append(f"{where} (shows the other province's records)")
                if row.foreign_query:
                    filtered = {key: value("@" + record, ids) for key, record in row.foreign_query.items()}
                    again = client.get(url, {**query, **filtered}, headers=auth)
                    expected = 200 if control else 404
                    if again.status_code != expected:
                        failures.append(f"{where} filtered by {filtered} → {again.status_code} (expected {expected})")
        client.logout()
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_write_to_another_provinces_task_changes_nothing(personas, api_worlds, api_client):
    from tuyengiao.followup.models import Task

    task = Task.objects.get(pk=api_worlds["lam_dong"].ids["task"])
    before = (task.revision, task.status)
    client = api_client(personas.leader)
    response = client.post(
        f"/tasks/{task.pk}/updates",
        {"date": dt.date.today().isoformat(), "text": "x", "done": True},
        headers={"If-Match": f'"{task.revision}"'},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert (task.revision, task.status) == before
