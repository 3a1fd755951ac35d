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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .markup import TAG, blank
from .text import Collapsed

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


# a full stop with a note's marker after it, as LaTeX prints one ('an elasticity of 12.9.^{4} Consistent
# with ...'), which the segmenter takes for a number running on
_MARKED_END = re.compile(r"[.!?][”\"’)]?(?:\$?\^\{\d{1,3}\}\$?|\^\d{1,3}\^)(?=\s+[A-Z“\"‘])")


def split_sentences(text: str, breaks: Iterable[int] = ()) -> list[Sentence]:
    """The sentences of ``text`` as spans (surrounding whitespace excluded), in order; a sentence
    also ends at each of ``breaks`` (offsets of ``text`` where a line of the original ended one:
    :func:`list_breaks`), and after a full stop that a note's marker follows.

    >>> t = "an elasticity of 12.9.^{4} Consistent with Peri (2012), it is small."
    >>> [t[s.start : s.end] for s in split_sentences(t)]
    ['an elasticity of 12.9.^{4}', 'Consistent with Peri (2012), it is small.']
    """
    text = blank(TAG, text)  # HTML markup hides sentence ends ('2015.<sup>')
    out: list[Sentence] = []
    at = 0
    cuts = sorted(set(breaks) | {m.end() for m in _MARKED_END.finditer(text)})
    for piece in _segmenter().segment(text):
        body = piece.strip()
        if not body:
            continue
        start = text.find(body, at)
        if start < 0:  # pySBD never rewrites with clean=False; keep going if it ever does
            continue
        end = start + len(body)
        for cut in (c for c in cuts if start < c < end):
            head = text[start:cut].rstrip()
            if head:
                out.append(Sentence(start, start + len(head)))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append(Sentence(start, end))
        at = end
    return out


# a line that is an item of a list: '1. ...', '2) ...', '- ...', '* ...'
_ITEM = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,2}[.)])[ \t]+\S")


# a line that leaves its sentence open (a note's marker, emphasis and spaces after it aside)
_OPEN_END = re.compile(
    r"(?:[;,:]|\b(?:and|or|including|include|includes|such\s+as))(?:\s|[*_]|\[\^?\d{1,3}\](?:\([^()\s]*\))?)*$",
    re.IGNORECASE,
)


def list_breaks(flow: Collapsed) -> list[int]:
    """Where a list's lines end in ``flow``: before each item of a list, and after its last one.

    The flow joins lines and blocks with a space, so that a sentence broken across lines reads as
    one; but an item of a list needs no full stop to end (CommonMark, section 5.2), and the
    paragraph after a list starts a sentence of its own. A line that leaves its sentence open
    (';', ',', ':', 'and', 'or', 'including') runs on into the item after it: such a list is one
    sentence set out in clauses ('$64.73 billion, including / $46.55 billion for ...; / $5
    billion for facilities.'), whose clauses the citation after them covers.

    >>> flow = Collapsed.of("Three causes:\\n\\n1. The expansion of households\\n2. The persistence\\n\\nWhile women live")
    >>> [flow.text[b:b + 6] for b in list_breaks(flow)]
    [' 2. Th', ' While']
    >>> flow = Collapsed.of("$64.7 billion, including\\n\\n* $46.5 billion for walls;\\n* $5 billion for vehicles.[10]")
    >>> list_breaks(flow)
    []
    """
    original, out = flow.original, []
    for i, ch in enumerate(flow.text):
        if ch != " ":
            continue
        a = flow.where[i]
        b = flow.where[i + 1] if i + 1 < len(flow.where) else len(original)
        if "\n" not in original[a:b]:
            continue
        end = a
        while end > 0 and original[end - 1].isspace():
            end -= 1
        previous = original.rfind("\n", 0, end) + 1  # the last line with text before the break
        line = original.rfind("\n", 0, b) + 1  # the line the break leads to
        if _OPEN_END.search(original, previous, end):
            continue  # the sentence runs on into the next line
        if _ITEM.match(original, line) or (_ITEM.match(original, previous) and not original[line : line + 1].isspace()):
            out.append(i)
    return out


_CLOSED = re.compile(r"[.!?][”\"’')\]*_]*$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def closed_paragraphs(flow: Collapsed) -> list[int]:
    """Where a paragraph that ends with a full stop ends in ``flow``: the splitter does not always see that
    end once the flow has joined the paragraphs ('... both let at social rent.’ Today, ...': a closing
    quotation mark after the stop), and a paragraph's end always ends its sentence.

    >>> flow = Collapsed.of("The reply: ‘Just two - both let at social rent.’\\n\\nToday, it rents out 24.")
    >>> [flow.text[b:b + 6] for b in closed_paragraphs(flow)]
    [' Today']
    """
    original, out = flow.original, []
    for i, ch in enumerate(flow.text):
        if ch != " ":
            continue
        a = flow.where[i - 1] + 1 if i > 0 else 0  # what the flow's space stands for in the original
        b = flow.where[i + 1] if i + 1 < len(flow.where) else len(original)
        if _BLANK_LINE.search(original, a, b) and _CLOSED.search(flow.text, 0, i):
            out.append(i)
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
