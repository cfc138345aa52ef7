"""Reporting periods: codes, labels, calendar, navigation, deadlines and roll-ups (pure, no database)."""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.lib.periods import (
    MAX_YEAR,
    DeadlineKind,
    DeadlineRule,
    DeadlineRuleError,
    Period,
    PeriodError,
    PeriodType,
    current,
    last_closed,
    missing_months,
    period_of,
    periods_between,
    rollup_flow,
    rollup_stock,
)

M, Q, S, N9, Y = (
    PeriodType.MONTH,
    PeriodType.QUARTER,
    PeriodType.HALF,
    PeriodType.NINE_MONTHS,
    PeriodType.YEAR,
)


def p(code: str) -> Period:
    return Period.parse(code)


def months_of(year: int, *numbers: int) -> list[Period]:
    return [Period(M, year, n) for n in numbers]


# --- Codes and labels ---------------------------------------------------------------------------------------------

CODES_AND_LABELS = [
    (Period(M, 2024, 9), "2024M09", "Tháng 9 năm 2024", "T9/2024"),
    (Period(M, 2024, 12), "2024M12", "Tháng 12 năm 2024", "T12/2024"),
    (Period(Q, 2024, 1), "2024Q1", "Quý I năm 2024", "Q1/2024"),
    (Period(Q, 2024, 2), "2024Q2", "Quý II năm 2024", "Q2/2024"),
    (Period(Q, 2024, 3), "2024Q3", "Quý III năm 2024", "Q3/2024"),
    (Period(Q, 2024, 4), "2024Q4", "Quý IV năm 2024", "Q4/2024"),
    (Period(S, 2024, 1), "2024S1", "6 tháng đầu năm 2024", "6T đầu 2024"),
    (Period(S, 2024, 2), "2024S2", "6 tháng cuối năm 2024", "6T cuối 2024"),
    (Period(N9, 2024), "2024N9", "9 tháng năm 2024", "9T/2024"),
    (Period(Y, 2023), "2023", "Năm 2023", "2023"),
]


@pytest.mark.parametrize(("period", "code", "label", "short_label"), CODES_AND_LABELS, ids=lambda v: str(v))
def test_every_type_has_a_stable_code_a_label_and_a_short_label(period, code, label, short_label):
    assert period.code == code
    assert str(period) == code
    assert period.label == label
    assert period.short_label == short_label
    assert Period.parse(code) == period


def test_parse_ignores_case_and_spaces_and_leading_zeros():
    assert Period.parse(" 2024m09 ") == Period(M, 2024, 9)
    assert Period.parse("2024 M 9") == Period(M, 2024, 9)
    assert Period.parse("2024q3") == Period(Q, 2024, 3)
    assert Period.parse("2024Q03") == Period(Q, 2024, 3)
    assert Period.parse("2024s2") == Period(S, 2024, 2)
    assert Period.parse("2024n9") == Period(N9, 2024)
    assert Period.parse("\t2024\u00a0") == Period(Y, 2024)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("2024M13", "Tháng phải từ 1 đến 12"),
        ("2024M00", "Tháng phải từ 1 đến 12"),
        ("2024Q5", "Quý phải từ 1 đến 4"),
        ("2024Q0", "Quý phải từ 1 đến 4"),
        ("2024S3", r"S1 \(6 tháng đầu năm\) và S2 \(6 tháng cuối năm\)"),
        ("2024N8", "Kỳ 9 tháng chỉ có N9"),
        ("abc", "Mã kỳ báo cáo không hợp lệ"),
        ("", "Mã kỳ báo cáo không hợp lệ"),
        ("24Q3", "Mã kỳ báo cáo không hợp lệ"),
        ("2024-Q3", "Mã kỳ báo cáo không hợp lệ"),
        ("2024X1", "Mã kỳ báo cáo không hợp lệ"),
        ("2024M123", "Mã kỳ báo cáo không hợp lệ"),
        ("2024Q", "Mã kỳ báo cáo không hợp lệ"),
        ("0999", "Năm phải từ 1000"),
        ("２０２４", "Mã kỳ báo cáo không hợp lệ"),  # full-width digits are not a code
        ("2024" * 20, "quá dài"),
    ],
)
def test_parse_rejects_anything_else_with_a_vietnamese_message(code, fragment):
    with pytest.raises(PeriodError, match=fragment):
        Period.parse(code)


def test_a_parse_error_is_a_value_error_that_names_the_code_and_the_accepted_forms():
    with pytest.raises(ValueError, match="'2024M13'") as error:
        Period.parse("2024M13")
    assert "2024Q3 (quý)" not in str(error.value)  # a range problem says what is wrong, not the whole syntax
    with pytest.raises(ValueError, match=r"2024S1/2024S2 \(6 tháng đầu/cuối năm\)"):
        Period.parse("abc")


def test_parse_rejects_things_that_are_not_strings():
    with pytest.raises(PeriodError, match="phải là chuỗi"):
        Period.parse(2024)  # type: ignore[arg-type]


def test_constructing_an_invalid_period_raises_a_period_error():
    with pytest.raises(PeriodError, match="Tháng phải từ 1 đến 12"):
        Period(M, 2024, 13)
    with pytest.raises(PeriodError, match="N9"):
        Period(N9, 2024, 2)
    with pytest.raises(PeriodError, match="Kỳ năm"):
        Period(Y, 2024, 2)
    with pytest.raises(PeriodError, match="số nguyên"):
        Period(M, 2024, True)
    with pytest.raises(PeriodError, match="số nguyên"):
        Period(M, "2024", 1)  # type: ignore[arg-type]
    with pytest.raises(PeriodError, match="Loại kỳ báo cáo"):
        Period("week", 2024, 1)  # type: ignore[arg-type]


def test_a_stored_type_value_is_accepted_as_a_period_type():
    period = Period("quarter", 2024, 3)  # type: ignore[arg-type]
    assert period.type is PeriodType.QUARTER
    assert period == Period(Q, 2024, 3)


def test_the_period_types_know_their_length_count_and_label():
    assert [t.length for t in PeriodType] == [1, 3, 6, 9, 12]
    assert [t.per_year for t in PeriodType] == [12, 4, 2, 1, 1]
    assert [t.label for t in PeriodType] == ["Tháng", "Quý", "6 tháng", "9 tháng", "Năm"]
    assert PeriodType("nine_months") is N9


def test_periods_are_hashable_dictionary_keys_and_picklable():
    values = {p("2024Q3"): 1, Period(Q, 2024, 3): 2}
    assert values == {p("2024Q3"): 2}
    assert pickle.loads(pickle.dumps(p("2024N9"))) == p("2024N9")  # noqa: S301 (our own bytes)
    assert repr(p("2024S1")) == "Period.parse('2024S1')"


def test_periods_are_frozen():
    with pytest.raises(AttributeError):
        p("2024Q3").year = 2025  # type: ignore[misc]


def test_periods_sort_chronologically_with_the_shorter_period_first_when_they_start_together():
    mixed = [p(c) for c in ("2024M02", "2024", "2023Q4", "2024N9", "2024S1", "2024M01", "2024Q1", "2024S2")]
    assert [x.code for x in sorted(mixed)] == [
        "2023Q4",
        "2024M01",
        "2024Q1",
        "2024S1",
        "2024N9",
        "2024",
        "2024M02",
        "2024S2",
    ]
    assert p("2024M09") < p("2024M10") <= p("2024M10")
    assert p("2025") > p("2024M12") >= p("2024M12")


def test_periods_do_not_compare_with_other_things():
    with pytest.raises(TypeError):
        _ = p("2024Q3") < "2024Q4"  # type: ignore[operator]
    assert p("2024Q3") != "2024Q3"


# --- Calendar -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2024M01", dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
        ("2024M02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023M02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2000M02", dt.date(2000, 2, 1), dt.date(2000, 2, 29)),
        ("1900M02", dt.date(1900, 2, 1), dt.date(1900, 2, 28)),
        ("2024M04", dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
        ("2024Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2024Q2", dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        ("2024Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("2024Q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        ("2024S1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("2024S2", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
        ("2024N9", dt.date(2024, 1, 1), dt.date(2024, 9, 30)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_start_and_end_are_the_first_and_last_days_including_leap_years(code, start, end):
    assert p(code).start == start
    assert p(code).end == end


def test_a_quarter_covers_its_three_months_in_order():
    assert p("2024Q3").months == tuple(months_of(2024, 7, 8, 9))


def test_the_longer_periods_cover_the_months_the_domain_says():
    assert p("2024S1").months == tuple(months_of(2024, *range(1, 7)))
    assert p("2024S2").months == tuple(months_of(2024, *range(7, 13)))
    assert p("2024N9").months == tuple(months_of(2024, *range(1, 10)))
    assert p("2024").months == tuple(months_of(2024, *range(1, 13)))
    assert p("2024M05").months == (p("2024M05"),)


def test_a_quarter_contains_its_three_months():
    quarter = p("2024Q3")
    assert all(quarter.contains(m) for m in months_of(2024, 7, 8, 9))
    assert not quarter.contains(p("2024M06"))
    assert not quarter.contains(p("2024M10"))
    assert not quarter.contains(p("2023M08"))
    assert p("2024M08") in quarter
    assert "2024M08" not in quarter


def test_containment_between_longer_periods_follows_their_months():
    assert p("2024").contains(p("2024N9"))
    assert p("2024N9").contains(p("2024S1"))
    assert p("2024N9").contains(p("2024Q3"))
    assert not p("2024N9").contains(p("2024Q4"))
    assert not p("2024N9").contains(p("2024S2"))
    assert not p("2024S1").contains(p("2024N9"))
    assert not p("2024Q1").contains(p("2024S1"))
    assert p("2024Q3").contains(p("2024Q3"))


@pytest.mark.parametrize(
    ("month", "quarter", "half", "nine_months", "year"),
    [
        ("2024M01", "2024Q1", "2024S1", "2024N9", "2024"),
        ("2024M05", "2024Q2", "2024S1", "2024N9", "2024"),
        ("2024M06", "2024Q2", "2024S1", "2024N9", "2024"),
        ("2024M07", "2024Q3", "2024S2", "2024N9", "2024"),
        ("2024M09", "2024Q3", "2024S2", "2024N9", "2024"),
        ("2024M10", "2024Q4", "2024S2", None, "2024"),
        ("2024M12", "2024Q4", "2024S2", None, "2024"),
    ],
)
def test_a_month_is_contained_in_its_quarter_half_nine_months_and_year(month, quarter, half, nine_months, year):
    m = p(month)
    assert m.containing(Q) == p(quarter)
    assert m.containing(S) == p(half)
    assert m.containing(N9) == (p(nine_months) if nine_months else None)
    assert m.containing(Y) == p(year)
    assert m.containing(M) == m


def test_containing_works_for_longer_periods_and_refuses_shorter_types():
    assert p("2024Q3").containing(S) == p("2024S2")
    assert p("2024Q3").containing(N9) == p("2024N9")
    assert p("2024Q4").containing(N9) is None
    assert p("2024S1").containing(N9) == p("2024N9")
    assert p("2024S2").containing(N9) is None
    assert p("2024N9").containing(S) is None
    assert p("2024N9").containing(Y) == p("2024")
    assert p("2024Q2").containing(M) is None
    assert p("2024").containing(Q) is None


def test_subperiods_break_a_period_down_by_a_shorter_type():
    assert p("2024").subperiods(Q) == (p("2024Q1"), p("2024Q2"), p("2024Q3"), p("2024Q4"))
    assert p("2024").subperiods(S) == (p("2024S1"), p("2024S2"))
    assert p("2024").subperiods(N9) == (p("2024N9"),)
    assert p("2024N9").subperiods(Q) == (p("2024Q1"), p("2024Q2"), p("2024Q3"))
    assert p("2024S2").subperiods(Q) == (p("2024Q3"), p("2024Q4"))
    assert p("2024Q3").subperiods(M) == p("2024Q3").months
    assert p("2024Q3").subperiods(S) == ()


# --- Navigation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "previous", "following"),
    [
        ("2024M01", "2023M12", "2024M02"),
        ("2024M12", "2024M11", "2025M01"),
        ("2024Q1", "2023Q4", "2024Q2"),
        ("2024Q4", "2024Q3", "2025Q1"),
        ("2024S1", "2023S2", "2024S2"),
        ("2024S2", "2024S1", "2025S1"),
        ("2024N9", "2023N9", "2025N9"),
        ("2024", "2023", "2025"),
    ],
)
def test_previous_and_next_stay_within_the_type_across_year_boundaries(code, previous, following):
    assert p(code).previous() == p(previous)
    assert p(code).next() == p(following)


def test_shift_moves_several_periods_at_once():
    assert p("2024M03").shift(-14) == p("2023M01")
    assert p("2024Q2").shift(7) == p("2026Q1")
    assert p("2024S2").shift(0) == p("2024S2")


def test_the_same_period_last_year_is_for_year_on_year_comparison():
    assert p("2024M02").same_period_last_year() == p("2023M02")
    assert p("2024Q3").same_period_last_year() == p("2023Q3")
    assert p("2024S2").same_period_last_year() == p("2023S2")
    assert p("2024N9").same_period_last_year() == p("2023N9")
    assert p("2024").same_period_last_year() == p("2023")


def test_navigation_past_the_supported_years_raises_a_period_error():
    with pytest.raises(PeriodError, match="Năm phải từ"):
        Period(Q, MAX_YEAR, 4).next()
    with pytest.raises(PeriodError):
        p("1000M01").previous()


# --- Periods of dates ---------------------------------------------------------------------------------------------


def test_current_is_the_period_running_on_a_day():
    today = dt.date(2024, 5, 15)
    assert current(M, today) == p("2024M05")
    assert current(Q, today) == p("2024Q2")
    assert current(S, today) == p("2024S1")
    assert current(N9, today) == p("2024N9")
    assert current(Y, today) == p("2024")


def test_there_is_no_current_nine_months_from_october():
    assert current(N9, dt.date(2024, 10, 1)) is None
    assert current(N9, dt.date(2024, 9, 30)) == p("2024N9")


def test_current_accepts_a_datetime_and_refuses_other_things():
    assert current(Q, dt.datetime(2024, 12, 31, 23, 59)) == p("2024Q4")
    assert period_of(M, dt.date(2024, 2, 29)) == p("2024M02")
    with pytest.raises(PeriodError, match="Cần một ngày"):
        current(Q, "2024-05-01")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("period_type", "today", "expected"),
    [
        (M, dt.date(2024, 5, 15), "2024M04"),
        (M, dt.date(2024, 1, 1), "2023M12"),
        (Q, dt.date(2024, 9, 30), "2024Q2"),  # a period ending today is not closed yet
        (Q, dt.date(2024, 10, 1), "2024Q3"),
        (Q, dt.date(2024, 2, 10), "2023Q4"),
        (S, dt.date(2024, 7, 1), "2024S1"),
        (S, dt.date(2024, 6, 30), "2023S2"),
        (N9, dt.date(2024, 9, 30), "2023N9"),
        (N9, dt.date(2024, 10, 1), "2024N9"),
        (N9, dt.date(2024, 12, 31), "2024N9"),
        (Y, dt.date(2024, 12, 31), "2023"),
        (Y, dt.date(2025, 1, 1), "2024"),
    ],
)
def test_last_closed_is_the_latest_period_that_has_ended_before_today(period_type, today, expected):
    assert last_closed(period_type, today) == p(expected)


def test_periods_between_lists_every_period_overlapping_the_dates():
    assert periods_between(M, dt.date(2024, 1, 15), dt.date(2024, 3, 10)) == tuple(months_of(2024, 1, 2, 3))
    assert periods_between(Q, dt.date(2024, 11, 1), dt.date(2025, 2, 1)) == (p("2024Q4"), p("2025Q1"))
    assert periods_between(S, dt.date(2024, 6, 30), dt.date(2024, 7, 1)) == (p("2024S1"), p("2024S2"))
    assert periods_between(N9, dt.date(2023, 10, 1), dt.date(2025, 12, 31)) == (p("2024N9"), p("2025N9"))
    assert periods_between(N9, dt.date(2024, 10, 1), dt.date(2024, 12, 31)) == ()
    assert periods_between(Y, dt.date(2024, 5, 5), dt.date(2024, 5, 5)) == (p("2024"),)


def test_periods_between_can_keep_only_complete_periods():
    # A district commission that existed until 30/06/2025 (docs/domain.md §1) reported whole quarters up to 2025Q2.
    founded, abolished = dt.date(2024, 2, 15), dt.date(2025, 6, 30)
    assert periods_between(Q, founded, abolished, complete=True) == tuple(
        p(c) for c in ("2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2")
    )
    assert periods_between(Y, founded, abolished, complete=True) == ()
    assert periods_between(S, founded, abolished, complete=True) == (p("2024S2"), p("2025S1"))


def test_periods_between_refuses_an_end_before_the_start():
    with pytest.raises(PeriodError, match="trước ngày bắt đầu"):
        periods_between(M, dt.date(2024, 3, 1), dt.date(2024, 2, 1))


# --- Deadlines ----------------------------------------------------------------------------------------------------


def test_a_day_of_the_last_month_deadline_falls_inside_the_period():
    rule = DeadlineRule.parse("day:15:last_month")
    assert rule == DeadlineRule(DeadlineKind.DAY_OF_LAST_MONTH, 15)
    assert rule.deadline(p("2024M09")) == dt.date(2024, 9, 15)
    assert rule.deadline(p("2024Q3")) == dt.date(2024, 9, 15)
    assert rule.deadline(p("2024S1")) == dt.date(2024, 6, 15)
    assert rule.deadline(p("2024N9")) == dt.date(2024, 9, 15)
    assert rule.deadline(p("2024")) == dt.date(2024, 12, 15)


def test_an_after_end_deadline_counts_days_after_the_last_day():
    rule = DeadlineRule.parse("after_end:10")
    assert rule.deadline(p("2024M09")) == dt.date(2024, 10, 10)
    assert rule.deadline(p("2024Q4")) == dt.date(2025, 1, 10)
    assert rule.deadline(p("2024M02")) == dt.date(2024, 3, 10)
    assert DeadlineRule.parse("after_end:0").deadline(p("2024S1")) == dt.date(2024, 6, 30)


def test_a_day_of_the_next_month_deadline_crosses_the_year_boundary():
    rule = DeadlineRule.parse("day:5:next_month")
    assert rule.deadline(p("2024M09")) == dt.date(2024, 10, 5)
    assert rule.deadline(p("2024Q3")) == dt.date(2024, 10, 5)
    assert rule.deadline(p("2024N9")) == dt.date(2024, 10, 5)
    assert rule.deadline(p("2024")) == dt.date(2025, 1, 5)
    assert rule.deadline(p("2024S2")) == dt.date(2025, 1, 5)


def test_a_day_beyond_the_month_is_clamped_to_its_last_day():
    assert DeadlineRule.parse("day:31:last_month").deadline(p("2024Q3")) == dt.date(2024, 9, 30)
    assert DeadlineRule.parse("day:31:last_month").deadline(p("2024M02")) == dt.date(2024, 2, 29)
    assert DeadlineRule.parse("day:30:last_month").deadline(p("2023M02")) == dt.date(2023, 2, 28)
    assert DeadlineRule.parse("day:31:next_month").deadline(p("2024M01")) == dt.date(2024, 2, 29)
    assert DeadlineRule.parse("day:31:next_month").deadline(p("2024Q1")) == dt.date(2024, 4, 30)
    assert DeadlineRule.parse("day:31:last_month").deadline(p("2024")) == dt.date(2024, 12, 31)


def test_deadline_specs_ignore_case_and_spaces_and_round_trip():
    assert DeadlineRule.parse(" Day : 05 : Next_Month ") == DeadlineRule(DeadlineKind.DAY_OF_NEXT_MONTH, 5)
    for spec in ("day:15:last_month", "day:5:next_month", "after_end:10", "after_end:0", "day:31:last_month"):
        rule = DeadlineRule.parse(spec)
        assert rule.spec == spec
        assert str(rule) == spec
        assert DeadlineRule.parse(rule.spec) == rule


def test_deadline_rules_describe_themselves_in_vietnamese():
    assert DeadlineRule.parse("day:15:last_month").description == "Ngày 15 của tháng cuối kỳ"
    assert DeadlineRule.parse("day:5:next_month").description == "Ngày 5 của tháng liền sau kỳ"
    assert DeadlineRule.parse("after_end:10").description == "10 ngày sau khi kết thúc kỳ"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("", "Quy tắc hạn nộp không hợp lệ"),
        ("day:15", "Quy tắc hạn nộp không hợp lệ"),
        ("day:15:first_month", "Quy tắc hạn nộp không hợp lệ"),
        ("day:x:last_month", "Quy tắc hạn nộp không hợp lệ"),
        ("after_end", "Quy tắc hạn nộp không hợp lệ"),
        ("after_end:-3", "Quy tắc hạn nộp không hợp lệ"),
        ("after_end:10:days", "Quy tắc hạn nộp không hợp lệ"),
        ("before_end:10", "Quy tắc hạn nộp không hợp lệ"),
        ("day:0:last_month", "Ngày trong tháng phải từ 1 đến 31"),
        ("day:32:next_month", "Ngày trong tháng phải từ 1 đến 31"),
        ("after_end:400", "từ 0 đến 366"),
        ("day:15:last_month" * 5, "Quy tắc hạn nộp không hợp lệ"),
    ],
)
def test_a_bad_deadline_spec_is_refused_with_a_clear_message(spec, fragment):
    with pytest.raises(DeadlineRuleError, match=fragment) as error:
        DeadlineRule.parse(spec)
    assert isinstance(error.value, PeriodError)
    assert isinstance(error.value, ValueError)


def test_the_message_for_a_bad_deadline_spec_lists_the_accepted_forms():
    with pytest.raises(DeadlineRuleError) as error:
        DeadlineRule.parse("15th")
    message = str(error.value)
    assert "'15th'" in message
    assert '"day:<1–31>:last_month"' in message
    assert '"day:<1–31>:next_month"' in message
    assert '"after_end:<0–366>"' in message


def test_deadline_rules_refuse_bad_values_when_built_directly():
    with pytest.raises(DeadlineRuleError, match="Loại hạn nộp"):
        DeadlineRule("someday", 1)  # type: ignore[arg-type]
    with pytest.raises(DeadlineRuleError, match="số nguyên"):
        DeadlineRule(DeadlineKind.AFTER_END, 1.5)  # type: ignore[arg-type]
    with pytest.raises(DeadlineRuleError, match="phải là chuỗi"):
        DeadlineRule.parse(15)  # type: ignore[arg-type]
    assert DeadlineRule("after_end", 3).kind is DeadlineKind.AFTER_END  # type: ignore[arg-type]


def test_a_deadline_past_the_supported_years_raises_a_period_error():
    with pytest.raises(PeriodError, match="vượt quá"):
        DeadlineRule.parse("day:5:next_month").deadline(Period(Y, MAX_YEAR))
    with pytest.raises(PeriodError, match="vượt quá"):
        DeadlineRule.parse("after_end:10").deadline(Period(Y, MAX_YEAR))


# --- Roll-ups -----------------------------------------------------------------------------------------------------


def test_a_flow_sums_the_months_present_and_skips_missing_ones():
    values = {p("2024M07"): 3, p("2024M09"): 4, p("2024M10"): 100}
    assert rollup_flow(values, p("2024Q3")) == 7
    assert rollup_flow(values, p("2024S2")) == 107
    assert rollup_flow(values, p("2024N9")) == 7
    assert rollup_flow(values, p("2024M08")) is None


def test_a_flow_with_no_month_reported_is_none_but_reported_zeros_sum_to_zero():
    assert rollup_flow({}, p("2024Q1")) is None
    assert rollup_flow({p("2024M01"): None, p("2024M02"): None}, p("2024Q1")) is None
    assert rollup_flow({p("2024M01"): 0}, p("2024Q1")) == 0


def test_a_flow_keeps_decimal_precision_and_mixes_with_integers():
    values: dict[Period, Decimal | int | None] = {p("2024M01"): Decimal("1.50"), p("2024M02"): 2, p("2024M03"): None}
    total = rollup_flow(values, p("2024Q1"))
    assert total == Decimal("3.50")
    assert isinstance(total, Decimal)
    assert str(total) == "3.50"


def test_a_flow_ignores_keys_outside_the_period_and_non_month_keys():
    values = {p("2024Q1"): 999, p("2023M01"): 999, p("2024M01"): 1, p("2024M03"): 2}
    assert rollup_flow(values, p("2024Q1")) == 3


def test_a_stock_takes_the_latest_month_present_in_the_period():
    values = {p("2024M01"): 10, p("2024M02"): 12, p("2024M04"): 15, p("2024M05"): None}
    assert rollup_stock(values, p("2024Q1")) == 12
    assert rollup_stock(values, p("2024Q2")) == 15  # May is None, so April is the latest reported
    assert rollup_stock(values, p("2024S1")) == 15
    assert rollup_stock(values, p("2024Q3")) is None
    assert rollup_stock({p("2024M03"): 0, p("2024M02"): 9}, p("2024Q1")) == 0  # a reported zero counts


def test_missing_months_are_the_ones_with_no_value_in_order():
    values = {p("2024M01"): 1, p("2024M02"): None, p("2024M04"): 0}
    assert missing_months(values, p("2024Q1")) == (p("2024M02"), p("2024M03"))
    assert missing_months(values, p("2024M04")) == ()
    assert missing_months({}, p("2024N9")) == p("2024N9").months


# --- Properties ---------------------------------------------------------------------------------------------------

years = st.integers(min_value=1001, max_value=MAX_YEAR - 1)
period_types = st.sampled_from(list(PeriodType))
periods = period_types.flatmap(lambda t: st.builds(Period, st.just(t), years, st.integers(1, t.per_year)))
months = st.builds(Period, st.just(M), years, st.integers(1, 12))
dates = st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(MAX_YEAR - 1, 12, 31))


@given(periods)
def test_parsing_the_code_of_any_period_gives_it_back(period):
    assert Period.parse(period.code) == period
    assert Period.parse(str(period).lower()) == period


@given(months)
def test_every_month_is_contained_by_its_quarter_half_and_year(month):
    for period_type in (Q, S, Y):
        container = month.containing(period_type)
        assert container is not None
        assert container.contains(month)
        assert month in container.months
    nine = month.containing(N9)
    assert (nine is not None) == (month.index <= 9)


@given(periods)
def test_the_months_of_a_period_are_contiguous_and_within_its_dates(period):
    months_ = period.months
    assert len(months_) == period.type.length
    assert months_[0].start == period.start
    assert months_[-1].end == period.end
    for earlier, later in itertools.pairwise(months_):
        assert earlier.next() == later
        assert earlier.end + dt.timedelta(days=1) == later.start
    assert all(period.start <= m.start and m.end <= period.end for m in months_)


@given(periods)
def test_next_and_previous_are_inverse_and_adjacent(period):
    assert period.next().previous() == period
    assert period.previous() < period < period.next()
    if period.type in (M, Q, S, Y):
        assert period.end + dt.timedelta(days=1) == period.next().start


@given(periods, periods)
def test_ordering_is_total_and_consistent_with_equality(a, b):
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    if a == b:
        assert hash(a) == hash(b)
        assert a.code == b.code


@given(dates, period_types)
def test_the_current_period_contains_the_day_and_the_last_closed_one_ended_before_it(day, period_type):
    running = current(period_type, day)
    if running is not None:
        assert running.start <= day <= running.end
    closed = last_closed(period_type, day)
    assert closed.end < day
    assert closed.next().end >= day


@given(dates, dates, period_types)
def test_periods_between_are_exactly_the_overlapping_ones(first, second, period_type):
    start, end = min(first, second), max(first, second)
    if end.year - start.year > 20:
        end = start + dt.timedelta(days=3000)
    found = periods_between(period_type, start, end)
    assert all(p_.start <= end and start <= p_.end for p_ in found)
    # Nothing left out: consecutive, and the neighbours on either side do not overlap.
    assert all(a.next() == b for a, b in itertools.pairwise(found))
    if found:
        assert found[0].previous().end < start
        assert found[-1].next().start > end
    else:
        assert period_type is N9  # only nine months leave gaps (October to December)
        assert all(d.month > 9 for d in (start, end)) and start.year == end.year
    complete = periods_between(period_type, start, end, complete=True)
    assert set(complete) <= set(found)
    assert all(start <= p_.start and p_.end <= end for p_ in complete)


months_2024 = st.builds(Period, st.just(M), st.just(2024), st.integers(1, 12))
periods_2024 = period_types.flatmap(lambda t: st.builds(Period, st.just(t), st.just(2024), st.integers(1, t.per_year)))
# Values as a form would hold them: integers, two-place decimals, or None for "not reported".
month_values = st.dictionaries(
    months_2024,
    st.none() | st.integers(-1000, 1000) | st.decimals(places=2, min_value=-1000, max_value=1000),
)


def total(values):
    """The sum of the values that are not None, or None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present[1:], start=present[0]) if present else None


@given(month_values)
def test_a_flow_over_a_year_equals_the_sum_of_its_four_quarters(values):
    year = p("2024")
    by_year = rollup_flow(values, year)
    assert by_year == total(rollup_flow(values, q) for q in year.subperiods(Q))
    assert by_year == total(rollup_flow(values, h) for h in year.subperiods(S))
    assert by_year == total([rollup_flow(values, p("2024N9")), rollup_flow(values, p("2024Q4"))])


@given(month_values)
def test_a_stock_over_a_year_is_the_stock_of_its_last_quarter_with_a_value(values):
    year = p("2024")
    quarters = [rollup_stock(values, q) for q in year.subperiods(Q)]
    present = [q for q in quarters if q is not None]
    assert rollup_stock(values, year) == (present[-1] if present else None)


@given(month_values, periods_2024)
def test_missing_months_are_exactly_the_months_a_rollup_skips(values, period):
    missing = missing_months(values, period)
    reported = [m for m in period.months if m not in missing]
    assert (rollup_flow(values, period) is None) == (not reported)
    if reported:
        assert rollup_stock(values, period) == values[reported[-1]]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tháng 8/2025", "2025M08"),
        ("tháng 08 năm 2025", "2025M08"),
        ("T8/2025", "2025M08"),
        ("9/2025", "2025M09"),
        ("Quý III/2025", "2025Q3"),
        ("quý 3 năm 2025", "2025Q3"),
        ("QUÝ IV NĂM 2024", "2024Q4"),
        ("6 tháng đầu năm 2023", "2023S1"),
        ("sáu tháng cuối năm 2023", "2023S2"),
        ("6T đầu 2023", "2023S1"),
        ("9 tháng năm 2024", "2024N9"),
        ("9 tháng đầu năm 2024", "2024N9"),
        ("Năm 2023", "2023"),
        ("  nam   2023 ", "2023"),
        ("2024S1", "2024S1"),
    ],
)
def test_a_period_written_as_people_write_it_is_read(text, code):
    assert Period.read(text).code == code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Tháng 13/2025", "Tháng phải từ 1 đến 12"),
        ("quý 5 năm 2025", "Không đọc được kỳ “quý 5 năm 2025”. Viết ví dụ: Tháng 8/2025"),
        ("năm ngoái", "Không đọc được kỳ"),
    ],
)
def test_a_period_that_cannot_be_read_gets_a_vietnamese_message_with_examples(text, message):
    with pytest.raises(PeriodError, match=message):
        Period.read(text)


@given(
    st.sampled_from(list(PeriodType)).flatmap(
        lambda kind: st.builds(
            Period,
            st.just(kind),
            st.integers(min_value=2000, max_value=2099),
            st.integers(min_value=1, max_value={"M": 12, "Q": 4, "S": 2}.get(Period(kind, 2000, 1).code[4:5], 1)),
        )
    )
)
def test_every_label_reads_back_to_its_period(period):
    assert Period.read(period.label) == period
    assert Period.read(period.short_label) == period
    assert Period.read(period.code) == period


def test_a_picker_offers_every_period_a_form_rolls_up_to_newest_first():
    import datetime as dt

    from tuyengiao.lib.periods import PeriodType, choices

    monthly = [p.code for p in choices(PeriodType.MONTH, dt.date(2025, 8, 20), years=1)]
    assert monthly[:4] == ["2025", "2025N9", "2025S2", "2025S1"]  # each year's coarser periods first
    assert "2025M08" in monthly and "2025M09" not in monthly  # nothing that has not begun
    quarterly = {p.type for p in choices(PeriodType.QUARTER, dt.date(2025, 8, 20))}
    assert PeriodType.MONTH not in quarterly and PeriodType.QUARTER in quarterly
    assert {p.type for p in choices(PeriodType.HALF, dt.date(2025, 8, 20))} == {PeriodType.YEAR, PeriodType.HALF}
