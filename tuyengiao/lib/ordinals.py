"""Vietnamese number words for numbered tasks: "Một là", "Hai là", … "Mười là", "Mười một là".

Conclusions of a conference list their tasks as "Một là…, Hai là…, … Sáu là…" (seed 001). The words
follow common usage: 5 is "năm" but "lăm" after a tens word (15 "mười lăm", 25 "hai mươi lăm");
1 after a tens word above ten is "mốt" (21 "hai mươi mốt", but 11 "mười một"); 4 after a tens word
above ten is "tư" (24 "hai mươi tư", but 14 "mười bốn"); 10 after a hundreds word is "mười"
(110 "một trăm mười"); a missing tens digit reads "linh" (105 "một trăm linh năm").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_hundred(n: int) -> str:
    tens, unit = divmod(n, 10)
    if tens == 0:
        return DIGITS[unit]
    if tens == 1:
        head = "mười"
        tail = {0: "", 5: "lăm"}.get(unit, DIGITS[unit])
    else:
        head = f"{DIGITS[tens]} mươi"
        tail = {0: "", 1: "mốt", 4: "tư", 5: "lăm"}.get(unit, DIGITS[unit])
    return f"{head} {tail}".strip()


def number_words(n: int) -> str:
    """``n`` (0–999) in Vietnamese words, lower case: 21 → "hai mươi mốt", 105 → "một trăm linh năm"."""
    if not 0 <= n <= 999:
        raise ValueError(f"number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {DIGITS[rest]}"
    return f"{head} {_below_hundred(rest)}"


def ordinal_phrase(n: int) -> str:
    """The lead words of the ``n``-th task (n ≥ 1): 1 → "Một là", 11 → "Mười một là"."""
    if n < 1:
        raise ValueError(f"tasks are numbered from 1: {n}")
    words = number_words(n)
    return f"{words[0].upper()}{words[1:]} là"
