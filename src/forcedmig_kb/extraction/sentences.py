"""Sentences, and the parts of a sentence a figure's scope is measured in.

Sentence boundaries come from pySBD (Golden Rules of the Pragmatic Segmenter: 'et al.',
'U.S.', 'e.g.', decimal points, list markers), https://github.com/nipunsadvilkar/pySBD. Inside a
sentence this module only cuts at punctuation outside parentheses and brackets:

- a *segment* ends at ``;`` or ``:`` (a list of figures separated by semicolons, or a claim
  introduced by a colon, each has its own time);
- a *clause* ends at ``,``, an em dash, a spaced en dash, or a full stop inside a quotation that
  the sentence splitter kept whole: the shortest span that usually carries one figure, from
  which quotes are cut.

>>> text = "In 2014 sales were 31.2 trillion USD (Fortune, 2015), equal to 40 percent of GDP. Next."
>>> [text[s.start:s.end] for s in split_sentences(text)]
['In 2014 sales were 31.2 trillion USD (Fortune, 2015), equal to 40 percent of GDP.', 'Next.']
>>> [text[a:b] for a, b in pieces(text, 0, 82, CLAUSE)]
['In 2014 sales were 31.2 trillion USD (Fortune, 2015)', 'equal to 40 percent of GDP.']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .markup import TAG, blank

SEGMENT = frozenset(";:")
CLAUSE = frozenset(";:,—")
_OPEN, _CLOSE = "([", ")]"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` as spans (surrounding whitespace excluded), in order."""
    text = blank(TAG, text)  # HTML markup hides sentence ends ('2015.<sup>')
    out: list[Sentence] = []
    at = 0
    for piece in _segmenter().segment(text):
        body = piece.strip()
        if not body:
            continue
        start = text.find(body, at)
        if start < 0:  # pySBD never rewrites with clean=False; keep going if it ever does
            continue
        out.append(Sentence(start, start + len(body)))
        at = start + len(body)
    return out


def pieces(text: str, start: int, end: int, cuts: frozenset[str]) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at the ``cuts`` characters (and spaced en dashes) outside brackets.

    Spans exclude the cut character and surrounding spaces; empty pieces are dropped.
    """
    out: list[tuple[int, int]] = []
    depth = 0
    piece = start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (
            ch in cuts
            or (ch == "–" and "," in cuts and text[i - 1 : i] == " ")
            or (
                ch == "."
                and "," in cuts
                and text[i + 1 : i + 2] == " "
                and text[i + 2 : i + 3].isupper()
                and text[i - 1 : i].islower()
            )
        ):
            if ch in ":," and i + 1 < end and text[i + 1].isdigit() and (ch == ":" or text[i - 1 : i].isdigit()):
                continue  # '2011a: 18' is a locator, '10:30' a time, '60,000' a number
            out.append((piece, i))
            piece = i + 1
    out.append((piece, end))
    trimmed = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed
