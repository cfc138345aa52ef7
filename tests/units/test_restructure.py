"""Restructuring through services and the administrator's page: validated and atomic."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuyengiao.units import services, tree
from tuyengiao.units.models import RestructuringEvent, Unit, UnitLink, UnitVersion

D = dt.date(2026, 1, 1)
BASIS = services.Basis(D, "Nghị quyết số 1/NQ-UBTVQH15", "thử nghiệm")


def test_rename_keeps_the_old_name_for_earlier_dates(personas):
    unit = personas.commune_unit1
    old_name = unit.version_on(D).name
    services.rename(unit, BASIS, "Đảng ủy xã Mới")
    assert unit.version_on(D - dt.timedelta(days=1)).name == old_name
    assert unit.version_on(D).name == "Đảng ủy xã Mới"
    assert unit.versions.get(valid_from=D).started_by.legal_basis == "Nghị quyết số 1/NQ-UBTVQH15"


def test_move_changes_the_parent_from_the_date_only(personas):
    unit = Unit.objects.get(key="aff:66:qs")
    services.move(unit, BASIS, personas.commune_unit1)
    assert unit.version_on(D).parent_id == personas.commune_unit1.pk
    assert unit.version_on(D - dt.timedelta(days=1)).parent_id == personas.province.pk


def test_move_refuses_a_cycle(personas):
    versions = personas.province.versions.count()
    with pytest.raises(ValidationError, match="cấp dưới"):
        services.move(personas.province, BASIS, personas.commune_unit1)
    assert personas.province.versions.count() == versions  # nothing changed


def test_move_refuses_a_parent_that_does_not_exist_then(personas):
    old_commune = UnitLink.objects.filter(successor=personas.commune_unit1).first().predecessor
    with pytest.raises(ValidationError, match="không tồn tại"):
        services.move(Unit.objects.get(key="aff:66:qs"), BASIS, old_commune)


def test_a_territorial_committee_must_sit_below_a_higher_level(personas):
    with pytest.raises(ValidationError, match="cấp cao hơn"):
        services.move(personas.commune_unit1, BASIS, personas.commune_unit2)
    assert personas.commune_unit1.versions.count() == 1


def test_merge_ends_the_sources_and_links_them_to_the_target(personas):
    services.merge([personas.commune_unit2], BASIS, personas.commune_unit1)
    assert personas.commune_unit2.version_on(D) is None
    assert personas.commune_unit2.version_on(D - dt.timedelta(days=1)) is not None
    assert UnitLink.objects.filter(predecessor=personas.commune_unit2, successor=personas.commune_unit1).exists()
    assert tree.level_counts(D, personas.province)["commune"] == 101


def test_split_creates_new_units_that_share_the_old_one(personas):
    parts = [services.NewPart("u:a", "Đảng ủy xã A", "Xã A"), services.NewPart("u:b", "Đảng ủy xã B", "Xã B")]
    created = services.split(personas.commune_unit2, BASIS, parts)
    assert [u.version_on(D).parent_id for u in created] == [personas.province.pk] * 2
    assert set(UnitLink.objects.filter(predecessor=personas.commune_unit2).values_list("share", flat=True)) == {"part"}
    assert tree.level_counts(D, personas.province)["commune"] == 103


def test_dissolving_a_unit_with_children_is_refused_and_changes_nothing(personas):
    events = RestructuringEvent.objects.count()
    with pytest.raises(ValidationError, match="còn đơn vị trực thuộc"):
        services.dissolve(personas.province, BASIS)
    assert RestructuringEvent.objects.count() == events
    assert personas.province.version_on(D) is not None


def test_two_changes_on_the_same_day_are_refused(personas):
    services.rename(personas.commune_unit1, BASIS, "Tên một")
    with pytest.raises(ValidationError, match="đúng ngày"):
        services.rename(personas.commune_unit1, BASIS, "Tên hai")


def test_a_unit_cannot_have_overlapping_versions(personas):
    unit = personas.commune_unit1
    UnitVersion.objects.create(unit=unit, valid_from=dt.date(2025, 8, 1), name="chồng lấn", parent=personas.province)
    with pytest.raises(ValidationError, match="chồng lấn"):
        services.validate_unit(unit)


def test_the_administrator_renames_through_the_page(personas):
    client = personas.client(personas.admin)
    page = client.get(reverse("units:restructure", args=[personas.commune_unit1.pk])).content.decode()
    url = reverse("units:restructure_rename", args=[personas.commune_unit1.pk])
    assert f'action="{url}"' in page and 'name="action"' not in page  # each form posts to its own URL
    response = client.post(
        url,
        {
            "rename-date": "01/01/2026",
            "rename-legal_basis": "Nghị quyết số 5/NQ-UBTVQH15",
            "rename-name": "Đảng ủy phường Thử",
        },
    )
    assert response.status_code == 302
    assert personas.commune_unit1.version_on(D).name == "Đảng ủy phường Thử"


def test_the_page_shows_a_clear_error_and_changes_nothing_on_bad_input(personas):
    client = personas.client(personas.admin)
    pk = personas.province.pk
    events = RestructuringEvent.objects.count()
    response = client.post(
        reverse("units:restructure_dissolve", args=[pk]), {"dissolve-date": "01/01/2026", "dissolve-legal_basis": "x"}
    )
    assert response.status_code == 400
    assert "còn đơn vị trực thuộc" in response.content.decode()
    assert response.context["active"] == "dissolve"  # the refused form's tab is the open one
    response = client.post(
        reverse("units:restructure_rename", args=[pk]), {"rename-date": "2026-13-45", "rename-name": "X"}
    )
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "ngày hợp lệ" in response.content.decode()
    assert response.context["active"] == "rename"
    assert RestructuringEvent.objects.count() == events


def test_each_action_has_its_own_post_only_url_and_the_page_refuses_a_post(personas):
    client = personas.client(personas.admin)
    pk = personas.commune_unit1.pk
    assert client.post(reverse("units:restructure", args=[pk]), {"action": "dissolve"}).status_code == 405
    for action in ("rename", "move", "merge", "split", "dissolve", "create"):
        url = reverse(f"units:restructure_{action}", args=[pk])
        assert client.get(url).status_code == 405
        assert client.post(url, {}).status_code == 400  # a blank form: shown again, nothing written
        assert personas.client(personas.leader).post(url, {}).status_code == 404  # not an administrator
    assert personas.commune_unit1.versions.count() == 1


def test_a_forged_target_outside_the_administrators_scope_is_refused(personas):
    from tuyengiao.accounts.models import Membership, Role, User

    local_admin = User.objects.create(username="quantri.daklak")
    Membership.objects.create(user=local_admin, unit=personas.province, role=Role.ADMINISTRATOR)
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.create(user=local_admin, name="x")
    client = personas.client(local_admin)
    url = reverse("units:restructure_move", args=[personas.commune_unit1.pk])
    response = client.post(
        url,
        {
            "move-date": "01/01/2026",
            "move-legal_basis": "x",
            "move-new_parent": personas.lam_dong.code,
        },
    )
    assert response.status_code == 400
    assert "phạm vi bạn quản trị" in response.content.decode()
    assert personas.commune_unit1.versions.count() == 1
    assert client.get(reverse("units:restructure", args=[personas.lam_dong.pk])).status_code == 404
