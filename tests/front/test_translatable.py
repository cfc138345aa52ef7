"""Every user-facing string is translatable (msgids are the Vietnamese texts).

Two checks:

* a tiny English catalogue, written as a .mo file by this test (no gettext tools or
  extra packages needed), turns wrapped strings from templates, forms, model
  choices, the menu and views into English: if a string was not wrapped, it would
  stay Vietnamese;
* a lint over templates/: every template compiles, and no text outside
  ``{% translate %}`` / ``{% blocktranslate %}`` / ``{{ … }}`` / ``{% … %}`` /
  comments contains letters, nor do user-visible attributes (placeholder,
  aria-label, title, alt).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# --- A fake English catalogue ------------------------------------------------------

ENGLISH: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Đăng nhập": "Sign in",  # template {% translate %}
    "Tên đăng nhập": "Username",  # form label (gettext_lazy)
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",  # form error message
    "Trang chủ": "Home",  # the main menu (gettext_lazy) and a block title
    "Xin chào, %(user)s": "Hello, %(user)s",  # {% blocktranslate %} with a variable
    "Quản trị viên": "Administrator",  # TextChoices label
    ("%(counter)s tỉnh, thành phố", "%(counter)s tỉnh, thành phố"): ("%(counter)s province", "%(counter)s provinces"),
    "Bạn đã đăng xuất.": "You have signed out.",  # messages.info in a view (gettext)
}


def write_mo(path: Path, catalogue: dict[Any, Any]) -> None:
    """A GNU .mo file (the format Python's gettext reads), plural entries included."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"}
    for msgid, msgstr in catalogue.items():
        key = "\x00".join(msgid) if isinstance(msgid, tuple) else msgid
        entries[key] = "\x00".join(msgstr) if isinstance(msgstr, tuple) else msgstr
    keys = sorted(entries, key=lambda k: k.encode())
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, blob = [], [], b""
    for data, table in [*((i, id_table) for i in ids), *((s, str_table) for s in strs)]:
        table.append((len(data), start + len(blob)))
        blob += data + b"\x00"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("<2I", *entry) for entry in id_table + str_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + blob)


@pytest.fixture
def english(settings: Any, tmp_path: Path) -> None:
    write_mo(tmp_path / "en" / "LC_MESSAGES" / "django.mo", ENGLISH)
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt")]
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db
def test_the_login_page_and_its_form_translate(english: None) -> None:
    client = Client(headers={"accept-language": "en"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "<title>Sign in" in html and "Username" in html
    assert "Đăng nhập" not in html and "Tên đăng nhập" not in html
    html = client.post(reverse("accounts:login"), {"username": "khong-co", "password": "sai"}).content.decode()
    assert "Wrong username or password." in html


def test_the_home_page_translates_menu_choices_plurals_and_variables(english: None, personas: Any) -> None:
    client = personas.client(personas.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("front:home")).content.decode()
    assert f"Hello, {personas.admin}" in html
    assert ">Home</a>" in html and "<title>Home" in html
    assert ">Administrator<" in html
    assert "34 provinces" in html and "tỉnh, thành phố" not in html
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "You have signed out." in response.content.decode()


def test_without_a_catalogue_the_interface_stays_vietnamese(personas: Any) -> None:
    html = personas.client(personas.admin).get(reverse("front:home")).content.decode()
    assert '<html lang="vi">' in html
    assert "Xin chào" in html and ">Quản trị viên<" in html and "34 tỉnh, thành phố" in html


# --- No literal text in templates -----------------------------------------------------

# Attribute values that must stay as they are, with the reason.
ALLOWED_ATTRIBUTES = {
    # The date format the ``ngay`` parameter and the date fields parse; not language text.
    "dd/mm/yyyy",
}
VISIBLE_ATTRIBUTE = re.compile(r"""\b(?:placeholder|aria-label|title|alt)\s*=\s*(["'])(.*?)\1""", re.S)
LETTER = re.compile(r"[^\W\d_]")
NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")  # Vietnamese texts have them; date formats do not
STRING_LITERAL = re.compile(r"""(["'])(.*?)\1""")
HOLE = "\x00"  # stands for a template tag, a variable or translated text


def skeleton(source: str) -> str:
    """The template's literal text, with everything the template engine produces replaced by HOLE."""
    parts: list[str] = []
    skipping: list[str] = []  # the end tags we are waiting for
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skipping and name == skipping[-1]:
                skipping.pop()
            elif name in {"blocktranslate", "blocktrans"}:
                skipping.append("end" + name)
            elif name == "comment":
                skipping.append("endcomment")
        if token.token_type == TokenType.TEXT and not skipping:
            parts.append(token.contents)
        else:
            parts.append(HOLE)
    return "".join(parts)


def untranslated_literals(source: str) -> list[str]:
    """String literals with non-ASCII letters in ``{{ … }}`` and tags (``default:"Chưa có"``) not in ``_()``."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.VAR or (
            token.token_type == TokenType.BLOCK and (token.contents.split() or [""])[0] not in {"translate", "trans"}
        ):
            for match in STRING_LITERAL.finditer(token.contents):
                if not token.contents[: match.start()].endswith("_(") and NON_ASCII_LETTER.search(match[2]):
                    found.append(match[2])
    return found


def untranslated(source: str) -> list[str]:
    found = untranslated_literals(source)
    text = skeleton(source)
    text = re.sub(r"<!--.*?-->", HOLE, text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", HOLE, text, flags=re.S | re.I)
    found += [
        value
        for _quote, value in VISIBLE_ATTRIBUTE.findall(text)
        if LETTER.search(value.replace(HOLE, "")) and value not in ALLOWED_ATTRIBUTES
    ]
    text = re.sub(r"<[^>]*>", HOLE, text)
    text = re.sub(r"&(?:#\d+|#x[0-9a-f]+|\w+);", HOLE, text, flags=re.I)
    found += [chunk.strip() for chunk in text.split(HOLE) if LETTER.search(chunk)]
    return found


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


def test_the_lint_catches_literal_text() -> None:
    assert untranslated('<p title="Chi tiết">{% translate "Xem" %} thêm</p><input placeholder="dd/mm/yyyy">') == [
        "Chi tiết",
        "thêm",
    ]
    assert untranslated("{% blocktranslate %}Xin chào {{ user }}{% endblocktranslate %}<!-- ghi chú -->") == []
    assert untranslated('{{ a|default:"Chưa có" }}{{ b|default:_("Không") }}{{ c|date:"d/m/Y" }}') == ["Chưa có"]


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_compile_and_have_no_literal_text(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    engines["django"].from_string(source)  # raises TemplateSyntaxError on a broken tag
    assert untranslated(source) == [], f"wrap these in {{% translate %}} / {{% blocktranslate %}}: {path}"


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATE_FILES) >= 20
