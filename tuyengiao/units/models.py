"""The organisation tree over time.

Time model (see docs/architecture.md):

* A ``Unit`` is an organisation's identity: its kind, level and official code.
  It never changes when the unit is renamed or moved.
* A ``UnitVersion`` is what the unit looked like during a half-open interval
  ``[valid_from, valid_to)``: its name, its territory's name and its parent.
  ``valid_from`` NULL means "since before our records", ``valid_to`` NULL means
  "still so". A unit exists on date D when one of its versions covers D; versions
  of one unit never overlap.
* A ``RestructuringEvent`` (merge, split, rename, move, dissolve, create) records
  the date and legal basis of a change; versions point at the event that started
  or ended them and ``UnitLink`` rows give each unit its predecessors and successors.

The tree as of D is therefore plain SQL over ``UnitVersion``; subtrees and
ancestors are recursive CTEs (``tuyengiao.units.tree``). Changes go through
``tuyengiao.units.services`` so that they are validated and atomic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.lib.text import fold


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy")
    AFFILIATED = "affiliated_party_committee", _("Đảng ủy trực thuộc")
    COMMISSION = "commission", _("Ban tham mưu")
    POLITICAL_CENTRE = "political_centre", _("Trung tâm chính trị")
    OTHER = "other", _("Cơ quan khác")


# Depth order, used to check that a child sits below its parent.
LEVEL_RANK = {Level.CENTRAL: 0, Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}


def level_rank(field: str = "level") -> models.Case:
    """An integer expression ordering levels from the centre down."""
    return models.Case(
        *(models.When(**{field: level}, then=models.Value(rank)) for level, rank in LEVEL_RANK.items()),
        default=models.Value(9),
        output_field=models.IntegerField(),
    )


def territorial_last() -> models.Case:
    return models.Case(
        models.When(unit__kind=Kind.PARTY_COMMITTEE, then=models.Value(1)),
        default=models.Value(0),
        output_field=models.IntegerField(),
    )


def covers(date: dt.date, prefix: str = "") -> Q:
    """``Q`` for rows whose ``[valid_from, valid_to)`` interval contains ``date``."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": date})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": date})
    )


# --- A unit's name on a date: the one rule ---------------------------------------------------------------------------
#
# The version in force on the date; for a unit that did not exist that day, its last name before the date (a unit
# that ended keeps the name it ended with), or else its first name after it (a record older than our records of
# the unit). Never a later name when an earlier one fits. The forms of the same rule: ``name_on`` (a subquery for
# ``annotate``), ``names`` and ``names_at`` (many units, or units on several dates, in one query), ``Unit.name_on``
# (one unit; no query when its versions are prefetched) and ``nearest_day`` (the day whose whole version a paper
# prints). None orders by a nullable date without a NULLs rule, so SQLite and PostgreSQL agree.


def name_on(date: dt.date, field: str = "pk") -> Coalesce:
    """The name, on ``date``, of the unit in ``field`` (a subquery for ``annotate``).

    The version in force that day; for a unit that did not exist then, its last name before ``date``, or
    else its first name after it. The same result on SQLite and PostgreSQL (no ordering on NULL dates).
    """
    versions = UnitVersion.objects.filter(unit=models.OuterRef(field))
    return Coalesce(
        models.Subquery(versions.filter(covers(date)).values("name")[:1]),
        models.Subquery(
            versions.filter(valid_to__isnull=False, valid_to__lte=date).order_by("-valid_to").values("name")[:1]
        ),
        models.Subquery(
            versions.filter(valid_from__isnull=False, valid_from__gt=date).order_by("valid_from").values("name")[:1]
        ),
        output_field=models.CharField(),
    )


def _pick(versions: Iterable[tuple[dt.date | None, str]], date: dt.date) -> str | None:
    """The name on ``date`` among one unit's versions given oldest first as (valid_from, name): the last one
    begun by ``date`` (the version in force, or else the last that ended before), else the first."""
    chosen: str | None = None
    for valid_from, name in versions:
        if chosen is None or (valid_from or dt.date.min) <= date:
            chosen = name
    return chosen


def names(ids: Iterable[int], on: dt.date | None = None, *, area: bool = False) -> dict[int, str]:
    """Each unit's name on ``on`` (default today) by the rule of ``name_on``, in one query. Units without any
    version are left out. With ``area``, the territory's name where the version has one ("Xã Ea Kao" rather
    than "Đảng ủy xã Ea Kao", ``UnitVersion.display_name``)."""
    date = on or timezone.localdate()
    return {unit_id: name for (unit_id, _day), name in names_at(((pk, date) for pk in ids), area=area).items()}


def names_at(pairs: Iterable[tuple[int, dt.date]], *, area: bool = False) -> dict[tuple[int, dt.date], str]:
    """Each (unit, date) pair with the unit's name on that date (rows of records of several dates), in one
    query. Pairs whose unit has no version are left out. ``area`` as in ``names``."""
    wanted = set(pairs)
    rows = (
        UnitVersion.objects.filter(unit_id__in={pk for pk, _day in wanted})
        .order_by("unit_id", models.F("valid_from").asc(nulls_first=True))
        .values_list("unit_id", "valid_from", "name", "area_name")
    )
    by_unit: dict[int, list[tuple[dt.date | None, str]]] = {}
    for unit_id, valid_from, version_name, area_name in rows:
        by_unit.setdefault(unit_id, []).append((valid_from, (area and area_name) or version_name))
    return {(pk, day): name for pk, day in wanted if pk in by_unit and (name := _pick(by_unit[pk], day)) is not None}


def nearest_day(unit: Unit, date: dt.date) -> dt.date:
    """``date`` when the unit existed that day; otherwise the nearest day it did by the same rule: the last day of
    its latest version ended by ``date``, else the first day of its earliest version. For papers that need the
    whole version of that day (parent, territory), not only the name: ``unit.version_on(nearest_day(unit, d))``
    has the name ``name_on`` gives for ``d``."""
    spans = list(UnitVersion.objects.filter(unit=unit).values_list("valid_from", "valid_to"))
    return nearest_day_of(spans, date)


def nearest_day_of(spans: Iterable[tuple[dt.date | None, dt.date | None]], date: dt.date) -> dt.date:
    """``nearest_day`` on a unit's ``(valid_from, valid_to)`` spans already loaded (in any order)."""
    ordered = sorted(spans, key=lambda span: (span[0] is not None, span[0] or dt.date.min))
    if not ordered or any((start is None or start <= date) and (end is None or end > date) for start, end in ordered):
        return date
    ended = [end for _start, end in ordered if end is not None and end <= date]
    if ended:
        return max(ended) - dt.timedelta(days=1)
    return ordered[0][0] or date


def named(ids: Iterable[int], on: dt.date | None = None) -> list[tuple[Unit, str]]:
    """The units ``ids`` (by id) with their names on ``on`` (``names``): two queries."""
    labels = names(ids, on)
    return [(unit, labels[unit.pk]) for unit in Unit.objects.filter(pk__in=list(labels)).order_by("pk")]


class Unit(models.Model):
    key = models.CharField(
        _("mã nội bộ"),
        max_length=64,
        unique=True,
        help_text=_("Khóa ổn định dùng khi nạp dữ liệu, ví dụ p:66 hoặc c2025:24121."),
    )
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    code = models.CharField(_("mã hành chính"), max_length=16, blank=True, db_index=True)
    division_type = models.CharField(_("loại đơn vị hành chính"), max_length=32, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [models.Index(fields=["kind", "level"], name="unit_kind_level")]

    def __str__(self) -> str:
        """The name today, or the last name of a unit that ended: never the internal key."""
        return self.name_on(timezone.localdate()) or gettext("(đơn vị chưa có tên)")

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])

    def name_on(self, date: dt.date) -> str:
        """The unit's name on ``date`` (the rule of ``names``; no query when ``versions`` are prefetched)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "versions" in cache:
            ordered = sorted(cache["versions"], key=lambda v: (v.valid_from is not None, v.valid_from or dt.date.min))
            return _pick(((v.valid_from, v.name) for v in ordered), date) or ""
        return names([self.pk], date).get(self.pk, "")

    def version_on(self, date: dt.date) -> UnitVersion | None:
        return self.versions.filter(covers(date)).first()

    @property
    def is_territorial(self) -> bool:
        """The party committee of an administrative unit (it carries the GSO code)."""
        return self.kind == Kind.PARTY_COMMITTEE and self.level != Level.CENTRAL


class RestructuringEvent(models.Model):
    class EventKind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập, hợp nhất")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Điều chuyển trực thuộc")
        DISSOLVE = "dissolve", _("Giải thể, kết thúc hoạt động")
        CREATE = "create", _("Thành lập")

    kind = models.CharField(_("loại thay đổi"), max_length=16, choices=EventKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sự kiện sắp xếp")
        verbose_name_plural = _("sự kiện sắp xếp")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class UnitVersionQuerySet(models.QuerySet["UnitVersion"]):
    def as_of(self, date: dt.date) -> UnitVersionQuerySet:
        """Versions in force on ``date``: one per unit that exists then."""
        return self.filter(covers(date))

    def territorial(self) -> UnitVersionQuerySet:
        return self.filter(unit__kind=Kind.PARTY_COMMITTEE)

    def search(self, query: str) -> UnitVersionQuerySet:
        """Accent-insensitive search: every word of ``query`` must appear."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def chronological(self) -> UnitVersionQuerySet:
        """Oldest first; an open start (NULL) sorts first on SQLite and PostgreSQL alike."""
        return self.order_by(models.F("valid_from").asc(nulls_first=True))

    def in_tree_order(self) -> UnitVersionQuerySet:
        """Higher levels first; within a level bodies before territorial committees,
        then the official (GSO) code order, then the name."""
        return self.order_by(level_rank("unit__level"), territorial_last(), "unit__code", "search_text")


class UnitVersion(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions", verbose_name=_("đơn vị"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    name = models.CharField(_("tên tổ chức"), max_length=255)
    area_name = models.CharField(_("tên địa bàn"), max_length=255, blank=True)
    short_name = models.CharField(_("tên ngắn"), max_length=64, blank=True)
    parent = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="child_versions",
        null=True,
        blank=True,
        verbose_name=_("trực thuộc"),
    )
    search_text = models.TextField(editable=False, default="")
    started_by = models.ForeignKey(
        RestructuringEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="started_versions"
    )
    ended_by = models.ForeignKey(
        RestructuringEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="ended_versions"
    )
    history = HistoricalRecords()

    objects = UnitVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản đơn vị")
        verbose_name_plural = _("phiên bản đơn vị")
        # NULL valid_from means "since before our records": first, on every database.
        ordering = ["unit_id", models.F("valid_from").asc(nulls_first=True)]
        indexes = [
            models.Index(fields=["parent", "valid_from", "valid_to"], name="version_parent_dates"),
            models.Index(fields=["unit", "valid_from"], name="version_unit_from"),
        ]
        constraints = [
            # An interval ends after it starts; open ends are NULL.
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="version_interval_not_empty",
            ),
            # A unit is never its own parent.
            models.CheckConstraint(condition=~Q(parent=models.F("unit")), name="version_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = self.build_search_text(self.name, self.area_name, self.unit.code)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def build_search_text(name: str, area_name: str, code: str) -> str:
        return " ".join(part for part in (fold(name), fold(area_name), code) if part)

    @property
    def display_name(self) -> str:
        return self.area_name or self.name

    @property
    def last_day(self) -> dt.date | None:
        """The last day this version was in force (``valid_to`` is exclusive)."""
        return self.valid_to - dt.timedelta(days=1) if self.valid_to else None

    def covers(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or self.valid_to > date)


class UnitLink(models.Model):
    """``predecessor`` (wholly or partly) became ``successor`` by ``event``."""

    class Share(models.TextChoices):
        WHOLE = "whole", _("Toàn bộ")
        PART = "part", _("Một phần")

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_links")
    event = models.ForeignKey(RestructuringEvent, on_delete=models.PROTECT, related_name="links")
    share = models.CharField(max_length=8, choices=Share.choices, default=Share.WHOLE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quan hệ kế thừa")
        verbose_name_plural = _("quan hệ kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="link_once"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitDataset(models.Model):
    """Which bundled data file was loaded, so a second ``load_units`` is instant."""

    name = models.CharField(max_length=64, unique=True)
    checksum = models.CharField(max_length=64)
    loaded = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name
