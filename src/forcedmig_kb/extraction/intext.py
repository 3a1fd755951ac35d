"""In-text citations found in running text (author-year styles), with what each one can cover.

Three forms are recognised:

``parenthetical``  ``(World Bank, 2017; IOM, 2018)``, ``(Davies et al. 2008)``, ``(see Smith 2019, p. 4)``:
                   a parenthesis every part of which is names followed by a year (and a locator), or
                   a key pandoc found in no bibliography (``(**smith2019?**)``: a work no entry holds);
``narrative``      ``Samir Amin (2014)``, ``Smith and Jones (2018) found``: a run of capitalised
                   names right before a parenthesised year;
``attribution``    ``According to PCT-WIPO data``: a named source without a year, counted only in a
                   sentence that has no other citation (an unresolvable citation is a finding too);
``prose``          ``..., calculates a researcher at a labour institute``, ``according to the ministry``:
                   a source named in prose that no reference list could hold (:mod:`.prose_sources`).

The printed form (``as_printed``) is what :func:`forcedmig_kb.citations.parse_citation` parses:
the parenthesis' content, or the narrative citation with its parentheses, as the curated data
writes them. A citation printed right after a closing quotation mark carries the quotation: it
covers figures inside the quotation and in the clause that leads into it (:attr:`InTextCitation.quotation`).

>>> text = "Samir Amin (2014) wrote that 40 percent was lost (World Bank, 2015; see IOM, 2018: 4)."
>>> [(c.kind, c.as_printed) for c in find_citations(text)]
[('narrative', 'Samir Amin (2014)'), ('parenthetical', 'World Bank, 2015; see IOM, 2018: 4')]
>>> find_citations("a share (61 percent) of the Intergovernmental Panel (IPCC) in 2019 (excluding China)")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..citations import COMMENT, PARTS, SIGNAL
from .markup import INLINE_NOTE, blank

_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?(?:\s*\[\d{4}\])?|n\.\s?d\."
_LOCATOR = r"(?:\s*[:,]\s*(?:pp?\.\s*|ch\.\s*|para\.\s*)?[0-9ivxlc][\w.\u2013\-]*(?:\s*[\u2013\-,]\s*\d+)*)?"
_SIGNAL = rf"(?:{SIGNAL})*"
_NAMES = r"[^\W\d][^;()\d]{0,120}?"
# a comment after the last work: '(Kiernan 2006, for instance)', '(Brändle 2017, for more details)'
_COMMENT = rf"(?:{COMMENT})?"
_PART = re.compile(rf"^\s*{_SIGNAL}(?P<names>{_NAMES})[,\s]\s*(?P<year>{_YEAR}){_LOCATOR}{_COMMENT}\s*$", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*(?:\[[^\]]*\][^()]*)*)\)")
_BARE_YEAR = re.compile(rf"^\s*(?:{_YEAR}){_LOCATOR}\s*$", re.IGNORECASE)
# one word of a narrative citation's names, emphasis and a possessive allowed: 'Brown', '*et', 'al.*', "Lee's"
_NAME_TOKEN = re.compile(
    r"^[*_]*(?:[A-ZÀ-Þ][\w'’\-]*\.?|and|&|de|da|del|della|van|von|der|den|du|la|le|di|dos|das|y)"
    r"[*_]*(?:['’]s?)?,?$"
)
_ET_AL_TOKEN = re.compile(r"^[*_]*(?:et|al\.?|al\.?['’]s|al\.?,)[*_]*(?:['’]s)?,?$")  # 'et al.', 'et al' (Vancouver)
# capitalised words that open a sentence or clause and are not authors ('Similarly, Smith (2003) explains')
_NOT_NAME = frozenset(
    """In The This That These Those According As See While When Since From By For And But Moreover
    However Thus Also Both Its Their A An Of On At To With Table Figure Fig. Chapter Section Report Similarly Likewise
    Additionally Conversely Nevertheless Nonetheless Instead Hence Therefore Accordingly Meanwhile Indeed Further
    Furthermore Overall Specifically Finally First Second Third Then Here There Yet So Still Although Though Because
    If Unlike Like Following Using Building Based Whereas Whilst Among Between After Before During Within Across
    Under Over We Our They He She It His Her Others Other Some Many Most Several Earlier Later Previous Prior Recent
    More Less Early Work Studies Study Research Evidence Data Authors Paper Papers Notably Importantly Interestingly
    Recently Consequently Again Thereafter Today Now Until Unless Where Which Who Whose What How Why One Two Three
    Such Each Every All Any No Not Only Even Just Much Per Via Against Despite Given Including Following Note
    Appendix Annex Box Panel Column Columns Tables Figures Equation Model Models Results Sample Survey""".split()
)
_ATTRIBUTION = re.compile(
    r"\b[Aa]ccording\s+to\s+(?:the\s+)?(?:(?:recent|latest|official|new)\s+)?"
    r"(?P<source>[A-Z][\w&.\-’']*(?:\s+(?:(?:of|for|on|and|the)\s+)*[A-Z][\w&.\-’']*)*"
    r"(?:\s+(?:data|figures|estimates|statistics|survey|surveys|report|reports))?)(?=[\s,.;:]|$)"
)
CLOSING_QUOTES = "'’”\""
QUOTATION_WORDS = 4  # fewer quoted words are a term ('Great Doubling'), not a quotation
_OPENING_FOR = {"’": "‘'", "”": '“"', "'": "'‘", '"': '"“'}


@dataclass(frozen=True, slots=True)
class InTextCitation:
    """One printed citation: its span in the flow, its printed form and its kind."""

    start: int
    end: int
    as_printed: str
    kind: str  # parenthetical | narrative | numbered | attribution | prose | link (a source given by its address) |
    # speaker (a person who told it, named by a pronoun: 'He also admitted')
    quotation: tuple[int, int] | None = None  # the quotation it is printed after, if any


def _is_citation_parenthesis(content: str) -> bool:
    parts = [p for p in PARTS.split(content) if p.strip()]
    return bool(parts) and all(_is_named_part(p) or _MISSING_KEY.match(p) for p in parts)


# what pandoc's citeproc prints for a citation key its bibliography lacks: '(**dorigo1983push?**)'
_MISSING_KEY = re.compile(r"^\s*\*\*[\w:.#$%&+<>~/-]+\?\*\*\s*$")


def _is_named_part(part: str) -> bool:
    m = _PART.match(part)
    return m is not None and _names_open(m.group("names"))


def _names_open(names: str) -> bool:
    """Cited names open with a capital, a particle ('de Haas') or a link ('[Wong'): not 'forecast in November'."""
    first = names.lstrip("[*_ ").split(" ")[0]
    if first.rstrip(",.") in _MONTHS:
        return False  # '(September 2014)': a date
    return first[:1].isupper() or first in {"de", "van", "von", "da", "di", "du", "la", "le", "del", "der", "dos"}


_MONTHS = frozenset(
    "January February March April May June July August September October November December Jan Feb Mar Apr Jun "
    "Jul Aug Sep Sept Oct Nov Dec Spring Summer Autumn Winter".split()
)


_PARTICLES = frozenset("de da del della van von der den du la le di dos das".split())


def _bare(word: str) -> str:
    """A token without emphasis, possessive and trailing comma: "*Lee's*," -> 'Lee'."""
    return re.sub(r"['’]s?$", "", re.sub(r"[*_]", "", word).rstrip(","))


# an emphasised title right before a year: '*The Land of Open Graves* (2015)'
_EMPHASISED_TITLE = re.compile(r"(?<![*_\w])([*_])[A-Z][^*_\n.;()]{2,140}?[^\s*_]\1$")


def _narrative_names(text: str, paren: int) -> int | None:
    """Where the run of names that ends right before ``text[paren]`` starts, if there is one.

    >>> t = "Similarly, Brown *et al.*'s (2012) estimate"
    >>> t[_narrative_names(t, t.index("(")):t.index("(")]
    "Brown *et al.*'s "
    >>> t = "In his study, *The Land of Open Graves* (2015), he"
    >>> t[_narrative_names(t, t.index("(")):t.index("(")]
    '*The Land of Open Graves* '
    >>> t = "at the University of Geneva. Lundevaller et al. (2018) investigated"
    >>> t[_narrative_names(t, t.index("(")):t.index("(")]
    'Lundevaller et al. '
    >>> t = "their stay in the UK. Brell et al. (2020) find"
    >>> t[_narrative_names(t, t.index("(")):t.index("(")]
    'Brell et al. '
    >>> t = "a case at the Roswell Park Cancer Institute, Michalek et al. (2010) identified"
    >>> t[_narrative_names(t, t.index("(")):t.index("(")]
    'Michalek et al. '

    """
    i = paren
    while i > 0 and text[i - 1] == " ":
        i -= 1
    title = _EMPHASISED_TITLE.search(text, max(0, i - 160), i)
    if title is not None:  # a work named by its title: 'his study, *The Land of Open Graves* (2015),'
        return title.start()
    base = max(0, i - 120)
    tokens = list(re.finditer(r"[^\s]+", text[base:i]))
    start = None
    last = len(tokens) - 1
    et_al = False
    for k in range(last, -1, -1):
        word = tokens[k].group(0)
        bare = _bare(word)
        if _ET_AL_TOKEN.match(word):
            start = base + tokens[k].start()
            et_al = True
            continue
        if et_al and k < last and word.endswith(","):
            break  # 'at the Roswell Park Cancer Institute, Michalek et al. (2010)': 'et al.' has one name before it
        if (
            k < last
            and word.endswith(",")
            and _sentence_initial(text, base + tokens[k].start())
            and (bare in _NOT_NAME or bare.endswith("ly"))
        ):
            break  # 'Similarly, Smith (2003)': a discourse word, not an author
        if not _NAME_TOKEN.match(word) or bare in _NOT_NAME:
            break
        if k < last and re.search(r"(?:[a-z]{2}|\b[A-Z]{2,})[*_]*\.$", word):
            break  # 'the University of Geneva. Lundevaller et al. (2018)', 'in the UK. Brell et al.': a sentence ends
        if k < last and re.search(r"['’]s?[*_]*,?$", word) and not word.endswith(","):
            break  # a possessive ends the names: only the last word may carry it
        start = base + tokens[k].start()
    if start is None:
        return None
    # the run must begin with a capitalised name and end with one (or 'et al.')
    while True:
        run = text[start:i].strip()
        first = run.split()[0] if run else ""
        if first.strip("*_,") in {"and", "&", "et", "al.", ""} and run:
            start += len(first) + 1
            continue
        break
    words = [_bare(w) for w in run.split()]
    opener = words[1] if len(words) > 1 and words[0] in _PARTICLES else words[0] if words else ""
    if not run or not (opener[:1].isupper() and (words[-1][-1:].isalpha() or words[-1].endswith("al."))):
        return None
    return start


def _sentence_initial(text: str, at: int) -> bool:
    """Does ``text[at]`` open a sentence (after '. ', '? ', a paragraph start or a heading)?"""
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:;"”)'


def _quotation_before(text: str, at: int, floor: int) -> tuple[int, int] | None:
    """The quotation that closes right before ``at`` (spaces skipped), not reaching before ``floor``."""
    i = at
    while i > floor and text[i - 1] == " ":
        i -= 1
    if i <= floor or text[i - 1] not in CLOSING_QUOTES:
        return None
    close = i - 1
    if (
        text[close] == "'"
        and close > 0
        and text[close - 1].isalpha()
        and text[close - 1] == "s"
        and close + 1 < len(text)
        and text[close + 1 : close + 2].isalpha()
    ):
        return None
    for j in range(close - 1, floor - 1, -1):
        if (
            text[j] in _OPENING_FOR[text[close]]
            and (j == 0 or not text[j - 1].isalnum())
            and text[j + 1 : j + 2].strip()
        ):
            # a quoted term ('Great Doubling') is a name, not a passage quoted from the source
            return (j, close + 1) if len(text[j:close].split()) >= QUOTATION_WORDS else None
    return None


# also 'world[38]' and a run of them ('capital.[1][2][3]'); not a link's label ('[text][1]', '[1](url)')
#: two notes joined by a dash: '[4]–[7]' cites 4 to 7
NUMBERED_RANGE = re.compile(r"(?<!\^)\[(\d{1,3})\]\s?[–-]\s?\[(\d{1,3})\](?![(:])")
_NUMBERED = re.compile(r"(?<!\^)(?<![^\d]\])\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\](?![(:])(?!\[(?!\d))")


def find_numbered(text: str) -> list[InTextCitation]:
    """Numbered citations ('[12]', '[3, 5-7]'), read where the reference list is numbered.

    >>> [c.as_printed for c in find_numbered("65 million people [12], as before [3, 5-7]; see [link](u)")]
    ['12', '3, 5-7']
    >>> [c.as_printed for c in find_numbered("in human capital.[1][2][3] And per year.[1] [5] [6] See [text][4].")]
    ['1', '2', '3', '1', '5', '6']
    >>> [c.as_printed for c in find_numbered("Outbreaks followed [4]–[7], then [9].")]
    ['4–7', '9']
    """
    ranges = [
        InTextCitation(m.start(), m.end(), f"{m.group(1)}–{m.group(2)}", "numbered")
        for m in NUMBERED_RANGE.finditer(text)
    ]
    return sorted(
        ranges
        + [
            InTextCitation(m.start(), m.end(), m.group(1), "numbered")
            for m in _NUMBERED.finditer(text)
            if not any(r.start <= m.start() < r.end for r in ranges)
        ],
        key=lambda c: c.start,
    )


# Pandoc's link-citations: '[Wong 2009](#ref-wong2009)', 'Openshaw ([1984](#ref-openshaw1984))'
LINK_CITATION = re.compile(
    r"\[([^\[\]]{1,200})\]\((?:#(?:ref|cite|bib)[-_:][^)\s]*|https?://[^()\s]*(?:\s+\"+[^\"]*\"+)?)\)"
)
# the size of a linked file, printed in its link: '(395.6 Kb Pdf)', '(398 Kb Excel sheet)'
FILE_SIZE = re.compile(r"\(\s*\d+(?:\.\d+)?\s*[KMG]i?B\b[^()]{0,30}\)", re.IGNORECASE)


def unlinked(text: str) -> str:
    """``text`` with each link's markup and a linked file's size blanked (same length, so spans stay valid):
    a citation may be printed as a link to its entry or to the work itself.

    >>> unlinked("([Wong 2009](#ref-wong2009))")
    '( Wong 2009                 )'
    >>> unlinked('( [Campos et al., 2011 (395.6 Kb Pdf)](http://x.uk/a.pdf "Impact") )').split()
    ['(', 'Campos', 'et', 'al.,', '2011', ')']
    """
    text = LINK_CITATION.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), text)
    return blank(FILE_SIZE, text)


def find_citations(text: str, floor_of=lambda at: 0, block_of=lambda at: None) -> list[InTextCitation]:
    """Every parenthetical and narrative citation of ``text``, in order.

    ``floor_of(at)`` gives the start of the sentence around ``at``: a quotation is searched for
    only inside it; ``block_of(at)`` the start of a block quotation that ends at ``at`` (a
    paragraph introduced by a colon, closed by a quotation mark and the citation), if any.
    """
    found: list[InTextCitation] = []
    original, text = text, blank(INLINE_NOTE, unlinked(text))
    for m in _PAREN.finditer(text):
        content = m.group(1).strip()
        if _is_citation_parenthesis(content):
            quotation = _quotation_before(text, m.start(), floor_of(m.start()))
            if quotation is None and text[: m.start()].rstrip()[-1:] in CLOSING_QUOTES:
                block = block_of(m.start())
                quotation = (block, m.start()) if block is not None else None
            # as printed: what a reader sees of it (a link's words, not its address: '[Campos et al., 2011](http://...)')
            printed = original[m.start(1) : m.end(1)].strip() if text == original else " ".join(content.split())
            found.append(InTextCitation(m.start(), m.end(), printed, "parenthetical", quotation))
        elif _BARE_YEAR.match(content):
            start = _narrative_names(text, m.start())
            if start is not None:
                printed = original[start : m.end()]
                found.append(InTextCitation(start, m.end(), printed, "narrative"))
    found += _in_inline_notes(original)
    return sorted(found, key=lambda c: c.start)


def _in_inline_notes(text: str) -> list[InTextCitation]:
    """The citations an inline note makes as a comment ('[ref]To be precise, Chandy et al. (2016) also
    use ...[/ref]'); a note that opens with its work ('[ref]Christine Zhang, ... (2016), "Title"') is
    a source in itself (the references read from inline notes), not a citation of one."""
    found: list[InTextCitation] = []
    for note in INLINE_NOTE.finditer(text):
        group = "a" if note.group("a") is not None else "b"
        a, b = note.span(group)
        inside = [
            c
            for c in find_citations(text[a:b])
            if text[a:b][: c.start].strip() and not re.search(r",\s*\(", c.as_printed)  # 'Zhang, ..., (2016)': an entry
        ]
        if inside and not _opens_with_work(text[a:b]):
            found += [InTextCitation(a + c.start, a + c.end, c.as_printed, c.kind, c.quotation) for c in inside]
    return found


def _opens_with_work(note: str) -> bool:
    """Does a note open like a reference entry (names, then a year within its first words)?"""
    head = note.strip()[:120]
    year = re.search(r"\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?", head)
    return year is not None and not re.search(r"\b[a-z]{3,}\b", head[: year.start()].replace(" and ", " "))


def find_attribution(text: str, start: int, end: int) -> InTextCitation | None:
    """An 'According to X' attribution inside ``text[start:end]``, if any."""
    m = _ATTRIBUTION.search(text, start, end)
    if m is None:
        return None
    return InTextCitation(m.start(), m.end("source"), m.group("source"), "attribution")
