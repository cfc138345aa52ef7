"""Fixtures: a Đắk Lắk monthly guidance sent to the two demo communes, and a Lâm Đồng bulletin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tuyengiao.outputs import services
from tuyengiao.outputs.models import Issue
from tuyengiao.units.models import Unit

DAY = dt.date(2026, 11, 3)


def make_issue(user: Any, issuer: Unit, recipients: list[Unit], **fields: Any) -> Issue:
    defaults: dict[str, Any] = {
        "kind": Issue.Kind.MONTHLY_GUIDANCE,
        "period": "2026M11",
        "issued_on": DAY,
        "title": "Định hướng tuyên truyền tháng 11/2026",
    }
    defaults.update(fields)
    issue = Issue(issuer=issuer, **defaults)
    topics = [services.TopicRow("Tuyên truyền Ngày Pháp luật", "Ngày 9/11"), services.TopicRow("Phòng, chống bão lũ")]
    return services.save_issue(issue, topics=topics, recipients=recipients, user=user, expected=None)


@pytest.fixture
def guidance(personas: Any) -> Issue:
    return make_issue(personas.specialist, personas.commission, [personas.commune_unit1])


@pytest.fixture
def lam_dong_bulletin(personas: Any) -> Issue:
    commission = Unit.objects.get(key="com:p:68")
    return make_issue(
        personas.outsider,
        commission,
        [],
        kind=Issue.Kind.BULLETIN,
        title="Bản tin Lâm Đồng tháng 11",
        number="Số 11/2026",
        copies_printed=4500,
    )
