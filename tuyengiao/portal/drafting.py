"""From record to article ("Đăng tin"): a draft news article written from a recorded conference, a study session
or an award decision, for an editor to finish and submit.

The facts are those of the record **as of its date**: unit names as they were that day (``units.models.names``),
the chairs' positions as recorded, the date written dd/mm/yyyy. A document cited links to the portal's public
library page (``/cong/<portal>/van-ban/<pk>/``) only when the document is public; an internal one is named by
its number as plain text. The draft goes in the section "Tin hoạt động của Ban" (slug ``tin-hoat-dong``, else
the portal's first section), with ``source_kind``/``source_id`` naming the record and a CREATED event "Soạn từ
…". Drafting twice from one record opens the article already drafted (whatever became of it) instead of a copy.

The portal of a record is the one whose territory holds the record's unit (the meeting's organiser, the award
cycle's unit): that unit or one of its ancestors today. No such portal, no "Đăng tin".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, format_html

from tuyengiao.awards.models import Award, Decision
from tuyengiao.documents.models import Document
from tuyengiao.followup.models import Task
from tuyengiao.lib.text import fold, one_line
from tuyengiao.meetings.models import Meeting
from tuyengiao.portal import services
from tuyengiao.portal.models import Article, Portal, Section
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, names

NEWS_SECTION = "tin-hoat-dong"
NUMBER_WORDS = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]


def portal_for(unit: Unit | int, today: dt.date | None = None) -> Portal | None:
    """The active portal whose territory holds ``unit`` today (the nearest one: a province's before the centre's)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    today = today or timezone.localdate()
    above = list(Unit.objects.filter(pk__in=tree.ancestor_ids(unit_id, today)).values_list("pk", flat=True))
    chain = [unit_id, *above]
    found = {p.territory_id: p for p in Portal.objects.filter(is_active=True, territory_id__in=chain)}
    if not found:
        return None
    # the nearest: the candidate whose territory is below the others (its own ancestors include them)
    if len(found) == 1:
        return next(iter(found.values()))
    for territory_id, portal in found.items():
        ancestors = set(Unit.objects.filter(pk__in=tree.ancestor_ids(territory_id, today)).values_list("pk", flat=True))
        if set(found) - {territory_id} <= ancestors:
            return portal
    return next(iter(found.values()))


def existing(portal: Portal, kind: str, pk: int) -> Article | None:
    return Article.objects.filter(portal=portal, source_kind=kind, source_id=pk).order_by("pk").first()


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _document_ref(portal: Portal, document: Document) -> str:
    label = f"{document.type_name} số {document.code}" if document.type_name else document.code
    if document.visibility == Document.Visibility.PUBLIC:
        link = format_html('<a href="/cong/{}/van-ban/{}/">{}</a>', portal.slug, document.pk, label)
    else:
        link = escape(label)
    subject = one_line(document.subject)
    return f"{link} {escape(subject[:1].lower() + subject[1:])}" if subject else str(link)


def _section(portal: Portal) -> Section:
    section = Section.objects.filter(portal=portal, slug=NEWS_SECTION).first() or portal.sections.first()
    assert section is not None, "a portal always has sections (Portal.open_for)"
    return section


def _create(portal: Portal, user: Any, kind: str, pk: int, title: str, summary: str, body: str, note: str) -> Article:
    article = Article(
        portal=portal,
        section=_section(portal),
        title=one_line(title)[:300],
        summary=summary,
        body=body,
        author_name=getattr(user, "full_name", "") or "",
        source_kind=kind,
        source_id=pk,
    )
    services.save_article(article, user, note=note)
    return article


def meeting_facts(meeting: Meeting, portal: Portal) -> tuple[str, str, str]:
    """(title, summary, body) of a news article on ``meeting`` (a conference or a study session)."""
    day = meeting.date
    chairs = list(meeting.chairs.all())
    points = list(meeting.bridge_points.all())
    labels = names([meeting.organiser_id, *(p.unit_id for p in points)], day)
    organiser = labels.get(meeting.organiser_id, str(meeting.organiser))
    study = meeting.kind == Meeting.Kind.STUDY_SESSION
    when = _date(day)
    if meeting.start_time:
        when = f"{meeting.start_time:%H} giờ {meeting.start_time:%M} ngày {when}".replace(" giờ 00 ", " giờ ")
    else:
        when = f"ngày {when}"
    where = f" tại {meeting.venue}" if meeting.venue else ""
    what = "hội nghị học tập, quán triệt" if study else "hội nghị"
    name = meeting.title
    if fold(name).startswith(fold(what.split(",")[0])):  # "Hội nghị tổng kết …": not "hội nghị Hội nghị …"
        what, name = "", name[:1].lower() + name[1:]
    lead = f"{when[:1].upper()}{when[1:]}, {organiser} tổ chức {what + ' ' if what else ''}{name}{where}"
    if meeting.mode != Meeting.Mode.IN_PERSON and points:
        lead += f", trực tuyến đến {len(points)} điểm cầu"
    lead += "."
    # The lead (when, where, who organised) is the summary (sapo); the body goes on from there.
    paragraphs: list[str] = []
    named = [f"{c.name}, {c.position}" if c.name else c.position for c in chairs if c.name or c.position]
    if len(named) == 1:
        paragraphs.append(f"<p>{escape(f'Đồng chí {named[0]} chủ trì hội nghị.')}</p>")
    elif named:
        paragraphs.append(f"<p>{escape('Các đồng chí ' + '; '.join(named) + ' đồng chủ trì hội nghị.')}</p>")
    if points:
        listed = ", ".join(labels.get(p.unit_id, str(p.unit)) for p in points)
        attendance = sum((p.attendees or 0) for p in points) + (meeting.attendees or 0)
        text = f"Hội nghị được kết nối tới {len(points)} điểm cầu: {listed}."
        if attendance:
            text += f" Tổng số đại biểu dự tại các điểm cầu là {attendance:,}".replace(",", ".") + " người."
        paragraphs.append(f"<p>{escape(text)}</p>")
    elif meeting.attendees:
        paragraphs.append(f"<p>{escape(f'Dự hội nghị có {meeting.attendees:,} đại biểu.'.replace(',', '.'))}</p>")
    documents = list(meeting.documents.order_by("issue_date", "pk"))
    if documents:
        refs = [_document_ref(portal, d) for d in documents]
        verb = "Tại hội nghị, đại biểu đã được học tập, quán triệt" if study else "Hội nghị đã thảo luận"
        if len(refs) == 1:
            paragraphs.append(f"<p>{escape(verb)} {refs[0]}.</p>")
        else:
            items = "".join(f"<li>{r};</li>" for r in refs)
            paragraphs.append(f"<p>{escape(verb)} các văn bản:</p><ul>{items}</ul>")
    if meeting.results:
        paragraphs.append(f"<p>{escape(one_line(meeting.results))}</p>")
    speeches = meeting.speeches_reported or meeting.speeches.count()
    if speeches:
        paragraphs.append(f"<p>{escape(f'Hội nghị đã nghe {speeches} ý kiến phát biểu, tham luận.')}</p>")
    tasks = list(Task.objects.filter(meeting=meeting).order_by("number", "pk"))
    if meeting.conclusions or tasks:
        chair = chairs[0] if chairs else None
        who = f"đồng chí {chair.name}" if chair and chair.name else "đồng chí chủ trì"
        intro = f"Phát biểu kết luận hội nghị, {who} đề nghị các cấp ủy, tổ chức đảng tập trung thực hiện tốt "
        intro += "các nhiệm vụ sau:" if tasks else "các nhiệm vụ đã đề ra."
        if meeting.conclusions:
            paragraphs.append(f"<p>{escape(one_line(meeting.conclusions))}</p>")
        paragraphs.append(f"<p>{escape(intro)}</p>")
        if tasks:
            rows = []
            for i, task in enumerate(tasks, start=1):
                n = task.number or i
                word = NUMBER_WORDS[n - 1] if 0 < n <= len(NUMBER_WORDS) else str(n)
                text = one_line(task.title).rstrip(".;")
                end = "." if i == len(tasks) else ";"
                rows.append(f"<p><strong>{word} là,</strong> {escape(text[:1].lower() + text[1:])}{end}</p>")
            paragraphs.extend(rows)
    decisions = list(Decision.objects.filter(meeting=meeting).with_counts().select_related("award_form").order_by("pk"))
    for decision in decisions:
        paragraphs.append(f"<p>{escape(_decision_sentence(decision, at_meeting=True))}</p>")
    summary = lead
    title = meeting.title
    return title, summary, "\n".join(paragraphs)


def _decision_sentence(decision: Decision, at_meeting: bool = False) -> str:
    count = decision.count_text or ""
    form = str(decision.award_form) if decision.award_form_id else "khen thưởng"
    number = f" số {decision.number}" if decision.number else ""
    signed = f" ngày {_date(decision.issued_on)}" if decision.issued_on else ""
    head = "Dịp này, " if at_meeting else ""
    sentence = f"{head}{'c' if at_meeting else 'C'}ông bố Quyết định{number}{signed} tặng {form}"
    return sentence + (f" cho {count}." if count else ".")


def decision_facts(decision: Decision, portal: Portal) -> tuple[str, str, str]:
    day = decision.record_date
    awards = list(
        Award.objects.filter(decision=decision, revoked_on__isnull=True).select_related("person", "award_form")
    )
    labels = names({a.unit_id for a in awards} | {decision.cycle.unit_id}, day)
    organiser = labels.get(decision.cycle.unit_id, str(decision.cycle.unit))
    decision_counts = Decision.objects.filter(pk=decision.pk).with_counts().first() or decision
    form = str(decision.award_form)
    number = f" số {decision.number}" if decision.number else ""
    signed = f" ngày {_date(decision.issued_on)}" if decision.issued_on else ""
    signer = f", do {decision.signer_title.capitalize()} {decision.signer_name} ký" if decision.signer_name else ""
    lead = f"{organiser} ban hành Quyết định{number}{signed}{signer}, tặng {form}"
    count = decision_counts.count_text
    lead += f" cho {count}" if count else ""
    lead += f" ({one_line(decision.subject)})." if decision.subject else "."
    paragraphs: list[str] = []  # the lead is the summary
    collectives = [a for a in awards if a.person_id is None]
    people = [a for a in awards if a.person_id is not None]
    if collectives:
        items = "".join(
            f"<li>{escape(a.collective_name or labels.get(a.unit_id, str(a.unit)))}</li>" for a in collectives
        )
        paragraphs.append(f"<p>Các tập thể được khen thưởng:</p><ul>{items}</ul>")
    if people:
        items = "".join(
            f"<li>{escape(a.person.full_name if a.person else '')}, {escape(labels.get(a.unit_id, str(a.unit)))}</li>"
            for a in people
        )
        paragraphs.append(f"<p>Các cá nhân được khen thưởng:</p><ul>{items}</ul>")
    if decision.meeting_id and decision.meeting is not None:
        meeting = decision.meeting
        paragraphs.append(
            f"<p>{escape(f'Quyết định được công bố tại {meeting.title} ngày {_date(meeting.date)}.')}</p>"
        )
    title = f"Khen thưởng: {decision.subject}" if decision.subject else f"Trao {form}"
    return title, lead, "\n".join(paragraphs)


@transaction.atomic
def draft_from_meeting(meeting: Meeting, portal: Portal, user: Any) -> tuple[Article, bool]:
    """(article, created): the draft on ``meeting`` (a study session gets its own source kind)."""
    kind = Article.Source.STUDY_SESSION if meeting.kind == Meeting.Kind.STUDY_SESSION else Article.Source.MEETING
    found = existing(portal, kind, meeting.pk)
    if found is not None:
        return found, False
    title, summary, body = meeting_facts(meeting, portal)
    note = f"Soạn từ hội nghị “{meeting.title}” ngày {_date(meeting.date)}"
    return _create(portal, user, kind, meeting.pk, title, summary, body, note), True


@transaction.atomic
def draft_from_decision(decision: Decision, portal: Portal, user: Any) -> tuple[Article, bool]:
    kind = Article.Source.AWARD_DECISION
    found = existing(portal, kind, decision.pk)
    if found is not None:
        return found, False
    title, summary, body = decision_facts(decision, portal)
    note = f"Soạn từ quyết định khen thưởng {decision.number or decision.subject}"
    return _create(portal, user, kind, decision.pk, title, summary, body, note), True
