"""The dashboard: cards, trends and pins, every figure equal to ``consolidate`` for the same unit, period and
structure date, across the 2025 reform."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from tuyengiao.analytics.models import Pin
from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio
from tuyengiao.reports import services
from tuyengiao.reports.consolidation import ConsolidationError, consolidate


def figure_of(form, unit, period, date, code):
    """``consolidate``'s figure, None for a period the form has no version for (the card shows "–")."""
    try:
        return consolidate(form, unit, period, structure_date=date)[code].value
    except ConsolidationError:
        return None


def pin(user, form, unit, code, kind="month"):
    return Pin.objects.create(user=user, form=form, unit=unit, indicator_code=code, period_type=kind)


def cards_of(client):
    response = client.get(reverse("analytics:dashboard"))
    assert response.status_code == 200
    return response, [card for card, _chart, _id in response.context["cards"]]


def test_every_card_and_trend_point_equals_consolidate_in_the_cards_structure(personas, data):
    form = data["form"]
    for code, kind in [("ht-buoi", "month"), ("ht-dang-vien", "quarter"), ("ket-noi", "year"), ("bcv", "month")]:
        pin(personas.leader, form, personas.province, code, kind)
    _response, cards = cards_of(personas.client(personas.leader))
    assert [card.spec.code for card in cards] == ["ht-buoi", "ht-dang-vien", "ket-noi", "bcv"]
    for card in cards:
        figures = consolidate(form, personas.province, card.period, structure_date=card.structure_date)
        assert card.figure.value == figures[card.spec.code].value
        assert card.structure_date == card.period.end
        previous = consolidate(form, personas.province, card.period.previous(), structure_date=card.structure_date)
        assert card.previous.value == previous[card.spec.code].value
        for period, figure in card.trend:
            expected = figure_of(form, personas.province, period, card.structure_date, card.spec.code)
            assert (figure.value if figure else None) == expected, (card.spec.code, period)
    month, quarter, year, stock = cards
    assert month.period == Period.parse("2025M08") and month.text == "1.203" and month.change.text == "+1.201"
    # March 2025, before the reform, is counted in the structure of 31/08/2025: the old commune's report
    # belongs to the commune it merged into, inside Đắk Lắk.
    assert dict(month.trend)[Period.parse("2025M03")].value == 5
    assert len(month.trend) == 12 and month.trend[0][0] == Period.parse("2024M09")
    # A weighted percentage is Σ(v·w)/Σw, not a sum or a mean of the units' percentages.
    assert quarter.period == Period.parse("2025Q3") and quarter.text == "61,5%"  # (30·40 + 40·50 + 60·80) / 130
    assert quarter.previous.value is None  # nobody reported in Q2 2025
    assert dict(quarter.trend)[Period.parse("2025Q1")].value == Decimal("20.0000")  # the old commune, lineage
    # n/m over the 102 communes of 2025, the old commune's March answer counted for its successor once.
    assert year.period == Period.parse("2025") and year.figure.value == Ratio(1, 102, 1)
    assert year.text == "1/102"
    assert [p.code for p, _f in year.trend] == ["2021", "2022", "2023", "2024", "2025"]
    assert stock.text == "9"  # August's stocks: commune 2's 9 (commune 1 reported none in August)


def test_a_card_of_a_period_before_the_reform_uses_the_structure_of_its_own_end(personas, data):
    """A quarter card read on data of 2025Q1 shows Q1 in the structure of 31/03/2025 and Q4/2024 in it too."""
    form = data["form"]
    from tuyengiao.analytics import dashboard

    spec = dashboard.Spec(form, "ht-buoi", personas.province, dashboard.PeriodType.QUARTER)
    card = dashboard.cards([spec], personas.leader, dt.date(2025, 5, 10))[0]
    assert card.period == Period.parse("2025Q1") and card.structure_date == dt.date(2025, 3, 31)
    assert card.figure.value == consolidate(form, personas.province, card.period)["ht-buoi"].value == 5


def test_without_pins_a_leader_sees_the_provinces_main_indicators_and_a_commune_its_own(personas, data):
    response, cards = cards_of(personas.client(personas.leader))
    assert response.context["defaults"]
    assert [card.spec.code for card in cards] == ["ht-buoi", "ht-nguoi", "ht-dang-vien", "bcv"]
    assert {card.spec.unit for card in cards} == {personas.province}
    assert "Chưa ghim số liệu nào" in response.content.decode()
    _response, cards = cards_of(personas.client(personas.commune1))
    assert {card.spec.unit for card in cards} == {personas.commune_unit1}
    august = cards[0]
    assert august.text == "3"  # its own August, not the province's


def test_the_dashboard_shows_completeness_tasks_and_a_table_for_every_chart(personas, data):
    response, _cards = cards_of(personas.client(personas.leader))
    html = response.content.decode()
    section, _chart, _id = response.context["sections"][0]
    expected = services.completeness(data["form"], personas.province, Period.parse("2025M08"))
    sent = expected.on_time + expected.late
    assert section.note == f"{sent}/102 đơn vị đã gửi, {expected.late} trễ hạn."
    assert sum(row.total for row in section.rows) == expected.expected == 102
    assert sum(row.counts[2] for row in section.rows) == expected.missing
    assert html.count('data-testid="chart-table"') == html.count('class="tg-chart"')
    assert "echarts-5.6.0.min.js" in html and "<script>" not in html and " style=" not in html


def test_pins_of_another_user_are_invisible_and_cannot_be_removed(personas, data):
    theirs = pin(personas.specialist, data["form"], personas.province, "ht-nguoi")
    mine = pin(personas.leader, data["form"], personas.province, "ht-buoi")
    client = personas.client(personas.leader)
    _response, cards = cards_of(client)
    assert [card.spec.pin for card in cards] == [mine]
    response = client.post(reverse("analytics:pin_remove", args=[theirs.pk]))
    assert response.status_code == 404
    assert Pin.objects.filter(pk=theirs.pk).exists()


def test_a_pin_whose_unit_left_the_users_scope_is_not_shown(personas, data):
    pin(personas.commune1, data["form"], personas.province, "ht-buoi")  # forged in the database
    _response, cards = cards_of(personas.client(personas.commune1))
    assert all(card.spec.unit == personas.commune_unit1 for card in cards)


def test_pinning_and_unpinning_need_the_csrf_token(personas, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.leader)
    fields = {"mau": "bc-tg-xa", "chi_tieu": "ht-buoi", "don_vi": personas.province.pk, "do_dai": "quarter"}
    assert client.post(reverse("analytics:pin_add"), fields).status_code == 403
    assert not Pin.objects.exists()
    page = client.get(reverse("analytics:dashboard"))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse("analytics:pin_add"), {**fields, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    created = Pin.objects.get()
    assert (created.user, created.indicator_code, created.period_type) == (personas.leader, "ht-buoi", "quarter")
    assert client.post(reverse("analytics:pin_remove", args=[created.pk])).status_code == 403
    response = client.post(reverse("analytics:pin_remove", args=[created.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and not Pin.objects.exists()


def test_forged_pins_get_a_vietnamese_message_and_change_nothing(personas, data):
    client = personas.client(personas.leader)
    base = {"mau": "bc-tg-xa", "chi_tieu": "ht-buoi", "don_vi": personas.province.pk, "do_dai": "month"}
    for forged, message in [
        ({"chi_tieu": "khong-co"}, "Chỉ tiêu “khong-co” không có trong mẫu"),
        ({"chi_tieu": "han-che"}, "không phải là số liệu"),  # a text cannot be a card
        ({"mau": "khong-co"}, "Không tìm thấy mẫu báo cáo."),
        ({"do_dai": "week"}, "Độ dài kỳ không hợp lệ"),
    ]:
        response = client.post(reverse("analytics:pin_add"), {**base, **forged}, follow=True)
        assert message in response.content.decode(), forged
    assert client.post(reverse("analytics:pin_add"), {**base, "don_vi": personas.lam_dong.pk}).status_code == 404
    assert client.post(reverse("analytics:pin_add"), {**base, "don_vi": "x"}).status_code == 404
    assert not Pin.objects.exists()
    # A redirect target outside the site is ignored.
    response = client.post(reverse("analytics:pin_add"), {**base, "tiep": "https://example.org/"})
    assert response["Location"] == reverse("analytics:dashboard")
    assert Pin.objects.count() == 1
    response = client.post(reverse("analytics:pin_add"), base, follow=True)  # twice: one card
    assert "đã có trên trang tổng quan" in response.content.decode()
    assert Pin.objects.count() == 1


def test_the_consolidated_page_offers_pin_and_unpin_for_each_figure(personas, data):
    client = personas.client(personas.leader)
    query = f"?don_vi={personas.province.pk}&mau=bc-tg-xa&ky=2025Q3"
    html = client.get(reverse("reports:consolidated") + query).content.decode()
    assert html.count('data-testid="pin"') == 5  # five figures; the text indicator has no button
    back = reverse("reports:consolidated") + query
    fields = {"mau": "bc-tg-xa", "chi_tieu": "ket-noi", "don_vi": personas.province.pk, "do_dai": "quarter"}
    response = client.post(reverse("analytics:pin_add"), {**fields, "tiep": back})
    assert response["Location"] == back
    html = client.get(back).content.decode()
    assert html.count('data-testid="pin"') == 4 and html.count('data-testid="unpin"') == 1


def test_a_dashboard_of_another_provinces_unit_is_404(personas, data):
    client = personas.client(personas.leader)
    assert client.get(reverse("analytics:dashboard"), {"don_vi": personas.lam_dong.pk}).status_code == 404
    commune = personas.client(personas.commune1)
    assert commune.get(reverse("analytics:dashboard"), {"don_vi": personas.province.pk}).status_code == 404


def test_the_dashboards_queries_do_not_grow_with_the_number_of_pinned_figures(
    personas, data, django_assert_max_num_queries
):
    client = personas.client(personas.leader)
    # A number and a yes/no question: consolidation runs a statement per kind of figure it is asked for.
    pin(personas.leader, data["form"], personas.province, "ht-buoi")
    pin(personas.leader, data["form"], personas.province, "ket-noi")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("analytics:dashboard"))
    for code in ("ht-nguoi", "ht-dang-vien", "bcv"):
        pin(personas.leader, data["form"], personas.province, code)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("analytics:dashboard"))


def test_the_unit_picker_offers_the_units_the_user_reads_and_opens_their_dashboard(personas, data):
    client = personas.client(personas.leader)
    response = client.get(reverse("analytics:dashboard"))
    offered = dict(response.context["unit_choices"])
    assert personas.province.pk in offered and personas.commune_unit1.pk in offered
    assert personas.lam_dong.pk not in offered  # another province is never offered
    html = response.content.decode()
    assert 'data-testid="unit-picker"' in html and 'name="don_vi"' in html
    assert f'<option value="{personas.province.pk}" selected>' in html
    # Submitting the picker (GET don_vi) opens the commune's dashboard, which offers the way back up.
    response = client.get(reverse("analytics:dashboard"), {"don_vi": personas.commune_unit1.pk})
    assert response.status_code == 200 and response.context["unit"] == personas.commune_unit1
    offered = dict(response.context["unit_choices"])
    assert personas.province.pk in offered and personas.commune_unit2.pk not in offered
    assert f'<option value="{personas.commune_unit1.pk}" selected>' in response.content.decode()
    # A commune's secretary reads only the commune: nothing to pick.
    response = personas.client(personas.commune1).get(reverse("analytics:dashboard"))
    assert [pk for pk, _label in response.context["unit_choices"]] == [personas.commune_unit1.pk]
    assert 'data-testid="unit-picker"' not in response.content.decode()


def test_pins_move_up_and_down_from_the_dashboard_and_a_stale_page_moves_nothing(personas, data):
    client = personas.client(personas.leader)
    first, second, third = (
        pin(personas.leader, data["form"], personas.province, code) for code in ("ht-buoi", "ht-nguoi", "bcv")
    )
    response, cards = cards_of(client)
    assert [card.spec.pin for card in cards] == [first, second, third]
    html = response.content.decode()
    assert html.count('data-testid="pin-up"') == 2 and html.count('data-testid="pin-down"') == 2
    shown = response.context["pin_order"]
    assert shown == f"{first.pk},{second.pk},{third.pk}"
    back = reverse("analytics:dashboard")
    response = client.post(reverse("analytics:pin_down", args=[first.pk]), {"thu_tu": shown, "tiep": back})
    assert response.status_code == 302 and response["Location"] == back
    _response, cards = cards_of(client)
    assert [card.spec.pin.pk for card in cards] == [second.pk, first.pk, third.pk]
    # The page of before the move is stale: moving from it changes nothing and says so in Vietnamese.
    response = client.post(reverse("analytics:pin_up", args=[third.pk]), {"thu_tu": shown, "tiep": back}, follow=True)
    assert "vừa được thay đổi ở nơi khác" in response.content.decode()
    assert list(Pin.objects.filter(user=personas.leader).values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
        third.pk,
    ]
    current = f"{second.pk},{first.pk},{third.pk}"
    client.post(reverse("analytics:pin_up", args=[third.pk]), {"thu_tu": current})
    assert list(Pin.objects.filter(user=personas.leader).values_list("pk", flat=True)) == [
        second.pk,
        third.pk,
        first.pk,
    ]
    # The first cannot go further up: nothing changes.
    client.post(reverse("analytics:pin_up", args=[second.pk]), {"thu_tu": f"{second.pk},{third.pk},{first.pk}"})
    assert Pin.objects.filter(user=personas.leader).first() == second


def test_another_users_pin_cannot_be_moved_and_moving_needs_a_post(personas, data):
    theirs = pin(personas.specialist, data["form"], personas.province, "ht-nguoi")
    pin(personas.specialist, data["form"], personas.province, "ht-buoi")
    client = personas.client(personas.leader)
    assert client.post(reverse("analytics:pin_down", args=[theirs.pk]), {"thu_tu": str(theirs.pk)}).status_code == 404
    assert client.get(reverse("analytics:pin_up", args=[theirs.pk])).status_code == 405
    assert Pin.objects.filter(user=personas.specialist).first() == theirs
