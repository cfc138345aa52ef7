from __future__ import annotations

from typing import Any

from tuyengiao.portal.access import Access, access
from tuyengiao.portal.models import Article
from tuyengiao.portal.sanitise import clean


def test_a_new_portal_starts_with_its_default_sections(portal: Any) -> None:
    assert [s.slug for s in portal.sections.all()][:2] == ["tin-hoat-dong", "tuyen-giao-dan-van-co-so"]


def test_only_published_articles_whose_time_has_come_are_live(articles: Any, portal: Any) -> None:
    assert list(Article.objects.filter(portal=portal).live()) == [articles["live"]]


def test_articles_are_found_without_accents(articles: Any) -> None:
    assert articles["live"] in Article.objects.search("hoi nghi so ket")


def test_the_commission_leader_publishes_its_specialist_edits_a_commune_contributes(personas: Any, portal: Any) -> None:
    assert access(personas.leader, portal) == Access.PUBLISHER
    assert access(personas.specialist, portal) == Access.EDITOR
    assert access(personas.commune1, portal) == Access.CONTRIBUTOR
    assert access(personas.outsider, portal) == Access.NONE
    assert access(personas.viewer, portal) == Access.NONE


def test_the_sanitiser_keeps_only_the_allow_list() -> None:
    dirty = (
        '<p style="color:red" onclick="x()">Tin <a href="javascript:alert(1)">xấu</a>'
        '<img src="https://example.com/a.png"><img src="/cong/dak-lak/anh/3/" alt="Ảnh" onerror="x()"></p>'
        "<script>alert(1)</script><iframe src=//x></iframe>"
    )
    assert clean(dirty) == '<p>Tin <a rel="noopener noreferrer">xấu</a><img src="/cong/dak-lak/anh/3/" alt="Ảnh"></p>'


def test_the_desk_knows_a_users_portals_in_a_fixed_number_of_queries(
    personas: Any, portal: Any, lam_dong_portal: Any, django_assert_max_num_queries: Any
) -> None:
    from tuyengiao.portal.access import portals_for

    assert portals_for(personas.commune1) == [(portal, Access.CONTRIBUTOR)]
    assert portals_for(personas.outsider) == [(lam_dong_portal, Access.EDITOR)]
    assert portals_for(personas.leader, Access.PUBLISHER) == [(portal, Access.PUBLISHER)]
    assert portals_for(personas.viewer) == []
    personas.admin.__dict__.pop("_tg_portal_levels", None)
    with django_assert_max_num_queries(10):
        assert {p.slug for p, level in portals_for(personas.admin)} == {"dak-lak", "lam-dong"}
