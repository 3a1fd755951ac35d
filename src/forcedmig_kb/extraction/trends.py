"""Trends the text states between its figures (rises, falls, multiples, net flows), recomputed from what they
change between.

Each function links the drafts of a sentence (a calculation with its inputs) so that the check can
recompute a change from its endpoints or its base; :func:`.relations.relate` calls them in turn:

- :func:`endpoints`: 'multiplied five-fold, rising from 2 to 10 billion', 'grew 44%, from 298,000 to
  430,000', 'increased by 5.7 percentage points (from 16.5% to 22.2%)', 'lost over one-half its value,
  dropping from $64 billion to $30 billion': a multiple, a rise or a fall in percent or in points (or in
  the endpoints' unit) recomputed from its endpoints;
- :func:`but_only`: '256 publications ..., but only 78 in the post-ORI period, a 69.5% decline': a
  change named after its endpoints;
- :func:`by_amount_and_percent`: 'up by 3,980 or 32 per cent on 2012, when 12,570 ...': a change in
  the base's unit and in percent;
- :func:`change_after_pair`: '2.0% in 1998 and 2.5% in 1999, a rise of 0.5 percentage points';
- :func:`apposed_multiple`: 'more than 70,000, twice as high' after 'around 19,000';
- :func:`net`: '53,200 moved ...; 46,800 moved ... a net loss of 6,400': the difference of two flows;
- :func:`per_base`: '122 women ... for every 100 men (22 percent more)', 'for every $1.00 invested, employers
  receive $1.44 ..., a return of 44 percent': how far a rate per base stands above or below its base.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .drafts import Draft

#: units that a sum or a change of amounts does not apply to: shares, multiples and years
COUNTS = ("PERCENT", "FRACTION", "UNITLESS", "YR")


def _in_parentheses(text: str, at: int) -> bool:
    """Is ``at`` inside a parenthesis opened in the 200 characters before it?"""
    line = text[max(0, at - 200) : at]
    return line.rfind("(") > line.rfind(")")


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|over\s+)?$", re.IGNORECASE)
_TO_BETWEEN = re.compile(
    r"^\s+(?:(?:in|by|at\s+the\s+(?:end|start|beginning)\s+of|as\s+of)\s+(?:(?:early|mid|late)[-\s]+)?(?:[A-Z][a-z]+\s+)?"
    r"(?:FY)?(?:1[5-9]\d\d|20\d\d)\s+|(?:\(\d{4}\)\s+))?to\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|over\s+|almost\s+)?$",
    re.IGNORECASE,
)


# 'put the toll at more than 70,000, twice as high': a multiple set after a figure, its base not named after it
_MULTIPLE_APPOSED = re.compile(r"\s*,\s*(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+|over\s+)?$")
_AS_HIGH = re.compile(
    r"\s+(?:as\s+(?:high|many|much|large|big|great|numerous)|higher|more|larger|greater|bigger)\b(?!\s+(?:as|than)\b)",
    re.IGNORECASE,
)


def apposed_multiple(text: str, quantities: list[Draft], sentences) -> None:
    """'One monitor reported around 19,000 deaths. Other teams put the toll at more than 70,000, twice as
    high': a multiple in apposition to a figure, with no base after it, is that figure over the figure of
    its unit stated last before it, in its sentence or the one before."""
    for i, s in enumerate(sentences):
        inside = [d for d in quantities if s.start <= d.start < s.end]
        for k, d in enumerate(inside):
            if k == 0 or d.inputs or d.amount.kind != "multiple" or not _AS_HIGH.match(text, d.end):
                continue
            figure = inside[k - 1]
            if not _MULTIPLE_APPOSED.fullmatch(text[figure.end : d.start]):
                continue
            start = sentences[i - 1].start if i > 0 else s.start
            base = next(
                (
                    x
                    for x in reversed(quantities)
                    if start <= x.start < figure.start and x.amount.unit == figure.amount.unit and x.amount.value
                ),
                None,
            )
            if base is not None:
                d.operation, d.inputs = "ratio", [(figure, "numerator"), (base, "denominator")]


# a rise stated as a percentage: 'grew 64% during that period', 'increased approximately 150%'
_GREW = re.compile(
    r"\b(?:grew|grown|increased|rose|risen|climbed|jumped|expanded|went\s+up)\s+(?:by\s+)?"
    r"(?:about\s+|approximately\s+|roughly\s+|nearly\s+|almost\s+|some\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


# a fall stated before its share: 'lost over one-half its value', 'fell by 30 percent', 'dropped 2 points'
_FELL = re.compile(
    r"\b(?:lost|fell|fallen|dropped|declined|decreased|shrank|shrunk|plunged|plummeted|went\s+down)\s+(?:by\s+)?"
    r"(?:about\s+|approximately\s+|roughly\s+|nearly\s+|almost\s+|some\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


def endpoints(text: str, sentence: list[Draft]) -> None:
    """'multiplied five-fold, rising from 2 billion to 10 billion': a multiple recomputed from its endpoints;
    'grew 44% during that period, from approximately 298,000 to 430,000': a rise in percent likewise;
    'increased by 5.7 percentage points (from 16.5% in 1980 to 22.2% in 2013)': a rise in points, the
    difference of its endpoints (so is a rise in the endpoints' own unit: 'rose by $3 billion, from ...').

    A 'from A to B' pair in the sentence also shares its unit ('from 2 billion to 10 billion
    dollars'), and a multiple of the sentence without inputs of its own is their ratio.
    """
    pairs = []
    for x, y in zip(sentence, sentence[1:]):
        if _FROM_BEFORE.search(text, max(0, x.start - 24), x.start) and _TO_BETWEEN.match(text[x.end : y.start]):
            qx, qy = x.amount, y.amount
            if qx.unit != qy.unit and "NUM" in (qx.unit, qy.unit):
                if qx.unit == "NUM" and qy.unit not in COUNTS:
                    qx.unit = qy.unit
                elif qy.unit == "NUM" and qx.unit not in COUNTS:
                    qy.unit = qx.unit
            if qx.unit == qy.unit:
                pairs.append((x, y))
    if len(pairs) != 1:
        return
    x, y = pairs[0]
    for d in sentence:
        if d.amount.kind == "multiple" and not d.inputs:
            d.operation, d.inputs = "ratio", [(y, "numerator"), (x, "denominator")]
        elif not d.inputs and d is not x and d is not y and _GREW.search(text, max(0, d.start - 40), d.start):
            points = "point" in d.printed.lower()
            if d.amount.kind == "percent" and not points:
                d.operation, d.inputs = "change", [(y, "numerator"), (x, "denominator")]
            elif d.amount.unit == x.amount.unit and (points or d.amount.unit != "PERCENT"):
                d.operation, d.inputs = "difference", [(y, "addend"), (x, "subtrahend")]
        elif not d.inputs and d is not x and d is not y and _FELL.search(text, max(0, d.start - 40), d.start):
            points = "point" in d.printed.lower()
            if d.amount.kind in ("percent", "fraction") and not points and d.amount.unit in ("PERCENT", "FRACTION"):
                d.operation, d.inputs = "decline", [(y, "numerator"), (x, "denominator")]
            elif d.amount.unit == x.amount.unit and (points or d.amount.unit != "PERCENT"):
                d.operation, d.inputs = "difference", [(x, "addend"), (y, "subtrahend")]


# 'A total of 256 publications ..., but only 78 in the 3-year post-ORI period ..., a 69.5% decline'
_CONTRAST_BEFORE = re.compile(
    r"\b(?:but\s+only|compared\s+(?:with|to)|versus|vs\.?|down\s+to|up\s+to)\s+$", re.IGNORECASE
)
_CHANGE_NOUN = re.compile(r"\s*(?:(?P<down>decline|decrease|drop|reduction|fall|loss)|(?P<up>increase|rise|gain))\b")


def but_only(text: str, sentence: list[Draft]) -> None:
    """A change in percent named after its endpoints, the second set against the first: '256 publications
    ... in the pre-ORI period, but only 78 in the post-ORI period, a 69.5% decline' (the first is the
    sentence's first figure of the second's unit, outside parentheses)."""
    for k, d in enumerate(sentence):
        noun = _CHANGE_NOUN.match(text, d.end)
        if d.inputs or d.amount.kind != "percent" or "point" in d.printed.lower() or noun is None:
            continue
        later = next(
            (y for y in reversed(sentence[:k]) if _CONTRAST_BEFORE.search(text, max(0, y.start - 16), y.start)), None
        )
        if later is None or later.amount.unit in COUNTS:
            continue
        first = next(
            (
                x
                for x in sentence
                if x.start < later.start and x.amount.unit == later.amount.unit and not _in_parentheses(text, x.start)
            ),
            None,
        )
        if first is None or first.amount.value == 0:
            continue
        if noun.group("down"):
            d.operation, d.inputs = "decline", [(later, "numerator"), (first, "denominator")]
        else:
            d.operation, d.inputs = "change", [(later, "numerator"), (first, "denominator")]


# a change named after two figures of one unit, each with its year: '2.0% in 1998 and 2.5% in 1999, a rise of 0.5
# percentage points'
_CHANGE_OF = re.compile(
    r"[,;]?\s*(?:an?|the)\s+(?:(?P<up>rise|increase|gain|growth)|(?P<down>fall|decline|decrease|drop|reduction|loss))"
    r"\s+of\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|just\s+(?:over|under)\s+)?$"
)
_YEAR_AND = re.compile(
    r"\s+(?:in|for)\s+(?:FY\s?)?(?:1[5-9]\d\d|20\d\d)(?:/\d{2,4})?\s*(?:,\s*)?(?:and|to|against|compared\s+with)\s+"
)
_YEAR_AFTER = re.compile(r"\s+(?:in|for)\s+(?:FY\s?)?(?:1[5-9]\d\d|20\d\d)(?:/\d{2,4})?\s*")


def change_after_pair(text: str, sentence: list[Draft]) -> None:
    """'world GDP to grow by 2.0% in 1998 and 2.5% in 1999, a rise of 0.5 percentage points': a change named
    right after two figures of one unit and their years, recomputed from them (in points, or in the figures' own
    unit, the difference; in percent of amounts, the change)."""
    for x, y, d in zip(sentence, sentence[1:], sentence[2:]):
        change = _CHANGE_OF.search(text, max(0, d.start - 40), d.start)
        joined = _YEAR_AND.match(text, x.end)
        if d.inputs or change is None or x.amount.unit != y.amount.unit or joined is None or joined.end() != y.start:
            continue
        between = text[y.end : change.start()]
        if between.strip() and not _YEAR_AFTER.fullmatch(between):
            continue
        up = change.group("up") is not None
        points = "point" in d.printed.lower()
        if d.amount.unit == x.amount.unit and (points or d.amount.unit != "PERCENT"):
            first, second = (y, x) if up else (x, y)
            d.operation, d.inputs = "difference", [(first, "addend"), (second, "subtrahend")]
        elif d.amount.kind == "percent" and not points and x.amount.unit not in COUNTS:
            d.operation, d.inputs = ("change" if up else "decline"), [(y, "numerator"), (x, "denominator")]


# a change stated in the endpoints' unit and in percent, with its base after them: 'up by 3,980 or 32 per
# cent on 2012, when 12,570 new employees joined'
_BY_AMOUNT = re.compile(
    r"\b(?:up|down|rose|risen|fell|fallen|increased|decreased|grew|grown|dropped|"
    r"an?\s+(?:increase|decrease|rise|fall|drop|reduction)\s+of)\s+(?:by\s+)?$",
    re.IGNORECASE,
)
_OR_PERCENT = re.compile(r"\s*(?:,?\s*or|\()\s*")
_WHEN_BASE = re.compile(
    r"\)?[^.;:()]{0,40}?\b(?:when|from|compared\s+(?:with|to)|against)\s+(?:about\s+|around\s+|some\s+)?"
)


def by_amount_and_percent(text: str, sentence: list[Draft]) -> None:
    """'This was up by 3,980 or 32 per cent on 2012, when 12,570 new employees joined': a change stated in
    the base's unit and in percent, the percent recomputed as the change's share of the base."""
    for d, p, base in zip(sentence, sentence[1:], sentence[2:]):
        if (
            p.amount.kind == "percent"
            and "point" not in p.printed.lower()
            and not p.inputs
            and d.amount.unit == base.amount.unit
            and d.amount.unit not in COUNTS
            and _BY_AMOUNT.search(text, max(0, d.start - 30), d.start)
            and _OR_PERCENT.fullmatch(text, d.end, p.start)
            and _WHEN_BASE.fullmatch(text, p.end, base.start)
        ):
            p.operation, p.inputs = "share", [(d, "numerator"), (base, "denominator")]


# 'a net internal migration loss for England and Wales of 6,400 people', after the two flows it nets
_NET_BEFORE = re.compile(r"\bnet\s+[^.;:\d]{0,60}?\bof\s+(?:about\s+|around\s+|some\s+|nearly\s+)?$", re.IGNORECASE)
_MOVES = re.compile(
    r"\b(?:moved|migrated|arrived|left|emigrated|immigrated|entered|departed|came|went|in-?flows?|out-?flows?)\b",
    re.IGNORECASE,
)


# two amounts set against each other: '$547 million in taxes yearly, compared to $238 million in services used'
_SET_AGAINST = re.compile(
    r"[^.;:\d]{0,60}?\b(?:compared\s+(?:to|with)|versus|vs\.?|against)\s+(?:about\s+|around\s+|some\s+)?"
)


def net(text: str, quantities: list[Draft], sentences) -> None:
    """A net flow stated after the two flows it nets, printed together in the sentence before or its own
    ('53,200 people moved from England and Wales to ...; 46,800 moved from ... to England and Wales.
    This means there was a net internal migration loss for England and Wales of 6,400 people'), or after two
    amounts set against each other ('pay $547 million in taxes yearly, compared to $238 million in services
    used--a net "profit" for Illinois of $309 million'): the difference of the larger and the smaller."""
    bounds = [(s.start, s.end) for s in sentences]
    for k, d in enumerate(quantities):
        if d.inputs or d.amount.unit in COUNTS or not _NET_BEFORE.search(text, max(0, d.start - 80), d.start):
            continue
        here = next((i for i, (a, b) in enumerate(bounds) if a <= d.start < b), None)
        if here is None:
            continue
        for i in (here, here - 1):
            if i < 0:
                continue
            a, b = bounds[i]
            flows = [x for x in quantities[:k] if a <= x.start < b and x.amount.unit == d.amount.unit]
            set_against = len(flows) >= 2 and _SET_AGAINST.fullmatch(text, flows[-2].end, flows[-1].start)
            if len(flows) >= 2 and (_MOVES.search(text, a, b) or set_against):
                x, y = sorted(flows[-2:], key=lambda f: f.amount.value, reverse=True)
                d.operation, d.inputs = "difference", [(x, "addend"), (y, "subtrahend")]
                break


# a change in percent named after a pair of endpoints: '137 SDA places to 492. That's 360% growth', 'from 137 to
# 492, a 360% increase'
_PERCENT_CHANGE = re.compile(
    r"\s*(?:(?P<down>decline|decrease|drop|reduction|fall)|(?P<up>growth|increase|rise|gain))\b"
)
_TO_PAIR = re.compile(r"(?:\s+[^\W\d][\w-]*){0,3}\s+to\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$")
_DEICTIC = re.compile(r"\W*(?:That|This|It|Which)(?:['’]s|\s+is|\s+was|\s+means)\b")


def change_after_endpoints(text: str, quantities: list[Draft], sentences) -> None:
    """A change in percent named after 'A to B' of one unit, in its sentence or, when its sentence opens by
    pointing back ('That's 360% growth'), in the sentence before: recomputed from them."""
    for i, s in enumerate(sentences):
        inside = [d for d in quantities if s.start <= d.start < s.end]
        for k, d in enumerate(inside):
            noun = _PERCENT_CHANGE.match(text, d.end)
            if d.inputs or d.amount.kind != "percent" or "point" in d.printed.lower() or noun is None:
                continue
            before = inside[:k]
            if not before and i > 0 and _DEICTIC.match(text, s.start):
                before = [x for x in quantities if sentences[i - 1].start <= x.start < sentences[i - 1].end]
            pairs = [
                (x, y)
                for x, y in zip(before, before[1:])
                if _TO_PAIR.fullmatch(text, x.end, y.start)
                and x.amount.unit == y.amount.unit
                and x.amount.unit not in COUNTS
                and x.amount.value
            ]
            if len(pairs) == 1:
                x, y = pairs[0]
                d.operation = "decline" if noun.group("down") else "change"
                d.inputs = [(y, "numerator"), (x, "denominator")]


# a rate stated per a base: '122 women living in poverty for every 100 men', 'for every $1.00 invested, employers
# receive $1.44'; and how far it stands from the base, in percent: '(22 percent more)', 'a return of 44 percent'
_FOR_EVERY = re.compile(r"\bfor\s+(?:every|each)\s+(?:extra\s+|additional\s+)?$", re.IGNORECASE)
_ABOVE_AFTER = re.compile(
    r"\s*(?:(?P<up>more|higher|greater|larger|above)|(?P<down>fewer|less|lower|smaller|below))\b", re.IGNORECASE
)
_RETURN_BEFORE = re.compile(r"\b(?:a\s+|an\s+)?(?:return|gain|premium|surplus)\s+of\s+(?:about\s+|around\s+)?$")


def per_base(text: str, sentence: list[Draft]) -> None:
    """A percent that says how far a rate per base stands above or below its base, recomputed from the two:
    '122 women ... for every 100 men (22 percent more)' is a change of 122 over 100; 'for every $1.00
    invested, employers receive $1.44 ..., a return of 44 percent' one of 1.44 over 1.00."""
    for i, p in enumerate(sentence):
        if p.inputs or p.amount.kind != "percent" or "point" in p.printed.lower():
            continue
        above = _ABOVE_AFTER.match(text, p.end)
        gain = _RETURN_BEFORE.search(text, max(0, p.start - 30), p.start)
        if above is None and gain is None:
            continue
        before = [d for d in sentence[:i] if d.amount.kind != "percent" and not d.inputs]
        pair = None
        for x, y in zip(before, before[1:]):
            if x.amount.unit != y.amount.unit:
                continue
            if _FOR_EVERY.search(text, max(0, y.start - 40), y.start) and x.end <= y.start:
                pair = (x, y)  # '122 women ... for every 100 men'
            elif _FOR_EVERY.search(text, max(0, x.start - 40), x.start):
                pair = (y, x)  # 'for every $1.00 invested, employers receive $1.44'
        if pair is None:
            continue
        rate, base = pair
        down = above is not None and above.group("down") is not None
        p.operation, p.inputs = ("decline" if down else "change"), [(rate, "numerator"), (base, "denominator")]
