"""Headless Chromium for end-to-end tests: Debian's chromium, never a downloaded browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    """On SQLite, the browser tests' database is a file, not Django's shared in-memory test database: the live
    server answers a page's requests in parallel threads, and shared memory fails two writers at once ("database
    table is locked", a 500 the page never shows) where a file waits its busy timeout, as production does."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "browser.sqlite3")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_data(transactional_db: None, settings: Any, tmp_path: Path) -> None:
    """The real unit tree, the demo accounts and the demo document registry; uploads go to a temporary folder.
    (A file that needs more, such as test_unit_tree.py, defines its own.)"""
    from tuyengiao.accounts import demo
    from tuyengiao.documents.demo import ensure_documents
    from tuyengiao.units import loader

    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_documents()


@pytest.fixture(autouse=True)
def no_server_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every browser test also fails on a server error behind the page (an htmx request answered 500 leaves the
    page unchanged, and the test would otherwise only time out waiting for what never came)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors: list[str] = []

    def record(response: Any) -> None:
        if response.status >= 500:
            errors.append(f"{response.status} {response.url}")

    page.on("response", record)
    yield
    assert not errors, f"server errors while the test ran: {errors}"
