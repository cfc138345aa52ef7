"""Templates obey the project's Content-Security-Policy (no inline styles, scripts or event handlers:
the browser would block them) and stay readable (no line over 200 characters)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))

INLINE = {
    "a style attribute": re.compile(r"""\sstyle\s*=""", re.IGNORECASE),
    "a <style> block": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "an event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE),
}


def _name(path: Path) -> str:
    return str(path.relative_to(Path(settings.BASE_DIR) / "templates"))


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_a_template_has_no_inline_style_or_script_blocked_by_the_csp(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{what} on line {text[: m.start()].count(chr(10)) + 1}"
        for what, rx in INLINE.items()
        for m in rx.finditer(text)
    ]
    assert not found, f"{_name(path)}: {', '.join(found)} (move it to static/css or static/js)"


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_a_template_has_no_line_over_200_characters(path: Path) -> None:
    long = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if len(line) > 200]
    assert not long, f"{_name(path)}: lines {long} are over 200 characters (break where whitespace is not rendered)"


# A year printed as a number gets the thousands separator ("năm 2.016"): every year goes through a string filter.
BARE_YEAR = re.compile(r"\{\{\s*[\w.]*year\s*\}\}")
YEAR_AS_TEXT = re.compile(
    r"\{%\s*blocktranslate[^%]*\byear=[\w.]*year\|stringformat[^%]*%\}.*?\{%\s*endblocktranslate", re.S
)


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_a_template_prints_no_year_through_number_formatting(path: Path) -> None:
    text = YEAR_AS_TEXT.sub("", path.read_text(encoding="utf-8"))
    found = BARE_YEAR.findall(text)
    assert not found, f"{_name(path)}: {found} (use |stringformat:'s' so 2016 is not printed 2.016)"


# A wide table scrolls inside its own box on a phone, never the whole page (issue #13 §5).
TABLE = re.compile(r"<table\b")


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_a_template_puts_every_table_in_a_box_that_scrolls_sideways(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bare = [
        text[: m.start()].count("\n") + 1
        for m in TABLE.finditer(text)
        if "table-responsive" not in text[max(0, m.start() - 400) : m.start()]
    ]
    assert not bare, f'{_name(path)}: tables on lines {bare} need a <div class="table-responsive"> around them'


# A record's id printed as a number gets the thousands separator too (don_vi=46.111 answers 404).
BARE_ID = re.compile(r"\{\{\s*[\w.]*\.(pk|unit_id)\s*\}\}")


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_a_template_prints_no_id_through_number_formatting(path: Path) -> None:
    found = BARE_ID.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{_name(path)}: {found} (use |stringformat:'d' so 46111 is not printed 46.111)"
