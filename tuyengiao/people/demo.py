"""Demo people of Đắk Lắk (run by ``manage.py load_demo``): staffing norms, staff of the district committees
(until 30/06/2025), of the provincial commission and of the new communes, lecturers and trainings.

**Every person here is fictitious**: the names are generic Vietnamese names combined at random, no real
person is meant. The staffing reproduces seed 004's "9/15 Ban Tuyên giáo cấp huyện bố trí biên chế đảm bảo
tối thiểu" for the districts of the old Đắk Lắk in 2021. Idempotent: nothing is added when the norms exist.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tuyengiao.people.models import LecturerRole, Person, Posting, StaffingNorm, Training
from tuyengiao.units.models import Kind, Level, Unit

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = {"male": ["Văn", "Hữu", "Đức", "Minh", "Quốc"], "female": ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]}
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phong", "Quang", "Sơn", "Tâm"],
    "female": ["Anh", "Châu", "Dung", "Hà", "Hằng", "Hoa", "Lan", "Linh", "Mai", "Nga", "Oanh", "Thảo", "Yến"],
}
NORM_BASIS = "Dữ liệu mẫu: định biên tối thiểu minh họa"


def fictitious_person(rng: random.Random) -> Person:
    """A person with a generic Vietnamese name combined at random (no real person is meant)."""
    gender = rng.choice(["male", "female"])
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    return Person(full_name=name, birth_year=rng.randint(1968, 1998), gender=gender)


@transaction.atomic
def ensure_people() -> int:
    """Create the demo people if the demo norms are missing; returns how many people were created."""
    if StaffingNorm.objects.filter(basis=NORM_BASIS).exists():
        return 0
    rng = random.Random(66)
    bulk_create_with_history(
        [
            StaffingNorm(
                unit_kind=Kind.PARTY_COMMITTEE,
                unit_level=Level.DISTRICT,
                minimum=3,
                valid_from=dt.date(2018, 1, 1),
                basis=NORM_BASIS,
            ),
            StaffingNorm(
                unit_kind=Kind.COMMISSION,
                unit_level=Level.PROVINCE,
                minimum=12,
                valid_from=dt.date(2018, 1, 1),
                basis=NORM_BASIS,
            ),
            StaffingNorm(
                unit_kind=Kind.PARTY_COMMITTEE,
                unit_level=Level.COMMUNE,
                minimum=2,
                valid_from=dt.date(2025, 7, 1),
                basis=NORM_BASIS,
            ),
        ],
        StaffingNorm,
    )
    districts = list(Unit.objects.filter(key__startswith="d:", versions__parent__key="p:66").distinct().order_by("key"))
    communes = list(
        Unit.objects.filter(key__startswith="c2025:", versions__parent__key="p:66").distinct().order_by("key")[:40]
    )
    commission = Unit.objects.get(key="com:p:66")
    plan: list[tuple[Person, Unit, str, dt.date, dt.date | None]] = []
    for index, district in enumerate(districts):
        # Nine districts staffed to the minimum (3), the others with 2: seed 004's 9/15.
        for k in range(3 if index < 9 else 2):
            position = "Trưởng Ban Tuyên giáo" if k == 0 else "Chuyên viên Ban Tuyên giáo"
            plan.append((fictitious_person(rng), district, position, dt.date(2019 + k % 2, 1, 1), dt.date(2025, 6, 30)))
    for k in range(13):
        position = ["Trưởng ban", "Phó Trưởng ban", "Phó Trưởng ban"][k] if k < 3 else "Chuyên viên"
        plan.append((fictitious_person(rng), commission, position, dt.date(2020 + k % 5, 3, 1), None))
    for commune in communes:
        for k in range(rng.choice([1, 2, 2, 3])):
            position = "Phó Trưởng Ban Xây dựng Đảng" if k == 0 else "Chuyên viên Ban Xây dựng Đảng"
            plan.append((fictitious_person(rng), commune, position, dt.date(2025, 7, 1), None))
    people = bulk_create_with_history([p for p, *_ in plan], Person)
    for person in people:  # bulk_create skips save(): fill the search and sort keys
        person.save()
    postings = [
        Posting(person=person, unit=unit, position=position, from_date=start, to_date=end)
        for person, (_p, unit, position, start, end) in zip(people, plan, strict=True)
    ]
    # District staff moved to the new communes on 01/07/2025 (a person can move units).
    moved = [(person, end) for person, (_p, _u, _pos, _s, end) in zip(people, plan, strict=True) if end][:20]
    for (person, _end), commune in zip(moved, communes, strict=False):
        postings.append(
            Posting(
                person=person, unit=commune, position="Chuyên viên Ban Xây dựng Đảng", from_date=dt.date(2025, 7, 1)
            )
        )
    bulk_create_with_history(postings, Posting)
    roles = []
    for person in people[len(districts) * 2 : len(districts) * 2 + 8]:
        roles.append(
            LecturerRole(
                person=person,
                level=LecturerRole.Level.PROVINCE,
                unit=commission,
                decision="215-QĐ/BTGTU (dữ liệu mẫu)",
                from_date=dt.date(2023, 1, 15),
            )
        )
    for person, commune in zip(people[-30:], communes, strict=False):
        level = LecturerRole.Level.GRASSROOTS if rng.random() < 0.4 else LecturerRole.Level.COMMUNICATOR
        roles.append(LecturerRole(person=person, level=level, unit=commune, from_date=dt.date(2025, 8, 1)))
    bulk_create_with_history(roles, LecturerRole)
    trainings = [
        Training(
            person=role.person,
            course="Bồi dưỡng nghiệp vụ báo cáo viên năm 2024",
            issuer="Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
            from_date=dt.date(2024, 5, 20),
            to_date=dt.date(2024, 5, 22),
        )
        for role in roles[:8]
    ]
    bulk_create_with_history(trainings, Training)
    return len(people)
