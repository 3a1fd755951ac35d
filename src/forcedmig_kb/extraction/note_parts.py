"""Where a note's sources are: its parts that may each name a source, and where the comment before them ends.

A note of a notes-style text names its sources after a comment, or alone ('Miami (128,449 pending cases),
Boston (87,474). TRAC, “Immigration Court Backlog Tool.”'): :func:`sources_begin` finds where they begin,
:func:`sources_of` cuts a note into the parts that may each name one (at ';', after an address that ends a
sentence, before a sentence that cites). :mod:`.note_sources` reads each part as a reference.
"""

from __future__ import annotations

import re

from .laws import LAW

URL = re.compile(r"<?https?://[^\s>]+>?")
QUOTED = re.compile(
    r"(?:“(?P<a>[^”]{3,300}?)[,.]?”|\"(?P<b>[^\"]{3,300}?)[,.]?\"|‘(?P<c>[^’]{3,300}?)[,.]?’(?=[\s,.;)])|"
    r"(?<![*\w])\*(?P<d>[^*\n]{3,300}?)[,.]?\*(?![*\w])|(?<![_\w])_(?P<e>[^_\n]{3,300}?)[,.]?_(?![_\w]))[,.]?"
    r"(?:\s*\(\s*“[^”]*”\s*\)?)?"
)  # a translation after the title: '“发哨子的人” (“The Person ...”)'
SEE = re.compile(
    r"^(?:for\s+.{0,160}?,\s*)?[*_]?(?:see(?:\s+also)?|cited\s+in|quoted\s+in|source:?)[*_]?"
    r"(?:,\s*(?:for\s+example|for\s+instance|e\.\s?g\.|among\s+others),?)?(?:\s+|$)",
    re.IGNORECASE,
)

_AFTER_ADDRESS = re.compile(r"https?://\S+\.\s+(?=[A-Z“\"‘])|(?<=\d{4})\.\s+(?=See\s)")
# the end of a sentence in a note: 'between 1960 and 1990. See Lynda J. Oswald, ...', 'p. 156. For discussion
# ..., see ...', '(69,049). TRAC, “Immigration Court Backlog Tool,” ...'; not after an initial ('Lynda J.
# Oswald', 'U.S. Congress') nor after an abbreviation of a citation ('et al.', 'vol.', 'pp.', 'eds.')
_NOTE_SENTENCE_END = re.compile(
    r"(?<=[A-Za-z\d)\]]{2}[.!?])\s+(?=[A-Z“\"‘*])|"
    r"(?<=[A-Za-z\d)\]]{2}\.[”\"’])\s+(?=[A-Z][a-z])"  # after a title: 'Bergeron, “... After 25 Years.” Some ...'
)  # (a '?' closing a title is the title's: '“What Did Structural Adjustment Adjust?” *Journal of ...*')

# (and the abbreviations of a law's citation: 'Pub. L. No. 117-328', 'in Div. M', '117th Cong., 2d Sess.')
_ABBREVIATED = re.compile(
    r"(?:^|[\s.(])(?:al|ed|eds|vol|vols|no|nos|pp|cf|ch|op|sec|art|para|fig|rev|ibid|pub|div|stat|cong|sess|supp)\.$",
    re.I,
)


# what follows the ';' after a Vancouver entry's place and publisher: its year, and no further source ('; 2008.',
# '; 2012 [cited 2013 Jan]. Available from: http://...')
_VANCOUVER_YEAR = re.compile(r"\s*(?:1[89]|20)\d\d[a-z]?\b(?:\s*\[cited[^\]]*\])?(?:[.,:][^;]*)?$")


def _split_outside_quotes(note: str) -> list[str]:
    """``note`` cut at each ';' that stands outside quotation marks and parentheses (a title may hold one), but
    not before the year a Vancouver entry gives after its publisher ('Geneva; 2008.', 'Brasília (DF); 2011.').

    >>> _split_outside_quotes("UNGASS. Monitoring the Declaration. Geneva; 2008.")
    ['UNGASS. Monitoring the Declaration. Geneva; 2008.']
    >>> _split_outside_quotes("World Bank, Data, 2019; UN, Report, 2020.")
    ['World Bank, Data, 2019', 'UN, Report, 2020.']
    """
    pieces, depth, quoted, at = [], 0, False, 0
    for i, ch in enumerate(note):
        if ch in "“":
            quoted = True
        elif ch in "”":
            quoted = False
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and not quoted and not depth and not _VANCOUVER_YEAR.match(note, i + 1):
            pieces.append(note[at:i])
            at = i + 1
    return [p.strip() for p in [*pieces, note[at:]] if p.strip()]


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of a note's ``text`` after the first starts (not inside a title, not after an
    abbreviation)."""
    titles = [m.span() for m in QUOTED.finditer(text)]
    return [
        m.end()
        for m in _NOTE_SENTENCE_END.finditer(text)
        if not any(a < m.start() < b for a, b in titles) and not _ABBREVIATED.search(text, 0, m.start())
    ]


def _opens_citation(sentence: str) -> bool:
    """Does a note's sentence cite: a title, an address, a law or 'See ...' in it?"""
    return bool(QUOTED.search(sentence) or URL.search(sentence) or LAW.match(sentence) or SEE.match(sentence))


def sources_begin(note: str) -> int:
    """Where the sources of a note's text begin: 0 when it opens with one, else the start of its first
    sentence that cites; ``len(note)`` when none does. What comes before is a comment its sources back.

    >>> note = "Miami (128,449 pending cases), Boston (87,474). TRAC, “Immigration Court Backlog Tool.”"
    >>> note[sources_begin(note):], sources_begin("UN, “Report,” 2019. Manhattan’s is 25,846.")
    ('TRAC, “Immigration Court Backlog Tool.”', 0)
    """
    starts = [0, *sentence_starts(note)]
    for at, nxt in zip(starts, [*starts[1:], len(note)]):
        if _opens_citation(note[at:nxt]):
            return at
    return len(note)


# the sources a note's source drew on, listed after it: 'The original sources of the data are: ...'
_BEHIND = re.compile(r"(?:^|(?<=[.;]\s))The\s+original\s+sources?\b", re.IGNORECASE)


def sources_of(note: str) -> list[str]:
    """A note's parts that may each name a source: cut at ';', after an address that ends a sentence
    ('...faq.html. World Health Organization, ...') and before a sentence that cites (a title, an
    address, a law or 'See ...' in it: '... between 1960 and 1990. See Lynda J. Oswald, “...”')."""
    parts = []
    behind = _BEHIND.search(note)
    if behind is not None:
        note = note[: behind.start()]  # 'The original sources of the data are: ...': what the source drew on
    for piece in _split_outside_quotes(note):
        starts = sentence_starts(piece)
        cuts = {m.end() for m in _AFTER_ADDRESS.finditer(piece)}
        cuts |= {at for at, nxt in zip(starts, [*starts[1:], len(piece)]) if _opens_citation(piece[at:nxt])}
        at = 0
        for cut in sorted(cuts):
            parts.append(piece[at:cut].strip())
            at = cut
        parts.append(piece[at:].strip())
    return [p for p in parts if p]
