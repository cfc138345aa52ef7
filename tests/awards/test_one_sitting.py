"""A ceremony's nominations and the council's votes entered in one sitting: the add form comes back open after
each save, and the tally sheet takes every vote of a council meeting in one all-or-nothing POST."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.awards.conftest import GK, MEDAL, form
from tuyengiao.awards import services
from tuyengiao.awards.models import CouncilMember, EmulationCycle, Nomination, Vote
from tuyengiao.people.models import Person, Posting

pytestmark = pytest.mark.django_db


def _council_and_nominations(personas: Any, cycle: EmulationCycle) -> tuple[list[Any], list[Nomination]]:
    members = [
        services.add_member(cycle, name, "Ủy viên", personas.specialist)
        for name in ("Y Ni Ksơr", "Trần Văn Hội", "Lê Thị Mai")
    ]
    nominations = [
        services.nominate(cycle, form(GK), unit, None, "Tốt", personas.specialist)
        for unit in (personas.commune_unit1, personas.commune_unit2)
    ]
    for index in range(3):
        person = Person.objects.create(full_name=f"Phạm Văn Cán Bộ {index + 1}")
        Posting.objects.create(
            person=person, unit=personas.commission, position="Chuyên viên", from_date=dt.date(2012, 1, 1)
        )
        nominations.append(
            services.nominate(cycle, form(MEDAL), personas.commission, person, "13 năm", personas.specialist)
        )
    return members, nominations


def _sheet(cycle: EmulationCycle, members: list[Any], nominations: list[Nomination]) -> dict[str, str]:
    data = {"revision": str(EmulationCycle.objects.get(pk=cycle.pk).votes_revision)}
    for n_index, nomination in enumerate(nominations):
        for m_index, member in enumerate(members):
            agree = (n_index + m_index) % 4 != 3
            data[f"y-{member.pk}-{nomination.pk}"] = "1" if agree else "0"
            data[f"d-{member.pk}-{nomination.pk}"] = f"{80 + n_index},5"
    return data


def test_after_adding_a_nomination_the_cycle_page_comes_back_with_the_form_open_focused_and_the_form_kept(
    personas: Any, cycle: Any
) -> None:
    client = personas.client(personas.specialist)
    response = client.post(
        reverse("awards:cycle_nominate", args=[cycle.pk]),
        {"dn-unit": personas.commune_unit1.pk, "dn-award_form": form(GK).pk, "dn-achievements": "Xuất sắc"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?mo=de-nghi&hinh-thuc={form(GK).pk}")
    assert re.search(r'<details class="mb-3" id="de-nghi" open>', page)
    form_html = page.split('data-testid="nomination-form"')[1].split("</form>")[0]
    assert (
        "autofocus" in form_html.split('name="dn-unit"')[1].split(">")[0]
        or "autofocus" in form_html.split('name="dn-unit"')[0].rsplit("<", 1)[1]
    )
    assert f'<option value="{form(GK).pk}" selected>' in form_html
    assert "Đã ghi nhận đề nghị khen thưởng" in page
    # the next one, from the same page, without leaving it
    client.post(
        reverse("awards:cycle_nominate", args=[cycle.pk]),
        {"dn-unit": personas.commune_unit2.pk, "dn-award_form": form(GK).pk, "dn-achievements": "Tốt"},
    )
    assert Nomination.objects.filter(cycle=cycle).count() == 2
    # a page opened without ?mo keeps its forms folded
    plain = client.get(reverse("awards:cycle", args=[cycle.pk])).content.decode()
    assert '<details class="mb-3" id="de-nghi">' in plain


def test_the_tally_sheet_records_every_vote_of_a_council_meeting_in_one_post(personas: Any, cycle: Any) -> None:
    members, nominations = _council_and_nominations(personas, cycle)
    client = personas.client(personas.specialist)
    cycle_page = client.get(reverse("awards:cycle", args=[cycle.pk])).content.decode()
    assert reverse("awards:tally", args=[cycle.pk]) in cycle_page
    page = client.get(reverse("awards:tally", args=[cycle.pk]))
    assert page.status_code == 200
    assert page.content.decode().count("<select") == 15
    response = client.post(reverse("awards:tally", args=[cycle.pk]), _sheet(cycle, members, nominations))
    assert response.status_code == 302
    assert Vote.objects.filter(member__cycle=cycle).count() == 15
    vote = Vote.objects.get(member=members[0], nomination=nominations[3])
    assert (vote.agree, vote.score) == (False, Decimal("83.5"))
    # the sheet shows what was recorded; emptying a cell removes that vote
    data = _sheet(cycle, members, nominations)
    data[f"y-{members[0].pk}-{nominations[0].pk}"] = ""
    data[f"d-{members[0].pk}-{nominations[0].pk}"] = ""
    assert client.post(reverse("awards:tally", args=[cycle.pk]), data).status_code == 302
    assert Vote.objects.filter(member__cycle=cycle).count() == 14


def test_a_stale_tally_sheet_is_refused_whole_and_editing_the_cycle_does_not_make_it_stale(
    personas: Any, cycle: Any
) -> None:
    members, nominations = _council_and_nominations(personas, cycle)
    client = personas.client(personas.specialist)
    stale = _sheet(cycle, members, nominations)
    services.update_cycle(cycle, personas.specialist, cycle.revision, comment_result="Đồng thuận")
    assert _sheet(cycle, members, nominations)["revision"] == stale["revision"]
    services.vote(nominations[0], members[0], False, Decimal(10), personas.specialist)  # someone else, meanwhile
    response = client.post(reverse("awards:tally", args=[cycle.pk]), stale)
    assert response.status_code == 400
    assert "tải lại trang" in response.content.decode()
    assert Vote.objects.filter(member__cycle=cycle).count() == 1
    missing = dict(stale)
    missing.pop("revision")
    response = client.post(reverse("awards:tally", args=[cycle.pk]), missing)
    assert response.status_code == 400
    assert Vote.objects.filter(member__cycle=cycle).count() == 1


def test_a_forged_cell_refuses_the_whole_tally_sheet_in_vietnamese(personas: Any, cycle: Any) -> None:
    members, nominations = _council_and_nominations(personas, cycle)
    other = EmulationCycle.objects.create(unit=personas.commission, year=2024, title="Thi đua năm 2024")
    stranger = CouncilMember.objects.create(cycle=other, full_name="Người ngoài")
    client = personas.client(personas.specialist)
    data = _sheet(cycle, members, nominations)
    data[f"y-{stranger.pk}-{nominations[0].pk}"] = "1"
    response = client.post(reverse("awards:tally", args=[cycle.pk]), data)
    assert response.status_code == 400
    assert "không có trong bảng" in response.content.decode()
    assert not Vote.objects.exists()
    data = _sheet(cycle, members, nominations)
    data[f"d-{members[1].pk}-{nominations[1].pk}"] = "150"
    response = client.post(reverse("awards:tally", args=[cycle.pk]), data)
    assert response.status_code == 400
    assert not Vote.objects.exists()
    data = _sheet(cycle, members, nominations)
    data[f"y-{members[1].pk}-{nominations[1].pk}"] = ""
    response = client.post(reverse("awards:tally", args=[cycle.pk]), data)
    assert response.status_code == 400
    assert "chưa chọn đồng ý hay không" in response.content.decode()
    assert not Vote.objects.exists()


def test_only_the_organiser_opens_the_tally_sheet(personas: Any, cycle: Any) -> None:
    _council_and_nominations(personas, cycle)
    client = personas.client(personas.commune1)
    assert client.get(reverse("awards:tally", args=[cycle.pk])).status_code == 404
    assert client.post(reverse("awards:tally", args=[cycle.pk]), {"revision": "1"}).status_code == 404
