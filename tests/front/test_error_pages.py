"""Error pages speak Vietnamese and say what to do (Django's English pages never reach a user)."""

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views import defaults
from django.views.csrf import csrf_failure

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_vietnamese_404_page_with_a_way_home(personas: Any) -> None:
    response = personas.client(personas.specialist).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page
    assert "Not Found" not in page


def test_the_404_page_works_for_a_visitor_who_is_not_logged_in() -> None:
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_the_500_page_is_vietnamese_and_needs_no_database(django_assert_num_queries: Any) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Đã có lỗi ở máy chủ" in page and "không có thay đổi nào được ghi" in page


def test_the_403_and_csrf_pages_are_vietnamese(personas: Any) -> None:
    request = RequestFactory().get("/")
    request.user = personas.specialist
    assert "Bạn không có quyền" in defaults.permission_denied(request, Exception()).content.decode()
    assert "Không gửi được biểu mẫu" in csrf_failure(request).content.decode()
    assert "Yêu cầu không hợp lệ" in defaults.bad_request(request, Exception()).content.decode()


def test_a_form_posted_without_its_csrf_token_is_refused_in_vietnamese(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.specialist)
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
