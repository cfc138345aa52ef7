"""Demo meetings: the five seed conferences (``/work/shared/seeds``) and one Đắk Lắk study session.

Seed facts only: chairs, guests, counts, limitations, tasks and awards are those the news reports
give, written in our own words; where a report names nobody, the position stands alone. Things the
seeds do not give and a record needs are marked here:

* Đắk Lắk (seed 004): the article (10/08/2022) does not date the conference; we record it on
  14/01/2022, just after Kế hoạch 25-KH/BTGTU (10/01/2022) that it mentions;
* Lâm Đồng (seed 000): the online bridge point at Huyện ủy Cát Tiên (a district until 31/12/2024, then
  merged into Đạ Huoai) is a ``BridgePoint`` on the unit as it stood on 04/01/2024; the article gives no
  attendance figures there; the people it names are recorded as guests;
* the awards handed out at the conferences of seeds 000, 001 and 003 are recorded through the emulation
  cycle by ``tuyengiao.awards.demo`` (run after this module), which links its decisions to these meetings;
* the study session of 09/2025 in Đắk Lắk (two demo communes as bridge points) is sample content for the
  demo accounts, like the registry's local plans.

Idempotent: a meeting with the same organiser, start and title is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tuyengiao.documents.demo import DEMO_NOTE
from tuyengiao.documents.models import Document
from tuyengiao.followup.models import Task
from tuyengiao.meetings.models import BridgePoint, Chair, Guest, Meeting, Speech
from tuyengiao.units.models import Unit


@dataclass
class DemoMeeting:
    organiser: str
    kind: str
    title: str
    start: dt.datetime
    mode: str = Meeting.Mode.IN_PERSON
    period: str = ""
    venue: str = ""
    chairs: list[tuple[str, str]] = field(default_factory=list)
    guests: list[tuple[str, str, str]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    speeches_reported: int | None = None
    speeches: list[str] = field(default_factory=list)
    results: str = ""
    limitations: str = ""
    conclusions: str = ""
    tasks: list[tuple[str, dt.date | None, str]] = field(default_factory=list)  # title, deadline, owner key
    # unit key, venue, attendees, party members, who leads it
    bridges: list[tuple[str, str, int | None, int | None, str]] = field(default_factory=list)
    attendees: int | None = None
    party_members: int | None = None


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


MEETINGS = [
    DemoMeeting(
        organiser="com:p:68",
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title="Hội nghị tổng kết công tác Tuyên giáo năm 2023, triển khai nhiệm vụ năm 2024",
        start=_at(2024, 1, 4, 8),
        mode=Meeting.Mode.HYBRID,
        period="2023",
        chairs=[("Bùi Thắng", "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy")],
        guests=[
            (
                "Dương Hùng Cường",
                "Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện",
                "Huyện ủy Cát Tiên (điểm cầu trực tuyến)",
            ),
            (
                "Nguyễn Văn Thức",
                "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Huyện ủy, Giám đốc Trung tâm Chính trị huyện",
                "Huyện ủy Cát Tiên (điểm cầu trực tuyến)",
            ),
            ("", "Lãnh đạo các cơ quan, đơn vị khối khoa giáo", "Huyện Cát Tiên (điểm cầu trực tuyến)"),
        ],
        bridges=[("d:683", "", None, None, "Dương Hùng Cường, Phó Bí thư Thường trực Huyện ủy")],
        documents=["01-KL/TW", "05-CT/TW"],
        results=(
            "Ngành Tuyên giáo toàn tỉnh chủ động, sáng tạo, đổi mới nội dung và phương thức; thông tin kịp thời "
            "các sự kiện chính trị, kinh tế - xã hội lớn của đất nước và của tỉnh.\n"
            "Tham mưu sơ kết 02 năm thực hiện Kết luận số 01-KL/TW gắn với biểu dương, khen thưởng các tập thể, "
            "cá nhân điển hình trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
            "Ứng dụng công nghệ thông tin, chuyển đổi số (“tuyên giáo số”) được xác định là khâu đột phá."
        ),
        conclusions="Trưởng Ban Tuyên giáo Tỉnh ủy chỉ đạo Ban Tuyên giáo các cấp trong tỉnh năm 2024:",
        tasks=[
            ("Tăng cường tuyên truyền đưa nghị quyết của Đảng các cấp đi vào cuộc sống", None, ""),
            (
                "Triển khai hiệu quả chủ đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024",
                None,
                "",
            ),
            ("Rà soát, biên soạn lịch sử Đảng bộ; đổi mới giáo dục truyền thống lịch sử Đảng bộ các cấp", None, ""),
            ("Cung cấp thông tin chính thống kịp thời cho báo chí; làm tốt kiểm tra, giám sát theo quy định", None, ""),
        ],
    ),
    DemoMeeting(
        organiser="com:p:12",
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title="Hội nghị tổng kết công tác tuyên giáo năm 2020, triển khai nhiệm vụ năm 2021",
        start=_at(2021, 1, 15, 14),
        period="2020",
        chairs=[
            ("Lê Đức Dục", "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy"),
            ("", "Lãnh đạo Ban Tuyên giáo Tỉnh ủy"),
        ],
        guests=[
            ("Lê Văn Lương", "Phó Bí thư Thường trực Tỉnh ủy (dự và chỉ đạo hội nghị)", "Tỉnh ủy Lai Châu"),
            ("", "Lãnh đạo", "Ủy ban nhân dân tỉnh Lai Châu"),
            ("", "Lãnh đạo", "Cục Thuế tỉnh Lai Châu"),
            ("", "Lãnh đạo", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Lai Châu"),
            ("", "Lãnh đạo", "Ngân hàng Nhà nước chi nhánh tỉnh Lai Châu"),
        ],
        documents=["35-CT/TW", "35-NQ/TW", "05-CT/TW"],
        speeches_reported=8,
        results=(
            "Tham mưu cấp ủy thực hiện Chỉ thị số 35-CT/TW về đại hội đảng bộ các cấp; quán triệt, tuyên truyền "
            "nghị quyết đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025.\n"
            "Tuyên truyền phòng, chống dịch Covid-19; thực hiện nhiệm vụ Ban Chỉ đạo 35 các cấp."
        ),
        limitations=(
            "Định hướng, nắm tình hình tư tưởng, dư luận xã hội có lúc, có nơi chưa kịp thời.\n"
            "Hiệu quả hoạt động của đội ngũ báo cáo viên, cộng tác viên chưa cao.\n"
            "Đấu tranh, phản bác quan điểm sai trái trên không gian mạng có lúc còn chậm.\n"
            "Tham mưu lĩnh vực khoa giáo, văn hóa - văn nghệ, lịch sử Đảng thiếu tính đột phá."
        ),
        conclusions="Phó Bí thư Thường trực Tỉnh ủy đề nghị năm 2021 ngành tuyên giáo tập trung vào các nhiệm vụ:",
        tasks=[
            (
                "Quán triệt, tuyên truyền, triển khai nghị quyết đại hội Đảng các cấp, trọng tâm là Nghị quyết "
                "Đại hội XIII",
                None,
                "",
            ),
            ("Tham mưu triển khai hiệu quả Nghị quyết số 35-NQ/TW về bảo vệ nền tảng tư tưởng của Đảng", None, ""),
            (
                "Nâng cao chất lượng định hướng, tuyên truyền trên báo chí; tuyên truyền bầu cử theo Chỉ thị 45-CT/TW",
                None,
                "",
            ),
            ("Thực hiện tốt Chỉ thị số 05-CT/TW gắn với Nghị quyết Trung ương 4 khóa XII", None, ""),
            ("Làm tốt công tác lý luận chính trị, lịch sử Đảng, văn hóa - văn nghệ", None, ""),
            ("Chủ động tham mưu nhiệm vụ khoa giáo; tuyên truyền phòng, chống dịch Covid-19", None, ""),
        ],
    ),
    DemoMeeting(
        organiser="p:94",
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title="Hội nghị tổng kết công tác Tuyên giáo năm 2023 và triển khai nhiệm vụ năm 2024",
        start=_at(2024, 1, 3, 8),
        period="2023",
        guests=[("Lâm Văn Mẫn", "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy (chỉ đạo hội nghị)", "Tỉnh ủy Sóc Trăng")],
        documents=["35-NQ/TW"],
        speeches=[
            "Nâng cao chất lượng đội ngũ cán bộ Tuyên giáo",
            "Tăng cường công tác báo chí, tuyên truyền miệng, tuyên truyền về chủ quyền biển đảo",
            "Biên soạn lịch sử Đảng bộ địa phương",
            "Định hướng dư luận xã hội, lan tỏa thông tin tích cực trên không gian mạng",
        ],
        results=(
            "Phối hợp các cơ quan báo chí tuyên truyền chủ trương phát triển kinh tế - xã hội, các dự án trọng "
            "điểm và 3 Chương trình mục tiêu quốc gia; triển khai Nghị quyết số 35-NQ/TW."
        ),
        conclusions="Bí thư Tỉnh ủy đề nghị ngành Tuyên giáo tỉnh năm 2024:",
        tasks=[
            ("Phát huy tinh thần trách nhiệm, đổi mới sáng tạo; nâng cao chất lượng, hiệu quả tuyên truyền", None, ""),
            (
                "Nhân rộng các điển hình tiên tiến, gương người tốt, việc tốt trong bảo vệ nền tảng tư tưởng của Đảng",
                None,
                "",
            ),
        ],
    ),
    DemoMeeting(
        organiser="com:p:19",
        kind=Meeting.Kind.INTERIM_REVIEW,
        title="Hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2024",
        start=_at(2024, 7, 3, 8),
        period="2024S1",
        chairs=[("Vũ Duy Hoàng", "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy")],
        guests=[
            ("", "Lãnh đạo các sở, ngành của tỉnh", ""),
            ("", "Lãnh đạo", "Ban Tuyên giáo, Trung tâm Chính trị các huyện, thành phố"),
        ],
        documents=["01-KL/TW", "05-CT/TW"],
        results=(
            "Tham mưu chỉ đạo quán triệt, tuyên truyền 14 nghị quyết, chỉ thị, kết luận của Đảng; thực hiện hiệu "
            "quả Kết luận số 01-KL/TW; phối hợp với các địa phương, đơn vị, nhất là khối nội chính, khoa giáo."
        ),
        conclusions="Trưởng Ban Tuyên giáo Tỉnh ủy đề nghị 6 tháng cuối năm tập trung:",
        tasks=[
            ("Phát huy vai trò tham mưu cấp ủy trong xây dựng Đảng về chính trị, tư tưởng, đạo đức", None, ""),
            ("Đổi mới, nâng cao hiệu quả học tập, quán triệt, triển khai chỉ thị, nghị quyết của Đảng", None, ""),
            ("Nâng cao chất lượng công tác dư luận xã hội, định hướng, tổng hợp thông tin", None, ""),
        ],
    ),
    DemoMeeting(
        organiser="com:p:66",
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title="Hội nghị tổng kết công tác tuyên giáo năm 2021, triển khai nhiệm vụ năm 2022",
        start=_at(2022, 1, 14, 8),
        period="2021",
        chairs=[("", "Lãnh đạo Ban Tuyên giáo Tỉnh ủy")],
        documents=["04-ĐA/TU", "25-KH/BTGTU", "05-CT/TW"],
        results=(
            "9/15 Ban Tuyên giáo cấp huyện bố trí biên chế tối thiểu theo quy định; 184/184 xã, phường, thị trấn "
            "có người phụ trách công tác Tuyên giáo - Dân vận; 15/15 Trung tâm Chính trị cấp huyện do Trưởng Ban "
            "Tuyên giáo đồng thời làm Giám đốc.\n"
            "15/15 địa phương kết nối trực tuyến từ tỉnh đến huyện; 7/15 kết nối đến cấp xã."
        ),
        conclusions="Thực hiện Đề án số 04-ĐA/TU, Ban Tuyên giáo Tỉnh ủy tập trung vào các nhiệm vụ trọng tâm:",
        tasks=[
            (
                "Tiếp tục kiện toàn tổ chức bộ máy, xây dựng đội ngũ cán bộ tuyên giáo các cấp, trung tâm chính trị",
                None,
                "",
            ),
            ("Triển khai đầu tư cơ sở vật chất và trang thiết bị hiện đại cho công tác tuyên giáo", None, ""),
            (
                "Xây dựng, triển khai giải pháp đổi mới, nâng cao chất lượng, hiệu quả công tác tuyên giáo các cấp",
                None,
                "",
            ),
        ],
    ),
    DemoMeeting(
        organiser="com:p:66",
        kind=Meeting.Kind.STUDY_SESSION,
        title="Hội nghị học tập, quán triệt Kết luận số 01-KL/TW và Kế hoạch số 45-KH/BTGDVTU (trực tuyến)",
        start=_at(2025, 9, 5, 8),
        mode=Meeting.Mode.ONLINE,
        venue="Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy",
        attendees=60,
        party_members=58,
        chairs=[("", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")],
        documents=["01-KL/TW", "45-KH/BTGDVTU"],
        bridges=[
            ("c2025:24133", "Hội trường Đảng ủy phường", 85, 80, "Phó Bí thư Đảng ủy phường"),
            ("c2025:24175", "Hội trường Đảng ủy xã", 70, 64, "Phó Bí thư Đảng ủy xã"),
        ],
        conclusions="Các đảng ủy xã, phường tổ chức học tập chuyên đề đến 100% chi bộ. " + DEMO_NOTE,
        tasks=[
            ("Tổ chức học tập chuyên đề năm 2025 đến 100% chi bộ trực thuộc", dt.date(2025, 12, 15), "c2025:24133"),
            ("Tổ chức học tập chuyên đề năm 2025 đến 100% chi bộ trực thuộc", dt.date(2025, 12, 15), "c2025:24175"),
            (
                "Tổng hợp kết quả học tập, quán triệt của các xã, phường, báo cáo Ban Thường vụ",
                dt.date(2026, 1, 10),
                "",
            ),
        ],
    ),
]


@transaction.atomic
def ensure_meetings() -> int:
    """Create the demo meetings that are missing; returns how many were created."""
    keys = {m.organiser for m in MEETINGS} | {b[0] for m in MEETINGS for b in m.bridges}
    keys |= {t[2] for m in MEETINGS for t in m.tasks if t[2]}
    units = {u.key: u for u in Unit.objects.filter(key__in=keys)}
    created = 0
    for demo in MEETINGS:
        organiser = units.get(demo.organiser)
        if organiser is None or Meeting.objects.filter(organiser=organiser, starts_at=demo.start).exists():
            continue
        meeting = Meeting.objects.create(
            organiser=organiser,
            kind=demo.kind,
            title=demo.title,
            period=demo.period,
            starts_at=demo.start,
            ends_at=demo.start + dt.timedelta(hours=3, minutes=30),
            mode=demo.mode,
            venue=demo.venue,
            attendees=demo.attendees,
            party_members=demo.party_members,
            speeches_reported=demo.speeches_reported,
            results=demo.results,
            limitations=demo.limitations,
            conclusions=demo.conclusions,
        )
        for order, (name, position) in enumerate(demo.chairs):
            Chair.objects.create(meeting=meeting, order=order, name=name, position=position)
        for order, (name, position, unit_text) in enumerate(demo.guests):
            Guest.objects.create(meeting=meeting, order=order, name=name, position=position, unit_text=unit_text)
        for order, title in enumerate(demo.speeches):
            Speech.objects.create(meeting=meeting, order=order, title=title)
        for key, venue, attendees, members, leader in demo.bridges:
            BridgePoint.objects.create(
                meeting=meeting, unit=units[key], venue=venue, attendees=attendees, party_members=members, leader=leader
            )
        meeting.documents.set(Document.objects.filter(code__in=demo.documents))
        for number, (title, deadline, owner_key) in enumerate(demo.tasks, start=1):
            Task.objects.create(
                meeting=meeting,
                number=number,
                title=title,
                issuer=organiser,
                owner=units.get(owner_key, organiser) if owner_key else organiser,
                assigned_on=meeting.date,
                deadline=deadline,
            )
        created += 1
    return created
