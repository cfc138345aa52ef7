"""A small Markdown renderer for the user guide (docs/huong-dan/), which the application serves offline.

It renders the subset the guide is written in, and nothing more: ATX headings (``#`` to ``####``), paragraphs,
bulleted and numbered lists (nested by indentation), fenced code blocks, block quotes, pipe tables, and inline
``code``, ``**bold**``, ``*italic*``, links and images. Every character of the source is escaped first, so raw
HTML in a guide page prints as text and no page can inject markup. Links and images go through ``link``, which
returns the URL to use or ``None`` to print the link's text only (a link that has no page in the application).

Why not Python-Markdown: the guide is our own text in a fixed subset, the rest of the application needs no
Markdown, and the project keeps few dependencies (docs/dependencies.md); ~150 lines with their tests cost less
than a pinned package and its upgrades. ``tests/lib/test_mdlite.py`` covers every construct.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

Link = Callable[[str], str | None]

_HEADING = re.compile(r"(#{1,4})\s+(.+?)\s*#*\s*$")
_LIST = re.compile(r"( *)([-*+]|\d+[.)])\s+(.*)$")
_FENCE = re.compile(r"\s*```")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CODE = re.compile(r"`([^`]+)`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_ANCHOR = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def render(text: str, link: Link) -> str:
    """The HTML of ``text`` (a Markdown page of the guide), every character escaped."""
    return "\n".join(_blocks(text.replace("\r\n", "\n").split("\n"), link))


def inline(text: str, link: Link) -> str:
    """One line of text: escaped, then code spans, images, links, bold and italic."""
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(f"<code>{html.escape(match.group(1))}</code>")
        return f"\x00{len(codes) - 1}\x00"

    out = html.escape(_CODE.sub(keep, text), quote=True)

    def image(match: re.Match[str]) -> str:
        url = link(html.unescape(match.group(2)))
        if url is None:
            return match.group(1)
        src = html.escape(url)
        return f'<img class="img-fluid border rounded my-2" src="{src}" alt="{match.group(1)}" loading="lazy">'

    def anchor(match: re.Match[str]) -> str:
        url = link(html.unescape(match.group(2)))
        return match.group(1) if url is None else f'<a href="{html.escape(url)}">{match.group(1)}</a>'

    out = _IMAGE.sub(image, out)
    out = _ANCHOR.sub(anchor, out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], out)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blocks(lines: list[str], link: Link) -> list[str]:
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
        elif _FENCE.match(line):
            code, i = _fenced(lines, i)
            out.append(code)
        elif heading := _HEADING.match(line):
            level = len(heading.group(1))
            out.append(f"<h{level}>{inline(heading.group(2), link)}</h{level}>")
            i += 1
        elif line.lstrip().startswith(">"):
            quoted = []
            while i < n and lines[i].lstrip().startswith(">"):
                quoted.append(lines[i].lstrip()[1:].removeprefix(" "))
                i += 1
            inner = "\n".join(_blocks(quoted, link))
            out.append(f'<blockquote class="border-start border-4 ps-3 text-secondary">{inner}</blockquote>')
        elif line.lstrip().startswith("|") and i + 1 < n and _TABLE_RULE.match(lines[i + 1]):
            header = _cells(line)
            rows = []
            i += 2
            while i < n and lines[i].lstrip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            out.append(_table(header, rows, link))
        elif _LIST.match(line):
            html_list, i = _list(lines, i, _indent(line), link)
            out.append(html_list)
        else:
            paragraph = []
            while i < n and lines[i].strip() and not _starts_block(lines, i):
                paragraph.append(lines[i].strip())
                i += 1
            out.append(f"<p>{inline(' '.join(paragraph), link)}</p>")
    return out


def _fenced(lines: list[str], i: int) -> tuple[str, int]:
    """The fenced block opening at line ``i``, its lines dedented by the fence's indentation."""
    indent, end = _indent(lines[i]), i + 1
    while end < len(lines) and not _FENCE.match(lines[end]):
        end += 1
    body = "\n".join(line[indent:] if line[:indent].isspace() else line.lstrip() for line in lines[i + 1 : end])
    return f'<pre class="bg-light border rounded p-2"><code>{html.escape(body)}</code></pre>', end + 1


def _starts_block(lines: list[str], i: int) -> bool:
    line = lines[i]
    return bool(
        _FENCE.match(line)
        or _HEADING.match(line)
        or line.lstrip().startswith(">")
        or _LIST.match(line)
        or (line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]))
    )


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(header: list[str], rows: list[list[str]], link: Link) -> str:
    head = "".join(f'<th scope="col">{inline(c, link)}</th>' for c in header)
    body = "".join("<tr>" + "".join(f"<td>{inline(c, link)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        '<div class="table-responsive"><table class="table table-sm table-bordered align-top">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


@dataclass
class _Item:
    """A list item's content in order: runs of text lines, and the HTML of its sub-lists and code blocks."""

    parts: list[list[str] | str] = field(default_factory=list)

    def add_text(self, line: str) -> None:
        if self.parts and isinstance(self.parts[-1], list):
            self.parts[-1].append(line)
        else:
            self.parts.append([line])

    def html(self, link: Link) -> str:
        out, first = [], True
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                text = inline(" ".join(part), link)
                out.append(text if first else f"<p>{text}</p>")
            first = False
        return "".join(out)


def _list(lines: list[str], i: int, indent: int, link: Link) -> tuple[str, int]:
    """The list starting at line ``i`` (its items at ``indent``); returns its HTML and the next line's index."""
    first = _LIST.match(lines[i])
    assert first is not None
    ordered = first.group(2)[0].isdigit()
    items: list[_Item] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            following = i + 1
            if following < n and lines[following].strip() and _indent(lines[following]) > indent and items:
                i = following  # a blank line inside an item: its next paragraph or sub-list follows, indented
                continue
            marker = _LIST.match(lines[following]) if following < n else None
            if marker and _indent(lines[following]) == indent and marker.group(2)[0].isdigit() == ordered:
                i = following
                continue
            break
        item = _LIST.match(line)
        depth = _indent(line)
        if item and depth == indent:
            items.append(_Item([[item.group(3)]]))
            i += 1
        elif item and depth > indent and items:
            sub, i = _list(lines, i, depth, link)
            items[-1].parts.append(sub)
        elif depth > indent and items and _FENCE.match(line):
            code, i = _fenced(lines, i)
            items[-1].parts.append(code)
        elif depth > indent and items:
            if not lines[i - 1].strip():
                items[-1].parts.append([line.strip()])  # after a blank line: a new paragraph of the item
            else:
                items[-1].add_text(line.strip())
            i += 1
        else:
            break
    body = "".join(f"<li>{it.html(link)}</li>" for it in items)
    if not ordered:
        return f"<ul>{body}</ul>", i
    start = int(first.group(2)[:-1])
    return (f'<ol start="{start}">' if start != 1 else "<ol>") + f"{body}</ol>", i
