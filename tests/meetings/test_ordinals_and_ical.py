"""Pure helpers: Vietnamese ordinal words of numbered tasks and the iCalendar writer."""

from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.lib import ical
from tuyengiao.lib.ordinals import number_words, ordinal_phrase


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "Một là"),
        (2, "Hai là"),
        (4, "Bốn là"),
        (5, "Năm là"),
        (6, "Sáu là"),
        (10, "Mười là"),
        (11, "Mười một là"),
        (14, "Mười bốn là"),
        (15, "Mười lăm là"),
        (20, "Hai mươi là"),
        (21, "Hai mươi mốt là"),
        (24, "Hai mươi tư là"),
        (25, "Hai mươi lăm là"),
    ],
)
def test_tasks_are_led_by_vietnamese_ordinal_words(n, words):
    assert ordinal_phrase(n) == words


def test_hundreds_read_linh_for_a_missing_tens_digit():
    assert number_words(105) == "một trăm linh năm"
    assert number_words(110) == "một trăm mười"
    assert number_words(121) == "một trăm hai mươi mốt"
    assert number_words(300) == "ba trăm"


def test_task_numbers_start_at_one():
    with pytest.raises(ValueError):
        ordinal_phrase(0)


def test_ical_lines_are_folded_at_75_octets_with_crlf_and_text_is_escaped():
    event = ical.Event(
        uid="hoi-nghi-1@tuyengiao",
        summary="Hội nghị tổng kết công tác tuyên giáo năm 2023; triển khai nhiệm vụ, kế hoạch năm 2024 của tỉnh",
        start=dt.datetime(2024, 1, 4, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        end=dt.datetime(2024, 1, 4, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        description="Dòng 1\nDòng 2",
    )
    text = ical.calendar(
        [event, ical.Event(uid="t@x", summary="Hạn", start=dt.date(2024, 2, 1))],
        name="Lịch",
        now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART:20240104T010000Z" in unfolded
    assert "DTEND:20240104T043000Z" in unfolded
    assert "năm 2023\\; triển khai nhiệm vụ\\, kế hoạch" in unfolded
    assert "DESCRIPTION:Dòng 1\\nDòng 2" in unfolded
    assert "DTSTART;VALUE=DATE:20240201" in unfolded and "DTEND;VALUE=DATE:20240202" in unfolded
