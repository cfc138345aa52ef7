"""Demo emulation cycles (run by ``manage.py load_demo`` after the meetings demo).

The awards handed out at the conferences of seeds 000, 001 and 003 are recorded through the whole cycle,
with the same services the pages use: registration at the start of the year, the bloc and its pledge, year-end
nominations, the council and its votes, the public-comment window, the proposal, the decision (numbered, in the
registry, linked to the conference) and its list. A fourth cycle, Đắk Lắk 2025, is left half-way (nominations
and council, no votes or decision) for the demo accounts to carry on in the browser.

What the seeds give, and what is illustrative (``ILLUSTRATIVE`` is written on every cycle and decision note):

* seed 000, Lâm Đồng, conference of 04/01/2024: Giấy khen of the commission head to **13 collectives** for
  2023; the seed names one, *Ban Tuyên giáo Huyện ủy Cát Tiên*, with its reason. The other twelve are the
  district commissions of 2023 and two departments of the provincial commission. Each district
  commission is recorded under its Huyện ủy as it stood in 2023 (Huyện ủy Cát Tiên and Huyện ủy Đạ Tẻh,
  merged into Đạ Huoai from 01/01/2025) with the commission's own name (``collective_name``) where
  the seed gives it.
* seed 001, Lai Châu, conference of 15/01/2021: Giấy khen to **9 collectives and 9 individuals** for 2020;
  none is named. The collectives are the eight district commissions and the provincial commission's office;
  the individuals are fictitious people (``people.demo.fictitious_person``).
* seed 003, Thái Nguyên, conference of 03/07/2024: Bằng khen of the Central commission and of the provincial
  Standing Committee for learning from Hồ Chí Minh in 2023 (and for Chỉ thị 38-CT/TW); the seed gives no count.
  We record 2 collectives and 2 individuals, and 3 collectives and 3 individuals.

Decision and proposal numbers and dates, the council (other than the commission heads the seeds name), votes
and scores are illustrative. Idempotent: a cycle that already has nominations is left alone; a cycle carried
over from the meetings' old award list (a decision with a note and no list) is completed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from tuyengiao.accounts.models import User
from tuyengiao.awards import services
from tuyengiao.awards.catalogue import ensure_catalogue
from tuyengiao.awards.models import AwardForm, Bloc, Decision, EmulationCycle
from tuyengiao.documents import services as document_services
from tuyengiao.documents.demo import DEMO_NOTE
from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import Meeting
from tuyengiao.people.demo import fictitious_person
from tuyengiao.people.models import Person, Posting
from tuyengiao.reports.models import Form
from tuyengiao.units.models import Unit

ILLUSTRATIVE = (
    "Dữ liệu mẫu: số lượng và hình thức khen thưởng theo bài báo về hội nghị; danh sách cụ thể, số quyết định "
    "và phiếu của hội đồng do nhóm phát triển minh họa."
)

GIAY_KHEN = "giay-khen-truong-ban"
BANG_KHEN_TW = "bang-khen-ban-tw"
BANG_KHEN_BTV = "bang-khen-btv-tinh-uy"
MEDAL = "kyniemchuong-tuyen-giao"
COLLECTIVE_TITLE = "tap-the-ldxs"
INDIVIDUAL_TITLE = "chien-si-thi-dua-co-so"


@dataclass(frozen=True)
class Collective:
    unit: str
    achievements: str
    name: str = ""  # the collective's own name when it is not the unit ("Ban Tuyên giáo Huyện ủy Cát Tiên")


@dataclass(frozen=True)
class Individual:
    unit: str
    position: str
    since: int  # the year the person started in the sector
    achievements: str


@dataclass(frozen=True)
class DemoDecision:
    form: str
    subject: str
    number: str
    issued_on: dt.date
    proposal_number: str
    proposal_date: dt.date
    signer_title: str
    signer_name: str
    collectives: list[Collective]
    individuals: list[Individual] = field(default_factory=list)
    issuer_unit: str = ""  # the registry's issuer: a unit key, or …
    issuer_name: str = ""  # … a name outside the tree (the Central commission)


@dataclass(frozen=True)
class DemoCycle:
    organiser: str
    year: int
    title: str
    council: list[tuple[str, str]]
    bloc: tuple[str, list[str]] | None
    decisions: list[DemoDecision]
    meeting_start: dt.date | None  # the conference where the decisions were presented
    comment: tuple[dt.date, dt.date] | None
    comment_result: str = ""


def _district_collectives(keys: list[str], text: str) -> list[Collective]:
    return [Collective(key, text) for key in keys]


LAM_DONG_2023 = DemoCycle(
    organiser="com:p:68",
    year=2023,
    title="Thi đua thực hiện nhiệm vụ công tác Tuyên giáo năm 2023",
    council=[
        ("Bùi Thắng", "Trưởng Ban Tuyên giáo Tỉnh ủy, Chủ tịch Hội đồng"),
        ("Nguyễn Thị Hạnh", "Phó Trưởng Ban, Phó Chủ tịch Hội đồng"),
        ("Trần Minh Quang", "Chánh Văn phòng Ban, Ủy viên thường trực"),
        ("Lê Thu Hà", "Trưởng phòng Tuyên truyền - Báo chí, Ủy viên"),
        ("Phạm Văn Sơn", "Trưởng phòng Lý luận chính trị - Lịch sử Đảng, Ủy viên"),
    ],
    bloc=("Khối Ban Tuyên giáo các huyện ủy, thành ủy", ["d:672", "d:673", "d:674", "d:675", "d:676", "d:677"]),
    meeting_start=dt.date(2024, 1, 4),
    comment=(dt.date(2023, 12, 18), dt.date(2023, 12, 27)),
    comment_result="Không có ý kiến khác.",
    decisions=[
        DemoDecision(
            form=GIAY_KHEN,
            subject="Về việc tặng Giấy khen cho các tập thể có thành tích xuất sắc trên một số lĩnh vực công tác "
            "Tuyên giáo năm 2023",
            number="01-QĐ/BTGTU",
            issued_on=dt.date(2024, 1, 3),
            proposal_number="15-TTr/BTGTU",
            proposal_date=dt.date(2023, 12, 28),
            signer_title="TRƯỞNG BAN",
            signer_name="Bùi Thắng",
            issuer_unit="com:p:68",
            collectives=[
                Collective(
                    "d:683",
                    "Đạt thành tích xuất sắc trong tham mưu, tổ chức triển khai thực hiện Kết luận số 01-KL/TW về "
                    "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII) và công tác dư luận xã hội "
                    "năm 2023",
                    name="Ban Tuyên giáo Huyện ủy Cát Tiên",
                ),
                Collective(
                    "d:682",
                    "Đạt thành tích xuất sắc trong công tác tuyên truyền miệng năm 2023",
                    name="Ban Tuyên giáo Huyện ủy Đạ Tẻh",
                ),
                *_district_collectives(
                    ["d:672", "d:673", "d:674", "d:675", "d:676", "d:677", "d:678", "d:679", "d:680", "d:681"],
                    "Đạt thành tích xuất sắc trong tham mưu quán triệt, tuyên truyền nghị quyết của Đảng năm 2023",
                ),
                Collective(
                    "com:p:68",
                    "Đạt thành tích xuất sắc trong công tác báo chí, xuất bản năm 2023",
                    name="Phòng Tuyên truyền - Báo chí, Ban Tuyên giáo Tỉnh ủy",
                ),
            ],
        )
    ],
)

LAI_CHAU_2020 = DemoCycle(
    organiser="com:p:12",
    year=2020,
    title="Thi đua thực hiện nhiệm vụ công tác tuyên giáo năm 2020",
    council=[
        ("Lê Đức Dục", "Trưởng Ban Tuyên giáo Tỉnh ủy, Chủ tịch Hội đồng"),
        ("Vàng Thị Mai", "Phó Trưởng Ban, Phó Chủ tịch Hội đồng"),
        ("Đỗ Văn Hùng", "Chánh Văn phòng Ban, Ủy viên thường trực"),
    ],
    bloc=("Khối Ban Tuyên giáo các huyện ủy, thành ủy", ["d:105", "d:106", "d:107", "d:108"]),
    meeting_start=dt.date(2021, 1, 15),
    comment=(dt.date(2020, 12, 21), dt.date(2020, 12, 30)),
    comment_result="Không có ý kiến khác.",
    decisions=[
        DemoDecision(
            form=GIAY_KHEN,
            subject="Về việc tặng Giấy khen cho các tập thể, cá nhân hoàn thành xuất sắc nhiệm vụ công tác tuyên "
            "giáo năm 2020",
            number="02-QĐ/BTGTU",
            issued_on=dt.date(2021, 1, 14),
            proposal_number="08-TTr/BTGTU",
            proposal_date=dt.date(2021, 1, 6),
            signer_title="TRƯỞNG BAN",
            signer_name="Lê Đức Dục",
            issuer_unit="com:p:12",
            collectives=[
                *_district_collectives(
                    ["d:105", "d:106", "d:107", "d:108", "d:109", "d:110", "d:111", "d:112"],
                    "Hoàn thành xuất sắc nhiệm vụ công tác tuyên giáo năm 2020; tham mưu tốt việc quán triệt, "
                    "tuyên truyền nghị quyết đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025",
                ),
                Collective(
                    "com:p:12",
                    "Hoàn thành xuất sắc nhiệm vụ tham mưu, phục vụ công tác tuyên giáo năm 2020",
                    name="Văn phòng Ban Tuyên giáo Tỉnh ủy",
                ),
            ],
            individuals=[
                Individual(key, position, since, "Hoàn thành xuất sắc nhiệm vụ công tác tuyên giáo năm 2020")
                for key, position, since in [
                    ("com:p:12", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", 2008),
                    ("com:p:12", "Trưởng phòng Tuyên truyền - Báo chí", 2010),
                    ("com:p:12", "Chuyên viên Phòng Khoa giáo", 2014),
                    ("d:105", "Trưởng Ban Tuyên giáo Thành ủy", 2009),
                    ("d:106", "Phó Trưởng Ban Tuyên giáo Huyện ủy", 2012),
                    ("d:107", "Trưởng Ban Tuyên giáo Huyện ủy", 2011),
                    ("d:109", "Chuyên viên Ban Tuyên giáo Huyện ủy", 2015),
                    ("d:110", "Phó Trưởng Ban Tuyên giáo Huyện ủy", 2013),
                    ("d:112", "Chuyên viên Ban Tuyên giáo Huyện ủy", 2016),
                ]
            ],
        )
    ],
)

_HCM_2023 = "Có thành tích tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023"
_BHYT = "Có thành tích trong thực hiện Chỉ thị số 38-CT/TW của Ban Bí thư về đẩy mạnh công tác bảo hiểm y tế"

THAI_NGUYEN_2023 = DemoCycle(
    organiser="com:p:19",
    year=2023,
    title="Thi đua học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023",
    council=[
        ("Vũ Duy Hoàng", "Trưởng Ban Tuyên giáo Tỉnh ủy, Chủ tịch Hội đồng"),
        ("Hoàng Thị Lan", "Phó Trưởng Ban, Phó Chủ tịch Hội đồng"),
        ("Nguyễn Văn Tâm", "Chánh Văn phòng Ban, Ủy viên thường trực"),
    ],
    bloc=None,
    meeting_start=dt.date(2024, 7, 3),
    comment=(dt.date(2024, 3, 11), dt.date(2024, 3, 20)),
    comment_result="Không có ý kiến khác.",
    decisions=[
        DemoDecision(
            form=BANG_KHEN_TW,
            subject="Về việc tặng Bằng khen cho các tập thể, cá nhân có thành tích trong học tập và làm theo tư "
            "tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023",
            number="1245-QĐ/BTGTW",
            issued_on=dt.date(2024, 5, 20),
            proposal_number="32-TTr/BTGTU",
            proposal_date=dt.date(2024, 3, 25),
            signer_title="TRƯỞNG BAN",
            signer_name="",
            issuer_name="Ban Tuyên giáo Trung ương",
            collectives=[Collective("d:171", _HCM_2023), Collective("d:164", _HCM_2023)],
            individuals=[
                Individual("d:167", "Trưởng Ban Tuyên giáo Huyện ủy", 2010, _HCM_2023),
                Individual("com:p:19", "Trưởng phòng Lý luận chính trị - Lịch sử Đảng", 2011, _HCM_2023),
            ],
        ),
        DemoDecision(
            form=BANG_KHEN_BTV,
            subject="Về việc tặng Bằng khen cho các tập thể, cá nhân có thành tích trong học tập và làm theo tư "
            "tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023 và thực hiện Chỉ thị số 38-CT/TW",
            number="2150-QĐ/TU",
            issued_on=dt.date(2024, 6, 25),
            proposal_number="33-TTr/BTGTU",
            proposal_date=dt.date(2024, 3, 25),
            signer_title="PHÓ BÍ THƯ",
            signer_name="",
            issuer_unit="p:19",
            collectives=[
                Collective("d:172", _HCM_2023),
                Collective("d:169", _HCM_2023),
                Collective("d:173", _BHYT),
            ],
            individuals=[
                Individual("d:165", "Phó Trưởng Ban Tuyên giáo Thành ủy", 2012, _HCM_2023),
                Individual("d:170", "Chuyên viên Ban Tuyên giáo Huyện ủy", 2014, _HCM_2023),
                Individual("com:p:19", "Chuyên viên Phòng Khoa giáo", 2015, _BHYT),
            ],
        ),
    ],
)

SEED_CYCLES = [LAM_DONG_2023, LAI_CHAU_2020, THAI_NGUYEN_2023]

DAK_LAK_COMMUNES = ("c2025:24133", "c2025:24175")  # the demo accounts' communes (accounts.demo.COMMUNE_KEYS)


def _form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def _registry(decision: DemoDecision, units: dict[str, Unit], owner: Unit) -> None:
    """The decision in the organiser's registry (as issued, or as received from the Central commission)."""
    document = Document(
        owner=owner,
        issuer_unit=units.get(decision.issuer_unit),
        issuer_name=decision.issuer_name,
        issue_date=decision.issued_on,
        subject=decision.subject,
        summary=DEMO_NOTE,
        type_name="Quyết định",
        visibility=Document.Visibility.INTERNAL,
    )
    document.set_code(decision.number)
    if document.duplicate() is None:
        document_services.save_document(document)


def _person(rng: random.Random, unit: Unit, position: str, since: int) -> Person:
    person = fictitious_person(rng)
    person.save()
    Posting.objects.create(person=person, unit=unit, position=position, from_date=dt.date(since, 3, 1))
    return person


def _record(demo: DemoCycle, units: dict[str, Unit], actor: User, rng: random.Random) -> None:
    organiser = units[demo.organiser]
    cycle, _created = EmulationCycle.objects.get_or_create(
        unit=organiser, year=demo.year, defaults={"title": demo.title}
    )
    cycle.title = demo.title
    cycle.registration_until = dt.date(demo.year, 3, 31)
    cycle.comment_from, cycle.comment_to = demo.comment or (None, None)
    cycle.comment_result = demo.comment_result
    cycle.created_by = actor
    cycle.save()
    registered_on = dt.date(demo.year, 2, 20)
    nominate_on = demo.comment[0] - dt.timedelta(days=10) if demo.comment else dt.date(demo.year, 12, 1)
    if demo.bloc is not None:
        name, keys = demo.bloc
        bloc = Bloc.objects.create(cycle=cycle, name=name, pledge_signed_on=dt.date(demo.year, 3, 5))
        bloc.members.set([units[k] for k in keys])
    members = [services.add_member(cycle, name, role, actor) for name, role in demo.council]
    for item in demo.decisions:
        form = _form(item.form)
        nominations = []
        for collective in item.collectives:
            unit = units[collective.unit]
            services.register(cycle, unit, None, _form(COLLECTIVE_TITLE), registered_on, collective.name, actor)
            nominations.append(
                services.nominate(
                    cycle,
                    form,
                    unit,
                    None,
                    collective.achievements,
                    actor,
                    collective_name=collective.name,
                    today=nominate_on,
                )
            )
        for individual in item.individuals:
            unit = units[individual.unit]
            person = _person(rng, unit, individual.position, individual.since)
            services.register(cycle, unit, person, _form(INDIVIDUAL_TITLE), registered_on, "", actor)
            nominations.append(
                services.nominate(cycle, form, unit, person, individual.achievements, actor, today=nominate_on)
            )
        for nomination in nominations:
            for member in members:
                services.vote(nomination, member, True, Decimal(rng.randint(85, 98)), actor)
        decision = Decision.objects.filter(cycle=cycle, number=item.number).first()
        if decision is None:
            decision = services.create_decision(cycle, form, item.subject, actor)
        decision.award_form, decision.subject = form, item.subject
        decision.proposal_number, decision.proposal_date = item.proposal_number, item.proposal_date
        decision.signer_title, decision.note = item.signer_title, ILLUSTRATIVE
        decision.save()
        services.add_awards(decision, [(n, "") for n in nominations], actor, today=item.issued_on)
        _registry(item, units, organiser)
        meeting = (
            Meeting.objects.filter(organiser=organiser, starts_at__date=demo.meeting_start).first()
            if demo.meeting_start
            else None
        )
        services.issue(decision, item.number, item.issued_on, item.signer_name, actor, meeting=meeting)


def _dak_lak_in_progress(units: dict[str, Unit], actor: User) -> None:
    """Đắk Lắk 2025: registrations, the two demo communes nominated with their report figures linked, a medal
    nomination of a commission veteran (the eligibility warning shows), the council; no votes yet."""
    commission = units["com:p:66"]
    cycle, _created = EmulationCycle.objects.get_or_create(
        unit=commission,
        year=2025,
        defaults={
            "title": "Thi đua thực hiện nhiệm vụ công tác tuyên giáo và dân vận năm 2025",
            "registration_until": dt.date(2025, 3, 31),
            "created_by": actor,
        },
    )
    report_form = Form.objects.filter(code="bc-tg-xa").first()
    for key in DAK_LAK_COMMUNES:
        unit = units[key]
        services.register(
            cycle, unit, None, _form(COLLECTIVE_TITLE), dt.date(2025, 7, 15), "Đăng ký sau sắp xếp", actor
        )
        services.nominate(
            cycle,
            _form(GIAY_KHEN),
            unit,
            None,
            "Hoàn thành xuất sắc nhiệm vụ tuyên giáo, dân vận 6 tháng cuối năm 2025 sau sắp xếp đơn vị hành chính",
            actor,
            report_form=report_form,
            report_period="2025",
            today=dt.date(2025, 12, 1),
        )
    veteran = (
        Posting.objects.filter(unit=commission, position="Trưởng ban").select_related("person").order_by("pk").first()
    )
    if veteran is not None:
        services.nominate(
            cycle,
            _form(MEDAL),
            commission,
            veteran.person,
            "Có nhiều đóng góp cho sự nghiệp Tuyên giáo của tỉnh",
            actor,
            today=dt.date(2025, 12, 1),
        )
    for name, role in [
        ("Nguyễn Văn Bình", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy, Chủ tịch Hội đồng"),
        ("Trần Thị Thu", "Phó Trưởng Ban, Phó Chủ tịch Hội đồng"),
        ("Lê Quốc Hải", "Chánh Văn phòng Ban, Ủy viên thường trực"),
    ]:
        services.add_member(cycle, name, role, actor)


@transaction.atomic
def ensure_awards() -> int:
    """Record the demo cycles that have no nominations yet; returns how many were recorded."""
    actor = User.objects.filter(username="quantri").first()  # the demo administrator (accounts.demo)
    if actor is None:
        return 0
    ensure_catalogue(AwardForm)  # the award forms (a data migration's rows, gone from a database emptied since)
    keys = {c.organiser for c in SEED_CYCLES} | {"com:p:66", "p:19", *DAK_LAK_COMMUNES}
    for demo in SEED_CYCLES:
        keys |= {c.unit for d in demo.decisions for c in d.collectives}
        keys |= {i.unit for d in demo.decisions for i in d.individuals}
        keys |= set(demo.bloc[1]) if demo.bloc else set()
    units = {u.key: u for u in Unit.objects.filter(key__in=keys)}
    rng = random.Random(2023)
    recorded = 0
    for demo in SEED_CYCLES:
        if demo.organiser not in units:
            continue
        done = EmulationCycle.objects.filter(unit=units[demo.organiser], year=demo.year, nominations__isnull=False)
        if not done.exists():
            _record(demo, units, actor, rng)
            recorded += 1
    if "com:p:66" in units and not EmulationCycle.objects.filter(unit=units["com:p:66"], year=2025).exists():
        _dak_lak_in_progress(units, actor)
        recorded += 1
    return recorded
