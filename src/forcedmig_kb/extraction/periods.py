"""Which date a figure is about, beyond the one its clause prints: the date a present tense is true at ('as of
December 2019', 'on 2006-08 data'), the one right after a figure among several, 'the previous year', and the period
of the text's own results that state none (:func:`date_own_results`).
"""

from __future__ import annotations

import re

from .dates import DateMention, Period, find_dates
from .document import Document
from .drafts import Draft
from .roles import OWN, fieldwork_period
from .sentences import split_sentences

# 'as of December 2019': the date a present tense is true at
_AS_OF = re.compile(r"as\s+(?:of|at)\b", re.IGNORECASE)
# the year of the data a sentence's figures come from: 'Today, on 2006-08 data, the wealthiest fifth own 62%'
# ('On 2011 census figures, the population is now growing by')
_VINTAGE = re.compile(
    r"\s+(?:(?!(?:the|a|an|its|their|these|those|and|or)\b)[A-Za-z-]+\s+){0,2}?(?:data|figures|statistics|estimates)\b",
    re.IGNORECASE,
)

# printed right after a figure: '... up from 177,000 the previous year', '(22,630) in the previous 12 months'
PREVIOUS = re.compile(
    r"\)?\s*(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:(?:previous|preceding|prior)\s+(?:year|12\s+months|"
    r"twelve\s+months)|year\s+before)\b|\s*a\s+year\s+(?:earlier|before)\b",
    re.IGNORECASE,
)


def year_before(period: Period) -> Period:
    """The same window one year earlier: the period of 'the previous year'."""
    shift = lambda v: f"{int(v[:4]) - 1:04d}{v[4:]}" if v else v  # noqa: E731
    return Period(shift(period.start), shift(period.end), f"the year before {period.label}")


# a figure said to be of the text's own time, whatever date its clause gives another figure
NOW_AT = re.compile(r"\s+(?:today|now|currently|at\s+present|nowadays)\b", re.IGNORECASE)
NOW_BEFORE = re.compile(r"\b(?:and|but)\s+(?:now|today)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
RELATIVE_CLAUSE = re.compile(
    r"according\s+to\b|which\b(?!\s+(?:was|is|were|are|has|had)\s+(?:the\s+)?(?:highest|lowest|most|least|first|last|largest|smallest)\b)"
)


def date_own_results(document: Document, drafts: list[Draft]) -> None:
    """The text's own results that state no period are about its data's: the years its study collected them
    (:func:`~.roles.fieldwork_period`), else the one period its title names ('Wealth and Income, 2010-12').
    Data said to run past the text's own date are judged where that is said, not again on every result."""
    sentences = [
        section.flow.text[x.start : x.end] for section in document.sections for x in split_sentences(section.flow.text)
    ]
    period = fieldwork_period(sentences, document.year)
    if period is None and document.title:
        titled = [m for m in find_dates(document.title, None, document.year) if m.start_date]
        period = titled[0].period if len(titled) == 1 else None
    if period is None or document.year is not None and int((period.end or period.start or "0")[:4]) > document.year:
        return
    for d in drafts:
        if d.kind == "quantity" and d.role == OWN and d.period is None:
            d.period, d.basis = period, "periodImpliedByText"


def data_of_its_clause(text: str, m) -> bool:
    """Does a date name the data a later clause's figure comes from ('..., using 1,048,290 properties from the
    2021 CHSP data as a base')? It dates that clause, not the figures before it.

    >>> from forcedmig_kb.extraction.dates import find_dates
    >>> t = "we get 1,655,243 owners, using 1,048,290 properties from the 2021 CHSP data"
    >>> data_of_its_clause(t, find_dates(t, None, 2019)[0])
    True
    """
    return _VINTAGE.match(text, m.end) is not None and _AS_OF.match(m.label) is None


# a verb that dates an occasion, not data: 'a presentation at the Annual Meeting held in November 2007'
_OCCASION = re.compile(
    r"\b(?:held|published|presented|released|launched|founded|established|convened|hosted)\s+(?:on|in|at)?\s*$",
    re.IGNORECASE,
)


def dates_an_occasion(text: str, m) -> bool:
    """Does a date say when something was held, published or founded ('the Annual Meeting ... held in November
    2007, showing that ... 23%')? That is the occasion's date, not the period of the figures beside it.

    >>> from forcedmig_kb.extraction.dates import find_dates
    >>> t = "a presentation at the meeting held in November 2007, showing that 23% are infected"
    >>> dates_an_occasion(t, find_dates(t, None, 2008)[0])
    True
    """
    return _OCCASION.search(text, max(0, m.start - 40), m.start) is not None


# an aim whose deadline a date sets: 'which aimed at slowing the epidemic by 2015', 'strategies to provide health for
# all by 2030', 'the goal of ending AIDS by 2030'
_AIM = re.compile(
    r"\b(?:aim(?:s|ed|ing)?|targets?|goals?|strateg(?:y|ies)|commitments?|committed|pledged?|pledges|plans?|"
    r"campaign|ambitions?|objectives?|to\s+(?:end|achieve|reach|eliminate|eradicate|halve|provide|ensure))\b",
    re.IGNORECASE,
)


def sets_a_deadline(text: str, sentence_start: int, m) -> bool:
    """Is a date ('by 2030') the deadline of an aim its sentence states before it? It dates no event that a source
    must have seen.

    >>> from forcedmig_kb.extraction.dates import find_dates
    >>> t = "The declaration aimed at slowing the epidemic by 2015."
    >>> sets_a_deadline(t, 0, find_dates(t)[0]), sets_a_deadline("By 2015, 4 million had fled.", 0, find_dates("By 2015")[0])
    (True, False)
    """
    return m.label[:3].lower() == "by " and _AIM.search(text, sentence_start, m.start) is not None


def dates_present(text: str, m) -> bool:
    """Does a date say when a sentence's present tense is true ('as of December 2019', 'on 2006-08 data')?"""
    return _AS_OF.match(m.label) is not None or _VINTAGE.match(text, m.end) is not None


# a date that opens the next conjunct: '... in 2007 was 150 mm and in 2010 it was 80 mm'
_NEXT_CONJUNCT = re.compile(r"\W*(?:and|but|while|whereas)\s+(?:(?:in|by|for|during)\s+)?$", re.IGNORECASE)


def nearest(text: str, dates: list[DateMention], d: Draft) -> DateMention:
    """The date that belongs to a figure among those of its clause: the one printed right after it
    ('3 billion in 2000 to 9 billion in 2010'), unless it opens the next conjunct after a date before the figure
    ('in 2007 was 150 mm and in 2010 it was 80 mm'), else the last one before it, else the first."""
    before = [m for m in dates if m.end <= d.start]
    after = [
        m
        for m in dates
        if m.start >= d.end
        and not re.search(r"\d", text[d.end : m.start])
        and len(text[d.end : m.start].split()) <= 4
        and not (before and _NEXT_CONJUNCT.match(text, d.end, m.start))  # 'in 2007 was 150 mm and in 2010 it was'
    ]
    if after:
        return after[0]
    return before[-1] if before else dates[0]
