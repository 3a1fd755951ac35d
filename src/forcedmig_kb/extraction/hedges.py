"""Hedges printed before a figure ('nearly', 'more than', 'no more than', 'an estimated') and the interval each allows.

A hedge is one of the concepts of the fm:hedges scheme (:data:`HEDGES` maps the printed words to it);
:func:`bounds` turns it into the lower and upper bounds a check holds the figure to, and :func:`rounding` gives
what a figure printed to its last significant digit allows when it is 'around' a value.

>>> bounds(HEDGES["no more than"], 42.0), bounds("around", 2800.0, rounding("2,800", 2800.0, None))
((0.0, 42.0), (2750.0, 2850.0))
"""

from __future__ import annotations

import re

from .numbers import tidy

HEDGES = {  # printed hedge -> fm:hedges concept
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
    "close to": "closeTo",
    "around": "around",
    "about": "around",
    "approximately": "around",
    "roughly": "around",
    "some": "around",
    "over": "over",
    "more than": "over",
    "above": "over",
    "upwards of": "over",
    "in excess of": "over",
    "at least": "atLeast",
    "no fewer than": "atLeast",
    "no less than": "atLeast",
    "not less than": "atLeast",
    "not fewer than": "atLeast",
    "no more than": "lessThan",
    "not more than": "lessThan",
    "not to exceed": "lessThan",
    "less than": "lessThan",
    "fewer than": "lessThan",
    "under": "lessThan",
    "below": "lessThan",
    "up to": "lessThan",
    "at most": "lessThan",
    "an estimated": "estimated",
    "estimated": "estimated",
    "perhaps": "estimated",
    "possibly": "estimated",
    "just over": "over",
    "well over": "over",
    "circa": "around",
    "c.": "around",
    "approx.": "around",
    "almost exactly": "around",
    "well below": "lessThan",
    "just below": "nearly",
    "as much as": "lessThan",
    "as many as": "lessThan",
}
#: a hedge right before a figure
HEDGE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True)) + r")\s+$", re.IGNORECASE
)


def rounding(printed: str, value: float, mult: int | None) -> float | None:
    """Half the unit of the last significant digit a figure is printed to ('17 billion': 0.5 billion;
    '2,800': 50; '0.7': 0.05): what 'around' allows of a rounded figure."""
    digits = printed.replace(",", "")
    m = re.fullmatch(r"\D*?(\d+)(?:\.(\d+))?\D*", digits)
    if m is None:
        return None
    whole, frac = m.group(1), m.group(2) or ""
    if frac:
        unit = 10.0 ** -len(frac)
    else:
        unit = 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0
    return unit / 2 * (10**mult if mult else 1)


def bounds(hedge: str | None, value: float, half: float | None = None) -> tuple[float | None, float | None]:
    """The bounds a hedge implies (the fm:hedges scheme): 'around' a figure printed with its digits allows
    what rounds to it (``half``: half the unit of its last significant digit), 'close to' and
    'estimated' 0.9X to 1.1X."""
    if hedge == "nearly":
        return tidy(value * 0.9), value
    if hedge == "around" and half is not None and value:
        return tidy(value - half), tidy(value + half)
    if hedge in ("closeTo", "around", "estimated"):
        return tidy(value * 0.9), tidy(value * 1.1)
    if hedge in ("over", "atLeast"):
        return value, None
    if hedge == "lessThan":
        return 0.0, value
    return None, None
