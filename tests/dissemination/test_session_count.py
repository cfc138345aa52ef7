"""Issue #14: a session held at two bridge points is one session, not two ("2 buổi" was shown for one)."""

from __future__ import annotations

import datetime as dt

from tests.dissemination.conftest import bridge, session, unit
from tuyengiao.dissemination.coverage import coverage

AUGUST = dt.date(2025, 8, 31)


def test_one_session_joined_at_two_bridge_points_counts_as_one_session_in_the_totals(personas, plan, document):
    meeting = session(personas.province, dt.date(2025, 8, 5), document, attendees=200, members=180)
    bridge(meeting, unit("c2025:24175"), attendees=45, members=40)
    bridge(meeting, unit("c2025:24121"), attendees=30, members=25)
    result = coverage(document, personas.province, AUGUST)
    assert result.totals.sessions == 1
    assert result.totals.attendees == 75  # attendance still adds up over the bridge points
    assert result.totals.done == 2
    assert all(row.sessions == 1 for row in result.rows if row.own)
