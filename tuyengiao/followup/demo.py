"""Demo tasks and inspections for Đắk Lắk (run by ``manage.py load_demo``), idempotent.

* Kế hoạch 45-KH/BTGDVTU (demo registry) of the provincial commission becomes tasks of the two demo
  communes (Phường Buôn Ma Thuột, Xã Hòa Phú) and of two more communes, with progress updates:
  some done on time, one done late, one overdue, one not yet due.
* A task the commission gave the old Xã Hòa Khánh in March 2025 under Kế hoạch 25-KH/BTGTU, still
  open when Hòa Khánh merged into Xã Hòa Phú on 01/07/2025: Hòa Phú's board shows it as inherited.
* An ad hoc inspection of Xã Hòa Khánh in 2024 and a periodic inspection of Xã Hòa Phú in October
  2025 on the implementation of 45-KH/BTGDVTU, with findings and recommendations that became tasks:
  Hòa Phú's inspection history shows both years.

All content is written by us for the demo (names of team members are invented).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tuyengiao.documents.models import Document, FieldOfWork
from tuyengiao.followup.models import InspectedUnit, Inspection, InspectionMember, Task, TaskUpdate
from tuyengiao.units.models import Unit

D = dt.date
COMMISSION = "com:p:66"
WARD, COMMUNE = "c2025:24133", "c2025:24175"  # the demo accounts' units
OLD_COMMUNE = "c:24175"  # Xã Hòa Khánh, merged into Xã Hòa Phú on 01/07/2025

# (owner key, title, assigned, deadline, updates [(date, text, percent)], done_on)
Progress = list[tuple[dt.date, str, int | None]]
PLAN_TASKS: list[tuple[str, str, dt.date, dt.date, Progress, dt.date | None]] = [
    (
        WARD,
        "Tổ chức học tập chuyên đề năm 2025 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
        "cho 100% chi bộ trực thuộc",
        D(2025, 8, 20),
        D(2025, 12, 31),
        [(D(2025, 10, 15), "Đã tổ chức cho 28/41 chi bộ; các chi bộ còn lại hoàn thành trong tháng 11.", 70)],
        D(2025, 11, 28),
    ),
    (
        WARD,
        "Xây dựng và giới thiệu ít nhất 05 gương điển hình học tập và làm theo Bác trên trang thông tin điện tử "
        "của phường",
        D(2025, 8, 20),
        D(2026, 6, 30),
        [(D(2026, 5, 10), "Đã đăng 3 bài giới thiệu gương điển hình.", 60)],
        D(2026, 7, 15),
    ),
    (
        WARD,
        "Báo cáo kết quả học tập, quán triệt Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW năm 2026",
        D(2025, 8, 20),
        D(2026, 12, 15),
        [],
        None,
    ),
    (
        COMMUNE,
        "Tổ chức học tập chuyên đề năm 2025 cho cán bộ, đảng viên các thôn, buôn sau sắp xếp",
        D(2025, 8, 20),
        D(2025, 12, 31),
        [(D(2025, 12, 20), "Hoàn thành ở 18/18 chi bộ thôn, buôn; tỷ lệ đảng viên tham dự 92,5%.", None)],
        D(2025, 12, 20),
    ),
    (
        COMMUNE,
        "Tuyên truyền trên hệ thống loa truyền thanh cơ sở về các mô hình “Dân vận khéo” của xã",
        D(2025, 8, 20),
        D(2026, 9, 30),
        [(D(2026, 8, 5), "Đã phát 12 chuyên mục; còn thiếu 2 cụm loa ở buôn xa.", 50)],
        None,
    ),
    (
        "c2025:24121",
        "Tổ chức học tập chuyên đề năm 2025 cho 100% chi bộ trực thuộc",
        D(2025, 8, 20),
        D(2025, 12, 31),
        [],
        D(2025, 12, 26),
    ),
    (
        "c2025:24169",
        "Tổ chức học tập chuyên đề năm 2025 cho 100% chi bộ trực thuộc",
        D(2025, 8, 20),
        D(2025, 12, 31),
        [(D(2025, 11, 30), "Đã tổ chức ở 9/15 chi bộ.", 60)],
        None,
    ),
]


def _task(issuer: Unit, owner: Unit, title: str, assigned: dt.date, deadline: dt.date | None, **extra: object) -> Task:
    task = Task.objects.filter(issuer=issuer, owner=owner, title=title).first()
    if task is None:
        task = Task.objects.create(
            issuer=issuer, owner=owner, title=title, assigned_on=assigned, deadline=deadline, **extra
        )
    return task


def _progress(task: Task, updates: Progress, done_on: dt.date | None) -> None:
    if task.updates.exists():
        return
    for day, text, percent in updates:
        TaskUpdate.objects.create(task=task, date=day, text=text, percent=percent)
    if done_on is not None:
        TaskUpdate.objects.create(task=task, date=done_on, text="Đã hoàn thành nhiệm vụ.", percent=100, marks_done=True)
        task.status, task.done_on = Task.Status.DONE, done_on
    elif updates:
        task.status = Task.Status.IN_PROGRESS
    task.save()


@transaction.atomic
def ensure_followup() -> int:
    """Create the demo tasks and inspections that are missing; returns how many tasks exist for the demo."""
    keys = {COMMISSION, WARD, COMMUNE, OLD_COMMUNE, "c2025:24121", "c2025:24169"}
    units = {u.key: u for u in Unit.objects.filter(key__in=keys)}
    plan = Document.objects.filter(code="45-KH/BTGDVTU", owner=units[COMMISSION]).first()
    older_plan = Document.objects.filter(code="25-KH/BTGTU", owner=units[COMMISSION]).first()
    if plan is None or older_plan is None:
        return 0  # the demo registry comes first (documents.demo.ensure_documents)
    commission = units[COMMISSION]
    for owner_key, title, assigned, deadline, updates, done_on in PLAN_TASKS:
        task = _task(commission, units[owner_key], title, assigned, deadline, document=plan)
        _progress(task, updates, done_on)
    inherited = _task(
        commission,
        units[OLD_COMMUNE],
        "Hoàn thiện, nâng cấp cụm loa truyền thanh ở các thôn, buôn đồng bào dân tộc thiểu số theo Đề án số 04-ĐA/TU",
        D(2025, 3, 10),
        D(2025, 11, 30),
        document=older_plan,
        description="Ưu tiên buôn Ea Kmar và buôn Cư Dluê.",
    )
    _progress(inherited, [(D(2025, 5, 20), "Đã khảo sát, lập dự toán cho 4 cụm loa.", 20)], None)
    _inspections(units, plan)
    return Task.objects.filter(issuer=commission).count()


def _inspections(units: dict[str, Unit], plan: Document) -> None:
    commission = units[COMMISSION]
    fields = {f.code: f for f in FieldOfWork.objects.filter(code__in=["tuyen-truyen", "hoc-tap-quan-triet"])}
    earlier, created = Inspection.objects.get_or_create(
        inspecting_unit=commission,
        title="Kiểm tra đột xuất công tác tuyên truyền miệng tại xã Hòa Khánh",
        defaults={
            "kind": Inspection.Kind.AD_HOC,
            "subject_field": fields.get("tuyen-truyen"),
            "starts_on": D(2024, 9, 10),
            "ends_on": D(2024, 9, 10),
            "findings": "Hội nghị báo cáo viên được duy trì hằng tháng; tài liệu tuyên truyền cập nhật chậm.",
            "closed_on": D(2024, 9, 30),
        },
    )
    if created:
        InspectionMember.objects.create(
            inspection=earlier, name="Trần Thị Bình", position="Chuyên viên", role=InspectionMember.Role.HEAD
        )
        InspectedUnit.objects.create(
            inspection=earlier,
            unit=units[OLD_COMMUNE],
            visit_on=D(2024, 9, 10),
            findings="Thiếu tài liệu sinh hoạt chi bộ quý III; loa truyền thanh ở 2 buôn hỏng.",
            closed_on=D(2024, 9, 30),
        )
        _task(
            commission,
            units[OLD_COMMUNE],
            "Bổ sung tài liệu sinh hoạt chi bộ quý III/2024 cho các chi bộ thôn, buôn",
            D(2024, 9, 30),
            D(2024, 10, 31),
            inspection=earlier,
        )
        Task.objects.filter(inspection=earlier).update(status=Task.Status.DONE, done_on=D(2024, 10, 25))
    inspection, created = Inspection.objects.get_or_create(
        inspecting_unit=commission,
        title="Kiểm tra việc thực hiện Kế hoạch số 45-KH/BTGDVTU tại Đảng bộ xã Hòa Phú",
        defaults={
            "kind": Inspection.Kind.PERIODIC,
            "subject_document": plan,
            "subject_field": fields.get("hoc-tap-quan-triet"),
            "starts_on": D(2025, 10, 14),
            "ends_on": D(2025, 10, 16),
            "findings": "Đảng ủy xã đã ban hành kế hoạch thực hiện kịp thời; việc học tập chuyên đề ở một số chi "
            "bộ thôn, buôn còn hình thức, tỷ lệ đảng viên tham dự chưa cao.",
            "closed_on": D(2025, 10, 30),
        },
    )
    if not created:
        return
    for order, (name, position, role) in enumerate(
        [
            ("Nguyễn Văn An", "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy", InspectionMember.Role.HEAD),
            ("Trần Thị Bình", "Chuyên viên", InspectionMember.Role.MEMBER),
            ("Đỗ Minh Quang", "Chuyên viên", InspectionMember.Role.SECRETARY),
        ]
    ):
        InspectionMember.objects.create(inspection=inspection, name=name, position=position, role=role, order=order)
    InspectedUnit.objects.create(
        inspection=inspection,
        unit=units[COMMUNE],
        visit_on=D(2025, 10, 15),
        findings="Đã học tập chuyên đề ở 12/18 chi bộ; biên bản sinh hoạt chưa ghi ý kiến thảo luận.",
        closed_on=D(2025, 10, 30),
    )
    for title, deadline in [
        ("Hoàn thành học tập chuyên đề ở 6 chi bộ thôn, buôn còn lại", D(2025, 12, 15)),
        ("Chấn chỉnh việc ghi biên bản sinh hoạt chuyên đề ở các chi bộ", D(2026, 3, 31)),
    ]:
        _task(commission, units[COMMUNE], title, D(2025, 10, 30), deadline, inspection=inspection)
