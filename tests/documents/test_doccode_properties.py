"""Properties of tuyengiao.lib.doccode (hypothesis) and its linear running time on adversarial input."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuyengiao.lib.doccode import DocCode, DocCodeError, find_citations, parse

PARTY_TYPES = ["NQ", "CT", "KL", "QĐ", "QĐi", "HD", "KH", "CTr", "CTHĐ", "BC", "TB", "TTr", "ĐA", "CV", "TT", "QH"]
PARTY_ISSUERS = ["TW", "TU", "HU", "ĐU", "ĐUK", "BTGTW", "BTGTU", "BTGDVTU", "BTCTW", "VPTW", "HVCTQG", "BTG", "TG"]
STATE_TYPES = ["NQ", "CT", "QĐ", "KH", "TB", "HD", "BC", "TTr", "ĐA", "CĐ", "NĐ", "TT", "TTLT", "PL"]
STATE_ISSUERS = ["UBND", "HĐND", "CP", "TTg", "VPCP", "BNV", "BTTTT", "BGDĐT", "SGDĐT", "BVHTTDL", "MTTQ"]
STATE_ISSUERS += ["BTĐKTTW", "HĐTĐKTTW"]  # central State bodies whose symbol ends in TW
SUB_UNITS = ["VX", "KGVX", "TH", "VP", "NC", "BNV"]


@st.composite
def party_codes(draw: st.DrawFn) -> DocCode:
    issuer = draw(st.sampled_from(PARTY_ISSUERS))
    return DocCode(
        number=draw(st.integers(1, 99_999)),
        type=draw(st.sampled_from(PARTY_TYPES)),
        issuer=issuer,
        system="party",
    )


@st.composite
def state_codes(draw: st.DrawFn) -> DocCode:
    number = draw(st.integers(1, 99_999))
    issuer = draw(st.sampled_from(STATE_ISSUERS))
    subunits = draw(st.lists(st.sampled_from(SUB_UNITS), max_size=2))
    full_issuer = "-".join([issuer, *subunits])
    shape = draw(st.sampled_from(["typed", "yearly", "cong_van", "law"]))
    year = draw(st.integers(1990, 2030))
    if shape == "law":
        # A bare number of the Quốc hội is a luật (no type code), of its Standing Committee a nghị quyết.
        body, type_code = draw(st.sampled_from([("QH", ""), ("UBTVQH", "NQ")]))
        return DocCode(number=number, type=type_code, issuer=f"{body}{draw(st.integers(9, 16))}", year=year)
    if shape == "cong_van":
        return DocCode(number=number, type="", issuer=full_issuer)
    return DocCode(
        number=number,
        type=draw(st.sampled_from(STATE_TYPES)),
        issuer=full_issuer,
        year=year if shape == "yearly" else None,
    )


codes = st.one_of(party_codes(), state_codes())


@given(codes)
def test_it_parses_the_canonical_form_back_to_the_same_code(code: DocCode) -> None:
    parsed = parse(code.canonical)
    assert parsed == code
    assert parsed.canonical == code.canonical
    assert (parsed.type, parsed.issuer, parsed.year, parsed.system) == (code.type, code.issuer, code.year, code.system)


@given(codes, st.sampled_from(["", "Số ", "Số: ", "số "]), st.sampled_from(["", " "]), st.booleans())
def test_it_parses_written_variants_to_the_same_code(code: DocCode, prefix: str, space: str, lower: bool) -> None:
    written = code.canonical.replace("-", f"{space}-{space}", 1).replace("/", f"{space}/", 1)
    written = prefix + (written.lower() if lower else written)
    assert parse(written) == code


@given(codes)
def test_it_finds_a_canonical_code_in_a_sentence(code: DocCode) -> None:
    text = f"Thực hiện văn bản số {code.canonical} ngày 3/7/2024 của cấp ủy."
    [citation] = find_citations(text)
    assert citation.code == code
    assert citation.raw == code.canonical
    assert citation.type_name == code.type_name
    assert text[citation.start : citation.end] == code.canonical
    assert citation.date is not None and citation.date.isoformat() == "2024-07-03"


@settings(max_examples=300)
@given(st.text())
def test_it_never_raises_on_arbitrary_text(text: str) -> None:
    for citation in find_citations(text):
        assert text[citation.start : citation.end] == citation.raw
    with contextlib.suppress(DocCodeError):
        parse(text)


# Text made mostly of the characters codes are made of, to reach deep into the grammar.
CODE_ALPHABET = "0123456789-–/ .,:;\n()QĐiCTWUBNDHKVXAGrgsốSốngàyNghịquyết\u0301\u0300\u0335\u00d0\u00f0"


@settings(max_examples=500)
@given(st.text(alphabet=CODE_ALPHABET, max_size=80))
def test_it_reports_only_codes_that_parse_on_code_like_noise(text: str) -> None:
    for citation in find_citations(text):
        assert text[citation.start : citation.end] == citation.raw
        assert parse(citation.raw) == citation.code
    try:
        code = parse(text)
    except DocCodeError:
        return
    assert parse(code.canonical) == code


# --- Linear time ------------------------------------------------------------------------------------------------------
# A backtracking regular expression goes quadratic or exponential on inputs like these; ours stay linear. The bound is
# generous: it guards against catastrophic backtracking, not for speed (these take a few hundredths of a second).

MB = 1_000_000
ADVERSARIAL: dict[str, Callable[[], str]] = {
    "dash runs": lambda: "1-" * (MB // 2),
    "slash runs": lambda: "a/" * (MB // 2),
    "digit run": lambda: "1" * MB,
    "digits and slashes": lambda: "12/" * (MB // 3),
    "one slash runs": lambda: "1/" * (MB // 2),
    "Số Số Số": lambda: "Số " * (MB // 3),
    "spaced dashes": lambda: "1 - " * (MB // 4),
    "capital run": lambda: "1-CT/" + "A" * MB,
    "mark run": lambda: "1-C" + "\u0301" * MB,
    "space run": lambda: "1" + " " * MB + "-CT/TW",
    "years": lambda: "1/2020/" * (MB // 7),
    "half codes": lambda: "1/2020/NĐ-" * (MB // 10),
    "dashes": lambda: "-" * MB,
    "no newline lines": lambda: "Số:" * (MB // 3),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_it_runs_in_linear_time_on_adversarial_input(name: str) -> None:
    text = ADVERSARIAL[name]()
    started = time.perf_counter()
    find_citations(text)
    with pytest.raises(DocCodeError):
        parse(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ thị số 05-CT/TW, ngày 30/5/2019 " * (MB // 36),
        "số 1/AB " * (MB // 8),
        "1-\u00d0A/TU " * (MB // 8),
        "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 " * (MB // 55),
    ],
    ids=["cited codes", "cong van candidates", "look-alike codes", "cited laws"],
)
def test_it_stays_linear_on_a_megabyte_packed_with_codes(text: str) -> None:
    # ~125,000 citations to build, each bounded: linear. Measured as a ratio, not against the clock (a busy machine
    # once took 5.3 s for a megabyte): a megabyte costs about 8 times an eighth of it, a quadratic scan 64 times.
    def seconds(sample: str) -> float:
        started = time.perf_counter()
        assert find_citations(sample)
        return time.perf_counter() - started

    eighth = min(seconds(text[: len(text) // 8]) for _ in range(3))
    assert seconds(text) < 20 * eighth + 0.05
