"""lib.sqldump: the rows of a MySQL dump, read without MySQL."""

from __future__ import annotations

import pytest

from tuyengiao.lib import sqldump


def test_quoted_strings_keep_their_escapes_and_semicolons() -> None:
    rows = sqldump.tables(
        "INSERT INTO `t` (`a`, `b`) VALUES (1, 'H\\'Linh; -- không phải chú thích\\\\n\\n'), "
        "(2, 'it''s'), (3, \"q\\\"\");"
    )["t"]
    assert [r["b"] for r in rows] == ["H'Linh; -- không phải chú thích\\n\n", "it's", 'q"']


def test_null_numbers_hex_and_introducers() -> None:
    (row,) = sqldump.tables("INSERT INTO t (a,b,c,d,e) VALUES (NULL, -12, 1.5e2, 0x4142, _utf8mb4'x');")["t"]
    assert row == {"a": None, "b": -12, "c": 150.0, "d": b"AB", "e": "x"}


def test_an_insert_without_columns_takes_them_from_create_table() -> None:
    text = """
    -- a comment; with a semicolon
    /*!40101 SET NAMES utf8mb4 */;
    CREATE TABLE `nv4_vi_laws_row` (
      `id` int NOT NULL,
      `code` varchar(50) NOT NULL DEFAULT '',
      PRIMARY KEY (`id`),
      KEY `code` (`code`(10))
    ) ENGINE=MyISAM;
    INSERT INTO `nv4_vi_laws_row` VALUES (1,'17/CT-UBND'),(2,'05-CT/TW');
    """
    assert sqldump.tables(text)["nv4_vi_laws_row"] == [{"id": 1, "code": "17/CT-UBND"}, {"id": 2, "code": "05-CT/TW"}]


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO t (a) VALUES ('không đóng nháy);",
        "INSERT INTO t (a) VALUES (1),(2)",  # cut before the ';'
        "INSERT INTO t (a, b) VALUES (1);",  # too few values
        "INSERT INTO t (a) VALUES (bogus);",
        "INSERT INTO t VALUES (1);",  # no columns anywhere
    ],
)
def test_a_damaged_dump_is_refused_with_its_line(text: str) -> None:
    with pytest.raises(sqldump.DumpError) as error:
        sqldump.tables("-- dòng 1\n" + text)
    assert error.value.line == 2
