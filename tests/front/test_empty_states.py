"""Empty lists say what to do and link to it, for those who may do it (issue #13 §5): a specialist sees the
link to record the first item, a viewer sees the sentence without it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

EMPTY = {
    "meetings:list": ("Chưa có hội nghị nào trong phạm vi của bạn.", "meetings:create", "Ghi hội nghị"),
    "documents:list": ("Sổ đăng ký chưa có văn bản nào", "documents:create", "Thêm văn bản"),
    "followup:inspection_list": ("Chưa có cuộc kiểm tra nào.", "followup:inspection_create", "Thêm cuộc kiểm tra"),
}


@pytest.mark.parametrize("page", list(EMPTY))
def test_an_empty_list_links_a_specialist_to_creating_the_first_record(personas: Any, page: str) -> None:
    sentence, create, label = EMPTY[page]
    html = personas.client(personas.specialist).get(reverse(page)).content.decode()
    assert sentence in html
    assert f'<a href="{reverse(create)}" data-testid="empty-action">{label}</a>' in html


@pytest.mark.parametrize("page", list(EMPTY))
def test_an_empty_list_shows_a_viewer_the_sentence_without_the_link(personas: Any, page: str) -> None:
    sentence, create, _label = EMPTY[page]
    html = personas.client(personas.viewer).get(reverse(page)).content.decode()
    assert sentence in html
    assert 'data-testid="empty-action"' not in html
    assert f'href="{reverse(create)}"' not in html


def test_a_unit_without_staff_links_its_specialist_to_adding_one_and_not_a_viewer(personas: Any) -> None:
    mine = personas.client(personas.specialist).get(reverse("people:unit", args=[personas.commission.pk]))
    assert "Chưa có cán bộ nào tại ngày này." in mine.content.decode()
    assert reverse("people:create", args=[personas.commission.pk]) in mine.content.decode()
    viewer_unit = personas.viewer.memberships.get().unit
    theirs = personas.client(personas.viewer).get(reverse("people:unit", args=[viewer_unit.pk]))
    assert "Chưa có cán bộ nào tại ngày này." in theirs.content.decode()
    assert 'data-testid="empty-action"' not in theirs.content.decode()


def test_a_filter_that_finds_nothing_says_so_rather_than_offering_to_create(personas: Any) -> None:
    html = personas.client(personas.specialist).get(reverse("meetings:list"), {"q": "khong co"}).content.decode()
    assert "Không có hội nghị nào khớp với bộ lọc." in html
    assert 'data-testid="empty-action"' not in html


def test_a_period_without_study_plans_says_how_to_make_one_to_who_may(personas):
    url = f"/quan-triet/?don_vi={personas.province.pk}&ky=2019"
    specialist = personas.client(personas.specialist).get(url).content.decode()
    assert 'data-testid="no-plans"' in specialist and "Lập kế hoạch" in specialist and 'href="/van-ban/"' in specialist
    viewer = personas.client(personas.viewer).get("/quan-triet/?ky=2019").content.decode()  # their own unit
    assert 'data-testid="no-plans"' in viewer and "Mở sổ văn bản" not in viewer
