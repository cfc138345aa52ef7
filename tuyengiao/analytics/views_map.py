"""The map pages: the national choropleth (``ban-do/``) and a province's ranked units (``ban-do/tinh/<pk>/``).

``?mau=<form code>&chi_tieu=<indicator code>&ky=<period>&co_cau=dd/mm/yyyy``: all optional (the first form, its
first indicator that a map can show, the latest period with data, the period's last day). The national map needs
READ on the central committee on the structure date; a user who reads a province is sent to that province's
page; anyone else gets 404. A province's page needs READ on the province (404 otherwise). A forged or mistyped
field gets a Vietnamese message (status 400) and no figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.analytics import maps
from tuyengiao.lib.periods import Period, PeriodError, PeriodType, choices
from tuyengiao.reports import services
from tuyengiao.reports.consolidation import ConsolidationError
from tuyengiao.reports.models import Form, Indicator
from tuyengiao.units.models import Kind, Level, Unit, names


@functools.cache
def region_keys(name: str) -> frozenset[str]:
    """The region keys of a map file (``static/maps/<name>.json``)."""
    path = settings.BASE_DIR / "static" / "maps" / f"{name}.json"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return frozenset(feature["properties"]["key"] for feature in features)


class Choice:
    """The page's form, indicator, period and structure date, read from the query, or an error message."""

    def __init__(self, request: HttpRequest) -> None:
        get = request.GET
        self.error = ""  # a field of the query is wrong (400)
        self.empty = ""  # nothing to show yet (200)
        self.forms = list(Form.objects.prefetch_related("versions").order_by("name"))
        code = get.get("mau", "").strip()
        self.form: Form | None = None
        if code:
            self.form = next((f for f in self.forms if f.code == code), None)
            if self.form is None:
                self.error = _("Không có mẫu báo cáo “%(code)s”.") % {"code": code[:50]}
        elif self.forms:
            self.form = self.forms[0]
        else:
            self.empty = _("Chưa có mẫu báo cáo nào.")
        self.period: Period | None = None
        typed = get.get("ky", "").strip()
        if self.form is not None:
            try:
                self.period = Period.read(typed) if typed else services.latest_with_data(self.form, request.user)
            except PeriodError as problem:
                self.error = self.error or str(problem)
        self.structure: dt.date | None = None
        raw = get.get("co_cau", "").strip()
        if raw:
            try:
                self.structure = dt.datetime.strptime(raw, "%d/%m/%Y").date()
            except ValueError:
                self.error = self.error or _("Ngày cơ cấu tổ chức phải có dạng dd/mm/yyyy.")
        self.indicators: list[Indicator] = []
        self.indicator: Indicator | None = None
        if self.form is not None and self.period is not None:
            self.indicators = maps.indicators(self.form, self.period)
            wanted = get.get("chi_tieu", "").strip()
            if wanted:
                self.indicator = next((i for i in self.indicators if i.code == wanted), None)
                if self.indicator is None:
                    self.error = self.error or _(
                        "Chỉ tiêu “%(code)s” không có trong mẫu “%(form)s” kỳ %(period)s hoặc không thể hiện được "
                        "trên bản đồ (chỉ tiêu dạng chữ)."
                    ) % {"code": wanted[:50], "form": self.form.name, "period": self.period.label}
            elif self.indicators:
                self.indicator = self.indicators[0]
            else:
                self.empty = _("Mẫu “%(form)s” kỳ %(period)s không có chỉ tiêu số để thể hiện.") % {
                    "form": self.form.name,
                    "period": self.period.label,
                }
        self.raw_period = typed
        self.raw_structure = raw

    @property
    def date(self) -> dt.date:
        if self.structure is not None:
            return self.structure
        return self.period.end if self.period is not None else timezone.localdate()

    def query(self, **changes: str) -> str:
        params = {
            "mau": self.form.code if self.form else "",
            "chi_tieu": self.indicator.code if self.indicator else "",
            "ky": self.period.code if self.period else "",
        }
        if self.structure is not None:
            params["co_cau"] = self.structure.strftime("%d/%m/%Y")
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})

    def context(self) -> dict[str, Any]:
        return {
            "forms": self.forms,
            "selected_form": self.form.code if self.form else "",
            "indicators": self.indicators,
            "selected_indicator": self.indicator.code if self.indicator else "",
            "selected_period": self.period.label if self.period else self.raw_period,
            "period_choices": choices(PeriodType(self.form.period_type), timezone.localdate()) if self.form else [],
            "selected_structure": self.raw_structure,
            "structure_date": self.date,
            "error": self.error or self.empty,
        }


def _central() -> Unit:
    return Unit.objects.get(key=maps.CENTRAL_KEY)


def _own_province(request: HttpRequest, date: dt.date) -> Unit | None:
    """The province (party committee) a user without the national view reads on ``date``: one of their read
    roots that is a province existing that day."""
    roots = scoping.root_ids(request.user, Capability.READ)
    provinces = [
        unit
        for unit in Unit.objects.filter(pk__in=roots, level=Level.PROVINCE, kind=Kind.PARTY_COMMITTEE).order_by("code")
        if unit.version_on(date) is not None
    ]
    return provinces[0] if provinces else None


@login_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    choice = Choice(request)
    if not scoping.can(request.user, Capability.READ, _central(), choice.date):
        own = _own_province(request, choice.date)
        if own is None:
            raise Http404(_("Không tìm thấy trang."))
        target = reverse("analytics:map_province", args=[own.pk])
        return redirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)
    context = choice.context()
    context["map_name"] = maps.map_name(choice.date)
    if choice.error or choice.form is None or choice.period is None or choice.indicator is None:
        return render(request, "analytics/map.html", context, status=400 if choice.error else 200)
    name = maps.map_name(choice.date)
    try:
        result = maps.national(choice.form, choice.indicator, choice.period, choice.date, set(region_keys(name)))
    except ConsolidationError as problem:
        context["error"] = str(problem)
        return render(request, "analytics/map.html", context, status=400)
    query = choice.query()
    drill = reverse("analytics:map_province", args=[0]).removesuffix("0/")
    regions = result.regions()
    for region in regions:
        region["url"] = f"{drill}{region['unit']}/?{query}" if region["unit"] else ""
    context.update(
        result=result,
        query=query,
        chart={
            "map": name,
            "mapUrl": static(f"maps/{name}.json"),
            "indicator": str(choice.indicator.name),
            "noData": maps.NO_DATA,
            "noDataText": _("Không có số liệu"),
            "regions": regions,
        },
        archipelagos=[label for _code, label in maps.ARCHIPELAGOS.values()],
        consolidated_query=urlencode(
            {"don_vi": _central().pk, "mau": choice.form.code, "ky": choice.period.code}
            | ({"co_cau": choice.structure.strftime("%d/%m/%Y")} if choice.structure else {})
        ),
    )
    return render(request, "analytics/map.html", context)


@login_required
@require_GET
def province(request: HttpRequest, pk: int) -> HttpResponse:
    choice = Choice(request)
    unit = scoping.get_unit_or_404(request.user, pk, Capability.READ)  # on its last day: a former province too
    if unit.level != Level.PROVINCE or unit.kind != Kind.PARTY_COMMITTEE:
        raise Http404(_("Không tìm thấy đơn vị."))
    context = choice.context()
    context["unit"] = unit
    context["unit_name"] = names([unit.pk], choice.date, area=True).get(unit.pk, str(unit))
    context["national"] = scoping.can(request.user, Capability.READ, _central(), choice.date)
    context["query"] = choice.query()
    if choice.error or choice.form is None or choice.period is None or choice.indicator is None:
        return render(request, "analytics/map_province.html", context, status=400 if choice.error else 200)
    if unit.version_on(choice.date) is None:
        context["error"] = _("%(unit)s không tồn tại vào ngày %(date)s: chọn ngày cơ cấu khác.") % {
            "unit": context["unit_name"],
            "date": choice.date.strftime("%d/%m/%Y"),
        }
        return render(request, "analytics/map_province.html", context, status=400)
    try:
        ranking = maps.province(choice.form, choice.indicator, choice.period, choice.date, unit)
    except ConsolidationError as problem:
        context["error"] = str(problem)
        return render(request, "analytics/map_province.html", context, status=400)
    context.update(
        ranking=ranking,
        chart={
            "indicator": str(choice.indicator.name),
            "bars": [
                {"name": row.name, "value": row.value, "text": row.text}
                for row in ranking.rows
                if row.value is not None
            ],
        },
        consolidated_query=urlencode(
            {"don_vi": unit.pk, "mau": choice.form.code, "ky": choice.period.code}
            | ({"co_cau": choice.structure.strftime("%d/%m/%Y")} if choice.structure else {})
        ),
    )
    return render(request, "analytics/map_province.html", context)
