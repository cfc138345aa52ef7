"""The home page says what needs the user: reports to send or accept, returned ones, tasks, and leaders' figures."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.followup.conftest import make_task
from tests.reports.test_entry import form  # noqa: F401  (fixture)
from tuyengiao.front import worklist
from tuyengiao.lib.periods import Period
from tuyengiao.reports import services
from tuyengiao.reports.models import Report

TODAY = dt.date(2025, 10, 10)


def _section(work: worklist.WorkList, key: str) -> worklist.Section:
    return next(s for s in work.sections if s.key == key)


def _send(form, unit, user, code: str) -> Report:  # noqa: F811
    report = services.open_report(form, unit, Period.parse(code), user)[0]
    report = services.save_values(report, {"ht-buoi": "2"}, {}, user, expected_revision=report.revision)
    return services.submit(report, user)


def test_a_commune_sees_every_unsent_period_since_its_unit_began_newest_first(personas, form):  # noqa: F811
    _send(form, personas.commune_unit1, personas.commune1, "2025M08")
    section = _section(worklist.build(personas.commune1, TODAY), "to_submit")
    texts = [e.text for e in section.entries]
    # The ward exists from 01/07/2025 and the form from 2025M07; 2025M08 is sent; 2025M10 is running.
    assert texts == [f"{form.name} – {Period.parse(code).label}" for code in ("2025M10", "2025M09", "2025M07")]
    overdue = section.entries[-1]
    assert overdue.tone == "danger" and overdue.note == "Quá hạn 77 ngày (hạn 25/07/2025)"
    assert section.entries[0].note == "Hạn nộp 25/10/2025" and section.entries[0].tone == ""
    assert section.entries[0].url == reverse("reports:entry", args=[personas.commune_unit1.pk, form.code, "2025M10"])


def test_a_draft_stays_on_the_list_and_says_it_is_being_written(personas, form):  # noqa: F811
    services.open_report(form, personas.commune_unit1, Period.parse("2025M09"), personas.commune1)
    section = _section(worklist.build(personas.commune1, TODAY), "to_submit")
    assert "đang soạn" in next(e.note for e in section.entries if "Tháng 9 năm 2025" in e.text)


def test_a_returned_report_is_listed_with_the_reviewers_reason(personas, form):  # noqa: F811
    report = _send(form, personas.commune_unit1, personas.commune1, "2025M08")
    services.return_report(report, personas.leader, "Thiếu số buổi sinh hoạt chi bộ")
    section = _section(worklist.build(personas.commune1, TODAY), "returned")
    (entry,) = section.entries
    assert entry.note == "Lý do: Thiếu số buổi sinh hoạt chi bộ" and entry.tone == "danger"
    assert section.total == 1  # the count on the card's badge
    assert not _section(worklist.build(personas.commune2, TODAY), "returned").entries  # another commune


def test_a_leader_sees_what_waits_for_acceptance_counted_per_form_and_period(personas, form):  # noqa: F811
    _send(form, personas.commune_unit1, personas.commune1, "2025M08")
    _send(form, personas.commune_unit2, personas.commune2, "2025M08")
    _send(form, personas.commune_unit1, personas.commune1, "2025M09")
    section = _section(worklist.build(personas.leader, TODAY), "review")
    assert [(e.text, e.note) for e in section.entries] == [
        (f"{form.name} – Tháng 9 năm 2025", "1 báo cáo chờ tiếp nhận"),
        (f"{form.name} – Tháng 8 năm 2025", "2 báo cáo chờ tiếp nhận"),
    ]
    assert section.entries[1].url == f"{reverse('reports:queue')}?mau={form.code}&ky=2025M08"
    assert section.total == 3
    assert not _section(worklist.build(personas.outsider, TODAY), "review").entries  # another province
    assert not _section(worklist.build(personas.commune1, TODAY), "review").entries  # not a reviewer


def test_a_leader_sees_completeness_and_the_units_with_most_overdue_tasks(personas, form):  # noqa: F811
    _send(form, personas.commune_unit1, personas.commune1, "2025M08")  # 2025M09, the last closed month, has no data
    for n in range(3):
        make_task(personas.commission, personas.commune_unit2, f"Việc {n}", deadline=TODAY - dt.timedelta(days=3))
    glance = worklist.build(personas.leader, TODAY).glance
    assert glance is not None
    ((_name, label, sent, expected, link),) = [row for row in glance.completeness if row[0] == form.name]
    assert label == "Tháng 8 năm 2025" and sent == 1 and expected >= 2
    assert link == reverse("reports:completeness", args=[personas.province.pk, form.code, "2025M08"])
    assert glance.overdue_by_unit[0][1] == 3 and "Hòa Phú" in glance.overdue_by_unit[0][0]
    assert worklist.build(personas.commune1, TODAY).glance is None  # not a leader


def test_tasks_due_soon_or_overdue_are_listed_and_done_or_distant_ones_are_not(personas):
    today = timezone.localdate()
    late = make_task(personas.commission, personas.commune_unit1, "Quá hạn", deadline=today - dt.timedelta(days=2))
    make_task(personas.commission, personas.commune_unit1, "Sắp đến hạn", deadline=today + dt.timedelta(days=5))
    make_task(personas.commission, personas.commune_unit1, "Còn xa", deadline=today + dt.timedelta(days=60))
    make_task(
        personas.commission,
        personas.commune_unit1,
        "Đã xong",
        deadline=today - dt.timedelta(days=2),
        done_on=today - dt.timedelta(days=3),
    )
    make_task(personas.commission, personas.commune_unit2, "Của xã khác", deadline=today)
    section = _section(worklist.build(personas.commune1), "tasks")
    assert [e.text for e in section.entries] == ["Quá hạn", "Sắp đến hạn"]
    assert section.entries[0].tone == "danger" and section.entries[0].url.endswith(f"/{late.pk}/")


def test_the_home_page_shows_the_work_as_links_within_a_bounded_number_of_queries(
    personas,
    form,  # noqa: F811
    django_assert_max_num_queries,
):
    make_task(personas.commission, personas.commune_unit1, "Rà soát tủ sách", deadline=timezone.localdate())
    client = personas.client(personas.commune1)
    with django_assert_max_num_queries(50):
        html = client.get("/").content.decode()
    assert 'data-testid="work-to_submit"' in html and 'data-testid="work-tasks"' in html
    assert "Rà soát tủ sách" in html
    leader = personas.client(personas.leader)
    with django_assert_max_num_queries(50):
        html = leader.get("/").content.decode()
    assert 'data-testid="glance"' in html


def test_a_user_with_nothing_waiting_is_told_so(personas):
    html = personas.client(personas.outsider).get("/").content.decode()
    assert 'data-testid="nothing-to-do"' in html


def test_a_submitted_article_waits_on_the_leaders_list_and_a_returned_one_on_its_authors(personas):
    from tests.portal.conftest import make_article
    from tuyengiao.portal import services as portal_services
    from tuyengiao.portal.models import Article, Portal

    portal = Portal.open_for(personas.commission, personas.province, "dak-lak", "Cổng Đắk Lắk")
    article = make_article(
        portal, user=personas.commune1, title="Tin của phường", status=Article.Status.DRAFT, published_at=None
    )
    article = portal_services.submit(article, personas.commune1, article.revision)
    (entry,) = _section(worklist.build(personas.leader, TODAY), "portal").entries
    assert entry.text == "Chờ duyệt: Tin của phường" and entry.url == reverse("portal:edit", args=[article.pk])
    assert not _section(worklist.build(personas.commune1, TODAY), "portal").entries  # waiting, nothing to do
    assert not _section(worklist.build(personas.outsider, TODAY), "portal").entries  # another province
    portal_services.send_back(article, personas.leader, article.revision, "Bổ sung ảnh")
    (entry,) = _section(worklist.build(personas.commune1, TODAY), "portal").entries
    assert entry.note == "Trả lại để sửa: Bổ sung ảnh" and entry.tone == "danger"
    assert not _section(worklist.build(personas.leader, TODAY), "portal").entries
