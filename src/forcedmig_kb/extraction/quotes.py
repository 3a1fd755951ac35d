"""The short verbatim quote that carries a figure, and the cues of the present it may hold.

A figure's quote is the clause it stands in (:mod:`.sentences` cuts the clauses), joined with a
neighbour when it is too short to read, without a citation at its edge and at most about 35 words
around the figure (:func:`quote_span`); a clause that is only 'Nowadays,' lends its cue to the
segment (:func:`lead_cue`).
"""

from __future__ import annotations

import re

from .intext import InTextCitation

#: words that present a figure as current ('nowadays', 'today'): the stale-current-figure rule reads them
PRESENT = re.compile(r"\b(nowadays|currently|today|at present|presently|now)\b", re.IGNORECASE)
#: what a quote does not start or end with
STRIP = " ,.;:—–'\"‘’“”"


def clause_of(clauses: list[tuple[int, int]], at: int) -> tuple[int, int]:
    """The clause that holds ``at`` (the last one when none does)."""
    for a, b in clauses:
        if a <= at < b:
            return a, b
    return clauses[-1] if clauses else (at, at)


def lead_cue(text: str, clauses: list[tuple[int, int]]) -> re.Match[str] | None:
    """'Nowadays, ...': a cue that is the whole first clause of its segment."""
    if not clauses:
        return None
    a, b = clauses[0]
    m = PRESENT.search(text, a, b)
    return m if m and not text[a:b].strip(STRIP + "*").lower().replace(m.group(1).lower(), "").strip() else None


def quote_span(
    text: str, clauses: list[tuple[int, int]], start: int, end: int, citations: list[InTextCitation]
) -> tuple[int, int]:
    """The clause that carries ``text[start:end]``, joined with a neighbour when it is too short to read."""
    i = next((k for k, (a, b) in enumerate(clauses) if a <= start < b), None)
    if i is None:
        return start, end
    a, b = clauses[i]
    if len(text[a:b].split()) < 4 and len(clauses) > 1:
        if i > 0:
            a = clauses[i - 1][0]
        else:
            b = clauses[i + 1][1]
    for c in citations:  # a citation at the clause's edge is not part of the quote
        if c.kind == "attribution":
            continue
        if c.start >= end and c.start < b:
            b = min(b, c.start) if not text[end : c.start].strip(STRIP) or c.end >= b - 1 else b
        if c.end <= start and c.end > a and not text[a : c.start].strip(STRIP):
            a = c.end
    while a < b and text[a] in STRIP:
        a += 1
    while b > a and text[b - 1] in STRIP:
        b -= 1
    if len(text[a:b]) > 300:  # a quote is the span that carries the figure, not a passage
        words = list(re.finditer(r"\S+", text[a:b]))
        inside = [w for w in words if a + w.start() <= start < a + w.end() + 1 or start <= a + w.start() < end]
        k = words.index(inside[0]) if inside else 0
        lo, hi = max(0, k - 15), min(len(words) - 1, k + 20)
        # still too long (a link's address is one long word): drop words from the longer side
        while words[hi].end() - words[lo].start() > 300 and (lo < k or hi > k):
            if hi > k and (hi - k >= k - lo or lo == k):
                hi -= 1
            else:
                lo += 1
        a, b = a + words[lo].start(), a + words[hi].end()
    return a, b
