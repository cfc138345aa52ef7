"""Demo report forms and submissions for Đắk Lắk (run by ``manage.py load_demo``).

* ``ensure_forms`` — the indicator catalogue and two forms, written by us for the
  demo after the fields of work in docs/domain.md §2 and the real monthly commune form
  of Tuyên Quang: the monthly commune report "bc-tg-xa" and the provincial
  commission's annual report "bc-ban-tg-nam" (staffing and connectivity ratios
  "n/m" like seed 004).
* ``ensure_reports`` — monthly reports 2023M01–2025M10 of the 180 communes of the
  old Đắk Lắk (until 2025M06) and of the 102 new communes (from 2025M07), mostly
  accepted, some only submitted, a few late or missing, with plausible
  pseudo-random figures (``random.Random`` seeded per unit and month, so a run is
  reproducible and a second run creates nothing); and the annual report answered
  per district for 2023 and 2024.

Figures are aggregate counts only: no names, nothing about individuals
(docs/domain.md §6). Everything is bulk-inserted in one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tuyengiao.documents.demo import ensure_fields_of_work
from tuyengiao.lib.periods import DeadlineRule, Period, PeriodType, periods_between
from tuyengiao.lib.rollup import Rule, ValueType
from tuyengiao.reports import grouprollups, rollups
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Narrative, Report, Section, TimeRule, Value
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

PROVINCE_KEY = "p:66"  # Đắk Lắk
MONTHLY_FORM = "bc-tg-xa"
ANNUAL_FORM = "bc-ban-tg-nam"
FIRST_MONTH = "2023M01"
LAST_MONTH = "2025M10"
REFORM = dt.date(2025, 7, 1)
ANNUAL_YEARS = ("2023", "2024")  # answered per district: there are no districts after 30/06/2025
_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

INT, DEC, PCT, BOOL, TEXT = ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT, ValueType.BOOLEAN, ValueType.TEXT


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    field: str
    value_type: ValueType
    rule: Rule
    unit_of_measure: str = ""
    time_rule: str = TimeRule.SUM
    weight: str = ""
    at_most: str = ""
    help_text: str = ""


def _flow(code: str, name: str, field: str, uom: str, **extra: str) -> Spec:
    return Spec(code, name, field, INT, Rule.SUM, uom, **extra)


def _stock(code: str, name: str, field: str, uom: str, **extra: str) -> Spec:
    return Spec(code, name, field, INT, Rule.LATEST, uom, time_rule=TimeRule.LATEST, **extra)


def _yes_no(code: str, name: str, field: str) -> Spec:
    return Spec(code, name, field, BOOL, Rule.COUNT_YES, time_rule=TimeRule.LATEST)


# Sections of the monthly commune form: (title, field-of-work indicators).
MONTHLY_SECTIONS: list[tuple[str, list[Spec]]] = [
    (
        "I. Công tác lãnh đạo, chỉ đạo",
        [
            _flow(
                "ld-van-ban",
                "Số văn bản lãnh đạo, chỉ đạo về công tác tuyên giáo, dân vận được ban hành",
                "lanh-dao-chi-dao",
                "văn bản",
            ),
            _flow("ld-hoi-nghi", "Số cuộc họp, hội nghị về công tác tuyên giáo, dân vận", "lanh-dao-chi-dao", "cuộc"),
            _flow(
                "ld-kiem-tra", "Số cuộc kiểm tra, giám sát về công tác tuyên giáo, dân vận", "lanh-dao-chi-dao", "cuộc"
            ),
            _yes_no("ld-can-bo-tg", "Có cán bộ phụ trách công tác tuyên giáo", "to-chuc-can-bo"),
        ],
    ),
    (
        "II. Học tập, quán triệt nghị quyết",
        [
            _flow(
                "ht-van-kien",
                "Số nghị quyết, chỉ thị, kết luận được học tập, quán triệt",
                "hoc-tap-quan-triet",
                "văn bản",
            ),
            _flow("ht-buoi", "Số hội nghị, buổi học tập, quán triệt", "hoc-tap-quan-triet", "buổi"),
            _flow("ht-nguoi", "Số lượt người tham dự học tập, quán triệt", "hoc-tap-quan-triet", "lượt người"),
            _flow(
                "ht-dang-vien",
                "Trong đó: số lượt đảng viên tham dự",
                "hoc-tap-quan-triet",
                "lượt người",
                at_most="ht-nguoi",
            ),
            Spec(
                "ht-ty-le-dv",
                "Tỷ lệ đảng viên trong số người tham dự",
                "hoc-tap-quan-triet",
                PCT,
                Rule.WEIGHTED_AVERAGE,
                "%",
                weight="ht-nguoi",
                help_text="Bình quân gia quyền theo số lượt người tham dự.",
            ),
        ],
    ),
    (
        "III. Công tác tuyên truyền",
        [
            _flow("tt-tin-bai", "Số tin, bài đăng trên trang thông tin điện tử của xã", "tuyen-truyen", "tin, bài"),
            _flow("tt-loa", "Số lượt phát thanh trên hệ thống loa truyền thanh cơ sở", "tuyen-truyen", "lượt"),
            Spec(
                "tt-loa-gio", "Thời lượng phát thanh trên loa truyền thanh cơ sở", "tuyen-truyen", DEC, Rule.SUM, "giờ"
            ),
            _flow("tt-mieng-buoi", "Số buổi tuyên truyền miệng", "tuyen-truyen", "buổi"),
            _flow("tt-mieng-nguoi", "Số lượt người nghe tuyên truyền miệng", "tuyen-truyen", "lượt người"),
            _flow(
                "tt-mxh", "Số bài đăng trên mạng xã hội (trang, nhóm Zalo, Facebook) của cấp ủy", "tuyen-truyen", "bài"
            ),
            _flow("tt-pano", "Số băng rôn, khẩu hiệu, pa nô tuyên truyền", "tuyen-truyen", "cái"),
            _flow("bc-cong-tac", "Số tin, bài cộng tác với báo, đài của tỉnh", "bao-chi-xuat-ban", "tin, bài"),
        ],
    ),
    (
        "IV. Dư luận xã hội (số liệu tổng hợp)",
        [
            _flow("dl-bao-cao", "Số báo cáo tình hình dư luận xã hội đã gửi cấp trên", "du-luan-xa-hoi", "báo cáo"),
            _flow("dl-chuyen-de", "Số chuyên đề nắm bắt dư luận xã hội được tổ chức", "du-luan-xa-hoi", "chuyên đề"),
            _stock("dl-ctv", "Số cộng tác viên dư luận xã hội", "du-luan-xa-hoi", "người"),
        ],
    ),
    (
        "V. Khoa giáo, văn hóa – văn nghệ, lý luận chính trị, lịch sử Đảng",
        [
            _flow(
                "kg-hoat-dong",
                "Số hoạt động tuyên truyền khoa học, công nghệ, giáo dục, y tế",
                "khoa-giao",
                "hoạt động",
            ),
            _flow(
                "vh-hoat-dong",
                "Số hoạt động văn hóa, văn nghệ, thể thao chào mừng các ngày lễ lớn",
                "van-hoa-van-nghe",
                "hoạt động",
            ),
            _flow("ll-lop", "Số lớp bồi dưỡng lý luận chính trị, nhận thức về Đảng", "ly-luan-chinh-tri", "lớp"),
            _flow("ll-hoc-vien", "Số học viên các lớp bồi dưỡng", "ly-luan-chinh-tri", "người"),
            _flow("ls-hoat-dong", "Số hoạt động giáo dục truyền thống, lịch sử Đảng bộ", "lich-su-dang", "hoạt động"),
        ],
    ),
    (
        "VI. Công tác dân vận",
        [
            _flow("dv-mo-hinh-moi", "Số mô hình “Dân vận khéo” mới được công nhận", "dan-van", "mô hình"),
            _stock("dv-mo-hinh", "Tổng số mô hình “Dân vận khéo” đang duy trì", "dan-van", "mô hình"),
            _flow("dv-doi-thoai", "Số buổi tiếp xúc, đối thoại với nhân dân", "dan-van", "buổi"),
        ],
    ),
    (
        "VII. Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05-CT/TW, Kết luận 01-KL/TW)",
        [
            _flow(
                "ct05-hoat-dong",
                "Số hoạt động triển khai Chỉ thị 05-CT/TW, Kết luận 01-KL/TW",
                "hoc-tap-lam-theo-bac",
                "hoạt động",
            ),
            _flow(
                "ct05-dien-hinh",
                "Số tập thể, cá nhân điển hình được biểu dương, khen thưởng",
                "hoc-tap-lam-theo-bac",
                "tập thể, cá nhân",
            ),
            _yes_no("ct05-chuyen-de", "Đã tổ chức học tập chuyên đề năm", "hoc-tap-lam-theo-bac"),
        ],
    ),
    (
        "VIII. Bảo vệ nền tảng tư tưởng của Đảng (Nghị quyết 35-NQ/TW)",
        [
            _flow(
                "nq35-bai",
                "Số tin, bài đấu tranh phản bác các quan điểm sai trái, thù địch",
                "bao-ve-nen-tang-tu-tuong",
                "tin, bài",
            ),
            _stock(
                "nq35-luc-luong",
                "Số thành viên lực lượng nòng cốt tham gia bảo vệ nền tảng tư tưởng",
                "bao-ve-nen-tang-tu-tuong",
                "người",
            ),
        ],
    ),
    (
        "IX. Chuyển đổi số, “Bình dân học vụ số”",
        [
            _stock("cds-dang-vien", "Tổng số đảng viên của đảng bộ", "chuyen-doi-so", "người"),
            _stock(
                "cds-so-tay",
                "Số đảng viên sử dụng Sổ tay đảng viên điện tử",
                "chuyen-doi-so",
                "người",
                at_most="cds-dang-vien",
            ),
            _stock(
                "cds-ai", "Số cán bộ, công chức sử dụng được công cụ trí tuệ nhân tạo (AI)", "chuyen-doi-so", "người"
            ),
            _flow("cds-binh-dan", "Số lượt người tham gia “Bình dân học vụ số”", "chuyen-doi-so", "lượt người"),
            _stock("cds-dan-so", "Số dân từ 14 tuổi trở lên", "chuyen-doi-so", "người"),
            Spec(
                "cds-vneid",
                "Tỷ lệ người dân có tài khoản định danh điện tử VNeID",
                "chuyen-doi-so",
                PCT,
                Rule.WEIGHTED_AVERAGE,
                "%",
                weight="cds-dan-so",
                help_text="Bình quân gia quyền theo số dân từ 14 tuổi trở lên.",
            ),
        ],
    ),
    (
        "X. Đội ngũ, cơ sở vật chất",
        [
            _stock("dn-bao-cao-vien", "Số báo cáo viên", "to-chuc-can-bo", "người"),
            _stock("dn-tuyen-truyen-vien", "Số tuyên truyền viên", "to-chuc-can-bo", "người"),
            _yes_no("dn-ket-noi", "Kết nối trực tuyến đến cấp xã (có điểm cầu trực tuyến)", "to-chuc-can-bo"),
            _yes_no("dn-may-tinh", "Cán bộ tuyên giáo được trang bị máy tính kết nối Internet", "to-chuc-can-bo"),
            Spec("kien-nghi", "Kiến nghị, đề xuất", "lanh-dao-chi-dao", TEXT, Rule.TEXT),
        ],
    ),
]

ANNUAL_INDICATORS: list[Spec] = [
    _yes_no(
        "nam-bien-che", "Ban Tuyên giáo cấp huyện bố trí biên chế đảm bảo tối thiểu theo quy định", "to-chuc-can-bo"
    ),
    _yes_no(
        "nam-xa-phu-trach",
        "Tất cả xã, phường, thị trấn bố trí người phụ trách công tác tuyên giáo – dân vận",
        "to-chuc-can-bo",
    ),
    _yes_no("nam-truong-ban-gd", "Trưởng Ban Tuyên giáo đồng thời là Giám đốc Trung tâm Chính trị", "to-chuc-can-bo"),
    _yes_no("nam-ket-noi-huyen", "Kết nối trực tuyến từ tỉnh đến huyện", "to-chuc-can-bo"),
    _yes_no("nam-ket-noi-xa", "Kết nối trực tuyến từ tỉnh đến cấp xã", "to-chuc-can-bo"),
    _stock("nam-can-bo", "Số cán bộ làm công tác tuyên giáo", "to-chuc-can-bo", "người"),
]

NARRATIVE_SECTIONS = [
    (Section.Kind.RESULTS, "Phần thứ nhất. I. Kết quả đạt được"),
    (Section.Kind.LIMITATIONS, "II. Hạn chế"),
    (Section.Kind.CAUSES, "Nguyên nhân"),
    (Section.Kind.LESSONS, "III. Bài học kinh nghiệm"),
    (Section.Kind.TASKS, "Phần thứ hai. Phương hướng, nhiệm vụ"),
]

NARRATIVES: dict[str, list[str]] = {
    Section.Kind.RESULTS: [
        "Cấp ủy quan tâm lãnh đạo, chỉ đạo; việc học tập, quán triệt nghị quyết được tổ chức kịp thời, đúng "
        "thành phần.",
        "Công tác tuyên truyền miệng và trên hệ thống loa truyền thanh cơ sở được duy trì thường xuyên.",
        "Nhiều mô hình “Dân vận khéo” được nhân rộng, góp phần thực hiện nhiệm vụ chính trị của địa phương.",
        "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với nhiệm vụ của từng chi bộ.",
    ],
    Section.Kind.LIMITATIONS: [
        "Tỷ lệ đảng viên tham gia học tập ở một số chi bộ còn thấp.",
        "Nội dung tin, bài trên trang thông tin điện tử chưa phong phú, cập nhật chưa thường xuyên.",
        "Một số thôn, buôn chưa có điểm cầu trực tuyến; hệ thống loa truyền thanh xuống cấp.",
    ],
    Section.Kind.CAUSES: [
        "Cán bộ phụ trách công tác tuyên giáo kiêm nhiệm nhiều việc, chưa được bồi dưỡng chuyên sâu.",
        "Kinh phí và trang thiết bị cho công tác tuyên truyền còn hạn chế.",
        "Địa bàn rộng, dân cư phân tán, nhiều đồng bào dân tộc thiểu số.",
    ],
    Section.Kind.LESSONS: [
        "Phát huy vai trò người đứng đầu cấp ủy; phân công rõ người, rõ việc, rõ thời gian.",
        "Kết hợp tuyên truyền trực tiếp với tuyên truyền trên không gian mạng.",
    ],
    Section.Kind.TASKS: [
        "Một là, tiếp tục tổ chức học tập, quán triệt các nghị quyết, chỉ thị, kết luận của Đảng. Hai là, nâng "
        "cao chất lượng tuyên truyền miệng. Ba là, đẩy mạnh chuyển đổi số trong công tác tuyên giáo.",
        "Một là, kiện toàn đội ngũ báo cáo viên, tuyên truyền viên. Hai là, nhân rộng mô hình “Dân vận khéo”.",
    ],
}
PROPOSALS = [
    "Đề nghị cấp trên hỗ trợ kinh phí sửa chữa hệ thống loa truyền thanh cơ sở.",
    "Đề nghị mở lớp bồi dưỡng nghiệp vụ tuyên giáo cho cán bộ cấp xã.",
    "Đề nghị cung cấp tài liệu tuyên truyền bằng tiếng dân tộc thiểu số.",
]


def _catalogue() -> list[Spec]:
    return [spec for _title, specs in MONTHLY_SECTIONS for spec in specs] + ANNUAL_INDICATORS


def _ensure_indicators() -> dict[str, Indicator]:
    fields = ensure_fields_of_work()
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[s.code for s in _catalogue()])}
    # Weights and ceilings first: they are referenced by the others.
    for spec in sorted(_catalogue(), key=lambda s: bool(s.weight or s.at_most)):
        if spec.code in existing:
            continue
        spec.rule.require(spec.value_type)
        existing[spec.code] = Indicator.objects.create(
            code=spec.code,
            name=spec.name,
            field=fields.get(spec.field),
            value_type=spec.value_type,
            unit_of_measure=spec.unit_of_measure,
            rule=spec.rule,
            time_rule=spec.time_rule,
            weight=existing[spec.weight] if spec.weight else None,
            at_most=existing[spec.at_most] if spec.at_most else None,
            min_value=Decimal(0) if spec.value_type.is_numeric else None,
            max_value=Decimal(100) if spec.value_type == ValueType.PERCENT else None,
            help_text=spec.help_text,
        )
    return existing


def _ensure_form(
    code: str,
    name: str,
    period_type: PeriodType,
    kinds: list[str],
    levels: list[str],
    deadline: str,
    sections: list[tuple[str, list[Spec]]],
    indicators: dict[str, Indicator],
) -> Form:
    form, _ = Form.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "period_type": period_type,
            "submitter_kinds": kinds,
            "submitter_levels": levels,
            "deadline_rule": deadline,
        },
    )
    version, created = FormVersion.objects.get_or_create(
        form=form, number=1, defaults={"effective_from": FIRST_MONTH, "note": "Phiên bản đầu tiên (dữ liệu mẫu)."}
    )
    if created:
        order = 0
        for title, specs in sections:
            order += 1
            section = Section.objects.create(version=version, order=order, title=title, kind=Section.Kind.INDICATORS)
            Item.objects.bulk_create(
                Item(section=section, order=n, indicator=indicators[spec.code]) for n, spec in enumerate(specs, 1)
            )
        for kind, title in NARRATIVE_SECTIONS:
            order += 1
            Section.objects.create(version=version, order=order, title=title, kind=kind)
    return form


@transaction.atomic
def ensure_forms() -> dict[str, Form]:
    """The indicator catalogue and the two demo forms (created once, never changed)."""
    indicators = _ensure_indicators()
    monthly = _ensure_form(
        MONTHLY_FORM,
        "Báo cáo công tác tuyên giáo, dân vận (cấp xã và đảng ủy trực thuộc)",
        PeriodType.MONTH,
        # Form.submitter_filter is "kind AND level": affiliated committees have level "province",
        # like the Tỉnh ủy itself, so only the communes can be required to submit.
        [Kind.PARTY_COMMITTEE, Kind.AFFILIATED],
        [Level.COMMUNE],
        "day:25:last_month",
        MONTHLY_SECTIONS,
        indicators,
    )
    annual = _ensure_form(
        ANNUAL_FORM,
        "Báo cáo năm của Ban Tuyên giáo Tỉnh ủy về tổ chức bộ máy và kết nối trực tuyến",
        PeriodType.YEAR,
        [Kind.PARTY_COMMITTEE],
        [Level.DISTRICT],
        "day:15:last_month",
        [("Tổ chức bộ máy, cơ sở vật chất (theo từng huyện)", ANNUAL_INDICATORS)],
        indicators,
    )
    return {MONTHLY_FORM: monthly, ANNUAL_FORM: annual}


# --- Reports ---------------------------------------------------------------------------------------------------------


def _children(parent_ids: Iterable[int], level: str, date: dt.date) -> list[Unit]:
    versions = (
        UnitVersion.objects.as_of(date)
        .filter(parent_id__in=list(parent_ids), unit__level=level, unit__kind=Kind.PARTY_COMMITTEE)
        .select_related("unit")
        .order_by("unit__key")
    )
    return [v.unit for v in versions]


def _units(province: Unit) -> tuple[list[Unit], list[Unit], list[Unit]]:
    """Districts and communes of the old province (on 30/06/2025) and the new communes (on 01/07/2025)."""
    districts = _children([province.pk], Level.DISTRICT, REFORM - dt.timedelta(days=1))
    old = _children([d.pk for d in districts], Level.COMMUNE, REFORM - dt.timedelta(days=1))
    new = _children([province.pk], Level.COMMUNE, REFORM)
    return districts, old, new


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59), tzinfo=_TZ)


class _Builder:
    def __init__(self, seed: int, indicators: dict[str, Indicator]) -> None:
        self.seed = seed
        self.indicators = indicators
        self.reports: list[Report] = []
        self.values: list[list[tuple[int, int | Decimal | None, bool | None, str]]] = []
        self.narratives: list[list[tuple[str, str]]] = []

    def add(
        self,
        form: Form,
        version: FormVersion,
        unit: Unit,
        period: Period,
        status: str,
        rng: random.Random,
        deadline: dt.date,
    ) -> None:
        late = rng.random() < 0.06
        submitted = deadline + dt.timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 12))
        report = Report(
            form=form,
            version=version,
            unit=unit,
            period=period.code,
            period_start=period.start,
            period_end=period.end,
            status=status,
        )
        if status != Report.Status.DRAFT:
            report.submitted_at = _moment(submitted, rng)
        if status == Report.Status.ACCEPTED:
            report.accepted_at = _moment(submitted + dt.timedelta(days=rng.randint(1, 5)), rng)
        self.reports.append(report)
        self.values.append([])
        self.narratives.append([])

    def value(self, code: str, number: int | Decimal | None = None, flag: bool | None = None, text: str = "") -> None:
        self.values[-1].append((self.indicators[code].pk, number, flag, text))

    def narrative(self, kind: str, text: str) -> None:
        self.narratives[-1].append((kind, text))


def _status(rng: random.Random, recent: bool) -> str | None:
    """Mostly accepted, some only submitted (more in the last months), a few returned or drafts, a few missing."""
    roll = rng.random()
    if roll < (0.08 if recent else 0.025):
        return None
    if recent and roll < 0.14:
        return Report.Status.DRAFT
    if roll < (0.35 if recent else 0.08):
        return Report.Status.SUBMITTED
    if roll < (0.37 if recent else 0.09):
        return Report.Status.RETURNED
    return Report.Status.ACCEPTED


def _monthly_values(b: _Builder, unit: Unit, period: Period, rng: random.Random, size: float, step: int) -> None:
    """One month's figures; ``size`` scales the commune, ``step`` counts months since 2023M01."""

    def n(low: int, high: int) -> int:
        return max(0, round(rng.randint(low, high) * size))

    def stock(base: float, growth: float) -> int:
        return max(0, round(base * size * (1 + growth * step)))

    urng = random.Random(f"{b.seed}:{unit.key}")  # stable traits of the commune
    b.value("ld-van-ban", n(1, 5))
    b.value("ld-hoi-nghi", n(0, 3))
    if rng.random() < 0.4:
        b.value("ld-kiem-tra", n(0, 2))
    b.value("ld-can-bo-tg", flag=urng.random() < 0.97)
    documents = n(0, 3)
    b.value("ht-van-kien", documents)
    if documents:
        sessions = max(1, n(1, 3))
        people = n(40, 180) * sessions
        members = round(people * rng.uniform(0.45, 0.85))
        b.value("ht-buoi", sessions)
        b.value("ht-nguoi", people)
        b.value("ht-dang-vien", members)
        if people:
            b.value("ht-ty-le-dv", (Decimal(members * 100) / Decimal(people)).quantize(Decimal("0.1")))
    else:
        b.value("ht-buoi", 0)
    b.value("tt-tin-bai", n(2, 12))
    broadcasts = n(8, 30)
    b.value("tt-loa", broadcasts)
    b.value("tt-loa-gio", (Decimal(broadcasts) * Decimal(rng.choice(("0.5", "0.75", "1")))).quantize(Decimal("0.01")))
    oral = n(1, 6)
    b.value("tt-mieng-buoi", oral)
    b.value("tt-mieng-nguoi", oral * n(25, 90))
    b.value("tt-mxh", n(3, 20) + step // 3)
    b.value("tt-pano", n(0, 10))
    b.value("bc-cong-tac", n(0, 3))
    b.value("dl-bao-cao", 1 if rng.random() < 0.92 else 0)
    if rng.random() < 0.2:
        b.value("dl-chuyen-de", 1)
    b.value("dl-ctv", stock(urng.randint(3, 8), 0.004))
    b.value("kg-hoat-dong", n(0, 4))
    b.value("vh-hoat-dong", n(0, 5) + (3 if period.index in (1, 2, 9) else 0))
    if rng.random() < 0.25:
        b.value("ll-lop", 1)
        b.value("ll-hoc-vien", n(20, 60))
    b.value("ls-hoat-dong", n(0, 2))
    new_models = 1 if rng.random() < 0.15 else 0
    b.value("dv-mo-hinh-moi", new_models)
    b.value("dv-mo-hinh", stock(urng.randint(2, 6), 0.02))
    b.value("dv-doi-thoai", n(0, 2))
    b.value("ct05-hoat-dong", n(1, 4))
    b.value("ct05-dien-hinh", n(0, 3) if period.index in (5, 12) else 0)
    b.value("ct05-chuyen-de", flag=period.index >= 3 or urng.random() < 0.3)
    b.value("nq35-bai", n(1, 8))
    b.value("nq35-luc-luong", stock(urng.randint(5, 12), 0.003))
    members_total = stock(urng.randint(250, 700), 0.002)
    b.value("cds-dang-vien", members_total)
    b.value("cds-so-tay", min(members_total, round(members_total * min(0.97, 0.25 + 0.025 * step))))
    b.value("cds-ai", stock(urng.randint(1, 4), 0.04) if step >= 12 else 0)
    b.value("cds-binh-dan", n(20, 150) if step >= 24 else 0)
    population = stock(urng.randint(6000, 14000), 0.001)
    b.value("cds-dan-so", population)
    coverage = min(Decimal("99.5"), Decimal(str(round(40 + 1.6 * step + urng.uniform(-8, 6), 1))))
    b.value("cds-vneid", coverage)
    b.value("dn-bao-cao-vien", stock(urng.randint(1, 3), 0.003))
    b.value("dn-tuyen-truyen-vien", stock(urng.randint(8, 20), 0.005))
    b.value("dn-ket-noi", flag=urng.random() < 0.3 + 0.02 * step)
    b.value("dn-may-tinh", flag=urng.random() < 0.85 + 0.005 * step)
    if rng.random() < 0.05:
        b.value("kien-nghi", text=rng.choice(PROPOSALS))


@transaction.atomic
def ensure_reports(rng_seed: int = 2025, months: Iterable[str] | None = None, limit: int | None = None) -> int:
    """Create the demo reports that are missing; returns how many were created.

    ``months`` (period codes, default 2023M01–2025M10) and ``limit`` (the first N communes of each
    structure, by key) keep tests small. Each (unit, period) has its own seeded generator, so what
    a report contains does not depend on which others are created in the same run.
    """
    forms = ensure_forms()
    monthly, annual = forms[MONTHLY_FORM], forms[ANNUAL_FORM]
    indicators = {i.code: i for i in Indicator.objects.filter(items__section__version__form__in=[monthly, annual])}
    province = Unit.objects.get(key=PROVINCE_KEY)
    districts, old, new = _units(province)
    if limit is not None:
        old, new = old[:limit], new[:limit]
    new_ids = {u.pk for u in new}
    if months is None:
        first, last = Period.parse(FIRST_MONTH), Period.parse(LAST_MONTH)
        periods = list(periods_between(PeriodType.MONTH, first.start, last.end))
    else:
        periods = sorted(Period.parse(code) for code in months)
    existing = set(Report.objects.filter(form__in=[monthly, annual]).values_list("form_id", "unit_id", "period"))
    builder = _Builder(rng_seed, indicators)
    version = monthly.version_for(periods[0]) if periods else None
    deadline_rule = DeadlineRule.parse(monthly.deadline_rule)
    first_step = Period.parse(FIRST_MONTH)
    latest = Period.parse(LAST_MONTH)
    for period in periods:
        units = old if period.end < REFORM else new
        step = (period.year - first_step.year) * 12 + period.index - 1
        deadline = deadline_rule.deadline(period)
        for unit in units:
            if (monthly.pk, unit.pk, period.code) in existing:
                continue
            rng = random.Random(f"{rng_seed}:{unit.key}:{period.code}")
            status = _status(rng, recent=period >= latest.shift(-1))
            if status is None:
                continue
            size = random.Random(f"{rng_seed}:{unit.key}").uniform(0.6, 1.4) * (1.7 if unit.pk in new_ids else 1.0)
            builder.add(monthly, version, unit, period, status, rng, deadline)  # type: ignore[arg-type]
            _monthly_values(builder, unit, period, rng, size, step)
            if period.index in (3, 6, 9, 12) and rng.random() < 0.6:
                for kind, texts in NARRATIVES.items():
                    builder.narrative(kind, rng.choice(texts))
    _annual_reports(builder, annual, districts, existing)
    return _save(builder)


# Seed 004: "9/15 … biên chế; 184/184 xã; 15/15 Trung tâm Chính trị; 15/15 kết nối đến huyện; 7/15 đến xã".
ANNUAL_YES = {
    "2023": {
        "nam-bien-che": 8,
        "nam-xa-phu-trach": 15,
        "nam-truong-ban-gd": 14,
        "nam-ket-noi-huyen": 15,
        "nam-ket-noi-xa": 5,
    },
    "2024": {
        "nam-bien-che": 9,
        "nam-xa-phu-trach": 15,
        "nam-truong-ban-gd": 15,
        "nam-ket-noi-huyen": 15,
        "nam-ket-noi-xa": 7,
    },
}


def _annual_reports(b: _Builder, form: Form, districts: list[Unit], existing: set[tuple[int, int, str]]) -> None:
    version = form.versions.get(number=1)
    rule = DeadlineRule.parse(form.deadline_rule)
    for year in ANNUAL_YEARS:
        period = Period.parse(year)
        for position, unit in enumerate(districts):
            if (form.pk, unit.pk, year) in existing:
                continue
            rng = random.Random(f"{b.seed}:{unit.key}:{year}")
            b.add(form, version, unit, period, Report.Status.ACCEPTED, rng, rule.deadline(period))
            for code, yes in ANNUAL_YES[year].items():
                b.value(code, flag=position < yes)
            b.value("nam-can-bo", rng.randint(3, 7))


def _insert_values(reports: list[Report], rows: list[list[tuple[int, int | Decimal | None, bool | None, str]]]) -> None:
    """Values and their "created" history rows in plain SQL: ~220 000 rows through the ORM take ~40 s on
    SQLite, ``executemany`` and one ``INSERT … SELECT`` per chunk take a few seconds (same rows, same tables)."""
    ops = connection.ops
    table, history = Value._meta.db_table, Value.history.model._meta
    columns = ["report_id", "indicator_id", "number", "flag", "text"]
    params = [
        (
            report.pk,
            indicator,
            ops.adapt_decimalfield_value(None if number is None else Decimal(number), 20, 4),
            flag,
            text,
        )
        for report, values in zip(reports, rows, strict=True)
        for indicator, number, flag, text in values
    ]
    quote = ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            # Table and column names come from _meta, values are parameters.
            f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({', '.join(['%s'] * 5)})",  # noqa: S608
            params,
        )
        copied = {"id": "id", **{c: c for c in columns}}
        constants = {
            "history_date": ops.adapt_datetimefield_value(timezone.now()),
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": None,
        }
        names, selected, fixed = [], [], []
        for field in history.concrete_fields:
            column = field.column
            if column == "history_id":
                continue
            names.append(quote(column))
            if column in copied:
                selected.append(quote(copied[column]))
            else:
                selected.append("%s")
                fixed.append(constants[column])
        ids = [r.pk for r in reports]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            sql = (
                f"INSERT INTO {quote(history.db_table)} ({', '.join(names)}) SELECT {', '.join(selected)}"  # noqa: S608
                f" FROM {quote(table)} WHERE report_id IN ({placeholders})"
            )
            cursor.execute(sql, [*fixed, *chunk])


def _save(b: _Builder) -> int:
    if not b.reports:
        return 0
    reports = bulk_create_with_history(b.reports, Report, batch_size=2000)
    _insert_values(reports, b.values)
    sections = {(s.version_id, s.kind): s for s in Section.objects.filter(version__in={r.version_id for r in reports})}
    narratives = [
        Narrative(report=report, section=sections[(report.version_id, kind)], text=text)
        for report, rows in zip(reports, b.narratives, strict=True)
        for kind, text in rows
    ]
    bulk_create_with_history(narratives, Narrative, batch_size=2000)
    form_ids = sorted({r.form_id for r in reports})
    for form_id in form_ids:  # rows inserted in bulk: roll them up once
        rollups.refresh(form_id=form_id)
    grouprollups.rebuild(Form.objects.filter(pk__in=form_ids).order_by("pk"))  # and the country's pivot rows
    return len(reports)
