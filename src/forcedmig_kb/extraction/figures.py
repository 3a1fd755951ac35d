"""Figures in running text: quantities with their unit, scale and hedge.

What counts as a figure, in the order the patterns are tried (an earlier match wins its span;
dates and periods, read by :mod:`.dates`, are taken first and are no figures):

==============  =============================================  ===================================
kind            printed                                        value, unit
==============  =============================================  ===================================
vague           ``hundreds of millions``                       2e8, bounds [2e8, 9.99e8], NUM
multiple        ``nearly quadrupled``, ``doubled``, ``3-fold``  4, UNITLESS
                ``30 times greater``, ``11x the``,
                ``almost double the``
ratio           ``one of every four``, ``1 in 5``,             0.25, FRACTION
                ``one out of every seven and a half``,
                ``every third child`` (not ``every third year``)
fraction        ``more than half``, ``two thirds of``           50, PERCENT
comparative     ``more wealth than the other 99%``             50 (over), PERCENT
percent         ``40 percent``, ``60 per cent``, ``6.3%``        40, PERCENT
money           ``31.2 trillion USD``, ``$4bn``, ``€40 million``  3.12e13, cur:USD
duration        ``25 years``, ``every seven years``             25, YR
measure         ``within 24 hours``, ``25,790 per square km``   24, unit:HR (QUDT units, ``MEASURES``)
math            ``$-0.08$``, ``$\\beta = 0.32$``, ``$N = 97$``    -0.08, UNITLESS; 97, NUM
count           ``130 countries``, ``85 million``, ``1.2m``      130, NUM
==============  =============================================  ===================================

Number words are read by number-parser (``twenty-five``, ``one hundred and fifty``); a number
word is a figure only with a unit, a scale or in a ratio (``two sides of the same coin`` is
not a count). Hedges (``nearly``, ``over``, ``an estimated`` ...) set bounds by the conventions
of ``data/claims.ttl`` and the ``fm:hedges`` scheme.

Not figures: numbers inside citations, list and section numbering, page, table and figure
numbers, ``G8`` or ``COVID-19``, ordinals, qualifiers of a population (``the top 500 MNCs``,
``the richest 1%``), the narrative's own time (``five years on``), ages, and the spans of
:mod:`.nonfigures` (addresses, footnote markers, markup, names and windows that are numbers).

>>> [(f.printed, f.value, f.unit, f.hedge) for f in find_quantities("an estimated 85 million workers and nearly half of those")]
[('an estimated 85 million', 85000000.0, 'NUM', 'estimated'), ('nearly half', 50.0, 'PERCENT', 'nearly')]
>>> [(f.printed, round(f.value, 4), f.unit) for f in find_quantities("one out of every seven and a half inhabitants")]
[('one out of every seven and a half', 0.1333, 'FRACTION')]
"""

from __future__ import annotations

import re

from .counted import word_counts
from .dates import PLURAL_NOUN_AFTER, Taken, find_dates, find_relative_periods
from .drafts import Quantity
from .hedges import HEDGE, HEDGES, bounds, rounding
from .nonfigures import excluded_spans, math_spans, names_no_quantity
from .numbers import CURRENCY_BEFORE, DIGITS, NUMBER, SECOND_OF_RANGE, number_value, tidy
from .shares import (
    COMPARATIVE,
    EVERY_NTH,
    FRACTION,
    FRACTIONS,
    MULTIPLE,
    MULTIPLES,
    NUMERATORS,
    ORDINALS,
    RATIO,
    SLASH_FRACTION,
    TO_ONE,
)
from .units import CURRENCIES, CURRENCY_AFTER, MEASURE, currency_code, measure_code

# ---------------------------------------------------------------- lexicon

SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "mn": 6, "m": 6, "tn": 12, "k": 3, "b": 9}
_SCALE = re.compile(r"^(?:\s+(thousand|million|billion|trillion)s?\b|\s?(bn|mn|tn)\b|(m|k|b)\b)", re.IGNORECASE)
_SCALE_AFTER_CURRENCY = re.compile(r"^\s?(m)\b")
_PERCENT = re.compile(
    r"^\s*(?:\\?%(?:\s*(?:percent|per\s?cent)\b)?|[\s-]?(?:percentage|per\s?cent(?:age)?)[\s-]+points?\b|"
    r"\s?p\.\s?p\.|\s?pp\b|[\s-]?per\s?cent\b|[\s-]?percent\b)",
    re.IGNORECASE,
)
# an age stated as a figure: 'at the age of 33', 'the mean age is 42', 'is 14 years old'
# ('The age with the highest proportion of movers was 19', 'an average age of approximately 31')
_AGE_OF = re.compile(
    r"\bages?(?:\s+(?:of|at)|(?:\s+(?!is\b|was\b|were\b|being\b)[\w-]+){0,7}?\s+(?:is|was|were|being))\s+"
    r"(?:about\s+|around\s+|approximately\s+|roughly\s+|nearly\s+|some\s+)?$",
    re.IGNORECASE,
)
_AGE_LIMIT = re.compile(
    r"\b(?:from|after|before|until|till|over|under|below|above|since|by)\s+(?:(?:they|he|she|it|you|we)\s+"
    r"(?:reach(?:ed|es)?|turn(?:ed|s)?|attain(?:ed|s)?)\s+)?the\s+age\s+of\s+$",
    re.IGNORECASE,
)
# an age reached, as a bound: 'children died before they were five years old'
_AGE_REACHED = re.compile(
    r"\b(?:before|until|till)\s+(?:they|he|she|it|you|we)\s+(?:were|was|are|is|turned|turn|reached|reach)\s+$",
    re.IGNORECASE,
)
_COPULA = re.compile(r"\b(?:is|was|are|were)\s+(?:about\s+|around\s+|nearly\s+)?$", re.IGNORECASE)
# 'N years' (or 'yrs', 'y'), also with what kind of years: '9.5 learning-adjusted years', '2.5 more years of schooling'
_DURATION = re.compile(
    r"^(?:\s+|-)(?:(?:more|additional|extra|fewer|[a-z]+-(?:adjusted|equivalent))\s+)?"
    r"(years?|yrs?|y(?![\w'’-])(?!\s*\d)|decades?)\b",  # 'a mean follow-up of 1.84 y (median 1.69 y)'
    re.IGNORECASE,
)


def _duration_unit(m: re.Match[str]) -> str:
    """The unit of a :data:`_DURATION` match: decades or years."""
    return "DECADE" if m.group(1).lower().startswith("decade") else "YR"


# 'five years on', 'two decades later': the narrative's time, not a figure
_AFTER_YEARS_OF = re.compile(r"\b(?:[Aa]fter|[Ff]ollowing)\s+(?:some\s+|nearly\s+|almost\s+|over\s+)?$")
_OF_A_PROCESS = re.compile(
    r"\s+of\s+(?:[\w-]+\s+)?(?:investigations?|negotiations?|talks|war|fighting|conflict|research|litigation|"
    r"deliberations?|debates?|construction|delays?|planning|consultations?|campaigning|lobbying)\b"
)
_OF_A_POINT = re.compile(r"\s+(?:of\s+)?(?:a\s+)?percentage\s+point\b", re.IGNORECASE)
_A_RATIO = re.compile(
    r"\b(?:a?OR|RR|HR|IRR)\s*=\s*$|\b(?:rate|odds|risk|hazard|incidence|prevalence)\s+ratio\s+(?:of|was|is|=)\s*$",
    re.IGNORECASE,
)
_NARRATIVE_TIME = re.compile(
    r"^\s+(?:on|ago|later|earlier|before|after|since|into|hence|back|previously|afterwards)\b", re.IGNORECASE
)
_QUALIFIER = re.compile(
    r"\b(?:top|richest|poorest|wealthiest|bottom|largest|biggest|first|last|next|past|"
    r"previous|other)\s+$",
    re.IGNORECASE,
)
_SCALED = re.compile(r"\s+(?:million|billion|trillion)\b", re.IGNORECASE)
_LABELLED = re.compile(
    r"(?:\b(?:table|figure|fig\.|chart|graph|map|exhibit|chapter|section|sect\.|box|appendix|annex|article|art\.|paragraph|para\.|"
    r"p\.|pp\.|page|pages|vol\.|volume|no\.|note|footnote|equation|eq\.|step|phase|item|recommendation|rev\.|level|version|"
    r"v\.|models?|columns?|rows?|panels?|specifications?|components?|options?|scenarios?|hypothes[ie]s|"
    r"iso|orcid|doi|isbn|issn|arxiv|tag|aged|ages|at\s+age|"
    r"cc\s+by(?:-sa|-nc)?)|§)\s*$",
    re.IGNORECASE,
)
_MATH_NUMBER = re.compile(
    r"^(?:.*?(?:=|\\approx|\\simeq|\\sim|<|>|\\leq?|\\geq?)\s*)?"
    r"(?P<n>[-−]?\s?\d[\d,]*(?:\.\d+)?)\s*(?P<pct>\\?%)?$"
)


# a statistic with no unit named just before a number of its clause: 'an elasticity of about 17',
# 'reported elasticities in primary studies range from 6 to', 'a structural parameter of 13'
_STATISTIC = r"\b(?:elasticit(?:y|ies)|coefficients?|correlations?|parameters?)\b"
_STATISTIC_BEFORE = re.compile(_STATISTIC + r"[^.;:!?%]{0,60}$", re.IGNORECASE)
# the statistic's value itself: 'an elasticity of 22 suggests', 'from an elasticity of 13 to 22 reflects'
_STATISTIC_OF = re.compile(
    _STATISTIC + r"(?:\s*\([^()]{0,20}\))?\s+(?:of|is|was|at|=|equal\s+to)\s+"
    r"(?:(?:about|approximately|roughly|around|nearly|almost|some|close\s+to)\s+)?"
    r"(?:[-−]?\d[\d.,]*\s+(?:to|and|or)\s+(?:(?:about|approximately|roughly|around)\s+)?)?$",
    re.IGNORECASE,
)
# what follows a number that counts nothing: a preposition, a verb, the end of its clause
_NO_NOUN_AFTER = re.compile(
    r"\s*(?:[,.;:)(]|$|(?:in|for|to|and|or|when|with|at|on|under|across|from|by|than|whereas|while|but|as|if|"
    r"is|was|are|were)\b)",
    re.IGNORECASE,
)


def _math_quantities(text: str) -> list[Quantity]:
    """The numbers that inline math states as values ('$-0.08$', '$r = 0.3$', '$12\\%$'): counts, never money."""
    out = []
    for m in math_spans(text):
        n = _MATH_NUMBER.match(m.group("body").strip())
        if n is None:
            continue
        printed = n.group("n").replace(" ", "")
        value = float(printed.replace("−", "-").replace(",", ""))
        body = m.group("body").strip()
        variable = re.match(r"\s*([A-Za-z]+|\\[a-zA-Z]+)\s*(?:=|\\approx|\\simeq|\\sim|<|>|\\leq?|\\geq?)", body)
        counted = value == int(value) and value >= 0 and (variable is None or variable.group(1) in ("N", "n"))
        # a count ('$N = 1,097$', '$12$'), else a pure number: a coefficient ('$-0.075$'), '$\\sigma \\approx 13$'
        unit = "PERCENT" if n.group("pct") else "NUM" if counted else "UNITLESS"
        out.append(
            Quantity(m.start(), m.end(), m.span(), "math", value, unit, printed, printed=text[m.start() : m.end()])
        )
    return out


_VAGUE = re.compile(
    r"\b(?P<order>tens|dozens|hundreds|thousands|millions|billions)\s+of\s+(?:(?P<scale>thousands|millions|billions)\b)?",
    re.IGNORECASE,
)
_VAGUE_MONEY = re.compile(r"\s+of\s+(dollars|euros|pounds\s+sterling)\b", re.IGNORECASE)
_VAGUE_TIME = re.compile(r"\s*(?:years|decades|centuries|generations|millennia)\b", re.IGNORECASE)
_ORDERS = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# the second number of a range, after the first ('2–5 Turkish lira', '20 to 25 minutes'): what follows it
# gives both their unit
_RANGE_TO = re.compile(rf"^\s*(?:to|and|or|[\u2013\-])\s*(?:{DIGITS})")
_AGE_AFTER = re.compile(r"\s*(?:old|of\s+age|and\s+(?:older|over|above))\b")
# a scale said as a word: 'a million jobs', 'half a million people' (not 'a hundred' or 'a thousand', which
# are as often idioms: 'Poverty has a thousand faces'; nor 'a million times')
_A_SCALE = re.compile(
    r"\b(?:(?P<half>half\s+a|a\s+half)|a|one)\s+(?P<scale>million|billion|trillion)\b(?!\s+times\b)", re.IGNORECASE
)


def find_quantities(text: str, excluded: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity figure of ``text`` outside ``excluded`` spans (and outside dates), in order."""
    excluded = list(excluded or []) + excluded_spans(text)
    excluded += [(d.start, d.end) for d in find_dates(text, excluded)]
    excluded += [(d.start, d.end) for d in find_relative_periods(text, 2000, excluded)]
    taken = Taken(excluded)
    out: list[Quantity] = []

    def add(q: Quantity) -> None:
        hedge = HEDGE.search(text, max(0, q.start - 20), q.start)
        if hedge and q.hedge is None and q.kind not in ("vague", "comparative"):
            q.hedge = HEDGES[hedge.group(1).lower()]
            q.start = hedge.start()
            if q.kind in ("multiple", "fraction", "ratio"):
                q.printed_value = text[q.start : q.core[1]]
        half = rounding(q.printed_value, q.value, q.mult) if q.kind in ("count", "money", "percent") else None
        q.lower, q.upper = bounds(q.hedge, q.value, half) if q.kind != "vague" else (q.lower, q.upper)
        q.printed = text[q.start : q.end]
        taken.take(q.start, q.end)
        out.append(q)

    for m in COMPARATIVE.finditer(text):
        if taken.free(*m.span()):
            add(
                Quantity(
                    m.start(), m.end(), m.span(), "comparative", 50.0, "PERCENT", m.group(0), hedge="over", lower=50.0
                )
            )
    for m in _VAGUE.finditer(text):
        if _VAGUE_TIME.match(text, m.end()):
            continue  # 'for thousands of years', 'hundreds of years ago': the narrative's time
        if taken.free(*m.span()):
            order = _ORDERS[m.group("order").lower()]
            scale_word = (m.group("scale") or "").lower()
            scale = _ORDERS.get(scale_word, 1)
            end = m.end("scale") if m.group("scale") else m.end("order")
            money = _VAGUE_MONEY.match(text, end)  # 'hundreds of billions of dollars'
            unit = CURRENCIES[money.group(1).lower().rstrip("s")] if money else "NUM"
            q = Quantity(
                m.start(),
                end,
                (m.start(), end),
                "vague",
                2 * order * scale,
                unit,
                text[
                    m.start() : m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
                    if not m.group("scale")
                    else m.start("scale")
                ].strip(),
                printed_scale=m.group("scale") or "",
                mult=SCALES.get(scale_word.rstrip("s")) if scale_word else None,
                hedge="vague",
                lower=2 * order * scale,
                upper=round((99 if order == 12 else 9.99 * order) * scale, 6),  # dozens: 24 to 99
            )
            add(q)
    for m in MULTIPLE.finditer(text):
        if taken.free(*m.span()):
            verb = m.group("verb") or m.group("future") or m.group("infinitive") or m.group("adjective")
            value = (
                MULTIPLES[verb.lower()]
                if verb
                else number_value(m.group("n") or m.group("x") or m.group("factor") or m.group("decimal"))
            )
            if value:
                add(Quantity(m.start(), m.end(), m.span(), "multiple", float(value), "UNITLESS", m.group(0)))
    for m in RATIO.finditer(text):
        if not taken.free(*m.span()):
            continue
        a, b = number_value(m.group("a")), number_value(m.group("b"))
        if a is None or not b or a >= b:
            continue
        add(Quantity(m.start(), m.end(), m.span(), "ratio", round(a / b, 4), "FRACTION", m.group(0)))
    for m in EVERY_NTH.finditer(text):
        n = int(m.group("digits")) if m.group("digits") else ORDINALS[m.group("n").lower()]
        if n > 1 and taken.free(*m.span()):
            add(Quantity(m.start(), m.end(), m.span(), "ratio", round(1 / n, 4), "FRACTION", m.group(0)))
    for m in TO_ONE.finditer(text):
        if taken.free(*m.span()) and float(m.group("a")) > 1:
            add(Quantity(m.start(), m.end(), m.span(), "ratio", float(m.group("a")), "UNITLESS", m.group(0)))
    for m in SLASH_FRACTION.finditer(text):  # 'Around 2/3rds of the difference', 'another 1/3rd more'
        if taken.free(*m.span()):
            a, b = int(m.group("a")), int(m.group("b"))
            if 0 < a < b:
                add(Quantity(m.start(), m.end(), m.span(), "fraction", round(100 * a / b, 2), "PERCENT", m.group(0)))
    for m in FRACTION.finditer(text):
        if not taken.free(*m.span("f")):
            continue
        hedged = HEDGE.search(text, max(0, m.start() - 20), m.start())
        if not (m.group("of") or hedged) or text[m.end("f") : m.end("f") + 1] == "-":
            continue
        words = re.split(r"[-\s]", m.group("f").lower())
        key = words[-1]
        # 'two-fifths of aggregate wealth': the numerator times the fifth
        share = FRACTIONS[key] if key in FRACTIONS else FRACTIONS[key[:-1]] * NUMERATORS[words[0]]
        point = _OF_A_POINT.match(text, m.end("f"))
        if point:  # 'less than a quarter percentage point': a fraction of one point
            end = m.end("f") + point.end() - point.start()
            add(
                Quantity(
                    m.start(),
                    end,
                    (m.start("f"), end),
                    "percent",
                    round(share / 100, 4),
                    "PERCENT",
                    text[m.start() : end],
                )
            )
            continue
        add(Quantity(m.start(), m.end("f"), m.span("f"), "fraction", round(share, 2), "PERCENT", m.group("f")))
    for m in _A_SCALE.finditer(text):  # 'more than a million jobs', 'half a million people'
        if not taken.free(*m.span()):
            continue
        value = (0.5 if m.group("half") else 1.0) * 10 ** SCALES[m.group("scale").lower()]
        money = CURRENCY_AFTER.match(text[m.end() : m.end() + 40])
        if money is not None and not money.group(1).endswith("$"):  # 'a billion dollars'
            end = m.end() + money.end()
            add(
                Quantity(
                    m.start(),
                    end,
                    (m.start(), end),
                    "money",
                    value,
                    currency_code(money.group(1)),
                    m.group(0),
                )
            )
        else:
            add(Quantity(m.start(), m.end(), m.span(), "count", value, "NUM", m.group(0)))
    out += _math_quantities(text)
    for m in NUMBER.finditer(text):
        found = _numeric(text, m)
        if found is not None and taken.free(found.start, found.end) and taken.free(*m.span()):
            add(found)
    for q in list(out):  # '10-12%', '3–5 million': the range's second number, after the first was read
        dash = re.match(r"[-–]\s?(?=\d)", text[q.core[1] : q.core[1] + 3]) if q.kind != "math" else None
        second = SECOND_OF_RANGE.match(text, q.core[1] + dash.end()) if dash else None
        found = _numeric(text, second) if second else None
        if found is not None and taken.free(found.start, found.end):
            add(found)
    return sorted(out, key=lambda q: q.start)


# a decimal below one as a share: '0.270 of revenue', 'the share for coal is 0.044'
_OF_A_WHOLE = re.compile(r"\s+of\s+(?:the\s+|their\s+|its\s+)?[^\W\d]")
_SHARE_BEFORE = re.compile(r"\b(?:share|fraction|proportion)\b[^.;:\d]*$", re.IGNORECASE)


def _numeric(text: str, m: re.Match[str]) -> Quantity | None:
    """A number with what follows (percent, scale, currency, years) or precedes it (currency)."""
    a, b = m.span()
    raw = m.group(0)
    is_words = m.group("words") is not None
    value = number_value(m.group("digits") or m.group("words"))
    if value is None:
        return None
    if m.group("sign"):
        if is_words:
            return None
        value = -value
    before = text[max(0, a - 16) : a]
    if _LABELLED.search(before) or (_QUALIFIER.search(before) and not _SCALED.match(text, b)):
        return None  # 'the top 500 MNCs', 'the other 99%'; not 'the other 39 million workers
    negative = re.search(r"\b(?:negative|minus)\s+$", before, re.IGNORECASE)
    if negative and not m.group("sign") and not is_words:
        value, a, raw = -value, a - len(negative.group(0)), "-" + raw  # 'a negative 10 percent premium'
    if re.match(r"(?:<sup>)?(?:st|nd|rd|th)\b", text[b : b + 12]):
        return None  # an ordinal: '21st', '21<sup>st</sup> century'
    if names_no_quantity(text, a, b, raw, m.group("digits")):
        return None
    old = re.match(r"^(?:\s*(?:to|and|-|–)\s*\d{1,3})?\s*(?:-|\s)years?[-\s]olds?\b", text[b : b + 24])
    age_of = _AGE_OF.search(text, max(0, a - 80), a) is not None
    if old or age_of:
        if age_of and _AGE_LIMIT.search(text, max(0, a - 40), a):
            return None  # a threshold ('at risk from the age of 15')
        if not age_of and (not _COPULA.search(before) or _AGE_REACHED.search(text, max(0, a - 40), a)):
            return None  # an age that names a group ('children 11 to 19 years old') or bounds ('before they were 5')
        end = b + old.end() if old else b  # an age stated ('the mean age is 42', 'is 14 years old')
        years = None if old else _DURATION.match(text[b : b + 40])
        end += years.end() if years else 0  # 'the mean age was 33.5 years'
        return Quantity(a, end, (a, end), "duration", tidy(value), "YR", raw)
    rest = text[b : b + 40]
    start, end = a, b
    unit, kind, scale_word, mult = "NUM", "count", "", None
    currency = CURRENCY_BEFORE.search(before)
    if currency:
        unit, kind, start = (
            CURRENCIES[currency.group(1).lower().replace("u.s.", "us").replace(" ", "")],
            "money",
            a - len(currency.group(0)),
        )
        if text[start - 1 : start] in "-−" and start > 0 and not text[start - 2 : start - 1].isalnum():
            value, start, raw = -value, start - 1, "-" + raw  # '-£0.3 billion'
    scale = _SCALE.match(rest) or (_SCALE_AFTER_CURRENCY.match(rest) if currency else None)
    if scale is None:  # '1.5 to 3.3 billion': the first number takes the second's scale and unit
        joined = re.match(
            rf"^\s*(?P<by>to|and|or|[\u2013\-])\s*(?:US\$|\$|€|£)?\s?(?P<second>{DIGITS})(?=(\s+(?:thousand|million|billion|trillion)s?\b|\s?(?:bn|mn)\b|\s*%|\s?per\s?cent\b|\s?percent\b))",
            rest,
            re.IGNORECASE,
        )
        if joined and joined.group("by").lower() == "or" and not value < (number_value(joined.group("second")) or 0):
            joined = None  # 'down around 15,000 or 3 per cent': a count and its share, not a range ('2 or 3 per cent')
        if joined and not is_words:
            follow = joined.group(3)
            s = _SCALE.match(follow)
            if s:
                scale_word = (s.group(1) or s.group(2) or s.group(3)).lower()
                mult = SCALES[scale_word]
            elif _PERCENT.match(follow):
                unit, kind = "PERCENT", "percent"
        elif not is_words and not currency:  # '2–5 Turkish lira': the first takes the second's currency
            paired = _RANGE_TO.match(rest)
            named = CURRENCY_AFTER.match(rest[paired.end() :]) if paired else None
            if named is not None and not named.group(1).endswith("$"):
                unit, kind = currency_code(named.group(1)), "money"
    if scale is not None:
        scale_word = (scale.group(1) or scale.group(2) or scale.group(3)).lower()
        if scale_word == "k" and text[b + scale.end() : b + scale.end() + 1].isalpha():
            return None
        mult = SCALES[scale_word]
        end = b + scale.end()
        rest = text[end : end + 40]
    percent = _PERCENT.match(text[end : end + 40])
    if percent and kind != "money":
        unit, kind, end = "PERCENT", "percent", end + percent.end()
    elif kind != "money":
        after = CURRENCY_AFTER.match(text[end : end + 40])
        if after:
            unit, kind, end = currency_code(after.group(1)), "money", end + after.end()
    measure = MEASURE.match(text[end : end + 40]) if kind == "count" and mult is None else None
    if measure is None and kind == "count" and mult is None:  # '20 to 25 minutes', 'six to 18 months'
        paired = _RANGE_TO.match(text[end : end + 40])
        unit_after = MEASURE.match(text[end + paired.end() : end + paired.end() + 40]) if paired else None
        if unit_after is not None:
            unit = measure_code(unit_after)
            return Quantity(start, end, (a, end), "measure", tidy(value), unit, raw)
        # '6.9 and 5.5 years less': a duration named once, after the second
        second = end + paired.end() if paired else end
        years = _DURATION.match(text[second : second + 40]) if paired else None
        if years is not None and not _AGE_AFTER.match(text, second + years.end()):
            return Quantity(start, end, (a, end), "duration", tidy(value), _duration_unit(years), raw)
    if measure:
        if is_words and value < 2:
            return None  # 'one day', 'a month'
        unit = measure_code(measure)
        return Quantity(start, end + measure.end(), (a, end + measure.end()), "measure", tidy(value), unit, raw)
    if kind == "count" and mult is None:
        duration = _DURATION.match(text[end : end + 40])
        if duration:
            if _NARRATIVE_TIME.match(text[end + duration.end() : end + duration.end() + 16]):
                return None
            if _AFTER_YEARS_OF.search(text, max(0, a - 10), a) and _OF_A_PROCESS.match(text, end + duration.end()):
                return None  # 'after three years of investigation, the Commission produced': the narrative's time
            unit, kind, end = _duration_unit(duration), "duration", end + duration.end()
        elif is_words and not word_counts(text, a, end, value):
            return None  # 'two sides of the same coin', 'Five over-arching aspects'
    if (
        kind == "count"
        and not is_words
        and re.fullmatch(r"\d{4}", raw)
        and 1500 <= value <= 2099
        and mult is None
        and not PLURAL_NOUN_AFTER.match(text[end : end + 30])
    ):
        return None  # a year the date patterns left (e.g. inside a range they refused); '1691 respondents' is a count
    if (
        kind == "count"
        and mult is None
        and (
            _STATISTIC_OF.search(text, max(0, a - 70), a) is not None
            or _STATISTIC_BEFORE.search(text, max(0, a - 70), a) is not None
            and _NO_NOUN_AFTER.match(text, end) is not None
        )
    ):
        unit = "UNITLESS"  # 'an elasticity of about 17', 'elasticities ... range from 6 to over 500': no count
    if kind == "count" and mult is None and _A_RATIO.search(text[max(0, a - 40) : a]):
        unit = "UNITLESS"  # a ratio of a test: '(OR = 7.3; p<0.001)', 'gave a summary rate ratio of 0.25'
    if unit == "NUM" and mult is None and not is_words and 0 < value < 1:
        # a decimal below one counts nothing: a share ('0.270 of revenue', 'the share for coal is 0.044') or a ratio
        share = _OF_A_WHOLE.match(text, end) or _SHARE_BEFORE.search(text, max(0, a - 60), a)
        unit, kind = ("FRACTION", "fraction") if share else ("UNITLESS", kind)
    printed_value = raw
    q = Quantity(
        start,
        end,
        (a, end),
        kind,
        tidy(value * (10**mult if mult else 1)),
        unit,
        printed_value,
        printed_scale=scale_word if scale is not None or mult else "",
        mult=mult,
    )
    if kind == "duration" and printed_value != raw:
        q.printed_value = raw
    return q
