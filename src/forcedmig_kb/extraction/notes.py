"""Notes that hold a text's sources: footnotes and endnotes, and the markers that point at them.

Reports and papers in a notes style cite by a marker (``deaths.2`` in text taken from a PDF,
``<sup id="fnref:2">``, ``[^2]``, ``^2^``) that points at a note; the note names the source
(:mod:`.note_sources` reads it as references). This module finds the notes and the markers:

- the notes: Markdown ``[^2]: ...``, HTML ``<li id="fn:2">...</li>``, the rows of a table of
  notes (``| [35](...#ifn35). | Reuters, "..." |``, as HTML converted to Markdown prints them, with
  their markers as links ``[35](...#fn35)``), and lines that open with the number of a marker used
  in the text (``2 U.S. CDC, “Frequently Asked ...”, April 26, 2004``);
- the markers: marked up, glued to the punctuation after a word or to a number's end, as math;
- a note that sources every figure of the text ('All ... data from the ONS unless otherwise stated'),
  and notes printed inside the prose ('[ref]...[/ref]').
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from .intext import InTextCitation
from .markup import AUTOLINK, INLINE_NOTE, MD_LINK, TAG
from .nonfigures import math_spans

# a marker glued to the punctuation after a word (PDF text): 'deaths.2 Also', '(COVID-19).3'
GLUED_MARKER = re.compile(
    r"(?:(?<=[^\W\d][.,;:)\]”\"’])|(?<=%[.,;:)\]”\"’]))(\d{1,3})(?=\s|$)|(?<=[).,;:][.,;:”\"’])(\d{1,3})(?=\s|$)"
)
# a marker glued after a year ('since early 2019.13'): a marker only where a note of that number exists
_AFTER_YEAR = re.compile(
    r"(?<=(?:1[89]|20)\d\d[.,;:])(\d{1,3})(?=\s|$)|"  # 'October 2021.89', 'since FY1994,107'
    r"(?<=[a-z]{3})(\d{1,3})(?=\s|$)|"  # glued to a word without punctuation: 'on their dockets103 and'
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s\d{1,2}[.,;:](\d{1,3})(?=\s|$)"
)  # '... on December 30.22 On'

# a marker glued to the end of a number ('a staff of about 220.6', 'at the age of 33.24)')
_AFTER_NUMBER = re.compile(r"(?<=\d)\.(\d{1,3})(?=[\s)\]]|$)")
_MARKERS = re.compile(
    r"(?<![^\n])[ \t]*<sup[^>]*>\s*[a-z\d]{1,3}\s*</sup>[ \t]|"  # the label a note opens with: no marker
    r"<sup[^>]*>\s*(?:<a[^>]*>)?\s*(\d{1,3}|[a-z])\s*(?:</a>)?\s*</sup>|"
    r"\[\^(\d{1,3})\](?!:)|\^(\d{1,3})\^"
)  # a lettered note's marker too ('<sup>a</sup>'), but not the label a note opens with ('<sup>a</sup> Baker FB.')
# several numbers of a numbered list in one superscript: '<sup>4,6</sup>', '<sup>1,13,15</sup>', '<sup>3-5</sup>'
_SUP_LIST = re.compile(r"<sup[^>]*>\s*(\d{1,3}(?:\s*[,–-]\s*\d{1,3})+)\s*</sup>")
# a marker printed as a link to its note, as HTML converted to Markdown prints it: '[35](https://x.org/r.html#fn35)'
_LINK_MARKER = re.compile(r"\[(\d{1,3})\]\([^()\s]*#(?:fn|footnote|note|endnote|ftn)[-_:]?(\d{1,3})\)")
# the notes of such a text, as the rows of a table: '| [35](https://x.org/r.html#ifn35). | Reuters, "..." |'
_TABLE_NOTE = re.compile(
    r"^\|\s*\[(\d{1,3})\]\([^()\s]*#i?(?:fn|footnote|note|endnote|ftn)[-_:]?\d{1,3}\)\.?\s*\|\s*(.*?)\s*\|\s*$",
    re.MULTILINE,
)
# a marker as LaTeX math in a PDF's Markdown conversion ('$^{25}$'): a marker only where a note of that number exists
# a marker as math ('$^{3}$'), or as LaTeX's superscript in the prose ('of 12.9.^{4} Consistent')
_MATH_MARKER = re.compile(
    r"\$\^\{(\d{1,3})\}\$|(?<=[^\W\d_][.,;:)]|[)\]][.,;:]|[^\W\d_]{2}|%[.,;:)]|\d[.,;:])\^\{(\d{1,3})\}"
)


def _math_markers(text: str) -> list[re.Match[str]]:
    """The markers :data:`_MATH_MARKER` finds outside inline math ('$\\sigma^{2}$' is a square)."""
    inside = [m.span() for m in math_spans(text)]
    return [m for m in _MATH_MARKER.finditer(text) if m.group(1) or not any(a < m.start() < b for a, b in inside)]


# a note of a PDF's Markdown conversion: a paragraph that opens with its number as math, '$^{3}$ https://...'
_MATH_NOTE = re.compile(r"^\$\^\{(\d{1,3})\}\$[ \t]+(\S.*(?:\n(?![ \t]*$).+)*)", re.MULTILINE)
_MD_NOTE = re.compile(r"^\s{0,3}\[\^(\d{1,3})\]:\s*(.+(?:\n(?!\s*\[\^)\s{2,}.+)*)", re.MULTILINE)
_HTML_NOTE = re.compile(r"<li\s+id=\"fn:?(\d{1,3})\"\s*>(.*?)</li>", re.DOTALL)
# a note that opens with its label as a superscript, as journals' XML prints lettered notes: '<sup>a</sup> United Nations ...'
_SUP_NOTE = re.compile(r"^[ \t]*<sup[^>]*>\s*([a-z]|\d{1,3})\s*</sup>[ \t]+(\S.*)$", re.MULTILINE)
_LINE_NOTE = re.compile(r"^(\d{1,3}) (?=[“\"‘'A-Z\u00c0-\u024f\u3000-\u9fff]|(?:1[89]|20)\d\d\b)(.+)$")
_LISTED_NOTE = re.compile(r"^(\d{1,3})\. (\S.*)$")
_NOTES_HEADING = re.compile(r"#+\s*(?:end\s*notes|foot\s*notes|notes)\s*$", re.IGNORECASE)


def markers_in(text: str) -> set[str]:
    """The numbers of every note marker printed in ``text``."""
    found = {m.group(1) or m.group(2) for m in GLUED_MARKER.finditer(text)}
    found |= {
        next(g for g in m.groups() if g) for m in (*_MARKERS.finditer(text), *_math_markers(text)) if any(m.groups())
    }
    found |= {m.group(1) for m in _LINK_MARKER.finditer(text) if m.group(1) == m.group(2)}
    return found


def find_notes(text: str) -> dict[str, tuple[int, str]]:
    """The notes of ``text`` by number: (line, the note's text without markup)."""
    notes: dict[str, tuple[int, str]] = {}
    line_of = lambda at: text.count("\n", 0, at) + 1  # noqa: E731
    for m in _HTML_NOTE.finditer(text):
        notes.setdefault(m.group(1), (line_of(m.start()), _plain(m.group(2))))
    for m in _SUP_NOTE.finditer(text):
        notes.setdefault(m.group(1), (line_of(m.start()), _plain(m.group(2))))
    for m in _MD_NOTE.finditer(text):
        notes.setdefault(m.group(1), (line_of(m.start()), _plain(m.group(2))))
    for m in _TABLE_NOTE.finditer(text):
        notes.setdefault(m.group(1), (line_of(m.start()), _plain(m.group(2))))
    for m in _MATH_NOTE.finditer(text):
        for label, body in _run_of_notes(m.group(1), m.group(2)):
            notes.setdefault(label, (line_of(m.start()), _plain(body)))
    # the markers printed, and those glued after a year ('as of October 2021.89'), which a note of that
    # number confirms
    used = markers_in(text) | {next(g for g in m.groups() if g) for m in _AFTER_YEAR.finditer(text)}
    lines = text.splitlines()
    i, last = 0, 0
    listed = False  # under a heading that names notes, a numbered list ('4. The column ...') is the notes
    while i < len(lines):
        if lines[i].startswith("#"):
            listed = _NOTES_HEADING.match(lines[i]) is not None
        note = _LINE_NOTE.match(lines[i]) or (_LISTED_NOTE.match(lines[i]) if listed else None)
        # a line note opens a block, or follows the note before it; its number is a marker of the
        # text, or the next number after the last note (a marker the text glued to a digit)
        if (
            note
            and note.group(1) not in notes
            and (note.group(1) in used or int(note.group(1)) == last + 1)
            and (i == 0 or not lines[i - 1].strip() or (last and int(note.group(1)) == last + 1))
        ):
            note_lines = [note.group(2)]
            j = i + 1
            while (
                j < len(lines)
                and lines[j].strip()
                and not _LINE_NOTE.match(lines[j])
                and not (listed and _LISTED_NOTE.match(lines[j]))
            ):
                note_lines.append(lines[j].strip())
                j += 1
            notes[note.group(1)] = (i + 1, _plain(" ".join(note_lines)))
            last = int(note.group(1))
            i = j
            continue
        i += 1
    return notes


def _run_of_notes(label: str, body: str) -> list[tuple[str, str]]:
    """A paragraph of notes that conversion ran together ('... home country. $^{3}$ https://...'):
    each next number opens the next note.

    >>> _run_of_notes("2", "Who may apply. $^{3}$ https://x.org Data as of July.")
    [('2', 'Who may apply.'), ('3', 'https://x.org Data as of July.')]
    """
    out: list[tuple[str, str]] = []
    while True:
        nxt = re.search(r"\s\$\^\{%d\}\$\s+" % (int(label) + 1), body)
        if nxt is None:
            return [*out, (label, body)]
        out.append((label, body[: nxt.start()]))
        label, body = str(int(label) + 1), body[nxt.end() :]


def _plain(text: str) -> str:
    text = MD_LINK.sub(r"\1", text)  # '[Adam Isacson et al.](https://...)': the link's words
    text = AUTOLINK.sub(r"\1", text)  # '<https://x.gov/a>': an address, not a tag
    return re.sub(r"\s+", " ", TAG.sub(" ", text).replace("↩", " ")).strip()


def find_markers(text: str, labels: set[str], printed: AbstractSet[str] = frozenset()) -> list[InTextCitation]:
    """The note markers of ``text``, as citations printed as their number: every marked-up one (``<sup>``,
    ``[^2]``), a number glued after punctuation when a note of that number is known (``labels``), and
    one glued to the end of a number (:func:`_glued_to_numbers`) for a note that no marker of the whole
    document prints (``printed``, :func:`markers_in` of the whole text).

    >>> [c.as_printed for c in find_markers("deaths.5 A staff of about 220.6 It grew.7", {"5", "6", "7"})]
    ['5', '6', '7']
    """
    out = []
    for m in (*GLUED_MARKER.finditer(text), *_AFTER_YEAR.finditer(text), *_math_markers(text)):
        k = next(i for i, g in enumerate(m.groups(), start=1) if g)
        if m.group(k) in labels:
            out.append(InTextCitation(m.start(k), m.end(k), m.group(k), "footnote"))
    for m in _MARKERS.finditer(text):  # printed as a marker: a citation even when its note is missing
        if not any(m.groups()):
            continue  # a note's own label
        out.append(InTextCitation(m.start(), m.end(), next(g for g in m.groups() if g), "footnote"))
    for m in _SUP_LIST.finditer(text):  # several entries of a numbered list: cited as '[4,6]' would be
        out.append(InTextCitation(m.start(), m.end(), m.group(1), "numbered"))
    for m in _LINK_MARKER.finditer(text):  # a link to the note of the same number
        if m.group(1) == m.group(2):
            out.append(InTextCitation(m.start(), m.end(), m.group(1), "footnote"))
    out += _glued_to_numbers(text, labels - set(printed) - {c.as_printed for c in out}, out)
    return sorted(out, key=lambda c: c.start)


def _glued_to_numbers(text: str, missing: set[str], markers: list[InTextCitation]) -> list[InTextCitation]:
    """Markers of the notes ``missing`` from the text that PDF conversion glued to a number's end,
    read from the notes' order: the note's number after a decimal point ('about 220.6'), found once
    between the markers of the notes just before and just after it, one of them printed in ``text``
    (a page break may put the other in the section before or after)."""
    at = {int(c.as_printed): c.start for c in markers if c.as_printed.isdigit()}
    out = []
    for label in sorted(x for x in missing if x.isdigit()):
        n = int(label)
        if n - 1 not in at and n + 1 not in at:
            continue
        lo, hi = at.get(n - 1, 0), at.get(n + 1, len(text))
        spots = [m for m in _AFTER_NUMBER.finditer(text, lo, hi) if m.group(1) == label]
        if len(spots) == 1:
            out.append(InTextCitation(spots[0].start(1), spots[0].end(1), label, "footnote"))
    return out


_BLANKET = re.compile(
    r"\b(?:all|every)\b[^.;]{0,80}?\b(?:data|figures|statistics|forecasts|estimates)\b[^.;]{0,120}?"
    r"\bunless\s+(?:otherwise\s+)?(?:stated|noted|indicated|specified)",
    re.IGNORECASE,
)


def blanket_source(notes: dict[str, tuple[int, str]]) -> str | None:
    """A note that gives the source of every figure of the text ('All UK economy data from Office for
    National Statistics (ONS) unless otherwise stated'): it attributes the figures no marker cites.

    >>> blanket_source({"1": (9, "All UK economy data from Office for National Statistics (ONS) unless otherwise stated.")})
    'All UK economy data from Office for National Statistics (ONS) unless otherwise stated'
    """
    for _, note in sorted(notes.values()):
        m = _BLANKET.search(note)
        if m:
            return m.group(0)
    return None


def inline_notes(text: str) -> list[tuple[int, str]]:
    """The notes printed inside the prose, as (line, text without markup).

    >>> inline_notes("Chandy et al. (2016)[ref]Christine Zhang and Laurence Chandy (2016), The gap.[/ref] said")
    [(1, 'Christine Zhang and Laurence Chandy (2016), The gap.')]
    """
    return [
        (text.count("\n", 0, m.start()) + 1, _plain(m.group("a") or m.group("b") or ""))
        for m in INLINE_NOTE.finditer(text)
    ]
