"""The interface shell: offline assets, CSP, Vietnamese, navigation."""

import re

import pytest
from django.urls import reverse

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)""", re.I)


@pytest.fixture
def pages(personas):
    province = personas.province.pk
    return [
        reverse("front:home"),
        reverse("units:browse"),
        reverse("units:browse") + "?q=dak+lak",
        reverse("units:detail", args=[province]),
        reverse("units:history", args=[province]),
        reverse("accounts:profile"),
        reverse("documents:list"),
        reverse("documents:list") + "?q=5-ct/tw",
        reverse("documents:create"),
        reverse("documents:import"),
    ]


def test_no_page_references_an_outside_host(personas, pages, client):
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert not EXTERNAL.search(login_page)
    from tuyengiao.documents.demo import ensure_documents
    from tuyengiao.documents.models import Document

    ensure_documents()
    pages = [*pages, reverse("documents:detail", args=[Document.objects.get(code="01-KL/TW").pk])]
    client = personas.client(personas.admin)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not EXTERNAL.search(html), f"{url} loads something from outside the server"


def test_pages_send_a_csp_without_unsafe_inline_scripts(personas):
    response = personas.client(personas.leader).get(reverse("front:home"))
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert "'self'" in script_src
    assert "<script>" not in response.content.decode()  # no inline scripts in the page either


def test_the_page_speaks_vietnamese_and_lists_the_modules(personas):
    response = personas.client(personas.leader).get(reverse("front:home"))
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đơn vị" in html and "Trang chủ" in html


def test_the_home_page_shows_the_users_units(personas):
    response = personas.client(personas.leader).get(reverse("front:home"))
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk" in response.content.decode()


def test_vendored_assets_are_served_by_the_project(client):
    from django.contrib.staticfiles import finders

    for path in ("vendor/bootstrap-5.3.8.min.css", "vendor/bootstrap-5.3.8.bundle.min.js", "django_htmx/htmx-2.min.js"):
        assert finders.find(path), path
