"""The bundled national data: counts before and after 01/07/2025, lineage, idempotence."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import AFTER, BEFORE
from tuyengiao.units import loader, tree
from tuyengiao.units.models import Kind, Unit, UnitLink, UnitVersion

pytestmark = pytest.mark.django_db


def test_it_counts_34_provinces_and_3321_communes_from_the_reform():
    counts = tree.level_counts(AFTER)
    assert counts["province"] == 34
    assert counts["district"] == 0
    assert counts["commune"] == 3321
    assert counts["central"] == 1


def test_it_counts_63_provinces_696_districts_and_10051_communes_before_it():
    counts = tree.level_counts(BEFORE)
    assert (counts["province"], counts["district"], counts["commune"]) == (63, 696, 10051)


def test_hoang_sa_and_truong_sa_are_among_the_districts():
    names = set(UnitVersion.objects.as_of(BEFORE).filter(unit__level="district").values_list("area_name", flat=True))
    assert "Huyện Hoàng Sa" in names
    assert "Huyện Trường Sa" in names


def test_there_is_no_huyen_uy_after_the_reform():
    assert not UnitVersion.objects.as_of(AFTER).filter(name__startswith="Huyện ủy").exists()
    assert UnitVersion.objects.as_of(BEFORE).filter(name__startswith="Huyện ủy").count() > 400


def test_each_province_has_its_commission_renamed_in_2025():
    commissions = UnitVersion.objects.as_of(AFTER).filter(unit__kind=Kind.COMMISSION, unit__level="province")
    assert commissions.count() == 34
    assert commissions.get(parent__key="p:66").name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"
    old = UnitVersion.objects.as_of(BEFORE.replace(month=1)).get(unit__key="com:p:66")
    assert old.name == "Ban Tuyên giáo Tỉnh ủy Đắk Lắk"


def test_dak_lak_has_15_district_level_units_before_and_102_communes_after():
    dak_lak = Unit.objects.get(key="p:66")
    assert tree.level_counts(BEFORE, dak_lak)["district"] == 15
    assert tree.level_counts(AFTER, dak_lak)["commune"] == 102


def test_absorbed_provinces_link_to_the_province_they_joined():
    lam_dong = Unit.objects.get(key="p:68")
    predecessors = set(lam_dong.predecessor_links.values_list("predecessor__versions__area_name", flat=True))
    assert predecessors == {"Tỉnh Đắk Nông", "Tỉnh Bình Thuận"}


def test_every_new_commune_has_predecessors_except_the_reported_conflicts():
    new_communes = Unit.objects.filter(key__startswith="c2025:")
    without = set(new_communes.exclude(pk__in=UnitLink.objects.values("successor_id")).values_list("code", flat=True))
    reported = {row["new_key"].removeprefix("gso:") for row in loader.load(log=lambda _m: None).conflicts}
    assert new_communes.count() == 3321
    assert without <= reported
    assert len(without) <= 4  # Mộc Châu (Sơn La): see data/SOURCES.md


def test_a_second_load_changes_nothing_and_returns_at_once():
    before = (Unit.objects.count(), UnitVersion.objects.count(), UnitLink.objects.count())
    assert loader.load(log=lambda _m: None).skipped
    forced = loader.load(force=True, log=lambda _m: None)
    assert (forced.units_created, forced.versions_created, forced.links_created) == (0, 0, 0)
    assert (Unit.objects.count(), UnitVersion.objects.count(), UnitLink.objects.count()) == before


def test_the_command_reports_lineage_conflicts(capsys):
    out, err = StringIO(), StringIO()
    call_command("load_units", stdout=out, stderr=err)
    assert "đã được nạp" in out.getvalue()
    conflicts = loader.load(log=lambda _m: None).conflicts
    if conflicts:
        assert f"{len(conflicts)} dòng" in err.getvalue()


def unit_stats(*args: str) -> dict:
    out = StringIO()
    call_command("unit_stats", *args, stdout=out)
    return json.loads(out.getvalue())


def test_unit_stats_prints_national_counts_as_json():
    assert unit_stats("--as-of", "2025-07-01")["province"] == 34
    assert unit_stats("--as-of", "2025-07-01")["commune"] == 3321
    before = unit_stats("--as-of", "2025-06-30")
    assert (before["province"], before["district"], before["commune"]) == (63, 696, 10051)


def test_unit_stats_counts_under_a_unit_by_name_or_code():
    by_name = unit_stats("--as-of", "2025-07-01", "--under", "dak lak")
    assert by_name["under"]["code"] == "66"
    assert (by_name["province"], by_name["commune"]) == (1, 102)
    by_code = unit_stats("--as-of", "2025-06-30", "--under", "66")
    assert by_code["district"] == 15


def test_unit_stats_explains_a_bad_date_or_unknown_unit():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        unit_stats("--as-of", "30/06/2025")
    with pytest.raises(CommandError, match="Không tìm thấy"):
        unit_stats("--as-of", "2025-07-01", "--under", "Atlantis")


def test_a_unit_is_found_by_its_organisation_name_too():
    from tuyengiao.units.lookup import find_unit

    assert find_unit("Tỉnh ủy Đắk Lắk", AFTER).unit.key == "p:66"
    assert find_unit("tinh uy dak lak", AFTER).unit.key == "p:66"
    assert find_unit("Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk", AFTER).unit.key == "com:p:66"
