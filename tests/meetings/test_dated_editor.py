"""The meeting editor offers the units of the meeting's date, and the successor records its predecessors'
meetings (old Phú Yên's half-year review of 05/06/2025) under their own name, with the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.meetings.test_meetings import editor_data, full_lists, media, registry  # noqa: F401 (fixtures)
from tuyengiao.meetings.models import Meeting
from tuyengiao.units.models import Unit, UnitVersion

CREATE = reverse("meetings:create")


@pytest.fixture
def krong_pac(personas) -> Unit:
    return Unit.objects.get(key="d:654")  # Huyện ủy Krông Pắc, a district of Đắk Lắk until 30/06/2025


@pytest.fixture
def phu_yen(personas) -> dict[str, Unit]:
    district = (
        UnitVersion.objects.as_of(dt.date(2025, 6, 5)).filter(parent__key="p:54", unit__level="district").first().unit
    )
    return {"commission": Unit.objects.get(key="com:p:54"), "district": district}


def data_2023(personas, **lists: list[dict[str, Any]]) -> dict[str, Any]:
    data = editor_data(personas, **lists)
    data.update(day="21/07/2023", period="2023S1", title="Sơ kết 6 tháng đầu năm 2023")
    return data


def options(field) -> dict[int, str]:
    return {int(value): str(label) for value, label in field.choices if value != ""}


@pytest.mark.usefixtures("registry")
def test_a_meeting_of_21_07_2023_offers_that_days_districts_and_no_2025_commune(personas, krong_pac):
    client = personas.client(personas.specialist)
    response = client.post(CREATE, {**data_2023(personas), "title": ""})  # not saved: the form comes back
    assert response.status_code == 200
    rows = options(response.context["formsets"]["bridge_points"].empty_form.fields["unit"])
    assert rows[krong_pac.pk] == "Huyện ủy Krông Pắc"
    assert personas.commune_unit1.pk not in rows
    assert options(response.context["formsets"]["tasks"].empty_form.fields["owner"])[krong_pac.pk]
    organisers = options(response.context["form"].fields["organiser"])
    assert organisers[personas.commission.pk] == "Ban Tuyên giáo Tỉnh ủy Đắk Lắk"  # its name in 2023
    assert f'<option value="{krong_pac.pk}">Huyện ủy Krông Pắc</option>' in response.content.decode()


@pytest.mark.usefixtures("registry")
def test_a_2023_district_posted_on_a_2023_meeting_saves_on_the_first_try(personas, krong_pac):
    lists = {
        "bridge_points": [{"unit": krong_pac.pk, "venue": "Hội trường Huyện ủy", "attendees": "45"}],
        "tasks": [{"title": "Tuyên truyền miệng ở cơ sở", "owner": krong_pac.pk, "deadline": "31/12/2023"}],
    }
    response = personas.client(personas.specialist).post(CREATE, data_2023(personas, **lists))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.latest("pk")
    assert meeting.date == dt.date(2023, 7, 21)
    assert meeting.bridge_points.get().unit == krong_pac
    assert meeting.tasks.get().owner == krong_pac


@pytest.mark.usefixtures("registry")
def test_a_2025_commune_on_a_2023_meeting_is_refused_with_the_reason_in_vietnamese(personas):
    lists = {"bridge_points": [{"unit": personas.commune_unit1.pk, "venue": "Phường", "attendees": "40"}]}
    response = personas.client(personas.specialist).post(CREATE, data_2023(personas, **lists))
    assert response.status_code == 200
    html = response.content.decode()
    assert "không thuộc các đơn vị bạn được chọn vào ngày 21/07/2023" in html
    assert "Hãy chọn một lựa chọn hợp lệ" not in html
    assert not Meeting.objects.exists()


@pytest.mark.usefixtures("registry")
def test_the_new_form_offers_todays_units_and_reloads_them_when_the_date_changes(
    personas, django_assert_max_num_queries
):
    client = personas.client(personas.specialist)
    with django_assert_max_num_queries(25):
        response = client.get(CREATE)
    html = response.content.decode()
    rows = options(response.context["formsets"]["bridge_points"].empty_form.fields["unit"])
    assert personas.commune_unit1.pk in rows and Unit.objects.get(key="d:654").pk not in rows
    assert 'data-dated-units="tg-units-gan"' in html and 'data-dated-units="tg-units-goc"' in html
    assert 'id="tg-units-gan"' in html and 'hx-trigger="change from:#id_day"' in html
    assert "ds=gan&amp;truong=day" in html and 'hx-include="#id_day"' in html
    assert "js/dated-units.js" in html


@pytest.mark.usefixtures("registry")
def test_changing_the_date_of_a_meeting_checks_its_units_against_the_new_date(personas):
    client = personas.client(personas.specialist)
    client.post(CREATE, editor_data(personas, **full_lists(personas)))  # 08/01/2026, Phường Buôn Ma Thuột
    meeting = Meeting.objects.latest("pk")
    url = reverse("meetings:edit", args=[meeting.pk])
    row = meeting.bridge_points.get()
    data = editor_data(personas)
    data.update(
        {
            "revision": meeting.revision,
            "diem-cau-TOTAL_FORMS": 1,
            "diem-cau-INITIAL_FORMS": 1,
            "diem-cau-0-id": row.pk,
            "diem-cau-0-unit": row.unit_id,
            "diem-cau-0-venue": row.venue,
        }
    )
    assert client.post(url, data).status_code == 302  # unchanged date: the unit is kept
    data["revision"] = meeting.revision + 1
    response = client.post(url, {**data, "day": "21/07/2023"})
    assert response.status_code == 200
    assert "không thuộc các đơn vị bạn được chọn vào ngày 21/07/2023" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2026, 1, 8)


@pytest.mark.usefixtures("registry")
def test_dak_lak_records_phu_yens_half_year_review_under_phu_yens_name(personas, phu_yen):
    client = personas.client(personas.specialist)
    data = editor_data(
        personas,
        bridge_points=[{"unit": phu_yen["district"].pk, "venue": "Hội trường huyện", "attendees": "30"}],
        tasks=[{"title": "Tổng kết 6 tháng cuối năm", "owner": "", "deadline": "31/12/2025"}],
    )
    data.update(
        organiser=phu_yen["commission"].pk,
        day="05/06/2025",
        period="2025S1",
        title="Hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm 2025",
    )
    response = client.post(CREATE, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title=data["title"])
    assert meeting.organiser == phu_yen["commission"]
    assert meeting.tasks.get().issuer == phu_yen["commission"]
    assert meeting.history.get().history_user == personas.specialist  # audit: who recorded it
    assert meeting.bridge_points.get().history.get().history_user == personas.specialist
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Yên" in page  # kept under the predecessor's own name
    assert data["title"] in client.get(reverse("meetings:list")).content.decode()  # in the successor's history
    assert personas.client(personas.outsider).get(meeting.get_absolute_url()).status_code == 404


@pytest.mark.usefixtures("registry")
def test_phu_yen_is_no_organiser_on_or_after_the_merger(personas, phu_yen):
    data = editor_data(personas)
    data.update(organiser=phu_yen["commission"].pk, day="01/07/2025")
    response = personas.client(personas.specialist).post(CREATE, data)
    assert response.status_code == 200
    assert "01/07/2025" in str(response.context["form"].errors["organiser"])
    assert not Meeting.objects.exists()


@pytest.mark.usefixtures("registry")
def test_the_specialist_corrects_a_phu_yen_meeting_and_others_cannot(personas, phu_yen):
    meeting = Meeting.objects.create(
        organiser=phu_yen["commission"],
        kind=Meeting.Kind.INTERIM_REVIEW,
        title="Sơ kết 6 tháng đầu năm 2025",
        starts_at=dt.datetime(2025, 6, 5, 8, tzinfo=timezone.get_current_timezone()),
    )
    url = reverse("meetings:edit", args=[meeting.pk])
    for other in (personas.outsider, personas.commune1, personas.viewer):
        assert personas.client(other).get(url).status_code == 404
    client = personas.client(personas.specialist)
    assert client.get(url).status_code == 200
    assert url in client.get(meeting.get_absolute_url()).content.decode()  # the page offers "Sửa"
    data = editor_data(personas)
    data.update(
        organiser=phu_yen["commission"].pk,
        kind=Meeting.Kind.INTERIM_REVIEW,
        day="05/06/2025",
        period="2025S1",
        title="Sơ kết 6 tháng đầu năm 2025 (đã sửa)",
        revision=meeting.revision,
    )
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title.endswith("(đã sửa)") and meeting.organiser == phu_yen["commission"]
    assert meeting.history.latest().history_user == personas.specialist


@pytest.mark.usefixtures("registry")
def test_the_editors_queries_do_not_grow_with_its_rows(personas, krong_pac, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = personas.client(personas.specialist)
    districts = list(
        UnitVersion.objects.as_of(dt.date(2023, 7, 21))
        .filter(parent=personas.province, unit__level="district")
        .values_list("unit_id", flat=True)[:6]
    )
    counts = []
    for rows in (1, 6):
        bridges = [{"unit": districts[n], "venue": f"Điểm {n}", "attendees": "10"} for n in range(rows)]
        tasks = [{"title": f"Nhiệm vụ {n}", "owner": krong_pac.pk, "deadline": ""} for n in range(rows)]
        assert client.post(CREATE, data_2023(personas, bridge_points=bridges, tasks=tasks)).status_code == 302
        url = reverse("meetings:edit", args=[Meeting.objects.latest("pk").pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(url)
