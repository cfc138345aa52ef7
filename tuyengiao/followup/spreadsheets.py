"""The follow-up view as XLSX: one sheet per owner unit's counts, one sheet of overdue tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from tuyengiao.lib import spreadsheets

if TYPE_CHECKING:
    from tuyengiao.followup.views import FollowUp


def follow_up_xlsx(data: FollowUp) -> bytes:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book, sheet = spreadsheets.new_workbook(_("Theo dõi"))
    bold = Font(bold=True, name="Times New Roman", size=12)
    normal = Font(name="Times New Roman", size=12)
    title = _("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO %(unit)s GIAO") % {"unit": data.issuer_name.upper()}
    spreadsheets.append(sheet, [title])
    sheet["A1"].font = Font(bold=True, name="Times New Roman", size=14)
    scope = _("Tính đến ngày %(day)s") % {"day": data.day.strftime("%d/%m/%Y")}
    if data.start or data.end:
        scope += " · " + _("thời hạn từ %(start)s đến %(end)s") % {
            "start": data.start.strftime("%d/%m/%Y") if data.start else "…",
            "end": data.end.strftime("%d/%m/%Y") if data.end else "…",
        }
    sheet.append([scope])
    sheet["A2"].font = Font(italic=True, name="Times New Roman", size=12)
    sheet.append([])
    headers = [
        _("TT"),
        _("Đơn vị chủ trì"),
        _("Tổng số"),
        _("Đã hoàn thành"),
        _("Trong đó: hoàn thành trễ hạn"),
        _("Quá hạn"),
        _("Đang thực hiện"),
        _("Chưa thực hiện"),
        _("Tỷ lệ hoàn thành (%)"),
    ]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    rows = [*data.rows, data.totals]
    for number, row in enumerate(rows, start=1):
        rate = round(row.done * 100 / row.total, 1) if row.total else None
        spreadsheets.append(
            sheet,
            [
                number if row is not rows[-1] else "",
                row.name,
                row.total,
                row.done,
                row.done_late,
                row.overdue,
                row.in_progress,
                row.not_started,
                rate,
            ],
        )
        for cell in sheet[sheet.max_row]:
            cell.font = bold if row is rows[-1] else normal
        sheet.cell(row=sheet.max_row, column=9).number_format = "0.0"
    for index, width in enumerate([5, 45, 10, 12, 14, 10, 12, 12, 12], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    late = book.create_sheet(_("Quá hạn")[:31])
    late.append([_("TT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời hạn"), _("Số ngày quá hạn")])
    for cell in late[1]:
        cell.font = bold
    for number, task in enumerate(data.late, start=1):
        row_values = [number, task.title, task.owner_name, task.deadline, task.days_late]  # type: ignore[attr-defined]
        spreadsheets.append(late, row_values)  # the deadline shown dd/mm/yyyy
        for cell in late[late.max_row]:
            cell.font = normal
    for index, width in enumerate([5, 70, 40, 12, 12], start=1):
        late.column_dimensions[get_column_letter(index)].width = width
    return spreadsheets.to_bytes(book)
