"""Configuration by administrators: indicators, report forms and their versions (issue "Periodic reports" §1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section, Value


def indicator_data(**overrides):
    data = {
        "code": "ht-buoi",
        "name": "Số buổi học tập, quán triệt",
        "field": "",
        "value_type": "integer",
        "unit_of_measure": "buổi",
        "rule": "sum",
        "time_rule": "sum",
        "weight": "",
        "at_most": "",
        "min_value": "",
        "max_value": "",
        "help_text": "",
    }
    data.update(overrides)
    return data


def form_data(**overrides):
    data = {
        "code": "bc-tg-xa",
        "name": "Báo cáo công tác tuyên giáo (cấp xã)",
        "period_type": "month",
        "submitter_kinds": ["party_committee"],
        "submitter_levels": ["commune"],
        "deadline_rule": "day:25:last_month",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin(personas):
    return personas.client(personas.admin)


@pytest.fixture
def setup(db):
    """A monthly form with version 1 (from 2025M01): one indicators section with two items, one text section."""
    sessions = Indicator.objects.create(code="ht-buoi", name="Số buổi", value_type="integer", rule="sum")
    attendees = Indicator.objects.create(code="ht-nguoi", name="Số người", value_type="integer", rule="sum")
    limits = Indicator.objects.create(code="han-che", name="Hạn chế", value_type="text", rule="text")
    form = Form.objects.create(code="bc-xa", name="Báo cáo xã", period_type="month", deadline_rule="after_end:5")
    version = FormVersion.objects.create(form=form, number=1, effective_from="2025M01")
    numbers = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    Item.objects.create(section=numbers, order=1, indicator=sessions)
    Item.objects.create(section=numbers, order=2, indicator=attendees, label="Lượt người")
    Section.objects.create(version=version, order=2, title="Hạn chế", kind=Section.Kind.LIMITATIONS)
    return {"form": form, "version": version, "sessions": sessions, "attendees": attendees, "limits": limits}


def version_url(version):
    return reverse("reports:form_version", args=[version.form_id, version.number])


EDITS = {
    "add_section": "version_section_add",
    "remove_section": "version_section_remove",
    "section_up": "version_section_up",
    "section_down": "version_section_down",
    "add_item": "version_item_add",
    "remove_item": "version_item_remove",
    "item_up": "version_item_up",
    "item_down": "version_item_down",
}


def edit_url(version, edit, *ids):
    """The URL of one edit of a version (each edit has its own POST view)."""
    return reverse(f"reports:{EDITS[edit]}", args=[version.form_id, version.number, *ids])


def content(version):
    """A version's sections and items as plain data, to compare before and after."""
    return [
        (s.order, s.title, s.kind, [(i.order, i.indicator.code, i.label) for i in s.items.order_by("order")])
        for s in version.sections.order_by("order")
    ]


# --- Indicators -----------------------------------------------------------------------------------------------------


def test_admin_creates_an_indicator_and_finds_it_in_the_list(admin):
    response = admin.post(reverse("reports:indicator_create"), indicator_data(code="HT-Buoi"))
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="ht-buoi")
    assert (indicator.value_type, indicator.rule, indicator.unit_of_measure) == ("integer", "sum", "buổi")
    html = admin.get(reverse("reports:indicator_list"), {"q": "buổi"}).content.decode()
    assert "ht-buoi" in html and "Số buổi học tập" in html
    html = admin.get(reverse("reports:indicator_list"), {"q": "khong-co"}).content.decode()
    assert "ht-buoi" not in html


def test_a_rule_that_does_not_fit_the_type_is_refused_with_the_rollup_message(admin):
    response = admin.post(reverse("reports:indicator_create"), indicator_data(value_type="percent", rule="sum"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Không thể tổng hợp chỉ tiêu kiểu “Tỷ lệ (%)” theo quy tắc “Cộng”" in errors["rule"][0]
    assert "Bình quân gia quyền" in errors["rule"][0]
    assert not Indicator.objects.exists()


def test_a_forged_value_type_is_refused_without_an_error_page(admin):
    response = admin.post(reverse("reports:indicator_create"), indicator_data(value_type="khong-co"))
    assert response.status_code == 200 and "value_type" in response.context["form"].errors
    response = admin.post(reverse("reports:indicator_create"), indicator_data(rule="khong-co"))
    assert response.status_code == 200 and "rule" in response.context["form"].errors
    assert not Indicator.objects.exists()


def test_weighted_average_needs_a_numeric_weight_and_nothing_else_may_have_one(admin, setup):
    url = reverse("reports:indicator_create")
    share = indicator_data(code="ty-le", name="Tỷ lệ đảng viên", value_type="percent", rule="weighted_average")
    response = admin.post(url, share)
    assert "cần chọn chỉ tiêu dùng làm trọng số" in response.context["form"].errors["weight"][0]
    response = admin.post(url, {**share, "weight": setup["limits"].pk})
    assert "phải là chỉ tiêu kiểu số" in response.context["form"].errors["weight"][0]
    response = admin.post(url, indicator_data(code="khac", weight=setup["attendees"].pk))
    assert "Chỉ quy tắc “Bình quân gia quyền” mới dùng trọng số" in response.context["form"].errors["weight"][0]
    assert not Indicator.objects.filter(code__in=["ty-le", "khac"]).exists()
    assert admin.post(url, {**share, "weight": setup["attendees"].pk}).status_code == 302
    assert Indicator.objects.get(code="ty-le").weight == setup["attendees"]


def test_at_most_min_max_and_code_are_checked(admin, setup):
    url = reverse("reports:indicator_create")
    errors = admin.post(url, indicator_data(code="x1", at_most=setup["limits"].pk)).context["form"].errors
    assert "phải là chỉ tiêu kiểu số" in errors["at_most"][0]
    errors = admin.post(url, indicator_data(code="x2", min_value="10", max_value="5")).context["form"].errors
    assert "không nhỏ hơn giá trị nhỏ nhất" in errors["max_value"][0]
    errors = admin.post(url, indicator_data(code="ht-buoi")).context["form"].errors
    assert "code" in errors  # unique
    errors = admin.post(url, indicator_data(code="có dấu")).context["form"].errors
    assert "code" in errors  # slug
    sessions = setup["sessions"]
    response = admin.post(
        reverse("reports:indicator_edit", args=[sessions.pk]),
        indicator_data(code="ht-buoi", at_most=sessions.pk),
    )
    assert "không thể so sánh với chính nó" in response.context["form"].errors["at_most"][0]
    ok = admin.post(url, indicator_data(code="x3", at_most=setup["attendees"].pk, min_value="0", max_value="100"))
    assert ok.status_code == 302
    assert Indicator.objects.get(code="x3").max_value == Decimal("100")


def test_an_indicator_with_values_keeps_its_type_and_rule_but_may_be_renamed(admin, setup):
    sessions = setup["sessions"]
    report = Report.objects.create(
        form=setup["form"], version=setup["version"], unit=admin_unit(), period="2025M03", status="accepted"
    )
    Value.objects.create(report=report, indicator=sessions, number=Decimal("3"))
    url = reverse("reports:indicator_edit", args=[sessions.pk])
    response = admin.post(url, indicator_data(value_type="decimal", name="Tên mới"))
    assert response.status_code == 200
    assert "đã có số liệu" in response.context["form"].errors["value_type"][0]
    response = admin.post(url, indicator_data(rule="max"))
    assert "đã có số liệu" in response.context["form"].errors["rule"][0]
    sessions.refresh_from_db()
    assert (sessions.value_type, sessions.rule, sessions.name) == ("integer", "sum", "Số buổi")
    response = admin.post(url, indicator_data(name="Số buổi học tập (đã đổi tên)", help_text="Tính cả trực tuyến"))
    assert response.status_code == 302
    sessions.refresh_from_db()
    assert sessions.name == "Số buổi học tập (đã đổi tên)" and sessions.help_text == "Tính cả trực tuyến"


def admin_unit():
    from tuyengiao.units.models import Unit

    return Unit.objects.get(key="central")


def test_without_values_the_type_may_still_change(admin, setup):
    url = reverse("reports:indicator_edit", args=[setup["sessions"].pk])
    assert admin.post(url, indicator_data(value_type="decimal")).status_code == 302
    assert Indicator.objects.get(code="ht-buoi").value_type == "decimal"


# --- Forms ----------------------------------------------------------------------------------------------------------


def test_admin_creates_a_form_with_a_valid_deadline_and_sees_it_described(admin):
    response = admin.post(reverse("reports:form_create"), form_data(deadline_rule=" Day:15:Last_Month "))
    assert response.status_code == 302
    form = Form.objects.get(code="bc-tg-xa")
    assert form.deadline_rule == "day:15:last_month"
    assert (form.submitter_kinds, form.submitter_levels) == (["party_committee"], ["commune"])
    assert "Ngày 15 của tháng cuối kỳ" in admin.get(reverse("reports:form_list")).content.decode()
    assert "Ngày 15 của tháng cuối kỳ" in admin.get(reverse("reports:form_edit", args=[form.pk])).content.decode()


def test_an_invalid_deadline_spec_is_refused_with_the_periods_message(admin):
    response = admin.post(reverse("reports:form_create"), form_data(deadline_rule="day:40:last_month"))
    assert response.status_code == 200
    error = response.context["form"].errors["deadline_rule"][0]
    assert "Quy tắc hạn nộp không hợp lệ" in error and "từ 1 đến 31" in error
    response = admin.post(reverse("reports:form_create"), form_data(submitter_kinds=["khong-co"]))
    assert "submitter_kinds" in response.context["form"].errors
    assert not Form.objects.exists()


def test_a_form_with_versions_keeps_its_period_type(admin, setup):
    url = reverse("reports:form_edit", args=[setup["form"].pk])
    response = admin.post(url, form_data(code="bc-xa", period_type="quarter"))
    assert "không đổi được loại kỳ" in response.context["form"].errors["period_type"][0]
    assert admin.post(url, form_data(code="bc-xa", name="Tên mới")).status_code == 302
    setup["form"].refresh_from_db()
    assert (setup["form"].name, setup["form"].period_type) == ("Tên mới", "month")


# --- Versions -------------------------------------------------------------------------------------------------------


def test_first_version_then_sections_and_items(admin):
    admin.post(reverse("reports:form_create"), form_data())
    form = Form.objects.get()
    create = reverse("reports:form_version_create", args=[form.pk])
    page = admin.get(create).content.decode()
    assert 'list="id_effective_from-list"' in page and '<option value="Tháng 7 năm 2025">' in page  # a picker
    response = admin.post(create, {"effective_from": "2025Q3"})
    assert "kỳ “Tháng”" in response.context["form"].errors["effective_from"][0]
    response = admin.post(create, {"effective_from": "2025M13"})
    assert "Mã kỳ báo cáo không hợp lệ" in response.context["form"].errors["effective_from"][0]
    assert admin.post(create, {"effective_from": "Tháng 7/2025"}).status_code == 302  # as people write it
    version = form.versions.get()
    assert (version.number, version.effective_from) == (1, "2025M07")
    Indicator.objects.create(code="ht-buoi", name="Số buổi", value_type="integer", rule="sum")
    Indicator.objects.create(code="ht-nguoi", name="Số người", value_type="integer", rule="sum")
    url = version_url(version)
    admin.post(edit_url(version, "add_section"), {"section-title": "Số liệu", "section-kind": "indicators"})
    admin.post(edit_url(version, "add_section"), {"section-title": "Hạn chế", "section-kind": "limitations"})
    numbers, limits = version.sections.order_by("order")
    admin.post(edit_url(version, "add_item", numbers.pk), {f"item-{numbers.pk}-code": "ht-buoi"})
    admin.post(edit_url(version, "add_item", numbers.pk), {f"item-{numbers.pk}-code": "HT-NGUOI"})
    response = admin.post(edit_url(version, "add_item", numbers.pk), {f"item-{numbers.pk}-code": "khong-co"})
    assert response.status_code == 200 and "Không có chỉ tiêu mã “khong-co”" in response.content.decode()
    response = admin.post(edit_url(version, "add_item", numbers.pk), {f"item-{numbers.pk}-code": "ht-buoi"})
    assert "đã có trong mục này" in response.content.decode()
    data = {f"item-{limits.pk}-code": "ht-buoi"}
    response = admin.post(edit_url(version, "add_item", limits.pk), data, follow=True)
    assert "Chỉ mục loại “Chỉ tiêu” mới có chỉ tiêu" in response.content.decode()
    assert content(version) == [
        (1, "Số liệu", "indicators", [(1, "ht-buoi", ""), (2, "ht-nguoi", "")]),
        (2, "Hạn chế", "limitations", []),
    ]
    # Reorder and remove.
    second = numbers.items.get(indicator__code="ht-nguoi")
    admin.post(edit_url(version, "item_up", numbers.pk, second.pk), {})
    admin.post(edit_url(version, "section_down", numbers.pk), {})
    assert content(version) == [
        (1, "Hạn chế", "limitations", []),
        (2, "Số liệu", "indicators", [(1, "ht-nguoi", ""), (2, "ht-buoi", "")]),
    ]
    admin.post(edit_url(version, "remove_item", numbers.pk, second.pk), {})
    admin.post(edit_url(version, "remove_section", limits.pk), {})
    assert content(version) == [(2, "Số liệu", "indicators", [(2, "ht-buoi", "")])]
    html = admin.get(url).content.decode()
    assert "Số liệu" in html and "ht-buoi" in html


def test_a_new_version_copies_the_latest_and_starts_later(admin, setup):
    form, v1 = setup["form"], setup["version"]
    create = reverse("reports:form_version_create", args=[form.pk])
    response = admin.post(create, {"effective_from": "2025M01"})
    assert "phải áp dụng từ kỳ sau" in response.context["form"].errors["effective_from"][0]
    response = admin.post(create, {"effective_from": "2025M09", "note": "Thêm chỉ tiêu hạn chế"})
    assert response.status_code == 302
    v2 = form.versions.get(number=2)
    assert v2.effective_from == "2025M09" and v2.note == "Thêm chỉ tiêu hạn chế"
    assert content(v2) == content(v1)
    assert not set(v2.sections.values_list("pk", flat=True)) & set(v1.sections.values_list("pk", flat=True))
    # Editing the copy leaves the original alone.
    numbers = v2.sections.get(order=1)
    before = content(v1)
    admin.post(edit_url(v2, "remove_item", numbers.pk, numbers.items.first().pk), {})
    assert content(v1) == before and len(content(v2)[0][3]) == 1
    from tuyengiao.lib.periods import Period

    assert form.version_for(Period.parse("2025M08")) == v1
    assert form.version_for(Period.parse("2025M10")) == v2


def test_a_new_version_cannot_start_in_a_period_already_reported(admin, setup):
    Report.objects.create(form=setup["form"], version=setup["version"], unit=admin_unit(), period="2025M06")
    create = reverse("reports:form_version_create", args=[setup["form"].pk])
    response = admin.post(create, {"effective_from": "2025M06"})
    assert "Đã có báo cáo kỳ" in response.context["form"].errors["effective_from"][0]
    assert admin.post(create, {"effective_from": "2025M07"}).status_code == 302


def test_a_version_with_reports_is_read_only_and_forged_posts_change_nothing(admin, setup):
    version = setup["version"]
    Report.objects.create(form=setup["form"], version=version, unit=admin_unit(), period="2025M03")
    url = version_url(version)
    html = admin.get(url).content.decode()
    assert "Phiên bản này đã có báo cáo; hãy tạo phiên bản mới" in html
    assert 'value="add_section"' not in html and 'value="remove_item"' not in html
    before = content(version)
    numbers = version.sections.get(order=1)
    item = numbers.items.first()
    forged = [
        (edit_url(version, "add_section"), {"section-title": "Mới", "section-kind": "results"}),
        (edit_url(version, "remove_section", numbers.pk), {}),
        (edit_url(version, "section_down", numbers.pk), {}),
        (edit_url(version, "add_item", numbers.pk), {f"item-{numbers.pk}-code": "han-che"}),
        (edit_url(version, "remove_item", numbers.pk, item.pk), {}),
        (edit_url(version, "item_down", numbers.pk, item.pk), {}),
    ]
    for target, data in forged:
        response = admin.post(target, data, follow=True)
        assert "Phiên bản này đã có báo cáo; hãy tạo phiên bản mới" in response.content.decode()
    assert content(version) == before


def test_edits_of_another_versions_section_are_refused(admin, setup):
    other = FormVersion.objects.create(form=setup["form"], number=2, effective_from="2025M10")
    numbers = setup["version"].sections.get(order=1)
    before = content(setup["version"])
    admin.post(edit_url(other, "remove_section", numbers.pk), {})
    assert content(setup["version"]) == before


# --- Access ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "specialist"])
def test_non_administrators_get_404(personas, setup, who):
    client = personas.client(getattr(personas, who))
    form, version = setup["form"], setup["version"]
    urls = [
        reverse("reports:indicator_list"),
        reverse("reports:indicator_create"),
        reverse("reports:indicator_edit", args=[setup["sessions"].pk]),
        reverse("reports:form_list"),
        reverse("reports:form_create"),
        reverse("reports:form_edit", args=[form.pk]),
        reverse("reports:form_version", args=[form.pk, version.number]),
        reverse("reports:form_version_create", args=[form.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    before = content(version)
    assert client.post(edit_url(version, "remove_section", 1), {}).status_code == 404
    assert client.post(reverse("reports:indicator_create"), indicator_data(code="moi")).status_code == 404
    assert content(version) == before and not Indicator.objects.filter(code="moi").exists()


def test_administrator_pages_render(admin, setup):
    form, version = setup["form"], setup["version"]
    for url in [
        reverse("reports:indicator_list"),
        reverse("reports:indicator_create"),
        reverse("reports:indicator_edit", args=[setup["sessions"].pk]),
        reverse("reports:form_list"),
        reverse("reports:form_create"),
        reverse("reports:form_edit", args=[form.pk]),
        version_url(version),
        reverse("reports:form_version_create", args=[form.pk]),
    ]:
        assert admin.get(url).status_code == 200, url


def test_the_version_page_takes_no_post_and_every_edit_refuses_non_administrators(personas, admin, setup):
    version = setup["version"]
    numbers = version.sections.get(order=1)
    item = numbers.items.first()
    before = content(version)
    assert admin.post(version_url(version), {"action": "remove_section", "section": numbers.pk}).status_code == 405
    urls = [
        edit_url(version, "add_section"),
        edit_url(version, "remove_section", numbers.pk),
        edit_url(version, "section_up", numbers.pk),
        edit_url(version, "section_down", numbers.pk),
        edit_url(version, "add_item", numbers.pk),
        edit_url(version, "remove_item", numbers.pk, item.pk),
        edit_url(version, "item_up", numbers.pk, item.pk),
        edit_url(version, "item_down", numbers.pk, item.pk),
    ]
    for url in urls:
        assert admin.get(url).status_code == 405, url
        for who in (personas.leader, personas.specialist):
            assert personas.client(who).post(url, {"section-title": "X", "section-kind": "results"}).status_code == 404
    assert content(version) == before
