"""Every URL pattern × every persona: records of another province answer 404, lists and exports leak nothing.

Each persona is sent to every pattern of ``tuyengiao.urls`` once (a POST-only view, answering GET with 405, is
sent one empty POST instead). Path parameters are filled with the ids of records belonging to a province the
persona cannot read: Lâm Đồng's records for the Đắk Lắk personas, Đắk Lắk's for Lâm Đồng's specialist. Those
records carry a marker in their titles and names; no page, list, export or feed a persona receives may contain
the marker of the other province. Patterns without an object id are requested too and must not fail (5xx).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tuyengiao.accounts.models import Membership, User
from tuyengiao.analytics.models import Pin
from tuyengiao.api.models import ApiToken
from tuyengiao.awards.models import (
    Award,
    AwardForm,
    Bloc,
    CouncilMember,
    Decision,
    EmulationCycle,
    Nomination,
    Vote,
)
from tuyengiao.documents.models import Attachment, Document, DocumentRelation
from tuyengiao.followup.models import InspectedUnit, Inspection, Task, TaskEvidence, TaskUpdate
from tuyengiao.meetings.models import CalendarFeed, Meeting, Speech
from tuyengiao.networks.models import CollaboratorCount, Exemplar, OpinionMonth
from tuyengiao.outputs.models import Issue, IssueFile, Recipient
from tuyengiao.people.models import Person, Posting
from tuyengiao.portal.models import Article, ArticleEvent, ArticleImage, Contributor, Portal, Tag, Thread
from tuyengiao.reports import demo as report_demo
from tuyengiao.reports.models import ImportJob, Item, Report
from tuyengiao.units.models import Unit, UnitVersion

PERSONAS = ("leader", "specialist", "commune1", "commune2", "viewer", "outsider")
MARKERS = {"lam_dong": "ZQLD7319", "dak_lak": "ZQDL7319"}

# Administration of accounts: every non-administrator is refused (403) on every id alike, existing or not, so
# the answer tells nothing about a record (tests/accounts asserts the 403).
ADMINISTRATION = {
    "accounts:user_list",
    "accounts:user_create",
    "accounts:user_edit",
    "accounts:membership_add",
    "accounts:user_reset_password",
    "accounts:user_unlock",
    "accounts:user_reset_two_factor",
    "accounts:user_history",
    "accounts:membership_edit",
    "accounts:membership_delete",
    "accounts:unit_search",
    # API tokens of others and service accounts (tuyengiao/api/views.py)
    "accounts:api_tokens_admin",
    "accounts:api_token_admin_create",
    "accounts:api_token_admin_revoke",
    "accounts:service_account_create",
}
# The API (namespace "api") authenticates with bearer tokens only: a signed-in session gets 401 on every operation,
# whatever the id. tests/api/test_isolation.py walks every operation with a token, a body and If-Match.
API_OPEN = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# A few pages of the foreign records, opened by their owner: the walk's ids and markers are the real thing.
OWN_PAGES = (
    "documents:detail",
    "meetings:detail",
    "followup:detail",
    "followup:inspection_detail",
    "awards:cycle",
    "outputs:detail",
    "portal:edit",
    "portal:preview",
)

# Patterns whose ids are not records of a unit: the national report configuration (forms and indicators are
# the same for everyone; only administrators may change them).
NATIONAL = {
    "reports:indicator_edit",
    "reports:form_edit",
    "reports:form_version",
    "reports:form_version_create",
    # the form-version editing steps (one URL per action): national configuration, administrators only
    "reports:version_section_add",
    "reports:version_section_remove",
    "reports:version_section_up",
    "reports:version_section_down",
    "reports:version_item_add",
    "reports:version_item_remove",
    "reports:version_item_up",
    "reports:version_item_down",
}


@dataclass
class World:
    """One record of each kind, owned by one province (its commission, or a commune below it)."""

    marker: str
    ids: dict[str, Any] = field(default_factory=dict)


def _commune(province: Unit, day: dt.date) -> Unit:
    version = (
        UnitVersion.objects.as_of(day).filter(parent=province, unit__level="commune").order_by("unit__key").first()
    )
    assert version is not None
    return version.unit  # type: ignore[return-value]


def notifications_of_world(user: User, marker: str) -> int:
    """A notification of the world's specialist (only they may open it), carrying the marker."""
    from tuyengiao.reports import notifications
    from tuyengiao.reports.models import Notification

    notifications.notify([user], Notification.Kind.REMINDER, f"Nhắc việc {marker}", "/bao-cao/")
    return Notification.objects.filter(user=user).latest("pk").pk


def build_world(name: str, province: Unit, commission: Unit, user: User, number: int) -> World:
    marker = MARKERS[name]
    today = timezone.localdate()
    commune = _commune(province, today)
    world = World(marker)
    ids = world.ids
    ids["unit"] = province.pk
    ids["user"] = user.pk
    ids["membership"] = Membership.objects.filter(user=user).first().pk  # type: ignore[union-attr]
    ids["notification"] = notifications_of_world(user, marker)
    ids["api_token"] = ApiToken.issue(user, f"Mã {marker}", created_by=user)[0].pk

    document = Document(
        owner=commission,
        issuer_unit=commission,
        issue_date=dt.date(2025, 8, 1),
        subject=f"Kế hoạch nội bộ {marker}",
        visibility=Document.Visibility.INTERNAL,
    )
    document.set_code(f"{number}-KH/BTGTU")
    document.save()
    other = Document(
        owner=commission, issuer_unit=commission, issue_date=dt.date(2025, 8, 2), subject=f"Hướng dẫn {marker}"
    )
    other.set_code(f"{number + 1}-HD/BTGTU")
    other.save()
    ids["document"] = document.pk
    ids["attachment"] = Attachment.objects.create(
        document=document,
        file="van-ban/x.pdf",
        original_name=f"{marker}.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=10,
        sha256="0" * 64,
    ).pk
    ids["relation"] = DocumentRelation.objects.create(source=other, target=document, kind="implements").pk

    starts = timezone.now() + dt.timedelta(days=1)
    meeting = Meeting.objects.create(
        organiser=commission, kind=Meeting.Kind.BRIEFING, title=f"Giao ban {marker}", starts_at=starts
    )
    ids["meeting"] = meeting.pk
    ids["speech"] = Speech.objects.create(meeting=meeting, title=f"Tham luận {marker}").pk
    ids["lecturers_meeting"] = Meeting.objects.create(
        organiser=commission, kind=Meeting.Kind.LECTURERS, title=f"Hội nghị báo cáo viên {marker}", starts_at=starts
    ).pk
    ids["collaborators"] = CollaboratorCount.objects.create(
        unit=commission, as_of=dt.date(2025, 8, 1), province_level=7, decision=f"QĐ {marker}"
    ).pk
    ids["opinion_month"] = OpinionMonth.objects.create(unit=commission, month=dt.date(2025, 8, 1)).pk
    ids["exemplar"] = Exemplar.objects.create(
        unit=commission, name=f"Mô hình {marker}", programme="ct05", year=2025, registered_on=dt.date(2025, 8, 1)
    ).pk

    task = Task.objects.create(
        issuer=commission,
        owner=commune,
        title=f"Nhiệm vụ {marker}",
        assigned_on=dt.date(2025, 8, 1),
        deadline=today + dt.timedelta(days=5),
        document=document,
        meeting=meeting,
    )
    ids["task"] = task.pk
    update = TaskUpdate.objects.create(task=task, date=dt.date(2025, 8, 5), text=f"Tiến độ {marker}")
    ids["evidence"] = TaskEvidence.objects.create(
        update=update,
        file="minh-chung/x.pdf",
        original_name=f"{marker}.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=10,
        sha256="1" * 64,
    ).pk
    inspection = Inspection.objects.create(
        inspecting_unit=commission,
        title=f"Kiểm tra {marker}",
        starts_on=dt.date(2025, 8, 1),
        ends_on=dt.date(2025, 8, 30),
        subject_document=document,
    )
    ids["inspection"] = inspection.pk
    ids["inspected"] = InspectedUnit.objects.create(inspection=inspection, unit=commune).pk

    person = Person.objects.create(full_name=f"Nguyễn Văn {marker}")
    ids["person"] = person.pk
    ids["posting"] = Posting.objects.create(
        person=person, unit=commission, position="Chuyên viên", from_date=dt.date(2020, 1, 1)
    ).pk

    forms = report_demo.ensure_forms()
    form = forms[report_demo.MONTHLY_FORM]
    version = form.versions.order_by("number").first()
    assert version is not None
    ids["form"] = form.code
    ids["period"] = "2025M08"
    ids["report"] = Report.objects.create(
        form=form,
        version=version,
        unit=commune,
        period="2025M08",
        period_start=dt.date(2025, 8, 1),
        period_end=dt.date(2025, 8, 31),
    ).pk
    ids["job"] = ImportJob.objects.create(
        user=user, unit=commune, form=form, period="2025M08", file="nhap/x.xlsx", original_name=f"{marker}.xlsx"
    ).pk

    # A figure the world's user pinned to their dashboard: nobody else may unpin it (404).
    indicator = Item.objects.filter(section__version__form=form).order_by("pk").first().indicator
    ids["pin"] = Pin.objects.create(
        user=user, form=form, indicator_code=indicator.code, unit=province, period_type=form.period_type
    ).pk

    award_form = AwardForm.objects.filter(kind=AwardForm.Kind.AWARD).order_by("pk").first()
    assert award_form is not None
    cycle = EmulationCycle.objects.create(unit=commission, year=2025, title=f"Thi đua {marker}")
    ids["cycle"] = cycle.pk
    member = CouncilMember.objects.create(cycle=cycle, full_name=f"Hội đồng {marker}")
    ids["member"] = member.pk
    ids["bloc"] = Bloc.objects.create(cycle=cycle, name=f"Khối {marker}").pk
    nomination = Nomination.objects.create(
        cycle=cycle, award_form=award_form, unit=commune, person=person, achievements=f"Thành tích {marker}"
    )
    ids["nomination"] = nomination.pk
    ids["vote"] = Vote.objects.create(nomination=nomination, member=member, agree=True).pk
    decision = Decision.objects.create(cycle=cycle, award_form=award_form, subject=f"Quyết định {marker}")
    ids["decision"] = decision.pk
    Award.objects.create(
        decision=decision, nomination=nomination, award_form=award_form, unit=commune, person=person, reason=marker
    )
    issue = Issue.objects.create(
        issuer=commission,
        kind=Issue.Kind.BULLETIN,
        period="2025M08",
        issued_on=dt.date(2025, 8, 3),
        title=f"Bản tin {marker}",
        number="Số 08/2025",
        copies_printed=100,
    )
    ids["issue"] = issue.pk
    ids["recipient"] = Recipient.objects.create(issue=issue, unit=commune, copies=10).pk
    # The portal of the province (its desk: articles, images, contributors, sections; "Đăng tin" from records).
    portal = Portal.open_for(commission, province, f"cong-{name}", "Cổng thông tin")
    ids["portal_slug"] = portal.slug
    section = portal.sections.first()
    assert section is not None
    ids["section"] = section.pk
    article = Article.objects.create(
        portal=portal, section=section, slug="tin", title=f"Tin {marker}", body=f"<p>{marker}</p>", created_by=user
    )
    ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.CREATED, actor=user, note=marker)
    ids["article"] = article.pk
    ids["article_image"] = ArticleImage.objects.create(
        portal=portal,
        article=article,
        file="portal/x.png",
        original_name=f"{marker}.png",
        content_type="image/png",
        extension=".png",
        size=10,
        sha256="3" * 64,
        width=1,
        height=1,
        alt=f"Ảnh {marker}",
    ).pk
    ids["contributor"] = Contributor.objects.create(portal=portal, user=user).pk
    ids["issue_file"] = IssueFile.objects.create(
        issue=issue,
        file="ban-tin/x.pdf",
        original_name=f"{marker}.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=10,
        sha256="2" * 64,
    ).pk
    # The public portal (/cong/, no login): the province's portal with a draft (and its image) carrying the marker;
    # its public pages open for everyone, the draft, its image and the internal document are 404 at every URL.
    draft = Article.objects.create(
        portal=portal, section=portal.sections.first(), slug="ban-nhap", title=f"Bản nháp {marker}"
    )
    ids["draft_article"] = draft.pk
    ids["article_slug"] = draft.slug
    ids["section_slug"] = portal.sections.first().slug  # type: ignore[union-attr]
    ids["tag_slug"] = Tag.objects.create(portal=portal, slug="so-ket", name="Sơ kết").slug
    ids["thread_slug"] = Thread.objects.create(portal=portal, slug="hoi-nghi", title="Hội nghị").slug
    ids["draft_image"] = ArticleImage.objects.create(
        portal=portal,
        article=draft,
        file="portal/x.jpg",
        original_name=f"{marker}.jpg",
        content_type="image/jpeg",
        extension="jpg",
        size=10,
        sha256="3" * 64,
        width=10,
        height=10,
        alt=marker,
    ).pk
    return world


# The public portal's patterns whose id names a record: in the walk, one that is not public (a draft, its image, an
# internal document and its file): 404 for everyone. Its other pages (home, sections, feeds, library, search) answer
# 200 to everyone and never show what is not public.
PUBLIC_RECORDS = {
    "public:article",
    "public:print",
    "public:image",
    "public:count_article",
    "public:rate",
    "public:document",
    "public:download",
    "public:preview",
    "public:count_document",
}

# Which record a path parameter names, by pattern (``None``: by the parameter's name alone).
PARAMETERS: dict[str, dict[str, str]] = {
    "accounts:membership_edit": {"pk": "membership"},
    "accounts:membership_delete": {"pk": "membership"},
    "accounts:api_token_revoke": {"pk": "api_token"},
    "accounts:api_token_admin_revoke": {"pk": "api_token"},
    "documents:attachment_download": {"attachment_pk": "attachment"},
    "documents:attachment_delete": {"attachment_pk": "attachment"},
    "documents:relation_delete": {"pk": "document", "relation_pk": "relation"},
    "reports:review": {"pk": "report"},
    "awards:decision_revoke": {"pk": "decision", "award": "decision"},  # the decision is foreign: 404 first
    "reports:review_accept": {"pk": "report"},
    "reports:review_return": {"pk": "report"},
    "reports:review_reopen": {"pk": "report"},
    "reports:import_job": {"pk": "job"},
    "reports:import_progress": {"pk": "job"},
    "meetings:speech_file": {"speech_pk": "speech"},
    "followup:evidence": {"file_pk": "evidence"},
    "followup:document_tasks": {"pk": "document"},
    "followup:inspected_unit_edit": {"pk": "inspection", "row_pk": "inspected"},
    "followup:unit_inspections": {"unit_pk": "unit"},
    "dissemination:sessions": {"pk": "document"},
    "awards:pledge_file": {"pk": "cycle"},
    "awards:member_edit": {"pk": "cycle"},
    "awards:member_delete": {"pk": "cycle"},
    "awards:vote_delete": {"pk": "nomination"},
    "outputs:file": {"file_pk": "issue_file"},
    "outputs:read": {"recipient": "recipient"},
    "outputs:relayed": {"recipient": "recipient"},
    "analytics:map_province": {"pk": "unit"},  # a province's ranked units (the map's drill-down)
    # the portal desk: ``slug`` is the portal's address, ``pk`` an article (or the record "Đăng tin" drafts from)
    "portal:image": {"image_pk": "article_image"},
    "portal:image_update": {"image_pk": "article_image"},
    "portal:image_delete": {"image_pk": "article_image"},
    "portal:contributor_remove": {"contributor": "contributor"},
    "portal:section_update": {"section": "section"},
    "portal:draft_meeting": {"pk": "meeting"},
    "portal:draft_decision": {"pk": "decision"},
    "public:image": {"pk": "draft_image"},
    "public:document": {"pk": "document"},
    "public:download": {"pk": "document", "attachment_pk": "attachment"},
    "public:preview": {"pk": "document", "attachment_pk": "attachment"},
    "public:count_document": {"pk": "document"},
    "analytics:pin_up": {"pk": "pin"},  # moving another user's pin: 404
    "analytics:pin_down": {"pk": "pin"},
}
BY_APP = {  # what ``pk`` names in each area
    "accounts": "user",
    "units": "unit",
    "documents": "document",
    "meetings": "meeting",
    "followup": "task",
    "people": "person",
    "dissemination": "document",
    "awards": "cycle",
    "outputs": "issue",
    "front": "notification",
    "networks": "exemplar",
    "analytics": "pin",
    "portal": "article",
    "public": "draft_article",
}
PK_BY_PATTERN = {
    "followup:inspection_detail": "inspection",
    "followup:inspection_edit": "inspection",
    "followup:recommendation_add": "inspection",
    "people:posting_end": "posting",
    "awards:nomination": "nomination",
    "awards:nomination_withdraw": "nomination",
    "awards:decision": "decision",
    "awards:decision_file": "decision",
    "networks:roster": "lecturers_meeting",
    "networks:roster_save": "lecturers_meeting",
    "networks:count_edit": "collaborators",
    "networks:count_save": "collaborators",
    "networks:month_edit": "opinion_month",
    "networks:month_save": "opinion_month",
}


def patterns(resolvers: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str, list[str]]]:
    """(route, "namespace:name", parameter names) of every pattern."""
    out = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            out += patterns(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            out.append((route, f"{namespace}:{entry.name}", re.findall(r"<(?:\w+:)?(\w+)>", route)))
    return out


def fill(route: str, name: str, world: World, token: str) -> str:
    app = name.split(":")[0]

    def value(match: re.Match[str]) -> str:
        converter, param = match.group(1) or "", match.group(2)
        record = PARAMETERS.get(name, {}).get(param)
        if record is None and param == "pk":
            record = PK_BY_PATTERN.get(name) or BY_APP[app]
        if record is None and app == "portal" and param == "slug":
            record = "portal_slug"
        if record is None and param in {"unit", "unit_pk"}:
            record = "unit"
        if record is None and param in {"member", "bloc", "vote", "form", "period"}:
            record = param
        if record is None and app == "public" and param in {"slug", "article_slug", "section_slug", "tag_slug"}:
            record = "portal_slug" if param == "slug" else param
        if record is None and app == "public" and param == "thread_slug":
            record = param
        if record is None and param == "number":
            return "1"
        if param == "what":
            return {"people": "cong-tac", "awards": "dang-ky"}.get(app, "docx")
        if param == "fmt":
            return "xlsx"
        if param == "page":  # the user guide (docs/huong-dan/): no records, the same for everyone
            return "vai-tro-xa"
        if param == "name":
            return "trang-chu-xa.png"
        if param == "token":
            return token
        assert record is not None, (name, param, converter)
        return str(world.ids[record])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def texts(response: Any) -> str:
    """The response's text, with the members of an XLSX/DOCX (zip) unpacked."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


@pytest.fixture
def worlds(personas: Any, settings: Any, tmp_path: Any) -> dict[str, World]:
    settings.MEDIA_ROOT = tmp_path
    from tuyengiao.awards.catalogue import ensure_catalogue

    ensure_catalogue(AwardForm)
    lam_dong_commission = Unit.objects.get(key="com:p:68")
    return {
        "lam_dong": build_world("lam_dong", personas.lam_dong, lam_dong_commission, personas.outsider, 9101),
        "dak_lak": build_world("dak_lak", personas.province, personas.commission, personas.specialist, 9201),
    }


def test_every_url_answers_404_for_another_provinces_records_and_leaks_nothing(personas, worlds):
    routes = patterns(get_resolver().url_patterns)
    assert len(routes) > 100
    failures: list[str] = []
    for persona in PERSONAS:
        user = getattr(personas, persona)
        foreign = worlds["dak_lak" if persona == "outsider" else "lam_dong"]
        client = personas.client(user)
        token = CalendarFeed.objects.get_or_create(user=user)[0].token
        for route, name, params in routes:
            if name in NATIONAL:
                continue
            if name.startswith("api:") and name not in API_OPEN:
                url = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
                response = client.get(url)
                if response.status_code == 405:
                    response = client.post(url)
                if response.status_code != 401 or response.json().get("code") != "unauthenticated":
                    failures.append(f"{persona} {name} {url} → {response.status_code} (a session is not an API token)")
                continue
            url = fill(route, name, foreign, token)
            response = client.get(url)
            if response.status_code == 405 and name != "accounts:logout":  # the walk stays signed in
                response = client.post(url)
            status = response.status_code
            not_ids = {"what", "fmt", "token", "form", "period", "number", "page", "name"}  # page, name: the guide
            scoped_ids = [p for p in params if p not in not_ids]
            where = f"{persona} {name} {url} → {status}"
            if name in ADMINISTRATION:
                unknown = re.sub(r"/\d+/", "/987654/", url)
                if status != 403 or client.get(unknown).status_code != 403:
                    failures.append(f"{where} (administration answers 403 to everyone but administrators)")
            elif status >= 500:
                failures.append(where)
            elif name.startswith("public:"):
                if status != (404 if name in PUBLIC_RECORDS else 200):
                    failures.append(f"{where} (the public portal: 404 for what is not public, else 200)")
                elif status == 200 and foreign.marker in texts(response):
                    failures.append(f"{where} (the public portal shows what is not public)")
            elif scoped_ids and status != 404:
                failures.append(f"{where} (expected 404)")
            elif status == 403:
                failures.append(f"{where} (403 tells that the record exists)")
            elif status == 200 and foreign.marker in texts(response):
                failures.append(f"{where} (shows the other province's records)")
    assert not failures, "\n".join(failures)


def test_the_walks_records_open_for_their_own_province(personas, worlds):
    """The control of the walk above: the same URLs show the records to a user of their province."""
    routes = {name: route for route, name, _params in patterns(get_resolver().url_patterns)}
    for persona, world in [("outsider", worlds["lam_dong"]), ("specialist", worlds["dak_lak"])]:
        client = personas.client(getattr(personas, persona))
        for name in OWN_PAGES:
            response = client.get(fill(routes[name], name, world, ""))
            assert response.status_code == 200, (persona, name)
            assert world.marker in texts(response), (persona, name)


def test_the_public_portal_answers_anonymous_readers_and_hides_what_is_not_public(personas, worlds):
    """Every /cong/ pattern without signing in: the records of the walk that are not public (a draft, its image, an
    internal document and its file) are 404; the other pages answer 200 and never show them. The sitemap too."""
    from django.test import Client

    routes = [r for r in patterns(get_resolver().url_patterns) if r[1].startswith("public:") or r[1] == ":sitemap"]
    assert len(routes) > 15
    failures: list[str] = []
    client = Client()
    for world in worlds.values():
        for route, name, _params in routes:
            url = fill(route, name, world, "")
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url)
            status = response.status_code
            expected = 404 if name in PUBLIC_RECORDS else 200
            if status != expected:
                failures.append(f"anonymous {name} {url} → {status} (expected {expected})")
            elif status == 200 and world.marker in texts(response):
                failures.append(f"anonymous {name} {url} shows what is not public")
            if response.cookies:
                failures.append(f"anonymous {name} {url} sets cookies {sorted(response.cookies)}")
    assert not failures, "\n".join(failures)
