"""Everyday work on a cycle: styled forms, the person picker, withdrawing a nomination, keeping the council,
editing the cycle and its pledge files; forged requests from elsewhere change nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards.conftest import GK, form
from tuyengiao.awards import services
from tuyengiao.awards.models import Award, Bloc, CouncilMember, Decision, EmulationCycle, Nomination, Vote
from tuyengiao.people.models import Person, Posting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def text_of(response: Any) -> str:
    return response.content.decode()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def commune_nomination(personas: Any, cycle: EmulationCycle) -> Nomination:
    return services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)


def cycle_url(cycle: EmulationCycle) -> str:
    return reverse("awards:cycle", args=[cycle.pk])


# --- 1. Styled forms, dates dd/mm/yyyy -------------------------------------------------------------------------


def test_every_form_on_the_cycle_page_is_styled_for_bootstrap(personas: Any, cycle: EmulationCycle) -> None:
    page = text_of(personas.client(personas.specialist).get(cycle_url(cycle)))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
        if 'type="hidden"' in tag or "csrfmiddlewaretoken" in tag:
            continue
        assert re.search(r'class="[^"]*\bform-(?:control|select|check-input)\b', tag), tag
    assert 'name="dk-registered_on"' in page
    registered_on = re.search(r'<input[^>]*name="dk-registered_on"[^>]*>', page)
    assert registered_on is not None
    assert 'placeholder="dd/mm/yyyy"' in registered_on.group(0)
    assert re.search(r'value="\d{2}/\d{2}/\d{4}"', registered_on.group(0))


def test_the_decision_page_forms_are_styled_too(personas: Any, cycle: EmulationCycle, commune_nomination: Any) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    page = text_of(personas.client(personas.specialist).get(reverse("awards:decision", args=[decision.pk])))
    assert 'class="form-check-input"' in page  # the candidates to put on the list
    assert re.search(r'<input[^>]*name="issued_on"[^>]*class="form-control"', page) or re.search(
        r'<input[^>]*class="form-control"[^>]*name="issued_on"', page
    )


def test_a_date_typed_day_first_is_read_day_first(personas: Any, cycle: EmulationCycle) -> None:
    client = personas.client(personas.specialist)
    client.post(
        reverse("awards:cycle_edit", args=[cycle.pk]),
        {"sua-revision": cycle.revision, "sua-title": cycle.title, "sua-registration_until": "05/08/2025"},
    )
    cycle.refresh_from_db()
    assert cycle.registration_until == dt.date(2025, 8, 5)


# --- 2. The person picker --------------------------------------------------------------------------------------


def test_each_person_option_names_the_units_of_their_postings(
    personas: Any, cycle: EmulationCycle, veteran: Person, newcomer: Person
) -> None:
    page = text_of(personas.client(personas.specialist).get(cycle_url(cycle)))
    option = re.search(rf'<option value="{newcomer.pk}"[^>]*>', page)
    assert option is not None
    assert f'data-units="{personas.commune_unit1.pk}"' in option.group(0)
    assert f'data-units="{personas.commission.pk}"' in page
    assert "data-awards-unit" in page and "data-awards-person" in page
    # Served by the project, nothing from another host (a random CSRF token may well contain "cdn").
    assert "/static/js/awards.js" in page and not re.search(r'(src|href)="(https?:)?//', page)


def test_the_picker_costs_the_same_queries_for_two_people_or_twenty(personas: Any, cycle: EmulationCycle) -> None:
    client = personas.client(personas.specialist)

    def add_people(count: int) -> None:
        for number in range(count):
            person = Person.objects.create(full_name=f"Cán bộ {number} {count}")
            Posting.objects.create(
                person=person, unit=personas.commune_unit1, position="Chuyên viên", from_date=dt.date(2020, 1, 1)
            )
            Posting.objects.create(
                person=person, unit=personas.commission, position="Kiêm nhiệm", from_date=dt.date(2021, 1, 1)
            )

    add_people(2)
    client.get(cycle_url(cycle))  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(cycle_url(cycle))
    add_people(20)
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(cycle_url(cycle)))
    assert len(many) == len(few)
    both = " ".join(str(pk) for pk in sorted([personas.commission.pk, personas.commune_unit1.pk]))
    assert page.count(f'data-units="{both}"') == 2 * 22  # the registration and the nomination pickers


def test_a_person_of_another_unit_is_refused_with_a_message_and_nothing_is_saved(
    personas: Any, cycle: EmulationCycle, veteran: Person
) -> None:
    response = personas.client(personas.specialist).post(
        reverse("awards:cycle_nominate", args=[cycle.pk]),
        {
            "dn-unit": personas.commune_unit1.pk,
            "dn-person": veteran.pk,
            "dn-award_form": form(GK).pk,
            "dn-achievements": "Tốt",
        },
        follow=True,
    )
    assert "Cá nhân không có quá trình công tác tại đơn vị đã chọn." in text_of(response)
    assert not Nomination.objects.filter(cycle=cycle).exists()


def test_a_commune_cannot_pick_a_person_outside_its_own_units(
    personas: Any, cycle: EmulationCycle, veteran: Person, newcomer: Person
) -> None:
    client = personas.client(personas.commune1)
    page = text_of(client.get(cycle_url(cycle)))
    assert f'<option value="{newcomer.pk}" data-units=' in page
    assert f'<option value="{veteran.pk}" data-units=' not in page
    client.post(
        reverse("awards:cycle_nominate", args=[cycle.pk]),
        {
            "dn-unit": personas.commission.pk,
            "dn-person": veteran.pk,
            "dn-award_form": form(GK).pk,
            "dn-achievements": "x",
        },
    )
    assert not Nomination.objects.filter(cycle=cycle).exists()


# --- 3. Withdrawing a nomination -------------------------------------------------------------------------------


def withdraw_url(nomination: Nomination) -> str:
    return reverse("awards:nomination_withdraw", args=[nomination.pk])


def test_the_nominee_unit_withdraws_its_nomination(personas: Any, commune_nomination: Nomination) -> None:
    client = personas.client(personas.commune1)
    page = text_of(client.get(reverse("awards:nomination", args=[commune_nomination.pk])))
    assert 'data-testid="withdraw-form"' in page
    response = client.post(withdraw_url(commune_nomination), {"revision": 1}, follow=True)
    assert "Đã rút đề nghị khen thưởng." in text_of(response)
    commune_nomination.refresh_from_db()
    assert commune_nomination.status == Nomination.Status.WITHDRAWN
    assert commune_nomination.revision == 2
    assert 'data-testid="withdrawn"' in text_of(response)
    assert 'data-testid="withdraw-form"' not in text_of(response)


def test_the_organiser_may_withdraw_a_communes_nomination(personas: Any, commune_nomination: Nomination) -> None:
    personas.client(personas.specialist).post(withdraw_url(commune_nomination), {"revision": 1})
    commune_nomination.refresh_from_db()
    assert commune_nomination.status == Nomination.Status.WITHDRAWN


def test_a_stale_withdrawal_is_refused_and_changes_nothing(personas: Any, commune_nomination: Nomination) -> None:
    Nomination.objects.filter(pk=commune_nomination.pk).update(revision=5)
    response = personas.client(personas.commune1).post(withdraw_url(commune_nomination), {"revision": 4}, follow=True)
    assert "Đề nghị đã được người khác cập nhật trong lúc bạn thao tác. Hãy tải lại trang" in text_of(response)
    commune_nomination.refresh_from_db()
    assert (commune_nomination.status, commune_nomination.revision) == (Nomination.Status.PROPOSED, 5)


def test_a_withdrawal_without_a_revision_changes_nothing(personas: Any, commune_nomination: Nomination) -> None:
    response = personas.client(personas.commune1).post(withdraw_url(commune_nomination), {}, follow=True)
    assert "Thiếu số phiên bản" in text_of(response)
    commune_nomination.refresh_from_db()
    assert commune_nomination.status == Nomination.Status.PROPOSED


def test_a_nomination_on_a_decision_cannot_be_withdrawn(personas: Any, cycle: Any, commune_nomination: Any) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    services.add_awards(decision, [(commune_nomination, "")], personas.specialist)
    client = personas.client(personas.specialist)
    page = text_of(client.get(reverse("awards:nomination", args=[commune_nomination.pk])))
    assert 'data-testid="withdraw-form"' not in page
    response = client.post(withdraw_url(commune_nomination), {"revision": 1}, follow=True)
    assert "Đề nghị đã có trong một quyết định khen thưởng; không rút được." in text_of(response)
    commune_nomination.refresh_from_db()
    assert (commune_nomination.status, commune_nomination.revision) == (Nomination.Status.PROPOSED, 1)


def test_a_second_withdrawal_says_it_is_already_withdrawn(personas: Any, commune_nomination: Nomination) -> None:
    services.withdraw(commune_nomination, personas.commune1, 1)
    with pytest.raises(services.ValidationError, match="đã được rút"):
        services.withdraw(commune_nomination, personas.commune1, 2)


@pytest.mark.parametrize("who", ["commune2", "outsider"])
def test_a_forged_withdrawal_from_elsewhere_answers_404(personas: Any, commune_nomination: Any, who: str) -> None:
    response = personas.client(getattr(personas, who)).post(withdraw_url(commune_nomination), {"revision": 1})
    assert response.status_code == 404
    commune_nomination.refresh_from_db()
    assert commune_nomination.status == Nomination.Status.PROPOSED


def test_a_reader_who_may_not_write_the_unit_cannot_withdraw(personas: Any, commune_nomination: Any) -> None:
    with pytest.raises(services.ValidationError, match="không có quyền rút"):
        services.withdraw(commune_nomination, personas.commune2, 1)
    commune_nomination.refresh_from_db()
    assert commune_nomination.status == Nomination.Status.PROPOSED


def test_a_withdrawn_nomination_is_struck_through_unranked_and_no_candidate(
    personas: Any, cycle: EmulationCycle
) -> None:
    first = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    second = services.nominate(cycle, form(GK), personas.commune_unit2, None, "Tốt", personas.commune2)
    services.withdraw(first, personas.commune1, 1)
    client = personas.client(personas.specialist)
    page = text_of(client.get(cycle_url(cycle)))
    table = page[page.index('data-testid="nominations"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>.*?</tr>", table, flags=re.S)[1:]
    assert len(rows) == 2
    assert rows[0].startswith("<tr><td>1</td>") and str(second.pk) in rows[0]
    assert "data-withdrawn" in rows[1] and "<del>" in rows[1] and "<td></td>" in rows[1]
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    page = text_of(client.get(reverse("awards:decision", args=[decision.pk])))
    assert f'name="nominations" value="{second.pk}"' in page
    assert f'name="nominations" value="{first.pk}"' not in page
    client.post(
        reverse("awards:decision_add", args=[decision.pk]),
        {"revision": decision.revision, "nominations": [first.pk]},
    )
    assert not decision.awards.exists()


def test_no_vote_is_recorded_on_a_withdrawn_nomination(personas: Any, cycle: Any, commune_nomination: Any) -> None:
    member = services.add_member(cycle, "Y Ni Ksơr", "Chủ tịch", personas.specialist)
    services.withdraw(commune_nomination, personas.commune1, 1)
    response = personas.client(personas.specialist).post(
        reverse("awards:nomination", args=[commune_nomination.pk]), {"member": member.pk, "agree": "1"}, follow=True
    )
    assert "Đề nghị đã được rút; không ghi phiếu." in text_of(response)
    assert not Vote.objects.exists()


# --- 4. The council --------------------------------------------------------------------------------------------


@pytest.fixture
def member(personas: Any, cycle: EmulationCycle) -> CouncilMember:
    return services.add_member(cycle, "Y Ni Ksơr", "Ủy viên", personas.specialist)


def member_url(cycle: EmulationCycle, member: CouncilMember, action: str) -> str:
    return reverse(f"awards:member_{action}", args=[cycle.pk, member.pk])


def test_the_organiser_edits_a_council_member(personas: Any, cycle: Any, member: CouncilMember) -> None:
    response = personas.client(personas.specialist).post(
        member_url(cycle, member, "edit"), {"hd-full_name": "  H'Hoa   Niê ", "hd-role": "Phó Chủ tịch"}, follow=True
    )
    assert "Đã sửa thông tin thành viên hội đồng." in text_of(response)
    member.refresh_from_db()
    assert (member.full_name, member.role) == ("H'Hoa Niê", "Phó Chủ tịch")


def test_an_empty_name_is_refused(personas: Any, cycle: Any, member: CouncilMember) -> None:
    response = personas.client(personas.specialist).post(
        member_url(cycle, member, "edit"), {"hd-full_name": "   ", "hd-role": "Ủy viên"}, follow=True
    )
    assert "Họ và tên" in text_of(response) or "họ và tên" in text_of(response)
    member.refresh_from_db()
    assert member.full_name == "Y Ni Ksơr"


def test_a_member_who_has_voted_cannot_be_removed(
    personas: Any, cycle: Any, member: Any, commune_nomination: Any
) -> None:
    services.vote(commune_nomination, member, True, None, personas.specialist)
    response = personas.client(personas.specialist).post(member_url(cycle, member, "delete"), follow=True)
    assert "Thành viên đã bỏ phiếu; hãy xóa phiếu trước" in text_of(response)
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    assert Vote.objects.filter(member=member).exists()


def test_the_organiser_deletes_a_vote_then_removes_the_member(
    personas: Any, cycle: Any, member: CouncilMember, commune_nomination: Nomination
) -> None:
    row = services.vote(commune_nomination, member, True, None, personas.specialist)
    client = personas.client(personas.specialist)
    page = text_of(client.get(reverse("awards:nomination", args=[commune_nomination.pk])))
    assert reverse("awards:vote_delete", args=[commune_nomination.pk, row.pk]) in page
    response = client.post(reverse("awards:vote_delete", args=[commune_nomination.pk, row.pk]), follow=True)
    assert "Đã xóa phiếu của Y Ni Ksơr." in text_of(response)
    assert not Vote.objects.exists()
    client.post(member_url(cycle, member, "delete"))
    assert not CouncilMember.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("who", ["commune1", "outsider"])
def test_forged_council_changes_from_elsewhere_answer_404_and_change_nothing(
    personas: Any, cycle: Any, member: CouncilMember, commune_nomination: Nomination, who: str
) -> None:
    row = services.vote(commune_nomination, member, False, None, personas.specialist)
    client = personas.client(getattr(personas, who))
    assert client.post(member_url(cycle, member, "edit"), {"hd-full_name": "X", "hd-role": "Y"}).status_code == 404
    assert client.post(member_url(cycle, member, "delete")).status_code == 404
    assert client.post(reverse("awards:vote_delete", args=[commune_nomination.pk, row.pk])).status_code == 404
    member.refresh_from_db()
    assert member.full_name == "Y Ni Ksơr"
    assert Vote.objects.filter(pk=row.pk).exists()


def test_a_vote_is_deleted_only_through_its_own_nomination(
    personas: Any, cycle: Any, member: CouncilMember, commune_nomination: Nomination
) -> None:
    other = services.nominate(cycle, form(GK), personas.commune_unit2, None, "Tốt", personas.commune2)
    row = services.vote(commune_nomination, member, True, None, personas.specialist)
    client = personas.client(personas.specialist)
    assert client.post(reverse("awards:vote_delete", args=[other.pk, row.pk])).status_code == 404
    assert Vote.objects.filter(pk=row.pk).exists()


def test_a_member_of_another_cycle_is_not_found(personas: Any, cycle: Any, member: CouncilMember) -> None:
    other = EmulationCycle.objects.create(unit=personas.commission, year=2024, title="Thi đua năm 2024")
    client = personas.client(personas.specialist)
    assert client.post(member_url(other, member, "delete")).status_code == 404
    assert CouncilMember.objects.filter(pk=member.pk).exists()


# --- 5. Editing the cycle --------------------------------------------------------------------------------------


def edit(cycle: EmulationCycle, revision: int, **fields: str) -> dict[str, Any]:
    data: dict[str, Any] = {"sua-revision": revision, "sua-title": cycle.title}
    data.update({f"sua-{name}": value for name, value in fields.items()})
    return data


def test_the_organiser_edits_the_cycle_and_the_page_shows_the_comment_result(personas: Any, cycle: Any) -> None:
    client = personas.client(personas.specialist)
    response = client.post(
        reverse("awards:cycle_edit", args=[cycle.pk]),
        edit(
            cycle,
            1,
            title="Thi đua yêu nước năm 2025",
            registration_until="31/03/2025",
            comment_from="10/12/2025",
            comment_to="19/12/2025",
            comment_result="Không có ý kiến phản ánh.",
        ),
        follow=True,
    )
    assert "Đã cập nhật đợt thi đua." in text_of(response)
    cycle.refresh_from_db()
    assert cycle.title == "Thi đua yêu nước năm 2025"
    assert (cycle.registration_until, cycle.comment_from, cycle.comment_to) == (
        dt.date(2025, 3, 31),
        dt.date(2025, 12, 10),
        dt.date(2025, 12, 19),
    )
    assert cycle.revision == 2
    assert 'data-testid="comment-result"' in text_of(response)
    assert "Không có ý kiến phản ánh." in text_of(response)


def test_a_stale_cycle_edit_is_refused_and_changes_nothing(personas: Any, cycle: Any) -> None:
    client = personas.client(personas.specialist)
    client.post(reverse("awards:cycle_edit", args=[cycle.pk]), edit(cycle, 1, comment_result="Lần một"))
    response = client.post(
        reverse("awards:cycle_edit", args=[cycle.pk]), edit(cycle, 1, comment_result="Lần hai"), follow=True
    )
    assert "Đợt thi đua đã được người khác cập nhật trong lúc bạn sửa. Hãy tải lại trang" in text_of(response)
    cycle.refresh_from_db()
    assert (cycle.comment_result, cycle.revision) == ("Lần một", 2)


def test_a_comment_window_ending_before_it_starts_is_refused(personas: Any, cycle: Any) -> None:
    response = personas.client(personas.specialist).post(
        reverse("awards:cycle_edit", args=[cycle.pk]),
        edit(cycle, 1, comment_from="19/12/2025", comment_to="10/12/2025"),
    )
    assert response.status_code == 200
    assert "Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu." in text_of(response)
    assert 'id="sua-dot" open' in text_of(response)
    cycle.refresh_from_db()
    assert (cycle.comment_from, cycle.revision) == (None, 1)


def test_half_a_comment_window_is_refused(personas: Any, cycle: Any) -> None:
    response = personas.client(personas.specialist).post(
        reverse("awards:cycle_edit", args=[cycle.pk]), edit(cycle, 1, comment_from="10/12/2025")
    )
    assert "Hãy nhập cả ngày bắt đầu và ngày kết thúc" in text_of(response)
    cycle.refresh_from_db()
    assert cycle.comment_from is None


@pytest.mark.parametrize("who", ["commune1", "outsider", "viewer"])
def test_only_the_organiser_edits_the_cycle(personas: Any, cycle: Any, who: str) -> None:
    client = personas.client(getattr(personas, who))
    response = client.post(reverse("awards:cycle_edit", args=[cycle.pk]), edit(cycle, 1, comment_result="Giả mạo"))
    assert response.status_code == 404
    cycle.refresh_from_db()
    assert (cycle.comment_result, cycle.revision) == ("", 1)
    if who == "commune1":
        assert 'data-testid="cycle-edit-form"' not in text_of(client.get(cycle_url(cycle)))


def test_the_service_refuses_a_cycle_edit_by_a_commune(personas: Any, cycle: Any) -> None:
    with pytest.raises(services.ValidationError, match="cơ quan tổ chức"):
        services.update_cycle(cycle, personas.commune1, 1, title="Khác")


# --- 6. Pledge files -------------------------------------------------------------------------------------------


def add_bloc(client: Any, cycle: EmulationCycle, upload: Any, **extra: Any) -> Any:
    data = {"kh-name": "Khối các xã", "kh-pledge_signed_on": "20/02/2025", "kh-pledge_file": upload, **extra}
    return client.post(reverse("awards:cycle_bloc_add", args=[cycle.pk]), data, follow=True)


def test_a_signed_pledge_is_uploaded_and_downloaded_through_a_scoped_view(
    personas: Any, cycle: EmulationCycle, media: Any
) -> None:
    client = personas.client(personas.specialist)
    response = add_bloc(
        client,
        cycle,
        SimpleUploadedFile("giao-uoc.pdf", PDF, content_type="application/pdf"),
        **{"kh-members": [personas.commune_unit1.pk, personas.commune_unit2.pk]},
    )
    assert "Đã thêm khối thi đua." in text_of(response)
    bloc = Bloc.objects.get(cycle=cycle)
    assert bloc.pledge_signed_on == dt.date(2025, 2, 20)
    assert set(bloc.members.all()) == {personas.commune_unit1, personas.commune_unit2}
    url = reverse("awards:pledge_file", args=[cycle.pk, bloc.pk])
    page = text_of(client.get(cycle_url(cycle)))
    assert url in page and "/media/" not in page
    for user in (personas.specialist, personas.commune1):
        download = personas.client(user).get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert b"".join(download.streaming_content) == PDF


def test_another_province_cannot_download_a_pledge(personas: Any, cycle: EmulationCycle, media: Any) -> None:
    bloc = services.add_bloc(
        cycle, "Khối", [], personas.specialist, pledge_file=SimpleUploadedFile("g.pdf", PDF, "application/pdf")
    )
    url = reverse("awards:pledge_file", args=[cycle.pk, bloc.pk])
    assert personas.client(personas.outsider).get(url).status_code == 404
    other = EmulationCycle.objects.create(unit=personas.commission, year=2024, title="Năm 2024")
    wrong_cycle = reverse("awards:pledge_file", args=[other.pk, bloc.pk])
    assert personas.client(personas.specialist).get(wrong_cycle).status_code == 404


def test_a_bloc_without_a_pledge_has_no_file_to_download(personas: Any, cycle: EmulationCycle) -> None:
    bloc = services.add_bloc(cycle, "Khối", [], personas.specialist)
    assert (
        personas.client(personas.specialist).get(reverse("awards:pledge_file", args=[cycle.pk, bloc.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("giao-uoc.exe", b"MZ\x90\x00", "không phải PDF, DOCX, PNG hoặc JPG"),
        ("giao-uoc.pdf", b"not really a pdf", "không phải PDF, DOCX, PNG hoặc JPG"),
        ("giao-uoc.docx", b"PK\x03\x04broken", "bị hỏng"),
    ],
)
def test_a_pledge_that_is_not_pdf_docx_jpg_or_png_is_refused(
    personas: Any, cycle: EmulationCycle, media: Any, name: str, content: bytes, message: str
) -> None:
    response = add_bloc(personas.client(personas.specialist), cycle, SimpleUploadedFile(name, content))
    assert message in text_of(response)
    assert not Bloc.objects.exists()


def test_a_docx_pledge_is_accepted(personas: Any, cycle: EmulationCycle, media: Any) -> None:
    add_bloc(personas.client(personas.specialist), cycle, SimpleUploadedFile("giao-uoc.docx", docx_bytes()))
    assert Bloc.objects.get().pledge_file.name.endswith(".docx")


def test_a_pledge_over_the_upload_cap_is_refused(personas: Any, cycle: Any, media: Any, settings: Any) -> None:
    settings.TG_MAX_UPLOAD_MB = 0  # every byte is over the cap
    response = add_bloc(personas.client(personas.specialist), cycle, SimpleUploadedFile("g.pdf", PDF))
    assert "quá lớn" in text_of(response)
    assert not Bloc.objects.exists()


def test_a_pledge_over_the_attachment_cap_is_refused(personas: Any, cycle: Any, media: Any, monkeypatch: Any) -> None:
    from tuyengiao.documents import services as document_services

    monkeypatch.setattr(document_services, "MAX_ATTACHMENT_BYTES", 10)
    response = add_bloc(personas.client(personas.specialist), cycle, SimpleUploadedFile("g.pdf", PDF))
    assert "quá lớn" in text_of(response)
    assert not Bloc.objects.exists()


def test_a_commune_cannot_add_a_bloc(personas: Any, cycle: EmulationCycle, media: Any) -> None:
    response = add_bloc(personas.client(personas.commune1), cycle, SimpleUploadedFile("g.pdf", PDF))
    assert "Chỉ cơ quan tổ chức thi đua" in text_of(response)
    assert not Bloc.objects.exists()


# --- 7. Bounded queries ----------------------------------------------------------------------------------------


def test_the_new_pages_and_actions_issue_a_bounded_number_of_queries(
    personas: Any, cycle: EmulationCycle, veteran: Person, media: Any, django_assert_max_num_queries: Any
) -> None:
    nominations = [
        services.nominate(cycle, form(GK), unit, None, "Tốt", personas.specialist)
        for unit in (personas.commune_unit1, personas.commune_unit2, personas.commission)
    ]
    members = [services.add_member(cycle, f"Thành viên {n}", "Ủy viên", personas.specialist) for n in range(5)]
    for row in members:
        services.vote(nominations[0], row, True, None, personas.specialist)
    services.withdraw(nominations[2], personas.specialist, 1)
    bloc = services.add_bloc(
        cycle, "Khối", [personas.commune_unit1], personas.specialist, pledge_file=SimpleUploadedFile("g.pdf", PDF)
    )
    client = personas.client(personas.specialist)
    client.get(cycle_url(cycle))
    with django_assert_max_num_queries(50):
        assert client.get(cycle_url(cycle)).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("awards:nomination", args=[nominations[0].pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("awards:pledge_file", args=[cycle.pk, bloc.pk])).status_code == 200
    with django_assert_max_num_queries(40):
        client.post(withdraw_url(nominations[1]), {"revision": 1})
    with django_assert_max_num_queries(40):
        client.post(reverse("awards:vote_delete", args=[nominations[0].pk, members[0].votes.get().pk]))
    with django_assert_max_num_queries(40):
        client.post(member_url(cycle, members[0], "edit"), {"hd-full_name": "A", "hd-role": "B"})
    with django_assert_max_num_queries(40):
        client.post(member_url(cycle, members[0], "delete"))
    with django_assert_max_num_queries(40):
        client.post(reverse("awards:cycle_edit", args=[cycle.pk]), edit(cycle, 1, comment_result="Đồng thuận"))
    cycle.refresh_from_db()
    assert cycle.comment_result == "Đồng thuận"


# --- 8. Stale edits and one URL per action ----------------------------------------------------------------------


def test_a_cycle_edit_without_the_revision_is_refused_and_says_to_reload(personas: Any, cycle: Any) -> None:
    data = edit(cycle, 1, comment_result="Không có phiên bản")
    del data["sua-revision"]
    response = personas.client(personas.specialist).post(reverse("awards:cycle_edit", args=[cycle.pk]), data)
    assert response.status_code == 200
    assert "tải lại trang" in text_of(response)
    cycle.refresh_from_db()
    assert (cycle.comment_result, cycle.revision) == ("", 1)


def test_two_organisers_open_the_cycle_and_the_second_edit_is_refused(personas: Any, cycle: Any) -> None:
    first, second = personas.client(personas.specialist), personas.client(personas.leader)
    pattern = r'name="sua-revision" value="(\d+)"'
    opened = [re.search(pattern, text_of(c.get(cycle_url(cycle)))) for c in (first, second)]
    revisions = [int(match.group(1)) for match in opened if match]
    assert revisions == [1, 1]
    url = reverse("awards:cycle_edit", args=[cycle.pk])
    assert first.post(url, edit(cycle, revisions[0], comment_result="Lần một")).status_code == 302
    response = second.post(url, edit(cycle, revisions[1], comment_result="Lần hai"), follow=True)
    assert "Đợt thi đua đã được người khác cập nhật trong lúc bạn sửa. Hãy tải lại trang" in text_of(response)
    cycle.refresh_from_db()
    assert (cycle.comment_result, cycle.revision) == ("Lần một", 2)


def test_adding_to_a_decision_without_its_revision_changes_nothing(
    personas: Any, cycle: Any, commune_nomination: Nomination
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    response = personas.client(personas.specialist).post(
        reverse("awards:decision_add", args=[decision.pk]), {"nominations": [commune_nomination.pk]}, follow=True
    )
    assert "tải lại trang" in text_of(response)
    assert not decision.awards.exists()
    assert Decision.objects.get(pk=decision.pk).revision == 1


def test_the_decision_page_takes_no_post_and_its_actions_refuse_everyone_but_the_organiser(
    personas: Any, cycle: Any, commune_nomination: Nomination
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    (award,) = services.add_awards(decision, [(commune_nomination, "")], personas.specialist)
    organiser = personas.client(personas.specialist)
    issue = {"revision": 2, "number": "9-QĐ/BTGDVTU", "issued_on": "20/12/2025", "signer_name": "Nguyễn Văn B"}
    combined = organiser.post(reverse("awards:decision", args=[decision.pk]), {"action": "issue", **issue})
    assert combined.status_code == 405
    actions = [
        (reverse("awards:decision_add", args=[decision.pk]), {"revision": 2, "nominations": [commune_nomination.pk]}),
        (reverse("awards:decision_issue", args=[decision.pk]), issue),
        (
            reverse("awards:decision_revoke", args=[decision.pk, award.pk]),
            {"revoked_on": "21/12/2025", "reason": "Giả mạo"},
        ),
    ]
    for url, data in actions:
        for who in ("commune1", "outsider", "viewer"):
            assert personas.client(getattr(personas, who)).post(url, data).status_code == 404, (url, who)
        assert organiser.get(url).status_code == 405
    decision.refresh_from_db()
    assert (decision.number, decision.revision) == ("", 2)
    assert Award.objects.get(pk=award.pk).revoked_on is None


@pytest.mark.parametrize(
    "name", ["cycle_register", "cycle_nominate", "cycle_bloc_add", "cycle_member_add", "cycle_decision_add"]
)
def test_each_cycle_action_has_its_own_url_and_another_province_gets_404(personas: Any, cycle: Any, name: str) -> None:
    url = reverse(f"awards:{name}", args=[cycle.pk])
    assert personas.client(personas.outsider).post(url, {}).status_code == 404
    assert personas.client(personas.specialist).get(url).status_code == 405


@pytest.mark.parametrize("name", ["cycle_member_add", "cycle_decision_add"])
def test_a_commune_cannot_add_council_members_or_decisions(personas: Any, cycle: Any, name: str) -> None:
    data = {
        "hd-full_name": "Y Ni Ksơr",
        "hd-role": "Chủ tịch",
        "qd-award_form": form(GK).pk,
        "qd-subject": "Về việc",
        "qd-signer_title": "TRƯỞNG BAN",
    }
    response = personas.client(personas.commune1).post(reverse(f"awards:{name}", args=[cycle.pk]), data, follow=True)
    assert "Chỉ cơ quan tổ chức thi đua" in text_of(response)
    assert not CouncilMember.objects.filter(cycle=cycle).exists() and not Decision.objects.filter(cycle=cycle).exists()
