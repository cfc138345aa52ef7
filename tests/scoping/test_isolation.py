"""Isolation: each persona reads exactly its subtree (as the tree stood) and nothing else."""

import pytest
from django.urls import reverse

from tests.conftest import AFTER, BEFORE
from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.units.models import Unit, UnitLink, UnitVersion

BROWSE = reverse("units:browse")


def detail(pk: int) -> str:
    return reverse("units:detail", args=[pk])


def test_a_commune_specialist_cannot_open_another_commune_or_the_province(personas):
    client = personas.client(personas.commune1)
    assert client.get(detail(personas.commune_unit1.pk)).status_code == 200
    assert client.get(detail(personas.commune_unit2.pk)).status_code == 404
    assert client.get(detail(personas.province.pk)).status_code == 404
    assert client.get(detail(personas.commission.pk)).status_code == 404
    assert client.get(reverse("units:history", args=[personas.commune_unit2.pk])).status_code == 404
    assert client.get(BROWSE, {"tren": personas.province.pk}).status_code == 404


def test_a_commune_specialist_finds_nothing_of_others_in_lists_or_search(personas):
    client = personas.client(personas.commune1)
    other = personas.commune_unit2.version_on(AFTER).area_name
    own = personas.commune_unit1.version_on(AFTER).area_name
    listing = client.get(BROWSE).content.decode()
    assert own in listing and other not in listing and "Tỉnh Đắk Lắk" not in listing
    search = client.get(BROWSE, {"q": other}).content.decode()
    assert "0 kết quả" in search and '<li class="d-flex' not in search
    assert client.get(BROWSE, {"q": "dak lak"}).content.decode().count('<li class="d-flex') <= 1


def test_a_commune_reads_the_history_of_the_communes_it_came_from(personas):
    link = UnitLink.objects.filter(successor=personas.commune_unit1).first()
    client = personas.client(personas.commune1)
    assert client.get(detail(link.predecessor_id)).status_code == 200
    unrelated = (
        UnitVersion.objects.as_of(BEFORE)
        .filter(unit__key__startswith="c:")
        .exclude(unit__successor_links__successor=personas.commune_unit1)
        .first()
    )
    assert client.get(detail(unrelated.unit_id)).status_code == 404


def test_a_provincial_leader_reads_every_commune_of_the_province_and_nothing_else(personas):
    client = personas.client(personas.leader)
    readable = scoping.versions(personas.leader, AFTER)
    communes = readable.filter(unit__level="commune")
    assert communes.count() == 102
    assert client.get(detail(personas.commune_unit2.pk)).status_code == 200
    assert client.get(detail(personas.lam_dong.pk)).status_code == 404
    lam_dong_commune = (
        UnitVersion.objects.as_of(AFTER).filter(parent=personas.lam_dong).exclude(unit__kind="commission").first()
    )
    assert client.get(detail(lam_dong_commune.unit_id)).status_code == 404
    assert "Tỉnh Lâm Đồng" not in client.get(BROWSE, {"q": "lam dong"}).content.decode()


def test_the_province_reads_what_its_predecessors_had_before_the_merger(personas):
    # The new Đắk Lắk absorbed Phú Yên: its leader reads Phú Yên's 2024 districts.
    phu_yen = Unit.objects.get(key="p:54")
    assert scoping.can(personas.leader, Capability.READ, phu_yen)
    readable_before = scoping.versions(personas.leader, BEFORE)
    assert readable_before.filter(unit__level="district").count() == 15 + 9
    assert not readable_before.filter(unit=personas.lam_dong).exists()


def test_write_rights_follow_the_role(personas):
    assert scoping.can(personas.specialist, Capability.WRITE, personas.commune_unit1, AFTER)
    assert not scoping.can(personas.specialist, Capability.APPROVE, personas.commune_unit1, AFTER)
    assert scoping.can(personas.leader, Capability.APPROVE, personas.commune_unit1, AFTER)
    assert not scoping.can(personas.viewer, Capability.WRITE, Unit.objects.get(key="aff:66:ca"), AFTER)
    assert scoping.can(personas.viewer, Capability.READ, Unit.objects.get(key="aff:66:ca"), AFTER)
    assert not scoping.can(personas.commune1, Capability.WRITE, personas.commune_unit2, AFTER)
    # Without a record's date, lineage gives reading, never writing (dated records: test_dated_writing.py).
    phu_yen = Unit.objects.get(key="p:54")
    assert not scoping.can(personas.leader, Capability.WRITE, phu_yen)


def test_only_administrators_may_restructure(personas):
    url = reverse("units:restructure", args=[personas.commune_unit1.pk])
    assert personas.client(personas.leader).get(url).status_code == 404
    assert personas.client(personas.admin).get(url).status_code == 200


def test_the_viewer_of_an_affiliated_committee_sees_only_it(personas):
    readable = scoping.versions(personas.viewer, AFTER)
    assert list(readable.values_list("unit__key", flat=True)) == ["aff:66:ca"]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, personas):
    response = client.get(detail(personas.province.pk))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert (
        scoping.versions(
            __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser(), AFTER
        ).count()
        == 0
    )


@pytest.mark.parametrize("capability", [Capability.READ, Capability.WRITE])
def test_the_scope_query_is_one_sql_statement_per_capability(personas, django_assert_max_num_queries, capability):
    with django_assert_max_num_queries(4):
        list(scoping.versions(personas.leader, AFTER).values_list("pk", flat=True)[:5])
