"""The one stale-edit mechanism (lib/revision.py): the error, the posted revision, the hidden field, the lock."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from tuyengiao.lib.revision import (
    STALE_MESSAGE,
    RevisionField,
    RevisionFormMixin,
    StaleEdit,
    lock_and_bump,
    posted_revision,
)


def test_stale_edit_is_a_validation_error_that_reads_as_its_vietnamese_message() -> None:
    error = StaleEdit()
    assert isinstance(error, ValidationError) and error.code == "stale"
    assert str(error) == str(STALE_MESSAGE) and "tải lại trang" in str(error)
    assert str(StaleEdit("Hội nghị đã được người khác sửa")) == "Hội nghị đã được người khác sửa"


@pytest.mark.parametrize("value", [None, "", " ", "abc", "-1", "1.5"])
def test_a_missing_or_garbled_posted_revision_is_refused_never_read_as_no_check(value: object) -> None:
    with pytest.raises(StaleEdit):
        posted_revision({} if value is None else {"revision": value})


def test_a_posted_revision_is_read_as_a_whole_number() -> None:
    assert posted_revision({"revision": "0"}) == 0 and posted_revision({"revision": " 12 "}) == 12


class _Edit(RevisionFormMixin, forms.Form):
    title = forms.CharField()


def test_the_revision_field_is_required_hidden_and_its_error_is_the_stale_message_for_the_whole_form() -> None:
    assert isinstance(_Edit().fields["revision"], RevisionField)
    assert 'type="hidden"' in str(_Edit(initial={"revision": 3})["revision"])
    form = _Edit({"title": "x"})
    assert not form.is_valid()
    assert "revision" not in form.errors and form.non_field_errors() == [str(STALE_MESSAGE)]
    valid = _Edit({"title": "x", "revision": "3"})
    assert valid.is_valid() and valid.cleaned_data["revision"] == 3


def test_lock_and_bump_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        lock_and_bump(object, 1, 1)  # type: ignore[arg-type]
