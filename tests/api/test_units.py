"""Units through the API: as of a date, searched without accents, scoped like the pages."""

from __future__ import annotations

import pytest


@pytest.fixture
def leader(personas, api_client):
    return api_client(personas.leader)


def test_a_provincial_leader_lists_the_communes_of_dak_lak_found_without_accents(personas, leader):
    response = leader.get("/units/", {"q": "hoa phu", "date": "2025-08-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] >= 1
    assert any(item["name"] == "Đảng ủy xã Hòa Phú" or "Hòa Phú" in item["name"] for item in body["items"])
    assert all(item["key"] != personas.lam_dong.key for item in body["items"])


def test_a_unit_answers_with_its_versions_and_its_path(personas, leader):
    response = leader.get(f"/units/{personas.commune_unit1.key}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["key"] == personas.commune_unit1.key
    assert body["versions"]
    assert [row["key"] for row in body["path"]][-1] == personas.province.key


def test_another_provinces_unit_is_not_found(personas, leader):
    response = leader.get(f"/units/{personas.lam_dong.key}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_children_of_the_province_before_the_merger_are_its_districts(personas, leader):
    response = leader.get(f"/units/{personas.province.key}/children", {"date": "2025-06-01", "limit": 500})
    assert response.status_code == 200, response.content
    kinds = {item["level"] for item in response.json()["items"]}
    assert "district" in kinds
    after = leader.get(f"/units/{personas.province.key}/children", {"date": "2025-08-01", "limit": 500}).json()
    assert "district" not in {item["level"] for item in after["items"]}


def test_the_new_dak_lak_has_old_phu_yen_among_its_predecessors(personas, leader):
    response = leader.get(f"/units/{personas.province.key}/lineage")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["predecessors"]
    assert all(row["date"] == "2025-07-01" for row in body["predecessors"])


def test_a_list_costs_a_bounded_number_of_queries(personas, leader, django_assert_max_num_queries):
    leader.get("/units/", {"limit": 5})
    with django_assert_max_num_queries(12):
        response = leader.get("/units/", {"limit": 200, "date": "2025-06-01"})
    assert len(response.json()["items"]) == 200
