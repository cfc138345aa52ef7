"""The shared rules: the error shape, ETag / If-Match on a task, the idempotency helper, pagination."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tuyengiao.api.common import etag, idempotent, parse_if_match, require_if_match
from tuyengiao.api.errors import ApiError
from tuyengiao.api.models import IdempotencyKey
from tuyengiao.followup.forms import UpdateForm
from tuyengiao.followup.models import Task


@pytest.fixture
def task(personas):
    return Task.objects.create(
        issuer=personas.commission,
        owner=personas.commune_unit1,
        title="Tổ chức quán triệt Chỉ thị 05",
        assigned_on=dt.date(2025, 8, 1),
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )


# --- Errors ------------------------------------------------------------------------------------------------------


def test_a_bad_parameter_is_a_422_naming_the_field_in_vietnamese(personas, api_client):
    response = api_client(personas.leader).get("/units/", {"limit": 0, "date": "31/12/2025"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    fields = {row["field"]: row["message"] for row in body["details"]}
    assert fields["limit"] == "Phải lớn hơn hoặc bằng 1."
    assert fields["date"] == "Ngày phải có dạng YYYY-MM-DD."


def test_an_invalid_json_body_is_a_422(personas, api_client, task):
    response = api_client(personas.commune1).post(f"/tasks/{task.pk}/updates", "{not json", headers={"If-Match": '"1"'})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_an_unexpected_failure_is_a_500_in_the_same_shape(personas, api_client, monkeypatch):
    from tuyengiao.api import units

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(units, "unit_or_404", broken)
    response = api_client(personas.leader).get(f"/units/{personas.province.key}")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": "Lỗi máy chủ; sự cố đã được ghi lại."}


def test_pagination_counts_everything_and_caps_the_page(personas, api_client):
    client = api_client(personas.leader)
    first = client.get("/units/", {"limit": 2}).json()
    second = client.get("/units/", {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] > 4
    assert len(first["items"]) == 2 and first["items"] != second["items"]
    assert client.get("/units/", {"limit": 501}).status_code == 422


# --- ETag / If-Match -------------------------------------------------------------------------------------------


def test_a_detail_carries_its_revision_as_etag(personas, api_client, task):
    response = api_client(personas.commune1).get(f"/tasks/{task.pk}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{task.revision}"' == etag(task)
    assert response.json()["revision"] == task.revision


def test_an_update_without_if_match_is_refused_with_428(personas, api_client, task):
    response = api_client(personas.commune1).post(
        f"/tasks/{task.pk}/updates", {"date": timezone.localdate().isoformat(), "text": "Đã họp"}
    )
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert not task.updates.exists()


def test_a_stale_update_is_refused_with_412_and_changes_nothing(personas, api_client, task):
    response = api_client(personas.commune1).post(
        f"/tasks/{task.pk}/updates",
        {"date": timezone.localdate().isoformat(), "text": "Đã họp"},
        headers={"If-Match": f'"{task.revision + 1}"'},
    )
    assert response.status_code == 412
    assert response.json()["code"] == "stale"
    task.refresh_from_db()
    assert task.revision == 1 and not task.updates.exists()


def test_an_update_with_the_current_etag_is_recorded_and_answers_the_new_etag(personas, api_client, task):
    client = api_client(personas.commune1)
    current = client.get(f"/tasks/{task.pk}")["ETag"]
    response = client.post(
        f"/tasks/{task.pk}/updates",
        {"date": timezone.localdate().isoformat(), "text": "Đã quán triệt", "percent": 60},
        headers={"If-Match": current},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "in_progress" and body["updates"][0]["percent"] == 60
    assert response["ETag"] == f'"{body["revision"]}"' != current
    # the same ETag a second time is stale now
    again = client.post(
        f"/tasks/{task.pk}/updates",
        {"date": timezone.localdate().isoformat(), "text": "Lần nữa"},
        headers={"If-Match": current},
    )
    assert again.status_code == 412


def test_marking_done_then_reopening_by_the_issuer(personas, api_client, task):
    commune = api_client(personas.commune1)
    done = commune.post(
        f"/tasks/{task.pk}/updates",
        {"date": timezone.localdate().isoformat(), "text": "Hoàn thành", "done": True},
        headers={"If-Match": '"1"'},
    )
    assert done.status_code == 201 and done.json()["status"] == "done"
    assert commune.post(f"/tasks/{task.pk}/reopen", headers={"If-Match": done["ETag"]}).status_code == 403
    leader = api_client(personas.leader)
    reopened = leader.post(f"/tasks/{task.pk}/reopen", headers={"If-Match": done["ETag"]})
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["status"] == "in_progress"
    assert leader.post(f"/tasks/{task.pk}/reopen", headers={"If-Match": reopened["ETag"]}).status_code == 409


def test_the_update_refuses_what_the_page_refuses_with_the_pages_words(personas, api_client, task):
    client = api_client(personas.commune1)
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/tasks/{task.pk}/updates", {"date": future, "text": "Sớm quá"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 422
    assert response.json()["message"] == "Ngày cập nhật không thể sau hôm nay."
    too_much = client.post(
        f"/tasks/{task.pk}/updates",
        {"date": timezone.localdate().isoformat(), "text": "x", "percent": 150},
        headers={"If-Match": '"1"'},
    )
    assert too_much.status_code == 422
    page = UpdateForm(
        {"date": timezone.localdate().strftime("%d/%m/%Y"), "text": "x", "percent": "150", "revision": "1"}
    )
    assert not page.is_valid()
    assert too_much.json()["details"] == [{"field": "percent", "message": page.errors["percent"][0]}]
    task.refresh_from_db()
    assert task.revision == 1


def test_a_viewer_who_reads_the_task_may_not_report_on_it(personas, api_client, task):
    viewer = api_client(personas.leader)  # the leader reads and manages, but reporting is the owner's
    response = viewer.get(f"/tasks/{task.pk}")
    assert response.status_code == 200
    other = api_client(personas.commune2)
    assert other.get(f"/tasks/{task.pk}").status_code == 404


@pytest.mark.parametrize(("header", "seen"), [('"3"', 3), ('W/"3"', 3), ("3", 3), ('"x"', None), ("", None)])
def test_if_match_is_read_quoted_weak_or_bare(header, seen):
    assert parse_if_match(header) == seen


def test_require_if_match_raises_the_two_codes():
    factory = RequestFactory()
    with pytest.raises(ApiError) as missing:
        require_if_match(factory.post("/"), 2)
    assert (missing.value.status, missing.value.code) == (428, "precondition_required")
    with pytest.raises(ApiError) as stale:
        require_if_match(factory.post("/", headers={"If-Match": '"1"'}), 2)
    assert (stale.value.status, stale.value.code) == (412, "stale")
    assert require_if_match(factory.post("/", headers={"If-Match": '"2"'}), 2) == 2


# --- Idempotency -----------------------------------------------------------------------------------------------


def call(user, body: dict, key: str | None, runs: list[int]):
    headers = {"Idempotency-Key": key} if key else {}
    request = RequestFactory().post("/", json.dumps(body), content_type="application/json", headers=headers)
    request.user = user

    def handler():
        runs.append(1)
        return 201, {"saved": len(runs), "body": body}

    return idempotent(request, "report-submit:1", handler)


def test_the_same_key_and_body_replays_the_first_answer(personas):
    runs: list[int] = []
    first = call(personas.commune1, {"a": 1}, "k-1", runs)
    second = call(personas.commune1, {"a": 1}, "k-1", runs)
    assert len(runs) == 1
    assert (second.status_code, second.content) == (first.status_code, first.content)
    assert second["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_an_idempotency_conflict(personas):
    runs: list[int] = []
    call(personas.commune1, {"a": 1}, "k-1", runs)
    with pytest.raises(ApiError) as error:
        call(personas.commune1, {"a": 2}, "k-1", runs)
    assert (error.value.status, error.value.code) == (422, "idempotency_conflict")
    assert len(runs) == 1


def test_keys_belong_to_their_user_and_without_a_key_every_call_runs(personas):
    runs: list[int] = []
    call(personas.commune1, {"a": 1}, "k-1", runs)
    call(personas.commune2, {"a": 1}, "k-1", runs)
    call(personas.commune1, {"a": 1}, None, runs)
    call(personas.commune1, {"a": 1}, None, runs)
    assert len(runs) == 4
    assert IdempotencyKey.objects.count() == 2


def test_a_refused_submission_is_not_stored_so_it_can_be_corrected(personas):
    request = RequestFactory().post("/", "{}", content_type="application/json", headers={"Idempotency-Key": "k"})
    request.user = personas.commune1
    response = idempotent(request, "x", lambda: (422, {"code": "validation_error"}))
    assert response.status_code == 422
    assert not IdempotencyKey.objects.exists()


def test_an_address_the_api_does_not_have_answers_404_in_the_error_shape(personas, api_client):
    client = api_client(personas.leader)
    for path in ("/khong-co/", "/units/p:66/khong-co"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "not_found"
    anonymous = api_client(None).get("/khong-co/")
    assert anonymous.status_code == 404 and anonymous.json()["code"] == "not_found"


def test_a_method_an_address_does_not_take_answers_405_with_allow_in_the_error_shape(personas, api_client):
    response = api_client(personas.leader).delete("/units/")
    assert response.status_code == 405
    body = response.json()
    assert body["code"] == "method_not_allowed" and "DELETE" in body["message"]
    assert "GET" in response["Allow"]


def test_an_operations_own_404_keeps_its_message(personas, api_client):
    response = api_client(personas.leader).get("/units/khong-co-ma-nay")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
