"""``readable_by`` / ``writable_by``: the QuerySet methods of the scoped models apply the scoping module's rules."""

import datetime as dt
from zoneinfo import ZoneInfo

from tests.conftest import AFTER
from tuyengiao.followup.models import Task
from tuyengiao.meetings.models import BridgePoint, Meeting
from tuyengiao.units.models import Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def meeting(organiser: Unit, day: dt.date, title: str) -> Meeting:
    return Meeting.objects.create(
        organiser=organiser,
        kind=Meeting.Kind.BRIEFING,
        title=title,
        starts_at=dt.datetime.combine(day, dt.time(8), tzinfo=TZ),
    )


def among(queryset, *records) -> set:
    """Which of ``records`` the queryset holds (the demo data may hold others)."""
    return set(queryset.filter(pk__in=[r.pk for r in records]))


def test_writable_by_a_date_follows_lineage_into_the_past_and_without_one_keeps_todays_own_subtree(personas):
    phu_yen = Unit.objects.get(key="com:p:54")  # merged into Đắk Lắk on 01/07/2025
    june = meeting(phu_yen, dt.date(2025, 6, 5), "Sơ kết Phú Yên")
    own = meeting(personas.commission, AFTER, "Giao ban Đắk Lắk")

    def writable(user, date=None):
        return among(Meeting.objects.writable_by(user, date), june, own)

    # The units are those the user may write for a record of that date: Phú Yên's commission before 01/07/2025.
    assert writable(personas.specialist, dt.date(2025, 6, 5)) == {june, own}
    assert writable(personas.specialist, AFTER) == {own}
    assert writable(personas.specialist) == {own}  # no date: today's own subtree, no lineage
    assert writable(personas.viewer, AFTER) == set()  # a viewer writes nothing
    assert writable(personas.outsider, dt.date(2025, 6, 5)) == set()


def test_readable_by_shares_meetings_down_and_with_bridge_points_only(personas):
    provincial = meeting(personas.commission, AFTER, "Hội nghị tỉnh")
    lam_dong = meeting(Unit.objects.get(key="com:p:68"), AFTER, "Hội nghị Lâm Đồng")

    def readable(user):
        return among(Meeting.objects.readable_by(user), provincial, lam_dong)

    assert readable(personas.commune1) == {provincial}  # shared down
    assert readable(personas.outsider) == {lam_dong}
    BridgePoint.objects.create(meeting=lam_dong, unit=personas.commune_unit1)
    assert readable(personas.commune1) == {provincial, lam_dong}
    assert readable(personas.commune2) == {provincial}
    assert readable(personas.admin) == {provincial, lam_dong}


def test_a_task_is_read_through_its_owner_issuer_or_partner_and_written_through_its_issuer(personas):
    lam_dong = Unit.objects.get(key="com:p:68")
    task = Task.objects.create(issuer=lam_dong, owner=lam_dong, title="Phối hợp", assigned_on=AFTER)
    assert among(Task.objects.readable_by(personas.commune1), task) == set()
    task.partners.add(personas.commune_unit1)
    assert among(Task.objects.readable_by(personas.commune1), task) == {task}
    assert among(Task.objects.readable_by(personas.commune2), task) == set()
    assert among(Task.objects.writable_by(personas.commune1, AFTER), task) == set()
    assert among(Task.objects.writable_by(personas.outsider, AFTER), task) == {task}


def _former_under(province: Unit, level: str, ended: dt.date | None = None) -> Unit:
    """A unit of ``level`` that no longer exists and lay under ``province`` (directly or not) on its last day."""
    from tuyengiao.units import tree
    from tuyengiao.units.models import UnitVersion

    for version in UnitVersion.objects.filter(unit__level=level, valid_to__isnull=False).order_by("valid_to", "pk"):
        if ended is not None and version.valid_to != ended:
            continue
        if (
            version.unit.versions.filter(valid_to__isnull=True).exists()
            or version.unit.versions.filter(valid_to__gt=version.valid_to).exists()
        ):
            continue
        last_day = version.valid_to - dt.timedelta(days=1)
        if province.pk in set(
            Unit.objects.filter(pk__in=tree.ancestor_ids(version.unit_id, last_day)).values_list("pk", flat=True)
        ):
            return version.unit
    raise AssertionError(f"no former {level} under {province.key}")


def test_records_of_units_that_ended_under_the_province_are_read_by_it_and_by_no_other_province(personas):
    """A district committee dissolved on 01/07/2025 and a commune merged in 2020 both ended under Đắk Lắk:
    their conferences and their staff's records are the province's archive (probing found 106 of 159 such
    conferences and 11 such people closed to the province)."""
    from tuyengiao.people.models import Person, Posting

    district = _former_under(personas.province, "district", dt.date(2025, 7, 1))
    commune = _former_under(personas.province, "commune")
    assert commune.versions.order_by("-valid_to").first().valid_to < dt.date(2025, 7, 1)
    held = [
        meeting(unit, unit.versions.order_by("-valid_to").first().valid_to - dt.timedelta(days=30), "Giao ban")
        for unit in (district, commune)
    ]
    for user in (personas.specialist, personas.leader):
        assert among(Meeting.objects.readable_by(user), *held) == set(held)
    assert among(Meeting.objects.readable_by(personas.outsider), *held) == set()
    person = Person.objects.create(full_name="Trần Văn Huyện")
    Posting.objects.create(
        person=person, unit=district, position="Trưởng Ban", from_date=dt.date(2021, 1, 1), to_date=dt.date(2025, 6, 30)
    )
    specialist, outsider = personas.client(personas.specialist), personas.client(personas.outsider)
    opened = specialist.get(f"/can-bo/{person.pk}/", follow=True)
    assert opened.status_code == 200 and opened.redirect_chain[-1][0].endswith("?ngay=30/06/2025")
    assert "Trần Văn Huyện" in opened.content.decode()
    assert outsider.get(f"/can-bo/{person.pk}/").status_code == 404
    for held_meeting in held:
        assert specialist.get(held_meeting.get_absolute_url()).status_code == 200
        assert outsider.get(held_meeting.get_absolute_url()).status_code == 404
