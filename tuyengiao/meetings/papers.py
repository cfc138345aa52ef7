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
office to fill in, as reports do. Documents are signed "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN" for a
commission and "T/L BAN THƯỜNG VỤ / CHÁNH VĂN PHÒNG" for a committee.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tuyengiao.lib import officedoc, spreadsheets
from tuyengiao.lib.ordinals import ordinal_phrase
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
        return Heading(parent_name, issuer, name, symbol, place, ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"))
    area = version.area_name if version else ""
    superior = f"Đảng bộ {area[0].lower()}{area[1:]}" if area else (chain[-1].name if chain else "")
    symbol = officedoc.issuer_symbol(unit.level)
    return Heading(superior, name, name, symbol, place, ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"))


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    text = f"{start:%H} giờ {start:%M}, ngày {start:%d/%m/%Y}"
    if meeting.ends_at:
        end = timezone.localtime(meeting.ends_at)
        text = f"Từ {start:%H} giờ {start:%M} đến {end:%H} giờ {end:%M}, ngày {start:%d/%m/%Y}"
    return text


def _names(meeting: Meeting) -> dict[int, str]:
    ids = (
        {meeting.organiser_id}
        | set(meeting.bridge_points.values_list("unit_id", flat=True))
        | set(meeting.tasks.values_list("owner_id", flat=True))
    )
    return names(ids, meeting.date)


def _chair_phrase(meeting: Meeting) -> str:
    chairs = list(meeting.chairs.all())
    if not chairs:
        return ""
    parts = [f"đồng chí {c.name} - {c.position}" if c.name else f"đồng chí {c.position}" for c in chairs]
    lead = "đồng chủ trì" if len(chairs) > 1 else "chủ trì"
    return f"{'; '.join(parts)} {lead} hội nghị"


def invitation(meeting: Meeting) -> bytes:
    head = heading(meeting, meeting.invitation_date)
    names = _names(meeting)
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
    chairs = _chair_phrase(meeting)
    if chairs:
        p(document, f"Chủ trì: {chairs.removesuffix(' hội nghị')}.", indent=True)
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
    p(
        document,
        "Đề nghị các đồng chí sắp xếp công việc tham dự đúng thời gian, thành phần; các điểm cầu kiểm tra "
        "đường truyền trước giờ họp 30 phút.",
        indent=True,
        before=6,
    )
    recipients = ["Như trên,", f"Lưu {head.issuer}."]
    officedoc.signature(document, recipients=recipients, lines=list(head.signature))
    return officedoc.to_bytes(document)


def conclusions(meeting: Meeting) -> bytes:
    head = heading(meeting, meeting.notice_date)
    names = _names(meeting)
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
    organiser = names.get(meeting.organiser_id) or head.issuer_name  # the organiser as named on the meeting's day
    opening = f"Ngày {start:%d/%m/%Y}, {organiser} tổ chức {meeting.title[0].lower()}{meeting.title[1:]}"
    opening += f" theo hình thức {meeting.get_mode_display().lower()}"
    bridges = [names.get(b.unit_id, "") for b in meeting.bridge_points.all()]
    if bridges:
        opening += f", kết nối với {len(bridges)} điểm cầu ({'; '.join(bridges)})"
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
            text = task.title.strip().rstrip(".")
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
    recipients = [*(b for b in bridges if b), "Các đồng chí dự hội nghị,", f"Lưu {head.issuer}."]
    officedoc.signature(document, recipients=recipients, lines=list(head.signature))
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
        spreadsheets.put(sheet, "A4", f"Thời gian: {start:%H:%M} ngày {start:%d/%m/%Y} – {place}")
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
