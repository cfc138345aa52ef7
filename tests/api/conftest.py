"""API fixtures: a token for any user and a client that sends it.

def test_something(personas, api_client):
    client = api_client(personas.leader)
    response = client.get("/units/p:66")          # paths are relative to /api/v1
    assert response.status_code == 200, response.json()
    client.post("/reports/...", {"a": 1}, headers={"Idempotency-Key": "k1"})
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tuyengiao.accounts.models import User
from tuyengiao.api.models import ApiToken

PREFIX = "/api/v1"


class ApiClient:
    """A Django test client speaking JSON to the API with ``Authorization: Bearer <secret>``."""

    def __init__(self, secret: str | None, token: ApiToken | None = None) -> None:
        self.secret = secret
        self.token = token
        self.client = Client()

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        out = dict(headers or {})
        if self.secret is not None:
            out.setdefault("Authorization", f"Bearer {self.secret}")
        return out

    @staticmethod
    def url(path: str) -> str:
        return path if path.startswith(PREFIX) else PREFIX + path

    def get(self, path: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.get(self.url(path), params or {}, headers=self._headers(headers))

    def _send(self, method: str, path: str, data: Any, headers: dict[str, str] | None) -> Any:
        body = data if isinstance(data, (bytes, str)) else json.dumps(data)
        return getattr(self.client, method)(
            self.url(path), body, content_type="application/json", headers=self._headers(headers)
        )

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self._send("post", path, {} if data is None else data, headers)

    def put(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self._send("put", path, {} if data is None else data, headers)

    def patch(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self._send("patch", path, {} if data is None else data, headers)

    def delete(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return self.client.delete(self.url(path), headers=self._headers(headers))


@pytest.fixture(autouse=True)
def _fresh_rate_windows() -> None:
    """Rate-limit counters live in the cache: every test starts with empty windows."""
    cache.clear()


@pytest.fixture
def api_token(db: None) -> Callable[..., tuple[ApiToken, str]]:
    """``api_token(user, name="test", **fields)`` -> (the token row, its secret)."""

    def make(user: User, name: str = "test", **fields: Any) -> tuple[ApiToken, str]:
        token, secret = ApiToken.issue(user, name, created_by=user)
        if fields:
            ApiToken.objects.filter(pk=token.pk).update(**fields)
            token.refresh_from_db()
        return token, secret

    return make


@pytest.fixture
def api_client(api_token: Callable[..., tuple[ApiToken, str]]) -> Callable[[User | None], ApiClient]:
    """``api_client(user)`` -> an ``ApiClient`` with a fresh token of ``user`` (``None``: no token at all)."""

    def make(user: User | None) -> ApiClient:
        if user is None:
            return ApiClient(None)
        token, secret = api_token(user)
        return ApiClient(secret, token)

    return make


@pytest.fixture
def api_worlds(personas: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """The isolation walk's records (tests/scoping/test_every_url.py ``build_world``): one of each kind owned by
    Lâm Đồng (``"lam_dong"``) and by Đắk Lắk (``"dak_lak"``), their titles carrying a marker; plus what the API
    names them by: ``unit_key`` (the province's key), ``commune_key``, ``document_code``."""
    from tests.scoping.test_every_url import build_world
    from tuyengiao.awards.catalogue import ensure_catalogue
    from tuyengiao.awards.models import AwardForm
    from tuyengiao.documents.models import Document
    from tuyengiao.followup.models import Task
    from tuyengiao.units.models import Unit

    settings.MEDIA_ROOT = tmp_path
    ensure_catalogue(AwardForm)
    worlds = {
        "lam_dong": build_world(
            "lam_dong", personas.lam_dong, Unit.objects.get(key="com:p:68"), personas.outsider, 9101
        ),
        "dak_lak": build_world("dak_lak", personas.province, personas.commission, personas.specialist, 9201),
    }
    for world in worlds.values():
        ids = world.ids
        ids["unit_key"] = Unit.objects.get(pk=ids["unit"]).key
        ids["document_code"] = Document.objects.get(pk=ids["document"]).code
        ids["commune_key"] = Task.objects.select_related("owner").get(pk=ids["task"]).owner.key
    return worlds
