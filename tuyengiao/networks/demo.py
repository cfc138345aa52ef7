"""Demo networks of Đắk Lắk (run by ``manage.py load_demo``), written for this project.

* The yearly form ``bc-mang-luoi-nam`` ("Báo cáo năm về mạng lưới báo cáo viên, cộng tác viên dư luận xã hội
  và mô hình, điển hình"): every indicator has a source (``networks.sources``), so a yearly report is filled
  from the registries, nothing is typed. Submitted by party committees at province, district and commune
  level, so that a province's and the nation's consolidated figures include the provincial commission's own work
  (the demo's other yearly form, ``bc-ban-tg-nam``, is answered by the districts only and has no year after 2024).
* Monthly reporters' conferences of the provincial commission from 01/2025 to 11/2026, online with bridge
  points, two or three topics each, and the roll call of the provincial reporters (one of them missing the
  latest three: flagged on the network page).
* Collaborator counts of the commission (before and after 01/07/2025) and of a few new communes; monthly
  opinion counts of the commission; models and exemplars of 2025 and 2026.

Idempotent: nothing is added when the demo conferences exist. Names of people come from ``people.demo``
(fictitious); no citizen appears anywhere.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tuyengiao.lib.periods import PeriodType
from tuyengiao.lib.rollup import Rule, ValueType
from tuyengiao.meetings.models import AgendaItem, BridgePoint, Meeting, RosterEntry
from tuyengiao.networks import roster
from tuyengiao.networks.models import CollaboratorCount, Exemplar, Heading, OpinionMonth, OpinionTopicCount
from tuyengiao.people.models import LecturerRole
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Section, TimeRule
from tuyengiao.units.models import Kind, Level, Unit

FORM_CODE = "bc-mang-luoi-nam"
COMMISSION_KEY = "com:p:66"
TITLE = "Hội nghị báo cáo viên tháng %02d/%d"
_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# (code, name, source, unit of measure, stock?)
INDICATORS: list[tuple[str, str, str, str, bool]] = [
    ("ml-hn-bcv", "Số hội nghị báo cáo viên đã tổ chức", "networks.conferences", "hội nghị", False),
    ("ml-hn-bcv-luot", "Số lượt người dự hội nghị báo cáo viên", "networks.conference_attendances", "lượt", False),
    ("ml-hn-bcv-chuyen-de", "Số chuyên đề thông tin tại hội nghị", "networks.conference_topics", "chuyên đề", False),
    ("ml-bcv-tinh", "Số báo cáo viên cấp tỉnh", "networks.reporters_province", "người", True),
    ("ml-bcv-co-so", "Số báo cáo viên cấp cơ sở", "networks.reporters_grassroots", "người", True),
    ("ml-ttv", "Số tuyên truyền viên", "networks.reporters_communicator", "người", True),
    ("ml-ctv-tinh", "Số cộng tác viên dư luận xã hội cấp tỉnh", "networks.collaborators_province", "người", True),
    ("ml-ctv-huyen", "Số cộng tác viên dư luận xã hội cấp huyện", "networks.collaborators_district", "người", True),
    ("ml-ctv-xa", "Số cộng tác viên dư luận xã hội cấp xã", "networks.collaborators_commune", "người", True),
    ("ml-dlxh-nhan", "Số báo cáo dư luận xã hội nhận được", "networks.opinion_reports", "báo cáo", False),
    ("ml-dlxh-nhanh", "Số báo cáo nhanh dư luận xã hội", "networks.rapid_reports", "báo cáo", False),
    ("ml-dlxh-tong-hop", "Số báo cáo tổng hợp dư luận xã hội đã gửi", "networks.summaries_sent", "báo cáo", False),
    (
        "ml-dvk-dang-ky",
        "Số mô hình, điển hình “Dân vận khéo” đăng ký",
        "networks.exemplars_dan_van_kheo",
        "mô hình",
        False,
    ),
    (
        "ml-dvk-hieu-qua",
        "Số mô hình, điển hình “Dân vận khéo” hiệu quả",
        "networks.exemplars_effective_dan_van_kheo",
        "mô hình",
        False,
    ),
    (
        "ml-ct05-dang-ky",
        "Số mô hình, điển hình học tập và làm theo Bác đăng ký",
        "networks.exemplars_ct05",
        "mô hình",
        False,
    ),
    (
        "ml-ct05-hieu-qua",
        "Số mô hình, điển hình học tập và làm theo Bác hiệu quả",
        "networks.exemplars_effective_ct05",
        "mô hình",
        False,
    ),
]

TOPICS = [
    "Tình hình kinh tế - xã hội của tỉnh và nhiệm vụ trọng tâm tháng tới",
    "Vận hành chính quyền địa phương hai cấp: kết quả và những việc cần làm",
    "Tình hình thế giới, khu vực và chính sách đối ngoại của Đảng, Nhà nước",
    "Chuyển đổi số và phong trào “Bình dân học vụ số” ở cơ sở",
    "Phòng, chống thiên tai và bảo đảm an sinh xã hội mùa mưa lũ",
    "Đấu tranh phản bác thông tin sai trái trên không gian mạng",
    "Chuẩn bị và tổ chức đại hội đảng bộ các cấp",
    "Giữ gìn bản sắc văn hóa các dân tộc Tây Nguyên trong đời sống mới",
]

EXEMPLARS: list[tuple[str, str, str, int, str, bool, bool]] = [
    # (name, programme, kind, year, review, honoured, proposed)
    ("Tổ tự quản đường làng sáng - xanh - sạch ở buôn", "dan_van_kheo", "practice", 2025, "effective", True, True),
    (
        "Mô hình “Dân hỏi - cán bộ trả lời” tại nhà văn hóa thôn",
        "dan_van_kheo",
        "practice",
        2025,
        "effective",
        True,
        False,
    ),
    ("Nhóm thanh niên hỗ trợ người dân cài đặt VNeID", "dan_van_kheo", "collective", 2025, "effective", False, False),
    ("Vận động hiến đất mở đường liên thôn", "dan_van_kheo", "practice", 2025, "not_effective", False, False),
    ("Chi bộ học và làm theo Bác gắn với giảm nghèo bền vững", "ct05", "collective", 2025, "effective", True, True),
    ("Người bí thư chi bộ gương mẫu, gần dân ở buôn", "ct05", "individual", 2025, "effective", True, False),
    ("Mỗi tuần một việc tốt của đoàn viên", "ct05", "practice", 2025, "pending", False, False),
    ("Sổ tay điện tử giúp chi bộ sinh hoạt đúng hạn", "dan_van_kheo", "practice", 2026, "effective", False, False),
    ("Hòa giải viên cơ sở giỏi vận động", "dan_van_kheo", "individual", 2026, "pending", False, False),
    ("Tủ sách Bác Hồ ở trường học vùng khó khăn", "ct05", "practice", 2026, "effective", False, False),
]


def _at(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=_TZ)


def ensure_form() -> Form:
    """The yearly networks form (created once, never changed)."""
    form, _created = Form.objects.get_or_create(
        code=FORM_CODE,
        defaults={
            "name": "Báo cáo năm về mạng lưới báo cáo viên, cộng tác viên dư luận xã hội và mô hình, điển hình",
            "period_type": PeriodType.YEAR,
            "submitter_kinds": [Kind.PARTY_COMMITTEE],
            "submitter_levels": [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE],
            "deadline_rule": "day:15:last_month",
        },
    )
    version, created = FormVersion.objects.get_or_create(
        form=form, number=1, defaults={"effective_from": "2023", "note": "Phiên bản đầu tiên (dữ liệu mẫu)."}
    )
    if created:
        section = Section.objects.create(
            version=version, order=1, title="Mạng lưới báo cáo viên, dư luận xã hội, mô hình", kind="indicators"
        )
        for order, (code, name, source, uom, stock) in enumerate(INDICATORS, start=1):
            indicator = Indicator.objects.filter(code=code).first() or Indicator.objects.create(
                code=code,
                name=name,
                value_type=ValueType.INTEGER,
                unit_of_measure=uom,
                rule=Rule.SUM,
                time_rule=TimeRule.LATEST if stock else TimeRule.SUM,
                source=source,
                min_value=0,
            )
            Item.objects.create(section=section, order=order, indicator=indicator)
    return form


def _conferences(commission: Unit, communes: list[Unit], districts: list[Unit], rng: random.Random) -> list[Meeting]:
    meetings = []
    month, year = 1, 2025
    while (year, month) <= (2026, 11):
        start = _at(year, month, 20 + rng.randint(0, 6), 8)
        meeting = Meeting.objects.create(
            organiser=commission,
            kind=Meeting.Kind.LECTURERS,
            title=TITLE % (month, year),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            mode=Meeting.Mode.HYBRID,
            venue="Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy",
            attendees=rng.randint(35, 60),
        )
        for order, topic in enumerate(rng.sample(TOPICS, rng.choice([2, 3]))):
            AgendaItem.objects.create(meeting=meeting, order=order, title=topic, presenter="Báo cáo viên cấp tỉnh")
        bridges = districts if start.date() < dt.date(2025, 7, 1) else communes
        BridgePoint.objects.bulk_create(
            BridgePoint(meeting=meeting, unit=unit, venue="Hội trường cấp ủy", attendees=rng.randint(20, 70))
            for unit in bridges
        )
        meetings.append(meeting)
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return meetings


def _rosters(meetings: list[Meeting], rng: random.Random) -> None:
    entries = []
    absentee = None
    for index, meeting in enumerate(meetings):
        people = list(dict.fromkeys(r.person_id for r in roster.expected(meeting)))
        absentee = absentee or (people[0] if people else None)
        for person_id in people:
            late = index >= len(meetings) - 3
            present = not (late and person_id == absentee) and rng.random() > 0.1
            if late and person_id != absentee:
                present = True  # only the one absentee is flagged in the demo
            entries.append(RosterEntry(meeting=meeting, person_id=person_id, present=present))
    bulk_create_with_history(entries, RosterEntry)


@transaction.atomic
def ensure_networks() -> int:
    """Create the demo networks if missing; returns how many reporters' conferences were created."""
    ensure_form()
    commission = Unit.objects.filter(key=COMMISSION_KEY).first()
    if commission is None or Meeting.objects.filter(organiser=commission, kind=Meeting.Kind.LECTURERS).exists():
        return 0
    rng = random.Random(1826)
    fields = ["Kinh tế", "Xây dựng Đảng", "Quốc phòng - an ninh", "Văn hóa - xã hội", "Đối ngoại"]
    for role in LecturerRole.objects.filter(unit=commission, field=""):
        role.field = rng.choice(fields)
        role.save(update_fields=["field"])
    communes = list(
        Unit.objects.filter(key__startswith="c2025:", versions__parent__key="p:66").distinct().order_by("key")[:6]
    )
    districts = list(Unit.objects.filter(key__startswith="d:", versions__parent__key="p:66").distinct().order_by("key"))
    meetings = _conferences(commission, communes, districts, rng)
    _rosters(meetings, rng)
    counts = [
        CollaboratorCount(
            unit=commission,
            as_of=dt.date(2024, 1, 15),
            province_level=45,
            district_level=150,
            decision="12-QĐ/BTGTU (dữ liệu mẫu)",
        ),
        CollaboratorCount(
            unit=commission, as_of=dt.date(2025, 8, 1), province_level=52, decision="08-QĐ/BTGDVTU (dữ liệu mẫu)"
        ),
    ]
    for commune in communes:
        counts.append(
            CollaboratorCount(
                unit=commune,
                as_of=dt.date(2025, 9, 1),
                commune_level=rng.randint(6, 15),
                decision="Quyết định của Ban Thường vụ Đảng ủy (dữ liệu mẫu)",
            )
        )
    bulk_create_with_history(counts, CollaboratorCount)
    months = []
    month, year = 1, 2025
    while (year, month) <= (2026, 11):
        months.append(
            OpinionMonth(
                unit=commission,
                month=dt.date(year, month, 1),
                rapid_reports=rng.randint(0, 3),
                summaries_sent=1,
            )
        )
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    months = bulk_create_with_history(months, OpinionMonth)
    topics = [OpinionTopicCount(month=m, heading=h, received=rng.randint(0, 9)) for m in months for h in Heading.values]
    bulk_create_with_history(topics, OpinionTopicCount)
    exemplars = []
    units = [commission, *communes]
    for index, (name, programme, kind, year_registered, review, honoured, proposed) in enumerate(EXEMPLARS):
        exemplars.append(
            Exemplar(
                unit=units[index % len(units)],
                name=name,
                programme=programme,
                kind=kind,
                year=year_registered,
                registered_on=dt.date(year_registered, 9 if year_registered == 2025 else 3, 10),
                review=review,
                evidence="Kết quả minh họa (dữ liệu mẫu).",
                honoured=honoured,
                proposed=proposed,
            )
        )
    bulk_create_with_history(exemplars, Exemplar)
    return len(meetings)
