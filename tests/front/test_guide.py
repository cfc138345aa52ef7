"""The user guide (docs/huong-dan/) is served by the application, offline: its pages, its pictures, and nothing
else of the server's files."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tuyengiao.front import guide

pytestmark = pytest.mark.django_db

PAGES = sorted(p.stem for p in guide.GUIDE_DIR.glob("*.md"))


def test_the_guide_index_renders_for_a_signed_in_user_and_links_its_pages(personas):
    response = personas.client(personas.commune1).get(reverse("front:guide"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hướng dẫn sử dụng Tuyên giáo số</h1>" in html
    assert f'href="{reverse("front:guide_page", args=["vai-tro-xa"])}"' in html
    assert f'href="{reverse("front:guide_page", args=["ngay-dau-tien"])}"' in html


def test_the_user_menu_and_the_login_page_link_the_guide(personas, client):
    url = reverse("front:guide")
    assert f'href="{url}"' in personas.client(personas.viewer).get(reverse("front:home")).content.decode()
    assert f'href="{url}"' in client.get(reverse("accounts:login")).content.decode()


def test_a_role_page_renders_with_its_screenshots_served_by_the_application(personas):
    client = personas.client(personas.commune1)
    response = client.get(reverse("front:guide_page", args=["vai-tro-xa"]))
    assert response.status_code == 200
    images = re.findall(r'<img [^>]*src="([^"]+)"', response.content.decode())
    assert images, "the commune's page shows screenshots"
    for src in images:
        picture = client.get(src)
        assert picture.status_code == 200, src
        assert picture["Content-Type"] == "image/png"
        assert b"".join(picture.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_anyone_may_read_the_guide_without_signing_in(client):
    response = client.get(reverse("front:guide_page", args=["ngay-dau-tien"]))
    assert response.status_code == 200
    assert "manage.py backup" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_every_guide_page_renders_and_every_picture_and_page_it_links_exists(client, page):
    url = reverse("front:guide") if page == guide.INDEX else reverse("front:guide_page", args=[page])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for src in re.findall(r'<img [^>]*src="([^"]+)"', html):
        assert client.get(src).status_code == 200, src
    for href in re.findall(r'href="(/huong-dan/[^"#]*)', html):
        assert client.get(href).status_code == 200, href
    text = guide.GUIDE_DIR.joinpath(f"{page}.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        assert target.startswith("../") or guide._link(target), f"{page}.md links {target}, which is not served"


@pytest.mark.parametrize(
    "path",
    [
        "/huong-dan/anh/..%2F..%2F..%2Ftuyengiao%2Fsettings.py",
        "/huong-dan/anh/..%2FREADME.md",
        "/huong-dan/anh/../README.md",
        "/huong-dan/anh/khong-co.png",
        "/huong-dan/anh/trang-chu-xa.PNG",
        "/huong-dan/..%2F..%2FREADME/",
        "/huong-dan/..%2Fdeploy/",
        "/huong-dan/khong-co/",
        "/huong-dan/Vai-Tro-Xa/",
    ],
)
def test_a_name_outside_the_guide_folder_or_not_in_it_answers_404(client, path):
    assert client.get(path).status_code == 404


def test_a_traversal_name_is_refused_by_the_image_view_itself(rf):
    from django.http import Http404

    for name in ("../README.md", "..", "../../tuyengiao/settings.py", "anh/../../x.png"):
        with pytest.raises(Http404):
            guide.guide_image(rf.get("/"), name)
    for page in ("../deploy", "..", "README/../x"):
        with pytest.raises(Http404):
            guide.guide(rf.get("/"), page)
