"""The tree back to 09/2019 (data/history_*.csv): counts of the day, names of the day, lineage, idempotence."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from tuyengiao.units import loader, tree
from tuyengiao.units.models import RestructuringEvent, Unit, UnitLink, UnitVersion

pytestmark = pytest.mark.django_db


def stats(date: str, under: str | None = None) -> dict[str, object]:
    out = StringIO()
    call_command("unit_stats", "--as-of", date, *(["--under", under] if under else []), stdout=out)
    return json.loads(out.getvalue())


def name_on(key: str, date: dt.date) -> str:
    return UnitVersion.objects.as_of(date).get(unit__key=key).name


def test_on_15_march_2021_the_country_had_705_districts_and_10603_communes():
    counts = stats("2021-03-15")
    assert (counts["province"], counts["district"], counts["commune"]) == (63, 705, 10603)


def test_dak_lak_had_15_districts_and_184_communes_on_10_august_2022():
    counts = stats("2022-08-10", "Đắk Lắk")
    assert (counts["district"], counts["commune"]) == (15, 184)


def test_the_first_snapshot_and_the_figures_of_2025_are_those_published():
    assert tree.level_counts(dt.date(2019, 9, 11))["commune"] == 11161
    assert tree.level_counts(dt.date(2019, 9, 11))["district"] == 713
    before, after = stats("2025-06-30"), stats("2025-07-01")
    assert (before["province"], before["district"], before["commune"]) == (63, 696, 10051)
    assert (after["province"], after["district"], after["commune"]) == (34, 0, 3321)


def test_thua_thien_hue_is_a_province_with_its_tinh_uy_until_the_end_of_2024():
    assert name_on("p:46", dt.date(2016, 7, 20)) == "Tỉnh ủy Thừa Thiên Huế"
    assert name_on("p:46", dt.date(2024, 12, 31)) == "Tỉnh ủy Thừa Thiên Huế"
    assert name_on("p:46", dt.date(2025, 1, 1)) == "Thành ủy Huế"
    assert name_on("com:p:46", dt.date(2024, 12, 31)) == "Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế"
    assert name_on("com:p:46", dt.date(2025, 1, 1)) == "Ban Tuyên giáo Thành ủy Huế"
    assert name_on("com:p:46", dt.date(2025, 3, 1)) == "Ban Tuyên giáo và Dân vận Thành ủy Huế"
    version = UnitVersion.objects.as_of(dt.date(2025, 1, 1)).get(unit__key="p:46")
    assert version.started_by is not None
    assert version.started_by.legal_basis.startswith("Nghị quyết số 175/2024/QH15")
    assert version.started_by.date == dt.date(2025, 1, 1)


def test_huyen_cat_tien_exists_until_its_merger_into_da_huoai():
    cat_tien = Unit.objects.get(key="d:683")
    assert name_on("d:683", dt.date(2024, 1, 4)) == "Huyện ủy Cát Tiên"
    assert cat_tien.version_on(dt.date(2025, 1, 1)) is None
    assert UnitLink.objects.filter(predecessor=cat_tien, successor__key="d:682").exists()
    assert tree.level_counts(dt.date(2024, 1, 4), Unit.objects.get(key="p:68"))["district"] == 12


def test_a_district_renamed_in_place_keeps_its_identity():
    # Thị xã Phổ Yên became Thành phố Phổ Yên (same GSO code 172): one unit, two names.
    versions = list(Unit.objects.get(key="d:172").versions.chronological().values_list("name", flat=True))
    assert versions[:2] == ["Thị ủy Phổ Yên", "Thành ủy Phổ Yên"]


def test_dates_are_exact_where_the_act_is_known_and_bounded_otherwise():
    thu_duc = UnitVersion.objects.filter(unit__key="d:769", name="Thành ủy Thủ Đức").get()
    assert thu_duc.valid_from == dt.date(2021, 1, 1)
    assert "1111/NQ-UBTVQH14" in thu_duc.started_by.legal_basis
    bounded = RestructuringEvent.objects.get(key="ev:hist:2022-04-10:19")
    assert bounded.legal_basis == ""
    assert "trong khoảng từ 02/11/2021 đến 10/04/2022" in bounded.description


def test_links_are_only_those_the_lists_determine():
    # Every history link joins units of one province, and the predecessor ends when the link's event happens.
    for link in UnitLink.objects.filter(event__key__startswith="ev:hist:").select_related("event")[:300]:
        ended = link.predecessor.versions.chronological().last()
        assert ended.valid_to == link.event.date
        assert link.successor.version_on(link.event.date) is not None


def test_units_that_ended_without_a_known_successor_are_reported(capsys):
    call_command("load_units", "--force", "--show-conflicts")
    err = capsys.readouterr().err
    assert "đơn vị kết thúc trước năm 2025 mà danh mục không cho biết đơn vị kế thừa" in err
    unlinked = loader._read("history_unlinked.csv", loader.DATA_DIR)
    assert unlinked
    assert f"{unlinked[0]['name']} ({unlinked[0]['parent']})" in err
    first = Unit.objects.get(key=unlinked[0]["key"])
    assert not first.successor_links.exists()


def test_a_second_history_pass_changes_nothing():
    before = (UnitVersion.objects.count(), UnitLink.objects.count(), Unit.objects.count())
    result = loader.load(force=True, log=lambda _m: None)
    assert (result.units_created, result.versions_created, result.links_created) == (0, 0, 0)
    assert (UnitVersion.objects.count(), UnitLink.objects.count(), Unit.objects.count()) == before


def test_a_unit_corrected_by_hand_is_left_alone():
    version = UnitVersion.objects.get(unit__key="d:172", name="Thị ủy Phổ Yên")
    version.name = "Thị ủy Phổ Yên (sửa tay)"
    version.save()
    loader.load(force=True, log=lambda _m: None)
    assert UnitVersion.objects.filter(unit__key="d:172", name__startswith="Thị ủy Phổ Yên").count() == 1


def test_name_on_gives_the_name_of_the_day_and_falls_back_for_a_unit_that_did_not_exist():
    from tuyengiao.units.models import name_on

    names = dict(
        Unit.objects.filter(key__in=["p:46", "d:683", "c2025:24133"])
        .annotate(n=name_on(dt.date(2016, 7, 20)))
        .values_list("key", "n")
    )
    assert names["p:46"] == "Tỉnh ủy Thừa Thiên Huế"
    assert names["d:683"] == "Huyện ủy Cát Tiên"
    assert names["c2025:24133"].startswith("Đảng ủy")  # first name after the date: the commune began in 2025
    later = dict(
        Unit.objects.filter(key__in=["d:683"]).annotate(n=name_on(dt.date(2026, 1, 1))).values_list("key", "n")
    )
    assert later["d:683"] == "Huyện ủy Cát Tiên"  # its last name, though it ended
