"""Party committee terms (nhiệm kỳ), which scope Party document numbers.

Party documents are numbered from 01 per document type within a committee's
term, not per year (Hướng dẫn 36-HD/VPTW), so "05-CT/TW" of the 2021-2026 term
and "05-CT/TW" of the 1996-2001 term are different documents.

Terms begin at congresses: the national congress (TW issuers) in January/February
of 2011, 2016, 2021, 2026…; local congresses (provinces, districts, communes) in
the autumn of 2015, 2020, 2025… The exact day differs by committee, so the term
derived here from an issue date is a default that a person can correct on the
document (the few weeks around a congress are where it may be wrong).
"""

from __future__ import annotations

import datetime as dt

# Issuer codes of central bodies: their term follows the national congress.
CENTRAL_ISSUERS = frozenset({"TW", "BCT", "BBT", "BTGTW", "BTGDVTW", "BTCTW", "BDVTW", "VPTW", "UBKTTW", "HVCTQG"})

# First day counted in a new term (approximate: the congress month's start or end).
NATIONAL_TERM_START = (2, 1)  # congresses end late January
LOCAL_TERM_START = (11, 1)  # provincial congresses finish by October


def term_for(issuer_code: str, issue_date: dt.date) -> str:
    """The term label, e.g. "2021-2026", for a Party document issued on ``issue_date``."""
    issuer = issuer_code.split("-")[0].upper()
    if issuer in CENTRAL_ISSUERS or issuer.endswith("TW"):
        first_year, (month, day) = 2001, NATIONAL_TERM_START
    else:
        first_year, (month, day) = 2000, LOCAL_TERM_START
    start = first_year + ((issue_date.year - first_year) // 5) * 5
    if issue_date < dt.date(start, month, day):
        start -= 5
    return f"{start}-{start + 5}"
