"""Coverage as the tree stood on a date, through the 01/07/2025 merger, in a few SQL statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dissemination.conftest import bridge, session, unit
from tuyengiao.dissemination.coverage import coverage, totals
from tuyengiao.dissemination.models import PartyMemberCount

JUNE = dt.date(2025, 6, 15)
AUGUST = dt.date(2025, 8, 31)
OCTOBER = dt.date(2025, 10, 15)


def _row(result, key):
    pk = unit(key).pk
    return next(row for row in result.rows if row.unit_id == pk)


def test_before_the_merger_the_old_communes_of_dak_lak_are_expected_and_eight_are_done(personas, merger_sessions):
    result = coverage(merger_sessions.document, personas.province, JUNE)
    assert result.totals.expected == 180  # the old Đắk Lắk's communes on 15/06/2025
    assert result.totals.done == 8
    assert result.totals.overdue == 0  # the deadline is 30/09/2025
    assert _row(result, "c:24133").own and _row(result, "c:24133").sessions == 1
    assert not _row(result, "c:24178").done


def test_after_the_merger_a_new_ward_is_done_when_all_its_predecessors_studied(personas, merger_sessions):
    result = coverage(merger_sessions.document, personas.province, AUGUST)
    assert result.totals.expected == 102  # the new Đắk Lắk's communes on 31/08/2025
    bmt = _row(result, "c2025:24133")
    assert bmt.done and bmt.by_lineage and not bmt.own
    assert (bmt.sessions, bmt.attendees, bmt.party_members) == (6, 360, 300)  # added up through lineage
    assert bmt.members == 600  # no own figure yet: the predecessors' counts
    assert bmt.percent == Decimal("50.0")
    assert not _row(result, "c2025:24175").done  # one of Hòa Phú's three predecessors did not study
    assert result.totals.done == 1


def test_a_new_commune_whose_predecessors_did_not_all_study_is_done_by_its_own_session(personas, merger_sessions):
    hoa_phu = unit("c2025:24175")
    session(hoa_phu, dt.date(2025, 8, 12), merger_sessions.document, attendees=90, members=70)
    PartyMemberCount.objects.create(unit=hoa_phu, valid_from=dt.date(2025, 7, 1), count=150)
    row = _row(coverage(merger_sessions.document, personas.province, AUGUST), "c2025:24175")
    assert row.done and row.own
    assert (row.sessions, row.party_members, row.members) == (3, 110, 150)
    assert row.percent == Decimal("73.3")


def test_a_bridge_point_with_attendees_counts_and_one_without_does_not(personas, merger_sessions):
    meeting = session(personas.province, dt.date(2025, 8, 5), merger_sessions.document, attendees=200, members=180)
    bridge(meeting, unit("c2025:24175"), attendees=45, members=40)
    bridge(meeting, unit("c2025:24121"), attendees=None)
    result = coverage(merger_sessions.document, personas.province, AUGUST)
    assert _row(result, "c2025:24175").done
    assert not _row(result, "c2025:24121").done
    assert result.totals.done == 2


def test_after_the_deadline_the_units_not_done_are_overdue(personas, merger_sessions):
    result = coverage(merger_sessions.document, personas.province, OCTOBER)
    assert result.totals.overdue == 101
    assert _row(result, "c2025:24175").overdue
    assert not _row(result, "c2025:24133").overdue


def test_the_percentage_caps_each_unit_at_its_members_and_weights_by_members(personas, merger_sessions):
    hoa_phu = unit("c2025:24175")
    PartyMemberCount.objects.create(unit=hoa_phu, valid_from=dt.date(2025, 7, 1), count=50)
    session(hoa_phu, dt.date(2025, 8, 12), merger_sessions.document, attendees=90, members=80)
    summary, _plan, _start = totals(merger_sessions.document, personas.province, AUGUST)
    # Buôn Ma Thuột 300 of 600; Hòa Phú 40 + 80 = 120 attending, capped at its 50 members.
    assert (summary.reached, summary.members) == (350, 650)
    assert summary.percent == Decimal("53.8")


def test_the_latest_count_on_or_before_the_date_applies(personas, merger_sessions):
    bmt = unit("c2025:24133")
    PartyMemberCount.objects.create(unit=bmt, valid_from=dt.date(2025, 7, 1), count=500)
    PartyMemberCount.objects.create(unit=bmt, valid_from=dt.date(2025, 9, 1), count=1000)
    assert _row(coverage(merger_sessions.document, personas.province, AUGUST), "c2025:24133").members == 500
    assert _row(coverage(merger_sessions.document, personas.province, OCTOBER), "c2025:24133").members == 1000
    assert PartyMemberCount.objects.on(AUGUST).get(unit=bmt).count == 500


def test_sessions_outside_the_window_do_not_count(personas, merger_sessions):
    session(unit("c2025:24121"), dt.date(2024, 12, 31), merger_sessions.document)
    result = coverage(merger_sessions.document, personas.province, AUGUST)
    assert not _row(result, "c2025:24121").done


def test_a_commune_root_sees_only_itself_under_the_province_plan(personas, merger_sessions):
    result = coverage(merger_sessions.document, personas.commune_unit1, AUGUST)
    assert [row.unit_id for row in result.rows] == [personas.commune_unit1.pk]
    assert result.plan == merger_sessions


def test_coverage_is_a_constant_number_of_statements(personas, merger_sessions):
    with CaptureQueriesContext(connection) as queries:
        coverage(merger_sessions.document, personas.province, AUGUST)
    assert len(queries) <= 8
