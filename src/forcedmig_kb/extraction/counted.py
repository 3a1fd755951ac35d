"""Which number words count things, and so are figures.

A small number word is as often the count of a text's own list ('three reasons', 'two sides of the same coin',
'Five over-arching aspects') as a count of things in the world. It is a figure when it counts places, bodies,
people or studies ('in four Brazilian municipalities', 'three selected states', 'seven of the eight grantees',
'two, ten, and four articles'), or what remains of a whole ('the remaining four countries'); not when it refers
back ('These two institutions', 'the four states that served the largest number') or selects by rank ('Two of
the largest recipients'). A number word that names nothing after it counts nothing, unless its sentence opens
with the whole it is a part of ('Of the 28 countries ..., seven are in Asia').

>>> word_counts("four Brazilian municipalities", 0, 4, 4), word_counts("three reasons for this", 0, 5, 3)
(True, False)
>>> word_counts("two, ten, and four articles", 0, 3, 2), word_counts("These two institutions", 6, 9, 2)
(True, False)
>>> word_counts("Of the 28 countries, 12 are in Africa, seven are in Asia", 39, 44, 7)
True
"""

from __future__ import annotations

import re

from .numbers import parse_words

_COUNTED = re.compile(r"^(?:\s+|-)[^\W\d]")
# what is left of a whole counted before: 'the remaining four countries' (a count, though a small number word)
# places, bodies and people counted by a small number word ('in four Brazilian municipalities', 'three institutions
# were included', 'nine other officials'): things in the world, not the items of a text's own list ('three reasons')
PLACES_BODIES_PEOPLE = re.compile(
    # 'four Brazilian municipalities', 'three selected states', 'two resettlement agencies', 'seven of the eight grantees'
    r"\s+(?:of\s+(?:the|these|those|its|their)\s+(?:[\w-]+\s+)?)?(?:(?:other|more|new|[A-Z][a-z]+|[a-z][\w-]+)\s+){0,3}?"
    r"(?:countries|states|provinces|cities|municipalities|districts|regions|"
    r"villages|camps|sites|jurisdictions|institutions|agencies|organi[sz]ations|companies|firms|hospitals|schools|"
    r"universities|cartels|people|persons|children|women|men|workers|officials|officers|members|migrants|refugees|"
    r"families|households|employees|judges|deaths|grantees|representatives|providers|recipients|beneficiaries|"
    r"studies|articles|papers|trials|residents|tenants|immigrants|inspectors|associations|estates|properties|"
    r"homes|buildings|apartments|flats|schemes|projects|patients|students|individuals|mothers|parents|victims|"
    r"detainees|suspects|agents|soldiers|doctors|nurses|teachers|hearings|lawsuits)\b"
)
_REMAINDER_BEFORE = re.compile(r"\bthe\s+remaining\s+$", re.IGNORECASE)
# the numbers after a number that share its noun: 'two, ten, and four articles'
_ENUMERATED = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:[a-z]+|\d{1,3})(?=[\s,])")


def _end_of_enumeration(text: str, end: int) -> int:
    """Where the enumeration of numbers a number opens ends ('two, ten, and four articles': before 'articles'),
    at most six numbers on; ``end`` when none follows."""
    for _ in range(6):
        m = _ENUMERATED.match(text, end)
        if m is None or parse_words(m.group().split()[-1]) is None and not m.group().split()[-1].isdigit():
            break
        end = m.end()
    return end


# not counts but references: 'These two institutions', 'the four states that served the largest number' (but the
# whole of a part: 'seven of the eight grantees'), and a selection by rank, 'Two of the largest recipients'
_BACK_REFERENCE = re.compile(r"(?<!\bof\s)\b(?:the|these|those|its|their|both|all)\s+$", re.IGNORECASE)
_OF_THE_MOST = re.compile(r"\s+of\s+the\s+(?:most\s+|\w+est\b)")


# a sentence that opens with the whole its numbers are parts of: 'Of the 28 countries that have received TPS
# designations, 12 are in Africa, seven are in Asia ...', 'Of these, ... the other four were found to ...'
_OF_THE_WHOLE = re.compile(
    r"(?:^|[.!?]\s+|\n)\W*Of\s+(?:the|these|those|all|its|their|\d[\d,]*)\b[^.;:!?\n]{0,200},[^.;:!?\n]*$"
)


# a number whose noun is left out, said with the number before it in its sentence: '... and eight in Hong Kong'
_ELIDED = re.compile(r"\s+(?:in|at|from|are|were)\s")
_A_NUMBER = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.IGNORECASE
)


def _counted_before(text: str, start: int) -> bool:
    """Does a number that counts places, bodies or people stand before ``start`` in its sentence (150 characters)?"""
    lo = max(0, start - 150)
    stop = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start))
    return any(PLACES_BODIES_PEOPLE.match(text, m.end()) for m in _A_NUMBER.finditer(text, max(lo, stop + 1), start))


def word_counts(text: str, start: int, end: int, value: float) -> bool:
    """Does the number word at ``start:end`` of ``text`` count things?"""
    if _OF_THE_WHOLE.search(text, max(0, start - 300), start):
        return True  # a part of the whole its sentence opens with
    if _ELIDED.match(text, end) and _counted_before(text, start):
        return True  # 'Eight institutions were selected in Taiwan and eight in Hong Kong': the noun said once
    before = text[max(0, start - 16) : start]
    things = _end_of_enumeration(text, end)
    names_things = PLACES_BODIES_PEOPLE.match(text, things) is not None
    if value < 10 and not _REMAINDER_BEFORE.search(before):
        counted = (
            value >= 2 and names_things and not _BACK_REFERENCE.search(before) and not _OF_THE_MOST.match(text, end)
        )
        if not counted:
            return False
    return bool(_COUNTED.match(text[end : end + 3])) or (things != end and names_things)
