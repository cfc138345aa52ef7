"""The editorial workflow, step by step and role by role: who may take each step (the others are refused with a
message and change nothing), the events written, and the public cache made stale when readers could see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tuyengiao.portal.models import Article, ArticleEvent

Status = Article.Status
Action = ArticleEvent.Action


def _step(personas: Any, persona: str, name: str, article: Article, **data: Any) -> Any:
    client = personas.client(getattr(personas, persona))
    return client.post(reverse(f"portal:{name}", args=[article.pk]), {"revision": article.revision, **data})


def _state(article: Article) -> tuple[str, int]:
    article.refresh_from_db()
    return article.status, article.revision


def test_a_commune_contributor_submits_its_own_draft(personas: Any, portal: Any) -> None:
    from tests.portal.conftest import make_article

    article = make_article(portal, user=personas.commune1, status=Status.DRAFT, published_at=None, slug="x")
    assert _step(personas, "commune1", "submit", article).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    event = article.events.last()
    assert (event.action, event.actor) == (Action.SUBMITTED, personas.commune1)


@pytest.mark.parametrize("persona", ["commune1", "specialist"])
def test_only_a_publisher_publishes(personas: Any, articles: Any, persona: str) -> None:
    article = articles["submitted"]
    before = _state(article)
    response = _step(personas, persona, "publish", article)
    assert response.status_code in {403, 404}  # the contributor sees its own article: 403 with the reason
    assert _state(article) == before
    if response.status_code == 403:
        assert "Chỉ lãnh đạo Ban được duyệt và đăng tin" in response.content.decode()


def test_a_contributor_may_not_send_back_unpublish_or_archive(personas: Any, articles: Any) -> None:
    article = articles["submitted"]  # commune1's own
    for name in ("send_back", "archive"):
        before = _state(article)
        response = _step(personas, "commune1", name, article, note="x")
        assert response.status_code == 403, name
        assert _state(article) == before


@pytest.mark.parametrize("persona", ["outsider", "viewer"])
def test_users_without_access_cannot_take_any_step(personas: Any, articles: Any, persona: str) -> None:
    for name in ("submit", "send_back", "publish", "unpublish", "archive", "restore"):
        article = articles["submitted"]
        before = _state(article)
        assert _step(personas, persona, name, article).status_code == 404, name
        assert _state(article) == before


def test_the_leader_publishes_and_the_public_cache_goes_stale(personas: Any, articles: Any, portal: Any) -> None:
    article = articles["submitted"]
    generation = portal.generation
    assert _step(personas, "leader", "publish", article).status_code == 302
    article.refresh_from_db()
    portal.refresh_from_db()
    assert article.is_live and portal.generation == generation + 1
    event = article.events.last()
    assert (event.action, event.actor) == (Action.PUBLISHED, personas.leader)


def test_the_leader_schedules_an_article(personas: Any, articles: Any, portal: Any) -> None:
    article = articles["draft"]
    at = timezone.localtime() + dt.timedelta(days=2)
    response = _step(personas, "leader", "publish", article, at=at.strftime("%d/%m/%Y %H:%M"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled and not article.is_live
    assert article not in Article.objects.live()
    assert article.events.last().action == Action.SCHEDULED
    assert "Hẹn đăng lúc" in article.events.last().note


def test_an_editor_sends_an_article_back_with_a_note(personas: Any, articles: Any) -> None:
    article = articles["submitted"]
    response = _step(personas, "specialist", "send_back", article, note="Bổ sung số người dự")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    event = article.events.last()
    assert (event.action, event.note) == (Action.RETURNED, "Bổ sung số người dự")


def test_sending_back_needs_a_note(personas: Any, articles: Any) -> None:
    article = articles["submitted"]
    before = _state(article)
    response = _step(personas, "specialist", "send_back", article, note="")
    assert response.status_code == 403
    assert _state(article) == before


def test_unpublishing_takes_the_article_off_the_site_and_bumps_the_generation(
    personas: Any, articles: Any, portal: Any
) -> None:
    article = articles["live"]
    generation = portal.generation
    assert _step(personas, "leader", "unpublish", article).status_code == 302
    article.refresh_from_db()
    portal.refresh_from_db()
    assert article.status == Status.UNPUBLISHED and portal.generation == generation + 1
    assert article.events.last().action == Action.UNPUBLISHED


def test_an_editor_cannot_unpublish(personas: Any, articles: Any) -> None:
    article = articles["live"]
    before = _state(article)
    assert _step(personas, "specialist", "unpublish", article).status_code == 403
    assert _state(article) == before


def test_archiving_and_restoring(personas: Any, articles: Any, portal: Any) -> None:
    article = articles["live"]
    generation = portal.generation
    assert _step(personas, "leader", "archive", article).status_code == 302
    article.refresh_from_db()
    portal.refresh_from_db()
    assert article.status == Status.ARCHIVED and article not in Article.objects.live()
    assert portal.generation == generation + 1
    assert _step(personas, "leader", "restore", article).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.events.last().note == "Khôi phục từ lưu trữ thành bản nháp"


def test_a_step_from_a_stale_page_changes_nothing(personas: Any, articles: Any, portal: Any) -> None:
    article = articles["submitted"]
    client = personas.client(personas.leader)
    stale = article.revision
    _step(personas, "specialist", "send_back", article, note="Sửa lại")
    before = _state(article)
    generation = portal.generation
    response = client.post(reverse("portal:publish", args=[article.pk]), {"revision": stale}, follow=True)
    assert "người khác thay đổi" in response.content.decode()
    assert _state(article) == before
    portal.refresh_from_db()
    assert portal.generation == generation


def test_a_step_without_a_revision_is_refused(personas: Any, articles: Any) -> None:
    article = articles["submitted"]
    before = _state(article)
    personas.client(personas.leader).post(reverse("portal:publish", args=[article.pk]), {})
    assert _state(article) == before


def test_a_published_article_is_not_editable(personas: Any, articles: Any) -> None:
    article = articles["live"]
    response = personas.client(personas.leader).post(
        reverse("portal:update", args=[article.pk]),
        {"title": "Sửa tin đang đăng", "section": article.section_id, "revision": article.revision},
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Sửa tin đang đăng"


def test_the_editor_page_offers_only_the_steps_the_user_may_take(personas: Any, articles: Any) -> None:
    url = reverse("portal:edit", args=[articles["submitted"].pk])
    leader = personas.client(personas.leader).get(url).content.decode()
    assert 'data-testid="publish"' in leader and "Trả lại để sửa" in leader
    commune = personas.client(personas.commune1).get(url).content.decode()
    assert 'data-testid="publish"' not in commune and "Trả lại để sửa" not in commune


def test_a_time_ahead_set_in_the_editor_schedules_the_article_on_approval(personas: Any, articles: Any) -> None:
    article = articles["draft"]
    ahead = timezone.now() + dt.timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(published_at=ahead)
    article.refresh_from_db()
    assert _step(personas, "leader", "publish", article).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == ahead
