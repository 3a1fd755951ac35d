"""Numbers as printed: digits, number words, a sign, a scale glued to the digits, a currency before them.

>>> [(m.group(0), number_value(m.group("digits") or m.group("words"))) for m in NUMBER.finditer("1,460 and twenty-five")]
[('1,460', 1460.0), ('twenty-five', 25.0)]
"""

from __future__ import annotations

import re
from functools import cache

_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
).split()
_W = "(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_WORD_RUN = (
    rf"(?:{_W}(?:[-\s]{_W})?(?:\s+hundred(?:\s+(?:and\s+)?{_W}(?:[-\s]{_W})?)?)?(?:\s+thousand)?(?:\s+and\s+a\s+half)?"
    rf"(?:\s+dozen)?|(?:a|half\s+a)\s+dozen)"  # 'three dozen tenants', 'a dozen apartments'
)
# a whole number with a vulgar fraction glued to it, as British prose prints rates: '3½%', '2¼ per cent'
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
DIGITS = r"\d+[½¼¾⅓⅔⅛]|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# a scale glued to the digits: '1.2m', '€3.5bn', '50k' (never '5 m', which may be metres)
_GLUED_SCALE = r"(?:bn|mn|tn|m|k|b)\b"
# an amount of data glued to the digits: '1TB', '3.8TB' (units.MEASURES reads the unit)
_GLUED_DATA = r"[MGTP]B\b"
# a minus sign ('-0.08', Unicode '−0.3') where no word, number or bracket precedes it ('1990-2000' is a range);
# a typewriter's dash before it is no sign ('virtually all undocumented men--96 percent'), nor the dash of
# a range of percentages ('10%-12%')
NUMBER = re.compile(
    rf"(?:(?<![\w.,/#)\]%\-−])(?P<sign>[-−])(?=\d)|(?<![\w.\-−/#])(?<![A-Za-z]-)|(?<=[^\W\d]--)|(?<=%[-–]))"
    rf"(?:(?P<digits>{DIGITS})|(?P<words>\b{_WORD_RUN}\b))(?:(?![\w])|(?={_GLUED_SCALE})|(?={_GLUED_DATA}))",
    re.IGNORECASE,
)
NUM = rf"(?:{DIGITS}|{_WORD_RUN})"
#: the second number of a range joined by a dash ('10-12%', '3–5 million'), read where :data:`NUMBER`
#: refuses a number after a dash (its groups are NUMBER's)
SECOND_OF_RANGE = re.compile(rf"(?P<sign>(?!))?(?:(?P<digits>{DIGITS})|(?P<words>(?!)))(?:(?![\w])|(?={_GLUED_SCALE}))")


CURRENCY_BEFORE = re.compile(r"(US\$|U\.S\.\s?\$|CA?\$|AU?\$|NZ\$|HK\$|R\$|\$|€|£|₹|₺|₦|USD|EUR|GBP)\s?$")


def parse_words(text: str) -> float | None:
    """A run of number words as a number (number-parser), with 'and a half'.

    >>> parse_words("seven and a half"), parse_words("one hundred and fifty"), parse_words("twenty-five")
    (7.5, 150.0, 25.0)
    >>> parse_words("a dozen"), parse_words("three dozen"), parse_words("half a dozen")
    (12.0, 36.0, 6.0)
    """
    text = re.sub(r"\s+", " ", text.strip().lower())
    if text.endswith("dozen"):  # 'a dozen', 'half a dozen', 'three dozen'
        head = text[: -len("dozen")].strip()
        times = {"a": 1.0, "half a": 0.5}.get(head) or parse_words(head)
        return None if times is None else times * 12
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    value = _cached_parse(text) if text else None
    if value is None:
        return None
    return float(value) + (0.5 if half else 0.0)


@cache
def _cached_parse(text: str) -> int | None:
    from number_parser import parse_number

    return parse_number(text, language="en")


def number_value(text: str) -> float | None:
    """'1,460' -> 1460.0, '31.2' -> 31.2, '3½' -> 3.5, 'seven' -> 7.0.

    >>> number_value("3½"), number_value("1,460")
    (3.5, 1460.0)
    """
    if text[:1].isdigit():
        if text[-1] in _VULGAR:
            return int(text[:-1]) + _VULGAR[text[-1]]
        return float(text.replace(",", ""))
    return parse_words(text)


def tidy(x: float) -> float:
    """A float without binary noise: 65.6 * 10**6 is 65600000.0, not 65599999.99999999.

    >>> tidy(65.6 * 10**6), tidy(85e6 * 1.1)
    (65600000.0, 93500000.0)
    """
    return float(f"{x:.12g}")
