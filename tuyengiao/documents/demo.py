"""Demo registry for Đắk Lắk: the central documents the seed articles cite, and local
plans that implement them (run by ``manage.py load_demo``).

The central documents are real (number, date, issuer and subject as published).
The local plans are written by us for the demo: their summaries say "Dữ liệu mẫu".
Idempotent: a document already registered (same code and issuer) is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from tuyengiao.documents import services
from tuyengiao.documents.fields import FIELDS_OF_WORK
from tuyengiao.documents.models import Document, DocumentRelation, FieldOfWork
from tuyengiao.units.models import Unit

DEMO_NOTE = "Dữ liệu mẫu do nhóm phát triển biên soạn để minh họa, không phải văn bản thật."


@dataclass(frozen=True)
class DemoDocument:
    code: str
    date: dt.date
    issuer_key: str  # unit key in the tree
    issuer_name: str
    subject: str
    owner_key: str
    fields: tuple[str, ...] = ()
    type_name: str = ""
    public: bool = True
    implements: tuple[str, ...] = ()
    summary: str = ""
    full_text: str = ""
    extra: dict[str, str] = field(default_factory=dict)


DOCUMENTS = [
    DemoDocument(
        "05-CT/TW",
        dt.date(2016, 5, 15),
        "central",
        "Bộ Chính trị",
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "central",
        ("hoc-tap-lam-theo-bac",),
    ),
    DemoDocument(
        "35-NQ/TW",
        dt.date(2018, 10, 22),
        "central",
        "Bộ Chính trị",
        "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch "
        "trong tình hình mới",
        "central",
        ("bao-ve-nen-tang-tu-tuong",),
    ),
    DemoDocument(
        "35-CT/TW",
        dt.date(2019, 5, 30),
        "central",
        "Bộ Chính trị",
        "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "central",
        ("lanh-dao-chi-dao",),
    ),
    DemoDocument(
        "01-KL/TW",
        dt.date(2021, 5, 18),
        "central",
        "Bộ Chính trị",
        "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII về đẩy mạnh học tập và "
        "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "central",
        ("hoc-tap-lam-theo-bac",),
        implements=("05-CT/TW",),
    ),
    DemoDocument(
        "04-ĐA/TU",
        dt.date(2021, 6, 15),
        "p:66",
        "Tỉnh ủy Đắk Lắk",
        "Đổi mới, nâng cao chất lượng, hiệu quả công tác tuyên giáo của Đảng bộ tỉnh giai đoạn 2021 - 2025",
        "p:66",
        ("to-chuc-can-bo", "lanh-dao-chi-dao"),
        summary="Kiện toàn tổ chức bộ máy và đội ngũ cán bộ tuyên giáo các cấp; đầu tư cơ sở vật chất, kết nối "
        "trực tuyến từ tỉnh đến huyện, xã; đổi mới nội dung, phương thức công tác tuyên giáo. " + DEMO_NOTE,
    ),
    DemoDocument(
        "25-KH/BTGTU",
        dt.date(2022, 1, 10),
        "com:p:66",
        "Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
        "Phối hợp thực hiện Đề án số 04-ĐA/TU của Tỉnh ủy về đổi mới, nâng cao chất lượng, hiệu quả công tác "
        "tuyên giáo giai đoạn 2021 - 2025",
        "com:p:66",
        ("to-chuc-can-bo",),
        public=False,
        implements=("04-ĐA/TU",),
        summary="Phân công các phòng của Ban và ban tuyên giáo các huyện ủy, thị ủy, thành ủy theo dõi từng nhóm "
        "nhiệm vụ của Đề án; báo cáo kết quả 6 tháng và hằng năm. " + DEMO_NOTE,
    ),
    DemoDocument(
        "12-KH/BTGTU",
        dt.date(2023, 2, 20),
        "com:p:66",
        "Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
        "Tuyên truyền việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2023",
        "com:p:66",
        ("hoc-tap-lam-theo-bac", "tuyen-truyen"),
        implements=("01-KL/TW",),
        summary="Cụ thể hóa Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và Chỉ thị số 05-CT/TW: chuyên "
        "đề năm 2023, giới thiệu gương điển hình, tổ chức sơ kết ở các huyện. " + DEMO_NOTE,
    ),
    DemoDocument(
        "30-HD/BTGTU",
        dt.date(2024, 3, 5),
        "com:p:66",
        "Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
        "Hướng dẫn tuyên truyền đấu tranh phản bác các quan điểm sai trái, thù địch năm 2024",
        "com:p:66",
        ("bao-ve-nen-tang-tu-tuong", "du-luan-xa-hoi"),
        public=False,
        implements=("35-NQ/TW",),
        summary="Định hướng nội dung tuyên truyền theo Nghị quyết số 35-NQ/TW; cơ chế phối hợp với các cơ quan "
        "báo chí của tỉnh. " + DEMO_NOTE,
    ),
    DemoDocument(
        "45-KH/BTGDVTU",
        dt.date(2025, 8, 15),
        "com:p:66",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
        "Tuyên truyền, học tập, quán triệt Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW ở các đảng bộ xã, phường "
        "sau sắp xếp",
        "com:p:66",
        ("hoc-tap-quan-triet", "hoc-tap-lam-theo-bac"),
        implements=("01-KL/TW",),
        summary="Hướng dẫn 102 đảng bộ xã, phường của tỉnh sau ngày 01/7/2025 tổ chức học tập chuyên đề và báo "
        "cáo kết quả hằng quý. " + DEMO_NOTE,
    ),
    DemoDocument(
        "03-KH/ĐU",
        dt.date(2025, 9, 10),
        "c2025:24133",
        "Đảng ủy phường Buôn Ma Thuột",
        "Thực hiện Kế hoạch số 45-KH/BTGDVTU ngày 15/8/2025 của Ban Tuyên giáo và Dân vận Tỉnh ủy trên địa bàn phường",
        "c2025:24133",
        ("hoc-tap-quan-triet",),
        public=False,
        implements=("45-KH/BTGDVTU",),
        summary="Tổ chức học tập chuyên đề cho 100% chi bộ trực thuộc trong quý IV/2025. " + DEMO_NOTE,
    ),
]


def ensure_fields_of_work() -> dict[str, FieldOfWork]:
    """The fields of work by code (migration 0002 seeds them; a flushed test database has none)."""
    for order, (code, name) in enumerate(FIELDS_OF_WORK, start=1):
        FieldOfWork.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return {f.code: f for f in FieldOfWork.objects.all()}


@transaction.atomic
def ensure_documents() -> int:
    """Create the demo documents that are missing; returns how many were created."""
    units = {
        u.key: u
        for u in Unit.objects.filter(key__in={d.issuer_key for d in DOCUMENTS} | {d.owner_key for d in DOCUMENTS})
    }
    fields = ensure_fields_of_work()
    created = 0
    registered: dict[str, Document] = {}
    for demo in DOCUMENTS:
        document = Document(
            issuer_unit=units[demo.issuer_key],
            issuer_name=demo.issuer_name,
            owner=units[demo.owner_key],
            issue_date=demo.date,
            subject=demo.subject,
            summary=demo.summary,
            full_text=demo.full_text,
            type_name=demo.type_name,
            visibility=Document.Visibility.PUBLIC if demo.public else Document.Visibility.INTERNAL,
        )
        document.set_code(demo.code)
        existing = document.duplicate()
        if existing is not None:
            registered[demo.code] = existing
            continue
        targets = [registered[code] for code in demo.implements if code in registered]
        services.save_document(
            document,
            fields=[fields[code] for code in demo.fields],
            relations=[services.RelationSpec(DocumentRelation.Kind.IMPLEMENTS, t) for t in targets],
        )
        registered[demo.code] = document
        created += 1
    return created
