"""Who was expected to report, who did (on time, late) and who did not; reminders; the review queue."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse

from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.reports import services
from tuyengiao.reports.models import Notification, Report

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def submitted(form, unit, user, when=None):  # noqa: F811
    report = services.open_report(form, unit, PERIOD, user)[0]
    report = services.save_values(report, {"ht-buoi": "1"}, {}, user, expected_revision=report.revision)
    report = services.submit(report, user)
    if when is not None:
        Report.objects.filter(pk=report.pk).update(submitted_at=when)
        report.refresh_from_db()
    return report


def url(name, personas, form):  # noqa: F811
    return reverse(f"reports:{name}", args=[personas.province.pk, form.code, PERIOD.code])


def test_102_communes_are_expected_in_dak_lak_for_august_2025(personas, form, django_assert_max_num_queries):  # noqa: F811
    submitted(form, personas.commune_unit1, personas.commune1, dt.datetime(2025, 8, 20, 9, tzinfo=TZ))  # deadline 25/08
    submitted(form, personas.commune_unit2, personas.commune2, dt.datetime(2025, 8, 28, 9, tzinfo=TZ))
    data = services.completeness(form, personas.province, PERIOD)
    assert (data.expected, data.on_time, data.late, data.missing) == (102, 1, 1, 100)
    assert data.deadline == dt.date(2025, 8, 25)
    client = personas.client(personas.leader)
    with django_assert_max_num_queries(20):
        response = client.get(url("completeness", personas, form))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="count-expected">102<' in html
    assert 'data-testid="count-missing">100<' in html
    assert "Nhắc các đơn vị chưa nộp" in html


def test_a_draft_does_not_count_as_submitted(personas, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    services.save_values(report, {"ht-buoi": "1"}, {}, personas.commune1, expected_revision=1)
    assert services.completeness(form, personas.province, PERIOD).missing == 102


def test_another_province_cannot_see_dak_lak_completeness(personas, form):  # noqa: F811
    assert personas.client(personas.outsider).get(url("completeness", personas, form)).status_code == 404
    assert personas.client(personas.outsider).post(url("remind", personas, form)).status_code == 404
    assert personas.client(personas.commune1).post(url("remind", personas, form)).status_code == 404


def test_reminding_notifies_the_members_of_missing_units_and_mails_them(personas, form):  # noqa: F811
    submitted(form, personas.commune_unit1, personas.commune1)
    personas.commune2.email = "xa2@example.vn"
    personas.commune2.save()
    response = personas.client(personas.leader).post(url("remind", personas, form))
    assert response.status_code == 302
    assert Notification.objects.filter(user=personas.commune2).count() == 1
    assert not Notification.objects.filter(user=personas.commune1).exists()  # already submitted
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xa2@example.vn"]
    assert "Tháng 8 năm 2025" in mail.outbox[0].body
    client = personas.client(personas.commune2)
    assert "Bạn có 1 thông báo chưa đọc." in client.get(reverse("reports:list")).content.decode()
    assert "Nhắc nộp báo cáo" in client.get(reverse("front:notices")).content.decode()


def test_the_queue_lists_submitted_reports_in_scope_oldest_first(personas, form, django_assert_max_num_queries):  # noqa: F811
    second = submitted(form, personas.commune_unit2, personas.commune2, dt.datetime(2025, 8, 22, tzinfo=TZ))
    first = submitted(form, personas.commune_unit1, personas.commune1, dt.datetime(2025, 8, 21, tzinfo=TZ))
    client = personas.client(personas.leader)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("reports:queue")).content.decode()
    assert html.index(reverse("reports:review", args=[first.pk])) < html.index(
        reverse("reports:review", args=[second.pk])
    )
    outsider = personas.client(personas.outsider)
    assert reverse("reports:review", args=[first.pk]) not in outsider.get(reverse("reports:queue")).content.decode()
    assert outsider.get(reverse("reports:review", args=[first.pk])).status_code == 404
    assert personas.client(personas.commune2).get(reverse("reports:review", args=[first.pk])).status_code == 404


def test_the_review_page_returns_accepts_and_reopens(personas, form):  # noqa: F811
    report = submitted(form, personas.commune_unit1, personas.commune1)
    client = personas.client(personas.leader)
    assert client.get(reverse("reports:review", args=[report.pk])).status_code == 200

    def post(step, **data):
        report.refresh_from_db()
        return client.post(reverse(f"reports:review_{step}", args=[report.pk]), {"revision": report.revision, **data})

    assert post("return", comment="").status_code == 400
    post("return", comment="Thiếu số liệu quý")
    report.refresh_from_db()
    assert report.status == "returned"
    entry = reverse("reports:entry", args=[personas.commune_unit1.pk, form.code, PERIOD.code])
    assert "Thiếu số liệu quý" in personas.client(personas.commune1).get(entry).content.decode()
    services.submit(report, personas.commune1)
    post("accept")
    report.refresh_from_db()
    assert report.status == "accepted"
    assert post("reopen", comment="").status_code == 400
    post("reopen", comment="Sửa số liệu theo kiểm tra")
    report.refresh_from_db()
    assert report.status == "returned"


def test_a_review_step_without_the_revision_is_refused(personas, form):  # noqa: F811
    report = submitted(form, personas.commune_unit1, personas.commune1)
    opened = report.revision
    response = personas.client(personas.leader).post(reverse("reports:review_accept", args=[report.pk]))
    assert response.status_code == 400
    assert "tải lại trang" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.revision) == ("submitted", opened)


def test_the_review_page_takes_no_post_and_each_step_refuses_anyone_but_a_reviewer(personas, form):  # noqa: F811
    report = submitted(form, personas.commune_unit1, personas.commune1)
    leader = personas.client(personas.leader)
    data = {"revision": report.revision, "comment": "Giả mạo"}
    assert leader.post(reverse("reports:review", args=[report.pk]), {"action": "accept", **data}).status_code == 405
    for step in ("accept", "return", "reopen"):
        target = reverse(f"reports:review_{step}", args=[report.pk])
        for who in (personas.commune1, personas.commune2, personas.outsider, personas.viewer):
            assert personas.client(who).post(target, data).status_code == 404, (step, who)
        assert leader.get(target).status_code == 405
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_queue_counts_per_form_and_period_filters_and_sorts(personas, form):  # noqa: F811
    first = submitted(form, personas.commune_unit1, personas.commune1, dt.datetime(2025, 8, 21, tzinfo=TZ))
    second = submitted(form, personas.commune_unit2, personas.commune2, dt.datetime(2025, 8, 22, tzinfo=TZ))
    client = personas.client(personas.leader)
    page = client.get(reverse("reports:queue")).content.decode()
    assert 'data-testid="queue-counts"' in page and f"{form.name} · Tháng 8 năm 2025" in page
    newest = client.get(reverse("reports:queue"), {"sap_xep": "-gui"}).content.decode()
    assert newest.index(f"bc-{second.pk}") < newest.index(f"bc-{first.pk}")
    one = client.get(reverse("reports:queue"), {"don_vi": personas.commune_unit1.pk}).content.decode()
    assert f"bc-{first.pk}" in one and f"bc-{second.pk}" not in one
    none = client.get(reverse("reports:queue"), {"ky": "2025M07"}).content.decode()
    assert "Không có báo cáo nào theo điều kiện lọc." in none
    services.accept(first, personas.leader)
    accepted = client.get(reverse("reports:queue"), {"trang_thai": "accepted"}).content.decode()
    assert reverse("reports:review", args=[first.pk]) in accepted and 'data-testid="queue-bulk"' not in accepted


def test_bulk_accept_and_return_are_all_or_nothing(personas, form):  # noqa: F811
    first = submitted(form, personas.commune_unit1, personas.commune1)
    second = submitted(form, personas.commune_unit2, personas.commune2)
    client = personas.client(personas.leader)
    ticked = {"bao_cao": [first.pk, second.pk], f"rev-{first.pk}": first.revision, f"rev-{second.pk}": second.revision}
    stale = {**ticked, f"rev-{second.pk}": second.revision - 1}
    page = client.post(reverse("reports:queue_accept"), stale, follow=True).content.decode()
    assert "Chưa thực hiện với báo cáo nào." in page
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}
    page = client.post(reverse("reports:queue_return"), ticked, follow=True).content.decode()
    assert "Cần ghi ý kiến khi trả lại báo cáo." in page
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}
    client.post(reverse("reports:queue_return"), {**ticked, "comment": "Thiếu số liệu mục II"})
    assert set(Report.objects.values_list("status", flat=True)) == {"returned"}
    assert set(Report.objects.values_list("actions__comment", flat=True)) >= {"Thiếu số liệu mục II"}


def test_bulk_steps_refuse_reports_outside_the_reviewers_scope(personas, form):  # noqa: F811
    report = submitted(form, personas.commune_unit1, personas.commune1)
    outsider = personas.client(personas.outsider)
    data = {"bao_cao": [report.pk], f"rev-{report.pk}": report.revision}
    assert outsider.post(reverse("reports:queue_accept"), data).status_code == 404
    assert personas.client(personas.leader).get(reverse("reports:queue_accept")).status_code == 405
    assert Report.objects.get().status == "submitted"


def test_the_completeness_page_switches_periods_without_typing_a_code(personas, form):  # noqa: F811
    page = personas.client(personas.leader).get(url("completeness", personas, form)).content.decode()
    assert 'data-testid="period-picker"' in page
    assert '<span class="badge text-bg-primary" aria-current="page">Tháng 8 năm 2025</span>' in page
    july = reverse("reports:completeness", args=[personas.province.pk, form.code, "2025M07"])
    assert f'href="{july}">Tháng 7 năm 2025</a>' in page
    assert "2025M06" not in page  # before the form's first version (2025M07)
