"""Pages of the analytical area: the dashboard, pinning figures to it, and the pivot table (``/phan-tich/``).

Scoping: a unit is opened with ``scoping.get_unit_or_404`` (READ), so another province's unit is 404, as on the
consolidated page; pins are read and deleted only through ``Pin.objects.filter(user=_user(request))``, so another
user's pin is 404 too. Writes (pin, unpin) are one small ``@require_POST`` view each, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, User
from tuyengiao.analytics import dashboard as boards
from tuyengiao.analytics import pivot as pivots
from tuyengiao.analytics.models import MAX_PINS, Pin
from tuyengiao.lib import downloads
from tuyengiao.lib.forms import BaseForm, DateInput, PeriodInput
from tuyengiao.lib.periods import Period, PeriodError, PeriodType, periods_between
from tuyengiao.lib.periods import choices as period_choices
from tuyengiao.lib.rollup import Rule
from tuyengiao.reports import services
from tuyengiao.reports.models import Form, Indicator, Item
from tuyengiao.units.models import Unit, UnitVersion, names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def home_unit(user: Any, today: dt.date) -> Unit | None:
    """The unit a user's analytics open on: the highest unit they read that exists today (a commission stands
    for its party committee), as the leaders' figures at a glance."""
    return services.review_unit(scoping.root_ids(user, Capability.READ), today)


def _unit(request: HttpRequest, today: dt.date) -> Unit | None:
    raw = request.GET.get("don_vi", "").strip()
    if raw:
        try:
            pk = int(raw)
        except ValueError:
            raise Http404(_("Không tìm thấy đơn vị.")) from None
        return scoping.get_unit_or_404(request.user, pk, Capability.READ)
    return home_unit(request.user, today)


# --- the dashboard ---------------------------------------------------------------------------------------------------


def unit_choices(user: Any, unit: Unit, home: Unit | None, today: dt.date) -> list[tuple[int, str]]:
    """The units the dashboard's picker offers, those the user may read today (``scoping.versions``): the unit
    shown, the one above it, its children and the user's own unit, in the tree's order; one query."""
    above = UnitVersion.objects.as_of(today).filter(unit_id=unit.pk).values("parent_id")
    wanted = Q(unit_id=unit.pk) | Q(parent_id=unit.pk) | Q(unit_id__in=above)
    if home is not None:
        wanted |= Q(unit_id=home.pk)
    versions = scoping.versions(user, today).filter(wanted).select_related("unit").in_tree_order()
    return [(version.unit_id, version.name) for version in versions]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    unit = _unit(request, today)
    if unit is None:
        return render(request, "analytics/dashboard.html", {"unit": None})
    pins = list(
        Pin.objects.filter(user=_user(request))
        .select_related("form", "unit")
        .prefetch_related("form__versions")  # each consolidation looks its period's version up
        .order_by("order", "pk")
    )
    readable = scoping.readable_unit_ids(request.user, {pin.unit_id for pin in pins}) if pins else set()
    specs = [
        boards.Spec(pin.form, pin.indicator_code, pin.unit, PeriodType(pin.period_type), pin)
        for pin in pins
        if pin.unit_id in readable
    ]
    defaults = not specs
    if defaults:
        specs = boards.default_specs(request.user, unit, today)
    cards = boards.cards(specs, request.user, today)
    latest = boards.Latest(request.user, today)
    sections = []
    forms_seen: list[Form] = []
    for card in cards:
        if card.spec.form.pk not in {f.pk for f in forms_seen} and len(forms_seen) < 2:
            forms_seen.append(card.spec.form)
    for form in forms_seen:
        section = boards.completeness_by_unit(form, unit, latest(form))
        section.link = reverse("reports:completeness", args=[unit.pk, form.code, latest(form).code])
        sections.append(section)
    tasks = boards.tasks_by_unit(unit, dt.date(today.year, 1, 1), today)
    coverage = boards.dissemination_by_document(unit, today)
    unit_name = names([unit.pk], today).get(unit.pk, str(unit))
    choices = unit_choices(request.user, unit, home_unit(request.user, today), today)
    return render(
        request,
        "analytics/dashboard.html",
        {
            "unit": unit,
            "unit_name": unit_name,
            "cards": [(card, card.chart(), f"tg-trend-{i}") for i, card in enumerate(cards, start=1)],
            "defaults": defaults,
            "sections": [(section, section.chart(), f"tg-section-{i}") for i, section in enumerate(sections, start=1)],
            "tasks": tasks,
            "tasks_chart": tasks.chart(),
            "coverage": coverage,
            "coverage_chart": boards.coverage_chart(coverage),
            "pivot_query": urlencode({"don_vi": unit.pk}),
            "unit_choices": choices,
            "pin_order": ",".join(str(pin.pk) for pin in pins),
        },
    )


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("tiep", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = reverse("analytics:dashboard")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def pin_add(request: HttpRequest) -> HttpResponse:
    """Pin a consolidated figure (form, indicator, unit, length of period) to the user's dashboard."""
    post = request.POST
    try:
        unit_pk = int(post.get("don_vi", ""))
    except ValueError:
        raise Http404(_("Không tìm thấy đơn vị.")) from None
    unit = scoping.get_unit_or_404(request.user, unit_pk, Capability.READ)
    form = Form.objects.filter(code=post.get("mau", "")).first()
    code = post.get("chi_tieu", "").strip()
    problem = ""
    if form is None:
        problem = _("Không tìm thấy mẫu báo cáo.")
    elif (
        not Item.objects.filter(section__version__form=form, indicator__code=code)
        .exclude(indicator__rule=Rule.TEXT)
        .exists()
    ):
        problem = _("Chỉ tiêu “%(code)s” không có trong mẫu “%(form)s” hoặc không phải là số liệu.") % {
            "code": code[:32],
            "form": form.name,
        }
    kind = post.get("do_dai", "") or (form.period_type if form else "")
    if not problem and form is not None and kind not in boards.allowed_kinds(form):
        problem = _("Độ dài kỳ không hợp lệ cho mẫu này: chọn tháng, quý hoặc năm, không ngắn hơn kỳ của mẫu.")
    if problem:
        messages.error(request, problem)
        return _back(request)
    assert form is not None
    with transaction.atomic():
        # The user's row is the lock: two tabs pinning at once keep the order and the limit (PostgreSQL
        # refuses FOR UPDATE with the count and the maximum below).
        user = User.objects.select_for_update().get(pk=_user(request).pk)
        mine = Pin.objects.filter(user=user)
        if mine.filter(form=form, indicator_code=code, unit=unit, period_type=kind).exists():
            messages.info(request, _("Số liệu này đã có trên trang tổng quan của bạn."))
            return _back(request)
        if mine.count() >= MAX_PINS:
            messages.error(
                request, _("Trang tổng quan có tối đa %(n)d số liệu ghim: hãy bỏ ghim bớt.") % {"n": MAX_PINS}
            )
            return _back(request)
        order = (mine.aggregate(top=Max("order"))["top"] or 0) + 1
        Pin.objects.create(
            user=_user(request), form=form, indicator_code=code, unit=unit, period_type=kind, order=order
        )
    messages.success(request, _("Đã ghim số liệu vào trang tổng quan."))
    return _back(request)


@login_required
@require_POST
def pin_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Unpin one of the user's own figures (another user's pin is 404)."""
    with transaction.atomic():
        pin = get_object_or_404(Pin.objects.select_for_update().filter(user=_user(request)), pk=pk)
        pin.delete()
    messages.success(request, _("Đã bỏ ghim số liệu."))
    return _back(request)


def _move(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """Swap one of the user's pins with its neighbour (``step`` -1: up, +1: down) and number the pins 1…n.

    ``thu_tu`` is the order of the pins as the page showed it (their ids): when the pins changed since (another
    tab moved, added or removed one), nothing moves and the user is told to look again."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=_user(request).pk)  # the lock of the user's pins
        pins = list(Pin.objects.filter(user=user).order_by("order", "pk"))
        index = next((i for i, pin in enumerate(pins) if pin.pk == pk), None)
        if index is None:
            raise Http404(_("Không tìm thấy số liệu ghim."))
        shown = request.POST.get("thu_tu", "")
        if shown != ",".join(str(pin.pk) for pin in pins):
            messages.error(
                request,
                _("Các số liệu ghim vừa được thay đổi ở nơi khác: hãy xem lại thứ tự rồi sắp xếp lại."),
            )
            return _back(request)
        other = index + step
        if 0 <= other < len(pins):
            pins[index], pins[other] = pins[other], pins[index]
            for number, pin in enumerate(pins, start=1):
                if pin.order != number:
                    pin.order = number
                    pin.save(update_fields=["order"])
    return _back(request)


@login_required
@require_POST
def pin_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one of the user's pins one place up on the dashboard (another user's pin is 404)."""
    return _move(request, pk, -1)


@login_required
@require_POST
def pin_down(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one of the user's pins one place down on the dashboard (another user's pin is 404)."""
    return _move(request, pk, 1)


# --- the pivot table -------------------------------------------------------------------------------------------------


class PivotForm(BaseForm):
    mau = forms.ChoiceField(label=_("Mẫu báo cáo"), choices=())
    chi_tieu = forms.MultipleChoiceField(
        label=_("Chỉ tiêu"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"invalid_choice": _("Chỉ tiêu “%(value)s” không có trong mẫu báo cáo này.")},
    )
    tu = forms.CharField(label=_("Từ kỳ"), required=False, max_length=40, widget=PeriodInput())
    den = forms.CharField(label=_("Đến kỳ"), required=False, max_length=40, widget=PeriodInput())
    co_cau = forms.DateField(label=_("Theo cơ cấu tổ chức tại ngày"), required=False, widget=DateInput())
    bo_cuc = forms.ChoiceField(label=_("Bố cục"), choices=pivots.LAYOUTS, required=False)
    xem = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    sap_xep = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    giam = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, forms_list: list[Form], indicators: list[Indicator]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["mau"]).choices = [(f.code, f.name) for f in forms_list]
        self.fields["mau"].error_messages["invalid_choice"] = _("Không tìm thấy mẫu báo cáo “%(value)s”.")
        cast(forms.ChoiceField, self.fields["chi_tieu"]).choices = [(i.code, i.name) for i in indicators]
        form = next((f for f in forms_list if f.code == (data or {}).get("mau")), None)
        if form is not None:  # the periods offered: the form's own and the longer ones, in words
            kinds = boards.allowed_kinds(form)
            offered = period_choices(PeriodType(form.period_type), timezone.localdate())
            labels = [p.label for p in offered if p.type in kinds]
            for name in ("tu", "den"):
                cast(PeriodInput, self.fields[name].widget).labels = labels


def _form_indicators(form: Form) -> list[Indicator]:
    """The figures (not texts) of every version of the form, in the latest version's order first."""
    items = (
        Item.objects.filter(section__version__form=form)
        .exclude(indicator__rule=Rule.TEXT)
        .select_related("indicator")
        .order_by("-section__version__number", "section__order", "order")
    )
    seen: dict[str, Indicator] = {}
    for item in items:
        seen.setdefault(item.indicator.code, item.indicator)
    return list(seen.values())


def _read_period(text: str, default: Period) -> Period:
    return Period.read(text) if text.strip() else default


def _pivot(request: HttpRequest) -> tuple[pivots.Pivot | None, dict[str, Any], int]:
    today = timezone.localdate()
    unit = _unit(request, today)
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    forms_list = list(Form.objects.prefetch_related("versions").order_by("name"))
    data = request.GET.copy()
    if not data.get("mau") and forms_list:
        data["mau"] = forms_list[0].code
    form = next((f for f in forms_list if f.code == data.get("mau")), None)
    indicators = _form_indicators(form) if form is not None else []
    picker = PivotForm(data, forms_list, indicators)
    context: dict[str, Any] = {"unit": unit, "picker": picker, "pivot": None, "error": ""}
    if form is None or not picker.is_valid():
        context["error"] = _("Hãy sửa các lựa chọn được đánh dấu.") if form is not None else _("Chọn mẫu báo cáo.")
        return None, context, 400
    cleaned = picker.cleaned_data
    latest = services.latest_with_data(form, request.user, today)
    own = PeriodType(form.period_type)
    try:
        first_default = latest.shift(-(11 if own == PeriodType.MONTH else 3 if own == PeriodType.QUARTER else 4))
        last = _read_period(cleaned["den"], latest)
        first = _read_period(cleaned["tu"], first_default if not cleaned["den"].strip() else last)
        if first.type != last.type:
            raise PeriodError(_("“Từ kỳ” và “Đến kỳ” phải cùng loại kỳ (cùng là tháng, quý hoặc năm)."))
        if last < first:
            raise PeriodError(_("“Từ kỳ” phải trước “Đến kỳ”."))
        if first.type.length and own.length and (first.type.length < own.length or first.type.length % own.length):
            raise PeriodError(
                _("Mẫu “%(form)s” báo cáo theo %(own)s: chọn kỳ không ngắn hơn.")
                % {"form": form.name, "own": own.label.lower()}
            )
        periods = list(periods_between(first.type, first.start, last.end))
        if len(periods) > pivots.MAX_PERIODS:
            raise PeriodError(_("Chọn tối đa %(n)d kỳ.") % {"n": pivots.MAX_PERIODS})
    except PeriodError as problem:
        context["error"] = str(problem)
        return None, context, 400
    codes = cleaned["chi_tieu"] or [i.code for i in indicators[: boards.DEFAULT_INDICATORS]]
    chosen = [i for i in indicators if i.code in set(codes)]
    layout = cleaned["bo_cuc"] or pivots.UNITS_PERIODS
    focus = cleaned["xem"].strip()
    focus_period = None
    if layout in (pivots.UNITS_INDICATORS, pivots.INDICATORS_UNITS):
        focus_period = next((p for p in periods if p.code == focus), periods[-1])
        focus = focus_period.code
    elif layout == pivots.UNITS_PERIODS:
        focus = focus if focus in {i.code for i in chosen} else (chosen[0].code if len(chosen) == 1 else "")
    else:
        focus = ""
    table = pivots.build(
        form,
        unit,
        chosen,
        periods,
        layout,
        structure_date=cleaned["co_cau"],
        focus_indicator=focus,
        focus_period=focus_period,
        sort=cleaned["sap_xep"] or 0,
        descending=bool(cleaned["giam"]),
    )
    base = {
        "don_vi": unit.pk,
        "mau": form.code,
        "chi_tieu": [i.code for i in chosen],
        "tu": periods[0].code,
        "den": periods[-1].code,
        "bo_cuc": layout,
    }
    if cleaned["co_cau"]:
        base["co_cau"] = cleaned["co_cau"].strftime("%d/%m/%Y")

    def query(**extra: Any) -> str:
        return urlencode({**base, **{k: v for k, v in extra.items() if v not in ("", None)}}, doseq=True)

    current = query(xem=focus, sap_xep=table.sort or "", giam="1" if table.descending else "")
    # One level up, when the user reads it (the same table for the unit's parent on the structure date).
    version = unit.version_on(table.structure_date)
    parent_id = version.parent_id if version is not None else None
    up = ""
    if parent_id is not None and scoping.readable_unit_ids(request.user, [parent_id]):
        up = query(don_vi=parent_id, xem=focus)
        context["up_name"] = names([parent_id], table.structure_date).get(parent_id, "")
    context["up_query"] = up
    if layout in (pivots.UNITS_PERIODS, pivots.UNITS_INDICATORS):
        for row in table.rows:  # each unit opens the same table for its own children
            if not row.own and not row.total:
                row.link = query(don_vi=row.key[0], xem=focus)
    # The form shows what the table is: the periods in words and the structure date, even when defaulted.
    shown = data.copy()
    shown["tu"], shown["den"] = periods[0].label, periods[-1].label
    shown["co_cau"] = table.structure_date.strftime("%d/%m/%Y")
    shown.setlist("chi_tieu", [i.code for i in chosen])
    shown["bo_cuc"] = layout
    context.update(
        picker=PivotForm(shown, forms_list, indicators),
        pivot=table,
        form=form,
        query=current,
        columns=list(
            zip(
                table.columns,
                [
                    query(
                        xem=focus,
                        sap_xep=i,
                        giam="" if table.sort == i and table.descending else ("1" if table.sort == i else ""),
                    )
                    for i in range(1, len(table.columns) + 1)
                ],
                strict=True,
            )
        ),
        focus_hidden=[(k, v) for k, values in base.items() for v in (values if isinstance(values, list) else [values])],
        focus=focus,
        focus_choices=(
            [("", _("Tất cả chỉ tiêu đã chọn"), focus == ""), *[(i.code, i.name, i.code == focus) for i in chosen]]
            if layout == pivots.UNITS_PERIODS
            else [(p.code, p.label, p.code == focus) for p in periods]
            if focus_period is not None
            else []
        ),
        focus_base=query(),
        periods=periods,
    )
    return table, context, 200


@login_required
@require_GET
def pivot(request: HttpRequest) -> HttpResponse:
    _table, context, status = _pivot(request)
    return render(request, "analytics/pivot.html", context, status=status)


@login_required
@require_GET
def pivot_xlsx(request: HttpRequest) -> HttpResponse:
    table, context, _status = _pivot(request)
    if table is None:
        raise Http404(str(context["error"]))
    name = f"Bảng tổng hợp {table.form.code} - {table.periods[0].code}-{table.periods[-1].code} - {table.unit_name}"
    return downloads.attachment(pivots.xlsx(table), f"{name}.xlsx", XLSX)
