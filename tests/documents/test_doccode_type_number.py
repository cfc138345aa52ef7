"""``doccode.parse_type_number``: "Chỉ thị 05" names a document by its type and number (a reader's search)."""

from __future__ import annotations

import pytest

from tuyengiao.lib.doccode import parse_type_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chỉ thị 05", ("Chỉ thị", 5)),
        ("chi thi 5", ("Chỉ thị", 5)),
        ("CHỈ THỊ SỐ: 05", ("Chỉ thị", 5)),
        ("  Kế hoạch số 12 ", ("Kế hoạch", 12)),
        ("Chương trình hành động 07", ("Chương trình hành động", 7)),
        ("Nghị quyết 35", ("Nghị quyết", 35)),
        ("Quy định 97", ("Quy định", 97)),
        ("Ð​ề án 04".replace("\u200b", ""), ("Đề án", 4)),  # the look-alike Ð
    ],
)
def test_a_type_name_and_a_number_are_read(text: str, expected: tuple[str, int]) -> None:
    assert parse_type_number(text) == expected


@pytest.mark.parametrize(
    "text", ["05", "Chỉ thị", "Chỉ thị 05-CT/TW", "05-CT/TW", "hội nghị 05", "Chỉ thị 05 năm 2016", "", "x" * 500]
)
def test_anything_else_is_not_a_type_and_number(text: str) -> None:
    assert parse_type_number(text) is None
