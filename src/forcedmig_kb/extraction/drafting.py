"""Draft claims: a text's figures, citations and references in the knowledge base's vocabulary.

:func:`extract` reads a text and returns an :class:`Extraction`; :mod:`.graph` writes it as
RDF in the vocabulary of ``data/claims.ttl`` (claims, the document and its sections, every
in-text citation as printed, the bibliography it resolved against), each claim marked
``fm:draft true`` until a curator reviews it. What the text does not say (topic, area, an undated
figure's period) is left out, for the check to report.

Which citation covers a figure: the first citation after it in its sentence, unless that
citation is printed after a quotation the figure is neither inside nor introduces (its clause
runs into the quotation); else the last citation before it in the sentence, unless a contrast
('while', 'but') stands between them; in a notes style, the marker that closes its paragraph;
else none. An 'According to X' attribution covers its sentence when nothing else does; a source
named in prose without a reference attributes its sentence (``fm:attributedTo``), and in a text
that cites nothing, the figures after it; a note that gives the source of all data attributes
every figure no marker cites.

Which date is a figure's period: a date in the figure's clause (the one printed right after it,
else the one before it), or at the head of its segment ('in 2007 global financial assets, 206
trillion USD'), or in a clause of the segment that holds another figure; else, for a cited
figure, the year of its source (``periodImpliedByCitation``). A date that is none of these is
an event when a preposition or a day dates it ('signed in Palermo in the year 2000') and the text
cites (a text that cites nothing would have every event uncited); a bare year names ('the 2021
matrix'). A sentence that opens with 'On that occasion' inherits the previous sentence's date,
as an event. A figure's role (sourced, own result, hypothetical) is read by :mod:`.roles`; the
text's own work has no events.

>>> ex = extract("# Ports\\n\\n*Report, 2020*\\n\\nIn 2017 there were 4000 ports (IHO, 2018), including nearly 900 large ports.\\n", doc_id="ports")
>>> [(d.printed, d.period.start if d.period else None, d.citation.as_printed if d.citation else None) for d in ex.drafts]
[('4000', '2017', 'IHO, 2018'), ('nearly 900', '2017', 'IHO, 2018')]
>>> ex.drafts[1].part_of is ex.drafts[0]
True
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from pathlib import Path

from ..bibliography import Bibliography
from ..bibtex import Reference
from ..citations import parse_citation
from ..namespaces import CITATION, CLAIM
from .dates import DateMention, Period, find_dates, find_relative_periods
from .document import HEADING, Document, Section, read_document, slug
from .drafts import Citation, Draft, Extraction
from .figures import find_quantities
from .intext import InTextCitation, find_attribution, find_citations, find_numbered
from .markup import MD_LINK
from .nonfigures import excluded_spans
from .note_scope import note_comments, note_passages
from .note_sources import note_references
from .notes import blanket_source, find_markers, inline_notes, markers_in
from .periods import (
    NOW_AT,
    NOW_BEFORE,
    PREVIOUS,
    RELATIVE_CLAUSE,
    data_of_its_clause,
    date_own_results,
    dates_an_occasion,
    dates_present,
    nearest,
    sets_a_deadline,
    year_before,
)
from .prose_sources import OWN_SENTENCE_ONLY, cites_the_list, find_prose_attribution
from .quotes import PRESENT, STRIP, clause_of, lead_cue, quote_span
from .references import parse_reference_list
from .relations import relate
from .roles import (
    OWN,
    SOURCED,
    did_it_ourselves,
    exhibit_read,
    figure_role,
    reports_own_data,
    reports_own_work,
    states_forecast,
    tells_own_work,
)
from .scope import (
    attribute_running,
    cover,
    cover_run,
    paragraphs,
    restated,
    source_runs,
    taken_up,
)
from .sentences import CLAUSE, SEGMENT, closed_paragraphs, list_breaks, pieces, split_sentences
from .text import Collapsed, read_text_file
from .units import BARE_DOLLAR, home_dollar

# an author's name: capitalised words, initials and particles, no prose ('To be precise')
_NAME_LIKE = re.compile(r"^(?:(?:[A-ZÀ-Þ][\w'’.\-]*|[A-Z]\.|de|da|del|van|von|der|den|du|la|le|di|dos)[\s,]*)+$")
# a date that dates no event: a bare year that names ('the 2021 matrix'), or 'for 2013' (what a figure is for)
_BARE_DATE = re.compile(
    r"^(?:for\s.*|(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?\d{4}(?:['’]?s|\s?[–-]\s?\d{2,4})?)$", re.IGNORECASE
)
_ANAPHORA = re.compile(
    r"^\W*(?:on\s+that\s+occasion|at\s+that\s+time|at\s+the\s+time|that\s+(?:same\s+)?year|"
    r"in\s+the\s+same\s+year|the\s+same\s+year)\b",
    re.IGNORECASE,
)
_HEAD = re.compile(
    r"^[\W_]*(?:(?:moreover|however|in\s+fact|indeed|thus|furthermore|also|and|but|yet|so|then|"
    r"finally|first|second|third)\b[\W_]*|according\s+to\s+[^,;.()]{1,100},\s*|"  # 'According to X, in 2010, ...'
    # a time of day before the date: 'Shortly after midnight on Sept. 30, some 300 agents ...'
    r"(?:shortly|just|soon|right|early|late)\s+(?:after|before|in\s+the)\s+(?:midnight|noon|dawn|dusk|daybreak|morning|"
    r"evening|night|afternoon)\s*)*$",
    re.IGNORECASE,
)


def doc_id_for(path: Path | str) -> str:
    """The default document id: the file's name without suffix, as an IRI segment.

    >>> doc_id_for("texts/Migration Report 2021.md")
    'migration-report-2021'
    """
    return slug(Path(path).stem)


def extract(
    text: str,
    *,
    doc_id: str,
    references: list[Reference] | None = None,
    title: str | None = None,
    year: int | None = None,
    path: Path | str | None = None,
) -> Extraction:
    """Read ``text`` and draft its claims; ``references`` (a ``--bib`` file) replace the text's own list."""
    document = read_document(text, title=title, year=year)
    not_understood: list[tuple[int, str]] = []
    from_text = references is None
    if references is None:
        references, not_understood = parse_reference_list(document.reference_lines, path=path, key_prefix=f"{doc_id}-")
        references += note_references(document.notes, key_prefix=f"{doc_id}-", text=text)
        inline, _ = parse_reference_list(inline_notes(text), path=path, key_prefix=f"{doc_id}-inline-")
        references += [r for r in inline if all(_NAME_LIKE.match(a.display) for a in r.authors)]  # not a comment
    bibliography = Bibliography(references)
    primary = reports_own_data(document.whole.text, cites=bool(references))
    drafts: list[Draft] = []
    citations: list[Citation] = []
    named: list[tuple[int, str]] = []  # sources named in prose, by offset in the text
    printed_markers = markers_in(document.whole.text)
    for section, flow in document.flows:
        in_flow, cited, prose = _read_flow(
            document, section, flow, bibliography, primary=primary, printed_markers=printed_markers
        )
        # a source named runs on through the news text; a link sources the words it sits on
        named += [(flow.offset(p.start), p.as_printed) for p in prose if p.kind not in OWN_SENTENCE_ONLY]
        drafts += in_flow
        citations += cited
    if not references:
        attribute_running(drafts, named, document.whole.original)
    labels = {r.label for r in bibliography.refs if r.label}
    citations += _heading_markers(document, bibliography, labels)
    note_passages(
        drafts,
        document.sections,
        {n: body for n, (_line, body) in document.notes.items() if n not in labels},
        lambda text, label: [c.start for c in find_markers(text, {label}, printed_markers) if c.as_printed == label],
    )
    note_comments(
        drafts, document.sections, {n: document.notes[n][1] for n in labels if n in document.notes}, citations
    )
    restated(drafts)
    date_own_results(document, drafts)
    dollar = home_dollar(document.whole.text)
    for d in drafts:  # '$15 million' in a text about Australia is in its dollars
        if dollar != "USD" and d.kind == "quantity" and d.amount.unit == "USD" and BARE_DOLLAR.match(d.printed):
            d.amount.unit = dollar
    blanket = blanket_source(document.notes)
    if blanket:
        for d in drafts:
            if d.citation is None and not d.attributed and d.role == SOURCED:
                d.attributed = blanket
    for i, draft in enumerate(drafts, start=1):
        draft.iri = CLAIM[f"{doc_id}-draft-{i:03d}"]
    for i, citation in enumerate(citations, start=1):
        citation.iri = CITATION[f"{doc_id}-draft-{i:03d}"]
    return Extraction(document, doc_id, drafts, citations, references, from_text, not_understood)


def _heading_markers(document: Document, bibliography: Bibliography, labels: set[str]) -> list[Citation]:
    """The note markers a heading prints (a chart's title with its source: '... – Chamberlain (2006)[^5]'):
    citations of the note's works that cover no figure of the prose."""
    out: list[Citation] = []
    if not labels or not document.sections:
        return out
    at = 0
    for number, line in enumerate(document.text.split("\n"), start=1):
        start, at = at, at + len(line) + 1
        if not HEADING.match(line):
            continue
        heading = Collapsed.of(document.text, start, start + len(line))
        section = next((s for s in reversed(document.sections) if s.line <= number), document.sections[0])
        for m in find_markers(heading.text, labels):
            out.append(Citation(m, section, heading, bibliography.match_printed(m.as_printed)))
    return out


# ---------------------------------------------------------------- one flow of prose

# a title in a note: quoted ('“Trump Threatens Mexico with 5% Tariff Increase,”') or emphasised ('*Press Release 124/2026*')
_NOTE_TITLE = re.compile(
    r"“[^”]{3,300}”|\"[^\"]{3,300}\"|(?:(?<![*\w])\*[^*\n]{3,200}\*(?![*\w])|(?<![_\w])_[^_\n]{3,200}_(?![_\w]))"
    # a journal's volume after its title, an issue, the pages after the date: '_The Lancet_ 392, no. 10144 (July
    # 28, 2018): 312-358', 'pp. 4-9'
    r"(?:[,.]?\s+\d{1,4}\b)?|\bno\.\s*\d{1,6}\b|\)\s*:\s*\d{1,5}(?:\s*[-–]\s*\d{1,5})?\b|\bpp?\.\s*\d{1,5}(?:\s*[-–]\s*\d{1,5})?\b"
)


def _read_flow(
    document: Document,
    section: Section,
    flow: Collapsed,
    bibliography: Bibliography,
    *,
    primary: bool = False,
    printed_markers: AbstractSet[str] = frozenset(),
) -> tuple[list[Draft], list[Citation], list[InTextCitation]]:
    text = flow.text
    breaks = list_breaks(flow)
    labels = {r.label for r in bibliography.refs if r.label}
    markers = find_markers(text, labels, printed_markers) if labels else []
    # a note's marker glued after a full stop ends its sentence, which the splitter takes for a decimal
    # ('58 million inhabitants in 2019.2 Article 6 of ...')
    ends = [
        c.end
        for c in markers
        if text[c.start - 1 : c.start] in (".", "!", "?") and text[c.end : c.end + 2][1:].isupper()
    ]
    sentences = split_sentences(text, [*breaks, *closed_paragraphs(flow), *ends])

    def sentence_of(at: int) -> tuple[int, int]:
        for s in sentences:
            if s.start <= at < s.end:
                return s.start, s.end
        return 0, len(text)

    # a text that cites by number only (numbered list, notes) prints no author-year citations:
    # 'the International Health Regulations (IHR) (2005)' names a document, not a work of the list;
    # but 'Liu et al. (2015)' names authors of a work, which its notes' references hold
    author_year = not bibliography.refs or not all(r.label for r in bibliography.refs)
    found = [
        c
        for c in find_citations(
            text, floor_of=lambda at: sentence_of(at)[0], block_of=lambda at: _block_quotation(flow, at)
        )
        if author_year or (c.kind == "narrative" and "et al" in c.as_printed)
    ]
    commented: list[InTextCitation] = []  # a marker of a note that names no source cites nothing, and is no figure
    if labels:
        comments = set(document.notes) - labels
        for c in (*find_numbered(text), *markers):
            if not any(o.start <= c.start < o.end for o in found):
                (commented if c.as_printed in comments else found).append(c)
    in_note = flow is not section.flow  # a note: its dates are its sources' dates, not events
    prose: list[InTextCitation] = []
    for s in sentences:
        if not any(s.start <= c.start < s.end for c in found):
            attribution = find_attribution(text, s.start, s.end)
            if attribution is not None and bibliography.refs and cites_the_list(attribution, bibliography):
                found.append(attribution)
                continue
        # no reference list to resolve 'According to X' against: X is a source named in prose
        named = find_prose_attribution(text, s.start, s.end)
        if named is not None:
            prose.append(named)
    found.sort(key=lambda c: c.start)
    citations = [Citation(c, section, flow, bibliography.match_printed(c.as_printed)) for c in found]
    excluded = [(c.start, c.end) for c in (*found, *commented) if c.kind != "attribution"] + excluded_spans(
        text, breaks
    )
    if in_note:  # a note's quoted or emphasised titles: 'Reuters, "Trump Threatens Mexico with 5% Tariff ...,"'
        excluded += [m.span() for m in _NOTE_TITLE.finditer(text)]
    # a marker glued to a number ('about 220.6') ends the number: the figure is read without it
    glued = [
        c
        for c in found
        if c.kind == "footnote" and text[c.start - 2 : c.start - 1].isdigit() and text[c.start - 1 : c.start] == "."
    ]
    read = text
    for c in glued:
        read = read[: c.start - 1] + " " * (c.end - c.start + 1) + read[c.end :]
    # a link's words read as prose, its brackets and address as blanks: 'over [one-fifth](https://...) of filers'
    read = MD_LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - 1 - len(m.group(1))), read)
    quantities = find_quantities(read, excluded)
    dates = find_dates(text, excluded, document.year)
    relatives = find_relative_periods(text, document.year, excluded)

    drafts = [Draft("quantity", section, flow, q.start, q.end, (q.start, q.end), quantity=q) for q in quantities]
    previous_date: DateMention | None = None
    for s in sentences:
        segments = pieces(text, s.start, s.end, SEGMENT)
        in_sentence = [d for d in drafts if s.start <= d.start < s.end]
        sentence_dates = [m for m in dates if s.start <= m.start < s.end]
        anaphora = _ANAPHORA.match(text[s.start : s.end])
        for a, b in segments:
            clauses = pieces(text, a, b, CLAUSE)
            figures = [d for d in in_sentence if a <= d.start < b]
            for d in figures:
                d.quote = quote_span(text, clauses, d.start, d.end, found)
            periods: list[DateMention] = []
            describes: dict[int, tuple[int, int]] = {}  # a date of a relative clause: the clause it describes
            for m in (m for m in sentence_dates if a <= m.start < b):
                if figures and dates_an_occasion(text, m):
                    continue  # 'the meeting held in November 2007, showing that ... 23%': not the figures' period
                clause = clause_of(clauses, m.start)
                head = _HEAD.match(text[a : m.start]) is not None
                # '... reported around 19,000 deaths, which it describes as ... violence in Sudan in 2025':
                # a relative clause right after a figure's clause describes what the figure counts, and
                # ', according to 2019 figures' dates it
                before = [c for c in clauses if c[1] <= clause[0]]
                relative = (
                    RELATIVE_CLAUSE.match(text, clause[0]) is not None
                    and bool(before)
                    and any(before[-1][0] <= f.start < before[-1][1] for f in figures)
                    and not any(
                        clause[0] <= f.start < clause[1] for f in figures
                    )  # '..., which dropped to 212,000 in 2019'
                )
                # 'In Iraq, as of December 2019, Iraq hosts 245,810': the date the sentence's figures are true at
                as_of = dates_present(text, m)
                if figures and (head or relative or as_of or any(clause[0] <= f.start < clause[1] for f in figures)):
                    periods.append(m)
                    if relative:
                        describes[m.start] = before[-1]
                elif (
                    not in_note
                    and bibliography.refs
                    and not _BARE_DATE.match(m.label)
                    and not sets_a_deadline(text, s.start, m)
                ):
                    # an event is dated by a preposition or a day ('signed in Palermo in 2000'); a bare year
                    # names ('disease 2019', 'the 2021 matrix', 'IHR (2005)'); a text that cites nothing
                    # would have every event uncited
                    event = Draft(
                        "event",
                        section,
                        flow,
                        m.start,
                        m.end,
                        quote_span(text, clauses, m.start, m.end, found),
                        date=m,
                        period=m.period,
                        basis="periodStated",
                    )
                    drafts.append(event)
            for d in figures:
                own = [
                    m
                    for m in periods
                    if m.start not in describes and clause_of(clauses, m.start) == clause_of(clauses, d.start)
                ]
                current = PRESENT.search(text, *clause_of(clauses, d.start))
                if NOW_AT.match(text, d.end) or NOW_BEFORE.search(text, clause_of(clauses, d.start)[0], d.start):
                    own = []  # 'from 23% in 1950 to 4.5% today', 'was 43.3% in 1800 and now fell to 3.4%'
                    periods = [m for m in periods if m.start > d.end]
                # 'today around 60,000 canoes' is not 'since the 1990s'; a relative clause's date comes last
                chosen = (
                    own
                    or [
                        m
                        for m in periods
                        if m.start not in describes
                        and (not current or dates_present(text, m))
                        and not (m.start > d.end and data_of_its_clause(text, m))
                    ]
                    or [m for m in periods if describes.get(m.start) == clause_of(clauses, d.start)]
                )  # 'as of December 2019, Iraq hosts 245,810': the date a present tense is true at
                if chosen:
                    d.period, d.basis = nearest(text, chosen, d).period, "periodStated"
                    if PREVIOUS.match(text, d.end):
                        d.period = year_before(
                            d.period
                        )  # '... in the year ending 2013, up from 177,000 the previous year'
                else:
                    rel = [m for m in relatives if a <= m.start < b]
                    if rel:
                        d.period, d.basis = rel[0].period, "periodImpliedByText"
                cue = current or lead_cue(text, clauses)
                if cue:
                    d.cue = cue.group(1)
        if anaphora and previous_date is not None:
            clauses = pieces(text, s.start, s.end, CLAUSE)
            end = anaphora.end()
            body = s.start + end + len(text[s.start + end : s.end]) - len(text[s.start + end : s.end].lstrip(STRIP))
            event = Draft(
                "event",
                section,
                flow,
                s.start,
                s.start + end,
                quote_span(text, clauses, body, body + 1, found),
                date=previous_date,
                period=Period(
                    previous_date.start_date, previous_date.end_date, text[s.start : s.start + end].strip(STRIP)
                ),
                basis="periodStated",
            )
            drafts.append(event)
            for d in in_sentence:
                if d.period is None:
                    d.period, d.basis = event.period, "periodStated"
        if sentence_dates:
            previous_date = sentence_dates[-1]
    drafts.sort(key=lambda d: (d.start, d.kind))
    cover(text, drafts, citations, sentence_of, flow)
    cited = sum(1 for s in sentences if any(s.start <= c.found.start < s.end for c in citations))
    paragraph_of = paragraphs(flow)
    own_section = reports_own_work(f"{section.within} / {section.title}", cited, len(sentences))
    for d in drafts:
        if d.citation is None:
            s0, s1 = sentence_of(d.start)
            d.attributed = next(
                (
                    p.as_printed
                    for p in prose
                    if s0 <= p.start < s1
                    and (p.kind != "speaker" or p.end <= d.start and "," not in text[p.end : d.start])
                ),
                None,
            )  # a speaker's word covers what follows it up to the next comma: 'He admitted that he paid 2–5 lira'
        if d.citation is None and not d.attributed and not (primary or own_section):
            a, b = paragraph_of(d.start)
            own_work = tells_own_work(text[a:b])
        else:
            own_work = False
        d.role = figure_role(text, sentence_of(d.start), d, own_by_default=primary or own_section or own_work)
        d.forecast = states_forecast(text, sentence_of(d.start), d.start, d.end)
    for d in drafts:  # the text's own result goes on with the period of the sentence before it in its paragraph
        if d.kind != "quantity" or d.period is not None or d.role != OWN:
            continue
        s0, _ = sentence_of(d.start)
        p0, _ = paragraph_of(d.start)
        dated = [m for m in dates if p0 <= m.start < s0 and m.start_date]
        if dated and sentence_of(dated[-1].start)[1] >= s0 - 2:
            d.period, d.basis = dated[-1].period, "periodImpliedByText"
    source_runs(text, drafts, citations, prose, sentences, paragraph_of)
    cover_run(text, drafts, citations, prose, sentence_of, flow)
    taken_up(text, drafts, paragraph_of)
    for d in drafts:  # read from the text's own table or chart, whose caption gives the source
        if d.kind == "quantity" and d.role == SOURCED and d.citation is None and not d.attributed:
            p0, p1 = paragraph_of(d.start)
            s1 = sentence_of(d.start)[1]
            d.attributed = exhibit_read(text[p0:s1], text[s1:p1])
        elif d.citation is not None:
            d.role = SOURCED  # covered by a note or a run's citation: sourced whatever its sentence says
    drafts[:] = [
        d
        for d in drafts
        if d.kind != "event" or d.role == SOURCED and not did_it_ourselves(text[slice(*sentence_of(d.start))])
    ]  # the text's own work is no event, whatever note covers it ('a survey that we conducted between ...')
    for d in drafts:  # a cited figure with no stated period is about its source's time at the latest
        if d.kind == "quantity" and d.period is None and d.citation is not None and d.role == SOURCED:
            years = [w.year for w in parse_citation(d.citation.as_printed) if w.year is not None] or [
                r.year for m in d.citation.matches for r in m.resolved if r.year is not None
            ]
            if years:
                y = str(min(years))
                d.period, d.basis = Period(y, y, f"cited year {y}"), "periodImpliedByCitation"
    relate(text, drafts, sentences)
    return drafts, citations, prose


def _block_quotation(flow: Collapsed, at: int) -> int | None:
    """Where a block quotation that ends at ``at`` starts: its paragraph, when the paragraph before ends with ':'."""
    for j in range(at - 1, 0, -1):
        if flow.text[j] != " ":
            continue
        gap = flow.original[flow.where[j - 1] + 1 : flow.where[j + 1]]
        if gap.count("\n") >= 2:  # a paragraph break of the original
            return j + 1 if flow.text[:j].endswith(":") else None
    return None


def extract_file(
    path: Path, *, bib: Path | None = None, doc_id: str | None = None, title: str | None = None, year: int | None = None
) -> Extraction:
    """:func:`extract` on a file, with its reference list from ``bib`` (BibTeX) or from the text itself."""
    from ..bibtex import read_bibtex

    text = read_text_file(path)
    references = read_bibtex(bib) if bib is not None else None
    return extract(text, doc_id=doc_id or doc_id_for(path), references=references, title=title, year=year, path=path)
