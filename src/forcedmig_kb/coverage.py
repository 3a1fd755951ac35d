"""Coverage: is every number of a text in a claim of the knowledge base, and every claim still in the text?

A number of the text that no claim holds is a figure the check cannot see: an uncited figure
nobody reports. Coverage compares a text with the claims of *its* document in the knowledge
base. Which document that is, is found from the text (:func:`identify_document`): the
document most of whose claims' quotes occur in it (its title in the text breaks ties, and
counts when no quote does). When no document of the knowledge base is the text,
:class:`UnknownTextError` says so and what to do: give the folder of the text's claims, or
draft and import them first.

The numbers are found by a plain scan of the text's prose (:func:`scan_numbers`), independent
of the extraction of figures, so that coverage shows what extraction missed: every numeral
(``31.2``, ``1,460``, ``548`` with its scale word, ``40%``) and number word (``two``,
``forty-five``, ``half``, ``one in five``, ``twice``) of the body's paragraphs and notes, as the
document's layout reads them (:func:`~forcedmig_kb.extraction.document.read_document`: the
cover page, headings, tables and the reference list are not prose). Left out, as obviously not
figures: years (a four-digit number from 1500 to 2099 with no scale, percent or currency; a
year says when, and the figure about it is found by its own number), decades (``1970s``),
ordinals (``21st``), the day of a date (``15 March``), a part of a document (``Section 3``,
``Table 2``, ``p. 14``), the numbers of a citation's parenthesis
(``(Foster et al., 2011a: 18)``: year and page), a list's item numbers (``1. The upsurge``), a
note's own number and note markers (``<sup>4</sup>``, ``[^4]``), and numbers inside names and
URLs (``G20``, ``COVID-19``). A number is
*held* when the quote of some claim of the document, found in the text (whitespace runs
counting as one space), spans it. Two rules:

``unclaimed-figure``   (warning) a number of the text that no claim's quote spans;
``quote-not-in-text``  (violation) a claim of the document whose quote is not in the text (the
                       text changed, or the quote was mistyped).

The focus of an unclaimed number is the text itself with an RFC 5147 fragment
(https://www.rfc-editor.org/rfc/rfc5147#section-3.2, ``#char=START,END`` in the collapsed text),
so a reviewed finding can name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import queries
from .checks.findings import Finding
from .errors import UnknownTextError
from .extraction.document import Document, read_document
from .extraction.text import Collapsed, collapse, read_text_file
from .loading import KnowledgeBase

UNCLAIMED, NOT_IN_TEXT = "unclaimed-figure", "quote-not-in-text"


def occurrences(whole: str, exact: str) -> list[tuple[int, int]]:
    """Every span of ``whole`` (a collapsed text) at which the collapsed ``exact`` occurs.

    >>> occurrences("a b a b", "a  b")
    [(0, 3), (4, 7)]
    """
    quote = collapse(exact)
    out, at = [], whole.find(quote) if quote else -1
    while at >= 0:
        out.append((at, at + len(quote)))
        at = whole.find(quote, at + 1)
    return out


def in_whole(whole: Collapsed, flow: Collapsed, start: int, end: int) -> tuple[int, int] | None:
    """A flow's span as a span of the document's collapsed text (None when it is not contiguous there)."""
    index = _index(whole)
    a, b = index.get(flow.offset(start)), index.get(flow.offset(end - 1))
    return (a, b + 1) if a is not None and b is not None else None


_INDEXES: dict[int, dict[int, int]] = {}


def _index(whole: Collapsed) -> dict[int, int]:
    key = id(whole)
    if key not in _INDEXES or len(_INDEXES[key]) != len(whole.where):
        _INDEXES.clear()
        _INDEXES[key] = {orig: i for i, orig in enumerate(whole.where)}
    return _INDEXES[key]


@dataclass(slots=True)
class TextDocument:
    """A document of the knowledge base, and how much of it a text holds."""

    iri: str
    identifier: str
    title: str
    claims: list[dict] = field(default_factory=list)  # rows of the named query ``document-quotes``
    quotes_found: int = 0
    title_found: bool = False


def identify_document(kb: KnowledgeBase, whole: str, text_path: Path) -> TextDocument:
    """The document of the knowledge base that the text (collapsed: ``whole``) is.

    The one with most of its claims' quotes in the text, then with its title in it; a document
    with neither is not the text. Raises :class:`UnknownTextError` when no document is.
    """
    documents: dict[str, TextDocument] = {}
    for row in kb.store.select(queries.load("document-quotes")).records():
        doc = documents.setdefault(
            row["document"], TextDocument(row["document"], row["identifier"] or "", row["title"] or "")
        )
        doc.claims.append(row)
    folded = whole.casefold()
    for doc in documents.values():
        doc.quotes_found = sum(1 for row in doc.claims if occurrences(whole, row["exact"]))
        doc.title_found = bool(doc.title) and collapse(doc.title).casefold() in folded
    candidates = [d for d in documents.values() if d.quotes_found or d.title_found]
    if not candidates:
        known = "; ".join(f"{d.identifier or d.iri} ('{d.title}')" for d in documents.values()) or "none"
        raise UnknownTextError(
            f"no document of the knowledge base is this text: it holds none of their claims' "
            f"quotes and none of their titles (documents with claims: {known})",
            hint=(
                "give the folder that holds the text's claims with --data FOLDER; if the text has none yet, "
                f"draft and review them: forcedmig-kb extract {text_path} --format csv -o SHEET.csv, then "
                f"forcedmig-kb import SHEET.csv --text {text_path} --into data/texts/<id>/"
            ),
            path=text_path,
        )
    return max(candidates, key=lambda d: (d.quotes_found, d.title_found, d.iri))


@dataclass(slots=True)
class TextNumber:
    """A number of the text: its span in the collapsed text, its line, as printed, and a short context."""

    span: tuple[int, int]
    line: int
    printed: str
    context: str


_NUMERAL = re.compile(
    r"(?P<currency>(?:US\s?\$|\$|€|£|USD\s|EUR\s|GBP\s)\s?)?"
    r"(?<![\w.,/\-−–])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)(?![.,]\d)"
    r"(?P<scale>\s+(?:hundred|thousand|million|billion|trillion)s?\b|(?:bn|mn|tn|k|m|b)\b)?"
    r"(?P<percent>\s?(?:%|per\s?cent\b|percent\b))?"
)
_SMALL = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER_WORD = re.compile(
    rf"\b(?:one\s+(?:in|out\s+of|of\s+every)\s+(?:{_TENS}|{_SMALL}|a\s+hundred|\d+)"
    r"|(?:a|one)\s(?:third|quarter|fifth)(?=\s+of\b)|(?:one|two)-(?:thirds?|quarters?|fifths?)"
    r"|two\s+thirds|three[-\s]quarters"
    r"|(?:hundreds|thousands|millions|billions|dozens)\s+of|a\s+dozen"
    r"|(?:a|one)\s+(?:hundred|thousand|million|billion|trillion)"
    rf"|(?:{_TENS})(?:[-\s](?:one|{_SMALL}))?|{_SMALL}"
    r"|half|twice|(?:two|three|four|five|ten)fold|doubled|tripled|quadrupled)\b"
    r"(?:\s+(?:hundred|thousand|million|billion|trillion)s?\b)?(?:\s?(?:%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAY_OF_DATE = re.compile(rf"^\s+(?:{_MONTH_NAMES})\b|(?:{_MONTH_NAMES})\s+$", re.IGNORECASE)
_CITATION_PART = re.compile(
    r"^\s*(?:(?:see|cf\.|e\.g\.,?|i\.e\.,?)\s+)?(?:[^\W\d][^;()]*?[,\s]\s*)?(?:1[5-9]\d\d|20\d\d)[a-z]?"
    r"(?:\s*[:,]\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*)?\s*$"
)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_REFERENCE_TO_PART = re.compile(
    r"\b(?:sections?|chapters?|tables?|figures?|fig\.|boxes|box|annex(?:es)?|appendix|appendices|parts?|pages?|pp?\.|notes?|footnotes?|articles?|art\.|paragraphs?|para\.)\s*$",
    re.IGNORECASE,
)
_URL = re.compile(r"<?https?://\S+|\bdoi:\S+|\bwww\.\S+|<sup>[^<]*</sup>|\[\^[^\]]*\]|\^\d+\^", re.IGNORECASE)
_ITEM = re.compile(r"(?:^|\n)[ \t]*(?:[-*+][ \t]+)?\(?$")  # what precedes a list item's number on its line
CONTEXT = 40  # characters of context either side of a number


def _is_year(m: re.Match[str]) -> bool:
    number = m.group("number")
    return (
        len(number) == 4
        and number.isdigit()
        and 1500 <= int(number) <= 2099
        and not (m.group("currency") or m.group("scale") or m.group("percent"))
    )


def _not_figures(text: str) -> list[tuple[int, int]]:
    """Spans of a flow that hold no figure: citation parentheses, URLs and note markers."""
    spans = [m.span() for m in _URL.finditer(text)]
    for m in _PARENTHESIS.finditer(text):
        if all(_CITATION_PART.match(part) for part in m.group(1).split(";")):
            spans.append(m.span())
    return spans


def scan_numbers(doc: Document) -> list[TextNumber]:
    """Every number of the document's prose and notes that may be a figure (see the module's docstring).

    >>> from forcedmig_kb.extraction.document import read_document
    >>> doc = read_document("# Ports\\n\\nIn March 2020 there were 4,000 ports (IHO, 2018: 12) and two thirds of the ships, 31.2%.\\n")
    >>> [n.printed for n in scan_numbers(doc)]
    ['4,000', 'two thirds', '31.2%']
    """
    whole = doc.whole
    out: list[TextNumber] = []
    for section, flow in doc.flows:
        text = flow.text
        skipped = _not_figures(text)
        note = flow is not section.flow
        found: list[tuple[int, int, re.Match[str] | None]] = [(m.start(), m.end(), m) for m in _NUMERAL.finditer(text)]
        taken = [(a, b) for a, b, _ in found]
        found += [
            (m.start(), m.end(), None)
            for m in _NUMBER_WORD.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)
        ]
        for start, end, m in sorted(found, key=lambda f: f[0]):
            if any(a <= start and end <= b for a, b in skipped):
                continue
            if m is not None:
                if _is_year(m) or (text[end : end + 1].isalpha() and not (m.group("scale") or m.group("percent"))):
                    continue  # a year, or a number inside a word ('1990s', '21st')
                if _DAY_OF_DATE.search(text[end : end + 12]) or _DAY_OF_DATE.search(text[max(0, start - 12) : start]):
                    continue
                if _REFERENCE_TO_PART.search(text[max(0, start - 12) : start]):
                    continue  # 'Section 3', 'Table 2', 'p. 14': a part of a document
                original = flow.original
                at = flow.offset(start)
                if _ITEM.search(original[max(0, at - 8) : at]) and re.match(r"\d+[.)]\s", original[at:]):
                    continue  # a list's item number
                if note and start == 0:
                    continue  # the note's own number
            span = in_whole(whole, flow, start, end)
            if span is None:
                continue
            context = text[max(0, start - CONTEXT) : min(len(text), end + CONTEXT)]
            lead = "…" if start > CONTEXT else ""
            tail = "…" if end + CONTEXT < len(text) else ""
            out.append(TextNumber(span, flow.line_of(start), text[start:end].strip(), f"{lead}{context}{tail}"))
    return out


def coverage_findings(kb: KnowledgeBase, doc: Document, text_path: Path) -> list[Finding]:
    """The numbers of the text that no claim of its document holds, and the claims of that document
    whose quote is not in the text. Raises :class:`UnknownTextError` when no document is the text."""
    whole = doc.whole.text
    document = identify_document(kb, whole, text_path)
    covered: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for row in document.claims:
        spans = occurrences(whole, row["exact"])
        covered += spans
        if not spans:
            findings.append(
                Finding(
                    rule=NOT_IN_TEXT,
                    severity="violation",
                    focus=row["claim"],
                    message=f"The claim's quote is not in {text_path.name}: the text changed, or the quote is not verbatim.",
                    fix="Copy the quote again from the text, character for character; or remove the claim if the text no longer makes it.",
                    quote=row["exact"],
                    citation=row["citation"] or "",
                    value=row["exact"],
                )
            )
    base = document.iri  # a place in the text, as an RFC 5147 fragment of its document: the same on every machine
    for number in scan_numbers(doc):
        if any(a <= number.span[0] and number.span[1] <= b for a, b in covered):
            continue
        findings.append(
            Finding(
                rule=UNCLAIMED,
                severity="warning",
                focus=f"{base}#char={number.span[0]},{number.span[1]}",
                message=f"The number '{number.printed}' of the text is in no claim of {document.identifier or document.iri}: the check cannot see it.",
                fix="If it is a figure, add a claim for it (review it in the sheet of forcedmig-kb extract, then import); if it is not, mark the finding as reviewed.",
                quote=number.context,
                value=number.printed,
                file=_display(text_path),
                line=number.line,
            )
        )
    return findings


def read_text(path: Path) -> Document:
    """The layout of the text file at ``path`` (an unreadable file raises :class:`~forcedmig_kb.errors.InputError`)."""
    return read_document(read_text_file(path))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
