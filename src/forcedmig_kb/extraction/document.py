"""The layout of a plain-text or Markdown document: title, year, sections, body, footnotes, references.

A text is read as blocks (runs of lines between blank lines). Each block is a heading (a
Markdown ``#`` heading, an HTML ``<h2>``, or a short line without closing punctuation between
prose), prose, a footnote (``¹ ...``, ``[^1]: ...``, an HTML footnote list, or a line that opens
with the number of a note marker of the text, as PDF text prints notes), a table (pipe, grid,
simple or HTML: left out, and counted), or something that is neither (a cover page's ``CITATIONS
0 READS 122``, a page number, fenced code, display math): only prose and footnotes are searched
for figures. The reference list is everything after a heading such as "References",
"Bibliography" or "Notes".

The body's prose is kept per section as one :class:`~forcedmig_kb.extraction.text.Collapsed`
flow, so that a sentence broken by a page break (a blank line in the middle of a sentence, as
in PDF-converted text) reads as one sentence; a footnote printed in the middle of a broken
sentence is taken out of the flow and read on its own.

Markdown: https://spec.commonmark.org/0.31.2/ (ATX headings, section 4.2; lists, section 5.2).

>>> doc = read_document("# Ships\\n\\n*Working paper, May 2021*\\n\\n## Ports\\n\\nThere are 4000 ports in the world today.\\n\\n## References\\n\\nSmith, A. (2019). Ports. London: Sea.\\n")
>>> doc.title, doc.year, [s.title for s in doc.sections], doc.reference_lines[0][1]
('Ships', 2021, ['Ports'], 'Smith, A. (2019). Ports. London: Sea.')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .markup import TAG
from .notes import find_notes
from .text import Collapsed

#: a heading line: Markdown ATX ('## Title') or HTML ('<h2>Title</h2>')
# a Markdown or HTML heading; pandoc's attributes after its text are not part of it ('# DATA {#data}', '{.unnumbered}')
HEADING = re.compile(
    r"^\s{0,3}(#{1,6})\s+(.*?)\s*(?:\{[#.-][^{}\n]*\})?\s*#*\s*$|^\s*<h([1-6])\b[^>]*>(.*?)</h[1-6]>\s*$"
)
_FOOTNOTE = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\^[^\]]+\]:|\$\^\{\d{1,3}\}\$(?=[ \t]))\s*")
_NOTE_NUMBER = re.compile(r"^\s*\d{1,3}(?= )\s*")  # a line note's number ('2 U.S. CDC, ...')
_REFERENCES = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:references|bibliography|works cited|literature cited|"
    r"reference list|literature|notes|endnotes)\s*:?$",
    re.IGNORECASE,
)
_OPENING_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+\S|(?:introduction|abstract|summary|background|overview)$)", re.IGNORECASE
)
_NOTES = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:notes|endnotes)\s*:?$", re.IGNORECASE)
# the heading of a section every report may have, never a text's title
_SECTION_NAME = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:key\s+(?:findings|points|messages|takeaways)|main\s+(?:findings|points)|"
    r"introduction|abstract|summary|executive\s+summary|background|overview|highlights|at\s+a\s+glance)\s*:?$",
    re.IGNORECASE,
)
_AFTER_REFERENCES = re.compile(r"^(?:appendix|annex|notes|endnotes|acknowledge?ments?)\b", re.IGNORECASE)
# a line that closes as a sentence does, a note's marker after its stop allowed ('... is dense.[^2]', '[^supp]')
_CLOSING = re.compile(
    r"[.!?:;,…]['\"’”)\]]*(?:\[\^?\d{1,3}\]|\[\^[^\]\s]{1,40}\]|\^\d{1,3}\^?|\[\d{1,3}\]\([^()\s]*\))?$"
)
# a line that runs on into the list after it: '**FEMA—$12.88 billion, including**'
_RUNS_ON = re.compile(r"\b(?:including|includes|include|such\s+as|as\s+follows)$", re.IGNORECASE)
_EMPHASIS = re.compile(r"[*_`]+")
_URL = re.compile(r"<?https?://\S+>?")
_YEAR = re.compile(r"(?<![\d/.])(1[89]\d\d|20\d\d)(?![\d/])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*")


@dataclass(slots=True)
class Block:
    """Lines between blank lines: ``start``/``end`` are offsets in the text."""

    start: int
    end: int
    text: str
    kind: str = "prose"  # prose | heading | footnote | table | other
    level: int = 0  # a Markdown heading's level; 0 for a plain-text heading

    @property
    def plain(self) -> str:
        """The block without Markdown emphasis, heading marks and surrounding space."""
        m = HEADING.match(self.text.strip().splitlines()[0]) if self.text.strip() else None
        text = (m.group(2) or m.group(4)) if m and "\n" not in self.text.strip() else self.text
        text = TAG.sub(" ", text)
        return re.sub(r"\s+", " ", _EMPHASIS.sub("", text)).strip()

    @property
    def words(self) -> int:
        return len(_WORD.findall(_URL.sub("", self.plain)))


@dataclass(slots=True)
class Section:
    """A section of the document: its heading (or '(Introduction)' before the first) and its prose."""

    seq: int
    title: str
    slug: str
    flow: Collapsed
    footnotes: list[Collapsed] = field(default_factory=list)
    line: int = 0
    within: str = ""  # the titles of the headings it is under ('4 Results' for '4.1 Coding')


@dataclass(slots=True)
class Document:
    """A read document: what the drafts need to know of its layout."""

    text: str
    title: str | None
    year: int | None
    sections: list[Section]
    reference_lines: list[tuple[int, str]]  # (line number, text) of the reference list, blank lines dropped
    whole: Collapsed
    tables: int = 0  # tables of the body, left out of the prose
    notes: dict[str, tuple[int, str]] = field(
        default_factory=dict
    )  # its footnotes and endnotes: number -> (line, text)

    @property
    def flows(self) -> list[tuple[Section, Collapsed]]:
        """Every stretch of prose to search, with its section: each section's flow, then its footnotes."""
        return [(s, f) for s in self.sections for f in (s.flow, *s.footnotes) if f.text]


def blocks(text: str) -> list[Block]:
    """Split a text into blocks at blank lines; a Markdown heading line is a block of its own."""
    out: list[Block] = []
    start = None
    pos = 0
    for line in text.splitlines(keepends=True):
        blank = not line.strip()
        h = HEADING.match(line)
        if (blank or h is not None) and start is not None:
            out.append(Block(start, pos, text[start:pos]))
            start = None
        if h is not None:
            out.append(
                Block(
                    pos,
                    pos + len(line),
                    text[pos : pos + len(line)],
                    "heading",
                    len(h.group(1)) if h.group(1) else int(h.group(3)),
                )
            )
        elif not blank and start is None:
            start = pos
        pos += len(line)
    if start is not None:
        out.append(Block(start, len(text), text[start:]))
    return out


_TABLE_ROW = re.compile(
    r"^\s*\|.*\|\s*$|^\s*\+[-=+:]+\+\s*$|^\s*:?-{3,}:?(?:\s+:?-{3,}:?)+\s*$|^\s*</?t(?:able|r|d|h|body|head)\b",
    re.IGNORECASE,
)


_HTML_NOTES = re.compile(r"^\s*(?:<div[^>]*class=\"footnotes\"|<ol>\s*<li\s+id=\"fn|<li\s+id=\"fn)")
_DISPLAY = re.compile(r"^\s*(?:```|~~~|\$\$|\\\[|\\begin\{)")


def _split_notes(text: str, bs: list[Block], note_starts: set[int]) -> list[Block]:
    """Blocks cut where a note starts on a line of its own (PDF text prints notes one after another)."""
    if not note_starts:
        return bs
    out: list[Block] = []
    for b in bs:
        first = text.count("\n", 0, b.start) + 1
        cuts = [b.start]
        pos = b.start
        for n, line in enumerate(b.text.splitlines(keepends=True)):
            if n and first + n in note_starts:
                cuts.append(pos)
            pos += len(line)
        if len(cuts) == 1 or b.kind == "heading":
            out.append(b)
            continue
        for a, z in zip(cuts, cuts[1:] + [b.end]):
            out.append(Block(a, z, text[a:z], b.kind, b.level))
    return out


_PAGE_MARK = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.IGNORECASE)


def _page_furniture(bs: list[Block]) -> set[int]:
    """The blocks a PDF conversion printed for its pages, by index: page numbers and markers ('Page
    12', '## Page 12'), and short lines without closing punctuation that recur on three pages or
    more: a running header (the title again: its first printing stays) or a footer with the page's
    number ('Congressional Research Service 4': every printing).

    >>> bs = blocks("## Page 1\\n\\nA Title\\n\\nSome prose here.\\n\\nFooter 1\\n\\nA Title\\n\\nMore.\\n\\nFooter 2\\n\\nA Title\\n\\nFooter 3\\n")
    >>> sorted(bs[i].plain for i in _page_furniture(bs))
    ['A Title', 'A Title', 'Footer 1', 'Footer 2', 'Footer 3', 'Page 1']
    """
    out = {i for i, b in enumerate(bs) if _PAGE_MARK.match(b.plain)}
    seen: dict[str, list[int]] = {}
    for i, b in enumerate(bs):
        if b.plain and b.words <= 16 and not _CLOSING.search(b.plain) and "\n" not in b.text.strip():
            seen.setdefault(re.sub(r"\d+", "#", b.plain), []).append(i)
    for where in seen.values():
        if len(where) >= 3:
            out.update(where if len({bs[i].plain for i in where}) > 1 else where[1:])
    return out


def _is_table(text: str) -> bool:
    """A Markdown pipe or grid table, a Pandoc simple table (rules of dashes) or an HTML table.

    >>> _is_table("| Country | 2015 |\\n|---|---|\\n| Chad | 12 |"), _is_table("Prose | with a bar.")
    (True, False)
    """
    lines = [line for line in text.splitlines() if line.strip()]
    rows = sum(1 for line in lines if _TABLE_ROW.match(line))
    return bool(lines) and rows >= max(2, len(lines) // 2)


def _is_prose(block: Block) -> bool:
    plain = _URL.sub("", block.plain)
    return block.words >= 12 or (block.words >= 3 and bool(_CLOSING.search(plain) or _RUNS_ON.search(plain)))


def _is_heading_like(block: Block) -> bool:
    plain = block.plain
    if not plain or block.words > 16 or _CLOSING.search(plain) or _RUNS_ON.search(plain) or _URL.search(block.text):
        return False
    if re.match(r"^\s*[-*+]\s", block.text):
        return False
    first = plain.lstrip("0123456789. ")[:1]
    return bool(first) and first.isupper()


def slug(title: str) -> str:
    """A readable IRI segment for a title.

    >>> slug("The Labour Question Today: 2.1 Über-Data")
    'the-labour-question-today-2-1-uber-data'
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "section"


# the front matter of a static site's page (Jekyll, Hugo): '---' lines around 'key: value' lines
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n((?:.*\n)*?)---[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"^(title|date|year)[ \t]*:[ \t]*[\"']?(.*?)[\"']?[ \t]*$", re.MULTILINE)


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with its YAML front matter blanked (spaces for its characters, so offsets and line numbers
    hold) and its title, date and year fields; no front matter, no change.

    >>> text = "---\\nlayout: post\\ntitle: Migration since 2016\\ndate: 2019-12-02\\n---\\nText."
    >>> body, fields = front_matter(text)
    >>> len(body) == len(text), body.count("\\n"), body.strip(), fields
    (True, 5, 'Text.', {'title': 'Migration since 2016', 'date': '2019-12-02'})
    """
    m = _FRONT_MATTER.match(text)
    if m is None:
        return text, {}
    fields = {k: v for k, v in _FRONT_FIELD.findall(m.group(1)) if v}
    return re.sub(r"[^\n]", " ", m.group(0)) + text[m.end() :], fields


def read_document(text: str, *, title: str | None = None, year: int | None = None) -> Document:
    """Read the layout of ``text``; ``title`` and ``year`` override what the text states, and so does its
    front matter (a page of a static site: 'title:', 'date:')."""
    text, fields = front_matter(text)
    if title is None and fields.get("title"):
        title = fields["title"]
    stated = _YEAR.search(fields.get("date", "") or fields.get("year", ""))
    if year is None and stated:
        year = int(stated.group(1))
    note_texts = find_notes(text)
    note_starts = {line for line, _ in note_texts.values()}
    bs = _split_notes(text, blocks(text), note_starts)
    furniture = _page_furniture(bs)
    for i, b in enumerate(bs):
        if i in furniture:
            b.kind = "other"  # a page's number, running header or footer: no heading, no prose
            continue
        if b.kind == "heading":
            continue
        if text.count("\n", 0, b.start) + 1 in note_starts or _HTML_NOTES.match(b.text):
            b.kind = "footnote"  # a note of a notes style: read on its own, never as the body
        elif _is_table(b.text):
            b.kind = "table"
        elif _DISPLAY.match(b.text):
            b.kind = "other"  # fenced code or display math
        elif _FOOTNOTE.match(b.text):
            b.kind = "footnote"
        elif not _is_prose(b):
            b.kind = "other"

    # the title: a Markdown level-1 heading, else the first title-like block
    found_title = next((b.plain for b in bs if b.kind == "heading" and b.level == 1), None)
    if found_title is None:
        found_title = next(
            (
                b.plain
                for i, b in enumerate(bs[:12])
                if i not in furniture
                and _is_heading_like(b)
                and b.words >= 2
                and not (b.kind == "heading" and _SECTION_NAME.match(b.plain))
            ),
            None,
        )  # not a section's own heading: '## Key findings' opens the body of a text that prints no title
    if fields.get("title") and found_title != fields["title"]:
        found_title = None  # the front matter names the title: the body starts at the top
    # the body starts after the title's last occurrence (a cover page repeats it), at the first prose
    body_from = 0
    if found_title is not None:
        body_from = max(i for i, b in enumerate(bs) if b.plain == found_title and i not in furniture) + 1
    first_prose = next((i for i in range(body_from, len(bs)) if bs[i].kind == "prose"), len(bs))
    front = bs[:first_prose]

    found_year = None
    for b in front:
        m = _YEAR.search(_URL.sub(" ", b.text))
        if m:
            found_year = int(m.group(1))
            break

    # plain-text headings: heading-like blocks between prose, after the body started
    for i in range(first_prose, len(bs)):
        b = bs[i]
        if b.kind in ("other", "prose") and i not in furniture and _is_heading_like(b):
            following = next((n for n in bs[i + 1 :] if n.kind != "other"), None)
            if following is not None and following.kind in ("prose", "footnote") or _REFERENCES.match(b.plain):
                b.kind = "heading"

    sections: list[Section] = []
    references: list[tuple[int, str]] = []
    current: list[Block] = []
    notes: list[Block] = []
    heading: Block | None = None
    ancestors: list[tuple[int, str]] = []
    in_references = False
    notes_listed = False  # the list is headed 'Notes': its notes are its entries
    ref_level = 0

    def close() -> None:
        if not current and not notes:
            return
        title_ = heading.plain if heading is not None else "(Introduction)"
        sections.append(
            Section(
                seq=len(sections),
                title=title_,
                slug=slug(title_) if heading is not None else "introduction",
                within=" / ".join(t for _, t in ancestors[:-1]) if heading is not None else "",
                flow=_flow(text, current),
                footnotes=[_flow(text, [n]) for n in notes],
                line=text.count("\n", 0, (heading or current[0] if current else notes[0]).start) + 1,
            )
        )

    outline = _numbered_outline(bs)
    # a 'Notes' section beside a reference list holds notes (PDF and web endnotes), not references
    lists = [b.plain for b in bs if b.kind == "heading" and _REFERENCES.match(b.plain)]
    notes_apart = any(not _NOTES.match(t) for t in lists) and any(_NOTES.match(t) for t in lists)
    in_notes = False
    for i, b in enumerate(bs[body_from:], start=body_from):
        if i == first_prose - 1 and b.kind != "heading" and _is_heading_like(b) and _OPENING_HEADING.match(b.plain):
            b.kind = "heading"
        if (
            i < first_prose
            and not (b.kind == "heading" and b.level)
            and not (i == first_prose - 1 and b.kind == "heading")
        ):
            continue  # byline, affiliation, date: front matter
        if in_references:
            if b.kind == "heading" and (0 < b.level <= ref_level or _AFTER_REFERENCES.match(b.plain)):
                in_references = False
            elif b.kind == "footnote" and b.text.lstrip().startswith("[^") and sections and not notes_listed:
                # pandoc writes a Markdown text's notes at its very end, after the reference list (under a
                # 'Notes' heading, notes are the list)
                sections[-1].footnotes.append(_flow(text, [b]))
                continue
            else:
                for n, line in enumerate(b.text.splitlines()):
                    if line.strip():
                        references.append((text.count("\n", 0, b.start) + 1 + n, line.strip()))
                continue
        if b.kind == "heading":
            close()
            current, notes, heading = [], [], b
            level = outline.get(i, b.level or 7)
            ancestors = [(lv, t) for lv, t in ancestors if lv < level] + [(level, b.plain)]
            in_notes = notes_apart and bool(_NOTES.match(b.plain))
            if _REFERENCES.match(b.plain) and not in_notes:
                in_references, ref_level = True, b.level or 7
                notes_listed = _NOTES.match(b.plain) is not None
                heading = None
            continue
        if in_notes and b.kind in ("prose", "other"):
            notes.append(b)  # each note read on its own, as a footnote is
        elif b.kind == "prose":
            current.append(b)
        elif b.kind == "footnote":
            notes.append(b)
    close()
    first_heading = next((b.plain for b in bs if b.kind == "heading" and b.plain), None)
    return Document(
        text=text,
        title=title or found_title or first_heading,
        year=year or found_year,
        sections=sections,
        reference_lines=references,
        whole=Collapsed.of(text),
        tables=sum(1 for b in bs if b.kind == "table"),
        notes=note_texts,
    )


_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")


def _numbered_outline(bs: list[Block]) -> dict[int, int]:
    """The nesting of headings that a conversion flattened to one level ('## 4. Results', '## 4.1. Challenges',
    '## Higher absenteeism'), read from their numbers: a numbered heading is as deep as its number, an
    unnumbered one after it a level below it, a reference list or appendix at the top. Empty when the
    headings' own levels differ (the markup already nests them), or none is numbered.

    >>> bs = [Block(0, 1, "## 4. Results", "heading", 2), Block(0, 1, "## 4.1. Challenges", "heading", 2),
    ...       Block(0, 1, "## Absenteeism", "heading", 2), Block(0, 1, "## References", "heading", 2)]
    >>> _numbered_outline(bs)
    {0: 1, 1: 2, 2: 3, 3: 1}
    """
    headings = [(i, b) for i, b in enumerate(bs) if b.kind == "heading"]
    first = next((k for k, (_, b) in enumerate(headings) if _SECTION_NUMBER.match(b.plain)), None)
    if first is None or len({b.level for _, b in headings[first:]}) != 1:
        return {}
    out, last = {}, 0
    for i, b in headings[first:]:
        m = _SECTION_NUMBER.match(b.plain)
        if m:
            last = out[i] = m.group(1).count(".") + 1
        else:
            out[i] = 1 if _REFERENCES.match(b.plain) or _AFTER_REFERENCES.match(b.plain) else last + 1
    return out


_QUOTE_MARK = re.compile(r"^[ \t]*((?:>[ \t]?)+)", re.MULTILINE)


def _flow(text: str, parts: list[Block]) -> Collapsed:
    """The blocks' text as one collapsed flow (offsets into ``text``); a footnote loses its marker."""
    if not parts:
        return Collapsed("", [], text)
    pieces = []
    for b in parts:
        m = _FOOTNOTE.match(b.text) or (_NOTE_NUMBER.match(b.text) if b.kind == "footnote" else None)
        quoted = frozenset(  # a block quotation's markers, on each of its lines ('> 1700, almost equal')
            i for q in _QUOTE_MARK.finditer(text, b.start, b.end) for i in range(q.start(1), q.end(1))
        )
        pieces.append(Collapsed.of(text, b.start + (m.end() if m else 0), b.end, quoted))
    joined = Collapsed(pieces[0].text, list(pieces[0].where), text)
    for p in pieces[1:]:
        if not p.text:
            continue
        joined.text += " " + p.text
        joined.where += [p.where[0] - 1 if p.where[0] else 0] + p.where
    return joined
