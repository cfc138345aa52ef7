"""A document's owner is chosen among the units of its issue date; the successor files and corrects its
predecessors' documents issued before the merger, under their own name."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.documents.test_views import form_data, make
from tuyengiao.documents.forms import DocumentForm
from tuyengiao.documents.models import Document
from tuyengiao.units.models import Unit


def owners(form: DocumentForm) -> dict[int, str]:
    return {int(value): str(label) for value, label in form.fields["owner"].choices if value != ""}


def test_owner_choices_are_the_units_of_the_issue_date_named_as_then(personas):
    readable = Document.objects.all()
    phu_yen = Unit.objects.get(key="com:p:54")
    june = owners(DocumentForm({"issue_date": "05/06/2025"}, user=personas.specialist, readable=readable))
    assert june[phu_yen.pk] == "Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Yên"
    assert june[personas.commission.pk] == "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"
    old = owners(DocumentForm({"issue_date": "21/07/2023"}, user=personas.specialist, readable=readable))
    assert old[personas.commission.pk] == "Ban Tuyên giáo Tỉnh ủy Đắk Lắk"
    new = owners(DocumentForm(user=personas.specialist, readable=readable))  # an empty form: today
    assert phu_yen.pk not in new and personas.commission.pk in new
    assert owners(DocumentForm({"issue_date": "05/06/2025"}, user=personas.outsider, readable=readable)).keys() == {
        Unit.objects.get(key=key).pk for key in ("com:p:68", "p:68", "com:p:67", "p:67", "com:p:60", "p:60")
    }


def test_dak_lak_files_a_phu_yen_document_of_june_2025_under_phu_yens_name(personas):
    phu_yen = Unit.objects.get(key="com:p:54")
    client = personas.client(personas.specialist)
    data = form_data(phu_yen, code="30-KH/BTGDVTU", issue_date="05/06/2025", issuer_name="Ban Tuyên giáo và Dân vận")
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.owner == phu_yen
    assert document.history.get().history_user == personas.specialist
    assert document.code in client.get(reverse("documents:list")).content.decode()
    late = client.post(reverse("documents:create"), {**data, "code": "31-KH/BTGDVTU", "issue_date": "01/08/2025"})
    assert late.status_code == 200 and late.context["form"].errors["owner"]
    assert Document.objects.count() == 1


def test_the_successor_corrects_a_predecessors_document_and_others_cannot(personas):
    document = make("32-KH/BTGDVTU", Unit.objects.get(key="com:p:54"), dt.date(2025, 6, 5))
    edit = reverse("documents:edit", args=[document.pk])
    client = personas.client(personas.specialist)
    assert edit in client.get(document.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 200
    for other in (personas.outsider, personas.commune1, personas.viewer):
        assert personas.client(other).get(edit).status_code == 404
