"""Shares, ratios and multiples as a text prints them: 'one in five', 'two-thirds', '3/4ths', 'every third child',
'16.5 to 1', 'a 3:1 ratio', 'doubled', 'more than doubling', 'three times as many', 'almost double the level'.

Patterns and their values only; :mod:`.figures` reads them as quantities.
"""

from __future__ import annotations

import re

from .numbers import NUM

_AFTER_A_VERB_OR_HEDGE = (
    "(?:"
    + "|".join(
        rf"(?<=\b{w}\s)"
        for w in ("is", "was", "are", "were", "be", "been", "almost", "nearly", "roughly", "about", "around", "than")
    )
    + r"|(?<=,\s))"  # in apposition: '200,000 a year, triple the 100,000 of the previous decade'
)
MULTIPLE = re.compile(
    r"(?<![\d.,])\b(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|\d+(?:\.\d+)?)"
    r"(?:[-\s]?fold|\s+times(?=\s+(?:as|more|higher|larger|greater|bigger|lower|smaller|less|fewer|the|its|their|what)\b))|"
    # a multiple with decimals needs no comparison after it: 'up from 1.59 times in 1995' (not 'three times in a row')
    r"(?P<decimal>\d+\.\d+)\s+times\b(?=\s*[,;.)]|\s+(?:in|by|for|as\s+of)\s+(?:1[5-9]\d\d|20\d\d)\b)|"
    # 'up to 11x the current wage', '2.5× higher'; 'scale the numbers down by a factor 8.6', 'by a factor of 0.8'
    r"(?P<x>\d+(?:\.\d+)?)\s?[x×](?=\s+(?:the|as|more|higher|larger|greater|lower|their|its)\b)|"
    r"(?:(?<=\bfactor\s)|(?<=\bfactor\sof\s))(?P<factor>\d+(?:\.\d+)?)(?!\d|[.,]\d)|"
    # (not 'doubled up with': shared)
    r"(?P<verb>(?:doubled|tripled|trebled|quadrupled|quintupled|halved)(?!\s+up\s+(?:with|on|in|together)\b)|"
    r"twice(?=\s+(?:as|the)\b)|"
    # 'more than doubling the number of IJs', 'a doubling of' (not 'doubling as a clinic', 'doubling down')
    r"(?:doubling|tripling|trebling|quadrupling|halving)(?!\s+(?:as|down|up|back|over)\b))|"
    # 'almost double the level of 2010': the adjective, before what it doubles
    + _AFTER_A_VERB_OR_HEDGE
    + r"(?P<adjective>double|triple|treble)(?=\s+(?:the|its|their|that|what|those)\b)|"
    # a multiple foreseen or asked for: 'the population will triple', 'expected to double'
    r"(?<=\bwill\s)(?P<future>double|triple|treble|quadruple|quintuple|halve)(?!-)|"
    r"(?<=\bto\s)(?P<infinitive>double|triple|treble|quadruple|quintuple|halve)(?!-))\b",
    re.IGNORECASE,
)
MULTIPLES = {
    "double": 2.0,
    "triple": 3.0,
    "treble": 3.0,
    "quadruple": 4.0,
    "quintuple": 5.0,
    "halve": 0.5,
    "doubled": 2.0,
    "tripled": 3.0,
    "trebled": 3.0,
    "quadrupled": 4.0,
    "quintupled": 5.0,
    "halved": 0.5,
    "twice": 2.0,
    "doubling": 2.0,
    "tripling": 3.0,
    "trebling": 3.0,
    "quadrupling": 4.0,
    "halving": 0.5,
}
RATIO = re.compile(
    rf"\b(?P<a>{NUM})\s+(?:(?:in|out\s+of)\s+(?:every\s+|each\s+)?|of\s+every\s+)(?P<b>{NUM})\b(?!\s*(?:%|percent|per\s?cent|million|billion|thousand))",
    re.IGNORECASE,
)
# a ratio to one: 'the ratio of workers to beneficiaries was 16.5 to 1', 'a 3:1 ratio'
TO_ONE = re.compile(
    r"(?<![\d.,])(?P<a>\d+(?:\.\d+)?)\s*(?:to|:)\s*1(?!\d|[.,:]\d|\s*(?:%|percent|per\s?cent|million|billion|thousand|years?\b))"
)
# 'every third child died', 'almost every 5th child': a share of a group (not 'every second year': a frequency)
EVERY_NTH = re.compile(
    r"\bevery\s+(?P<n>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|(?P<digits>\d{1,3})(?:st|nd|rd|th))"
    r"(?=\s+(?!(?:time|year|day|week|month|decade|century|centuries|generation|hour|minute|second|night|weekend|"
    r"quarter|term|election|cycle|round|line|page|row|word|sentence|step|turn|one)s?\b)[a-z]+)",
    re.IGNORECASE,
)
ORDINALS = {
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
SLASH_FRACTION = re.compile(r"(?<![\d/.])(?P<a>\d)\s?/\s?(?P<b>\d{1,2})(?:rds?|ths?|nds?|st)\b")
FRACTION = re.compile(
    r"(?<!first\s)(?<!second\s)(?<!latter\s)(?<!former\s)\b(?P<f>(?:one[-\s])?half|(?:a|one)[-\s]third|two[-\s]thirds|(?:a|one)[-\s]quarter|"
    r"three[-\s]quarters|(?:a|one)[-\s]fifth|(?:two|three|four)[-\s]fifths|(?:a|one)[-\s]tenth|(?:two|three|seven|nine)[-\s]tenths)\b(?P<of>\s+(?:of|the|its|their|his|her|as\s+(?:many|much))\b)?",
    re.IGNORECASE,
)
FRACTIONS = {
    "half": 50.0,
    "third": 100 / 3,
    "thirds": 200 / 3,
    "quarter": 25.0,
    "quarters": 75.0,
    "fifth": 20.0,
    "tenth": 10.0,
}
NUMERATORS = {"two": 2, "three": 3, "four": 4, "seven": 7, "nine": 9}
COMPARATIVE = re.compile(
    rf"\bmore\s+(?:[a-z]+\s+){{0,2}}than\s+the\s+(?:other|remaining|bottom|poorest)\s+(?P<n>{NUM})\s*(?:%|percent\b|per\s?cent\b)",
    re.IGNORECASE,
)
