"""Unit choices true to a record's date (units/choices.py): the lists, the field, the refresh view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuyengiao.units import choices
from tuyengiao.units.models import Unit

JULY_2023 = dt.date(2023, 7, 21)
URL = reverse("units:choices")


@pytest.fixture
def krong_pac(personas) -> Unit:
    unit = Unit.objects.get(key="d:654")
    assert unit.version_on(JULY_2023).name == "Huyện ủy Krông Pắc"
    return unit


def test_a_list_holds_the_units_of_its_date_with_their_names_then(personas, krong_pac):
    near = dict((u.key, n) for u, n in choices.unit_choices(personas.specialist, JULY_2023, choices.NEAR))
    assert near["d:654"] == "Huyện ủy Krông Pắc"
    assert near["com:p:66"] == "Ban Tuyên giáo Tỉnh ủy Đắk Lắk"  # renamed "… và Dân vận" on 01/03/2025
    assert personas.commune_unit1.key not in near
    today = dict((u.key, n) for u, n in choices.unit_choices(personas.specialist, dt.date(2025, 8, 1), choices.NEAR))
    assert "d:654" not in today and personas.commune_unit1.key in today


def test_the_top_of_the_scope_puts_the_users_own_units_before_predecessors(personas):
    top = [u.key for u, _n in choices.unit_choices(personas.specialist, dt.date(2025, 6, 5), choices.TOP)]
    assert top == ["com:p:66", "p:66", "com:p:54", "p:54"]
    assert [u.key for u, _n in choices.unit_choices(personas.specialist, dt.date(2025, 7, 1), choices.TOP)] == [
        "com:p:66",
        "p:66",
    ]


def test_the_field_accepts_a_unit_of_the_date_and_refuses_others_in_vietnamese(personas, krong_pac):
    listed = choices.choices_for(personas.specialist, JULY_2023, choices.NEAR, date_field="day")
    field = choices.DatedUnitChoiceField(listed)
    assert field.clean(str(krong_pac.pk)) == krong_pac
    with pytest.raises(ValidationError) as refused:
        field.clean(str(personas.commune_unit1.pk))
    message = refused.value.messages[0]
    assert "không thuộc các đơn vị bạn được chọn vào ngày 21/07/2023" in message
    assert "Đảng ủy phường Buôn Ma Thuột" in message  # the unit named, under its only name
    assert "Hãy chọn một lựa chọn hợp lệ" not in message


def test_a_unit_the_record_already_holds_is_kept_whatever_the_date(personas):
    listed = choices.choices_for(
        personas.specialist, JULY_2023, choices.NEAR, date_field="day", keep=[personas.commune_unit1.pk]
    )
    field = choices.DatedUnitChoiceField(listed)
    assert field.clean(str(personas.commune_unit1.pk)) == personas.commune_unit1
    assert (personas.commune_unit1.pk, "Đảng ủy phường Buôn Ma Thuột") in field.choices


def test_a_long_list_becomes_a_searchable_input_accepting_keys_and_exact_names(personas, krong_pac, monkeypatch):
    monkeypatch.setattr(choices, "MAX_OPTIONS", 10)
    listed = choices.choices_for(personas.specialist, JULY_2023, choices.ALL, date_field="p-from_date")
    assert listed.searchable and not listed.rows
    field = choices.DatedUnitChoiceField(listed)
    html = field.widget.render("p-unit", field.prepare_value(krong_pac.pk))
    assert 'list="tg-units-ghi-tim"' in html and 'value="d:654"' in html and "hx-get" in html
    assert field.clean("d:654") == krong_pac
    assert field.clean("huyen uy krong pac") == krong_pac
    with pytest.raises(ValidationError, match="21/07/2023"):
        field.clean(personas.commune_unit1.key)
    with pytest.raises(ValidationError, match="Không tìm thấy đơn vị"):
        field.clean("không có đơn vị này")


def test_the_refresh_view_returns_the_choices_of_a_date(personas, krong_pac, django_assert_max_num_queries):
    client = personas.client(personas.specialist)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"ds": choices.NEAR, "truong": "day", "day": "21/07/2023"})
    html = response.content.decode()
    assert f'<option value="{krong_pac.pk}">Huyện ủy Krông Pắc</option>' in html
    assert f'value="{personas.commune_unit1.pk}"' not in html
    html = client.get(URL, {"ds": choices.NEAR, "truong": "day", "day": "01/08/2025"}).content.decode()
    assert f'value="{personas.commune_unit1.pk}"' in html and "Huyện ủy Krông Pắc" not in html


def test_the_refresh_view_is_scoped_an_outsider_gets_none_of_dak_laks(personas, krong_pac):
    client = personas.client(personas.outsider)
    for spec in (choices.TOP, choices.NEAR, choices.ALL, choices.COMMITTEES):
        html = client.get(URL, {"ds": spec, "truong": "day", "day": "21/07/2023"}).content.decode()
        assert "Đắk Lắk" not in html and "Phú Yên" not in html and "Krông Pắc" not in html
        assert "Lâm Đồng" in html
    under = client.get(URL, {"ds": choices.UNDER, "truong": "d", "d": "21/07/2023", "don_vi": personas.commission.pk})
    assert under.content.decode().strip() == ""


def test_the_refresh_view_searches_long_lists_and_ignores_an_unreadable_date(personas, krong_pac):
    client = personas.client(personas.specialist)
    found = client.get(URL, {"ds": choices.ALL, "truong": "n", "n": "21/07/2023", "tim": "q", "q": "krong pac"})
    assert '<option value="d:654">Huyện ủy Krông Pắc (654)</option>' in found.content.decode()
    assert client.get(URL, {"ds": choices.ALL, "truong": "n", "n": "31/02/2023"}).status_code == 204
    assert client.get(URL, {"ds": "khac"}).status_code == 400
    assert client.get(URL, {"ds": choices.ALL, "tim": ""}).content.decode().strip() == ""


def test_a_national_list_of_several_units_before_2025_keeps_two_levels(personas, krong_pac, monkeypatch):
    monkeypatch.setattr(choices, "MAX_SEVERAL", 1500)  # national lists: 10,877 units in 2023, 3,393 today
    central = Unit.objects.get(key="central")
    keys = {unit.key for unit, _name in choices.full_list(personas.admin, JULY_2023, choices.UNDER, central)}
    assert {"p:66", "p:54", "d:654"} <= keys  # provinces and their districts
    assert not any(key.startswith("c:") for key in keys)  # no communes: three levels down
    field = choices.DatedUnitChoiceField(
        choices.choices_for(personas.admin, JULY_2023, choices.UNDER, date_field="d", under=central)
    )
    assert field.dated.searchable
    commune = choices.versions(personas.admin, JULY_2023, choices.UNDER, central).filter(unit__level="commune")[0]
    assert field.clean(commune.unit.key) == commune.unit  # a single choice still finds any unit by search


def test_the_refresh_view_takes_the_unit_a_list_hangs_from_from_another_field(personas, krong_pac):
    client = personas.client(personas.specialist)
    params = {"ds": choices.UNDER, "truong": "starts_on", "starts_on": "21/07/2023", "duoi_han": "1"}
    for chosen in (str(personas.commission.pk), personas.commission.key):
        html = client.get(URL, {**params, "don_vi_tu": "inspecting_unit", "inspecting_unit": chosen}).content.decode()
        assert f'<option value="{krong_pac.pk}">Huyện ủy Krông Pắc</option>' in html
        assert f'value="{personas.commission.pk}"' not in html  # the inspecting unit itself is left out


def test_the_emulation_list_is_the_own_write_subtree_without_predecessors(personas, krong_pac):
    """``EMULATION`` keeps the rule the awards services check (``scoping.can`` with WRITE): the own subtree on the
    date, its committees and commissions only; old Phú Yên, which Đắk Lắk took over in 2025, is not in it."""
    end_of_2023 = dt.date(2023, 12, 31)
    rows = choices.unit_choices(personas.specialist, end_of_2023, choices.EMULATION)
    keys = {unit.key for unit, _name in rows}
    assert {"p:66", "com:p:66", "d:654"} <= keys
    assert "p:54" not in keys and "com:p:54" not in keys
    assert "p:54" in {unit.key for unit, _n in choices.unit_choices(personas.specialist, end_of_2023, choices.ALL)}
    assert {unit.kind for unit, _name in rows} <= set(choices.EMULATION_KINDS)


def test_a_list_of_a_fixed_date_carries_it_and_is_never_reloaded(personas, krong_pac):
    listed = choices.choices_for(personas.specialist, JULY_2023, choices.EMULATION, date_field="")
    assert listed.source.trigger == "" and "ngay=21%2F07%2F2023" in listed.source.url()
    html = personas.client(personas.specialist).get(listed.source.url()).content.decode()
    assert f'<option value="{krong_pac.pk}">Huyện ủy Krông Pắc</option>' in html
