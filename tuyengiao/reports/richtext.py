"""The rich text of a report's narrative: bold, italic, bulleted and numbered lists, nothing else.

The narrative editor (``static/js/richtext.js``, a contenteditable box with a small toolbar) posts HTML.
What is stored is never that HTML but ``sanitise(posted)``: the posted text is *parsed* into ``Block``s
(paragraphs and list items made of ``Run``s: text, bold, italic) and *written again* from them, so the stored
HTML holds only ``<p> <ul> <ol> <li> <strong> <em> <br>`` without attributes, and every text is escaped.
Anything else a browser or a paste may bring (``<div>``, ``<span style>``, ``<script>``, links, images) is
reduced to its text or dropped. This parse-and-rewrite is the allow-list; the same parse feeds the DOCX
writer (``blocks``), so what is printed is exactly what the editor stored. (No third-party sanitiser: the
standard library's ``html.parser`` suffices because nothing is passed through, everything is rebuilt.)

Plain text (an older saved narrative, a form posted without JavaScript) has no tag: each non-empty line is a
paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section", "article"}
_BOLD = {"b", "strong"}
_ITALIC = {"i", "em"}
_DROPPED = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head", "title"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """A paragraph (``kind`` "p") or one item of a list ("ul" bulleted, "ol" numbered)."""

    kind: str
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0
        self.dropped = 0

    def _close(self) -> None:
        if self.current is not None and self.current.text:
            self.blocks.append(self.current)
        self.current = None

    def _open(self, kind: str) -> None:
        self._close()
        self.current = Block(kind)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropped += 1
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append(tag)
        elif tag == "li":
            self._open(self.lists[-1] if self.lists else "ul")
        elif tag in _BLOCK_TAGS:
            self._open(self.lists[-1] if self.lists and self.current is not None else "p")
        elif tag in _BOLD:
            self.bold += 1
        elif tag in _ITALIC:
            self.italic += 1
        elif tag == "br":
            self._text("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._text("\n")
        # other void elements (img, input, hr …) carry no text: dropped

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCK_TAGS:
            self._close()
        elif tag in _BOLD:
            self.bold = max(0, self.bold - 1)
        elif tag in _ITALIC:
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data: str) -> None:
        if not self.dropped:
            self._text(_SPACES.sub(" ", data))

    def _text(self, text: str) -> None:
        if not text:
            return
        if self.current is None:
            if not text.strip():
                return
            self.current = Block(self.lists[-1] if self.lists else "p")
        runs = self.current.runs
        bold, italic = self.bold > 0, self.italic > 0
        if runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1].text += text
        else:
            runs.append(Run(text, bold, italic))


def _tidy(block: Block) -> Block:
    """Spaces collapsed, line breaks kept, the block's ends trimmed."""
    runs = [Run(re.sub(r" *\n *", "\n", r.text), r.bold, r.italic) for r in block.runs if r.text]
    if runs:
        runs[0].text = runs[0].text.lstrip(" \n")
        runs[-1].text = runs[-1].text.rstrip(" \n")
    return Block(block.kind, [r for r in runs if r.text])


def is_html(value: str) -> bool:
    return bool(_TAG.search(value or ""))


def blocks(value: str) -> list[Block]:
    """The paragraphs and list items of a stored (or posted) narrative field."""
    if not (value or "").strip():
        return []
    if not is_html(value):
        return [Block("p", [Run(line.strip())]) for line in value.splitlines() if line.strip()]
    parser = _Parser()
    parser.feed(value)
    parser.close()
    parser._close()
    return [b for b in (_tidy(b) for b in parser.blocks) if b.text]


def _runs_html(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = "<br>".join(escape(part, quote=False) for part in run.text.split("\n"))
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def to_html(items: list[Block]) -> str:
    """Blocks written as the only HTML the narrative stores."""
    out: list[str] = []
    open_list = ""
    for block in items:
        if block.kind != open_list and open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if block.kind in ("ul", "ol"):
            if not open_list:
                out.append(f"<{block.kind}>")
                open_list = block.kind
            out.append(f"<li>{_runs_html(block.runs)}</li>")
        else:
            out.append(f"<p>{_runs_html(block.runs)}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)


def sanitise(value: str) -> str:
    """What is stored for a posted narrative field: parsed and written again (see the module's docstring)."""
    return to_html(blocks(value))


def paragraphs(texts: list[str]) -> str:
    """Plain sentences as stored paragraphs (the drafted narrative)."""
    return to_html([Block("p", [Run(text)]) for text in texts if text.strip()])


def plain(value: str) -> str:
    """The text without markup, one block a line (tests, search, the page's summaries)."""
    return "\n".join(block.text for block in blocks(value))
