"""The read endpoints with records: documents, meetings, tasks, dissemination coverage, awards.

The records are the isolation walk's (``api_worlds``): Đắk Lắk's, read by Đắk Lắk's specialist."""

from __future__ import annotations

import pytest

from tuyengiao.documents.models import Document


@pytest.fixture
def world(api_worlds):
    return api_worlds["dak_lak"]


@pytest.fixture
def specialist(personas, api_client):
    return api_client(personas.specialist)


def test_documents_are_listed_filtered_and_found_by_number_in_any_writing(world, specialist):
    everything = specialist.get("/documents/").json()
    assert world.ids["document"] in [d["id"] for d in everything["items"]]
    by_code = specialist.get("/documents/", {"q": world.ids["document_code"].lower()}).json()
    assert [d["id"] for d in by_code["items"]] == [world.ids["document"]]
    by_words = specialist.get("/documents/", {"q": "ke hoach noi bo " + world.marker.lower()}).json()
    assert [d["id"] for d in by_words["items"]] == [world.ids["document"]]
    public = specialist.get("/documents/", {"visibility": "public", "q": world.marker}).json()
    assert world.ids["document"] not in [d["id"] for d in public["items"]]


def test_a_document_answers_with_its_relations_and_etag(world, specialist):
    document = Document.objects.get(pk=world.ids["document"])
    response = specialist.get(f"/documents/{document.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == document.code and body["owner"] == "com:p:66"
    assert response["ETag"] == f'"{document.revision}"'
    assert [r["kind"] for r in body["related_from"]] == ["implements"]
    assert body["attachments"][0]["name"] == f"{world.marker}.pdf"


def test_a_number_is_parsed_with_the_documents_that_carry_it(world, specialist):
    response = specialist.get("/documents/parse", {"number": "5-ct/tw"})
    assert response.status_code == 200
    body = response.json()
    assert (body["canonical"], body["type"], body["issuer"], body["system"]) == ("05-CT/TW", "CT", "TW", "party")
    mine = specialist.get("/documents/parse", {"number": world.ids["document_code"]}).json()
    assert [d["id"] for d in mine["documents"]] == [world.ids["document"]]
    refused = specialist.get("/documents/parse", {"number": "không phải số"})
    assert refused.status_code == 422
    assert refused.json()["details"][0]["field"] == "number"


def test_a_meeting_answers_with_its_conclusions_tasks(world, specialist):
    listed = specialist.get("/meetings/", {"q": world.marker.lower()}).json()
    # the world's review conference and its reporters' conference (both titled with the marker)
    assert sorted(m["id"] for m in listed["items"]) == sorted([world.ids["meeting"], world.ids["lecturers_meeting"]])
    body = specialist.get(f"/meetings/{world.ids['meeting']}").json()
    assert body["organiser"]["key"] == "com:p:66"
    assert [t["id"] for t in body["tasks"]] == [world.ids["task"]]
    assert body["tasks"][0]["status"] in {"not_started", "in_progress"}


def test_tasks_are_listed_by_owner_status_and_words(world, specialist):
    mine = specialist.get("/tasks/", {"owner": world.ids["commune_key"], "q": world.marker}).json()
    assert [t["id"] for t in mine["items"]] == [world.ids["task"]]
    assert mine["items"][0]["status"] == "in_progress"  # an update is dated before today
    done = specialist.get("/tasks/", {"q": world.marker, "status": "done"}).json()
    assert done["count"] == 0
    before = specialist.get("/tasks/", {"q": world.marker, "date": "2025-07-01"}).json()
    assert before["count"] == 0  # given on 1 August 2025
    detail = specialist.get(f"/tasks/{world.ids['task']}").json()
    assert detail["updates"][0]["text"] == f"Tiến độ {world.marker}" and detail["updates"][0]["evidence"] == 1


def test_the_coverage_of_a_document_is_the_pages(world, specialist, personas):
    import datetime as dt

    from tuyengiao.dissemination import coverage

    response = specialist.get(f"/dissemination/documents/{world.ids['document']}/coverage", {"date": "2025-09-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    document = Document.objects.get(pk=world.ids["document"])
    expected = coverage.coverage(document, personas.province, dt.date(2025, 9, 1))
    assert body["totals"]["expected"] == expected.totals.expected
    assert body["totals"]["done"] == expected.totals.done
    assert len(body["units"]) == len(expected.rows)
    assert body["root"]["key"] == personas.province.key


def test_decisions_and_awards_are_read(world, specialist):
    decisions = specialist.get("/awards/decisions/", {"year": 2025}).json()
    assert world.ids["decision"] in [d["id"] for d in decisions["items"]]
    detail = specialist.get(f"/awards/decisions/{world.ids['decision']}").json()
    assert detail["individuals"] == 1
    assert detail["awards"][0]["recipient"] == f"Nguyễn Văn {world.marker}"
    awards = specialist.get("/awards/", {"unit": world.ids["commune_key"]}).json()
    assert [a["decision"] for a in awards["items"]] == [world.ids["decision"]]


@pytest.mark.parametrize("path", ["/documents/", "/meetings/", "/tasks/", "/awards/decisions/", "/awards/"])
def test_a_list_costs_a_bounded_number_of_queries(world, specialist, path, django_assert_max_num_queries):
    specialist.get(path)
    with django_assert_max_num_queries(15):
        response = specialist.get(path, {"limit": 500})
    assert response.status_code == 200
