"""Vietnamese text helpers that need no models.

``fold`` turns any Vietnamese text into the form we store in ``*_folded`` search
columns: no tone marks or diacritics, đ → d, lower case, single spaces. Searching
folds the query the same way, so "dak lak", "Đắk Lắk" and "ĐẮK LẮK" all match.

``normalise_name`` cleans names from outside data sets (see the quirks listed in
ENGINEERING.md): NFC, collapsed spaces, typographic apostrophes, and one tone
placement ("Hòa", "Thủy") so that the same place written two ways is one string.

``clean_input`` is what every typed text goes through (``lib.middleware.CleanInputMiddleware`` applies it to
every query-string and form value, and ``lib.spreadsheets`` to every cell): NFC, CR LF as LF, and no control
characters but tab and line feed (a bell or a NUL cannot be typed, breaks XLSX and PostgreSQL text, and is
never meant). ``one_line`` is for titles: any line break or run of spaces becomes one space.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Đ (U+0110), the look-alike Ð (U+00D0) and đ do not decompose under NFD.
_D_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})

# New-style tone placement (on the second vowel) -> traditional placement used in
# official names: "Hoà" -> "Hòa", "Thuỷ" -> "Thủy". Applied only when the cluster
# ends the syllable, so "Hoàng", "Quý" and "Thuận" are left alone.
_TONES = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0309": "hook",
    "\u0303": "tilde",
    "\u0323": "dot",
}
_TRADITIONAL = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\w\u0300-\u036f])")


def fold(text: str) -> str:
    """Return ``text`` without diacritics, lower case, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_APOSTROPHES)).strip().lower()


def normalise_name(text: str) -> str:
    """NFC, one space, straight apostrophes and traditional tone placement."""
    cleaned = _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()
    decomposed = unicodedata.normalize("NFD", cleaned)
    moved = _TRADITIONAL.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


# Vietnamese alphabetical order (29 letters); f, j, w, z sort among them as in Latin.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tone order of Vietnamese dictionaries (and CLDR): ngang < huyền < hỏi < ngã < sắc < nặng.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_KEY_DIGITS = "123456789abcdefghijklmnopqrstuvwxyz"


def _token(index: int) -> str:
    return _KEY_DIGITS[index // len(_KEY_DIGITS) + 1] + _KEY_DIGITS[index % len(_KEY_DIGITS)]


_LETTER_TOKENS = {letter: _token(i) for i, letter in enumerate(_ALPHABET)}
_SPACE = "01"  # below every letter and digit: "Ea Tu" before "Eakar"


def sort_key(text: str) -> str:
    """A key whose plain (binary or any locale's) order is Vietnamese dictionary order.

    Letters compare by the Vietnamese alphabet (a < ă < â < b … d < đ …), ignoring
    case and tones first; tones break ties (ngang < huyền < hỏi < ngã < sắc < nặng,
    the order of Vietnamese dictionaries and CLDR). The key uses only ASCII letters and
    digits, so SQLite and PostgreSQL (whatever the database collation) sort it the
    same way: "Đắk Lắk" after "Dương", "Ân" after "An" and before "Bình".
    """
    primary: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", text.translate(_APOSTROPHES).lower()):
        if char in _TONE_MARKS:
            if tones:
                tones[-1] = str(_TONE_MARKS[char])
            continue
        if unicodedata.combining(char):
            if primary and (base := _ALPHABET_FROM_TOKEN.get(primary[-1])) and (base, char) in _LETTER_MARKS:
                primary[-1] = _LETTER_TOKENS[_LETTER_MARKS[(base, char)]]
            continue
        if char in _LETTER_TOKENS:
            primary.append(_LETTER_TOKENS[char])
            tones.append("0")
        elif "0" <= char <= "9":
            primary.append("0" + "abcdefghij"[int(char)])
        elif char.isspace() and primary and primary[-1] != _SPACE:
            primary.append(_SPACE)
        # punctuation is ignored, as in dictionaries
    if primary and primary[-1] == _SPACE:
        primary.pop()
    # "00" sorts below every token, so a word sorts before its longer continuations.
    return "".join(primary) + "00" + "".join(tones)


_ALPHABET_FROM_TOKEN = {token: letter for letter, token in _LETTER_TOKENS.items()}


def clean_input(text: str) -> str:
    """NFC, CR line ends as LF, control characters removed (tab and line feed kept)."""
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def one_line(text: str) -> str:
    """``text`` on one line: line breaks, tabs and runs of spaces as one space, stripped."""
    return _SPACES.sub(" ", text).strip()
