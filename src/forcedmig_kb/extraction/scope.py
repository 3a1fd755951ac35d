"""Which citation covers a figure, and which source a figure is attributed to.

:func:`cover` gives each draft the citation that covers it: the first citation after it in its
sentence, unless that citation is printed after a quotation the figure is neither inside nor
introduces; else the last citation before it in the sentence, unless a contrast ('while', 'but')
stands between them; after 'they find' or in a sentence on 'this data', the last citation of the
sentences before; in a notes
style, the marker that closes its paragraph or list item. :func:`cover_run` gives a sourced figure
still uncovered the citation or named source that closes its run of sentences in the paragraph.
:func:`taken_up` gives a figure that takes up those before it ('... of those appropriations') their
source. :func:`restated` gives a figure printed again the source of its first printing. (What a note's own
figures rest on is :mod:`.note_scope`'s.) :func:`attribute_running` lets a source named in prose attribute the
figures after it, in a text that cites nothing; :func:`source_runs`
lets a source named in prose attribute the sentences that take it up ('The law included ...') or,
after a body's forecast ('The UN anticipates ...'), go on forecasting.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .prose_sources import FORESEES, OWN_SENTENCE_ONLY
from .roles import FORECAST, OWN, SOURCED
from .text import Collapsed

if TYPE_CHECKING:
    from .drafts import Citation, Draft

_CONTRAST = re.compile(
    r"\b(?:while|whilst|whereas|but|although|though|however|yet|in\s+contrast|by\s+contrast|"
    r"compared\s+(?:with|to)|unlike|instead)\b",
    re.IGNORECASE,
)


# a narrative citation that reports a finding ('Cortes (2004) finds that while refugees ... earn less,
# ... they catch up after 10 years'): what it reports runs to the sentence's end, contrasts and all
_REPORTS_THAT = re.compile(
    r"\s+(?:\w+\s+)?(?:finds?|found|shows?|showed|argues?|argued|reports?|reported|estimates?|estimated|"
    r"concludes?|concluded|notes?|noted|suggests?|suggested|documents?|documented|observes?|observed)\s+that\b"
)


# the authors or works of the last citation, taken up by a pronoun: 'they find', 'the authors estimate', 'These works
# find that ...'
_THEY = re.compile(
    r"\b(?:they|the\s+authors|(?:these|those|both|the\s+two)\s+(?:authors|works|studies|papers|articles|analyses))\s+"
    r"(?:also\s+)?(?:find|found|estimate|estimated|show|"
    r"showed|report|reported|calculate|calculated|put|conclude|concluded|argue|note)\b",
    re.IGNORECASE,
)


# a sentence that goes on about the data the sentence before cited: 'This harmonized data across ...'
_THIS_DATA = re.compile(
    r"\W*(?:This|These|Those|Such)\s+(?:[\w-]+\s+){0,2}?(?:data|dataset|database|figures|estimates|statistics|series|records)\b"
)


def _anchor(text: str, c: Citation) -> int:
    """Where a citation stands for the sentences: a note marker or a number printed right after a
    sentence's closing punctuation ('deaths.2', 'million.[52]'), or spaced from it before the next sentence
    ('benefit. [1] Parole is'), stands on that punctuation."""
    at = c.found.start
    if c.found.kind == "footnote" and text[max(0, at - 3) : at] == "$^{":
        # a marker as math ('million. $^{2}$ $^{3}$ Around'): spaced from the stop, maybe after another
        run = re.search(r"(?:\s*\$\^\{\d{1,3}\}\$)*\s*$", text[: at - 3])
        assert run is not None  # (an empty run matches at the end)
        at = run.start()
        return at - 1 if at and text[at - 1] in '.,;:!?”"’)' else c.found.start
    if c.found.kind in ("footnote", "numbered") and at and text[at - 1] in '.,;:!?”"’)':
        return at - 1
    if c.found.kind in ("footnote", "numbered"):
        # spaced from the stop, before the next sentence ('public benefit. [1] Parole is'), as PDF text prints it
        spaced = _SPACED_AFTER_STOP.search(text, max(0, at - 4), at)
        if spaced is not None and _NEXT_SENTENCE.match(text, c.found.end):
            return spaced.start()
    return at


_SPACED_AFTER_STOP = re.compile(r"[.!?”\"’)][ \t]+$")
_NEXT_SENTENCE = re.compile(r"[ \t]*(?:$|\n|[A-Z“\"(])")


_LIST_ITEM = re.compile(r"\n\s*(?:[-*+•]|\d{1,2}[.)])\s")


_TRAILING_TAGS = re.compile(r"(?:\s*</?[a-zA-Z][^<>]*>)+\s*$")  # '...affordable.</p>'
_ENDS_A_SENTENCE = re.compile(r"[.!?:;…'\"’”)\]]\d{0,3}\s*$")


def paragraph_ends(flow: Collapsed, marks: list[int] | tuple[int, ...] = ()) -> list[int]:
    """Where each paragraph of a flow ends: a blank line of the original between two blocks, or the
    start of a list item (each item of a list is a paragraph of its own). A blank line in the middle
    of a sentence (a page break of PDF text) ends nothing. A paragraph that ends with a colon runs
    on through the list it introduces when only the list's last item holds a note's mark
    (``marks``): a quotation set out as a list ('obligations, including: 1. ... 2. ....16'), not a
    list of items that each cite their own source."""
    text = flow.text
    raw: list[tuple[int, bool]] = []  # (end, a list item follows)
    for j in range(1, len(text) - 1):
        if text[j] != " ":
            continue
        gap = flow.original[flow.where[j - 1] + 1 : flow.where[j + 1] + 3]
        if "\n" not in gap:
            continue
        item = _LIST_ITEM.match(gap[gap.find("\n") :]) is not None
        if (gap.count("\n") >= 2 or item) and _ENDS_A_SENTENCE.search(
            _TRAILING_TAGS.sub("", text[max(0, j - 200) : j])
        ):
            raw.append((j, item))
    raw.append((len(text), False))
    ends: list[int] = []
    i = 0
    while i < len(raw):
        end, item = raw[i]
        if item and text[:end].rstrip().endswith(":"):
            last = i + 1  # the list runs while an item follows
            while last < len(raw) - 1 and raw[last][1]:
                last += 1
            inside = [m for m in marks if end <= m < raw[last - 1][0]]
            if not inside:
                ends.append(raw[last][0])
                i = last + 1
                continue
        ends.append(end)
        i += 1
    return ends


def cover(
    text: str, drafts: list[Draft], citations: list[Citation], sentence_of, flow: Collapsed | None = None
) -> None:
    """Give each draft the citation that covers it (see the module docstring).

    In a notes style, a marker covers its sentence and the sentences before it in its paragraph
    back to the marker before: a figure no marker of its own sentence covers takes the next
    marker of its paragraph (a dated event, the marker that closes the paragraph: a narrative's
    dates rest on the source of the whole passage).
    """
    notes = [c for c in citations if c.found.kind in ("footnote", "numbered")]
    ends = paragraph_ends(flow, [c.found.start for c in notes]) if flow is not None and notes else []
    for d in drafts:
        s0, s1 = sentence_of(d.start)
        # a note's marker glued after the sentence's full stop ('deaths.2') belongs to the sentence
        here = [c for c in citations if s0 <= _anchor(text, c) < s1]
        chosen = next(
            (c for c in citations if c.found.quotation and c.found.quotation[0] <= d.start < c.found.quotation[1]), None
        )
        for c in (c for c in here if c.found.start >= d.end and chosen is None):
            q = c.found.quotation
            if q is None or q[0] <= d.start < q[1] or not re.search(r"[,;:—]", text[d.end : q[0]]):
                chosen = c
                break
        if chosen is None:
            before = [
                c
                for c in here
                if (
                    c.found.end <= d.start
                    and (not _CONTRAST.search(text, c.found.end, d.start) or _REPORTS_THAT.match(text, c.found.end))
                )
                or c.found.kind == "attribution"
            ]
            chosen = before[-1] if before else None
        if chosen is None and _THIS_DATA.match(text, s0, s1):  # '...adults over time.[7] This harmonized data'
            earlier = [c for c in citations if c.found.end <= s0 and s0 - c.found.end < 400]
            chosen = earlier[-1] if earlier else None
        if chosen is None and _THEY.search(text, s0, s1):  # 'Using the same data, they find that ...'
            earlier = [
                c
                for c in citations
                if c.found.end <= s0 and c.found.kind in ("parenthetical", "narrative") and s0 - c.found.end < 400
            ]
            chosen = earlier[-1] if earlier else None
        if chosen is None and ends:
            end = next(e for e in ends if e > d.start)
            after = [c for c in notes if d.end <= c.found.start <= end]
            if after:
                # a figure: the next marker of the paragraph, whose note covers back to the marker before;
                # a dated event: the marker that closes the paragraph, the source of its narrative
                chosen = after[0] if d.kind == "quantity" else after[-1]
        if chosen is not None:
            d.citation = chosen
            chosen.covers.append(d)


# citations that close the sentences before them; a narrative citation ('Smith (2019) argues') opens
_CLOSING = ("parenthetical", "attribution")


# a figure that takes up the figures before it: '$1.02 billion of those advance appropriations', '40% of these'
_OF_THOSE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?of\s+(?:those|these|this|that|them|which)\b")


def taken_up(text: str, drafts: list[Draft], paragraph_of) -> None:
    """A sourced figure still uncovered that takes up the figures before it ('Four appropriations received
    $6.1 billion ... advance appropriations.[4] $1.02 billion of those advance appropriations became
    available in FY2026') rests on their source: the last covered figure before it in its paragraph."""
    for i, d in enumerate(drafts):
        if d.citation is not None or d.attributed or d.role != SOURCED or d.kind != "quantity":
            continue
        if _OF_THOSE.match(text, d.end) is None:
            continue
        start = paragraph_of(d.start)[0]
        before = [b for b in drafts[:i] if start <= b.start and (b.citation is not None or b.attributed)]
        if before:
            d.citation, d.attributed = before[-1].citation, before[-1].attributed
            if d.citation is not None:
                d.citation.covers.append(d)


def cover_run(text: str, drafts: list[Draft], citations: list[Citation], prose, sentence_of, flow: Collapsed) -> None:
    """A sourced figure that nothing in its sentence covers takes the next citation or the next source
    named in prose of its paragraph: an author cites once at the end of a run of sentences ('... more
    than 6 million Ukrainians. ... Italy with 170,000 (UNHCR, 2024).'). A citation before the figure
    never covers it across a sentence (what follows a cited sentence is the author's, or uncited), nor
    does a citation printed after a quotation, which is the quotation's, nor one whose run opens with a
    sentence that introduces its work ('A recent article in the Wall Street Journal discusses ...').
    (A note's marker closes its
    paragraph in :func:`cover`.) A figure after the narrative citation a paragraph opens with, and no
    other, reports that work (:func:`_opening_work`)."""
    ends = paragraph_ends(flow, [c.found.start for c in citations if c.found.kind in ("footnote", "numbered")])
    for d in drafts:
        if d.citation is not None or d.attributed or d.role != SOURCED or d.kind != "quantity":
            continue
        s1 = sentence_of(d.start)[1]
        end = next(e for e in ends if e > d.start)
        sources = sorted(
            [
                (c.found.start, c)
                for c in citations
                if s1 <= c.found.start < end and c.found.kind in _CLOSING and c.found.quotation is None
            ]
            + [
                (p.start, p)
                for p in prose
                if s1 <= p.start < end
                and p.kind not in OWN_SENTENCE_ONLY
                and not _opens_its_sentence(text, sentence_of, p)
            ],
            key=lambda pair: pair[0],
        )
        if not sources:
            opener = _opening_work(text, citations, sentence_of, max([0] + [e for e in ends if e <= d.start]), d.start)
            if opener is not None:
                d.citation = opener
                opener.covers.append(d)
            continue
        if _introduced_between(text, sentence_of, s1, sources[0][0]):
            continue  # 'A recent article in the Wall Street Journal discusses ...': the run starts there
        source = sources[0][1]
        if hasattr(source, "found"):
            d.citation = source
            source.covers.append(d)
        else:
            d.attributed = source.as_printed


# what may stand before a source that opens its sentence: 'According to the *Los Angeles Times*, last year ...'
_OPENING = re.compile(
    r"\W*(?:(?:and|but|yet|so|still|also|meanwhile|moreover|however|overall|in\s+fact),?\s+)?"
    r"(?:according\s+to|as\s+(?:reported|estimated|calculated|noted)\s+by|in\s+the\s+words\s+of)?\s*",
    re.IGNORECASE,
)


def _opens_its_sentence(text: str, sentence_of, source) -> bool:
    """Does a source named in prose open its sentence ('According to the *Los Angeles Times*, last year,
    1.2 million ...', 'The Pew Hispanic Center estimates ...')? It then tells where that sentence's
    figures come from, not the sentences before it.

    >>> t = "Since 1996, 9.2 million were handed out. According to the LA Times, 1.2 million paid."
    >>> _opens_its_sentence(t, lambda at: (41, len(t)), type("P", (), {"start": t.index("the LA")})())
    True
    """
    return _OPENING.fullmatch(text, sentence_of(source.start)[0], source.start) is not None


# a sentence that introduces the work the run after it reports: 'A recent article in the Wall Street
# Journal discusses ...', 'A 2019 study by the ILO finds ...'
_INTRODUCES = re.compile(
    r"(?:A|An|The|One)\s+(?:(?:recent|new|later|earlier|\d{4})\s+)?(?:article|study|report|survey|paper|book|"
    r"analysis|review|investigation)\s+(?:in|by|from|of|published)\b"
)


def _introduced_between(text: str, sentence_of, after: int, before: int) -> bool:
    """Does a sentence that introduces a work start between ``after`` and the source at ``before``? The
    citation that closes that work's run does not reach back past it."""
    at = after
    while at < before:
        while at < before and text[at] == " ":
            at += 1
        start, end = sentence_of(at)
        if start >= after and _INTRODUCES.match(text, start):
            return True
        at = max(end, at + 1)
    return False


# words that present a study the paragraph goes on to report
_STUDY = re.compile(
    r"\b(?:stud(?:y|ies|ied)|research\w*|ethnograph\w*|fieldwork|book|monograph|investigat\w*|examin\w*|"
    r"explor\w*|focus(?:es|ed)?|analy[sz]\w*|surveyed|interview\w*)\b",
    re.IGNORECASE,
)


def _opening_work(text: str, citations: list[Citation], sentence_of, start: int, at: int) -> Citation | None:
    """The work a paragraph opens with ('In her study of refugees in Kampala, Georgina Ramsay (2016)
    focuses on ...'): a narrative citation in the paragraph's first sentence, which the sentences
    after it report, unless another citation stands between it and ``at``."""
    first_start, first_end = sentence_of(start + 1 if start else 0)
    between = [c for c in citations if start <= c.found.start < at]
    if len(between) != 1 or between[0].found.kind != "narrative" or not between[0].found.start < first_end <= at:
        return None
    opening = text[first_start:first_end]
    if not _STUDY.search(opening) or re.search(r"\baccording\s+to\b", opening, re.IGNORECASE):
        return None  # 'According to the World Bank (2021), ...' attributes its own sentence only
    return between[0]


def paragraphs(flow: Collapsed):
    """A function giving the paragraph of ``flow`` that holds an offset, as (start, end); the
    paragraphs are found once, on the first call."""
    ends: list[int] = []

    def around(at: int) -> tuple[int, int]:
        if not ends:
            ends.extend(paragraph_ends(flow))
        i = bisect.bisect_right(ends, at)
        return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(flow.text))

    return around


_WORDED_SHARES = ("fraction", "ratio", "comparative", "vague")


_WORD = re.compile(r"[a-z]{5,}")
_COMMON_WORDS = frozenset("about there their these those which where while other after before under".split())


def _words_around(d: Draft) -> set[str]:
    """The longer words of the sentence around a figure (within 100 characters of it), to tell whether
    two printings speak of the same things."""
    text = d.flow.text
    a, b = max(0, d.start - 100), d.end + 100
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z])", text[a:b])]
    start = a + max([e for e in ends if a + e <= d.start], default=0)
    end = a + min([e for e in ends if a + e >= d.end], default=b - a)
    return set(_WORD.findall(text[start:end].lower())) - _COMMON_WORDS


def restated(drafts: list[Draft]) -> None:
    """A sourced figure printed again without a source ('90 billion market dollars is also not a huge
    number') rests on the source of its first printing: the same value in the same unit, covered
    earlier in the text. Shares in words ('two-thirds', 'one in five') are too common to be the same
    figure; a small whole number ('10 percent') is when both printings speak of the same things (two
    longer words shared: 'year of schooling ... earnings'). A figure printed again that the text first
    gave as its own result is its own result again, also when a note of its sentence covers it (a
    discussion sets its results beside others': '9.2% in sheep ..., lower than the 33.5% of the
    Comoros [30]'), if it is no whole number, which another source could print as well."""
    first: dict[tuple[float, str], Draft] = {}
    own: dict[tuple[float, str], Draft] = {}  # the text's own results, by their first printing
    for d in drafts:
        if d.kind != "quantity" or d.quantity is None:
            continue
        q = d.quantity
        key = (q.value, q.unit)
        mine = own.get(key)
        if (
            d.citation is not None
            and mine is not None
            and not float(q.value).is_integer()
            and q.kind not in _WORDED_SHARES
            and d.citation.found.kind in ("footnote", "numbered")
        ):
            d.role = OWN  # 'the 2010 survey were 9.2% in sheep ..., slightly lower than in the Comoros [30]'
            continue
        if d.citation is not None or d.attributed:
            first.setdefault(key, d)
            continue
        if d.role == OWN:
            own.setdefault(key, d)
        if d.role != SOURCED or q.kind in _WORDED_SHARES:
            continue
        earlier = first.get(key) or own.get(key)
        if earlier is None:
            continue
        if float(q.value).is_integer() and abs(q.value) < 100 and len(_words_around(d) & _words_around(earlier)) < 2:
            continue  # a small number again is the same figure only when said of the same things
        if earlier.role == OWN and earlier.citation is None and not earlier.attributed:
            d.role = OWN  # 'we collect 1,091 estimates' ... 'Table 1, which covers all 1,091 collected estimates'
        elif earlier.citation is not None:
            d.citation = earlier.citation
            earlier.citation.covers.append(d)
        else:
            d.attributed = earlier.attributed
        if d.period is None and earlier.period is not None:  # the same figure, of the same time
            d.period, d.basis = earlier.period, earlier.basis


def attribute_running(drafts: list[Draft], named: list[tuple[int, str]], original: str) -> None:
    """In a text that cites nothing (news), a source named for its data ('estimates published by the
    ONS') attributes the figures after it, until another source is named: journalism names its
    source once, not figure by figure. When the text names one source (under one or two names), it
    runs to the end; when it names several, each reaches its own paragraph and the next only: a new
    point two paragraphs on ('Overall, the U.S. ... takes in only about 2 percent') is not that
    source's."""
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", original)]
    named = sorted(named)
    reach = 1  # paragraphs after the source's own
    if len({re.sub(r"^the\s+", "", source.lower()) for _, source in named}) < 3:
        reach = len(breaks) + 1  # one source named (or two names of it): the whole text rests on it
    for d in drafts:
        if d.citation is not None or d.attributed or d.role != SOURCED or d.kind != "quantity":
            continue
        at = d.flow.offset(d.start)
        before = [(offset, source) for offset, source in named if offset < at]
        if before and bisect.bisect_right(breaks, at) - bisect.bisect_right(breaks, before[-1][0]) <= reach:
            d.attributed = before[-1][1]


# a source's forecast, right after its name: '(UN) anticipates', ' projects'
_FORECAST_VERB = re.compile(rf"\s*(?:\([A-Z]{{2,8}}\)\s*)?{FORESEES}\b")
# a sentence that takes up the source of the one before: 'The law included ...', 'This included ...'
_TAKES_UP = re.compile(
    r"\W*(?:(?:The|This|That|These|Those|Such)\s+(?:law|act|measure|bill|package|legislation|budget|request)\b|"
    r"(?:This|It|These|They)\s+(?:also\s+)?(?:included|includes|include|provided|provides|provide|allocated|allocates)\b)"
)


def source_runs(text: str, drafts: list[Draft], citations: list[Citation], prose, sentences, paragraph_of) -> None:
    """A source named in prose covers the sentences that go on from it in its paragraph: those that
    take it up ('... into law (P.L. 119-21). The law included $191.02 billion ... This included
    $168.96 billion ...') and, after a body's forecast ('The United Nations (UN) anticipates the
    population will triple ...'), those that state forecasts of their own ('growth is expected to be
    about 26 percent'): projections come in runs and are named once. The run ends at the first
    sentence that does neither, or that cites or names a source of its own."""
    starts = [s.start for s in sentences]
    cited = sorted([c.found.start for c in citations] + [p.start for p in prose])
    for source in prose:
        forecast = _FORECAST_VERB.match(text, source.end) is not None
        _, paragraph_end = paragraph_of(source.start)
        i = bisect.bisect_right(starts, source.start)  # the sentence after the source's
        while i < len(sentences) and sentences[i].start < paragraph_end:
            s = sentences[i]
            goes_on = _TAKES_UP.match(text, s.start) is not None or (
                forecast and FORECAST.search(text, s.start, s.end) is not None
            )
            if not goes_on or any(s.start <= c < s.end for c in cited):
                break
            for d in drafts:
                if s.start <= d.start < s.end and d.citation is None and not d.attributed and d.kind == "quantity":
                    d.attributed = source.as_printed
            i += 1
