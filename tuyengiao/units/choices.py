"""Unit choices true to a record's date: the one helper of every editor that picks units.

A record dated D (a meeting, a task, an inspection, a posting, a document, a plan) names units as they were
on D. Its choices are units the user may write for D (``scoping.write_filter``: the subtree on D of their
write roots and of the predecessors those roots took over after D), labelled with their names on D. Lists:

* ``TOP`` ("goc"): the top of that scope, the roots and predecessors existing on D: a provincial
  commission's writer gets the commission and its committee (and, before 1 July 2025, old Phú Yên's); a
  superuser without memberships gets the central committee. Organisers, document owners, inspecting units.
* ``NEAR`` ("gan"): TOP and two levels below it on D (a province: its bodies and districts, or communes
  after 2025): a meeting's bridge points, speech units and task owners.
* ``UNDER`` ("duoi"): the subtree on D of a given unit's committee (a commission works for its committee's
  whole territory), that unit being writable on D: a task's owner and partners under its issuer, the units
  an inspecting unit inspects.
* ``ALL`` ("ghi"): the whole write scope on D: the unit of a posting.
* ``COMMITTEES`` ("cap-uy"): the party committees of the write scope on D: the unit of a dissemination plan.
* ``EMULATION`` ("thi-dua"): the party committees, affiliated party committees and commissions of the user's
  own write subtree on D, without the predecessors' (``scoping.unit_filter`` with WRITE on D, the rule the
  awards services check with ``scoping.can``): the units that register, are nominated and form blocs in an
  emulation cycle, D being the last day of the cycle's year.

``DatedUnitChoiceField`` accepts the list's units and the units the record already holds (an old record
whose unit does not fit its date can still be saved unchanged); anything else is refused with a Vietnamese
message naming the unit and the date, not Django's generic "Hãy chọn một lựa chọn hợp lệ". Above
``MAX_OPTIONS`` units a single choice is a text input searching the same list (``units:choices`` fills its
datalist as the user types; values are unit keys, a unit's exact name is accepted too), and a choice of several
units (partners, inspected units, bloc members) shows the chosen units and the same search, which adds one at a
time (``UnitSearchSelectMultiple``): no page holds a select of every unit. ``full_list`` (what the endpoint
sends to refresh a short select) has at most ``MAX_SEVERAL`` units: a
national unit's list on a date before 2025 (some 10,000 communes) keeps two levels below it.

Changing the date refreshes the choices: the template includes ``units/_dated_units.html`` with the form's
``sources(...)``: one hidden ``<datalist>`` per list whose htmx attributes reload it from ``units:choices``
when the date field (or the unit the list hangs from) changes; ``static/js/dated-units.js`` copies the new
options into the selects using the list, keeping each choice that is still offered. Without JavaScript the
server validates against the posted date and re-renders the form with that date's choices. A form whose
date is not one of its fields (an emulation cycle's forms: the cycle's last day) passes ``date_field=""``: its
lists carry the date themselves (``Source.on``) and are never reloaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.lib.text import fold, sort_key
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Unit, UnitVersion, UnitVersionQuerySet, names

TOP, NEAR, UNDER, ALL, COMMITTEES, EMULATION = "goc", "gan", "duoi", "ghi", "cap-uy", "thi-dua"
SPECS = (TOP, NEAR, UNDER, ALL, COMMITTEES, EMULATION)
EMULATION_KINDS = (Kind.PARTY_COMMITTEE, Kind.AFFILIATED, Kind.COMMISSION)
MAX_OPTIONS = 400  # above this, a single choice is a searchable text input
MAX_SEVERAL = 3500  # above this, a select of several units under a unit keeps two levels below it
SEARCH_RESULTS = 30


# --- Which units ------------------------------------------------------------------------------------------------


def top_ids(user: AnyUser, date: dt.date) -> set[int]:
    """The roots of the user's write scope for ``date`` (``scoping.write_root_ids``); a superuser without
    memberships: the central committee. Not filtered by existence on ``date``."""
    ids = set(scoping.write_root_ids(user, date))
    if not ids and user.is_authenticated and user.is_active and user.is_superuser:
        ids = set(Unit.objects.filter(key="central").values_list("pk", flat=True))
    return ids


def committee_of(unit: Unit, date: dt.date) -> int:
    """The party committee a commission works for on ``date`` (the unit itself otherwise)."""
    if unit.kind == Kind.COMMISSION:
        version = unit.version_on(date)
        if version is not None and version.parent_id:
            return version.parent_id
    return unit.pk


def versions(
    user: AnyUser,
    date: dt.date,
    spec: str,
    under: Unit | None = None,
    *,
    below: bool = False,
    shallow: bool = False,
) -> UnitVersionQuerySet:
    """The versions in force on ``date`` of the units of list ``spec`` (see the module docstring); ``below``:
    an ``UNDER`` list without ``under`` itself (the units an inspecting unit inspects); ``shallow``: an
    ``UNDER`` list down to two levels below the committee only, an ``EMULATION`` list down to two levels below
    the user's roots."""
    on_date = UnitVersion.objects.as_of(date)
    if spec in (TOP, NEAR):
        top = top_ids(user, date)
        if spec == TOP:
            return on_date.filter(unit_id__in=top)
        children = on_date.filter(parent_id__in=top).values("unit_id")
        return on_date.filter(Q(unit_id__in=top) | Q(parent_id__in=top) | Q(parent_id__in=children))
    if spec == UNDER:
        if under is None or not scoping.can_write(user, under, date):
            return on_date.none()
        committee = committee_of(under, date)
        if shallow:
            children = on_date.filter(parent_id=committee).values("unit_id")
            rows = on_date.filter(Q(unit_id=committee) | Q(parent_id=committee) | Q(parent_id__in=children))
        else:
            rows = on_date.filter(unit_id__in=tree.subtree_ids([committee], date))
        return rows.exclude(unit=under) if below else rows
    if spec in (ALL, COMMITTEES):
        rows = on_date.filter(scoping.write_filter(user, date, "unit"))
        return rows.filter(unit__kind=Kind.PARTY_COMMITTEE) if spec == COMMITTEES else rows
    if spec == EMULATION:
        rows = on_date.filter(scoping.unit_filter(user, Capability.WRITE, date, "unit"), unit__kind__in=EMULATION_KINDS)
        if shallow:
            roots = scoping.root_ids(user, Capability.WRITE) or top_ids(user, date)
            children = on_date.filter(parent_id__in=roots).values("unit_id")
            rows = rows.filter(Q(unit_id__in=roots) | Q(parent_id__in=roots) | Q(parent_id__in=children))
        return rows
    raise ValueError(spec)


def unit_choices(
    user: AnyUser,
    date: dt.date,
    spec: str,
    under: Unit | None = None,
    *,
    below: bool = False,
    shallow: bool = False,
    search: str = "",
    limit: int | None = None,
) -> list[tuple[Unit, str]]:
    """The units of list ``spec`` on ``date``, each with its name that day: the top of the scope with the
    user's own units first, then predecessors, by name; longer lists in tree order (levels from the top,
    bodies before committees, official code). ``search`` keeps the units whose name or code holds every word."""
    rows = versions(user, date, spec, under, below=below, shallow=shallow).select_related("unit")
    if search:
        if ":" in search and " " not in search.strip():
            rows = rows.filter(unit__key__istartswith=search.strip())
        else:
            for word in fold(search).split():
                rows = rows.filter(search_text__contains=word)
    if spec == TOP:
        own = scoping.root_ids(user, Capability.WRITE)
        ordered = sorted(rows, key=lambda v: (v.unit_id not in own, sort_key(v.name)))
        found = [(v.unit, v.name) for v in ordered]
    else:
        found = [(v.unit, v.name) for v in rows.in_tree_order()[:limit]]
    return found[:limit] if limit is not None else found


def full_list(
    user: AnyUser, date: dt.date, spec: str, under: Unit | None = None, *, below: bool = False
) -> list[tuple[Unit, str]]:
    """A list as a select shows it, at most ``MAX_SEVERAL`` units: an ``UNDER`` or ``EMULATION`` list longer
    than that (a national unit's whole country on a date before 2025: some 10,000 communes) keeps two levels
    below its committee (or the user's roots), as today's national list holds."""
    rows = unit_choices(user, date, spec, under, below=below, limit=MAX_SEVERAL + 1)
    if len(rows) > MAX_SEVERAL and spec in (UNDER, EMULATION):
        rows = unit_choices(user, date, spec, under, below=below, shallow=True, limit=MAX_SEVERAL + 1)
    return rows[:MAX_SEVERAL]


# --- Reading the record's date from a form ----------------------------------------------------------------------


def posted_date(form: forms.BaseForm, name: str) -> dt.date | None:
    """The valid date posted in ``form``'s field ``name`` (None when unbound, empty or invalid)."""
    if not form.is_bound:
        return None
    raw = form.data.get(form.add_prefix(name))
    try:
        value = form.fields[name].clean(raw)
    except ValidationError:
        return None
    return value if isinstance(value, dt.date) else None


def record_date(form: forms.BaseForm, name: str, saved: dt.date | None = None) -> dt.date:
    """The date a form's choices are for: the posted date when valid, else the saved one (or the form's
    initial value), else today."""
    posted = posted_date(form, name)
    if posted is not None:
        return posted
    initial = form.initial.get(name) if saved is None else saved
    return initial if isinstance(initial, dt.date) else timezone.localdate()


# --- Refreshing in the page -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One list in a page and what it hangs from: the date input (its html name; without one, the fixed date
    ``on``) and, for ``UNDER``, a fixed unit or the input choosing it. Rendered as a hidden ``<datalist>``
    reloaded by htmx when the date (or the unit) changes."""

    spec: str
    date_field: str
    under: int | None = None
    under_field: str = ""
    below: bool = False
    search: bool = False
    on: dt.date | None = None

    @property
    def id(self) -> str:
        return f"tg-units-{self.spec}" + ("-tim" if self.search else "")

    def url(self, search_field: str = "") -> str:
        params: dict[str, Any] = {"ds": self.spec}
        if self.date_field:
            params["truong"] = self.date_field
        elif self.on is not None:
            params["ngay"] = f"{self.on:%d/%m/%Y}"
        if self.under is not None:
            params["don_vi"] = self.under
        if self.under_field:
            params["don_vi_tu"] = self.under_field
        if self.below:
            params["duoi_han"] = 1
        if search_field:
            params["tim"] = search_field
        return f"{reverse('units:choices')}?{urlencode(params)}"

    @property
    def refresh_url(self) -> str:
        """Reloads the list for a new date; a searchable list is only emptied (the input searches it)."""
        url = self.url()
        return f"{url}&tim=" if self.search else url

    @property
    def include(self) -> str:
        return ", ".join(f"#id_{name}" for name in (self.date_field, self.under_field) if name)

    @property
    def trigger(self) -> str:
        return ", ".join(f"change from:#id_{name}" for name in (self.date_field, self.under_field) if name)


class UnitSearchInput(forms.TextInput):
    """A text input suggesting units of a long list as the user types (htmx fills the source datalist)."""

    def __init__(self, source: Source, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "list": source.id, **(attrs or {})})
        self.source = source

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "hx-get": self.source.url(search_field=name),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{self.source.id}",
            "hx-include": ", ".join(filter(None, [self.source.include, "this"])),
            "hx-sync": "this:replace",
        }
        return super().get_context(name, value, attrs)


@dataclass
class Choices:
    """A list for a record's date: what a field offers and accepts."""

    user: AnyUser
    spec: str
    date: dt.date
    rows: list[tuple[Unit, str]]
    source: Source
    under: Unit | None = None
    keep: dict[int, str] = field(default_factory=dict)  # units the record holds, accepted whatever the date
    below: bool = False
    keys: dict[int, str] = field(default_factory=dict)  # keys of the kept units, shown by a searchable input

    @property
    def searchable(self) -> bool:
        return self.source.search

    def offers(self, unit: Unit) -> bool:
        """Is ``unit`` in the list (also when the list is too long to be held in ``rows``)?"""
        if any(row.pk == unit.pk for row, _name in self.rows):
            return True
        rows = versions(self.user, self.date, self.spec, self.under, below=self.below)
        return self.searchable and rows.filter(unit=unit).exists()


def choices_for(
    user: AnyUser,
    date: dt.date,
    spec: str,
    *,
    date_field: str,
    under: Unit | None = None,
    under_field: str = "",
    keep: Iterable[int | None] = (),
    below: bool = False,
) -> Choices:
    """The list ``spec`` for ``date`` (one query for the units, one for the names of kept units that are not
    in it); ``keep``: units already chosen on the record. A list longer than ``MAX_OPTIONS`` is searched, not
    listed (a single choice and several choices alike). ``date_field=""``: the date is not a field of the form
    (the lists carry it)."""
    rows = unit_choices(user, date, spec, under, below=below, limit=MAX_OPTIONS + 1)
    search = len(rows) > MAX_OPTIONS
    if search:
        rows = []
    offered = {unit.pk for unit, _name in rows}
    kept_ids = {pk for pk in keep if pk is not None and pk not in offered}
    source = Source(
        spec,
        date_field,
        under=under.pk if under is not None and not under_field else None,
        under_field=under_field,
        below=below,
        search=search,
        on=None if date_field else date,
    )
    kept = names(kept_ids, date) if kept_ids else {}
    keys = dict(Unit.objects.filter(pk__in=kept_ids).values_list("pk", "key")) if search and kept_ids else {}
    return Choices(user, spec, date, rows, source, under, kept, below, keys)


def _refusal(choices: Choices, unit: Unit | None, text: str) -> ValidationError:
    date = f"{choices.date:%d/%m/%Y}"
    if unit is None:
        return ValidationError(
            gettext("Không tìm thấy đơn vị “%(text)s” trong các đơn vị bạn được chọn vào ngày %(date)s.")
            % {"text": text, "date": date},
            code="invalid_choice",
        )
    name = names([unit.pk], choices.date).get(unit.pk) or str(unit)
    return ValidationError(
        gettext(
            "“%(name)s” không thuộc các đơn vị bạn được chọn vào ngày %(date)s (đơn vị chưa thành lập, đã kết "
            "thúc hoặc ngoài phạm vi của bạn vào ngày đó). Hãy chọn lại trong danh sách."
        )
        % {"name": name, "date": date},
        code="invalid_choice",
    )


def _by_name(dated: Choices, text: str) -> Unit | None:
    """The unit of the list whose name on the date is ``text`` (accents and case aside)."""
    rows = unit_choices(dated.user, dated.date, dated.spec, dated.under, below=dated.below, search=text, limit=50)
    exact = [unit for unit, name in rows if fold(name) == fold(text)]
    if len(exact) > 1:
        raise ValidationError(
            gettext("Có nhiều đơn vị tên “%(text)s”; hãy chọn trong danh sách gợi ý.") % {"text": text},
            code="invalid_choice",
        )
    return exact[0] if exact else None


def _resolve(dated: Choices, held: dict[int, str], text: str) -> Unit:
    """The unit posted as ``text`` (an id, or in a searchable list a key or an exact name) when the list offers
    it or the record holds it (``held``); a Vietnamese refusal otherwise."""
    unit: Unit | None = None
    if text.isdigit():
        unit = Unit.objects.filter(pk=int(text)).first()
    elif dated.searchable:
        unit = Unit.objects.filter(key=text).first() or _by_name(dated, text)
    if unit is None:
        raise _refusal(dated, None, text)
    if unit.pk in held or dated.offers(unit):
        return unit
    raise _refusal(dated, unit, text)


class DatedUnitChoiceField(forms.ModelChoiceField):
    """A unit of a list true to the record's date (``choices_for``): a select, or a searchable text input
    for long lists. Refuses a unit outside the list (and not kept) in Vietnamese, naming it and the date."""

    def __init__(self, choices: Choices, **kwargs: Any) -> None:
        self.dated = choices
        self.names = {unit.pk: name for unit, name in choices.rows} | dict(choices.keep)
        if choices.searchable:
            kwargs["widget"] = UnitSearchInput(choices.source)
        offered = [(unit.pk, name) for unit, name in choices.rows]
        kept = sorted(choices.keep.items(), key=lambda item: sort_key(item[1]))
        # The queryset is what the field offers, in order (read by nothing but callers; lazy).
        order = Case(*[When(pk=pk, then=position) for position, (pk, _n) in enumerate(offered + kept)], default=0)
        queryset = Unit.objects.filter(pk__in=[pk for pk, _n in offered + kept]).order_by(order)
        super().__init__(queryset=queryset, **kwargs)
        if not choices.searchable:
            empty: list[tuple[Any, str]] = [] if self.empty_label is None else [("", str(self.empty_label))]
            self.choices = empty + offered + kept
            self.widget.attrs["data-dated-units"] = choices.source.id

    @property
    def source(self) -> Source:
        return self.dated.source

    def label_from_instance(self, obj: Unit) -> str:
        return self.names.get(obj.pk) or obj.name_on(self.dated.date)

    def prepare_value(self, value: Any) -> Any:
        if self.dated.searchable and value not in self.empty_values:
            if isinstance(value, Unit):
                return value.key
            if str(value).isdigit():
                known = self.dated.keys.get(int(value))
                unit = None if known else Unit.objects.filter(pk=int(value)).first()
                return known or (unit.key if unit is not None else value)
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Unit | None:
        if value in self.empty_values:
            return None
        return _resolve(self.dated, self.names, str(value).strip())


class UnitSearchSelectMultiple(forms.SelectMultiple):
    """Several units of a long list: the chosen ones as a select, under it a search input of the same name that
    suggests units as the user types (htmx fills the list's datalist); ``static/js/dated-units.js`` moves a
    picked suggestion into the select. Without JavaScript a key or an exact name typed there is posted with the
    field and resolved by the server."""

    template_name = "units/_search_multiple.html"

    def __init__(self, source: Source, named: Callable[[list[str]], list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source, self.named = source, named

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        shown = {str(key) for key, _label in self.choices}
        missing = [str(v) for v in (value or []) if str(v) and str(v) not in shown]
        if missing:  # posted choices of a form shown again (an error elsewhere): keep them listed
            self.choices = [*self.choices, *self.named(missing)]
        context = super().get_context(name, value, attrs)
        context["search"] = {
            "list": self.source.id,
            "hx_get": self.source.url(search_field=name),
            "hx_include": ", ".join(filter(None, [self.source.include, "this"])),
        }
        return context


class DatedUnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units of a list true to the record's date (partners, inspected units, bloc members): a select,
    or for a list longer than ``MAX_OPTIONS`` the chosen units and a search (``UnitSearchSelectMultiple``).
    Refuses a unit outside the list (and not kept) in Vietnamese, naming it and the date."""

    def __init__(self, choices: Choices, **kwargs: Any) -> None:
        self.dated = choices
        self.names = {unit.pk: name for unit, name in choices.rows} | dict(choices.keep)
        if choices.searchable:
            size = (kwargs.pop("widget", None) or forms.SelectMultiple()).attrs.get("size", 4)
            kwargs["widget"] = UnitSearchSelectMultiple(choices.source, self._named, attrs={"size": size})
        super().__init__(queryset=Unit.objects.filter(pk__in=list(self.names)), **kwargs)
        offered = [(unit.pk, name) for unit, name in choices.rows]
        kept = sorted(choices.keep.items(), key=lambda item: sort_key(item[1]))
        if choices.searchable:
            self.choices = [(choices.keys.get(pk, pk), name) for pk, name in kept]
        else:
            self.choices = offered + kept
            self.widget.attrs["data-dated-units"] = choices.source.id
        self.error_messages["invalid_choice"] = gettext(
            "Có đơn vị đã chọn không thuộc các đơn vị được chọn vào ngày %(date)s; hãy chọn lại."
        ) % {"date": f"{choices.date:%d/%m/%Y}"}

    @property
    def source(self) -> Source:
        return self.dated.source

    def label_from_instance(self, obj: Unit) -> str:
        return self.names.get(obj.pk) or obj.name_on(self.dated.date)

    def _named(self, values: list[str]) -> list[tuple[str, str]]:
        """Posted keys (or ids) with their names on the list's date, for showing them again."""
        units = Unit.objects.filter(Q(key__in=values) | Q(pk__in=[int(v) for v in values if v.isdigit()]))
        labels = names([unit.pk for unit in units], self.dated.date)
        by_value = {value: unit for unit in units for value in (unit.key, str(unit.pk))}
        return [(v, labels.get(by_value[v].pk, v)) for v in values if v in by_value]

    def prepare_value(self, value: Any) -> Any:
        if self.dated.searchable and isinstance(value, list | tuple):
            return [self._key(item) for item in value]
        return super().prepare_value(value)

    def _key(self, item: Any) -> Any:
        if isinstance(item, Unit):
            return item.key
        if str(item).isdigit():
            return (
                self.dated.keys.get(int(item))
                or Unit.objects.filter(pk=int(item)).values_list("key", flat=True).first()
            )
        return item

    def clean(self, value: Any) -> Any:
        if not self.dated.searchable:
            return super().clean(value)
        texts = [str(v).strip() for v in (value or []) if str(v).strip()]
        if self.required and not texts:
            raise ValidationError(self.error_messages["required"], code="required")
        units = [_resolve(self.dated, self.names, text) for text in dict.fromkeys(texts)]
        return Unit.objects.filter(pk__in=[unit.pk for unit in units])


def dated_unit_field(
    user: AnyUser,
    date: dt.date,
    spec: str,
    *,
    date_field: str,
    under: Unit | None = None,
    under_field: str = "",
    keep: Iterable[int | None] = (),
    below: bool = False,
    multiple: bool = False,
    **kwargs: Any,
) -> Any:
    """A form field offering list ``spec`` on ``date`` (``choices_for``); ``kwargs`` go to the field."""
    listed = choices_for(
        user,
        date,
        spec,
        date_field=date_field,
        under=under,
        under_field=under_field,
        keep=keep,
        below=below,
    )
    if multiple:
        return DatedUnitMultipleChoiceField(listed, **kwargs)
    return DatedUnitChoiceField(listed, **kwargs)


def sources(*forms_: Any) -> list[Source]:
    """The lists used by these forms and formsets (each once), for ``units/_dated_units.html``."""
    found: dict[str, Source] = {}
    for item in forms_:
        rows = [item.empty_form, *item.forms] if hasattr(item, "empty_form") else [item]
        for row in rows:
            for form_field in row.fields.values():
                source = getattr(form_field, "source", None)
                if isinstance(source, Source):
                    found.setdefault(source.id, source)
    return list(found.values())
