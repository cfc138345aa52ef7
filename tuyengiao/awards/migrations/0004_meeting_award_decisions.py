"""Carry the meetings' stand-in award decisions (``meetings.AwardDecision``: a registry document and a count
text) over into award decisions of the emulation cycle, before ``meetings`` drops that model.

Each becomes a ``Decision`` of the organiser's cycle for the meeting's period year (created when missing), with
the registry document, its number and date, the meeting, and the old count text kept as the decision's note.
The award form is read from the document's subject; "Giấy khen của Trưởng Ban" when nothing else matches."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _form_code(text: str) -> str:
    text = text.lower()
    if "kỷ niệm chương" in text:
        return "kyniemchuong-tuyen-giao"
    if "bằng khen" in text:
        if "trung ương" in text:
            return "bang-khen-ban-tw"
        if "ủy ban nhân dân" in text or "ubnd" in text:
            return "bang-khen-chu-tich-ubnd"
        return "bang-khen-btv-tinh-uy"
    return "giay-khen-truong-ban"


def forward(apps: Any, schema_editor: Any) -> None:
    AwardDecision = apps.get_model("meetings", "AwardDecision")
    AwardForm = apps.get_model("awards", "AwardForm")
    EmulationCycle = apps.get_model("awards", "EmulationCycle")
    Decision = apps.get_model("awards", "Decision")
    for row in AwardDecision.objects.select_related("meeting", "document").order_by("pk"):
        meeting, document = row.meeting, row.document
        period = (meeting.period or "")[:4]
        year = int(period) if period.isdigit() else (document.issue_date or meeting.starts_at.date()).year
        cycle, _created = EmulationCycle.objects.get_or_create(
            unit_id=meeting.organiser_id, year=year, defaults={"title": f"Thi đua năm {year}"}
        )
        form = AwardForm.objects.filter(code=_form_code(f"{document.subject} {row.summary}")).first()
        if form is None:  # the catalogue is loaded by 0002; an emptied catalogue leaves nothing to attach to
            form = AwardForm.objects.order_by("order").first()
        if form is None:
            continue
        Decision.objects.create(
            cycle=cycle,
            award_form=form,
            number=document.code,
            document=document,
            issued_on=document.issue_date,
            subject=document.subject[:500],
            meeting=meeting,
            note=row.summary,
        )


def backward(apps: Any, schema_editor: Any) -> None:
    AwardDecision = apps.get_model("meetings", "AwardDecision")
    Decision = apps.get_model("awards", "Decision")
    for order, decision in enumerate(
        Decision.objects.filter(meeting__isnull=False, document__isnull=False).exclude(note="").order_by("pk")
    ):
        AwardDecision.objects.get_or_create(
            meeting_id=decision.meeting_id,
            document_id=decision.document_id,
            defaults={"order": order, "summary": decision.note[:300]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_collective_name_notes_comment_result"),
        ("meetings", "0002_meeting_record"),
    ]

    operations = [migrations.RunPython(forward, backward)]
