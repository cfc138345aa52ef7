"""Browse the unit tree as of a date, search it, and read a unit's history."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, Membership
from tuyengiao.lib import audit, downloads, spreadsheets
from tuyengiao.lib.forms import as_of
from tuyengiao.units import tree
from tuyengiao.units.forms import (
    RESTRUCTURE_FORMS,
    BasisForm,
    CreateChildForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
)
from tuyengiao.units.models import Kind, Level, Unit, UnitLink, UnitVersion, covers

SEARCH_PAGE_SIZE = 50
CHILDREN_PAGE_SIZE = 200


def _with_child_counts(versions: list[UnitVersion], date: dt.date) -> list[tuple[UnitVersion, int]]:
    """Each version with the number of units directly under it on ``date`` (one query)."""
    counts = dict(
        UnitVersion.objects.as_of(date)
        .filter(parent_id__in=[v.unit_id for v in versions])
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    return [(v, counts.get(v.unit_id, 0)) for v in versions]


@login_required
@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """The tree as of a date: the user's top units, or the children of ``tren``; or search results."""
    date, date_error = as_of(request.GET)
    query = request.GET.get("q", "").strip()
    readable = scoping.versions(request.user, date)
    parent: UnitVersion | None = None
    path: list[UnitVersion] = []
    page = None

    if query:
        results = readable.search(query).select_related("unit", "parent").in_tree_order()
        page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("trang"))
        rows = _with_child_counts(list(page.object_list), date)
        parents = {
            v.unit_id: v
            for v in UnitVersion.objects.as_of(date).filter(
                unit_id__in=[r[0].parent_id for r in rows if r[0].parent_id]
            )
        }
    else:
        parents = {}
        parent_id = request.GET.get("tren", "")
        if parent_id.isdigit():
            unit = scoping.get_unit_or_404(request.user, int(parent_id), date=date)
            parent = unit.version_on(date)
            if parent is not None:
                chain = tree.ancestors(unit, date)
                visible = set(readable.filter(pk__in=[v.pk for v in chain]).values_list("pk", flat=True))
                path = [v for v in chain if v.pk in visible]
                children = readable.filter(parent_id=unit.pk).select_related("unit").in_tree_order()
            else:
                children = readable.none()
        else:
            # Top of what this user may read: readable units whose parent they cannot read.
            children = readable.exclude(parent_id__in=readable.values("unit_id")).select_related("unit").in_tree_order()
        page = Paginator(children, CHILDREN_PAGE_SIZE).get_page(request.GET.get("trang"))
        rows = _with_child_counts(list(page.object_list), date)

    context = {
        "date": date,
        "date_error": date_error,
        "query": query,
        "parent": parent,
        "path": path,
        "rows": [(version, count, parents.get(version.parent_id or 0)) for version, count in rows],
        "page": page,
    }
    partial = request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "unit-rows"
    template = "units/_rows.html" if partial else "units/browse.html"
    return render(request, template, context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit: its versions (names, parents), lineage both ways, and its members."""
    date, date_error = as_of(request.GET)
    unit = scoping.get_unit_or_404(request.user, pk)
    versions = list(unit.versions.select_related("parent", "started_by", "ended_by").chronological())
    # Names of each version's parent as the parent was called when the version began.
    parent_names = {}
    for version in versions:
        if version.parent_id:
            when = version.valid_from or (version.valid_to - dt.timedelta(days=1) if version.valid_to else date)
            parent_version = UnitVersion.objects.filter(covers(when), unit_id=version.parent_id).first()
            parent_names[version.pk] = parent_version.display_name if parent_version else version.parent.key  # type: ignore[union-attr]

    def linked(links: list[UnitLink], attr: str) -> list[tuple[UnitLink, UnitVersion | None]]:
        out = []
        for link in links:
            other: Unit = getattr(link, attr)
            last = max(other.versions.all(), key=lambda v: v.valid_from or dt.date.min, default=None)
            out.append((link, last))
        return out

    predecessors = linked(
        list(unit.predecessor_links.select_related("predecessor", "event").prefetch_related("predecessor__versions")),
        "predecessor",
    )
    successors = linked(
        list(unit.successor_links.select_related("successor", "event").prefetch_related("successor__versions")),
        "successor",
    )
    current = unit.version_on(date) or versions[-1]
    path = tree.ancestors(unit, date) if unit.version_on(date) else []
    members = (
        Membership.objects.filter(unit=unit)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=timezone.localdate()))
        .select_related("user")
        .order_by("role", "user__username")
    )
    context = {
        "unit": unit,
        "date": date,
        "date_error": date_error,
        "current": current,
        "exists_on_date": unit.version_on(date) is not None,
        "versions": [(v, parent_names.get(v.pk, "")) for v in versions],
        "path": path,
        # Units outside the user's scope are named, not linked (their pages answer 404).
        "linkable": scoping.readable_unit_ids(
            request.user,
            {v.unit_id for v in path}
            | {v.parent_id for v in versions if v.parent_id}
            | {link.predecessor_id for link, _v in predecessors}
            | {link.successor_id for link, _v in successors},
        ),
        "predecessors": predecessors,
        "successors": successors,
        "members": members,
        "child_count": UnitVersion.objects.as_of(date).filter(parent_id=unit.pk).count(),
        "can_administer": scoping.can(request.user, Capability.ADMINISTER, unit),
    }
    return render(request, "units/detail.html", context)


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit trail of a unit and its versions: who changed what, when."""
    unit = scoping.get_unit_or_404(request.user, pk)
    rows = audit.entries(
        unit.history.select_related("history_user"),
        UnitVersion.history.filter(unit_id=unit.pk).select_related("history_user", "unit"),
        UnitLink.history.filter(Q(predecessor_id=unit.pk) | Q(successor_id=unit.pk)).select_related(
            "history_user", "predecessor", "successor"
        ),
    )
    return render(request, "units/history.html", {"unit": unit, "current": unit.versions.last(), "entries": rows})


def _restructure_page(
    request: HttpRequest, unit: Unit, refused: BasisForm | None = None, status: int = 200
) -> HttpResponse:
    """The restructuring page: one form per action, each posting to its own URL; ``refused`` is a bound form
    shown again with its errors, in its open tab."""
    forms = [
        refused
        if refused is not None and type(refused) is form_class
        else form_class(user=request.user, unit=unit, prefix=form_class.action)
        for form_class in RESTRUCTURE_FORMS
    ]
    current = unit.version_on(timezone.localdate()) or unit.versions.last()
    return render(
        request,
        "units/restructure.html",
        {"unit": unit, "current": current, "forms": forms, "active": refused.action if refused else "rename"},
        status=status,
    )


@login_required
@require_GET
def restructure(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators change structure here: rename, move, merge, split, dissolve, create.

    Every action needs the date it takes effect and its legal basis; each form posts to its own view below,
    and the service runs it in one transaction and refuses anything that breaks the tree.
    """
    return _restructure_page(request, scoping.get_unit_or_404(request.user, pk, Capability.ADMINISTER))


def _restructure_step(request: HttpRequest, pk: int, form_class: type[BasisForm]) -> HttpResponse:
    """One restructuring action: the administrator's unit (404 otherwise), the action's form, its service call.
    A refused form (its fields or the service's reason) is shown again in its tab with status 400."""
    unit = scoping.get_unit_or_404(request.user, pk, Capability.ADMINISTER)
    form = form_class(request.POST, user=request.user, unit=unit, prefix=form_class.action)
    if form.is_valid():
        try:
            form.apply()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            day = form.cleaned_data["date"]
            messages.success(
                request,
                _("Đã ghi nhận: %(action)s (%(date)s).") % {"action": form.title.lower(), "date": f"{day:%d/%m/%Y}"},
            )
            return redirect("units:detail", pk=unit.pk)
    return _restructure_page(request, unit, form, status=400)


@login_required
@require_POST
def restructure_rename(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure_step(request, pk, RenameForm)


@login_required
@require_POST
def restructure_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure_step(request, pk, MoveForm)


@login_required
@require_POST
def restructure_merge(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure_step(request, pk, MergeForm)


@login_required
@require_POST
def restructure_split(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure_step(request, pk, SplitForm)


@login_required
@require_POST
def restructure_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure_step(request, pk, DissolveForm)


@login_required
@require_POST
def restructure_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure_step(request, pk, CreateChildForm)


EXPORT_COLUMNS = [
    gettext_lazy("Mã hành chính"),
    gettext_lazy("Tên tổ chức"),
    gettext_lazy("Tên địa bàn"),
    gettext_lazy("Cấp"),
    gettext_lazy("Loại"),
    gettext_lazy("Trực thuộc"),
    gettext_lazy("Hiệu lực từ"),
]


@login_required
@require_GET
def export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV (UTF-8 with BOM, opens in Excel) of the units the user may read on a date.

    With ``tren`` only that unit's subtree; with ``q`` only matching units. The
    same scoping as the pages, so an export never shows more than the screen.
    """
    date, _error = as_of(request.GET)
    versions = scoping.versions(request.user, date)
    parent_id = request.GET.get("tren", "")
    if parent_id.isdigit():
        unit = scoping.get_unit_or_404(request.user, int(parent_id), date=date)
        versions = versions.filter(unit_id__in=tree.subtree_ids([unit.pk], date))
    if query := request.GET.get("q", "").strip():
        versions = versions.search(query)
    rows = (
        versions.in_tree_order()
        .annotate(
            parent_name=Subquery(
                UnitVersion.objects.as_of(date).filter(unit_id=OuterRef("parent_id")).values("name")[:1]
            )
        )
        .values_list("unit__code", "name", "area_name", "unit__level", "unit__kind", "parent_name", "valid_from")
    )
    levels, kinds = dict(Level.choices), dict(Kind.choices)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield "\ufeff"
        writer.writerow(EXPORT_COLUMNS)
        for code, name, area, level, kind, parent, start in rows.iterator(chunk_size=2000):
            writer.writerow(
                [
                    code,
                    spreadsheets.csv_text(name),
                    spreadsheets.csv_text(area),
                    levels[level],
                    kinds[kind],
                    spreadsheets.csv_text(parent or ""),
                    start.strftime("%d/%m/%Y") if start else "",
                ]
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = downloads.disposition(downloads.filename("Đơn vị", f"{date:%d-%m-%Y}", ext="csv"))
    return response


@login_required
@require_GET
def choices(request: HttpRequest) -> HttpResponse:
    """The ``<option>``s of a unit list for a record's date (``units/choices.py``), for htmx.

    ``ds`` the list; ``truong`` the name of the parameter holding the date (dd/mm/yyyy; default ``ngay``, where
    a list of a fixed date puts it; an unreadable date answers 204 and htmx keeps the options); ``don_vi`` (or
    ``don_vi_tu``, the name of the parameter holding it) the unit a ``duoi`` list hangs from, ``duoi_han=1``
    without that unit itself; ``tim`` the name of the parameter holding a search text (values are then unit
    keys, at most ``SEARCH_RESULTS`` units). Every list comes from the user's write scope on that date
    (``scoping.write_filter``; ``thi-dua`` from the own subtree, ``scoping.unit_filter``): outside it there is
    nothing.
    """
    from tuyengiao.units import choices as dated

    get = request.GET
    spec = get.get("ds", "")
    if spec not in dated.SPECS:
        return HttpResponse(status=400)
    raw = get.get(get.get("truong", "") or "ngay", "").strip()
    try:
        date = dt.datetime.strptime(raw, "%d/%m/%Y").date() if raw else timezone.localdate()
    except ValueError:
        return HttpResponse(status=204)
    under_text = get.get("don_vi", "") or get.get(get.get("don_vi_tu", "") or "don_vi", "")
    under_text = under_text.strip()  # a pk, or a key typed in a searchable input
    under = Unit.objects.filter(Q(pk=int(under_text)) if under_text.isdigit() else Q(key=under_text)).first()
    below = get.get("duoi_han") == "1"
    if "tim" in get:
        query = get.get(get["tim"], "").strip()[:100] if get["tim"] else ""
        rows = []
        if len(query) >= 2:
            rows = dated.unit_choices(
                request.user, date, spec, under, below=below, search=query, limit=dated.SEARCH_RESULTS
            )
        context = {"rows": rows, "keys": True}
    else:
        context = {"rows": dated.full_list(request.user, date, spec, under, below=below), "keys": False}
    return render(request, "units/_options.html", context)
