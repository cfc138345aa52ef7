"""Pages of the outputs area (guidance and bulletins). Every query goes through ``Issue.objects.readable_by`` /
``writable_by``; an issue outside the scope is 404. A page's GET view only shows it; each form posts to its own
small view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.documents.models import Document
from tuyengiao.lib import downloads, spreadsheets
from tuyengiao.lib.revision import StaleEdit, posted_revision
from tuyengiao.lib.text import fold
from tuyengiao.outputs import services
from tuyengiao.outputs.forms import ArchiveForm, DistributionForm, FileForm, IssueForm, RelayForm
from tuyengiao.outputs.models import Issue, IssueFile, Recipient
from tuyengiao.units import choices
from tuyengiao.units.models import names_at

PER_PAGE = 30


def _readable(request: HttpRequest, pk: int) -> Issue:
    issue = Issue.objects.readable_by(request.user).filter(pk=pk).select_related("issuer", "document").first()
    if issue is None:
        raise Http404(_("Không tìm thấy số định hướng, bản tin."))
    return issue


def _writable(request: HttpRequest, pk: int) -> Issue:
    issue = _readable(request, pk)
    if not scoping.can_write(request.user, issue.issuer_id, issue.issued_on):
        raise Http404(_("Không tìm thấy số định hướng, bản tin."))
    return issue


def _archive_rows(request: HttpRequest) -> tuple[ArchiveForm, Any, int]:
    year = timezone.localdate().year
    form = ArchiveForm(request.GET or None, initial={"nam": year})
    rows = Issue.objects.readable_by(request.user)
    if form.is_valid():
        data = form.cleaned_data
        year = data["nam"] or year
        if data["loai"]:
            rows = rows.filter(kind=data["loai"])
        for word in fold(data["q"]).split():
            rows = rows.filter(search_text__contains=word)
    rows = rows.filter(issued_on__year=year)
    return form, rows, year


@login_required
def archive(request: HttpRequest) -> HttpResponse:
    form, rows, year = _archive_rows(request)
    rows = rows.annotate(
        n_topics=Count("topics", distinct=True),
        n_recipients=Count("recipients", distinct=True),
        n_relayed=Count("recipients", filter=Q(recipients__relayed_on__isnull=False), distinct=True),
    ).order_by("-issued_on", "-pk")
    totals = rows.order_by().aggregate(
        issues=Count("pk"),
        bulletins=Count("pk", filter=Q(kind=Issue.Kind.BULLETIN)),
        copies=Sum("copies_printed", filter=Q(kind=Issue.Kind.BULLETIN)),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    issuer_names = names_at([(i.issuer_id, i.issued_on) for i in page])
    return render(
        request,
        "outputs/archive.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "totals": totals,
            "rows": [(issue, issuer_names.get((issue.issuer_id, issue.issued_on), "")) for issue in page],
            "may_create": bool(scoping.root_ids(request.user, Capability.WRITE)) or request.user.is_superuser,
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The year's distribution: one row per issue and recipient (issues without recipients: one row)."""
    _form, rows, year = _archive_rows(request)
    receipts = list(
        Recipient.objects.readable_by(request.user)
        .filter(issue__in=rows.values("pk"))
        .select_related("issue")
        .order_by("issue__issued_on", "issue_id", "pk")
    )
    unsent = list(rows.filter(recipients__isnull=True).order_by("issued_on", "pk"))
    labels = names_at(
        [(r.unit_id, r.issue.issued_on) for r in receipts] + [(r.issue.issuer_id, r.issue.issued_on) for r in receipts]
    )
    labels |= names_at([(i.issuer_id, i.issued_on) for i in unsent])
    book, sheet = spreadsheets.new_workbook(_("Phát hành %(y)s") % {"y": year})
    spreadsheets.header_row(
        sheet,
        [
            _("Ngày ban hành"),
            _("Loại"),
            _("Số"),
            _("Tiêu đề"),
            _("Đơn vị ban hành"),
            _("Số bản in"),
            _("Nơi nhận"),
            _("Số bản gửi"),
            _("Bản điện tử"),
            _("Ngày đã đọc"),
            _("Ngày phổ biến"),
            _("Số chi bộ"),
        ],
        [12, 22, 14, 40, 30, 10, 30, 10, 10, 12, 12, 10],
    )
    integer = spreadsheets.INTEGER
    for r in receipts:
        i = r.issue
        spreadsheets.append(
            sheet,
            [
                i.issued_on,
                i.get_kind_display(),
                i.number,
                i.title,
                labels.get((i.issuer_id, i.issued_on), ""),
                i.copies_printed,
                labels.get((r.unit_id, i.issued_on), ""),
                r.copies,
                r.e_copies,
                r.read_on,
                r.relayed_on,
                r.cells_relayed,
            ],
            [None, None, None, None, None, integer, None, integer, integer, None, None, integer],
        )
    for i in unsent:
        spreadsheets.append(
            sheet,
            [
                i.issued_on,
                i.get_kind_display(),
                i.number,
                i.title,
                labels.get((i.issuer_id, i.issued_on), ""),
                i.copies_printed,
            ],
            [None, None, None, None, None, integer],
        )
    name = downloads.filename(_("Phát hành định hướng, bản tin"), str(year), ext="xlsx")
    return downloads.attachment(spreadsheets.to_bytes(book), name, downloads.XLSX)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _readable(request, pk)
    receipts = list(
        Recipient.objects.readable_by(request.user)
        .filter(issue=issue)
        .select_related("read_by", "relayed_by")
        .order_by("pk")
    )
    labels = names_at([(r.unit_id, issue.issued_on) for r in receipts] + [(issue.issuer_id, issue.issued_on)])
    may_write = scoping.can_write(request.user, issue.issuer_id, issue.issued_on)
    rows = []
    for r in receipts:
        r.issue = issue
        rows.append((r, labels.get((r.unit_id, issue.issued_on), ""), services.can_acknowledge(request.user, r)))
    sent = sum(r.copies for r in receipts)
    return render(
        request,
        "outputs/detail.html",
        {
            "issue": issue,
            "issuer_name": labels.get((issue.issuer_id, issue.issued_on), ""),
            "topics": list(issue.topics.all()),
            "files": list(issue.files.all()),
            "rows": rows,
            "sent": sent,
            "e_sent": sum(r.e_copies for r in receipts),
            "relayed": sum(1 for r in receipts if r.relayed_on),
            "may_write": may_write,
            "document_readable": issue.document_id is not None
            and Document.objects.readable_by(request.user).filter(pk=issue.document_id).exists(),
            "file_form": FileForm(),
            "relay_form": RelayForm(),
        },
    )


def _form_page(request: HttpRequest, form: IssueForm, issue: Issue | None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "outputs/form.html",
        {"form": form, "issue": issue, "unit_sources": choices.sources(form)},
        status=status,
    )


@login_required
def issue_new(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("loai", "")
    initial: dict[str, Any] = {"issued_on": timezone.localdate()}
    if kind in Issue.Kind.values:
        initial["kind"] = kind
    form = IssueForm(instance=Issue(), user=request.user, initial=initial)
    return _form_page(request, form, None)


def _save(request: HttpRequest, issue: Issue | None) -> HttpResponse:
    form = IssueForm(request.POST, instance=issue or Issue(), user=request.user)
    if not form.is_valid():
        return _form_page(request, form, issue, 409 if form.has_error("__all__", "stale") else 400)
    saved = form.apply()
    try:
        services.save_issue(
            saved,
            topics=form.cleaned_data["topics_text"],
            recipients=list(form.cleaned_data["recipients"]),
            user=request.user,
            expected=form.cleaned_data.get("revision") if issue else None,
            register=form.cleaned_data["register"],
        )
    except StaleEdit as exc:
        form.add_error(None, exc)
        return _form_page(request, form, issue, 409)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _form_page(request, form, issue, 400)
    messages.success(request, _("Đã lưu “%(t)s”.") % {"t": saved.title})
    return redirect("outputs:detail", pk=saved.pk)


@login_required
@require_POST
def issue_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _writable(request, pk)
    return _form_page(request, IssueForm(instance=issue, user=request.user), issue)


@login_required
@require_POST
def issue_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, _writable(request, pk))


def _distribution_form(issue: Issue, data: Any = None) -> DistributionForm:
    receipts = list(issue.recipients.order_by("pk"))
    labels = names_at([(r.unit_id, issue.issued_on) for r in receipts])
    rows = [(r, labels.get((r.unit_id, issue.issued_on), "")) for r in receipts]
    return DistributionForm(data, issue=issue, rows=rows)


@login_required
def distribution(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _writable(request, pk)
    return render(request, "outputs/distribution.html", {"issue": issue, "form": _distribution_form(issue)})


@login_required
@require_POST
def distribution_save(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _writable(request, pk)
    form = _distribution_form(issue, request.POST)
    status = 400
    if form.is_valid():
        try:
            services.save_distribution(
                issue,
                copies_printed=form.cleaned_data["copies_printed"],
                rows=form.values(),
                user=request.user,
                expected=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 409 if isinstance(exc, StaleEdit) else 400
        else:
            messages.success(request, _("Đã lưu số bản phát hành."))
            return redirect("outputs:detail", pk=issue.pk)
    elif form.has_error("__all__", "stale"):
        status = 409
    return render(request, "outputs/distribution.html", {"issue": issue, "form": form}, status=status)


@login_required
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _writable(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_file(issue, form.cleaned_data["file"], request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã thêm tệp đính kèm."))
    else:
        messages.error(request, _("Chưa chọn tệp đính kèm."))
    return redirect("outputs:detail", pk=issue.pk)


@login_required
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    issue = _readable(request, pk)
    stored = get_object_or_404(IssueFile, pk=file_pk, issue=issue)
    try:
        handle = stored.file.open("rb")
    except OSError as exc:
        raise Http404(_("Tệp không còn trên máy chủ.")) from exc
    return downloads.file_attachment(handle, stored.original_name, stored.content_type)


def _receipt(request: HttpRequest, pk: int, recipient: int) -> Recipient:
    issue = _readable(request, pk)
    row = Recipient.objects.filter(pk=recipient, issue=issue).first()
    if row is None:
        raise Http404
    row.issue = issue
    if not services.can_acknowledge(request.user, row):
        raise Http404
    return row


def _acknowledged(request: HttpRequest, issue_pk: int, action: Any) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ghi xác nhận của đơn vị nhận."))
    target = request.POST.get("tiep", "")
    if target == "home":
        return redirect("front:home")
    return redirect("outputs:detail", pk=issue_pk)


@login_required
@require_POST
def receipt_read(request: HttpRequest, pk: int, recipient: int) -> HttpResponse:
    row = _receipt(request, pk, recipient)

    def act() -> None:
        services.mark_read(row, user=request.user, expected=posted_revision(request.POST))

    return _acknowledged(request, pk, act)


@login_required
@require_POST
def receipt_relayed(request: HttpRequest, pk: int, recipient: int) -> HttpResponse:
    row = _receipt(request, pk, recipient)
    form = RelayForm(request.POST)

    def act() -> None:
        if not form.is_valid():
            raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
        services.mark_relayed(
            row,
            user=request.user,
            expected=posted_revision(request.POST),
            cells=form.cleaned_data["cells"],
            day=form.cleaned_data["day"],
        )

    return _acknowledged(request, pk, act)
