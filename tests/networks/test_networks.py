"""Issue #18 part B: the reporters' network, the public-opinion counts, the models registry, and their figures."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tuyengiao.lib.periods import Period
from tuyengiao.meetings.models import AgendaItem, BridgePoint, Meeting, RosterEntry
from tuyengiao.networks import demo, roster, sources
from tuyengiao.networks.models import CollaboratorCount, Exemplar, Heading, OpinionMonth, OpinionTopicCount
from tuyengiao.people.models import LecturerRole, Person
from tuyengiao.reports import consolidation, services
from tuyengiao.units.models import Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def conference(organiser: Unit, day: dt.date, attendees: int = 40, bridges=(), topics: int = 2) -> Meeting:
    meeting = Meeting.objects.create(
        organiser=organiser,
        kind=Meeting.Kind.LECTURERS,
        title=f"Hội nghị báo cáo viên {day:%m/%Y}",
        starts_at=dt.datetime.combine(day, dt.time(8), tzinfo=TZ),
        attendees=attendees,
    )
    for bridge_unit, people in bridges:
        BridgePoint.objects.create(meeting=meeting, unit=bridge_unit, attendees=people)
    for order in range(topics):
        AgendaItem.objects.create(meeting=meeting, order=order, title=f"Chuyên đề {order + 1}")
    return meeting


def reporter(name: str, managed_by: Unit, level: str = "province", start: dt.date = dt.date(2024, 1, 1)) -> Person:
    person = Person.objects.create(full_name=name)
    LecturerRole.objects.create(person=person, level=level, unit=managed_by, from_date=start, field="Kinh tế")
    return person


# --- The roll call and the "missed in a row" rule -------------------------------------------------------------------


def test_the_roster_expects_the_reporters_of_the_organisers_subtree_on_the_meeting_day(personas):
    inside = reporter("Lê Văn Tỉnh", personas.commission)
    commune = reporter("Phạm Thị Xã", personas.commune_unit1, "grassroots", dt.date(2025, 8, 1))
    reporter("Đỗ Văn Tuyên", personas.commission, "communicator")
    reporter("Ngô Văn Khác", unit("com:p:68"))
    meeting = conference(personas.commission, dt.date(2025, 9, 10))
    assert {r.person_id for r in roster.expected(meeting)} == {inside.pk, commune.pk}


def test_three_conferences_missed_in_a_row_are_flagged_and_one_attended_resets_the_count(personas):
    absent = reporter("Vũ Văn Vắng", personas.commission)
    present = reporter("Hồ Thị Đủ", personas.commission)
    meetings = [conference(personas.commission, dt.date(2025, month, 10)) for month in (8, 9, 10, 11)]
    RosterEntry.objects.create(meeting=meetings[0], person=absent, present=True)
    for meeting in meetings[1:]:
        RosterEntry.objects.create(meeting=meeting, person=absent, present=False)
        RosterEntry.objects.create(meeting=meeting, person=present, present=True)
    RosterEntry.objects.create(meeting=meetings[0], person=present, present=False)
    assert roster.missed_in_a_row([absent.pk, present.pk]) == {absent.pk: 3}

    page = personas.client(personas.specialist).get(reverse("networks:reporters", args=[personas.commission.pk]))
    flagged = page.content.decode().split('data-testid="flagged"')[1].split("</div>")[0]
    assert "Vũ Văn Vắng" in flagged and "Hồ Thị Đủ" not in flagged

    RosterEntry.objects.filter(meeting=meetings[3], person=absent).update(present=True)
    assert roster.missed_in_a_row([absent.pk]) == {}


def test_the_specialist_takes_the_roll_and_an_old_page_is_refused(personas):
    first = reporter("Lê Văn Một", personas.commission)
    second = reporter("Lê Văn Hai", personas.commission)
    meeting = conference(personas.commission, dt.date(2025, 9, 10))
    client = personas.client(personas.specialist)
    page = client.get(reverse("networks:roster", args=[meeting.pk]))
    assert page.status_code == 200 and "Lê Văn Một" in page.content.decode()
    url = reverse("networks:roster_save", args=[meeting.pk])
    assert client.post(url, {"co_mat": [str(first.pk)], "revision": "1"}).status_code == 302
    assert dict(RosterEntry.objects.values_list("person_id", "present")) == {first.pk: True, second.pk: False}
    # the same page posted again (revision 1) is stale: nothing changes
    response = client.post(url, {"co_mat": [str(first.pk), str(second.pk)], "revision": "1"}, follow=True)
    assert "người khác sửa" in response.content.decode()
    assert RosterEntry.objects.get(person=second).present is False
    # a post without a revision is refused too
    client.post(url, {"co_mat": [str(second.pk)]})
    assert RosterEntry.objects.get(person=second).present is False


def test_another_province_cannot_see_or_take_the_roll(personas):
    meeting = conference(personas.commission, dt.date(2025, 9, 10))
    client = personas.client(personas.outsider)
    assert client.get(reverse("networks:roster", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("networks:roster_save", args=[meeting.pk]), {"revision": "1"}).status_code == 404
    assert client.get(reverse("networks:reporters", args=[personas.commission.pk])).status_code == 404


def test_a_commune_reads_the_roll_of_its_provinces_conference_but_cannot_change_it(personas):
    meeting = conference(personas.commission, dt.date(2025, 9, 10))
    client = personas.client(personas.commune1)
    page = client.get(reverse("networks:roster", args=[meeting.pk]))
    assert page.status_code == 200 and "Lưu điểm danh" not in page.content.decode()
    assert client.post(reverse("networks:roster_save", args=[meeting.pk]), {"revision": "1"}).status_code == 404


def test_the_network_page_uses_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    for index in range(12):
        person = reporter(f"Trần Văn Số{index}", personas.commission)
        meeting = conference(personas.commission, dt.date(2025, 8, 1) + dt.timedelta(days=7 * index))
        RosterEntry.objects.create(meeting=meeting, person=person, present=False)
    client = personas.client(personas.specialist)
    url = reverse("networks:reporters", args=[personas.commission.pk])
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("networks:exemplars", args=[personas.commission.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("networks:opinion", args=[personas.commission.pk])).status_code == 200
    with django_assert_max_num_queries(30):  # 26 with one reporter or twelve
        assert client.get(reverse("networks:roster", args=[meeting.pk])).status_code == 200


# --- Public opinion: counts only --------------------------------------------------------------------------------------


def _count_post(unit_pk: int, day: str, **extra: str) -> dict[str, str]:
    return {
        "ctv-unit": str(unit_pk),
        "ctv-as_of": day,
        "ctv-province_level": "50",
        "ctv-district_level": "0",
        "ctv-commune_level": "0",
        "ctv-decision": "Quyết định kiện toàn của Ban Thường vụ",
        **extra,
    }


def test_the_specialist_updates_the_collaborator_counts_and_mistakes_are_explained_in_vietnamese(personas):
    client = personas.client(personas.specialist)
    url = reverse("networks:count_add", args=[personas.commission.pk])
    assert client.post(url, _count_post(personas.commission.pk, "01/09/2025")).status_code == 302
    count = CollaboratorCount.objects.get()
    assert (count.province_level, count.created_by) == (50, personas.specialist)
    assert count.decision == "Quyết định kiện toàn của Ban Thường vụ"

    again = client.post(url, _count_post(personas.commission.pk, "01/09/2025"))
    assert again.status_code == 400 and "Đơn vị đã có số liệu tính đến ngày 01/09/2025" in again.content.decode()
    district = client.post(url, _count_post(personas.commission.pk, "02/09/2025", **{"ctv-district_level": "3"}))
    assert "không còn cấp huyện" in district.content.decode()
    assert CollaboratorCount.objects.count() == 1

    foreign = client.post(url, _count_post(unit("com:p:68").pk, "03/09/2025"))
    assert foreign.status_code == 400 and CollaboratorCount.objects.count() == 1


def test_a_decision_number_is_linked_to_the_registry_or_registered_with_the_counts(personas):
    from tuyengiao.documents.models import Document

    client = personas.client(personas.specialist)
    url = reverse("networks:count_add", args=[personas.commission.pk])
    refused = client.post(url, _count_post(personas.commission.pk, "01/09/2025", **{"ctv-decision": "215-qđ/btgdvtu"}))
    assert (
        refused.status_code == 400 and "Chưa có văn bản số 215-QĐ/BTGDVTU trong sổ đăng ký" in refused.content.decode()
    )
    registered = _count_post(
        personas.commission.pk, "01/09/2025", **{"ctv-decision": "215-qđ/btgdvtu", "ctv-register_decision": "on"}
    )
    assert client.post(url, registered).status_code == 302
    count = CollaboratorCount.objects.get()
    document = Document.objects.get(code="215-QĐ/BTGDVTU")
    assert (count.decision, count.decision_document, document.owner) == (
        "215-QĐ/BTGDVTU",
        document,
        personas.commission,
    )
    # the next count citing the same number finds it in the registry; a note that is no number stays text
    client.post(url, _count_post(personas.commission.pk, "01/10/2025", **{"ctv-decision": "215-QĐ/BTGDVTU"}))
    assert CollaboratorCount.objects.get(as_of=dt.date(2025, 10, 1)).decision_document == document
    client.post(url, _count_post(personas.commission.pk, "01/11/2025", **{"ctv-decision": "Theo biên bản họp Ban"}))
    assert CollaboratorCount.objects.get(as_of=dt.date(2025, 11, 1)).decision_document is None
    assert Document.objects.filter(code__contains="215").count() == 1


def test_a_stale_collaborator_edit_changes_nothing(personas):
    count = CollaboratorCount.objects.create(unit=personas.commission, as_of=dt.date(2025, 9, 1), province_level=50)
    client = personas.client(personas.specialist)
    url = reverse("networks:count_save", args=[count.pk])
    fresh = {k.removeprefix("ctv-"): v for k, v in _count_post(personas.commission.pk, "01/09/2025").items()}
    assert client.post(url, {**fresh, "province_level": "55", "revision": "1"}).status_code == 302
    stale = client.post(url, {**fresh, "province_level": "60", "revision": "1"})
    assert stale.status_code == 400 and "người khác sửa" in stale.content.decode()
    count.refresh_from_db()
    assert (count.province_level, count.revision) == (55, 2)
    assert client.post(url, {**fresh, "province_level": "60"}).status_code == 400  # no revision: refused


def test_another_province_gets_404_on_the_counts_and_the_registry(personas):
    count = CollaboratorCount.objects.create(unit=personas.commission, as_of=dt.date(2025, 9, 1))
    month = OpinionMonth.objects.create(unit=personas.commission, month=dt.date(2025, 9, 1))
    exemplar = Exemplar.objects.create(
        unit=personas.commission, name="Mô hình thử", programme="ct05", year=2025, registered_on=dt.date(2025, 9, 1)
    )
    client = personas.client(personas.outsider)
    for name, pk in (("count_edit", count.pk), ("month_edit", month.pk), ("exemplar_edit", exemplar.pk)):
        assert client.get(reverse(f"networks:{name}", args=[pk])).status_code == 404
    for name in ("opinion", "exemplars"):
        assert client.get(reverse(f"networks:{name}", args=[personas.commission.pk])).status_code == 404
    assert client.post(reverse("networks:exemplar_save", args=[exemplar.pk]), {}).status_code == 404


def _month_post(day: str, rapid: str = "1", **received: str) -> dict[str, str]:
    data = {"thang-month": day, "thang-rapid_reports": rapid, "thang-summaries_sent": "1"}
    for heading in Heading.values:
        data[f"thang-h_{heading}"] = received.get(heading, "0")
    return data


def test_a_month_of_opinion_reports_is_counts_by_heading_only(personas):
    client = personas.client(personas.specialist)
    url = reverse("networks:month_add", args=[personas.commission.pk])
    data = {"thang-unit": str(personas.commission.pk), **_month_post("15/09/2025", economy="4", land="2")}
    assert client.post(url, data).status_code == 302
    month = OpinionMonth.objects.get()
    assert month.month == dt.date(2025, 9, 1)
    assert dict(month.topics.filter(received__gt=0).values_list("heading", "received")) == {"economy": 4, "land": 2}
    too_many = {"thang-unit": str(personas.commission.pk), **_month_post("01/10/2025", rapid="3", economy="2")}
    response = client.post(url, too_many)
    assert "không được lớn hơn tổng số báo cáo nhận được" in response.content.decode()
    # The model has no place for a citizen or for what was said: counts and headings only.
    fields = {f.name for model in (OpinionMonth, OpinionTopicCount, CollaboratorCount) for f in model._meta.fields}
    assert not fields & {"name", "full_name", "content", "text", "citizen", "phone", "address", "opinion"}


# --- Models and exemplars -------------------------------------------------------------------------------------------


def test_an_exemplar_is_registered_and_linked_to_its_nomination(personas):
    client = personas.client(personas.specialist)
    url = reverse("networks:exemplar_add", args=[personas.commission.pk])
    data = {
        "mh-unit": str(personas.commune_unit1.pk),
        "mh-name": "Tổ tự quản giữ gìn vệ sinh buôn làng",
        "mh-programme": "dan_van_kheo",
        "mh-kind": "practice",
        "mh-year": "2025",
        "mh-registered_on": "10/09/2025",
        "mh-review": "effective",
        "mh-evidence": "Ba buôn sạch đẹp",
    }
    assert client.post(url, data).status_code == 302
    exemplar = Exemplar.objects.get()
    assert (exemplar.unit, exemplar.proposed, exemplar.review) == (personas.commune_unit1, False, "effective")
    short = client.post(url, {**data, "mh-name": "Ab"})
    assert "Tên mô hình, điển hình quá ngắn." in short.content.decode()
    before = client.post(url, {**data, "mh-registered_on": "10/03/2025"})  # the commune did not exist yet
    assert before.status_code == 400 and Exemplar.objects.count() == 1


def test_an_exemplar_links_a_nomination_of_its_provinces_cycle_not_another_provinces(personas):
    from tuyengiao.awards.catalogue import ensure_catalogue
    from tuyengiao.awards.models import AwardForm, EmulationCycle, Nomination

    ensure_catalogue(AwardForm)
    award_form = AwardForm.objects.order_by("pk").first()

    def nomination(commission: Unit) -> Nomination:
        cycle = EmulationCycle.objects.create(unit=commission, year=2025, title="Thi đua năm 2025")
        return Nomination.objects.create(
            cycle=cycle, award_form=award_form, unit=commission, achievements="Thành tích tiêu biểu"
        )

    ours, theirs = nomination(personas.commission), nomination(unit("com:p:68"))
    client = personas.client(personas.specialist)
    url = reverse("networks:exemplar_add", args=[personas.commission.pk])
    data = {
        "mh-unit": str(personas.commission.pk),
        "mh-name": "Mô hình tuyên truyền miệng ở buôn",
        "mh-programme": "dan_van_kheo",
        "mh-kind": "practice",
        "mh-year": "2025",
        "mh-registered_on": "10/09/2025",
        "mh-review": "effective",
        "mh-honoured": "on",
    }
    refused = client.post(url, {**data, "mh-nomination": str(theirs.pk)})
    assert refused.status_code == 400 and not Exemplar.objects.exists()
    assert client.post(url, {**data, "mh-nomination": str(ours.pk)}).status_code == 302
    exemplar = Exemplar.objects.get()
    assert (exemplar.nomination, exemplar.proposed, exemplar.honoured) == (ours, True, True)
    page = client.get(reverse("networks:exemplars", args=[personas.commission.pk]))
    assert "Đề nghị khen thưởng" in page.content.decode() and "đợt 2025" in page.content.decode()


def test_taking_the_roll_does_not_make_an_open_meeting_editor_stale(personas):
    reporter("Lê Văn Một", personas.commission)
    meeting = conference(personas.commission, dt.date(2025, 9, 10))
    client = personas.client(personas.specialist)
    client.post(reverse("networks:roster_save", args=[meeting.pk]), {"revision": "1"})
    meeting.refresh_from_db()
    assert (meeting.revision, meeting.roster_revision) == (1, 2)
    assert RosterEntry.objects.get().present is False


# --- Figures flow into reports --------------------------------------------------------------------------------------


@pytest.fixture
def registry(personas):
    """Đắk Lắk's 2025, across the 01/07/2025 merger: old Phú Yên's commission held a conference in March,
    old Đắk Lắk's in May, the new province's in September; an old commune merged into Xã Hòa Phú recorded
    a conference in April, the new commune one in October."""
    phu_yen = unit("com:p:54")
    hoa_phu, hoa_phu_old = unit("c2025:24175"), unit("c:24172")
    conference(phu_yen, dt.date(2025, 3, 12), attendees=30, bridges=[(unit("p:54"), 100)], topics=1)
    conference(personas.commission, dt.date(2025, 5, 12), attendees=40, topics=2)
    conference(personas.commission, dt.date(2025, 9, 12), attendees=45, bridges=[(hoa_phu, 20)], topics=3)
    conference(hoa_phu_old, dt.date(2025, 4, 2), attendees=12, topics=1)
    conference(hoa_phu, dt.date(2025, 10, 2), attendees=15, topics=1)
    conference(personas.commission, dt.date(2026, 1, 12), attendees=99)  # another year
    reporter("Lý Văn Tỉnh", personas.commission)
    reporter("Lý Thị Cơ Sở", hoa_phu, "grassroots", dt.date(2025, 8, 1))
    CollaboratorCount.objects.create(unit=personas.commission, as_of=dt.date(2024, 1, 1), province_level=40)
    CollaboratorCount.objects.create(unit=personas.commission, as_of=dt.date(2025, 8, 1), province_level=52)
    CollaboratorCount.objects.create(unit=hoa_phu, as_of=dt.date(2025, 9, 1), commune_level=9)
    for month in (3, 9):
        record = OpinionMonth.objects.create(
            unit=personas.commission, month=dt.date(2025, month, 1), rapid_reports=1, summaries_sent=1
        )
        OpinionTopicCount.objects.create(month=record, heading="economy", received=5)
    for name, programme, review, owner in (
        ("Mô hình một của tỉnh", "dan_van_kheo", "effective", personas.commission),
        ("Mô hình hai của xã", "dan_van_kheo", "pending", hoa_phu),
        ("Điển hình học tập và làm theo Bác", "ct05", "effective", hoa_phu),
    ):
        Exemplar.objects.create(
            unit=owner, name=name, programme=programme, year=2025, registered_on=dt.date(2025, 9, 1), review=review
        )
    return hoa_phu


def test_the_sources_count_the_committee_its_commission_and_what_it_took_over(personas, registry):
    year = Period.parse("2025")
    assert sources.conferences(personas.province, year) == 3  # Phú Yên's March + Đắk Lắk's May and September
    assert sources.conference_attendances(personas.province, year) == 30 + 100 + 40 + 45 + 20
    assert sources.conference_topics(personas.province, year) == 6
    assert sources.conferences(registry, year) == 2  # the old commune's April conference is the new one's past
    assert sources.opinion_reports(personas.province, year) == 10
    assert sources.summaries_sent(personas.province, year) == 2
    dan_van = sources._exemplars("dan_van_kheo", effective=False)
    assert dan_van(personas.province, year) == 1  # the commission's; the commune's is the commune's report
    assert dan_van(personas.province, Period.parse("2025M09")) == 1  # a month: registered that month
    assert dan_van(personas.province, Period.parse("2025M10")) == 0  # not once a month all year long


def test_the_yearly_report_consolidates_to_the_registry_figures_for_the_province_and_the_nation(personas, registry):
    form = demo.ensure_form()
    year = Period.parse("2025")
    for target in (personas.province, registry):
        report = services.open_report(form, target, year, personas.admin)[0]
        services.submit(report, personas.admin)
    expected = {
        "ml-hn-bcv": 5,
        "ml-hn-bcv-luot": 30 + 100 + 40 + 45 + 20 + 12 + 15,
        "ml-hn-bcv-chuyen-de": 8,
        "ml-bcv-tinh": 1,
        "ml-bcv-co-so": 1,
        "ml-ctv-tinh": 52,
        "ml-ctv-xa": 9,
        "ml-dlxh-nhan": 10,
        "ml-dlxh-tong-hop": 2,
        "ml-dvk-dang-ky": 2,
        "ml-dvk-hieu-qua": 1,
        "ml-ct05-dang-ky": 1,
        "ml-ct05-hieu-qua": 1,
    }
    for top in (personas.province, unit("central")):
        figures = consolidation.consolidate(form, top, year, stored=False)
        assert {code: figures[code].value for code in expected} == expected, top
