"""Links to units outside the user's scope are names, not links: their pages answer 404."""

import re

from django.urls import reverse

from tuyengiao.accounts import scoping
from tuyengiao.units.models import Unit


def unit_links(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/don-vi/(\d+)/', html)}


def test_a_provincial_user_sees_the_central_committee_in_the_breadcrumb_as_a_name_not_a_link(personas):
    client = personas.client(personas.leader)
    html = client.get(reverse("units:detail", args=[personas.commission.pk])).content.decode()
    central = Unit.objects.get(key="central")
    assert "Ban Chấp hành Trung ương Đảng" in html
    assert central.pk not in unit_links(html)
    assert personas.province.pk in unit_links(html)  # its own province stays a link
    assert client.get(reverse("units:detail", args=[central.pk])).status_code == 404


def test_every_unit_link_on_a_unit_page_opens_for_the_user(personas):
    """The breadcrumb, the parents of past versions and the lineage both ways: every link answers 200."""
    phu_yen = Unit.objects.get(key="p:54")  # absorbed by Đắk Lắk: its page shows parents and successors
    for user, unit in [
        (personas.leader, phu_yen),
        (personas.leader, personas.commune_unit2),
        (personas.commune1, personas.commune_unit1),
        (personas.outsider, personas.lam_dong),
    ]:
        client = personas.client(user)
        html = client.get(reverse("units:detail", args=[unit.pk])).content.decode()
        links = unit_links(html)
        assert links, (user, unit)
        for pk in links:
            assert client.get(reverse("units:detail", args=[pk])).status_code == 200, (user, unit, pk)


def test_readable_unit_ids_keeps_exactly_the_units_whose_pages_open(personas):
    ids = {personas.province.pk, personas.commune_unit2.pk, personas.lam_dong.pk, Unit.objects.get(key="central").pk}
    assert scoping.readable_unit_ids(personas.leader, ids) == {personas.province.pk, personas.commune_unit2.pk}
    assert scoping.readable_unit_ids(personas.commune1, ids) == set()
    assert scoping.readable_unit_ids(personas.admin, ids) == ids


def test_a_central_documents_issuer_is_a_link_only_for_those_who_may_open_its_page(personas):
    from tuyengiao.documents.demo import ensure_documents
    from tuyengiao.documents.models import Document

    ensure_documents()
    document = Document.objects.get(code="05-CT/TW")
    assert document.issuer_unit_id is not None
    url = reverse("documents:detail", args=[document.pk])
    leader = personas.client(personas.leader).get(url).content.decode()
    assert document.issuer_unit_id not in unit_links(leader)
    assert (
        personas.client(personas.leader).get(reverse("units:detail", args=[document.issuer_unit_id])).status_code == 404
    )
    admin = personas.client(personas.admin).get(url).content.decode()
    assert document.issuer_unit_id in unit_links(admin)
