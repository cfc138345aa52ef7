"""Document numbers ("số, ký hiệu") of Party and State documents, and citations of them in free text.

Two conventions (docs/domain.md §3):

* Party (Hướng dẫn 36-HD/VPTW): ``{number}-{type}/{issuer}``, e.g. ``05-CT/TW``, ``25-KH/BTGTU``;
* State (Nghị định 30/2020/NĐ-CP): ``{number}/{type}-{issuer}`` (``17/CT-UBND``), with the year for legal
  normative documents (``63/2010/QĐ-UBND``), without a type code for a công văn (``3600/UBND-VX``);
* laws, codes and resolutions of the National Assembly and of its Standing Committee (Luật Ban hành văn bản quy
  phạm pháp luật, Điều 8): ``{number}/{year}/{issuer}`` with no type code, the issuer carrying the term
  (``45/2019/QH14``: Quốc hội khóa XIV; ``35/2023/UBTVQH15``). The type is the word the text puts before the
  number ("Bộ luật Lao động số 45/2019/QH14", "Nghị quyết số 202/2025/QH15"); alone, a number of the Quốc hội is a
  luật (type code "", as the number has none) and one of the Ủy ban Thường vụ Quốc hội a nghị quyết ("NQ").

The family (Party or State) follows the shape a number is written in, not how its issuer ends: "12/HD-BTĐKTTW"
(Ban Thi đua - Khen thưởng Trung ương) is a State document although its issuer ends in TW. A State-shaped number is
the Party's only when its issuer is a Party committee or a known Party body ("22/CT-TW", "15/KH-BTGTU": Party codes
mistyped State-style); a Party-shaped one is the State's only when its issuer is a known State body ("123-QĐ/UBND").

``parse`` reads one code as typed by a person (spaces around separators, lower case, a leading "Số:", the
look-alike letter Ð, decomposed Unicode, a Party code written State-style such as ``22/CT-TW``) and returns a
``DocCode`` whose ``canonical`` form is the one written form used as a key (and decides equality). ``find_citations``
finds every code in a text, with the type name the text gives it ("Quy định số 97-QĐ/TW" is a quy định; "Luật Thi
đua, khen thưởng số 06/2022/QH15" a luật) and the date written right after it ("…, ngày 30/5/2019").

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
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "LAW_TYPE_NAMES",
    "MAX_CODE_LENGTH",
    "Citation",
    "DocCode",
    "DocCodeError",
    "System",
    "default_type_name",
    "find_citations",
    "parse",
    "parse_type_number",
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
# The issuer of a law-shaped number: the Quốc hội (QH) or its Standing Committee (UBTVQH), with the term.
_LAW = re.compile(r"(UBTVQH|QH)[0-9]{1,2}")

# What the National Assembly and its Standing Committee number {number}/{year}/{issuer}, by the type code each name
# gives a number that has none: a luật and a bộ luật share the Quốc hội's sequence of laws (type code ""), its
# nghị quyết have their own (NQ); the Standing Committee numbers pháp lệnh (PL) and nghị quyết (NQ).
_LAW_TYPES: dict[str, dict[str, str]] = {
    "QH": {"Luật": "", "Bộ luật": "", "Nghị quyết": "NQ"},
    "UBTVQH": {"Nghị quyết": "NQ", "Pháp lệnh": "PL"},
}
# A number of each issuer read alone: the Quốc hội's is a luật, the Standing Committee's a nghị quyết.
_LAW_DEFAULT_TYPES = {"QH": "", "UBTVQH": "NQ"}
# The type names of such numbers, for lists of types (the importer, the document form).
LAW_TYPE_NAMES = ("Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh")

# Party issuers (docs/domain.md §3), their local forms and other Party bodies (Quân ủy Trung ương, central commissions).
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


def _law_issuer(issuer: str) -> str:
    """The body of a term's Quốc hội ("QH14" → "QH") or Standing Committee ("UBTVQH15" → "UBTVQH"), else ""."""
    law = _LAW.fullmatch(issuer)
    return law.group(1) if law else ""


def default_type_name(type_code: str, system: System) -> str:
    """The name a type code stands for when the text does not say ("NQ" → "Nghị quyết").

    For a law-shaped number the issuer decides as well: ``DocCode.type_name`` gives "Luật" for ``45/2019/QH14``.
    """
    if not type_code:
        return "Công văn" if system == "state" else "Văn bản"
    law = _LAW.fullmatch(type_code)
    if law and system == "state":  # the type code laws had before their issuer carried the term (QH15)
        return "Luật" if law.group(1) == "QH" else "Nghị quyết"
    names = _PARTY_TYPE_NAMES if system == "party" else _TYPE_NAMES
    return names.get(type_code, "Văn bản")


# --- The parsed code -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DocCode:
    """A document number in parts. Equal codes denote the same number ("5-ct/tw" == "05-CT/TW"): codes are equal
    when their canonical forms are.

    ``number_text`` keeps the digits as written and ``type_name`` the name given by the text (or the default for
    the type code); neither takes part in equality. Nor does the type of a law-shaped number, which its written
    form does not carry: "Luật số 06/2022/QH15" and "06/2022/QH15" are the same number.
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
        law = _law_issuer(self.issuer) if self.system == "state" and self.year is not None else ""
        if law and self.type not in _LAW_TYPES[law].values():
            raise DocCodeError(
                "Luật, nghị quyết của Quốc hội ghi số/năm/QH và khóa (06/2022/QH15), không có mã loại văn bản."
                if law == "QH"
                else "Nghị quyết, pháp lệnh của Ủy ban Thường vụ Quốc hội ghi số/năm/UBTVQH và khóa (35/2023/UBTVQH15)."
            )
        if self.system == "state" and self.year is not None and not self.type and not law:
            raise DocCodeError("Văn bản có năm trong số, ký hiệu phải có mã loại văn bản (63/2010/QĐ-UBND).")
        if not self.number_text:
            object.__setattr__(self, "number_text", f"{self.number:02d}")
        if not self.type_name:
            name = default_type_name(self.type, self.system)
            if law:
                name = next(n for n, t in _LAW_TYPES[law].items() if t == self.type)
            object.__setattr__(self, "type_name", name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocCode):
            return NotImplemented
        return self.canonical == other.canonical

    def __hash__(self) -> int:
        return hash(self.canonical)

    @property
    def is_law(self) -> bool:
        """Whether this is a number of the Quốc hội or its Standing Committee: {number}/{year}/{issuer}."""
        return self.system == "state" and self.year is not None and bool(_law_issuer(self.issuer))

    def with_type_name(self, type_name: str) -> DocCode:
        """This code as a text names it ("Quy định", "Bộ luật"): the name, and for a law-shaped number, which
        carries no type code, the type code that name stands for ("Nghị quyết" → NQ). A quy định coded QĐi stays a
        quy định, and a law-shaped number ignores a name its issuer does not issue ("Quyết định" of the Quốc hội)."""
        if not type_name or self.type in _ALWAYS_QUY_DINH:
            return self
        type_code = self.type
        if self.is_law:
            types = _LAW_TYPES[_law_issuer(self.issuer)]
            if type_name not in types:
                return self
            type_code = types[type_name]
        if (type_code, type_name) == (self.type, self.type_name):
            return self
        return replace(self, type=type_code, type_name=type_name)

    @property
    def canonical(self) -> str:
        """One written form per code: 05-CT/TW, 17/CT-UBND, 63/2010/QĐ-UBND, 3600/UBND-VX, 45/2019/QH14."""
        number = f"{self.number:02d}"
        if self.system == "party":
            return f"{number}-{self.type}/{self.issuer}"
        if self.is_law:
            return f"{number}/{self.year}/{self.issuer}"
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
    # Law, code or resolution of the National Assembly, or of its Standing Committee: 45/2019/QH14, 35/2023/UBTVQH15
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
        # No type code in the number: the issuer's default, until the text names the type (with_type_name).
        issuer, year = law.upper(), int(m.group("lyear"))
        type_code = _LAW_DEFAULT_TYPES[_law_issuer(issuer)]
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
    if len(first) < 2:
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
    elif type_code and type_code not in KNOWN_TYPES:
        raise DocCodeError(f"Không rõ loại văn bản “{type_code}”.")
    # Written with a type code (202/2025/NQ-QH15): the same number as 202/2025/QH15, if the type is one of theirs.
    law_issuer = _law_issuer(issuer) if year is not None else ""
    if law_issuer and type_code not in _LAW_TYPES[law_issuer].values():
        raise DocCodeError(f"“{issuer}” không ban hành văn bản loại “{type_code}” (ví dụ 45/2019/QH14).")
    code = DocCode(
        number=int(number_text),
        number_text=number_text,
        type=type_code,
        issuer=issuer,
        year=year,
        system=system,
    )
    return code.with_type_name(type_name)


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
    "bo luat": "Bộ luật",
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
# The words that name a law-shaped number and may stand before the title of the law ("Luật Thi đua, khen thưởng số
# 06/2022/QH15", "Bộ luật Lao động 45/2019/QH14"), folded.
_LAW_WORD_NAMES = {"bo luat": "Bộ luật", "luat": "Luật", "nghi quyet": "Nghị quyết", "phap lenh": "Pháp lệnh"}
_LAW_WORDS = re.compile(r"(?<![0-9a-z])(bo\s+luat|luat|nghi\s+quyet|phap\s+lenh)(?![0-9a-z])")
# parse: such a word and a title in front of a law-shaped number (the prefix is at most MAX_CODE_LENGTH characters).
_LAW_PREFIX = re.compile(r"\s*(?P<phrase>bo\s+luat|luat|nghi\s+quyet|phap\s+lenh)(?![0-9a-z])[^0-9]*")
# find_citations: how far back the name of a law-shaped number is looked for, within its clause.
_LAW_WINDOW = 160
_CLAUSE_END = re.compile(r"[\n;!?]|\.\s")
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


def _law_name(text: str, start: int, code: DocCode) -> str:
    """The name of the law-shaped ``code`` at ``start``: the last of its issuer's types ("Luật", "Bộ luật", "Nghị
    quyết" of the Quốc hội; "Nghị quyết", "Pháp lệnh" of its Standing Committee) named before it in its clause, past
    the title ("Luật Thi đua, khen thưởng số 06/2022/QH15" → "Luật"), or ""."""
    types = _LAW_TYPES[_law_issuer(code.issuer)]
    window = _fold(text[max(0, start - _LAW_WINDOW) : start])
    clause = window[max((m.end() for m in _CLAUSE_END.finditer(window)), default=0) :]
    names = (_LAW_WORD_NAMES[_PHRASE_ALTERNATIVES_SPACES.sub(" ", m.group(1))] for m in _LAW_WORDS.finditer(clause))
    return ([name for name in names if name in types] or [""])[-1]


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
    folded_prefix = _fold(text[: digit.start()])
    law_title = False
    if prefix := _PREFIX.fullmatch(folded_prefix):
        if prefix.group("phrase"):
            type_name = _phrase_name(prefix.group("phrase"))
    elif prefix := _LAW_PREFIX.fullmatch(folded_prefix):  # "Bộ luật Lao động số 45/2019/QH14"
        type_name, law_title = _LAW_WORD_NAMES[_PHRASE_ALTERNATIVES_SPACES.sub(" ", prefix.group("phrase"))], True
    else:
        raise DocCodeError(f"“{code.strip()}” không phải số, ký hiệu văn bản ({example}).")
    body = text[digit.start() :].rstrip(" \t.,;")
    m = _CODE.fullmatch(body.upper())
    if m is None:
        raise DocCodeError(f"“{code.strip()}” không phải số, ký hiệu văn bản ({example}).")
    parsed = _build(m, type_name)
    if law_title and not parsed.is_law:  # a title only goes before a law's number ("Nghị quyết của tỉnh 05-NQ/TU")
        raise DocCodeError(f"“{code.strip()}” không phải số, ký hiệu văn bản ({example}).")
    return parsed


# "Chỉ thị 05", "chi thi so 5", "Kế hoạch số 12": a type name and a number, without the issuer (what a reader types).
_TYPE_NUMBER = re.compile(rf"\s*(?P<phrase>{_PHRASE_ALTERNATIVES})\s*(?:so\b\s*)?[:.]?\s*(?P<number>[0-9]{{1,6}})\s*")


def parse_type_number(text: str) -> tuple[str, int] | None:
    """The type name and number of "Chỉ thị 05" (``("Chỉ thị", 5)``), or ``None`` when ``text`` is not a type name
    followed by a number alone. Accent- and case-insensitive ("chi thi so 5"); a full code ("Chỉ thị 05-CT/TW") is
    ``parse``'s, not this: it answers ``None``. For searching a library by what a reader remembers of a document."""
    if not isinstance(text, str) or len(text) > MAX_CODE_LENGTH:
        return None
    m = _TYPE_NUMBER.fullmatch(_fold(_normalise(text)))
    if m is None:
        return None
    return _phrase_name(m.group("phrase")), int(m.group("number"))


def find_citations(text: str, *, headers: bool = False) -> list[Citation]:
    """Every document number cited in ``text``, in order, with the type name and date the text gives it.

    A law-shaped number takes its type from the last "Luật", "Bộ luật", "Nghị quyết" or "Pháp lệnh" before it in its
    clause ("Bộ luật Lao động số 45/2019/QH14" is a bộ luật; alone, a luật of the Quốc hội or a nghị quyết of its
    Standing Committee). Capital letters are required in free text (a lower-case "5-ct/tw" is not reported); dates,
    periods, ratios, phone numbers, URLs and paths are never reported. A line starting "Số: 17/CT-UBND" is a
    document's own number (its heading, or an entry of a portal's list of documents), not a citation: it is reported
    only with ``headers=True``.
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
        # A law is named before its title ("Luật Thi đua, khen thưởng số 06/2022/QH15"), other codes right before.
        code = code.with_type_name(_law_name(work, start, code) if code.is_law else context_name)
        found.append(Citation(raw, code, code.type_name, _date_after(work, end), start, end))
    return found
