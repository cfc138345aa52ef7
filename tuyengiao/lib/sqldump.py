"""The rows of a MySQL dump (mysqldump, phpMyAdmin export) without MySQL: ``tables(text)``.

Reads ``CREATE TABLE`` (for the column names, when an ``INSERT`` gives none, as mysqldump does by default) and
``INSERT [IGNORE] INTO `t` [(cols)] VALUES (…), (…);`` statements; everything else (``SET``, ``LOCK TABLES``,
``ALTER TABLE``, ``/*!40101 … */`` conditional comments, ``--`` and ``#`` comments) is skipped. Values are
MySQL literals: ``NULL``, numbers (``12``, ``-3``, ``1.5``, ``1e3``), strings in single or double quotes with
the backslash escapes ``\\0 \\' \\" \\b \\n \\r \\t \\Z \\\\ \\% \\_`` and a doubled quote, ``0x…`` hex, and
``_utf8mb4'…'``-style introducers. Anything else is a ``DumpError`` naming the line, so a truncated or damaged
file is refused whole rather than half read.

Standard library only, linear in the size of the text.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["DumpError", "tables"]

_ESCAPES = {"0": "\0", "'": "'", '"': '"', "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "\\": "\\"}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_HEX = re.compile(r"0x[0-9a-fA-F]*|[xX]'[0-9a-fA-F]*'")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_INSERT = re.compile(
    r"^\s*(?:INSERT|REPLACE)\s+(?:LOW_PRIORITY\s+|DELAYED\s+|HIGH_PRIORITY\s+)?(?:IGNORE\s+)?(?:INTO\s+)?"
    r"(?P<table>`[^`]+`|[A-Za-z0-9_$]+)(?:\.(?P<table2>`[^`]+`|[A-Za-z0-9_$]+))?\s*"
    r"(?:\((?P<columns>[^)]*)\)\s*)?VALUES?\s*",
    re.IGNORECASE,
)
_CREATE = re.compile(
    r"^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<table>`[^`]+`|[A-Za-z0-9_$]+)\s*\(",
    re.IGNORECASE,
)
_NOT_COLUMNS = {"PRIMARY", "KEY", "UNIQUE", "INDEX", "CONSTRAINT", "FOREIGN", "FULLTEXT", "SPATIAL", "CHECK"}


class DumpError(ValueError):
    """The text is not a dump this module can read; ``line`` is where reading stopped (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _name(token: str) -> str:
    return token[1:-1].replace("``", "`") if token.startswith("`") else token


def statements(text: str) -> list[tuple[str, int]]:
    """The statements of ``text`` (comments removed, quotes kept), each with the line it starts on."""
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    i, n, line, start_line, started = 0, len(text), 1, 1, False
    while i < n:
        c = text[i]
        if not started and not c.isspace() and not text.startswith(("--", "/*", "#"), i):
            start_line, started = line, True
        if c in "'\"`":
            j = i + 1
            while True:
                if j >= n:
                    raise DumpError("unterminated quoted text", line)
                d = text[j]
                if d == "\\" and c != "`":
                    j += 2
                    continue
                if d == c:
                    if j + 1 < n and text[j + 1] == c:  # a doubled quote is the quote itself
                        j += 2
                        continue
                    break
                j += 1
            chunk = text[i : j + 1]
            line += chunk.count("\n")
            buf.append(chunk)
            i = j + 1
            continue
        if c == "-" and text.startswith("--", i) and (i + 2 >= n or text[i + 2] in " \t\r\n"):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise DumpError("unterminated comment", line)
            line += text.count("\n", i, j)
            i = j + 2
            buf.append(" ")
            continue
        if c == ";":
            statement = "".join(buf).strip()
            if statement:
                out.append((statement, start_line))
            buf, started = [], False
            i += 1
            continue
        if c == "\n":
            line += 1
        buf.append(c)
        i += 1
    if "".join(buf).strip():
        raise DumpError("the last statement has no closing ';' (is the file cut short?)", start_line)
    return out


def _string(text: str, i: int, line: int) -> tuple[str, int]:
    quote = text[i]
    out: list[str] = []
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\":
            if j + 1 >= n:
                break
            e = text[j + 1]
            # \% and \_ keep their backslash (LIKE patterns); an unknown escape is the letter itself.
            out.append("\\" + e if e in "%_" else _ESCAPES.get(e, e))
            j += 2
            continue
        if c == quote:
            if j + 1 < n and text[j + 1] == quote:
                out.append(quote)
                j += 2
                continue
            return "".join(out), j + 1
        out.append(c)
        j += 1
    raise DumpError("unterminated string", line)


def _value(text: str, i: int, line: int) -> tuple[Any, int]:
    c = text[i]
    if c in "'\"":
        return _string(text, i, line)
    if c == "_":  # a character-set introducer: _utf8mb4'…', _binary'…'
        word = _WORD.match(text, i)
        if word:
            j = word.end()
            while j < len(text) and text[j].isspace():
                j += 1
            if j < len(text) and text[j] in "'\"":
                return _string(text, j, line)
    hexa = _HEX.match(text, i)
    if hexa:
        digits = hexa.group(0)[2:].rstrip("'")
        return bytes.fromhex(digits if len(digits) % 2 == 0 else "0" + digits), hexa.end()
    number = _NUMBER.match(text, i)
    if number:
        literal = number.group(0)
        if re.fullmatch(r"[+-]?\d+", literal):
            return int(literal), number.end()
        return float(literal), number.end()
    word = _WORD.match(text, i)
    if word:
        upper = word.group(0).upper()
        if upper == "NULL":
            return None, word.end()
        if upper in {"TRUE", "FALSE"}:
            return int(upper == "TRUE"), word.end()
        if upper in {"DEFAULT", "CURRENT_TIMESTAMP", "NOW"}:
            end = word.end()
            if text.startswith("()", end):
                end += 2
            return None, end
    raise DumpError(f"unexpected value starting {text[i : i + 20]!r}", line)


def _rows(text: str, i: int, line: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    n = len(text)

    def skip(k: int) -> int:
        while k < n and text[k].isspace():
            k += 1
        return k

    i = skip(i)
    while True:
        if i >= n or text[i] != "(":
            raise DumpError("expected '(' at the start of a row", line)
        i = skip(i + 1)
        row: list[Any] = []
        if i < n and text[i] == ")":
            i += 1
        else:
            while True:
                value, i = _value(text, i, line)
                row.append(value)
                i = skip(i)
                if i < n and text[i] == ",":
                    i = skip(i + 1)
                    continue
                if i < n and text[i] == ")":
                    i += 1
                    break
                raise DumpError("expected ',' or ')' in a row", line)
        rows.append(row)
        i = skip(i)
        if i < n and text[i] == ",":
            i = skip(i + 1)
            continue
        if i >= n:
            return rows
        # ON DUPLICATE KEY UPDATE … : the rows are read, the clause is ignored.
        if re.match(r"ON\s+DUPLICATE\s+KEY\s+UPDATE\b", text[i:], re.IGNORECASE):
            return rows
        raise DumpError("unexpected text after a row", line)


def _create_columns(statement: str, start: int) -> list[str]:
    """The column names of a ``CREATE TABLE`` body beginning at ``start`` (just after its '(')."""
    columns: list[str] = []
    depth, item, i = 0, [], start
    body_items: list[str] = []
    while i < len(statement):
        c = statement[i]
        if c in "'\"`":
            j = i + 1
            while j < len(statement) and statement[j] != c:
                j += 2 if statement[j] == "\\" and c != "`" else 1
            item.append(statement[i : j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                body_items.append("".join(item))
                break
            depth -= 1
        elif c == "," and depth == 0:
            body_items.append("".join(item))
            item = []
            i += 1
            continue
        item.append(c)
        i += 1
    for part in body_items:
        part = part.strip()
        token = re.match(r"`(?:[^`]|``)+`|[A-Za-z0-9_$]+", part)
        if token and not (token.group(0).upper() in _NOT_COLUMNS and not part.startswith("`")):
            columns.append(_name(token.group(0)))
    return columns


def tables(text: str) -> dict[str, list[dict[str, Any]]]:
    """Every table's inserted rows as dicts keyed by column name (tables without rows are absent unless created)."""
    columns_of: dict[str, list[str]] = {}
    data: dict[str, list[dict[str, Any]]] = {}
    for statement, line in statements(text):
        create = _CREATE.match(statement)
        if create:
            name = _name(create.group("table"))
            columns_of[name] = _create_columns(statement, create.end())
            data.setdefault(name, [])
            continue
        insert = _INSERT.match(statement)
        if not insert:
            continue
        name = _name(insert.group("table2") or insert.group("table"))
        if insert.group("columns") is not None:
            columns = [_name(c.strip()) for c in insert.group("columns").split(",")]
        elif name in columns_of:
            columns = columns_of[name]
        else:
            raise DumpError(f"INSERT INTO {name} names no columns and the dump has no CREATE TABLE for it", line)
        for row in _rows(statement, insert.end(), line):
            if len(row) != len(columns):
                raise DumpError(f"a row of {name} has {len(row)} values for {len(columns)} columns", line)
            data.setdefault(name, []).append(dict(zip(columns, row, strict=True)))
    return data
