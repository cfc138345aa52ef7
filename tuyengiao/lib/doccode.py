"""Document numbers ("số, ký hiệu") of Party and State documents, and citations of them in free text.

Two conventions (DOMAIN.md §3):

* Party (Hướng dẫn 36-HD/VPTW): ``{number}-{type}/{issuer}``, e.g. ``05-CT/TW``, ``25-KH/BTGTU``;
* State (Nghị định 30/2020/NĐ-CP): ``{number}/{type}-{issuer}`` (``17/CT-UBND``), with the year for legal
  normative documents (``63/2010/QĐ-UBND``), without a type code for a công văn (``3600/UBND-VX``), and laws
  ``{number}/{year}/QH{term}`` (``06/2022/QH15``).

The family (Party or State) follows the shape a number is written in, not how its issuer ends: "12/HD-BTĐKTTW"
(Ban Thi đua - Khen thưởng Trung ương) is a State document although its issuer ends in TW. A State-shaped number is
the Party's only when its issuer is a Party committee or a known Party body ("22/CT-TW", "15/KH-BTGTU": Party codes
mistyped State-style); a Party-shaped one is the State's only when its issuer is a known State body ("123-QĐ/UBND").

``parse`` reads one code as typed by a person (spaces around separators, lower case, a leading "Số:", the
look-alike letter Ð, decomposed Unicode, a Party code written State-style such as ``22/CT-TW``) and returns a
``DocCode`` whose ``canonical`` form is the one written form used as a key. ``find_citations`` finds every code in
a text, with the type name the text gives it ("Quy định số 97-QĐ/TW" is a quy định) and the date written right
after it ("…, ngày 30/5/2019").

Linear time: each regular expression below is either applied to a bounded window of text or built only from
bounded, possessive (``{m,n}+``) or atomic (``(?>…)``) pieces, so no match attempt can backtrack beyond a constant
number of characters and scanning a text of ``n`` characters costs ``O(n)``. ``parse`` refuses input longer than
``MAX_CODE_LENGTH`` before doing any work.

Standard library only: the registry (``tuyengiao.documents``) and the command line use this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "MAX_CODE_LENGTH",
    "Citation",
    "DocCode",
    "DocCodeError",
    "System",
    "default_type_name",
    "find_citations",
    "parse",
]

System = Literal["party", "state"]

# A code with a type phrase in front ("Chương trình hành động số 12-CTHĐ/TU") is well under this.
MAX_CODE_LENGTH = 160


class DocCodeError(ValueError):
    """The text is not a document number; the message (in Vietnamese) says why."""


# --- Type codes and names -------------------------------------------------------------------------------------------

# Names shared by both systems (NĐ 30/2020 Phụ lục III and HD 36-HD/VPTW), plus codes common in practice.
_TYPE_NAMES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QyĐ": "Quy định",
    "QC": "Quy chế",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "CTHĐ": "Chương trình hành động",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "TC": "Thông cáo",
    "TTr": "Tờ trình",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "PA": "Phương án",
    "BB": "Biên bản",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "HĐ": "Hợp đồng",
    "GN": "Bản ghi nhớ",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "GP": "Giấy phép",
    "GCN": "Giấy chứng nhận",
    "GXN": "Giấy xác nhận",
    "CTPH": "Chương trình phối hợp",
    "QCPH": "Quy chế phối hợp",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
}
# Where the Party's reading differs (HD 36): TT is a thông tri, QH a quy hoạch.
_PARTY_TYPE_NAMES: dict[str, str] = {**_TYPE_NAMES, "TT": "Thông tri", "QH": "Quy hoạch"}
# Codes that are types when they open a State code ("17/CT-UBND"); anything else there is an issuer ("3600/UBND-VX").
KNOWN_TYPES = frozenset(_TYPE_NAMES)
# Types that are always a quy định, whatever the text around them says.
_ALWAYS_QUY_DINH = frozenset({"QĐi", "QyĐ"})
# Codes written with a lower-case letter, restored after upper-casing the input.
_MIXED_CASE = {"QĐI": "QĐi", "QYĐ": "QyĐ", "CTR": "CTr", "TTR": "TTr", "TTG": "TTg"}
_LAW = re.compile(r"(UBTVQH|QH)[0-9]{1,2}")

# Party issuers (DOMAIN.md §3), their local forms and other Party bodies (Quân ủy Trung ương, central commissions).
# Committees are also known by their ending (…TU tỉnh ủy, …HU huyện ủy, …ĐU/ĐUK đảng ủy) and ĐU… is a đảng ủy; an
# ending in TW ("Trung ương") is no sign: central State bodies end in TW too (BTĐKTTW).
_PARTY_ISSUERS = frozenset(
    {
        "TW", "TU", "HU", "ĐU", "ĐUK", "BCT", "BBT", "BTGTW", "BTGTU", "BTGHU", "BTGDVTW", "BTGDVTU", "BTGDVHU",
        "BTCTW", "BTCTU", "BTCHU", "BDVTW", "BDVTU", "BDVHU", "VPTW", "VPTU", "VPHU", "UBKTTW", "UBKTTU", "UBKTHU",
        "HVCTQG", "BTG", "TG", "BCSĐ", "ĐĐ", "QUTW", "BKTTW", "BNCTW", "BĐNTW", "HĐLLTW",
    }
)  # fmt: skip
_PARTY_SUFFIXES = ("TU", "HU", "ĐU", "ĐUK")
# Issuers that are certainly State bodies, so "123-QĐ/UBND" (a State code written Party-style) stays State; among
# them the central emulation bodies whose symbol ends in TW (Ban / Hội đồng Thi đua - Khen thưởng Trung ương).
_STATE_ISSUERS = frozenset(
    {"UBND", "HĐND", "CP", "TTg", "VPCP", "QH", "CTN", "TANDTC", "VKSNDTC", "KTNN", "BTĐKTTW", "HĐTĐKTTW", "BTĐKT"}
)
_STATE_PREFIXES = ("UBND", "HĐND", "UBTVQH")


def _is_party_body(first: str) -> bool:
    """Whether the first part of an issuer is a Party committee or a known Party body (not by a TW ending)."""
    return first in _PARTY_ISSUERS or first.endswith(_PARTY_SUFFIXES) or first.startswith("ĐU")


def _is_state_issuer(first: str) -> bool:
    return first in _STATE_ISSUERS or first.startswith(_STATE_PREFIXES)


def default_type_name(type_code: str, system: System) -> str:
    """The name a type code stands for when the text does not say ("NQ" → "Nghị quyết")."""
    if not type_code:
        return "Công văn" if system == "state" else "Văn bản"
    law = _LAW.fullmatch(type_code)
    if law and system == "state":
        return "Luật" if law.group(1) == "QH" else "Nghị quyết"
    names = _PARTY_TYPE_NAMES if system == "party" else _TYPE_NAMES
    return names.get(type_code, "Văn bản")


# --- The parsed code -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DocCode:
    """A document number in parts. Equal codes denote the same number ("5-ct/tw" == "05-CT/TW").

    ``number_text`` keeps the digits as written and ``type_name`` the name given by the text (or the default for
    the type code); neither takes part in equality.
    """

    number: int
    type: str
    issuer: str
    year: int | None = None
    system: System = "state"
    number_text: str = field(default="", compare=False)
    type_name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.number < 1:
            raise DocCodeError("Số văn bản phải lớn hơn 0.")
        if self.system not in ("party", "state"):
            raise DocCodeError(f"Hệ thống văn bản không hợp lệ: {self.system!r}.")
        if self.system == "party" and (not self.type or self.year is not None):
            raise DocCodeError("Số, ký hiệu văn bản của Đảng gồm số, mã loại văn bản và cơ quan ban hành (05-CT/TW).")
        if self.system == "state" and self.year is not None and not self.type:
            raise DocCodeError("Văn bản có năm trong số, ký hiệu phải có mã loại văn bản (63/2010/QĐ-UBND).")
        if not self.number_text:
            object.__setattr__(self, "number_text", f"{self.number:02d}")
        if not self.type_name:
            object.__setattr__(self, "type_name", default_type_name(self.type, self.system))

    @property
    def is_law(self) -> bool:
        return self.system == "state" and self.year is not None and bool(_LAW.fullmatch(self.type))

    @property
    def canonical(self) -> str:
        """One written form per code: 05-CT/TW, 17/CT-UBND, 63/2010/QĐ-UBND, 3600/UBND-VX, 06/2022/QH15."""
        number = f"{self.number:02d}"
        if self.system == "party":
            return f"{number}-{self.type}/{self.issuer}"
        if self.is_law:
            return f"{number}/{self.year}/{self.type}"
        if self.year is not None:
            return f"{number}/{self.year}/{self.type}-{self.issuer}"
        if self.type:
            return f"{number}/{self.type}-{self.issuer}"
        return f"{number}/{self.issuer}"

    def __str__(self) -> str:
        return self.canonical

    def as_dict(self) -> dict[str, Any]:
        return {
            "canonical": self.canonical,
            "number": self.number,
            "number_text": self.number_text,
            "type": self.type,
            "type_name": self.type_name,
            "issuer": self.issuer,
            "year": self.year,
            "system": self.system,
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """A code found in a text: ``text[start:end] == raw``."""

    raw: str
    code: DocCode
    type_name: str
    date: dt.date | None
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "canonical": self.code.canonical,
            "number": self.code.number,
            "type": self.code.type,
            "type_name": self.type_name,
            "issuer": self.code.issuer,
            "year": self.code.year,
            "system": self.code.system,
            "date": self.date.isoformat() if self.date else None,
            "start": self.start,
            "end": self.end,
        }


# --- Normalisation ---------------------------------------------------------------------------------------------------

# Look-alikes of Đ/đ, one character each so offsets in the text do not move.
_LOOKALIKES = (("\u00d0", "Đ"), ("\u0189", "Đ"), ("\u00f0", "đ"), ("\u0256", "đ"))
# D with a combining stroke, which NFC does not compose into Đ.
_STROKED_D = re.compile(r"([Dd])[\u0335\u0336]")
_MARK = re.compile(r"[\u0300-\u036f]")


def _unlookalike(text: str) -> str:
    """Ð (U+00D0) and the other look-alikes of Đ/đ replaced; same length (str.replace is fast, translate is not)."""
    for lookalike, letter in _LOOKALIKES:
        if lookalike in text:
            text = text.replace(lookalike, letter)
    return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", _unlookalike(text))
    return _STROKED_D.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)


def _fold(text: str) -> str:
    """Lower case, no diacritics, đ → d (for matching words; offsets are not kept)."""
    decomposed = unicodedata.normalize("NFD", _unlookalike(text).replace("đ", "d").replace("Đ", "D"))
    return _MARK.sub("", decomposed).lower()


# --- The code grammar ------------------------------------------------------------------------------------------------

_VI_UPPER = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ" + "".join(chr(c) for c in range(0x1EA0, 0x1EF9, 2))
_C = rf"[A-Z{_VI_UPPER}][\u0300-\u036f]{{0,2}}+"  # a capital, possibly with decomposed marks
_SP = r"[ \t\u00a0]{0,3}+"
_DASH_CHARS = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH = f"[{_DASH_CHARS}]"
_TYPE = rf"(?>QĐi|QyĐ|CTr|TTr|(?:{_C}){{1,8}}+)"
_SEG = rf"(?>TTg|(?:{_C}){{1,16}}+[0-9]{{0,2}}+)"
_ISSUER = rf"{_SEG}(?:{_DASH}{_SEG}){{0,5}}+"
_TYPE_OR_SEG = rf"(?>QĐi|QyĐ|CTr|TTr|{_SEG})"  # what follows "17/": a type code or an issuer
_YEAR = r"[0-9]{4}+(?![0-9])"

_CODE = re.compile(
    # The number starts a token: not inside a word, a number, a path, a decimal or a range.
    rf"(?<![\w/\\.+{_DASH_CHARS}])(?P<num>[0-9]{{1,6}}+)(?![0-9])"
    r"(?:"
    # Party: 05-CT/TW, 369 - CV/BTGTU, 367 - QĐ/TWĐTN-VP
    rf"{_SP}{_DASH}{_SP}(?P<ptype>{_TYPE}){_SP}/{_SP}(?P<piss>{_ISSUER})"
    rf"|{_SP}/{_SP}(?:"
    # Law or resolution of the National Assembly (or its Standing Committee): 06/2022/QH15
    rf"(?P<lyear>{_YEAR}){_SP}/{_SP}(?P<law>(?:UBTVQH|QH)[0-9]{{1,2}}+)"
    # Legal normative document: 63/2010/QĐ-UBND, 02/2021/TTLT-BCA-BQP
    rf"|(?P<syear>{_YEAR}){_SP}/{_SP}(?P<stype>{_TYPE}){_SP}{_DASH}{_SP}(?P<siss>{_ISSUER})"
    # Type and issuer both after slashes: 646/QĐ/QUTW
    rf"|(?P<xtype>{_TYPE}){_SP}/{_SP}(?P<xiss>{_ISSUER})"
    # 17/CT-UBND (type, issuer), 3600/UBND-VX (công văn: issuer, sub-unit), 22/CT-TW (Party, State-style)
    rf"|(?P<seg>{_TYPE_OR_SEG}){_SP}{_DASH}{_SP}(?P<rest>{_ISSUER})"
    # 45/UBND: only after "số" or a type name in free text
    rf"|(?P<lone>{_SEG})"
    r"))"
    # The code ends a token: no letter, digit, path or file extension follows.
    rf"(?![\w/\\]|[.{_DASH_CHARS}]\w)"
)
_DASH_SPLIT = re.compile(_DASH)


def _code_part(text: str) -> str:
    part = text.upper()
    return _MIXED_CASE.get(part, part)


def _issuer(text: str) -> str:
    return "-".join(_code_part(seg) for seg in _DASH_SPLIT.split(text))


def _build(m: re.Match[str], type_name: str = "") -> DocCode:
    """The DocCode for a match of ``_CODE``; raises DocCodeError when the parts do not make a code."""
    number_text = m.group("num")
    year: int | None = None
    # Party-shaped: the type code comes before the slash and the issuer after it (05-CT/TW, and 646/QĐ/QUTW).
    party_shape = False
    if (ptype := m.group("ptype")) is not None:
        type_code, issuer, party_shape = _code_part(ptype), _issuer(m.group("piss")), True
    elif (law := m.group("law")) is not None:
        type_code, year = law.upper(), int(m.group("lyear"))
        issuer = "UBTVQH" if type_code.startswith("UBTVQH") else "QH"
    elif (stype := m.group("stype")) is not None:
        type_code, issuer, year = _code_part(stype), _issuer(m.group("siss")), int(m.group("syear"))
    elif (xtype := m.group("xtype")) is not None:
        type_code, issuer, party_shape = _code_part(xtype), _issuer(m.group("xiss")), True
    elif (seg := m.group("seg")) is not None:
        first = _code_part(seg)
        if first in KNOWN_TYPES:
            type_code, issuer = first, _issuer(m.group("rest"))
        else:
            type_code, issuer = "", f"{first}-{_issuer(m.group('rest'))}"
    else:
        type_code, issuer = "", _issuer(m.group("lone"))

    if _MARK.search(type_code + issuer):
        raise DocCodeError("Ký hiệu văn bản có dấu thanh không hợp lệ.")
    first = issuer.split("-", 1)[0]
    if len(first) < 2 and not _LAW.fullmatch(type_code):
        raise DocCodeError(f"Ký hiệu cơ quan ban hành “{first}” quá ngắn.")
    if year is not None and not 1945 <= year <= 2100:
        raise DocCodeError(f"Năm {year} trong số, ký hiệu văn bản không hợp lệ.")

    # The shape decides, not how the issuer ends: a Party-shaped number is the Party's unless a known State body
    # wrote it ("123-QĐ/UBND"); a State-shaped one is the State's unless a Party committee or known Party body did
    # ("22/CT-TW"), so "12/HD-BTĐKTTW" of the Ban Thi đua - Khen thưởng Trung ương is a State document.
    party = not _is_state_issuer(first) if party_shape else _is_party_body(first)
    system: System = "party" if party else "state"
    if system == "party":
        if not type_code:
            raise DocCodeError(f"Văn bản của {first} phải có mã loại văn bản, ví dụ 05-CT/{first}.")
        if year is not None:
            raise DocCodeError("Số, ký hiệu văn bản của Đảng không ghi năm (ví dụ 05-CT/TW).")
        if type_code not in KNOWN_TYPES and len(type_code) < 2:
            raise DocCodeError(f"Mã loại văn bản “{type_code}” không hợp lệ.")
    elif type_code and type_code not in KNOWN_TYPES and not _LAW.fullmatch(type_code):
        raise DocCodeError(f"Không rõ loại văn bản “{type_code}”.")
    if type_code in _ALWAYS_QUY_DINH:
        type_name = "Quy định"
    return DocCode(
        number=int(number_text),
        number_text=number_text,
        type=type_code,
        issuer=issuer,
        year=year,
        system=system,
        type_name=type_name,
    )


# --- The words around a code -----------------------------------------------------------------------------------------

# Folded type phrase → name. Longest first so "chương trình hành động" wins over "chương trình".
_PHRASES = {
    "chuong trinh hanh dong": "Chương trình hành động",
    "chuong trinh phoi hop": "Chương trình phối hợp",
    "quy che phoi hop": "Quy chế phối hợp",
    "thong bao ket luan": "Thông báo kết luận",
    "giay phep": "Giấy phép",
    "nghi quyet lien tich": "Nghị quyết liên tịch",
    "thong tu lien tich": "Thông tư liên tịch",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "chi thi": "Chỉ thị",
    "ket luan": "Kết luận",
    "quyet dinh": "Quyết định",
    "quy dinh": "Quy định",
    "quy che": "Quy chế",
    "huong dan": "Hướng dẫn",
    "ke hoach": "Kế hoạch",
    "chuong trinh": "Chương trình",
    "bao cao": "Báo cáo",
    "thong bao": "Thông báo",
    "thong cao": "Thông cáo",
    "thong tri": "Thông tri",
    "thong tu": "Thông tư",
    "to trinh": "Tờ trình",
    "de an": "Đề án",
    "du an": "Dự án",
    "phuong an": "Phương án",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "phap lenh": "Pháp lệnh",
    "luat": "Luật",
    "bien ban": "Biên bản",
}
_PHRASE_ALTERNATIVES = "|".join(p.replace(" ", r"\s+") for p in sorted(_PHRASES, key=len, reverse=True))
# Matched against the folded window that ends where the code starts, reversed: anchored at the code, so one match
# attempt decides ("…Chỉ thị số " reversed is " os iht ihc…").
_REVERSED_PHRASES = "|".join(p[::-1].replace(" ", r"\s+") for p in sorted(_PHRASES, key=len, reverse=True))
_CONTEXT_REVERSED = re.compile(rf"\s*[:.]?\s*(?:(?:os\s*)?(?P<phrase>{_REVERSED_PHRASES})|os)(?![0-9a-z])")
_CONTEXT_WINDOW = 40
_CONTEXT_LAST_LETTERS = frozenset(p[-1] for p in [*_PHRASES, "so"])
_HEADER_WORDS = frozenset({"so", "so:", "so."})
# "Quy định số", "Số:" in front of a bare code (parse): the whole prefix, folded.
_PREFIX = re.compile(rf"\s*(?:(?P<phrase>{_PHRASE_ALTERNATIVES})\s*)?(?:so\b\s*)?[:.]?\s*")
_PHRASE_ALTERNATIVES_SPACES = re.compile(r"\s+")

# A date right after a code: "ngày 30/5/2019", ", ngày 20/6/2020", "ngày 18-5-2021", "ngày 3 tháng 7 năm 2024".
_DATE_NUMERIC = re.compile(
    r"\s*,?\s*\(?\s*ngay\s*([0-9]{1,2})\s*([/.\-\u2013])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})(?![0-9])"
)
_DATE_WORDS = re.compile(r"\s*,?\s*\(?\s*ngay\s*([0-9]{1,2})\s+thang\s+([0-9]{1,2})\s*,?\s+nam\s+([0-9]{4})(?![0-9])")
_DATE_WINDOW = 48

_URL_WINDOW = 256


def _phrase_name(folded: str) -> str:
    return _PHRASES[_PHRASE_ALTERNATIVES_SPACES.sub(" ", folded)]


def _context(text: str, start: int) -> tuple[str, bool, bool]:
    """(type name, whether "số" or a type name stands right before ``start``, whether it is a header).

    A header is a line that starts with "Số:" or "Số" and the code: the number of the document itself (its heading,
    or an entry in a list of documents), not a citation.
    """
    begin = max(0, start - _CONTEXT_WINDOW)
    window = text[begin:start]
    line_start = window.rfind("\n")
    line = window[line_start + 1 :].strip()
    header = (line_start >= 0 or begin == 0) and len(line) <= 8 and _fold(line).replace(" ", "") in _HEADER_WORDS
    m = _CONTEXT_REVERSED.match(_fold(window)[::-1])
    if not m:
        return "", False, header
    phrase = m.group("phrase")
    return (_phrase_name(phrase[::-1]) if phrase else ""), True, header


def _date_after(text: str, end: int) -> dt.date | None:
    window = text[end : end + _DATE_WINDOW]
    if window.lstrip(" \t\u00a0,(")[:2].lower() != "ng":  # "ngày", cheaply
        return None
    window = _fold(window)
    if m := _DATE_NUMERIC.match(window):
        day, month, year = m.group(1), m.group(3), m.group(4)
    elif m := _DATE_WORDS.match(window):
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _in_url(text: str, start: int) -> bool:
    """Whether the token ``start`` lies in looks like a URL."""
    before = text[max(0, start - _URL_WINDOW) : start]
    token = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
    return "://" in token or "www." in token.lower()


@functools.lru_cache(maxsize=4096)
def _code_from_raw(raw: str) -> DocCode | None:
    """The DocCode for a code found in free text, or None (texts repeat their codes: cached)."""
    try:
        if _MARK.search(raw):  # decomposed marks, a stroked D: the full normalisation of parse()
            return parse(raw)
        m = _CODE.fullmatch(raw)
        return _build(m) if m else None
    except DocCodeError:
        return None


# --- Public API ------------------------------------------------------------------------------------------------------

_FIRST_DIGIT = re.compile(r"[0-9]")


def parse(code: str) -> DocCode:
    """Parse one document number, e.g. "Số: 17/CT-UBND", "5-ct/tw", "Quy định số 97-QĐ/TW".

    Raises ``DocCodeError`` (a ``ValueError``) with a Vietnamese message when ``code`` is not a document number.
    """
    if not isinstance(code, str):
        raise TypeError(f"parse() cần một chuỗi, không phải {type(code).__name__}")
    text = code.strip()
    if not text:
        raise DocCodeError("Chưa nhập số, ký hiệu văn bản.")
    if len(text) > MAX_CODE_LENGTH:
        raise DocCodeError(f"Chuỗi dài {len(text)} ký tự, không phải số, ký hiệu văn bản.")
    text = _normalise(text)
    example = "ví dụ 05-CT/TW, 17/CT-UBND, 63/2010/QĐ-UBND, 3600/UBND-VX"
    digit = _FIRST_DIGIT.search(text)
    if digit is None:
        raise DocCodeError(f"“{code.strip()}” không có số văn bản ({example}).")
    type_name = ""
    prefix = _PREFIX.fullmatch(_fold(text[: digit.start()]))
    if prefix is None:
        raise DocCodeError(f"“{code.strip()}” không phải số, ký hiệu văn bản ({example}).")
    if prefix.group("phrase"):
        type_name = _phrase_name(prefix.group("phrase"))
    body = text[digit.start() :].rstrip(" \t.,;")
    m = _CODE.fullmatch(body.upper())
    if m is None:
        raise DocCodeError(f"“{code.strip()}” không phải số, ký hiệu văn bản ({example}).")
    return _build(m, type_name)


def find_citations(text: str, *, headers: bool = False) -> list[Citation]:
    """Every document number cited in ``text``, in order, with the type name and date the text gives it.

    Capital letters are required in free text (a lower-case "5-ct/tw" is not reported); dates, periods, ratios,
    phone numbers, URLs and paths are never reported. A line starting "Số: 17/CT-UBND" is a document's own number
    (its heading, or an entry of a portal's list of documents), not a citation: it is reported only with
    ``headers=True``.
    """
    work = _unlookalike(text)  # same length: offsets stay those of ``text``
    found: list[Citation] = []
    for m in _CODE.finditer(work):
        start, end = m.span()
        lone = m.group("lone") is not None
        if lone and _fold(work[max(0, start - 4) : start].rstrip(" \t\u00a0:."))[-1:] not in _CONTEXT_LAST_LETTERS:
            continue  # cheaply: "45/UBND" needs "số" or a type name right before it
        context_name, numbered, header = _context(work, start)
        if (header and not headers) or (lone and not numbered):
            continue
        if _in_url(work, start):
            continue
        raw = text[start:end]
        code = _code_from_raw(work[start:end])
        if code is None:
            continue
        type_name = "Quy định" if code.type in _ALWAYS_QUY_DINH else (context_name or code.type_name)
        found.append(Citation(raw, code, type_name, _date_after(work, end), start, end))
    return found
