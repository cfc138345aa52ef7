"""The bulk import page: templates to download, a good file creates documents, a bad one lists its errors."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuyengiao.documents import importer
from tuyengiao.documents.models import Document
from tuyengiao.lib import spreadsheets


def csv_file(*rows: dict[str, str], name: str = "van-ban.csv") -> SimpleUploadedFile:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([column.header for column in importer.COLUMNS])
    for row in rows:
        writer.writerow([row.get(column.key, "") for column in importer.COLUMNS])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def test_both_templates_download(personas):
    client = personas.client(personas.specialist)
    xlsx = client.get(reverse("documents:import_template", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK\x03\x04")
    assert 'filename="mau-nhap-van-ban.xlsx"' in xlsx["Content-Disposition"]
    text = client.get(reverse("documents:import_template", args=["csv"]))
    assert text.status_code == 200 and "Số, ký hiệu" in text.content.decode("utf-8-sig")
    assert client.get(reverse("documents:import_template", args=["pdf"])).status_code == 404


def test_the_page_offers_the_units_the_user_may_write_and_the_templates(personas):
    response = personas.client(personas.specialist).get(reverse("documents:import"))
    owners = {unit.pk for unit in response.context["form"].fields["owner"].queryset}
    assert owners == {personas.commission.pk, personas.province.pk}
    html = response.content.decode()
    assert reverse("documents:import_template", args=["xlsx"]) in html
    assert reverse("documents:import_template", args=["csv"]) in html


def test_a_good_file_creates_the_documents(personas):
    upload = csv_file(
        {
            "code": "25-kh/btgtu",
            "issue_date": "10/01/2022",
            "subject": "Kế hoạch tuyên truyền",
            "visibility": "Công khai",
        },
        {"code": "26-KH/BTGTU", "issue_date": "12/01/2022", "subject": "Kế hoạch thứ hai", "implements": "25-KH/BTGTU"},
    )
    response = personas.client(personas.specialist).post(
        reverse("documents:import"), {"owner": personas.commission.pk, "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã nhập 2 văn bản vào sổ đăng ký." in html
    assert set(Document.objects.values_list("code", "owner")) == {
        ("25-KH/BTGTU", personas.commission.pk),
        ("26-KH/BTGTU", personas.commission.pk),
    }
    for document in Document.objects.all():
        assert reverse("documents:detail", args=[document.pk]) in html


def test_a_bad_file_shows_the_errors_row_by_row_and_creates_nothing(personas):
    upload = csv_file(
        {"code": "27-KH/BTGTU", "issue_date": "10/01/2022", "subject": "Dòng tốt"},
        {"code": "khong phai so", "issue_date": "32/13/2022", "subject": "Dòng xấu"},
    )
    response = personas.client(personas.specialist).post(
        reverse("documents:import"), {"owner": personas.commission.pk, "file": upload}
    )
    html = response.content.decode()
    assert "chưa văn bản nào được nhập" in html
    errors = response.context["result"].errors
    assert {(e.row, e.column) for e in errors} >= {(3, "Số, ký hiệu"), (3, "Ngày ban hành")}
    assert 'data-testid="import-errors"' in html and "32/13/2022" in html
    assert not Document.objects.exists()


def test_a_forged_owner_is_refused(personas):
    response = personas.client(personas.commune1).post(
        reverse("documents:import"),
        {
            "owner": personas.commune_unit2.pk,
            "file": csv_file({"code": "1-KH/ĐU", "issue_date": "01/08/2025", "subject": "x"}),
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["owner"]
    assert not Document.objects.exists()


def test_a_file_over_five_megabytes_is_refused_before_it_is_read(personas, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the importer must not be called")

    monkeypatch.setattr(importer, "import_file", must_not_run)
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 1024 * 1024)
    response = personas.client(personas.specialist).post(
        reverse("documents:import"),
        {"owner": personas.commission.pk, "file": SimpleUploadedFile("lon.csv", b"a" * (1024 * 1024 + 1))},
    )
    assert "Tệp lớn hơn 1 MB; hãy chia thành nhiều tệp nhỏ hơn." in response.content.decode()


def test_only_spreadsheets_are_accepted(personas):
    response = personas.client(personas.specialist).post(
        reverse("documents:import"),
        {"owner": personas.commission.pk, "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)." in response.content.decode()


@pytest.mark.parametrize("user", ["viewer", "outsider"])
def test_the_result_never_shows_more_than_the_users_scope(personas, user):
    # The viewer may write nowhere; the outsider may write only in Lâm Đồng.
    client = personas.client(getattr(personas, user))
    response = client.post(
        reverse("documents:import"),
        {
            "owner": personas.commission.pk,
            "file": csv_file({"code": "1-KH/TU", "issue_date": "01/08/2025", "subject": "x"}),
        },
    )
    assert response.status_code in (200, 404)
    assert not Document.objects.exists()


def test_a_file_past_the_upload_limit_gets_the_size_message_alone(personas, settings):
    """The handler drops a file past TG_MAX_UPLOAD_MB while it streams in; the form must not also say the file
    is missing ("Trường này là bắt buộc.")."""
    settings.TG_MAX_UPLOAD_MB = 1
    response = personas.client(personas.specialist).post(
        reverse("documents:import"),
        {"owner": personas.commission.pk, "file": SimpleUploadedFile("lon.csv", b"a" * (2 * 1024 * 1024))},
    )
    page = response.content.decode()
    assert "Tệp “lon.csv” quá lớn; giới hạn là 1 MB." in page and "Trường này là bắt buộc" not in page
    assert not Document.objects.exists()
