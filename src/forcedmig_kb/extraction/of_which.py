"""Parts named after their whole by a relative pronoun: '$107.4 billion ..., $63.6 billion of which was
discretionary', '2,721 migrants ..., approximately 800 of whom remain unidentified', 'discovered the names of 21
... and interviewed 12 of them'. :func:`.relations.relate` calls them for each sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .trends import COUNTS

if TYPE_CHECKING:
    from .drafts import Draft

OF_WHICH_AFTER = re.compile(r"\s+of\s+(?:which|whom)\b")
_SHARE_IN_PARENTHESES = re.compile(r"\s+of\s+(?:which|whom)\s*\(\s*$")


def of_which(text: str, sentence: list[Draft]) -> None:
    """Parts named after their whole with 'of which': '$107.4 billion ..., $63.6 billion of which was
    discretionary, and $43.8 billion of which was mandatory' (parts of the figure before, and their sum
    when the last joins with 'and'); a share put beside the part ('$405 billion of which (nearly 80
    percent) was paid') is the part over the whole."""
    whole: Draft | None = None
    parts: list[Draft] = []
    for k, d in enumerate(sentence):
        q = d.amount
        if q.unit in COUNTS:
            if (
                q.unit == "PERCENT"
                and parts
                and whole is not None
                and not d.inputs
                and _SHARE_IN_PARENTHESES.search(text, parts[-1].end, d.start)
            ):
                d.operation, d.inputs = "share", [(parts[-1], "numerator"), (whole, "denominator")]
            continue
        if OF_WHICH_AFTER.match(text, d.end):
            if whole is None:
                whole = next((w for w in reversed(sentence[:k]) if w.amount.unit == q.unit), None)
                if whole is None:
                    return
            if q.unit == whole.amount.unit:
                d.part_of = whole  # the grammar says so, whatever an enumeration read before
                parts.append(d)
    if (
        whole is not None
        and len(parts) >= 2
        and not whole.inputs
        and re.search(r"\band\s+(?:about\s+|some\s+|nearly\s+)?$", text[parts[-2].end : parts[-1].start])
    ):
        whole.operation, whole.inputs = "sum", [(p, "addend") for p in parts]


_OF_WHOM = re.compile(r"\s+(?:of\s+(?:whom|which|them|these)|among\s+them)\b", re.IGNORECASE)


def of_whom(text: str, sentence: list[Draft]) -> None:
    """'2,721 migrants were found dead, approximately 800 of whom remain unidentified', 'discovered the names of
    21 of the detained and interviewed 12 of them': a part named after its whole."""
    for whole, part in zip(sentence, sentence[1:]):
        if (
            part.part_of is None
            and whole.amount.unit == part.amount.unit
            and whole.amount.unit not in COUNTS
            and re.fullmatch(r"[^.;()]{0,120}?(?:,\s*|\band\s+(?:[a-z]+\s+){0,3})", text[whole.end : part.start])
            and _OF_WHOM.match(text, part.end)
        ):
            part.part_of = whole
