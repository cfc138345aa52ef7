from __future__ import annotations


def test_the_schema_and_the_docs_page_answer_without_a_token(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"].startswith("Tuyên giáo số")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
