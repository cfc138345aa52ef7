"""Control characters typed or forged into any form never reach the database, the papers or the exports; titles
are one line. (Probing found a bell in a guest's name breaking the attendance XLSX, a NUL answered by Django's
English message, and titles holding line breaks.)"""

from __future__ import annotations

import io

from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from tests.meetings.test_meetings import create, full_lists, media, registry  # noqa: F401
from tuyengiao.lib.middleware import CleanInputMiddleware


def test_the_middleware_cleans_every_query_string_and_form_value_and_file_name():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import HttpResponse

    seen = {}

    def view(request):
        seen.update(get=request.GET.get("q"), post=request.POST.getlist("name"), file=request.FILES["tep"].name)
        return HttpResponse()

    request = RequestFactory().post(
        "/?q=a%00b%07c",
        {"name": ["Nguyễn\x07 Văn A\x00", "Dòng 1\r\nDòng 2\tcột"], "tep": SimpleUploadedFile("bi\x1bên.pdf", b"x")},
    )
    CleanInputMiddleware(view)(request)
    assert seen == {"get": "abc", "post": ["Nguyễn Văn A", "Dòng 1\nDòng 2\tcột"], "file": "biên.pdf"}


def test_a_bell_in_a_guest_name_and_a_broken_title_are_cleaned_and_the_exports_open(personas, registry):  # noqa: F811
    lists = full_lists(personas)
    lists["guests"] = [{"name": '=HYPERLINK("http://x","bấm")\x07', "position": "Khách\x00", "unit_text": "Sở\x1b"}]
    meeting = create(personas, **lists)
    assert [(g.name, g.position, g.unit_text) for g in meeting.guests.all()] == [
        ('=HYPERLINK("http://x","bấm")', "Khách", "Sở")
    ]
    client = personas.client(personas.specialist)
    response = client.get(reverse("meetings:attendance", args=[meeting.pk]))
    assert response.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows() for c in row]
    guest = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert guest.data_type == "s" and guest.quotePrefix  # text, never a live formula
    for name in ("invitation", "conclusions"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 200


def test_a_title_posted_with_line_breaks_is_stored_on_one_line(personas, registry):  # noqa: F811
    client = personas.client(personas.specialist)
    from tests.meetings.test_meetings import editor_data

    data = editor_data(personas)
    data["title"] = "Hội nghị\r\n  tổng kết\nnăm 2025"
    assert client.post(reverse("meetings:create"), data).status_code == 302
    from tuyengiao.meetings.models import Meeting

    assert Meeting.objects.latest("pk").title == "Hội nghị tổng kết năm 2025"


def test_a_nul_in_a_search_is_not_an_error(personas):
    response = personas.client(personas.specialist).get(reverse("documents:list"), {"q": "05\x00-CT/TW"})
    assert response.status_code == 200
