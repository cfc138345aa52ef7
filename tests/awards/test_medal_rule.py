"""The medal rule as a pure function: 10 years in the sector, or 7 with 3 in leading posts."""

from __future__ import annotations

import datetime as dt

from tuyengiao.awards.eligibility import Span, is_leading, medal_check

ON = dt.date(2025, 8, 1)


def years_ago(years: int, days: int = 0) -> dt.date:
    return ON.replace(year=ON.year - years) - dt.timedelta(days=days)


def test_ten_years_in_the_sector_qualify() -> None:
    assert medal_check([Span(years_ago(10, 3), None)], ON).eligible


def test_a_day_short_of_ten_years_does_not_qualify() -> None:
    assert not medal_check([Span(years_ago(10) + dt.timedelta(days=5), None)], ON).eligible


def test_seven_years_with_three_in_leading_posts_qualify() -> None:
    spans = [
        Span(years_ago(7, 3), years_ago(3, 4), leading=False),
        Span(years_ago(3, 3), None, leading=True),
    ]
    check = medal_check(spans, ON)
    assert check.eligible
    assert check.leading_years >= 3


def test_seven_years_with_two_in_leading_posts_do_not_qualify() -> None:
    spans = [Span(years_ago(7, 3), years_ago(2, 1)), Span(years_ago(2), None, leading=True)]
    assert not medal_check(spans, ON).eligible


def test_overlapping_postings_count_once() -> None:
    spans = [Span(years_ago(6), None), Span(years_ago(6), None, leading=True)]
    check = medal_check(spans, ON)
    assert check.sector_years < 7
    assert not check.eligible


def test_service_after_the_reference_date_does_not_count() -> None:
    check = medal_check([Span(dt.date(2020, 1, 1), None)], dt.date(2024, 12, 31))
    assert check.sector_years == 5


def test_leading_posts_are_recognised_by_position_text() -> None:
    assert is_leading("Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy")
    assert is_leading("Trưởng phòng Tuyên truyền")
    assert is_leading("  phó bí thư Đảng ủy xã")
    assert not is_leading("Chuyên viên")
    assert not is_leading("Ủy viên Ban Thường vụ")
