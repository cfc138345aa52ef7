"""A small iCalendar (RFC 5545) writer: VCALENDAR with VEVENTs, written by hand.

Lines end with CRLF and are folded at 75 octets (continuation lines start with one space; a
multi-byte UTF-8 character is never split); TEXT values escape backslash, semicolon, comma and
new lines; timed events are written in UTC ("…Z"), all-day events as DATE values with an exclusive
DTEND (the next day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

LIMIT = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: dt.datetime | dt.date  # an aware datetime, or a date for an all-day event
    end: dt.datetime | dt.date | None = None
    location: str = ""
    description: str = ""
    url: str = ""


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded into chunks of at most 75 octets, joined by CRLF + space."""
    chunks: list[str] = []
    current = ""
    size = 0
    limit = LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = LIMIT - 1  # continuation lines begin with a space
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return f"{name}:{_utc(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def calendar(events: Iterable[Event], *, name: str, now: dt.datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tuyen giao so//Lich hoi nghi va han//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    stamp = _utc(now)
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}", _when("DTSTART", event.start)]
        end = event.end
        if end is None and not isinstance(event.start, dt.datetime):
            end = event.start + dt.timedelta(days=1)
        if end is not None:
            lines.append(_when("DTEND", end))
        lines.append(f"SUMMARY:{escape(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
