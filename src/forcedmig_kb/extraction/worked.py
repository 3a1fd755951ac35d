"""Computations a text works out in print ('0.264+0.270 = 0.534', '2.04/0.48 = 4.25'): the result is linked to
its operands, so that the check recomputes it.

A sum of two or more figures and a quotient of two are read; a product or a chain of mixed operators
('0.08x15.06/0.224 = 5.379') has no operation of the ontology that states it, and is left as printed.

>>> [m.group(0) for m in _SUM.finditer("generate 0.264+0.270 = 0.534 of the revenues")]
['0.264+0.270 = 0.534']
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .drafts import Draft

_N = r"\d[\d,]*(?:\.\d+)?"
# any computation the text prints, whatever its operators: '0.08x15.06/0.224 = 5.379', '4.25*0.54 = 2.3'
_WORKED = re.compile(r"(?<![\w.])\d[\d.,]*(?:\s*[x×*/+]\s*\d[\d.,]*)+\s*=\s*\d[\d.,]*")
_SUM = re.compile(rf"(?<![\w.*/×x]){_N}(?:\s*\+\s*{_N})+\s*=\s*{_N}(?![\d.]*\s*[x×*/+])")
_QUOTIENT = re.compile(rf"(?<![\w.*/×x+]){_N}\s*/\s*{_N}\s*=\s*{_N}(?![\d.]*\s*[x×*/+])")


def in_a_computation(text: str, sentence: tuple[int, int], at: int) -> bool:
    """Is ``at`` an operand or the result of a computation the sentence ``text[sentence[0]:sentence[1]]`` prints?

    >>> t = "you had to hire 2.04/0.48 = 4.25 workers"
    >>> in_a_computation(t, (0, len(t)), t.index("4.25")), in_a_computation("in 2004-10", (0, 10), 3)
    (True, False)
    """
    return any(m.start() <= at < m.end() for m in _WORKED.finditer(text, sentence[0], sentence[1]))


def worked(text: str, sentence: list[Draft]) -> None:
    """Link the result of each sum or quotient the sentence prints to its operands (their drafts, in order)."""
    if not sentence:
        return
    a, b = min(d.start for d in sentence), max(d.end for d in sentence)
    for pattern, operation, roles in ((_SUM, "sum", None), (_QUOTIENT, "ratio", ("numerator", "denominator"))):
        for m in pattern.finditer(text, max(0, a - 2), b + 1):
            inside = [d for d in sentence if m.start() <= d.start and d.end <= m.end()]
            numbers = len(re.findall(_N, m.group(0)))
            if len(inside) != numbers or inside[-1].inputs:
                continue  # an operand not drafted (a year, a code): the computation is not read
            *operands, result = inside
            result.operation = operation
            result.inputs = [(d, roles[k] if roles else "addend") for k, d in enumerate(operands)]
