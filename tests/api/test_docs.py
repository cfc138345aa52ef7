"""The schema and the interactive docs: open without a token, offline, under the site's CSP."""

from __future__ import annotations

import re


def test_the_schema_answers_without_a_token_in_vietnamese(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["info"]["title"].startswith("Tuyên giáo số")
    assert body["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, methods in body["paths"].items():
        for method, operation in methods.items():
            assert operation.get("summary") and operation.get("description"), (method, path)


def test_the_docs_page_loads_nothing_from_another_host_and_runs_no_inline_script(client, db):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    html = docs.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs, _body in scripts)
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise ask validator.swagger.io
