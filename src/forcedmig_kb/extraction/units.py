"""The units of figures as printed: currencies and measures, and the codes they stand for.

A currency named after an amount ('5 billion Canadian dollars', '90 billion market dollars') or a
measure in a unit of QUDT's vocabulary ('25 minutes', '150 mm'); its code is the ISO 4217 code
(``CAD``) or the QUDT local name (``MilliM``) that :mod:`.graph` writes and
``ontology/concepts.ttl`` declares. (A currency's sign before an amount is
:data:`.numbers.CURRENCY_BEFORE`.)

>>> currency_code(CURRENCY_AFTER.match(" Canadian dollars").group(1)), currency_code("US dollars")
('CAD', 'USD')
>>> measure_code(MEASURE.match(" minutes"))
'MIN'
"""

from __future__ import annotations

import re

# the currency after the amount, also with what kind of dollar it is: '90 billion market dollars',
# "160 billion 'international dollars'", '160 billion int.-$' (PPP dollars are counted in US dollars)
CURRENCY_AFTER = re.compile(
    r"^\s+(?:(?:international|market|constant|current|nominal|real|PPP|Geary[-–]Khamis|(?:19|20)\d\d)\s+|['‘\"“])*"
    r"(USD|US\s?dollars?|U\.S\.?\s+dollars?|(?:Canadian|Australian|New\s+Zealand|Hong\s+Kong)\s+dollars?|dollars?|"
    r"EUR|euros?|GBP|pounds\s+sterling|int(?:ernational)?\.?-?\$|PPP\s?\$|Brazilian\s+reals?|(?:Indian|Pakistani)\s+rupees?|"
    r"Turkish\s+lira|naira|Mexican\s+pesos?|(?:Japanese\s+)?yen|yuan|renminbi|Swiss\s+francs?|South\s+African\s+rand|"
    r"Kenyan\s+shillings?)"
    r"(?:\b|(?<=\$))['’\"”]?",
    re.IGNORECASE,
)
CURRENCIES = {
    "usd": "USD",
    "us dollar": "USD",
    "dollar": "USD",
    "us$": "USD",
    "$": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "pound sterling": "GBP",
    "£": "GBP",
    # other currencies, only where the name or sign says which ('rupees' alone does not)
    "c$": "CAD",
    "ca$": "CAD",
    "canadian dollar": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "australian dollar": "AUD",
    "nz$": "NZD",
    "new zealand dollar": "NZD",
    "hk$": "HKD",
    "hong kong dollar": "HKD",
    "r$": "BRL",
    "brazilian real": "BRL",
    "₹": "INR",
    "indian rupee": "INR",
    "pakistani rupee": "PKR",
    "₺": "TRY",
    "turkish lira": "TRY",
    "₦": "NGN",
    "naira": "NGN",
    "mexican peso": "MXN",
    "yen": "JPY",
    "japanese yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "swiss franc": "CHF",
    "south african rand": "ZAR",
    "kenyan shilling": "KES",
}


def currency_code(printed: str) -> str:
    """The code of a currency printed after an amount ('US dollars' -> 'USD', 'int.-$' -> 'USD')."""
    if printed.endswith("$"):
        return "USD"  # international (PPP) dollars are counted in US dollars
    return CURRENCIES[re.sub(r"s$", "", re.sub(r"\s+", " ", re.sub(r"u\.s\.?(?=\s)", "us", printed.lower())))]


# the countries whose dollar a bare '$' means in a text about them, and how the text names them
_DOLLAR_COUNTRIES = {  # the country, its largest cities and states, its statistics office
    "AUD": re.compile(
        r"\b(?:Australia(?:n|ns)?|Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra|New\s+South\s+Wales|Queensland|"
        r"Tasmania|ABS)\b"
    ),
    "CAD": re.compile(
        r"\b(?:Canad(?:a|ian|ians)|Vancouver|Toronto|Montreal|Ottawa|Calgary|Ontario|Quebec|British\s+Columbia|"
        r"Alberta|StatCan|Statistics\s+Canada)\b"
    ),
    "NZD": re.compile(r"\b(?:New\s+Zealand(?:ers?)?|Auckland|Wellington|Christchurch)\b"),
}
_US = re.compile(r"\b(?:United\s+States|U\.S\.|US|USA|America(?:n|ns)?)\b")
#: a dollar printed without its country: '$15 million', 'three million dollars' (not 'US$', 'U.S. dollars', 'USD')
BARE_DOLLAR = re.compile(
    r"^(?![^$]*\b(?:US|U\.S\.|USD|int\.)\s?-?\$)(?!.*\b(?:US|U\.S\.)\s+dollars\b)(?:.*\$|.*\bdollars?\b)"
)


def home_dollar(text: str) -> str:
    """The dollar a bare '$' means in ``text``: the country's the text names at least three times and more than
    twice as often as the United States, else the US dollar.

    >>> home_dollar("In Australia ... Australian cities ... Australia's migrants ... cost $5m"), home_dollar("It cost $5m.")
    ('AUD', 'USD')
    """
    us = len(_US.findall(text))
    counts = {code: len(p.findall(text)) for code, p in _DOLLAR_COUNTRIES.items()}
    code, n = max(counts.items(), key=lambda kv: kv[1])
    return code if n >= 3 and n > 2 * us else "USD"


# a measure in a unit of QUDT's vocabulary: the printed unit and its QUDT local name
MEASURES = (
    (r"(?:people\s+|inhabitants\s+|persons\s+)?per\s+square\s+kilomet(?:er|re)|per\s+km2|per\s+km²|/km²", "PER-KiloM2"),
    (r"hours?|hrs?", "HR"),
    (r"days?", "DAY"),
    (r"minutes?|mins?", "MIN"),
    (r"weeks?", "WK"),
    (r"months?|mos?", "MO"),
    (r"km|kilomet(?:er|re)s?", "KiloM"),
    (r"mm|millimet(?:er|re)s?", "MilliM"),
    (r"met(?:er|re)s?", "M"),
    (r"miles?", "MI"),
    (r"feet|foot|ft", "FT"),
    (r"kg|kilograms?", "KiloGM"),
    (r"tonnes?|tons?", "TONNE"),
    (r"hectares?|ha", "HA"),
    (r"°\s?C|degrees?\s+(?:Celsius|centigrade)|degrees?", "DEG_C"),
    (r"°\s?F|degrees?\s+Fahrenheit", "DEG_F"),
    (r"litres?|liters?", "L"),
    # an amount of data: '1TB memory', '24 3.8TB SSDs', '500 GB'
    (r"PB|petabytes?", "PetaBYTE"),
    (r"TB|terabytes?", "TeraBYTE"),
    (r"GB|gigabytes?", "GigaBYTE"),
    (r"MB|megabytes?", "MegaBYTE"),
)
MEASURE = re.compile(
    r"^(?:\s|-)?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(MEASURES)) + r")(?:(?![\w-])|(?=--))",
    re.IGNORECASE,
)


def measure_code(m: re.Match[str]) -> str:
    """The QUDT local name of the unit a :data:`MEASURE` match read."""
    return MEASURES[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
