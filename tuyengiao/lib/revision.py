"""Stale-edit protection, the one way: every editable record has a ``revision`` column; a page carries the
revision it was opened at in a required hidden field; saving locks the row, compares, and bumps it.

* ``StaleEdit``: the one error. Its default message is the generic Vietnamese "someone else changed this record
  since you opened it; reload"; a service may pass a message naming the record ("Hội nghị đã được người khác
  sửa …").
* ``lock_and_bump(model_or_queryset, pk, expected)``: inside the caller's transaction, ``select_for_update()`` the
  row, compare ``expected`` with the stored revision, raise ``StaleEdit`` on a mismatch, bump the stored revision
  with an ``F()`` update and return the new value (set it on the instance you are about to save).
  ``expected=None`` is for programmatic callers only (imports, the demo data): no page, nothing to compare.
  Pages never pass None: the revision field is required, and ``posted_revision`` refuses a missing one.
* ``RevisionField`` / ``RevisionFormMixin``: the required hidden field; a missing or garbled value is refused
  with the stale message (as a form-wide error, so templates that show ``non_field_errors`` show it).
* ``posted_revision(data)``: the same rule for views that read ``request.POST`` without a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy

STALE_MESSAGE = gettext_lazy(
    "Bản ghi đã được người khác thay đổi sau khi bạn mở trang này (hoặc trang thiếu thông tin phiên bản). "
    "Chưa lưu gì; hãy tải lại trang rồi nhập lại thay đổi của bạn."
)


class StaleEdit(ValidationError):
    """The record changed since the page was opened (or the page did not say which revision it showed)."""

    def __init__(self, message: Any = None) -> None:
        super().__init__(message or STALE_MESSAGE, code="stale")

    def __str__(self) -> str:
        return str(self.message)


def parse(value: Any) -> int | None:
    """A posted revision as an int, or None when it is missing or not a non-negative whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def posted_revision(data: Mapping[str, Any], name: str = "revision", message: Any = None) -> int:
    """The revision a posted page carries; a missing one is refused (``StaleEdit``), never read as "no check"."""
    revision = parse(data.get(name))
    if revision is None:
        raise StaleEdit(message)
    return revision


def _queryset(source: type[models.Model] | models.QuerySet[Any]) -> models.QuerySet[Any]:
    if isinstance(source, models.QuerySet):
        return source
    return source._default_manager.all()


def lock_and_bump(
    source: type[models.Model] | models.QuerySet[Any],
    pk: Any,
    expected: int | str | None,
    message: Any = None,
    *,
    field: str = "revision",
) -> int:
    """Lock the row, refuse a stale ``expected`` revision, bump the stored one; returns the new revision.

    Must run inside the caller's ``transaction.atomic()`` so the check, the bump and the caller's save are one.
    ``field``: a second revision column of the row guarding a part edited on its own page (an awards cycle's
    ``votes_revision``: the council's tally sheet), so that editing one part never makes the other stale.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_and_bump must run inside transaction.atomic()")
    rows = _queryset(source)
    current = rows.select_for_update().filter(pk=pk).values_list(field, flat=True).first()
    if current is None:
        raise StaleEdit(message)  # deleted since the page was opened
    if expected is not None and parse(expected) != current:
        raise StaleEdit(message)
    rows.filter(pk=pk).update(**{field: F(field) + 1})
    return int(current) + 1


class RevisionField(forms.IntegerField):
    """The required hidden revision of the record the page shows."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("required", True)
        kwargs.setdefault(
            "error_messages", {key: STALE_MESSAGE for key in ("required", "invalid", "min_value", "max_value")}
        )
        super().__init__(**kwargs)


class RevisionFormMixin:
    """A form editing a record: a required hidden ``revision`` (dropped for a new model instance), initialised from
    the instance, whose error shows as a form-wide error."""

    revision_required_for_new = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        fields.setdefault("revision", RevisionField())
        instance = getattr(self, "instance", None)
        if instance is not None and isinstance(instance, models.Model):
            if instance.pk is None and not self.revision_required_for_new:
                del fields["revision"]
            else:
                self.initial.setdefault("revision", instance.revision)  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors = getattr(self, "_errors", None)
        if errors and "revision" in errors:
            errors.pop("revision")
            self.add_error(None, StaleEdit())  # type: ignore[attr-defined]
            self.cleaned_data.pop("revision", None)  # type: ignore[attr-defined]


__all__ = ["STALE_MESSAGE", "RevisionField", "RevisionFormMixin", "StaleEdit", "lock_and_bump", "posted_revision"]
