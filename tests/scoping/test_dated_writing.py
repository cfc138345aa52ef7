"""Writing a dated record: the subtree on that date of the user's write roots and of the predecessors those
roots took over later (a successor holds its predecessors' archive), for the past only."""

import datetime as dt

from tests.conftest import AFTER, BEFORE
from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.units.models import Unit, UnitLink, UnitVersion

HALF_YEAR_REVIEW = dt.date(2025, 6, 5)  # old Phú Yên's 2025 half-year review, before it merged into Đắk Lắk


def phu_yen_below(level: str, date: dt.date = HALF_YEAR_REVIEW) -> Unit:
    phu_yen = Unit.objects.get(key="p:54")
    district = UnitVersion.objects.as_of(date).filter(parent=phu_yen, unit__level="district").first().unit
    if level == "district":
        return district
    return UnitVersion.objects.as_of(date).filter(parent=district).first().unit


def test_the_successor_writes_its_predecessors_records_dated_before_the_merger(personas):
    for key in ("com:p:54", "p:54"):
        assert scoping.can_write(personas.specialist, Unit.objects.get(key=key), HALF_YEAR_REVIEW)
    assert scoping.can_write(personas.specialist, phu_yen_below("district"), HALF_YEAR_REVIEW)
    assert scoping.can_write(personas.specialist, phu_yen_below("commune"), HALF_YEAR_REVIEW)
    assert scoping.can_write(personas.specialist, phu_yen_below("district"), dt.date(2021, 3, 1))


def test_nothing_of_the_predecessor_is_written_on_or_after_the_merger(personas):
    for key in ("com:p:54", "p:54"):
        assert not scoping.can_write(personas.specialist, Unit.objects.get(key=key), AFTER)
        assert not scoping.can_write(personas.specialist, Unit.objects.get(key=key), dt.date(2025, 9, 1))


def test_without_a_records_date_lineage_still_gives_no_write_rights(personas):
    phu_yen = Unit.objects.get(key="p:54")
    assert not scoping.can(personas.leader, Capability.WRITE, phu_yen)
    assert not scoping.can(personas.specialist, Capability.WRITE, phu_yen, BEFORE)


def test_another_province_writes_its_own_predecessors_but_not_phu_yen(personas):
    dak_nong = Unit.objects.get(key="p:67")  # merged into Lâm Đồng on 01/07/2025
    assert UnitLink.objects.filter(predecessor=dak_nong, successor=personas.lam_dong).exists()
    assert scoping.can_write(personas.outsider, dak_nong, HALF_YEAR_REVIEW)
    assert not scoping.can_write(personas.outsider, Unit.objects.get(key="com:p:54"), HALF_YEAR_REVIEW)
    assert not scoping.can_write(personas.outsider, phu_yen_below("district"), HALF_YEAR_REVIEW)
    assert not scoping.can_write(personas.specialist, dak_nong, HALF_YEAR_REVIEW)


def test_a_commune_writes_the_communes_it_came_from_but_not_its_neighbours(personas):
    own_old = UnitLink.objects.filter(successor=personas.commune_unit1).first().predecessor
    neighbour_old = UnitLink.objects.filter(successor=personas.commune_unit2).first().predecessor
    assert scoping.can_write(personas.commune1, own_old, BEFORE)
    assert not scoping.can_write(personas.commune1, own_old, AFTER)
    assert not scoping.can_write(personas.commune1, neighbour_old, BEFORE)
    assert not scoping.can_write(personas.commune1, personas.commune_unit2, AFTER)
    assert not scoping.can_write(personas.commune1, personas.province, BEFORE)


def test_readers_and_viewers_gain_no_write_rights_through_lineage(personas):
    assert not scoping.can_write(personas.viewer, Unit.objects.get(key="aff:66:ca"), AFTER)
    assert not scoping.can_write(personas.viewer, Unit.objects.get(key="com:p:54"), HALF_YEAR_REVIEW)


def test_records_of_predecessors_are_in_the_read_scope_of_lists(personas):
    phu_yen_commission = Unit.objects.get(key="com:p:54")
    readable = Unit.objects.filter(scoping.unit_filter(personas.specialist, Capability.READ, field="pk"))
    assert readable.filter(pk=phu_yen_commission.pk).exists()
    assert not Unit.objects.filter(
        scoping.unit_filter(personas.outsider, Capability.READ, field="pk"), pk=phu_yen_commission.pk
    ).exists()


def test_the_dated_write_scope_is_a_few_statements(personas, django_assert_max_num_queries):
    user = type(personas.specialist).objects.get(pk=personas.specialist.pk)  # no memoised roots
    phu_yen_commission = Unit.objects.get(key="com:p:54")
    # memberships, their commissions' committees, lineage after the date, the predecessors' committees, the check
    with django_assert_max_num_queries(5):
        assert scoping.can_write(user, phu_yen_commission.pk, HALF_YEAR_REVIEW)
    with django_assert_max_num_queries(1):  # the roots of the day are memoised for the request
        assert not scoping.can_write(user, personas.lam_dong.pk, HALF_YEAR_REVIEW)
