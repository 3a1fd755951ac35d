"""Dates and periods printed in a text: years, months, days, quarters, decades, ranges, windows.

==============  ==============================================  =================================
kind            printed                                         period
==============  ==============================================  =================================
range           ``from 1970 to 2009``, ``2015-16``              1970 to 2009
month-range     ``from mid-October 2013 to the end of June      2013-10 to 2014-06
                2014``, ``from March to June 2014``
year-ending     ``the year ending March 2014``                  2013-04 to 2014-03
quarter         ``Q1 2015``                                     2015-01 to 2015-03
decade          ``the late 1960s``                              1966 to 1969
day, month      ``December 2018``, ``on 21 March 2021``         2018-12
year            ``in 2014``, ``2014``                           2014
relative        ``over the last two decades``                   counted back from the text's year
==============  ==============================================  =================================

A year followed by a plural noun is a count ('2000 refugees'), unless a preposition dates it.

>>> [(d.label, d.start_date, d.end_date) for d in find_dates("a crisis since the late 1960s and in September 2016")]
[('since the late 1960s', '1966', '1969'), ('in September 2016', '2016-09', '2016-09')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import CURRENCY_BEFORE, NUM, number_value

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_Y = r"(?:1[5-9]\d\d|20\d\d|2100)"  # 2100: the horizon of projections ('between 2011 and 2100')
_DATE_LEAD = r"(?:(?i:in|since|from|during|by|until|till|before|after|around|circa|as\s+of|at\s+the\s+end\s+of|on|for)\s+(?i:the\s+(?:year\s+)?)?)?"
_WITHIN_MONTH = r"(?:(?:early|mid|late)[-\s]+|the\s+(?:start|beginning|middle|end)\s+of\s+)?"
_DATE_PATTERNS = [
    (
        "month-range",
        re.compile(
            rf"\b(?:from|between)\s+{_WITHIN_MONTH}(?P<m1>{_MONTH})(?:\s+(?P<y1>{_Y}))?\s+(?:to|and|until|through)\s+"
            rf"{_WITHIN_MONTH}(?P<m2>{_MONTH})\s+(?P<y2>{_Y})\b",
            re.IGNORECASE,
        ),
    ),
    ("range", re.compile(rf"\b(?:from|between)\s+(?P<y1>{_Y})\s+(?:to|and|until)\s+(?P<y2>{_Y})\b", re.IGNORECASE)),
    # 'the research project, 2010 to 2011, conducted in ten institutions'
    (
        "range",
        re.compile(
            rf"(?<![\d\w.,$£€]){_DATE_LEAD}(?P<y1>{_Y})\s+(?:to|through|until)\s+(?P<y2>{_Y})\b(?![\d,.]*\d|\s*%)"
        ),
    ),
    (
        "range",
        re.compile(rf"(?<![\d\w]){_DATE_LEAD}(?P<y1>{_Y})\s?[\u2010\u2011\u2013\-/]\s?(?P<y2>{_Y}|\d\d)(?![\d\w%])"),
    ),
    (
        "decade",
        re.compile(
            rf"\b{_DATE_LEAD}(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<decade>1[5-9]\d0|20\d0)['’]?s\b",
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        re.compile(
            rf"\b{_DATE_LEAD}(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),?)\s+(?P<y>{_Y})\b"
        ),
    ),
    # a twelve-month window: 'the year ending March 2014' is April 2013 to March 2014
    (
        "year-ending",
        re.compile(
            rf"\b{_DATE_LEAD}(?:the\s+)?(?:year|12\s+months|twelve\s+months)\s+(?:ending|to|up\s+to)\s+"
            rf"(?:(?P<m>{_MONTH})\s+)?(?P<y>{_Y})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b{_DATE_LEAD}(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter\s+(?:of\s+)?)\s?(?P<y>{_Y})\b"
        ),
    ),
    ("month", re.compile(rf"\b{_DATE_LEAD}(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_Y})\b")),
    (
        "year",
        re.compile(
            rf"(?<!\d[.,])(?<!pre-)(?<!post-)\b{_DATE_LEAD}(?P<y>{_Y})(?![\d\w%,.]\d|\s*(?:%|percent|per\s?cent)|\s+(?:thousand|million|billion))\b",
            re.IGNORECASE,
        ),
    ),
]
_RELATIVE = re.compile(
    rf"\b(?:over|in|during|for)\s+the\s+(?:last|past|previous)\s+(?P<n>{NUM})\s+(?P<unit>years?|decades?)\b"
    r"(?!\s+of\b)",  # 'in the last three years of secondary school' counts years of something else
    re.IGNORECASE,
)
# a period that runs up to the text's own time: 'the average length of designations to date', 'so far'
_TO_DATE = re.compile(r"\b(?:to\s+date|so\s+far|thus\s+far|up\s+to\s+now|until\s+now)\b", re.IGNORECASE)
PLURAL_NOUN_AFTER = re.compile(
    r"^\s+(?!years?\b|and\b|or\b|to\b|is\b|was\b|has\b|does\b|as\b|its\b|this\b|thus\b|plus\b|less\b|across\b|versus\b|whereas\b|"
    r"figures\b|data\b|statistics\b|estimates\b)[a-z][a-z\-]*s\b(?<!ss)(?<!us)(?<!is)"
)  # a plural: 'ss', 'us', 'is' end singulars ('his 1885 address', 'the 2011 census', 'the 2008 crisis'); the year of
# data is a date ('on 2012 figures'), not a count
# a year that is part of an event's name: 'the 2026 FIFA World Cup', 'the 2028 Olympics'
_EVENT_AFTER = re.compile(
    r"\s+(?:[A-Z][\w.&'’-]*\s+){0,3}(?:World\s+Cup|(?:Summer\s+|Winter\s+)?(?:Olympics|Olympic\s+Games|Paralympics)|"
    r"Games|Expo|World'?s\s+Fair|Summit)\b"
)
_DATE_CUE_BEFORE = re.compile(
    r"\b(?:in|since|from|to|until|till|by|during|between|of|and|through|year|early|mid|"
    r"late|the|around|circa|before|after)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Period:
    """A reference period as printed: lexical xsd dates (``2014``, ``2016-09``, ``2016-09-12``)."""

    start: str | None
    end: str | None
    label: str


@dataclass(slots=True)
class DateMention:
    """A date or period printed in the text."""

    start: int
    end: int
    label: str
    start_date: str | None
    end_date: str | None

    @property
    def period(self) -> Period:
        return Period(self.start_date, self.end_date, self.label)


class Taken:
    """Spans already claimed by a figure or excluded."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = list(spans)

    def free(self, a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in self.spans)

    def take(self, a: int, b: int) -> None:
        self.spans.append((a, b))


_TO_TODAY = re.compile(
    rf"\b(?:from|since)\s+(?P<y>{_Y})\s+(?:to|until|till|through)\s+(?:today|the\s+present(?:\s+day)?|now|date)\b",
    re.IGNORECASE,
)


def find_dates(
    text: str, excluded: list[tuple[int, int]] | None = None, text_year: int | None = None
) -> list[DateMention]:
    """Every date or period printed in ``text`` outside ``excluded`` spans, in order; with the text's
    year (``text_year``), 'from 1870 to today' runs to that year.

    >>> [(d.start_date, d.end_date) for d in find_dates("a picture from 1870 to today", text_year=2026)]
    [('1870', '2026')]
    >>> find_dates("costs related to the 2026 FIFA World Cup and the 2028 Olympics")
    []
    """
    taken = Taken(excluded or [])
    out: list[DateMention] = []
    if text_year is not None:
        for m in _TO_TODAY.finditer(text):
            if taken.free(*m.span()):
                out.append(DateMention(m.start(), m.end(), m.group(0), m.group("y"), str(text_year)))
                taken.take(*m.span())
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.span()
            if not taken.free(a, b):
                continue
            label = m.group(0).strip()
            lead_since = label.lower().startswith("since")
            if kind == "month-range":
                m1, m2 = (MONTHS[m.group(g).lower().rstrip(".")] for g in ("m1", "m2"))
                first, last = int(m.group("y1") or m.group("y2")), int(m.group("y2"))
                if (last, m2) < (first, m1):
                    continue
                mention = DateMention(a, b, label, f"{first}-{m1:02d}", f"{last}-{m2:02d}")
            elif kind == "range":
                y1, y2 = m.group("y1"), m.group("y2")
                if len(y2) == 2:
                    y2 = y1[:2] + y2
                if int(y2) < int(y1):
                    continue
                mention = DateMention(a, b, label, y1, y2)
            elif kind == "decade":
                decade = int(m.group("decade"))
                part = (m.group("part") or "").lower()
                first, last = {"early": (0, 3), "mid": (4, 6), "late": (6, 9)}.get(part, (0, 9))
                mention = DateMention(a, b, label, str(decade + first), str(decade + last))
            elif kind == "day":
                month = MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
                day = int(m.group("d1") or m.group("d2"))
                if not 1 <= day <= 31:
                    continue
                iso = f"{m.group('y')}-{month:02d}-{day:02d}"
                mention = DateMention(a, b, label, iso, None if lead_since else iso)
            elif kind == "year-ending":
                y, month = int(m.group("y")), MONTHS[m.group("m").lower().rstrip(".")] if m.group("m") else 12
                start = (y, 1) if month == 12 else (y - 1, month + 1)
                mention = DateMention(a, b, label, f"{start[0]}-{start[1]:02d}", f"{y}-{month:02d}")
            elif kind == "quarter":
                q = (
                    int(m.group("q"))
                    if m.group("q")
                    else ["first", "second", "third", "fourth"].index(m.group("qw").lower()) + 1
                )
                mention = DateMention(a, b, label, f"{m.group('y')}-{3 * q - 2:02d}", f"{m.group('y')}-{3 * q:02d}")
            elif kind == "month":
                month = MONTHS[m.group("m").lower().rstrip(".")]
                iso = f"{m.group('y')}-{month:02d}"
                mention = DateMention(a, b, label, iso, None if lead_since else iso)
            else:
                year = m.group("y")
                lead = text[max(0, m.start("y") - 12) : m.start("y")]
                if PLURAL_NOUN_AFTER.match(text[m.end("y") : m.end("y") + 30]) and not _DATE_CUE_BEFORE.search(lead):
                    continue  # '2000 refugees' is a count
                if CURRENCY_BEFORE.search(lead):
                    continue
                if _EVENT_AFTER.match(text, m.end("y")):
                    continue  # 'the 2026 FIFA World Cup': the year names the event
                mention = DateMention(a, b, label, year, None if lead_since else year)
            taken.take(a, b)
            out.append(mention)
    return sorted(out, key=lambda d: d.start)


def find_relative_periods(
    text: str, year: int | None, excluded: list[tuple[int, int]] | None = None
) -> list[DateMention]:
    """'over the last two decades': periods counted back from the text's year; 'to date', 'so far': a period
    that ends in it (none without a year).

    >>> [d.label for d in find_relative_periods("in the last three years of school, over the past 2 decades", 2025)]
    ['over the past 2 decades']
    >>> [(d.start_date, d.end_date) for d in find_relative_periods("the average length to date is nine years", 2026)]
    [(None, '2026')]
    """
    out = []
    taken = Taken(excluded or [])
    for m in _RELATIVE.finditer(text):
        n = number_value(m.group("n"))
        if year is None or n is None or not taken.free(*m.span()):
            continue
        years = int(n * (10 if m.group("unit").lower().startswith("decade") else 1))
        out.append(DateMention(m.start(), m.end(), m.group(0), str(year - years), str(year)))
    for m in _TO_DATE.finditer(text):
        if year is not None and taken.free(*m.span()):
            out.append(DateMention(m.start(), m.end(), m.group(0), None, str(year)))
    return sorted(out, key=lambda d: d.start)
