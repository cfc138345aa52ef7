"""The one place that answers "which units may this user read / change as of date D".

Every list, detail page, search, export and API endpoint filters through here.

Rules (docs/architecture.md, "Scoping"):

* Rights come from the user's memberships in force *today*; the date D chooses
  which tree they apply to. A provincial leader appointed in 2026 reads the
  province's 2024 communes, because they were under the province in 2024.
* A membership on unit U covers U's subtree as the tree stood on D. A commission
  (Ban Tuyên giáo và Dân vận) advises its party committee across the committee's
  whole territory, so a membership on a commission covers the subtree of the
  committee it belongs to: the provincial commission's staff read every commune
  of the province.
* For reading, U's predecessors (transitively, through merges) are roots too, so
  the new Đắk Lắk reads what old Phú Yên reported and a merged commune reads the
  history of the communes it came from. Without a date (lists of records of any
  date) the read scope is today's subtree, every predecessor of its units, and every
  unit that no longer exists and lay under one of those on its last day (a district
  committee dissolved in 2025, a commune merged in 2020): ``tree.read_scope_ids``.
* For writing a record dated D (``write_filter``, ``can_write``): the subtree, as the
  tree stood on D, of the user's write roots *and of the predecessors those roots
  took over after D* (``tree.lineage_ids(..., after=D)``). A successor holds its
  predecessors' archive: the Đắk Lắk commission records and corrects old Phú Yên's
  meetings of June 2025 under Phú Yên's name, but nothing of Phú Yên dated 1 July
  2025 or later (Phú Yên no longer existed). This is for the past only by
  construction: a predecessor exists only before the restructuring that ended it.
  ``unit_filter``/``can`` with the WRITE capability stay without lineage (today's
  own subtree, or the unit's last day): pages about a dated record use the dated rule.
* A role grants capabilities (``ROLE_CAPABILITIES``): viewers read, specialists
  also write, leaders also approve, administrators also administer structure and
  accounts. Superusers may do everything.
* Without signing in (the public portal, /cong/): nothing of a unit is readable except what is published —
  live articles of the portal (``portal.models.ArticleQuerySet.live``) and the documents marked public whose owner
  is in the portal's party committee's subtree today (``documents.models.DocumentQuerySet.public_library``, the
  one rule for a public document).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar, Self, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Capability, Membership, User, roles_with
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Unit, UnitVersion, UnitVersionQuerySet, covers

AnyUser = User | AnonymousUser

_NOTHING = Q(pk__in=[])
QS = TypeVar("QS", bound=QuerySet[Any])
M = TypeVar("M", bound=Model)


def root_ids(user: AnyUser, capability: str = Capability.READ) -> set[int]:
    """Units whose subtrees the user's memberships in force today cover."""
    if not user.is_authenticated or not user.is_active:
        return set()
    # Memoised on the user object, which lives for one request.
    cache: dict[str, set[int]] = user.__dict__.setdefault("_tg_scope_roots", {})
    if capability in cache:
        return cache[capability]
    roots = set(
        Membership.objects.filter(covers(timezone.localdate()), user=user, role__in=roles_with(capability)).values_list(
            "unit_id", flat=True
        )
    )
    roots |= set(
        UnitVersion.objects.filter(unit_id__in=roots, unit__kind=Kind.COMMISSION, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    if capability == Capability.READ and roots:
        roots |= tree.lineage_ids(roots, "back")
    cache[capability] = roots
    return roots


# Ids of a read scope passed as a list; a wider scope stays a subquery. A province with its history is about a
# thousand units; the country's 15,340 as parameters cost more to bind (about 0.2 s a query on SQLite) than the
# recursive subquery costs to run.
MATERIALISE_AT_MOST = 5_000


def read_scope_ids(user: AnyUser, roots: set[int]) -> Any:
    """The units of ``tree.read_scope_ids`` for the user's read roots, computed once per request (memoised on the
    user object like ``root_ids``): a list page filters, counts and pages with it, and the recursive statement
    behind it would otherwise run in each of those queries. A scope wider than ``MATERIALISE_AT_MOST`` units
    (the whole country's history) stays a subquery."""
    cache: dict[str, Any] = user.__dict__.setdefault("_tg_scope_roots", {})
    if "read-ids" not in cache:
        subquery = tree.read_scope_ids(roots, timezone.localdate())
        ids = list(Unit.objects.filter(pk__in=subquery).values_list("pk", flat=True)[: MATERIALISE_AT_MOST + 1])
        cache["read-ids"] = subquery if len(ids) > MATERIALISE_AT_MOST else ids
    return cache["read-ids"]


def _lookup(field: str) -> str:
    return "pk__in" if field == "pk" else f"{field}_id__in"


def unit_filter(
    user: AnyUser, capability: str = Capability.READ, date: dt.date | None = None, field: str = "unit"
) -> Q:
    """A ``Q`` restricting ``field`` (a FK to Unit, or "pk" on Unit) to the user's scope.

    With ``date``: the roots' subtrees as the tree stood that day. Without it: today's subtrees and, for
    reading, every predecessor of their units and every former unit that ended under them too (records of any
    date: what old Phú Yên, an old commune or a dissolved district recorded is read by who holds it now)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    roots = root_ids(user, capability)
    if not roots:
        return _NOTHING
    if date is None and capability == Capability.READ:
        return Q(**{_lookup(field): read_scope_ids(user, roots)})
    return Q(**{_lookup(field): tree.subtree_ids(roots, date or timezone.localdate())})


# --- Writing a dated record ---------------------------------------------------------------------------------------


def write_root_ids(user: AnyUser, date: dt.date) -> set[int]:
    """The roots of the user's write scope for a record dated ``date``: the units of their memberships that
    grant WRITE (a commission with its committee, as in ``root_ids``) and the predecessors those units took
    over after ``date`` (with their committees). Memoised per date on the user object (one request)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cache: dict[str, set[int]] = user.__dict__.setdefault("_tg_scope_roots", {})
    key = f"write@{date.isoformat()}"
    if key in cache:
        return cache[key]
    roots = set(root_ids(user, Capability.WRITE))
    if roots:
        predecessors = tree.lineage_ids(roots, "back", after=date)
        if predecessors:
            predecessors |= set(
                UnitVersion.objects.filter(
                    unit_id__in=predecessors, unit__kind=Kind.COMMISSION, parent__isnull=False
                ).values_list("parent_id", flat=True)
            )
        roots |= predecessors
    cache[key] = roots
    return roots


def write_filter(user: AnyUser, date: dt.date, field: str = "unit") -> Q:
    """A ``Q`` restricting ``field`` to the units the user may write for a record dated ``date``: the subtree,
    as the tree stood on ``date``, of ``write_root_ids`` (see the module docstring)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    roots = write_root_ids(user, date)
    if not roots:
        return _NOTHING
    return Q(**{_lookup(field): tree.subtree_ids(roots, date)})


def can_write(user: AnyUser, unit: Unit | int, date: dt.date) -> bool:
    """May ``user`` create or correct a record of ``unit`` dated ``date``?"""
    pk = unit if isinstance(unit, int) else unit.pk
    return Unit.objects.filter(write_filter(user, date, field="pk"), pk=pk).exists()


def may_write_some_day(user: AnyUser, unit: Unit) -> bool:
    """May ``user`` write any record of ``unit`` (on the unit's last day, the latest it can be written for)?
    For opening a form before its date is known; saving checks ``can_write`` on the record's date."""
    return can_write(user, unit, last_day(unit))


def scoped(
    queryset: QS,
    user: AnyUser,
    capability: str = Capability.READ,
    date: dt.date | None = None,
    field: str = "unit",
) -> QS:
    """``queryset`` limited to rows whose ``field`` unit is in the user's scope on ``date``."""
    return queryset.filter(unit_filter(user, capability, date, field))


def versions(user: AnyUser, date: dt.date) -> UnitVersionQuerySet:
    """The versions in force on ``date`` of the units the user may read."""
    return scoped(UnitVersion.objects.as_of(date), user, Capability.READ, date)


def shared_down_filter(user: AnyUser, field: str = "owner", date: dt.date | None = None) -> Q:
    """Records a unit shares with its own subtree: readable when the record's unit is
    in the user's read scope (the user is at or above it), or when the record's unit
    is an ancestor of one of the user's units (the user is below it).

    Used for internal documents: a commune reads its province's internal plans, the
    province reads its communes' documents, a neighbouring commune reads neither.
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    roots = root_ids(user, Capability.READ)
    if not roots:
        return _NOTHING
    when = date or timezone.localdate()
    # Memoised per date on the user object (one request), like root_ids: a page that lists several kinds of
    # shared records (the home page's work list) computes the ancestors once.
    cache: dict[str, Any] = user.__dict__.setdefault("_tg_scope_roots", {})
    key = f"above@{when.isoformat()}"
    if key not in cache:
        above: set[int] = set()
        for root in roots:
            above |= set(
                UnitVersion.objects.filter(unit_id__in=tree.ancestor_ids(root, when)).values_list("unit_id", flat=True)
            )
        # A commission speaks for its committee (as in root_ids): the province's
        # commission shares its internal plans with every commune of the province.
        above |= set(
            UnitVersion.objects.filter(unit__kind=Kind.COMMISSION, parent_id__in=above).values_list(
                "unit_id", flat=True
            )
        )
        cache[key] = above
    return unit_filter(user, Capability.READ, date, field) | Q(**{f"{field}_id__in": cache[key]})


def last_day(unit: Unit) -> dt.date:
    """The latest date on which ``unit`` existed (today for a living unit)."""
    today = timezone.localdate()
    ends = [v.valid_to for v in unit.versions.all()]
    if not ends or any(end is None for end in ends):
        return today
    return min(today, max(e for e in ends if e is not None) - dt.timedelta(days=1))


def can(user: AnyUser, capability: str, unit: Unit, date: dt.date | None = None) -> bool:
    """May ``user`` exercise ``capability`` on ``unit`` (on ``date``, default its last day)?"""
    when = date or last_day(unit)
    return Unit.objects.filter(unit_filter(user, capability, when, field="pk"), pk=unit.pk).exists()


def readable_unit_ids(user: AnyUser, ids: Iterable[int]) -> set[int]:
    """Of ``ids``, the units whose pages the user may open (``can`` with READ on the unit's last day, as
    ``get_unit_or_404`` asks). Pages render the others (a provincial user's central committee in a breadcrumb)
    as plain text, not as links. Two queries however many units."""
    wanted = set(ids)
    if not wanted or (user.is_authenticated and user.is_active and user.is_superuser):
        return wanted
    today = timezone.localdate()
    ends: dict[int, list[dt.date | None]] = {}
    for unit_id, valid_to in UnitVersion.objects.filter(unit_id__in=wanted).values_list("unit_id", "valid_to"):
        ends.setdefault(unit_id, []).append(valid_to)
    by_day: dict[dt.date, set[int]] = {}
    for unit_id, unit_ends in ends.items():  # the unit's last day, as ``last_day`` computes it
        known = [end for end in unit_ends if end is not None]
        day = today if len(known) < len(unit_ends) else min(today, max(known) - dt.timedelta(days=1))
        by_day.setdefault(day, set()).add(unit_id)
    if not by_day:
        return set()
    query = Q(pk__in=[])
    for day, group in by_day.items():
        query |= unit_filter(user, Capability.READ, day, "pk") & Q(pk__in=group)
    return set(Unit.objects.filter(query).values_list("pk", flat=True))


def get_unit_or_404(user: AnyUser, pk: int, capability: str = Capability.READ, date: dt.date | None = None) -> Unit:
    """The unit, or 404 when it does not exist *or* lies outside the user's scope.

    Out-of-scope answers 404 rather than 403 so that ids leak nothing.
    """
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not can(user, capability, unit, date):
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def writable_filter(user: AnyUser, date: dt.date | None = None, field: str = "unit") -> Q:
    """``field`` within the user's write scope: for a record dated ``date`` (``write_filter``, with lineage into
    the past), or without a date the own subtree today (``unit_filter`` with WRITE, no lineage)."""
    if date is None:
        return unit_filter(user, Capability.WRITE, None, field)
    return write_filter(user, date, field)


class ScopedQuerySet(QuerySet[M]):
    """The base of every scoped model's QuerySet: ``readable_by`` and ``writable_by`` on ``unit_field``.

    The rules stay in this module; a model whose rows are read more widely (shared down, joined through a
    bridge point or a partner) overrides ``readable_by`` with the functions above, never with rules of its own.
    """

    unit_field: ClassVar[str] = "unit"

    def readable_by(self, user: AnyUser, date: dt.date | None = None) -> Self:
        """Rows whose unit the user may read (on ``date``; without it, today's subtree and its predecessors)."""
        return self.filter(unit_filter(user, Capability.READ, date, self.unit_field))

    def writable_by(self, user: AnyUser, date: dt.date | None = None) -> Self:
        """Rows whose unit the user may write (for a record dated ``date``: ``writable_filter``)."""
        return self.filter(writable_filter(user, date, self.unit_field))


class SharedDownQuerySet(ScopedQuerySet[M]):
    """Rows a unit shares with its own subtree (``shared_down_filter``): emulation cycles, decisions."""

    def readable_by(self, user: AnyUser, date: dt.date | None = None) -> Self:
        return self.filter(shared_down_filter(user, self.unit_field, date))
