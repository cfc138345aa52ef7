"""Who grants an award form, and how that grantor's papers read on a given date. Pure: strings and dates only.

Four grantors (``AwardForm.Grantor``), two layouts:

* Party bodies (Hướng dẫn 36-HD/VPTW): the commission head (Giấy khen), the provincial standing committee
  (Bằng khen của Ban Thường vụ Tỉnh ủy), the central commission (Bằng khen, Kỷ niệm chương). Header: superior
  and issuing body in capitals with an asterisk, "Số 12-QĐ/BTGTU", "ĐẢNG CỘNG SẢN VIỆT NAM"; signature
  prefixes with a slash ("T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN").
* The State (Nghị định 30/2020/NĐ-CP): the chair of the provincial People's Committee. Header "ỦY BAN NHÂN DÂN
  / TỈNH X", "Số: 12/QĐ-UBND", the national motto; bases in italics; prefixes with a dot ("KT. CHỦ TỊCH").

Names come from the caller (``Names``: the organiser's committee, its commission and province as the unit tree
knew them on the date); what is missing falls back on the renaming dates of 2025 (provincial commissions
"Ban Tuyên giáo và Dân vận" from 01/03/2025, the central one from 01/02/2025, as the unit tree loads them).
The catalogue stores today's names ("Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"); ``Issuer.form_name``
prints the form with the grantor of the paper's date ("Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy Lâm Đồng").

The legal bases ("Căn cứ …") are those in force on the paper's date, from the table in ``awards.legal_bases``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from tuyengiao.awards.legal_bases import emulation_basis, local_government_basis

COMMISSION_HEAD = "commission_head"
CENTRAL_COMMISSION = "central_commission"
PROVINCIAL_STANDING = "provincial_standing"
PROVINCIAL_CHAIR = "provincial_chair"
GRANTORS = (COMMISSION_HEAD, CENTRAL_COMMISSION, PROVINCIAL_STANDING, PROVINCIAL_CHAIR)

PARTY = "party"
STATE = "state"

COMMISSION_MERGE = dt.date(2025, 3, 1)  # provincial "Ban Tuyên giáo và Dân vận" (units.loader)
CENTRAL_COMMISSION_MERGE = dt.date(2025, 2, 1)  # "Ban Tuyên giáo và Dân vận Trung ương" (units.loader)

PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DEFAULT_SIGNER_TITLE = "TRƯỞNG BAN"  # the model's default: a commission head
_SIGN_PREFIXES = ("T/M ", "K/T ", "T/L ", "TM. ", "KT. ", "TL. ", "Q. ")


@dataclass(frozen=True)
class Names:
    """The organiser's bodies on the paper's date, as the unit tree names them."""

    committee: str  # "Tỉnh ủy Lâm Đồng"
    province: str  # the territory: "Tỉnh Lâm Đồng", "Thành phố Huế"
    commission: str = ""  # the issuer under the committee: "Ban Tuyên giáo" (empty: by date)
    commission_symbol: str = ""  # "BTGTU" (empty: by date)
    central_commission: str = ""  # "Ban Tuyên giáo Trung ương" (empty: by date)

    @property
    def place(self) -> str:
        """ "Tỉnh Lâm Đồng" → "Lâm Đồng", "Thành phố Huế" → "Huế"."""
        return without_prefix(self.province)


def without_prefix(area: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if area.startswith(prefix):
            return area[len(prefix) :]
    return area


def _in_sentence(area: str) -> str:
    """ "Tỉnh Lâm Đồng" → "tỉnh Lâm Đồng" (the administrative word in lower case inside a name)."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if area.startswith(prefix):
            return prefix.lower() + area[len(prefix) :]
    return area


def commission_on(date: dt.date) -> str:
    return "Ban Tuyên giáo và Dân vận" if date >= COMMISSION_MERGE else "Ban Tuyên giáo"


def central_commission_on(date: dt.date) -> str:
    return "Ban Tuyên giáo và Dân vận Trung ương" if date >= CENTRAL_COMMISSION_MERGE else "Ban Tuyên giáo Trung ương"


def lower_first(text: str) -> str:
    """A title inside a sentence: "Thi đua năm 2025" → "thi đua năm 2025"; proper names and acronyms kept."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def grant_verb(kind: str) -> str:
    """ "Tặng" a form of commendation or a medal; a title (danh hiệu) is conferred."""
    return "Tặng danh hiệu" if kind == "title" else "Tặng"


@dataclass(frozen=True)
class Issuer:
    """How one grantor's papers read on one date."""

    grantor: str
    layout: str  # PARTY or STATE
    left: tuple[str, ...]  # header, left column, in capitals ("*" for the asterisk)
    symbol: str  # "BTGTU", "TU", "BTGDVTW", "UBND"
    place: str  # "Lâm Đồng", "Hà Nội"
    name: str  # the grantor inside a sentence: "Trưởng Ban Tuyên giáo Tỉnh ủy Lâm Đồng"
    body: str  # the body's name inside a sentence: "Ban Tuyên giáo Tỉnh ủy Lâm Đồng", "Ủy ban nhân dân tỉnh X"
    addressee: str  # "Kính gửi: …" of a proposal to this grantor
    signature: tuple[str, ...]  # ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
    basis: tuple[str, ...]  # "Căn cứ …" lines (without the proposal)
    executors: str  # who carries out the decision (Điều 3), before "và các tập thể, cá nhân …"
    recipients: tuple[str, ...]  # "Nơi nhận" after "Như Điều 3"
    awarder: str = ""  # the grantor as the form names it, when not ``name``: "Ban Tuyên giáo Trung ương"

    @property
    def is_state(self) -> bool:
        return self.layout == STATE

    @property
    def title(self) -> str:
        """The body title above the bases and on the certificate: "TRƯỞNG BAN TUYÊN GIÁO TỈNH ỦY LÂM ĐỒNG"."""
        return self.name.upper()

    @property
    def motto(self) -> tuple[str, ...]:
        return STATE_MOTTO if self.is_state else (PARTY_MOTTO,)

    def number_line(self, number: str, kind: str = "QĐ") -> str:
        """ "Số 15-QĐ/BTGTU" (Party) or "Số: 15/QĐ-UBND" (State); blank for the office to fill in."""
        if self.is_state:
            return f"Số: {number}" if number else f"Số:        /{kind}-{self.symbol}"
        return f"Số {number}" if number else f"Số      -{kind}/{self.symbol}"

    def date_line(self, date: dt.date) -> str:
        """ "Lâm Đồng, ngày 05 tháng 01 năm 2026" (HD 36: two digits); the State writes a leading zero only
        for days below 10 and for January and February (NĐ 30): "ngày 05 tháng 6 năm 2025"."""
        return date_line(self.place, date, self.layout)

    def form_name(self, catalogue_name: str) -> str:
        """The form as printed on the date: the catalogue's kind ("Giấy khen") and this grantor.

        "Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy" → "Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy
        Lâm Đồng" (2024); names without "của" (medals, titles, campaign awards) are printed as they are."""
        kind, sep, _grantor = catalogue_name.partition(" của ")
        return f"{kind} của {self.awarder or self.name}" if sep else catalogue_name

    @property
    def addressee_in_sentence(self) -> str:
        """The addressee after "kính đề nghị": "đồng chí Trưởng Ban …", "Chủ tịch Ủy ban nhân dân tỉnh X"."""
        text = self.addressee.removesuffix(" (qua Sở Nội vụ)")
        return "đồng chí" + text.removeprefix("Đồng chí") if text.startswith("Đồng chí") else text

    @property
    def certificate_line(self) -> str:
        """Who gives the certificate, above "TẶNG": "BAN TUYÊN GIÁO TRUNG ƯƠNG", "TRƯỞNG BAN TUYÊN GIÁO …"."""
        return (self.awarder or self.name).upper()

    def considering(self, proposer: str, number: str = "", date: dt.date | None = None) -> str:
        """The last basis: whose proposal, with the proposal's number and date when known."""
        paper = ""
        if number or date:
            paper = " tại Tờ trình" + (f" số {number}" if number else "") + (f" ngày {date:%d/%m/%Y}" if date else "")
        if self.grantor == COMMISSION_HEAD:
            return f"Xét đề nghị của Hội đồng Thi đua, khen thưởng {proposer}{paper}"
        if self.is_state:
            return f"Theo đề nghị của Giám đốc Sở Nội vụ và của {proposer}{paper}"
        return f"Xét đề nghị của {proposer}{paper}"

    def recipient_lines(self, first: str = "Như Điều 3") -> tuple[str, ...]:
        """ "Nơi nhận": ``first`` ("Như Điều 3", "Như trên"), then this issuer's own lines, punctuated per layout."""
        lines = (first, *self.recipients)
        end = ";" if self.is_state else ","
        return tuple(line + ("." if i == len(lines) - 1 else end) for i, line in enumerate(lines))


def certificate_lines(catalogue_name: str) -> tuple[str, ...]:
    """The award's full name as a certificate prints it in large letters, never cut: the kind, then the name it
    carries, each in capitals without the quotes. "Kỷ niệm chương “Vì sự nghiệp Tuyên giáo”" → ("KỶ NIỆM
    CHƯƠNG", "VÌ SỰ NGHIỆP TUYÊN GIÁO"); "Giấy khen chuyên đề học tập …" → ("GIẤY KHEN", "CHUYÊN ĐỀ HỌC TẬP …");
    "Bằng khen của Ban Thường vụ Tỉnh ủy" → ("BẰNG KHEN",): the grantor is printed above, with its name of the
    date. A title of emulation ("Tập thể lao động xuất sắc") is printed whole."""
    kind = certificate_title(catalogue_name)
    named = catalogue_name.split(" của ")[0]
    rest = named[len(kind) :].strip() if named.upper().startswith(kind) else ""
    rest = rest.replace("“", "").replace("”", "").replace('"', "").strip()
    return (kind, rest.upper()) if rest else (kind,)


def names_a_body(name: str) -> bool:
    """Whether a collective's name names a body of its own ("Ban Tuyên giáo Huyện ủy Cát Tiên", "Đảng ủy xã …"),
    rather than a department under its unit ("Phòng Tuyên truyền"): such a name is printed alone, never above
    the name of another body (its unit named on another date: "Huyện ủy Đạ Huoai" after the 2025 mergers)."""
    folded = _fold(name)
    return any(word in folded for word in BODY_WORDS)


BODY_WORDS = ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "trung uong", "uy ban nhan dan")


def _fold(text: str) -> str:
    import unicodedata

    stripped = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in stripped if not unicodedata.combining(c)).split())


def certificate_title(catalogue_name: str) -> str:
    """What a certificate says in large letters: "GIẤY KHEN", "BẰNG KHEN", "KỶ NIỆM CHƯƠNG" (the kind of the form:
    its name before "của", "chuyên đề" or a quoted name)."""
    return catalogue_name.split(" của ")[0].split(" chuyên đề")[0].split("“")[0].strip().upper()


def date_line(place: str, date: dt.date, layout: str = PARTY) -> str:
    if layout == STATE:
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        return f"{place}, ngày {date:%d} tháng {month} năm {date:%Y}"
    return f"{place}, ngày {date:%d} tháng {date:%m} năm {date:%Y}"


def _signature(
    signer_title: str, head: str, *, deputy: str = "K/T", collective: str = "", default: str = ""
) -> tuple[str, ...]:
    """A signature block: "TRƯỞNG BAN"; a deputy signs for the head ("K/T TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN");
    a standing committee's member signs on its behalf ("T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ").

    ``default`` replaces the model's default title ("TRƯỞNG BAN") where a commission head does not sign;
    a title already carrying a prefix (T/M, K/T …) is printed as written, one line per line."""
    title = " ".join((signer_title or "").split()).upper()
    if not title or (default and title == DEFAULT_SIGNER_TITLE):
        title = default or head
    if title.startswith(_SIGN_PREFIXES):
        return tuple(line.strip().upper() for line in signer_title.splitlines() if line.strip()) or (title,)
    if collective:
        return (collective, title)
    if title != head and title.startswith("PHÓ "):
        return (f"{deputy} {head}", title)
    return (title,)


def issuer(grantor: str, names: Names, date: dt.date, signer_title: str = "") -> Issuer:
    """The papers of ``grantor`` on ``date`` for an organiser named ``names``.

    ``signer_title`` is the decision's: "TRƯỞNG BAN" (the model's default), "PHÓ TRƯỞNG BAN", "PHÓ BÍ THƯ",
    "PHÓ CHỦ TỊCH" …; the standing committee signs "T/M BAN THƯỜNG VỤ" above it (default "BÍ THƯ") and the
    chair "CHỦ TỊCH" (the commission head's default title means "CHỦ TỊCH" there)."""
    if grantor not in GRANTORS:
        raise ValueError(f"Không rõ cấp khen thưởng {grantor!r}")
    commission = names.commission or commission_on(date)
    # One body: a commission named in full on the date (its name not ending with the committee's, as when the
    # two were renamed on different days) is printed as it is, never glued to another body's name.
    commission_full = commission if names_a_body(commission) else f"{commission} {names.committee}"
    level = "TU" if names.committee.startswith(("Tỉnh ủy", "Thành ủy")) else ""
    commission_symbol = names.commission_symbol or ("BTGDV" if "Dân vận" in commission else "BTG") + level
    place = names.place
    committee_area = names.province  # "Tỉnh Lâm Đồng"
    party_basis = tuple(f"Căn cứ {law}" for law in emulation_basis(date))

    if grantor == COMMISSION_HEAD:
        return Issuer(
            grantor=grantor,
            layout=PARTY,
            left=(names.committee.upper(), commission.upper(), "*"),
            symbol=commission_symbol,
            place=place,
            name=f"Trưởng {commission_full}",
            body=commission_full,
            addressee=f"Đồng chí Trưởng {commission_full}",
            signature=_signature(signer_title, "TRƯỞNG BAN"),
            basis=(*party_basis, f"Căn cứ chức năng, nhiệm vụ, quyền hạn của {commission_full}"),
            executors="Văn phòng, các phòng chuyên môn",
            recipients=(f"Thường trực {names.committee} (để b/c)", f"Lưu Văn phòng {commission}"),
        )
    if grantor == PROVINCIAL_STANDING:
        return Issuer(
            grantor=grantor,
            layout=PARTY,
            left=(f"Đảng bộ {committee_area}".upper(), names.committee.upper(), "*"),
            symbol="TU",
            place=place,
            name=f"Ban Thường vụ {names.committee}",
            body=names.committee,
            addressee=f"Ban Thường vụ {names.committee}",
            signature=_signature(signer_title, "BÍ THƯ", collective="T/M BAN THƯỜNG VỤ", default="BÍ THƯ"),
            basis=(*party_basis, f"Căn cứ Quy chế làm việc của {names.committee}"),
            executors=f"Văn phòng {names.committee}, {commission_full}, các cơ quan, đơn vị liên quan",
            recipients=(f"{commission_full}", f"Lưu Văn phòng {names.committee}"),
        )
    if grantor == CENTRAL_COMMISSION:
        central = names.central_commission or central_commission_on(date)
        short = central.removesuffix(" Trung ương")
        return Issuer(
            grantor=grantor,
            layout=PARTY,
            left=("BAN CHẤP HÀNH TRUNG ƯƠNG", short.upper(), "*"),
            symbol=("BTGDV" if "Dân vận" in central else "BTG") + "TW",
            place="Hà Nội",
            name=f"Trưởng {central}",
            body=central,
            addressee=central,
            signature=_signature(signer_title, "TRƯỞNG BAN"),
            basis=(*party_basis, f"Căn cứ chức năng, nhiệm vụ, quyền hạn của {central}"),
            executors=f"Văn phòng Ban, {commission_full}",
            awarder=central,
            recipients=(f"{commission_full}", f"Lưu Văn phòng {short}"),
        )
    people_committee = f"Ủy ban nhân dân {_in_sentence(committee_area)}"
    local = local_government_basis(date)
    local_basis = (f"Căn cứ {local}",) if local else ()
    return Issuer(
        grantor=grantor,
        layout=STATE,
        left=("ỦY BAN NHÂN DÂN", committee_area.upper()),
        symbol="UBND",
        place=place,
        name=f"Chủ tịch {people_committee}",
        body=people_committee,
        addressee=f"Chủ tịch {people_committee} (qua Sở Nội vụ)",
        signature=_signature(signer_title, "CHỦ TỊCH", deputy="KT.", default="CHỦ TỊCH"),
        basis=(*local_basis, *party_basis),
        executors=f"Chánh Văn phòng {people_committee}, Giám đốc Sở Nội vụ, Trưởng {commission_full}",
        recipients=("Sở Nội vụ", f"{commission_full}", "Lưu: VT"),
    )


def organiser(names: Names, date: dt.date, signature: tuple[str, ...] = ()) -> Issuer:
    """The organiser itself (the commission) as the issuer of its proposal (tờ trình), signing ``signature``."""
    own = issuer(COMMISSION_HEAD, names, date)
    return replace(own, signature=signature) if signature else own
