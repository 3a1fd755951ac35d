"""Printed in-text citations parsed into the works they name.

A printed citation (``fm:asPrinted``) may name several works (``A, 2017; B, 2018``). Each is
parsed into names, year, letter suffix and locator; :mod:`.bibliography` matches them to the
entries of a reference list.

>>> [(p.names, p.year, p.suffix, p.locator) for p in parse_citation("Foster, McChesney & Jonna, 2011a: 18")]
[(('Foster', 'McChesney', 'Jonna'), 2011, 'a', '18')]
>>> [(p.names, p.year) for p in parse_citation("World Bank, 2017; IOM, 2018")]
[(('World Bank',), 2017), (('IOM',), 2018)]
>>> p = parse_citation("Davies et al. 2008")[0]; (p.names, p.et_al, p.year)
(('Davies',), True, 2008)
>>> [(p.names, p.year, p.locator) for p in parse_citation("Achieng (2020, pp. 12-15)")]
[(('Achieng',), 2020, '12-15')]
>>> [(p.names, p.year, p.original_year) for p in parse_citation("Marx, 1968 [1871]")]
[(('Marx',), 1968, 1871)]
>>> parse_citation("Samir Amin (2014)")[0].names
('Samir Amin',)
>>> [(p.names, p.et_al, p.year) for p in parse_citation("Brown *et al.*'s (2012)")]
[(('Brown',), True, 2012)]
>>> [p.label for p in parse_citation("3, 5-7")]
['3', '5', '6', '7']
>>> [p.names for p in parse_citation("see also World Bank, 2017; e.g., IOM, 2018")]
[('World Bank',), ('IOM',)]
>>> normalize("Delgado-Wise") == normalize("Delgado Wise"), normalize("Márquez") == normalize("Marquez")
(True, True)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_PART = re.compile(
    r"""^(?P<names>.*?)                      # the author part
        (?:\s*,\s*|\s+|\s*\(\s*)             # separator: ', ' or ' ' or ' ('
        (?P<year>\d{4})(?P<suffix>[a-z]?)    # year and letter
        \)?
        (?:\s*\[(?P<orig>\d{4})\])?          # an original year: 1968 [1871]
        (?:\s*[:,]\s*(?:pp?\.\s*)?(?P<loc>[0-9ivxlcdm][\w.\u2013-]*(?:\s*[-\u2013,]\s*\w+)*))?   # locator
        \)?\s*$""",  # 'Achieng (2020, pp. 12-15)': the parenthesis closes after the locator
    re.VERBOSE | re.IGNORECASE,
)
# Signal words before a cited work ('see', 'e.g.,', 'cf.'): part of the print, not of the author.
#: words that introduce the works of a citation: 'see also', 'e.g.,', 'see, among others,', 'see also
#: the first case study in'
SIGNAL = (
    r"(?:see(?:\s+also)?(?:\s+(?:[a-z]+\s+){1,5}(?:in|by))?|e\.\s?g\.|cf\.|for\s+example|for\s+instance|among\s+others|"
    r"as\s+cited\s+in|quoted\s+in),?\s+"
)
_SIGNAL = re.compile(rf"^(?:{SIGNAL})+", re.IGNORECASE)
_EMPHASIS = re.compile(r"[*_]+")
#: a comment after a cited work: 'Kiernan 2006, for instance', 'Eerola 2018, in this bundle'
COMMENT = (
    r",\s*(?:for\s+[a-z]+(?:\s+[a-z]+){0,2}|in\s+this\s+[a-z]+|among\s+others|inter\s+alia|e\.\s?g\.|"
    r"and\s+references\s+therein|emphasis\s+(?:added|in\s+original))"
)
_COMMENT = re.compile(COMMENT + r"\s*$", re.IGNORECASE)
_LINK = re.compile(r"\[([^\[\]]*)\]\(#[^)\s]*\)")  # Pandoc's link-citations: '[Wong 2009](#ref-wong2009)'
_POSSESSIVE = re.compile(r"['’]s?\s*$")  # "Smith and Lee's (2019)"
_ET_AL = re.compile(r"\s*,?\s*\bet\s+al\.?\s*$", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*(?:,|&|\band\b)\s*")


@dataclass(frozen=True, slots=True)
class CitedWork:
    """One work named in a printed citation."""

    printed: str
    names: tuple[str, ...]
    year: int | None
    suffix: str = ""
    locator: str = ""
    et_al: bool = False
    original_year: int | None = None
    label: str = ""  # a numbered citation's number ('12' of '[12]'): the entry of that number

    @property
    def printed_year(self) -> str:
        return f"{self.year}{self.suffix}" if self.year is not None else ""

    @property
    def name_text(self) -> str:
        if self.label:
            return f"[{self.label}]"
        text = ", ".join(self.names[:-1]) + " & " + self.names[-1] if len(self.names) > 1 else self.names[0]
        return text + (" et al." if self.et_al else "")


@lru_cache(maxsize=100_000)
def normalize(text: str) -> str:
    """Fold accents, case, hyphens, dots and spacing: the form in which names are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[\u2010-\u2015\-_/]", " ", plain.casefold())
    plain = re.sub(r"[.'’‘`]", "", plain)
    return re.sub(r"\s+", " ", plain).strip()


# between the works of one citation: ';', a ':' slipped in for it after a year ('Alderman et al.,
# 2006: Agüero and Majid, 2014'), told from a page locator ('2006: 12') by the name after it, and
# 'and' or '&' after a year ('Gomez 2014 and Kanno-Youngs 2020'; not 'Smith and Jones 2019')
PARTS = re.compile(r"\s*;\s*|(?:(?<=\d{4})|(?<=\d{4}[a-z]))(?::|\s+and|\s*&)\s+(?=[A-ZÀ-Þ][^\W\d_]+)")


# a work that prints no year: 'Nikolov et al., n.d.'
_UNDATED = re.compile(r"^\s*(?P<names>[^\W\d].*?)[,\s]+n\.\s?d\.?\s*$", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def parse_citation(printed: str) -> tuple[CitedWork, ...]:
    """Parse a printed citation (without its enclosing parentheses) into the works it names."""
    works = []
    text = _LINK.sub(r"\1", printed).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    numbered = _NUMBERED.match(text)
    if numbered:  # '12', '[3, 5-7]': one work per number
        return tuple(CitedWork(printed=n, names=(f"[{n}]",), year=None, label=n) for n in _numbers(numbered.group(1)))
    if re.fullmatch(r"[a-z]", text):  # a lettered note's marker ('<sup>a</sup>'): the note labelled so
        return (CitedWork(printed=text, names=(f"[{text}]",), year=None, label=text),)
    for raw in (p.strip() for p in PARTS.split(text) if p.strip()):
        more = _MORE_YEARS.search(raw)  # 'Swee, 2009, 2015': the same author's works of two years
        if more:
            raw = raw[: more.start()]
        bare = _COMMENT.sub("", _SIGNAL.sub("", _EMPHASIS.sub("", raw)))
        m = _PART.match(bare)
        undated = _UNDATED.match(bare) if m is None else None
        if undated is not None:  # 'Nikolov et al., n.d.': a work that prints no year
            names_text = _ET_AL.sub("", _POSSESSIVE.sub("", undated.group("names").strip().rstrip(",")))
            names = tuple(n for n in _SPLIT_NAMES.split(names_text) if n)
            if names:
                works.append(
                    CitedWork(printed=raw, names=names, year=None, et_al=bool(_ET_AL.search(undated.group("names"))))
                )
                continue
        if m is None:
            works.append(CitedWork(printed=raw, names=(raw,), year=None))
            continue
        names_text = _POSSESSIVE.sub("", m.group("names").strip().rstrip(",").strip())
        et_al = bool(_ET_AL.search(names_text))
        names_text = _ET_AL.sub("", names_text)
        names = tuple(n for n in _SPLIT_NAMES.split(names_text) if n)
        if not names:
            works.append(CitedWork(printed=raw, names=(raw,), year=None))
            continue
        works.append(
            CitedWork(
                printed=raw,
                names=names,
                year=int(m.group("year")),
                suffix=m.group("suffix").lower(),
                locator=m.group("loc") or "",
                et_al=et_al,
                original_year=int(m.group("orig")) if m.group("orig") else None,
            )
        )
        for y in _YEAR_OF_LIST.finditer(more.group(0) if more else ""):
            works.append(
                CitedWork(printed=y.group(0), names=names, year=int(y.group(1)), suffix=y.group(2).lower(), et_al=et_al)
            )
    return tuple(works)


# the further years of one author's works: 'Swee, 2009, 2015', 'Smith 2001a, 2001b' (not a page: '2009, 15')
_MORE_YEARS = re.compile(r"(?:(?<=\d{4})|(?<=\d{4}[a-z]))(?:\s*,\s*(?:1[89]|20)\d\d[a-z]?\b)+\s*$")
_YEAR_OF_LIST = re.compile(r"((?:1[89]|20)\d\d)([a-z]?)")


_NUMBERED = re.compile(r"^\[?(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\]?$")


def _numbers(text: str) -> list[str]:
    """'3, 5-7' -> ['3', '5', '6', '7']."""
    out: list[str] = []
    for piece in re.split(r"\s*,\s*", text):
        a, _, b = re.sub(r"\s*[-–]\s*", "-", piece).partition("-")
        if b and int(b) >= int(a) and int(b) - int(a) < 50:
            out += [str(i) for i in range(int(a), int(b) + 1)]
        else:
            out.append(a)
    return out
