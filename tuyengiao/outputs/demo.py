"""Demo guidance and bulletins of Đắk Lắk (run by ``manage.py load_demo``), written by us for the demo.

* ``ensure_form``: the yearly form "bc-ban-tg-dinh-huong" submitted by the provincial commissions, whose
  indicators all take their figures from this area (``outputs/sources.py``): nobody retypes them.
* ``ensure_issues``: from January 2025 to November 2026, the Đắk Lắk commission's monthly guidance (six to
  eight numbered topics), its monthly bulletin (the name of its date, a print run around 2,400–2,800 copies)
  and a few event guidances, sent to the province's party committees of the date (districts and affiliated
  committees before 01/07/2025, the new communes and affiliated committees after); old Phú Yên's commission
  issues its own bulletin until June 2025. Receiving units read and relay most issues; the latest months are
  left open so the demo communes find them on their home page.
* ``ensure_yearly_report``: the commission's 2025 yearly report, opened, submitted and accepted through
  ``reports.services`` so that its figures are computed from the issues.

A pseudo-random generator seeded per issue makes a run reproducible; a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tuyengiao.lib.periods import Period, PeriodType, periods_between
from tuyengiao.lib.rollup import Rule, ValueType
from tuyengiao.outputs.models import Issue, Recipient, Topic
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

FORM = "bc-ban-tg-dinh-huong"
COMMISSION_KEY = "com:p:66"
PROVINCE_KEY = "p:66"
PHU_YEN_COMMISSION_KEY = "com:p:54"
FIRST, LAST = "2025M01", "2026M11"
OPEN_MONTHS = 2  # the latest months' issues are not all acknowledged yet

# (code, name, source, value type, rule, weight)
INDICATORS = [
    ("dh-so-van-ban", "Số văn bản định hướng tuyên truyền ban hành", "outputs.guidance_issues", "integer", "sum", ""),
    ("dh-so-noi-dung", "Số nội dung định hướng tuyên truyền", "outputs.guidance_topics", "integer", "sum", ""),
    ("dh-luot-nhan", "Số lượt đơn vị nhận định hướng", "outputs.recipients", "integer", "sum", ""),
    (
        "dh-luot-pho-bien",
        "Số lượt đơn vị nhận đã phổ biến đến chi bộ",
        "outputs.recipients_relayed",
        "integer",
        "sum",
        "",
    ),
    (
        "dh-ty-le-pho-bien",
        "Tỷ lệ lượt đơn vị nhận đã phổ biến đến chi bộ",
        "outputs.relayed_share",
        "percent",
        "weighted_average",
        "dh-luot-nhan",
    ),
    ("bt-so-ky", "Số kỳ bản tin sinh hoạt chi bộ phát hành", "outputs.bulletin_issues", "integer", "sum", ""),
    ("bt-so-ban-in", "Số bản tin sinh hoạt chi bộ được in", "outputs.bulletin_copies", "integer", "sum", ""),
]

MONTHLY_TOPICS = [
    ("Tuyên truyền kết quả thực hiện nhiệm vụ chính trị của tỉnh tháng trước", "Số liệu chính, việc nổi bật."),
    ("Tuyên truyền các văn bản mới của Trung ương và của Tỉnh ủy", "Nội dung cốt lõi, việc chi bộ cần làm."),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Gắn với việc làm cụ thể của chi bộ."),
    ("Giới thiệu gương điển hình, mô hình hay ở cơ sở", "Chọn gương gần gũi với thôn, buôn, tổ dân phố."),
    ("Phòng, chống thiên tai và dịch bệnh theo mùa", "Hướng dẫn người dân chủ động phòng tránh."),
    ("Bảo vệ nền tảng tư tưởng của Đảng, phản bác thông tin sai trái", "Không chia sẻ tin chưa kiểm chứng."),
    ("Chuyển đổi số và dịch vụ công trực tuyến", "Hướng dẫn người dân dùng dịch vụ công."),
    ("Kỷ niệm các ngày lễ lớn trong tháng", "Tổ chức gọn, thiết thực."),
]
BULLETIN_SECTIONS = [
    ("Thời sự trong nước và của tỉnh", ""),
    ("Văn bản mới", ""),
    ("Học tập và làm theo Bác", ""),
    ("Chi bộ tiêu biểu, đảng viên tiêu biểu", ""),
    ("Nghiệp vụ công tác đảng", ""),
    ("Gợi ý nội dung sinh hoạt chi bộ tháng", ""),
]
EVENTS = {
    "2025M01": ("Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam", "Đề cương tuyên truyền 95 năm thành lập Đảng"),
    "2025M04": ("Kỷ niệm 50 năm Giải phóng miền Nam, thống nhất đất nước", "Hướng dẫn tuyên truyền 50 năm thống nhất"),
    "2025M06": ("Tỉnh Đắk Lắk mới đi vào hoạt động từ 01/07/2025", "Hướng dẫn tuyên truyền sắp xếp đơn vị hành chính"),
    "2025M08": ("Kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9", "Đề cương tuyên truyền 80 năm Quốc khánh"),
    "2026M01": ("Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", "Hướng dẫn tuyên truyền Đại hội XIV của Đảng"),
}


def ensure_form() -> Form:
    """The yearly form of the provincial commissions with the sourced indicators (created once)."""
    form, created = Form.objects.get_or_create(
        code=FORM,
        defaults={
            "name": "Báo cáo năm về định hướng tuyên truyền và bản tin sinh hoạt chi bộ (Ban Tuyên giáo và Dân vận"
            " tỉnh)",
            "period_type": PeriodType.YEAR,
            "submitter_kinds": [Kind.COMMISSION],
            "submitter_levels": [Level.PROVINCE],
            "deadline_rule": "day:15:last_month",
        },
    )
    if not created and form.versions.exists():
        return form
    indicators: dict[str, Indicator] = {}
    for code, name, source, value_type, rule, weight in sorted(INDICATORS, key=lambda row: bool(row[5])):
        Rule(rule).require(ValueType(value_type))
        indicators[code], _new = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "value_type": value_type,
                "rule": rule,
                "weight": indicators.get(weight),
                "source": source,
                "unit_of_measure": "%" if value_type == "percent" else "",
            },
        )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2024", note="Dữ liệu mẫu.")
    section = Section.objects.create(
        version=version,
        order=1,
        title="Định hướng tuyên truyền, bản tin sinh hoạt chi bộ",
        kind=Section.Kind.INDICATORS,
    )
    Item.objects.bulk_create(
        Item(section=section, order=n, indicator=indicators[row[0]]) for n, row in enumerate(INDICATORS, 1)
    )
    return form


def _receivers(province: Unit, day: dt.date) -> list[int]:
    """The province's party committees and affiliated committees on ``day`` (districts before the reform)."""
    return list(
        UnitVersion.objects.as_of(day)
        .filter(parent=province, unit__kind__in=[Kind.PARTY_COMMITTEE, Kind.AFFILIATED])
        .order_by("unit__key")
        .values_list("unit_id", flat=True)
    )


def _issue_day(period: Period, rng: random.Random) -> dt.date:
    return period.start + dt.timedelta(days=rng.randint(0, 4))


@transaction.atomic
def ensure_issues(today: dt.date | None = None) -> int:
    """Create the demo issues (none when any exist already); returns how many were created."""
    commission = Unit.objects.get(key=COMMISSION_KEY)
    if Issue.objects.filter(issuer=commission).exists():
        return 0
    province = Unit.objects.get(key=PROVINCE_KEY)
    phu_yen = Unit.objects.filter(key=PHU_YEN_COMMISSION_KEY).first()
    today = today or dt.date.today()
    months = list(periods_between(PeriodType.MONTH, Period.parse(FIRST).start, Period.parse(LAST).end))
    issues: list[Issue] = []
    topics: list[list[tuple[str, str]]] = []
    receivers: list[list[int]] = []
    for n, period in enumerate(months):
        if period.start > today:
            break
        rng = random.Random(f"outputs:{period.code}")
        day = _issue_day(period, rng)
        units = _receivers(province, day)
        label = f"tháng {period.index}/{period.year}"
        picked = rng.sample(MONTHLY_TOPICS, rng.randint(6, 8))
        issues.append(
            Issue(
                kind=Issue.Kind.MONTHLY_GUIDANCE,
                issuer=commission,
                period=period.code,
                issued_on=day,
                title=f"Định hướng nội dung tuyên truyền {label}",
                number="",
                note="Dữ liệu mẫu.",
            )
        )
        topics.append(picked)
        receivers.append(units)
        copies = 2439 + n * 17
        issues.append(
            Issue(
                kind=Issue.Kind.BULLETIN,
                issuer=commission,
                period=period.code,
                issued_on=day + dt.timedelta(days=5),
                title=f"Bản tin sinh hoạt chi bộ {label}",
                number=f"Số {period.index:02d}/{period.year}",
                copies_printed=copies,
                other_recipients="Ủy ban Mặt trận Tổ quốc tỉnh; các đoàn thể chính trị - xã hội tỉnh.",
                note="Dữ liệu mẫu.",
            )
        )
        topics.append(BULLETIN_SECTIONS)
        receivers.append(units)
        if period.code in EVENTS:
            event, title = EVENTS[period.code]
            issues.append(
                Issue(
                    kind=Issue.Kind.EVENT_GUIDANCE,
                    issuer=commission,
                    issued_on=day + dt.timedelta(days=2),
                    title=title,
                    event=event,
                    note="Dữ liệu mẫu.",
                )
            )
            topics.append(rng.sample(MONTHLY_TOPICS, 4))
            receivers.append(units)
        if phu_yen is not None and period.end < dt.date(2025, 7, 1):
            issues.append(
                Issue(
                    kind=Issue.Kind.BULLETIN,
                    issuer=phu_yen,
                    period=period.code,
                    issued_on=day + dt.timedelta(days=6),
                    title=f"Bản tin sinh hoạt chi bộ {label} (Phú Yên)",
                    number=f"Số {period.index:02d}/{period.year}",
                    copies_printed=1800 + n * 10,
                    note="Dữ liệu mẫu.",
                )
            )
            topics.append(BULLETIN_SECTIONS[:4])
            receivers.append([])
    for issue in issues:
        issue.search_text = ""
        issue.save()  # one by one: save() fills the folded search text (about 60 rows)
    bulk_create_with_history(
        [
            Topic(issue=issue, order=k, title=title, summary=summary)
            for issue, rows in zip(issues, topics, strict=True)
            for k, (title, summary) in enumerate(rows, 1)
        ],
        Topic,
    )
    open_from = Period.parse(LAST).shift(-(OPEN_MONTHS - 1)).start
    rows = []
    for issue, units in zip(issues, receivers, strict=True):
        rng = random.Random(f"outputs:{issue.kind}:{issue.issued_on.isoformat()}")
        share = issue.copies_printed // max(len(units), 1) if issue.is_bulletin else 0
        for unit_id in units:
            row = Recipient(issue=issue, unit_id=unit_id, copies=share, e_copies=rng.randint(1, 3))
            recent = issue.issued_on >= open_from
            if not recent or rng.random() < 0.3:
                row.read_on = min(issue.issued_on + dt.timedelta(days=rng.randint(1, 5)), today)
                if not recent or rng.random() < 0.5:
                    row.relayed_on = min(row.read_on + dt.timedelta(days=rng.randint(2, 20)), today)
                    row.cells_relayed = rng.randint(8, 60)
            rows.append(row)
    bulk_create_with_history(rows, Recipient, batch_size=2000)
    return len(issues)


def ensure_yearly_report(year: str = "2025") -> Report | None:
    """The commission's yearly report, its figures computed from the issues (submitted and accepted)."""
    from tuyengiao.accounts.models import User
    from tuyengiao.reports import services

    form = ensure_form()
    commission = Unit.objects.get(key=COMMISSION_KEY)
    admin = User.objects.filter(username="quantri").first()  # the demo administrator (accounts/demo.py)
    if admin is None or Report.objects.filter(form=form, unit=commission, period=year).exists():
        return None
    report, _created = services.open_report(form, commission, Period.parse(year), admin)
    report = services.submit(report, admin)
    return services.accept(report, admin)


def ensure_outputs() -> int:
    ensure_form()
    created = ensure_issues()
    ensure_yearly_report()
    return created
