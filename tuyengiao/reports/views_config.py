"""Configuration of periodic reports by administrators: indicators, report forms and form versions.

Only administrators (``user.is_administrator``, superusers included) see these
pages; anyone else gets 404. Forms are versioned: a version that has reports is
read-only, and changing the content means publishing a new version (a copy of the
latest one) from a later period, so past reports keep what they were made with.
Every write runs in a transaction; version edits lock the version row and check
for reports inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tuyengiao.documents.models import FieldOfWork
from tuyengiao.lib.periods import DeadlineRule, DeadlineRuleError
from tuyengiao.reports.forms_config import IndicatorForm, ItemForm, ReportFormForm, SectionForm, VersionCreateForm
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Section

PAGE_SIZE = 100
READ_ONLY = gettext_lazy("Phiên bản này đã có báo cáo; hãy tạo phiên bản mới.")

View = Callable[..., HttpResponse]


def administrators_only(view: View) -> View:
    """Logged in, and an administrator; anyone else gets 404 (the pages do not exist for them)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_administrator", False):
            raise Http404(_("Không tìm thấy trang."))
        return view(request, *args, **kwargs)

    return wrapper


def deadline_description(spec: str) -> str:
    try:
        return DeadlineRule.parse(spec).description
    except DeadlineRuleError:
        return spec


# --- Indicators ---------------------------------------------------------------------------------------------------


@administrators_only
@require_http_methods(["GET", "HEAD"])
def indicator_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    field = request.GET.get("linh_vuc", "").strip()
    indicators = Indicator.objects.select_related("field", "weight").annotate(uses=Count("items"))
    if query:
        indicators = indicators.filter(Q(code__icontains=query) | Q(name__icontains=query))
    if field:
        indicators = indicators.filter(field__code=field)
    page = Paginator(indicators.order_by("code"), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reports/config/indicator_list.html",
        {"page": page, "query": query, "field": field, "fields_of_work": FieldOfWork.objects.all()},
    )


@administrators_only
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                indicator = form.save()
            messages.success(request, _("Đã thêm chỉ tiêu %(indicator)s.") % {"indicator": indicator})
            return redirect("reports:indicator_list")
    else:
        form = IndicatorForm()
    return render(request, "reports/config/indicator_form.html", {"form": form, "indicator": None})


@administrators_only
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            # Lock the row, then check "has values" and save inside the same transaction.
            indicator = Indicator.objects.select_for_update().get(pk=pk)
            form = IndicatorForm(request.POST, instance=indicator)
            saved = form.save() if form.is_valid() else None
        if saved is not None:
            messages.success(request, _("Đã lưu chỉ tiêu %(indicator)s.") % {"indicator": saved})
            return redirect("reports:indicator_list")
    else:
        form = IndicatorForm(instance=indicator)
    return render(request, "reports/config/indicator_form.html", {"form": form, "indicator": indicator})


# --- Report forms -------------------------------------------------------------------------------------------------


@administrators_only
@require_http_methods(["GET", "HEAD"])
def form_list(request: HttpRequest) -> HttpResponse:
    forms = list(Form.objects.annotate(version_count=Count("versions"), latest=Max("versions__number")))
    rows = [(form, deadline_description(form.deadline_rule)) for form in forms]
    return render(request, "reports/config/form_list.html", {"rows": rows})


@administrators_only
@require_http_methods(["GET", "HEAD", "POST"])
def form_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ReportFormForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                report_form = form.save()
            messages.success(
                request,
                _("Đã thêm mẫu báo cáo “%(form)s”. Hãy tạo phiên bản đầu tiên.") % {"form": report_form},
            )
            return redirect("reports:form_edit", report_form.pk)
    else:
        form = ReportFormForm()
    return render(request, "reports/config/form_form.html", {"form": form, "report_form": None})


@administrators_only
@require_http_methods(["GET", "HEAD", "POST"])
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = get_object_or_404(Form, pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            report_form = Form.objects.select_for_update().get(pk=pk)
            form = ReportFormForm(request.POST, instance=report_form)
            saved = form.save() if form.is_valid() else None
        if saved is not None:
            messages.success(request, _("Đã lưu mẫu báo cáo “%(form)s”.") % {"form": saved})
            return redirect("reports:form_edit", saved.pk)
    else:
        form = ReportFormForm(instance=report_form)
    versions = report_form.versions.annotate(report_count=Count("reports")).order_by("-number")
    return render(
        request,
        "reports/config/form_form.html",
        {
            "form": form,
            "report_form": report_form,
            "versions": versions,
            "deadline": deadline_description(report_form.deadline_rule),
        },
    )


# --- Versions -----------------------------------------------------------------------------------------------------


def _version_or_404(form_pk: int, number: int) -> FormVersion:
    return get_object_or_404(FormVersion.objects.select_related("form"), form_id=form_pk, number=number)


@administrators_only
@require_http_methods(["GET", "HEAD"])
def form_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A version's sections and items; while it has no reports, its forms post to the edit views below."""
    return _version_page(request, _version_or_404(pk, number))


def _version_page(
    request: HttpRequest,
    version: FormVersion,
    section_form: SectionForm | None = None,
    item_forms: dict[int, ItemForm] | None = None,
) -> HttpResponse:
    item_forms = item_forms or {}
    read_only = version.reports.exists()
    sections = list(version.sections.prefetch_related("items__indicator").order_by("order"))
    rows = [
        (section, item_forms.get(section.pk) or ItemForm(prefix=f"item-{section.pk}", section=section))
        for section in sections
    ]
    latest = version.form.versions.order_by("-number").first()
    return render(
        request,
        "reports/config/version.html",
        {
            "version": version,
            "report_form": version.form,
            "read_only": read_only,
            "rows": rows,
            "section_form": section_form or SectionForm(prefix="section"),
            "is_latest": latest is not None and latest.pk == version.pk,
            "indicators_kind": Section.Kind.INDICATORS,
        },
    )


Edit = Callable[[FormVersion], "SectionForm | ItemForm | None"]


def _edit_version(request: HttpRequest, pk: int, number: int, edit: Edit) -> HttpResponse:
    """Apply one edit to a version without reports, with the version locked. ``edit`` returns an invalid form to
    show again, or None (done or refused, with a message)."""
    version = _version_or_404(pk, number)
    with transaction.atomic():
        locked = FormVersion.objects.select_for_update().get(pk=version.pk)
        if locked.reports.exists():
            messages.error(request, READ_ONLY)
            outcome = None
        else:
            outcome = edit(locked)
    if isinstance(outcome, SectionForm):
        return _version_page(request, version, section_form=outcome)
    if isinstance(outcome, ItemForm) and outcome.section is not None:
        return _version_page(request, version, item_forms={outcome.section.pk: outcome})
    return redirect("reports:form_version", pk, number)


def _section(request: HttpRequest, version: FormVersion, section_pk: int) -> Section | None:
    section = version.sections.filter(pk=section_pk).first()
    if section is None:
        messages.error(request, _("Không tìm thấy mục này trong phiên bản."))
    return section


def _item(request: HttpRequest, version: FormVersion, section_pk: int, item_pk: int) -> Item | None:
    section = _section(request, version, section_pk)
    item = section.items.filter(pk=item_pk).first() if section is not None else None
    if section is not None and item is None:
        messages.error(request, _("Không tìm thấy chỉ tiêu này trong mục."))
    return item


@administrators_only
@require_POST
def version_section_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    def edit(version: FormVersion) -> SectionForm | None:
        form = SectionForm(request.POST, prefix="section")
        if not form.is_valid():
            return form
        order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
        Section.objects.create(
            version=version, order=order, title=form.cleaned_data["title"], kind=form.cleaned_data["kind"]
        )
        messages.success(request, _("Đã thêm mục “%(title)s”.") % {"title": form.cleaned_data["title"]})
        return None

    return _edit_version(request, pk, number, edit)


@administrators_only
@require_POST
def version_section_remove(request: HttpRequest, pk: int, number: int, section: int) -> HttpResponse:
    def edit(version: FormVersion) -> None:
        row = _section(request, version, section)
        if row is not None:
            row.delete()
            messages.success(request, _("Đã xóa mục “%(title)s”.") % {"title": row.title})

    return _edit_version(request, pk, number, edit)


def _section_move(request: HttpRequest, pk: int, number: int, section: int, *, up: bool) -> HttpResponse:
    def edit(version: FormVersion) -> None:
        row = _section(request, version, section)
        if row is not None:
            _move(version.sections.all(), row, up=up)

    return _edit_version(request, pk, number, edit)


@administrators_only
@require_POST
def version_section_up(request: HttpRequest, pk: int, number: int, section: int) -> HttpResponse:
    return _section_move(request, pk, number, section, up=True)


@administrators_only
@require_POST
def version_section_down(request: HttpRequest, pk: int, number: int, section: int) -> HttpResponse:
    return _section_move(request, pk, number, section, up=False)


@administrators_only
@require_POST
def version_item_add(request: HttpRequest, pk: int, number: int, section: int) -> HttpResponse:
    def edit(version: FormVersion) -> ItemForm | None:
        row = _section(request, version, section)
        if row is None:
            return None
        if row.kind != Section.Kind.INDICATORS:
            messages.error(request, _("Chỉ mục loại “Chỉ tiêu” mới có chỉ tiêu."))
            return None
        form = ItemForm(request.POST, prefix=f"item-{row.pk}", section=row)
        if not form.is_valid():
            return form
        order = (row.items.aggregate(m=Max("order"))["m"] or 0) + 1
        indicator = form.cleaned_data["indicator"]
        Item.objects.create(section=row, order=order, indicator=indicator, label=form.cleaned_data["label"])
        messages.success(request, _("Đã thêm chỉ tiêu %(indicator)s.") % {"indicator": indicator})
        return None

    return _edit_version(request, pk, number, edit)


@administrators_only
@require_POST
def version_item_remove(request: HttpRequest, pk: int, number: int, section: int, item: int) -> HttpResponse:
    def edit(version: FormVersion) -> None:
        row = _item(request, version, section, item)
        if row is not None:
            row.delete()
            messages.success(request, _("Đã bỏ chỉ tiêu %(indicator)s khỏi mục.") % {"indicator": row.indicator})

    return _edit_version(request, pk, number, edit)


def _item_move(request: HttpRequest, pk: int, number: int, section: int, item: int, *, up: bool) -> HttpResponse:
    def edit(version: FormVersion) -> None:
        row = _item(request, version, section, item)
        if row is not None:
            _move(row.section.items.all(), row, up=up)

    return _edit_version(request, pk, number, edit)


@administrators_only
@require_POST
def version_item_up(request: HttpRequest, pk: int, number: int, section: int, item: int) -> HttpResponse:
    return _item_move(request, pk, number, section, item, up=True)


@administrators_only
@require_POST
def version_item_down(request: HttpRequest, pk: int, number: int, section: int, item: int) -> HttpResponse:
    return _item_move(request, pk, number, section, item, up=False)


def _move(siblings: Any, obj: Section | Item, *, up: bool) -> None:
    """Swap ``obj`` with its neighbour above or below (orders are unique, so through a free value)."""
    neighbour = (
        siblings.filter(order__lt=obj.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=obj.order).order_by("order").first()
    )
    if neighbour is None:
        return
    mine, theirs = obj.order, neighbour.order
    obj.order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    obj.save(update_fields=["order"])
    neighbour.order = mine
    neighbour.save(update_fields=["order"])
    obj.order = theirs
    obj.save(update_fields=["order"])


@administrators_only
@require_http_methods(["GET", "HEAD", "POST"])
def form_version_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version from a later period: a copy of the latest version's sections and items (empty for the first)."""
    report_form = get_object_or_404(Form, pk=pk)
    previous = report_form.versions.order_by("-number").first()
    if request.method == "POST":
        with transaction.atomic():
            report_form = Form.objects.select_for_update().get(pk=pk)
            previous = report_form.versions.order_by("-number").first()
            form = VersionCreateForm(request.POST, form=report_form, previous=previous)
            version = _copy(report_form, previous, form.cleaned_data) if form.is_valid() else None
        if version is not None:
            messages.success(
                request,
                _("Đã tạo phiên bản %(number)s, áp dụng từ kỳ %(period)s.")
                % {"number": version.number, "period": version.effective_from},
            )
            return redirect("reports:form_version", report_form.pk, version.number)
    else:
        form = VersionCreateForm(form=report_form, previous=previous)
    return render(
        request,
        "reports/config/version_create.html",
        {"form": form, "report_form": report_form, "previous": previous},
    )


def _copy(report_form: Form, previous: FormVersion | None, data: dict[str, Any]) -> FormVersion:
    version = FormVersion.objects.create(
        form=report_form,
        number=(previous.number + 1) if previous else 1,
        effective_from=data["effective_from"],
        note=data.get("note", ""),
    )
    if previous is not None:
        for section in previous.sections.prefetch_related("items").order_by("order"):
            copy = Section.objects.create(version=version, order=section.order, title=section.title, kind=section.kind)
            Item.objects.bulk_create(
                Item(section=copy, order=item.order, indicator_id=item.indicator_id, label=item.label)
                for item in section.items.all()
            )
    return version


V = "cau-hinh/mau-bao-cao/<int:pk>/phien-ban/<int:number>/"

urlpatterns = [
    path("cau-hinh/chi-tieu/", indicator_list, name="indicator_list"),
    path("cau-hinh/chi-tieu/them/", indicator_create, name="indicator_create"),
    path("cau-hinh/chi-tieu/<int:pk>/sua/", indicator_edit, name="indicator_edit"),
    path("cau-hinh/mau-bao-cao/", form_list, name="form_list"),
    path("cau-hinh/mau-bao-cao/them/", form_create, name="form_create"),
    path("cau-hinh/mau-bao-cao/<int:pk>/", form_edit, name="form_edit"),
    path("cau-hinh/mau-bao-cao/<int:pk>/phien-ban/moi/", form_version_create, name="form_version_create"),
    path(V, form_version, name="form_version"),
    path(f"{V}muc/them/", version_section_add, name="version_section_add"),
    path(f"{V}muc/<int:section>/xoa/", version_section_remove, name="version_section_remove"),
    path(f"{V}muc/<int:section>/len/", version_section_up, name="version_section_up"),
    path(f"{V}muc/<int:section>/xuong/", version_section_down, name="version_section_down"),
    path(f"{V}muc/<int:section>/chi-tieu/them/", version_item_add, name="version_item_add"),
    path(f"{V}muc/<int:section>/chi-tieu/<int:item>/bo/", version_item_remove, name="version_item_remove"),
    path(f"{V}muc/<int:section>/chi-tieu/<int:item>/len/", version_item_up, name="version_item_up"),
    path(f"{V}muc/<int:section>/chi-tieu/<int:item>/xuong/", version_item_down, name="version_item_down"),
]
