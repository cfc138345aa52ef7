"""The papers of a meeting in the official layout (HD 36, ``tuyengiao.lib.officedoc``).

* ``invitation``: giấy mời (DOCX), "Số    -GM/…": who is invited (the bridge points' units and the
  guests), time, venue and mode, the bridge points, the agenda and the documents to study;
* ``attendance``: the attendance sheet (XLSX), one sheet for the main venue and one per bridge point,
  columns STT / Họ và tên / Chức vụ / Đơn vị / Ký tên; the main venue's sheet lists the chairs and
  guests first, each bridge point's its leader; blank numbered rows follow, as many as the expected
  attendance (20 when unknown) so the sheet can be printed and signed;
* ``conclusions``: thông báo kết luận (DOCX), "Số    -TB/…": the meeting, the results and limitations
  it found, then the conclusions and the numbered tasks "Một là, …", with owners and deadlines.

Each paper is dated by its own issue date (``Meeting.invitation_date``, ``Meeting.notice_date``: as entered,
else the meeting's date), never by the day it is downloaded, and its header names the organiser as it was
called on that date (the attendance sheet: on the meeting date): a commission appears under
its party committee ("TỈNH ỦY LÂM ĐỒNG / BAN TUYÊN GIÁO"), a committee under its Party
organisation ("ĐẢNG BỘ TỈNH SÓC TRĂNG / TỈNH ỦY SÓC TRĂNG"). The number is left blank for the
office to fill in, as reports do. Units the paper names (invited bridge points, task owners, recipients) are
named as on the paper's date; the opening sentence of the notice names the organiser as on the meeting's day.

**Who signs** (``signature_block``) decides the block, and the signer's full name is printed under it:
``Meeting.signer_role`` as entered, else read from the first chair's position ("Trưởng Ban …" signs as the
head, "Phó Trưởng Ban …" for the head), else the office's usual block (a commission's deputy "K/T TRƯỞNG BAN /
PHÓ TRƯỞNG BAN", a committee's "T/L BAN THƯỜNG VỤ / CHÁNH VĂN PHÒNG"). For a commission the head signs
"TRƯỞNG BAN", a deputy "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN", a collective signature is "T/M <the commission's
name on the paper's date> / TRƯỞNG BAN"; a committee signs "T/M BAN THƯỜNG VỤ / BÍ THƯ" (or "PHÓ BÍ THƯ"). The
name is ``Meeting.signer_name``, else the chair whose position gave the block.

A numbered task reads "Một là, tiếp tục …": the task's first letter is lowered after the comma unless the first
word is a proper name or an abbreviation (``clause``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tuyengiao.lib import officedoc, spreadsheets
from tuyengiao.lib.ordinals import ordinal_phrase
from tuyengiao.lib.text import fold
from tuyengiao.meetings.models import Meeting
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Level, names, nearest_day

BLANK_ROWS = 20


@dataclass(frozen=True)
class Heading:
    superior: str
    issuer: str
    issuer_name: str  # the organiser's full name that day, for sentences
    symbol: str
    place: str
    signature: tuple[str, ...]
    commission: bool = False


# Words that keep their capital after "Một là, ": proper names that open a task ("Đảng", "Nhà nước", "Ban
# Thường vụ", "Tỉnh ủy", "Chủ tịch Hồ Chí Minh", …), folded. A first word in capitals ("HĐND") or followed by a
# capitalised word ("Mặt trận Tổ quốc") keeps it too.
PROPER_STARTS = (
    "dang ",
    "dang,",
    "nha nuoc",
    "bac ho",
    "chu tich ho chi minh",
    "tu tuong ho chi minh",
    "ban thuong vu",
    "ban chap hanh",
    "ban tuyen giao",
    "ban dan van",
    "thuong truc",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang uy",
    "uy ban",
    "quoc hoi",
    "chinh phu",
    "trung uong",
    "viet nam",
    "mat tran",
)

# A document named by its type: "Nghị quyết Đại hội XIII", "Chỉ thị số 05-CT/TW" keep their capital.
DOCUMENT_TYPES = {
    "nghi quyet",
    "chi thi",
    "ket luan",
    "quy dinh",
    "huong dan",
    "ke hoach",
    "quyet dinh",
    "thong bao",
    "de an",
    "chuong trinh",
}


def clause(text: str) -> str:
    """A task as it reads after "Một là, ": "Tiếp tục quán triệt" → "tiếp tục quán triệt"; proper names and
    abbreviations keep their capitals ("Đảng ủy các xã …", "HĐND …", "Nghị quyết Đại hội …")."""
    text = text.strip()
    words = text.split()
    if not words or not words[0][0].isupper():
        return text
    first = words[0].strip(",.;:")
    if len(first) > 1 and first.isupper():
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    if f"{fold(text)} ".startswith(PROPER_STARTS):
        return text
    named = len(words) > 2 and fold(" ".join(words[:2])) in DOCUMENT_TYPES  # "Nghị quyết …", "Chỉ thị …"
    if named and (words[2][:1].isupper() or fold(words[2]) == "so"):  # "… Đại hội XIII", "… số 05-CT/TW"
        return text
    return text[0].lower() + text[1:]


Role = Meeting.SignerRole


def role_from_position(position: str) -> str:
    """The signing role a chair's position implies ("" when it says nothing)."""
    text = fold(position).strip()
    if text.startswith(("pho truong ban", "pho bi thu")):
        return Role.DEPUTY
    if text.startswith(("truong ban", "bi thu")):
        return Role.HEAD
    return ""


def signature_block(meeting: Meeting, head: Heading) -> tuple[list[str], str]:
    """The signature lines and the signer's name of ``meeting``'s papers (see the module docstring)."""
    role, name = meeting.signer_role, meeting.signer_name.strip()
    if not role:
        for chair in meeting.chairs.all()[:1]:
            role = role_from_position(chair.position)
            if role and not name:
                name = chair.name.strip()
    lines: dict[str, list[str]]
    if head.commission:
        lines = {
            Role.HEAD: ["TRƯỞNG BAN"],
            Role.DEPUTY: ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
            Role.COLLECTIVE: [f"T/M {head.issuer.upper()}", "TRƯỞNG BAN"],
            Role.OFFICE: ["T/L TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"],
        }
    else:
        lines = {
            Role.HEAD: ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
            Role.DEPUTY: ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"],
            Role.COLLECTIVE: ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
            Role.OFFICE: ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"],
        }
    return lines.get(role, list(head.signature)), name


def heading(meeting: Meeting, date: dt.date | None = None) -> Heading:
    """The organiser as it was called on ``date`` (the paper's date; default the meeting's): its name, its
    superior and place. A unit our records do not know that day is named as on the nearest day they do
    (``nearest_day``), never by its latest name."""
    day = nearest_day(meeting.organiser, date or meeting.date)
    unit = meeting.organiser
    version = unit.version_on(day)
    name = version.name if version else str(unit)
    chain = tree.ancestors(unit, day)
    province = next((v for v in [*chain, version] if v is not None and v.unit.level == Level.PROVINCE), None)
    if province is not None and province.unit.kind == Kind.COMMISSION:
        province = chain[-1] if chain else None
    place = officedoc.place_name(province.area_name) if province and province.area_name else officedoc.place_name(name)
    if unit.kind == Kind.COMMISSION and version is not None and version.parent is not None:
        parent = version.parent.version_on(nearest_day(version.parent, day))
        parent_name = parent.name if parent else str(version.parent)
        issuer = name.removesuffix(f" {parent_name}").strip()
        symbol = officedoc.issuer_symbol(unit.level, issuer)
        return Heading(parent_name, issuer, name, symbol, place, ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), True)
    area = version.area_name if version else ""
    superior = f"Đảng bộ {area[0].lower()}{area[1:]}" if area else (chain[-1].name if chain else "")
    symbol = officedoc.issuer_symbol(unit.level)
    return Heading(superior, name, name, symbol, place, ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"))


def _when(meeting: Meeting) -> str:
    """ "08 giờ 00, ngày 20/07/2023", or "ngày 20/07/2023" when the hour was not recorded."""
    start = timezone.localtime(meeting.starts_at)
    if not meeting.timed:
        return f"ngày {start:%d/%m/%Y}"
    text = f"{start:%H} giờ {start:%M}, ngày {start:%d/%m/%Y}"
    if meeting.ends_at:
        end = timezone.localtime(meeting.ends_at)
        text = f"Từ {start:%H} giờ {start:%M} đến {end:%H} giờ {end:%M}, ngày {start:%d/%m/%Y}"
    return text


def _names(meeting: Meeting, day: dt.date | None = None) -> dict[int, str]:
    """The units a paper names, as on ``day`` (the paper's date; default the meeting's)."""
    ids = (
        {meeting.organiser_id}
        | set(meeting.bridge_points.values_list("unit_id", flat=True))
        | set(meeting.tasks.values_list("owner_id", flat=True))
    )
    return names(ids, day or meeting.date)


def _chairs(meeting: Meeting) -> str:
    """ "đồng chí Nguyễn Thị A - Trưởng Ban …; đồng chí …" ("" without chairs)."""
    return "; ".join(
        f"đồng chí {c.name} - {c.position}" if c.name else f"đồng chí {c.position}" for c in meeting.chairs.all()
    )


def _chair_phrase(meeting: Meeting) -> str:
    chairs = _chairs(meeting)
    if not chairs:
        return ""
    lead = "đồng chủ trì" if meeting.chairs.count() > 1 else "chủ trì"
    return f"{chairs} {lead} hội nghị"


def invitation(meeting: Meeting) -> bytes:
    head = heading(meeting, meeting.invitation_date)
    names = _names(meeting, meeting.invitation_date)
    document = officedoc.new_document()
    officedoc.header(
        document,
        superior=head.superior,
        issuer=head.issuer,
        number=f"Số      -GM/{head.symbol}",
        place=head.place,
        date=meeting.invitation_date,
    )
    p = officedoc.para
    p(document, "GIẤY MỜI", size=15, bold=True, align="center", before=18)
    p(document, f"Dự {meeting.title[0].lower()}{meeting.title[1:]}", bold=True, align="center")
    p(document, "-----", align="center", after=6)
    p(document, f"{head.issuer_name} trân trọng kính mời:", indent=True, after=6)
    invited = [names.get(b.unit_id, "") for b in meeting.bridge_points.all()]
    invited += [", ".join(x for x in (g.name, g.position, g.unit_text) if x) for g in meeting.guests.all()]
    for line in invited or ["…………………………………………………………"]:
        p(document, f"- {line}", indent=True)
    p(document, f"Tới dự: {meeting.title}.", indent=True, before=6)
    p(document, f"Thời gian: {_when(meeting)}.", indent=True)
    p(document, f"Hình thức: {meeting.get_mode_display().lower()}.", indent=True)
    if meeting.venue:
        p(document, f"Địa điểm (điểm cầu chính): {meeting.venue}.", indent=True)
    bridges = list(meeting.bridge_points.all())
    if bridges:
        p(document, "Các điểm cầu trực tuyến:", indent=True)
        for bridge in bridges:
            where = f" – {bridge.venue}" if bridge.venue else ""
            p(document, f"+ {names.get(bridge.unit_id, '')}{where}", indent=True)
    chairs = _chairs(meeting)
    if chairs:
        label = "Đồng chủ trì" if ";" in chairs else "Chủ trì"
        p(document, f"{label}: {chairs}.", indent=True)
    agenda = list(meeting.agenda.all())
    if agenda:
        p(document, "Nội dung:", indent=True)
        for index, item in enumerate(agenda, start=1):
            by = f" ({item.presenter})" if item.presenter else ""
            p(document, f"{index}. {item.title}{by}", indent=True)
    documents = list(meeting.documents.order_by("issue_date", "code"))
    if documents:
        p(document, "Tài liệu nghiên cứu trước:", indent=True)
        for doc in documents:
            p(document, f"- {doc.type_name} số {doc.code}: {doc.subject}", indent=True)
    request = "Đề nghị các đồng chí sắp xếp công việc tham dự đúng thời gian, thành phần"
    if bridges or meeting.mode != Meeting.Mode.IN_PERSON:  # only a bridged meeting has lines to test
        request += "; các điểm cầu kiểm tra đường truyền trước giờ họp 30 phút"
    p(document, f"{request}.", indent=True, before=6)
    recipients = ["Như trên,", f"Lưu {head.issuer}."]
    lines, signer = signature_block(meeting, head)
    officedoc.signature(document, recipients=recipients, lines=lines, signer=signer)
    return officedoc.to_bytes(document)


def conclusions(meeting: Meeting) -> bytes:
    head = heading(meeting, meeting.notice_date)
    names = _names(meeting, meeting.notice_date)
    on_the_day = _names(meeting)
    document = officedoc.new_document()
    officedoc.header(
        document,
        superior=head.superior,
        issuer=head.issuer,
        number=f"Số      -TB/{head.symbol}",
        place=head.place,
        date=meeting.notice_date,
    )
    p = officedoc.para
    chairs = list(meeting.chairs.all())
    p(document, "THÔNG BÁO", size=15, bold=True, align="center", before=18)
    if chairs:
        first = chairs[0]
        who = f"đồng chí {first.name} - {first.position}" if first.name else f"đồng chí {first.position}"
        p(document, f"Kết luận của {who}", bold=True, align="center")
        p(document, f"tại {meeting.title[0].lower()}{meeting.title[1:]}", bold=True, align="center")
    else:
        p(document, f"Kết luận {meeting.title[0].lower()}{meeting.title[1:]}", bold=True, align="center")
    p(document, "-----", align="center", after=6)
    start = timezone.localtime(meeting.starts_at)
    organiser = on_the_day.get(meeting.organiser_id) or head.issuer_name  # as named on the meeting's day
    opening = f"Ngày {start:%d/%m/%Y}, {organiser} tổ chức {meeting.title[0].lower()}{meeting.title[1:]}"
    opening += f" theo hình thức {meeting.get_mode_display().lower()}"
    bridges = [names.get(b.unit_id, "") for b in meeting.bridge_points.all()]
    if bridges:
        joined = "; ".join(on_the_day.get(b.unit_id, "") for b in meeting.bridge_points.all())
        opening += f", kết nối với {len(bridges)} điểm cầu ({joined})"
    opening += "."
    p(document, opening, indent=True)
    chair_text = _chair_phrase(meeting)
    if chair_text:
        p(document, f"{chair_text[0].upper()}{chair_text[1:]}.", indent=True)
    speeches = meeting_speeches_count(meeting)
    if speeches:
        p(document, f"Hội nghị đã nghe {speeches} ý kiến phát biểu, tham luận.", indent=True)
    lead = "đồng chí chủ trì hội nghị" if chairs else "hội nghị"
    p(document, f"Sau khi nghe các báo cáo và ý kiến phát biểu, {lead} kết luận như sau:", indent=True, after=6)
    number = 0
    for title, body in (("Kết quả đạt được", meeting.results), ("Hạn chế, nguyên nhân", meeting.limitations)):
        if not body.strip():
            continue
        number += 1
        p(document, f"{number}. {title}", bold=True, indent=True).paragraph_format.keep_with_next = True
        for line in (x.strip() for x in body.splitlines()):
            if line:
                p(document, line, indent=True)
    tasks = list(meeting.tasks.order_by("number", "pk"))
    if meeting.conclusions.strip() or tasks:
        number += 1
        p(document, f"{number}. Nhiệm vụ trọng tâm thời gian tới", bold=True, indent=True)
        for line in (x.strip() for x in meeting.conclusions.splitlines()):
            if line:
                p(document, line, indent=True)
        for index, task in enumerate(tasks, start=1):
            words = ordinal_phrase(task.number or index)
            text = clause(task.title).rstrip(".")
            tail = []
            if task.owner_id != meeting.organiser_id:
                tail.append(f"đơn vị chủ trì: {names.get(task.owner_id, '')}")
            if task.deadline:
                tail.append(f"thời hạn: {task.deadline:%d/%m/%Y}")
            suffix = f" ({'; '.join(tail)})" if tail else ""
            paragraph = p(document, "", indent=True)
            officedoc.run_font(paragraph.add_run(f"{words}, "), bold=True)
            officedoc.run_font(paragraph.add_run(f"{text}{suffix}."))
    p(
        document,
        f"{head.issuer_name} thông báo để các cơ quan, đơn vị biết, triển khai thực hiện.",
        indent=True,
        before=6,
    )
    recipients = [*(f"{b}," for b in bridges if b), "Các đồng chí dự hội nghị,", f"Lưu {head.issuer}."]
    lines, signer = signature_block(meeting, head)
    officedoc.signature(document, recipients=recipients, lines=lines, signer=signer)
    return officedoc.to_bytes(document)


def meeting_speeches_count(meeting: Meeting) -> int:
    recorded = meeting.speeches.count()
    return max(meeting.speeches_reported or 0, recorded)


def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(ch for ch in text if ch not in "[]:*?/\\")[:28].strip() or "Điểm cầu"
    title, n = clean, 2
    while title.lower() in used:
        title = f"{clean[:25]} {n}"
        n += 1
    used.add(title.lower())
    return title


def attendance(meeting: Meeting) -> bytes:
    from openpyxl.styles import Alignment, Border, Font, Side

    head = heading(meeting)
    names = _names(meeting)
    book, _first = spreadsheets.new_workbook("Điểm cầu chính")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=officedoc.FONT, bold=True, size=12)
    normal = Font(name=officedoc.FONT, size=12)
    used: set[str] = set()
    start = timezone.localtime(meeting.starts_at)

    def sheet_for(title: str, place: str, people: list[tuple[str, str, str]], expected: int | None) -> None:
        sheet = book.active if not used else book.create_sheet()
        sheet.title = _sheet_title(title, used)
        spreadsheets.put(sheet, "A1", head.issuer_name.upper())
        sheet["A1"].font = bold
        sheet["A2"] = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"
        sheet["A2"].font = Font(name=officedoc.FONT, bold=True, size=14)
        spreadsheets.put(sheet, "A3", meeting.title)
        hour = f"{start:%H:%M} " if meeting.timed else ""
        spreadsheets.put(sheet, "A4", f"Thời gian: {hour}ngày {start:%d/%m/%Y} – {place}")
        for row in range(1, 5):
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
            if row > 2:
                sheet.cell(row=row, column=1).font = normal
        header_row = 6
        for col, text in enumerate(("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Ký tên"), start=1):
            cell = sheet.cell(row=header_row, column=col, value=text)
            cell.font, cell.border = bold, border
            cell.alignment = Alignment(horizontal="center", vertical="center")
        total = max(len(people), expected or 0) or BLANK_ROWS
        for index in range(total):
            name, position, unit = people[index] if index < len(people) else ("", "", "")
            values = (index + 1, name, position, unit, "")
            for col, value in enumerate(values, start=1):
                cell = spreadsheets.put(sheet, f"{spreadsheets.column_letter(col)}{header_row + 1 + index}", value)
                cell.font, cell.border = normal, border
                cell.alignment = Alignment(vertical="center", wrap_text=True, horizontal="center" if col == 1 else None)
            sheet.row_dimensions[header_row + 1 + index].height = 24
        for letter, width in zip("ABCDE", (6, 28, 30, 32, 16), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "portrait"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0

    main_people = [(c.name, c.position, head.issuer_name) for c in meeting.chairs.all()]
    main_people += [(g.name, g.position, g.unit_text) for g in meeting.guests.all()]
    place = f"Điểm cầu chính: {meeting.venue}" if meeting.venue else "Điểm cầu chính"
    sheet_for("Điểm cầu chính", place, main_people, meeting.attendees)
    for bridge in meeting.bridge_points.all():
        unit_name = names.get(bridge.unit_id, "")
        people = [(bridge.leader, "Chủ trì điểm cầu", unit_name)] if bridge.leader else []
        where = f"Điểm cầu {unit_name}" + (f": {bridge.venue}" if bridge.venue else "")
        sheet_for(unit_name, where, people, bridge.attendees)
    return spreadsheets.to_bytes(book)
