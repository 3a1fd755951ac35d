"""Relations the text states between its figures: parts of a whole, shares, multiples, restatements.

:func:`relate` links the drafts of each sentence (``fm:partOf``, and a calculation with its inputs
for a share, a ratio or a restatement) so that the check can recompute them:

- '187 million of the existing 258 million migrants, or 72 percent': a part, its whole, a share;
- '65.6 million people, including 22.5 million refugees', '12 million displaced: 8 million in Syria
  and 6 million in Iraq', 'of the 62,000 ..., 39,000 ... and the remaining 24,000': parts listed
  after their whole (a year between two of them makes a series, not parts);
- 'more than doubled from 1.5 to 3.3 billion': a multiple beside its endpoints (the rises, falls and
  multiples recomputed from their endpoints or base are :mod:`.trends`');
- '64%, or nearly two-thirds': one share said twice;
- '3,320 were enrolled. This figure constitutes 24% of the 14,106 ...': a share of the figure before;
- 'spending reached $2.4 trillion. China alone spent $296 billion': a part of the whole before;
- '190,000 applications, with approximately 170,000 still active': what remains is a part;
- '2,721 migrants were found dead, approximately 800 of whom remain unidentified': a part after its whole;
- 'More than two-thirds (68 percent)': one share said twice, the other way round;
- '£37 billion ... £17 billion ... the remaining £20 billion': a whole that its parts and the rest add up to;
- 'a 10% earnings premium on $1,727 yields $172.70': a percentage of a base, with what it comes to;
- 'up by 3,980 or 32 per cent on 2012, when 12,570 ...', 'with 3,746 (97.1%) responding', '87.37% of the
  sample was achieved (15,465 of 17,700)': a share recomputed from the count and the whole beside it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .of_which import OF_WHICH_AFTER, of_which, of_whom
from .sentences import SEGMENT, pieces
from .trends import (
    COUNTS,
    apposed_multiple,
    but_only,
    by_amount_and_percent,
    change_after_endpoints,
    change_after_pair,
    endpoints,
    net,
    per_base,
)
from .worked import worked

if TYPE_CHECKING:
    from .drafts import Draft

_PART_OF = re.compile(r"^\s+(?:of|out\s+of)\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?(?:[^\W\d][\w'’-]*\s+){0,2}$")
_SHARE_AFTER = re.compile(
    r"^[^;:]{0,40}?(?:,\s*or|\(|,?\s*i\.e\.,?|,\s*that\s+is,?|—|–)\s*(?:about\s+|some\s+|roughly\s+)?$"
)
_CONTRAST = re.compile(r"\b(?:whereas|while|but|although|though|compared\s+(?:with|to))\b", re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|of\s+which|of\s+whom|among\s+(?:them|whom))\b", re.IGNORECASE)
_FROM_TO = (
    re.compile(
        r"^,?\s+(?:(?:rising|growing|falling|increasing|decreasing|going|climbing|jumping|up|down)\s+|"
        r"(?:the|its|their)\s+[^.;:\d()]{1,50}?\s)?from\s+(?:(?:FY|CY)?\d{4}\s*\(\s*)?$"
    ),  # 'more than doubling the number of IJs from FY2014 (249) through FY2021 (559)'
    re.compile(r"^\s*\)?\s+(?:in\s+\d{4}\s+)?(?:to|through|until)\s+(?:(?:FY|CY)?\d{4}\s*\(\s*)?$"),
)
# a note's marker, which stands between words without being one ('around 11 million $^{13}$ of the
# country's 54 million'): '$^{13}$', '^{13}', '[^13]', '^13^', '<sup>13</sup>', '¹³', '[13](#fn13)'
_NOTE_MARK = re.compile(
    r"\$\^\{\d{1,3}\}\$|\^\{\d{1,3}\}|\[\^\d{1,3}\](?!:)|\^\d{1,3}\^|<sup[^>]*>.{0,120}?</sup>|[¹²³⁰⁴-⁹]+|"
    r"\[\d{1,3}\]\([^()\s]*#(?:fn|footnote|note|endnote|ftn)[-_:]?\d{1,3}\)"
)


def _without_markers(text: str) -> str:
    """``text`` with each note marker blanked to spaces, so that offsets stay as they are."""
    return _NOTE_MARK.sub(lambda m: " " * len(m.group()), text)


def relate(text: str, drafts: list[Draft], sentences) -> None:
    """Parts, shares and multiples the text states between the figures of one segment (note markers
    between them are read as blanks)."""
    text = _without_markers(text)
    quantities = [d for d in drafts if d.kind == "quantity"]
    for s in sentences:
        for a, b in pieces(text, s.start, s.end, SEGMENT):
            seg = [d for d in quantities if a <= d.start < b]
            for i, d in enumerate(seg):
                q = d.amount
                nxt = seg[i + 1] if i + 1 < len(seg) else None
                # '187 million of the existing 258 million migrants, or 72 percent'
                if (
                    nxt is not None
                    and q.unit not in ("PERCENT", "FRACTION", "UNITLESS")
                    and nxt.amount.unit == q.unit
                    and _PART_OF.match(text[d.end : nxt.start])
                ):
                    d.part_of = nxt
                    share = seg[i + 2] if i + 2 < len(seg) else None
                    if (
                        share is not None
                        and share.amount.unit == "PERCENT"
                        and _SHARE_AFTER.match(text[nxt.end : share.start])
                    ):
                        share.operation, share.inputs = "share", [(d, "numerator"), (nxt, "denominator")]
                # '65.6 million people ..., including 22.5 million refugees, 40.8 million ...'
                # ('about 20,000 of which will be ...': a part of the figure before, not a whole of what follows)
                if q.kind not in ("ratio", "fraction", "multiple") and not OF_WHICH_AFTER.match(text, d.end):
                    inc = _INCLUDING.search(text, d.end, b)
                    if inc and not any(o.start < inc.start() for o in seg[i + 1 :]):
                        contrast = _CONTRAST.search(text, inc.end(), b)  # '..., whereas 67% of ...' is no part
                        stop = contrast.start() if contrast else b
                        for part in seg[i + 1 :]:
                            if part.start >= stop:
                                break
                            if part.amount.unit == q.unit and part.part_of is None and part.start > inc.start():
                                part.part_of = d
                # 'more than doubled from 1.5 to 3.3 billion'; '206 trillion USD, nearly quadrupled GDP, 57 trillion'
                if q.kind == "multiple":
                    after = seg[i + 1 :]
                    if (
                        len(after) >= 2
                        and _FROM_TO[0].match(text[d.end : after[0].start])
                        and _FROM_TO[1].match(text[after[0].end : after[1].start])
                    ):
                        d.operation, d.inputs = "ratio", [(after[1], "numerator"), (after[0], "denominator")]
                    elif i > 0 and after and seg[i - 1].amount.unit == after[0].amount.unit:
                        d.operation, d.inputs = "ratio", [(seg[i - 1], "numerator"), (after[0], "denominator")]
        in_sentence = [d for d in quantities if s.start <= d.start < s.end]
        for x, y in zip(in_sentence, in_sentence[1:]):  # '64%, or nearly two-thirds': one share said twice
            if (
                x.amount.unit == y.amount.unit == "PERCENT"
                and x.amount.kind == "percent"
                and y.amount.kind == "fraction"
                and _RESTATED.match(text[x.end : y.start])
                and not y.inputs
            ):
                y.operation, y.inputs = "restatement", [(x, "addend")]
            elif (  # 'More than two-thirds (68 percent) of those displaced': the share said again, exactly
                x.amount.unit == y.amount.unit == "PERCENT"
                and x.amount.kind == "fraction"
                and y.amount.kind == "percent"
                and re.fullmatch(r"\s*\(\s*", text[x.end : y.start])
                and not y.inputs
            ):
                y.operation, y.inputs = "restatement", [(x, "addend")]
        endpoints(text, in_sentence)
        of_which(text, in_sentence)
        _share_of_whole(text, in_sentence)
        but_only(text, in_sentence)
        change_after_pair(text, in_sentence)
        per_base(text, in_sentence)
        _enumeration(text, in_sentence)
        _still(text, in_sentence)
        of_whom(text, in_sentence)
        _percent_of(text, in_sentence)
        by_amount_and_percent(text, in_sentence)
        _share_then_count(text, in_sentence)
        _since_later(text, in_sentence)
        worked(text, in_sentence)
    net(text, quantities, sentences)
    _this_figure(text, quantities, sentences)
    _alone(text, quantities, sentences)
    _remaining(text, quantities, sentences)
    apposed_multiple(text, quantities, sentences)
    change_after_endpoints(text, quantities, sentences)


_SINCE_AND = re.compile(r"\s+since\s+(?P<year>1[89]\d\d|20\d\d),?\s+(?:and|with|including)\s+(?:some\s+|about\s+)?$")
_SINCE = re.compile(r"\s+since\s+(?P<year>1[89]\d\d|20\d\d)\b")


def _since_later(text: str, sentence: list[Draft]) -> None:
    """'$519 billion since 1981, and $248 billion since 2000': a total since a later year is part of the
    same total since an earlier one."""
    for x, y in zip(sentence, sentence[1:]):
        first, second = _SINCE_AND.fullmatch(text, x.end, y.start), _SINCE.match(text, y.end)
        if (
            first
            and second
            and int(second.group("year")) > int(first.group("year"))
            and x.amount.unit == y.amount.unit
            and x.amount.unit not in ("PERCENT", "FRACTION", "UNITLESS")
            and y.part_of is None
        ):
            y.part_of = x


_RESTATED = re.compile(r"^\s*(?:,\s*or|\(|,\s*i\.e\.,?|,\s*that\s+is,?|—|–)\s*$")
_ENUM_JOIN = re.compile(  # a part in parentheses closes before the next: 'the most (3,290), Victoria'
    r"^\)?(?:[^\d;:()]{0,60}?)(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)(?:the\s+)?(?:remaining\s+|other\s+|rest\s+)?"
    r"(?:(?:[A-Z][\w'’.-]*\s+){1,3})?$"  # a label before the next part: ', Victoria 3,200, Queensland 2,900'
)
# what opens the parts after their whole: a colon, a comma or a parenthesis soon after it, or a colon that ends a
# longer clause ('Most articles (n = 16) elaborated ... Census data: two, ten, and four articles')
_ENUM_OPEN = re.compile(
    r"^\)?(?:(?:[^;()]{0,60}?)(?::\s*|,\s*(?:with\s+|of\s+which\s+|of\s+whom\s+)?|\s*\(\s*)|[^;():]{0,120}?:\s*)$"
)
_OF_THE = re.compile(
    r"(?:^|[,;.!?]\s*)(?:[^\W\d_]+\s+){0,2}?of\s+(?:the|these|those|this|an?\s+estimated|some|about|around)?\s*$",
    re.IGNORECASE,
)
_YEAR_IN = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")
_WITHIN_THESE = re.compile(r"\b(?:in|among|of|for)\s+(?:these|those|them|whom|which)\b", re.IGNORECASE)


_THIS_FIGURE = re.compile(
    r"^\W*(?:This|That|The\s+latter)\s+(?:figure|number|amount|total|sum|count)\s+"
    r"(?:constitutes|represents|amounts\s+to|corresponds\s+to|is|was|accounts\s+for|makes\s+up)\s+"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+)?$"
)
_OF_WHOLE = re.compile(r"^\s+of\s+(?:the|all|a\s+total\s+of)?\s*$")


def _this_figure(text: str, quantities: list[Draft], sentences) -> None:
    """'3,320 refugees were enrolled. This figure constitutes 24% of the 14,106 ...': a share of the
    figure the sentence before ends with, recomputed from it and the whole that follows."""
    for before, s in zip(sentences, sentences[1:]):
        lead = [d for d in quantities if s.start <= d.start < s.end]
        if len(lead) < 2 or not _THIS_FIGURE.match(text[s.start : lead[0].start]):
            continue
        share, whole = lead[0], lead[1]
        earlier = [d for d in quantities if before.start <= d.start < before.end and d.amount.unit == whole.amount.unit]
        if (
            share.amount.unit == "PERCENT"
            and not share.inputs
            and earlier
            and _OF_WHOLE.match(text[share.end : whole.start])
        ):
            share.operation, share.inputs = "share", [(earlier[-1], "numerator"), (whole, "denominator")]


_ALONE = re.compile(r"\balone\s+(?:\w+\s+){0,3}?(?:about\s+|around\s+|some\s+|nearly\s+|over\s+)?[$€£]?\\?[$]?$")


def _alone(text: str, quantities: list[Draft], sentences) -> None:
    """'Global spending reached $2.4 trillion (SIPRI, 2024). China alone spent $296 billion': a part
    of the whole the sentence before states in the same unit."""
    for before, s in zip(sentences, sentences[1:]):
        for d in (d for d in quantities if s.start <= d.start < s.end):
            q = d.amount
            if (
                d.part_of is not None
                or q.unit in COUNTS
                or not _ALONE.search(text, max(s.start, d.start - 40), d.start)
            ):
                continue
            wholes = [
                w
                for w in quantities
                if before.start <= w.start < before.end and w.amount.unit == q.unit and w.part_of is None
            ]
            if wholes:
                d.part_of = wholes[-1]


_WITH = re.compile(
    r"^[^.;()]{0,100}?,\s*with\s+(?:about\s+|approximately\s+|around\s+|some\s+|nearly\s+|almost\s+|over\s+)?$"
)
_STILL = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:still|remaining|left|outstanding)\b", re.IGNORECASE)


_ON_BASE = re.compile(r"[^.;()]{0,40}?\b(?:on|of)\s+(?:the\s+(?:first|initial|last|next)\s+)?$")
# what the base comes to, after what the base is of: '... on the first $7,000 of each covered employee's annual
# earnings (equaling no more than $42 per worker per year)'
_YIELDS = re.compile(
    r"(?:\s+[^\d.;:()$£€]{1,60}?)?\s*[(,]?\s*(?:yields|gives|is|are|equals|equal(?:ing|ling|ed|led)|makes|"
    r"amounts\s+to|amounting\s+to|comes\s+to|coming\s+to|totals|total(?:l)?ing|=)\s+$"
)


def _percent_of(text: str, sentence: list[Draft]) -> None:
    """'a 10% earnings premium on $1,727 yields $172.70', 'a tax of 0.6% on the first $7,000 of each employee's
    earnings (equaling no more than $42)': a percentage of a base stated with what it comes to, recomputed
    from the two amounts."""
    for p, base, result in zip(sentence, sentence[1:], sentence[2:]):
        if (
            p.amount.unit == "PERCENT"
            and p.amount.kind == "percent"
            and not p.inputs
            and base.amount.unit == result.amount.unit
            and base.amount.unit not in COUNTS
            and _ON_BASE.fullmatch(text[p.end : base.start])
            and _YIELDS.fullmatch(text[base.end : result.start])
        ):
            p.operation, p.inputs = "share", [(result, "numerator"), (base, "denominator")]


# a share with its count and whole in parentheses after it: '87.37% of the desired sample size was achieved
# (15,465 of 17,700)'
_TO_COUNT = re.compile(r"[^.;()]{0,80}?\(\s*(?:about\s+|around\s+|some\s+|n\s*=\s*)?")
_OF_COUNT = re.compile(r"\s+(?:of|out\s+of)\s+(?:the\s+|a\s+total\s+of\s+)?")


def _share_then_count(text: str, sentence: list[Draft]) -> None:
    """'87.37% of the desired sample size was achieved (15,465 of 17,700)': the part is a part of the whole,
    the share their ratio."""
    for share, part, whole in zip(sentence, sentence[1:], sentence[2:]):
        if (
            share.amount.kind == "percent"
            and not share.inputs
            and part.amount.unit == whole.amount.unit
            and part.amount.unit not in COUNTS
            and _TO_COUNT.fullmatch(text, share.end, part.start)
            and _OF_COUNT.fullmatch(text, part.end, whole.start)
            and re.match(r"\s*\)", text[whole.end :])
        ):
            if part.part_of is None:
                part.part_of = whole
            share.operation, share.inputs = "share", [(part, "numerator"), (whole, "denominator")]


def _still(text: str, sentence: list[Draft]) -> None:
    """'around 190,000 applications, with approximately 170,000 still active': what remains of a
    whole is a part of it; so is a part given with its share, 'resulting in 3,859 participants, with
    3,746 (97.1%) responding', whose share is recomputed from the two."""
    for k, (whole, part) in enumerate(zip(sentence, sentence[1:])):
        if (
            part.part_of is not None
            or whole.amount.unit != part.amount.unit
            or whole.amount.unit in COUNTS
            or not _WITH.match(text[whole.end : part.start])
        ):
            continue
        share = sentence[k + 2] if k + 2 < len(sentence) else None
        if _STILL.match(text, part.end):
            part.part_of = whole
        elif (
            share is not None
            and share.amount.kind == "percent"
            and not share.inputs
            and re.fullmatch(r"\s*\(\s*", text[part.end : share.start])
        ):
            part.part_of = whole
            share.operation, share.inputs = "share", [(part, "numerator"), (whole, "denominator")]


# a category's count in parentheses, 'municipalities (n = 6), districts (n = 5)': a breakdown, not a step of a sum
_COUNT_OF_A_CATEGORY = re.compile(r"\(\s*n\s*=\s*$")
_THE_REMAINING = re.compile(r"\bthe\s+(?:remaining|other|rest\s+of\s+the)\s+$", re.IGNORECASE)


def _remaining(text: str, quantities: list[Draft], sentences) -> None:
    """'... around £37 billion of further consolidation. This Budget sets out around £17 billion of
    measures, including ... The government will set out plans to deliver the remaining £20 billion':
    the whole stated first is the sum of the parts stated after it, the remainder last. Only within
    the two sentences before the remainder's, and only parts not already parts of something else.
    A part stated with its whole is the whole's only other part: 'terminated TPS designations for
    13 of the 17 countries ... the remaining four countries' (17 is 13 and 4). A remainder after a figure
    of its own sentence ('Six studies used ...; the remaining 18 papers') and counts of categories
    ('districts (n = 5)') make no such sum."""
    for i, s in enumerate(sentences):
        for rest in (d for d in quantities if s.start <= d.start < s.end):
            q = rest.amount
            if (
                q.unit in COUNTS
                or rest.part_of is not None
                or not _THE_REMAINING.search(text, max(s.start, rest.start - 24), rest.start)
            ):
                continue
            window = sentences[max(0, i - 2) : i + 1]
            stated = [
                d
                for d in quantities
                if window[0].start <= d.start < rest.start
                and d.part_of is not None
                and d.part_of.amount.unit == q.unit == d.amount.unit
                and not d.part_of.inputs
            ]
            whole = stated[0].part_of if len(stated) == 1 else None
            if whole is not None and sum(1 for d in quantities if d.part_of is whole) == 1:
                part = stated[0]
                whole.operation, whole.inputs = "sum", [(part, "addend"), (rest, "addend")]
                rest.part_of = whole
                continue
            window = window[:-1]
            if not window or any(s.start <= d.start < rest.start and d.amount.unit == q.unit for d in quantities):
                continue  # 'Six studies used ...; the remaining 18 papers': the rest of what its own sentence counts
            earlier = [
                d
                for d in quantities
                if window[0].start <= d.start < s.start
                and d.amount.unit == q.unit
                and d.part_of is None
                and not _COUNT_OF_A_CATEGORY.search(text, max(0, d.start - 8), d.start)
            ]
            if len(earlier) < 2 or earlier[0].inputs:
                continue
            whole, parts = earlier[0], earlier[1:]
            whole.operation, whole.inputs = "sum", [*((p, "addend") for p in parts), (rest, "addend")]


# 'More than 34 million people – over half the country's population of 30 million'
# 'support 28,000 people, 6% of all 360,000 NDIS participants'
_APPOSED = re.compile(r"\s*(?:[^\W\d][\w'’-]*\s*){0,2}?[–—(,]\s*$")
_SHARE_OF_THE = re.compile(
    r"\s+(?:(?:of\s+)?(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}?of|of\s+(?:all|the))\s+(?:about\s+|around\s+|some\s+)?$"
)


def _share_of_whole(text: str, sentence: list[Draft]) -> None:
    """A count set beside its share of a whole printed after it: 'More than 34 million people – over half
    the country's population of 30 million' (the count is a part of the whole, the share their ratio)."""
    for x, share, whole in zip(sentence, sentence[1:], sentence[2:]):
        if (
            share.amount.unit in ("PERCENT", "FRACTION")
            and x.amount.unit not in COUNTS
            and whole.amount.unit == x.amount.unit
            and _APPOSED.fullmatch(text, x.end, share.start)
            and _SHARE_OF_THE.fullmatch(text, share.end, whole.start)
        ):
            if x.part_of is None:
                x.part_of = whole
            if not share.inputs:
                share.operation, share.inputs = "share", [(x, "numerator"), (whole, "denominator")]


def _enumeration(text: str, sentence: list[Draft]) -> None:
    """Parts listed after their whole: 'Of the 10 million displaced, 6 million ... and 5 million ...',
    '12 million people were displaced: 8 million in Syria and 6 million in Iraq'.

    The parts are figures of the whole's unit, joined by commas and 'and', after a colon (two or
    more) or after the comma that closes an 'Of the ...' whole (one or more: 'of the 11 million
    undocumented immigrants, 7.2 million were employed'); a year between two of them makes a
    series, not parts.
    """
    for i, whole in enumerate(sentence):
        q = whole.amount
        if q.unit in COUNTS or q.kind in ("ratio", "fraction", "multiple") or whole.part_of is not None:
            continue
        rest = sentence[i + 1 :]
        if not rest or any(r.part_of is not None for r in rest[:2]):
            continue
        lead = text[max(0, whole.start - 40) : whole.start]
        gap = text[whole.end : rest[0].start]
        # 'two, ten, and four articles': a bare comma after a number makes it the first of a list, not its whole
        opened = _ENUM_OPEN.match(gap) is not None and not re.fullmatch(r"\s*,\s*", gap)
        of_the = _OF_THE.search(lead) is not None and re.match(
            r"^[^;]{0,100}?[,(]\s*$", text[whole.end : rest[0].start]
        )
        if not (opened or of_the):
            if _OPENS_OF_THE.search(lead) is not None:
                _shares_of_the_whole(text, whole, rest)
            continue
        parts = [rest[0]]
        for a, b in zip(rest, rest[1:]):
            # 'and in these patients with ID, 2,947 deaths': a figure of 'these' is within the part before it
            if not _ENUM_JOIN.match(text[a.end : b.start]) or _WITHIN_THESE.search(text, a.end, b.start):
                break
            parts.append(b)
        # 'Of the 11 million undocumented immigrants, 7.2 million were employed': one part is enough
        if len(parts) < (1 if of_the else 2) or any(p.amount.unit != q.unit for p in parts):
            continue
        if any(_YEAR_IN.search(text, p.start, n.start) for p, n in zip(parts, parts[1:])):
            continue
        for p in parts:
            p.part_of = whole


# a sentence that opens with its whole: 'Of the $3.78 billion in refugee assistance funding ORR received ..., it
# allocated almost half ($1.79 billion) ... and the remaining funds ($1.99 billion) ...'
_OPENS_OF_THE = re.compile(r"(?:^|[.!?]\s+|\n\s*)Of\s+the\s+$")
# an amount given in parentheses after a share of the whole or after 'the remaining', 'the rest', 'the other'
_NAMED_PART = re.compile(
    r"(?:\b(?:remaining|rest|other|balance)\b[^.;()]{0,40}|(?:half|third|quarter|fifth|percent|per\s+cent|%))\s*\(\s*$"
)


def _shares_of_the_whole(text: str, whole: Draft, rest: list[Draft]) -> None:
    """'Of the $3.78 billion ..., it allocated almost half ($1.79 billion) ... and the remaining funds ($1.99
    billion)': the amounts the sentence gives in parentheses after a share of its opening whole, or after
    'the remaining', are parts of it (two at least; a year between them makes a series, not parts)."""
    parts = [
        r
        for r in rest
        if r.amount.unit == whole.amount.unit
        and r.part_of is None
        and _NAMED_PART.search(text, max(whole.end, r.start - 60), r.start) is not None
    ]
    if len(parts) < 2 or any(_YEAR_IN.search(text, p.start, n.start) for p, n in zip(parts, parts[1:])):
        return
    for p in parts:
        p.part_of = whole
