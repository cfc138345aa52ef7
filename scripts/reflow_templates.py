"""Break the long lines of the templates only where whitespace is not rendered: the templates' formatter.

A line over 120 characters is broken before the opening tag and after the closing tag of block elements
(list items, table rows, divs, paragraphs, options…) next to a template tag, and just inside pure
containers (ul, ol, table, select…). A piece still over 200 characters is also broken at a space between two
tags and just inside an element holding text. Never inside a tag (its attributes stay together), a template
tag, a table row, ``{% blocktranslate %}``, ``<pre>`` or ``<textarea>``.

    python scripts/reflow_templates.py templates            # rewrite the long lines
    python scripts/reflow_templates.py --check templates    # exit 1 if a template would change (make lint)

djLint lints the templates but does not format them: its formatter puts template tags on their own lines
inside inline content too (between badges, buttons, in links), which adds visible spaces.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

BLOCK = (
    "ul|ol|li|tr|thead|tbody|tfoot|table|dl|dt|dd|div|p|section|nav|form|fieldset|h[1-6]|option|optgroup"
    "|select|details|article|header|footer|aside|main|hr|caption|figure|template"
)
CONTAINER = "ul|ol|thead|tbody|tfoot|table|dl|select|optgroup"
TEXT_BLOCK = "li|dt|dd|div|p|h[1-6]|legend|caption|figcaption"

# Each rule's first group ends where a line break goes.
RULES = [
    # {% … %}<li …>   →  break before a block opening tag
    re.compile(rf"(%\}})<(?:{BLOCK})[\s>/]"),
    # </li>{% … %}  and  </li><li  →  break after a block closing tag
    re.compile(rf"(</(?:{BLOCK})>)(?:\{{%|<(?:{BLOCK})[\s>/]|<!--)"),
    # <ul …>{% … %}  →  break just inside a pure container
    re.compile(rf"(<(?:{CONTAINER})(?:\s[^<>]*)?>)\{{%"),
    # {% … %}</ul>  →  break before a pure container's closing tag
    re.compile(rf"(%\}})</(?:{CONTAINER})>"),
]
# Second pass, for lines still too long.
LONG_RULES = [
    # a space between two tags (HTML or template) becomes a line break: both are collapsed whitespace
    re.compile(r"((?:>|%\}) )(?:<[a-zA-Z/]|\{%)"),
    # just inside an element with text: leading and trailing whitespace of a block is not rendered
    re.compile(rf"(<(?:{TEXT_BLOCK})(?:\s[^<>]*)?>)(?:\{{%|<[a-zA-Z])"),
    re.compile(rf"((?:%\}}|</[a-z0-9]+>))</(?:{TEXT_BLOCK})>"),
]
LIMIT = 200


def _overlapping(rule: re.Pattern[str], line: str) -> list[re.Match[str]]:
    """Every match, including those that share characters with the previous one."""
    found, pos = [], 0
    while (m := rule.search(line, pos)) is not None:
        found.append(m)
        pos = m.end(1)
    return found


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans not to touch: tags with their attributes, template tags and comments, pre and textarea."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"<(pre|textarea)\b.*?</\1>", text, re.S)]
    ignored = r"\{%\s*(comment|blocktranslate|blocktrans)\b.*?end\1\s*%\}"
    spans += [(m.start(), m.end()) for m in re.finditer(ignored, text, re.S)]
    spans += [(m.start() + 1, m.end() - 1) for m in re.finditer(r"<[a-zA-Z][^<>]*>", text)]
    # a table row stays on one line: tests and readers compare its cells as "<td>7</td><td>G</td>"
    spans += [(m.start() + 1, m.end() - 1) for m in re.finditer(r"<tr\b.*?</tr>", text)]
    return spans


def _split(line: str, rules: list[re.Pattern[str]]) -> list[str]:
    spans = _protected(line)
    cuts: set[int] = set()
    for rule in rules:
        cuts |= {m.end(1) for m in _overlapping(rule, line)}
    cuts = {c for c in cuts if not any(a < c < b for a, b in spans) and 0 < c < len(line)}
    pieces, last = [], 0
    for cut in sorted(cuts):
        pieces.append(line[last:cut])
        last = cut
    pieces.append(line[last:])
    # a piece ending in the space a break replaces keeps no trailing space
    pieces = [piece.rstrip(" ") if i < len(pieces) - 1 else piece for i, piece in enumerate(pieces)]
    return [piece for piece in pieces if piece.strip()] or [line]


def reflow(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if len(line) <= 120:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        pieces = []
        for piece in _split(line, RULES):
            pieces.extend(_split(piece, LONG_RULES) if len(piece) > LIMIT else [piece])
        # the pieces after the first keep the line's indentation (whitespace that is not rendered)
        out.extend([pieces[0], *(indent + piece.lstrip() for piece in pieces[1:])])
    return "\n".join(out)


def main(args: list[str]) -> int:
    check = "--check" in args
    changed = []
    for root in [arg for arg in args if arg != "--check"] or ["templates"]:
        for path in sorted(Path(root).rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            new = reflow(text)
            while (again := reflow(new)) != new:  # an indented piece may still be long
                new = again
            if new != text:
                changed.append(path)
                if not check:
                    path.write_text(new, encoding="utf-8")
    for path in changed:
        print(f"{'would reflow' if check else 'reflowed'} {path}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
