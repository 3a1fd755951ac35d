"""Printed in-text citations: parsing them, and matching them against a reference list.

A printed citation (``fm:asPrinted``) may name several works (``A, 2017; B, 2018``). Each is
parsed into names, year, letter suffix and locator, then matched to the entries of the
reference list by author (accents, hyphens, case and corporate short forms forgiven) and year.
The match status is one of (ids as the check reports them):

``exact``            one entry has these authors and this year (and suffix), or the only entry of
                     the year whose title opens with the cited words ('*The Land of Open Graves* (2015)'),
                     or the only one first published that year ('Malthus 1798' for '1965 [1798]')
``misdated``         entries by these authors exist, none of this year
``ambiguous``        several entries share authors and year, no suffix tells them apart
``author-mismatch``  an entry by the same first author has this year, its authors differ; or an
                     entry of this year has the cited first author as a later author
``unresolved``       no entry by this author (candidates: entries of the cited year whose first
                     author's name differs from the cited one by a slip of the pen)

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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from .bibtex import Name, Reference

EXACT, MISDATED, AMBIGUOUS, AUTHOR_MISMATCH, UNRESOLVED = (
    "exact",
    "misdated",
    "ambiguous",
    "author-mismatch",
    "unresolved",
)

_SLIP = 0.8  # how alike two names must be for one to be a misspelling of the other (difflib's ratio)

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
_STOPWORDS = {"of", "for", "and", "on", "the", "de", "la", "del", "des", "du", "el", "y", "et", "&"}


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


#: Printed citations whose matches a :class:`Bibliography` keeps (see ``match_printed``).
PRINTED_KEPT = 200_000


@dataclass(slots=True)
class Match:
    """How one cited work matched the reference list."""

    work: CitedWork
    status: str
    entry: Reference | None = None
    candidates: list[Reference] = field(default_factory=list)

    @property
    def resolved(self) -> list[Reference]:
        """The entries this citation points at: the exact match, or its candidates."""
        return [self.entry] if self.entry is not None else list(self.candidates)


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


def _acronym(name: str) -> str:
    words = [w for w in re.split(r"\s+", name) if w and w.casefold() not in _STOPWORDS]
    return "".join(w[0] for w in words if w[0].isupper())


def _forms(ref: Reference, name: Name, first: bool) -> frozenset[str]:
    """Every normalised form under which an author may be cited."""
    forms = {normalize(" ".join(p for p in (name.von, name.family) if p)), normalize(name.family)}
    if not name.corporate and name.given.isupper() and "." not in name.given:
        # 'Giving USA. 2017.' reads as a family name with initials ('Smith JA'); cited whole, it is a body
        forms.add(normalize(f"{name.family} {name.given}"))
    if name.corporate:
        acronym = _acronym(name.family)
        if len(acronym) >= 2:
            forms.add(normalize(acronym))
        if first and ref.short_author:
            forms.add(normalize(ref.short_author))
    return frozenset(f for f in forms if f)


def _form_matches(cited: str, forms: frozenset[str], corporate: bool) -> bool:
    """Does the normalised cited name ``cited`` name an author with these forms?"""
    if corporate and cited.startswith("the "):  # 'The Pew Research Center' for 'Pew Research Center'
        cited = cited[4:]
    if corporate:  # and 'The Asia Foundation' for 'The Asia Foundation'
        forms = frozenset(f[4:] if f.startswith("the ") else f for f in forms)
    for form in forms:
        if cited == form:
            return True
        if not corporate and cited.endswith(" " + form):  # narrative: 'Samir Amin'
            return True
        if corporate and (form.startswith(cited + " ") or cited.startswith(form + " ")):
            return True  # 'McKinsey' for 'McKinsey Global Institute'
    return False


def _slip(cited: str, family: str) -> bool:
    """Is the normalised name ``family`` a slip of the pen for ``cited`` (difflib's ratio at least
    :data:`_SLIP`)? The ratio's two cheap upper bounds (by length, by letters) are asked first.

    >>> _slip("fiining", "finning"), _slip("fiining", "smith")
    (True, False)
    """
    matcher = SequenceMatcher(None, cited, family)
    return matcher.real_quick_ratio() >= _SLIP and matcher.quick_ratio() >= _SLIP and matcher.ratio() >= _SLIP


class _Names:
    """The first authors' family names of one year's entries, to find the slips of a cited name.

    difflib's ratio is at most its ``quick_ratio``, the letters two names share (as multisets)
    over their lengths. Each name has a bit in one integer per letter and count (``('n', 2)``:
    the names with two n's or more); summed bit by bit over the cited name's letters, they give
    every name's shared letters at once, so that only the names that share enough are compared
    (:func:`_slip`): the same answer as comparing every entry of the year.

    >>> names = _Names(["finning", "smith", "finning", "fining"])
    >>> names.alike("fiining")
    [0, 2, 3]
    """

    def __init__(self, families: list[str]) -> None:
        self._names: list[str] = []
        self._entries: list[list[int]] = []  # by name: the positions of its entries
        index: dict[str, int] = {}
        for position, family in enumerate(families):
            if not family:
                continue
            if family not in index:
                index[family] = len(self._names)
                self._names.append(family)
                self._entries.append([])
            self._entries[index[family]].append(position)
        size = (len(self._names) + 7) // 8
        letters: dict[tuple[str, int], bytearray] = {}
        lengths: dict[int, bytearray] = {}
        for i, name in enumerate(self._names):
            byte, bit = i >> 3, 1 << (i & 7)
            for letter, count in Counter(name).items():
                for k in range(1, count + 1):
                    letters.setdefault((letter, k), bytearray(size))[byte] |= bit
            lengths.setdefault(len(name), bytearray(size))[byte] |= bit
        self._letters = {key: int.from_bytes(bits, "little") for key, bits in letters.items()}
        self._lengths = {n: int.from_bytes(bits, "little") for n, bits in lengths.items()}

    def alike(self, cited: str) -> list[int]:
        """The positions (in the list given) of the entries whose name is a slip for ``cited``."""
        planes: list[int] = []  # bit i of each name's count of shared letters
        for letter, count in Counter(cited).items():
            for k in range(1, count + 1):
                carry, i = self._letters.get((letter, k), 0), 0
                while carry:
                    if i == len(planes):
                        planes.append(carry)
                        break
                    planes[i], carry = planes[i] ^ carry, planes[i] & carry
                    i += 1
        chosen = 0
        for length, names in self._lengths.items():
            total = len(cited) + length
            # the fewest shared letters for which quick_ratio reaches _SLIP (in difflib's arithmetic)
            least = next((m for m in range(min(len(cited), length) + 1) if 2.0 * m / total >= _SLIP), None)
            if least is not None:
                chosen |= _at_least(planes, least, names)
        found: list[int] = []
        while chosen:
            low = chosen & -chosen
            chosen ^= low
            i = low.bit_length() - 1
            if _slip(cited, self._names[i]):
                found += self._entries[i]
        return sorted(found)


def _at_least(planes: list[int], least: int, among: int) -> int:
    """The bits of ``among`` whose count, written in bit planes (lowest first), is at least ``least``."""
    if least >> len(planes):
        return 0
    greater, equal = 0, among
    for i in reversed(range(len(planes))):
        if least >> i & 1:
            equal &= planes[i]
        else:
            greater |= equal & planes[i]
            equal &= ~planes[i]
    return greater | equal


class Bibliography:
    """A reference list, indexed for matching citations.

    Each entry's first-author forms are normalised once and indexed (a corporate body also by its
    first word: 'McKinsey'); a cited name is looked up by itself and its word suffixes and
    prefixes (narrative 'Samir Amin' -> 'amin'), then verified, so matching costs the same with
    50 entries or 500,000.
    """

    def __init__(self, refs: Iterable[Reference]) -> None:
        self.refs = list(refs)
        self._order = {id(r): i for i, r in enumerate(self.refs)}
        self._authors: dict[int, list[tuple[frozenset[str], bool]]] = {}
        self._index: dict[str, list[Reference]] = {}
        self._dated: dict[tuple[str, int | None], list[Reference]] = {}  # the same, by key and year
        self._coauthors: dict[str, list[Reference]] = {}  # by the name of an author after the first
        self._labelled: dict[str, list[Reference]] = {}  # a note may name several sources
        self._printed: dict[str, tuple[Match, ...]] = {}  # match_printed's answers, by printed text
        self._by_year: dict[int | None, list[Reference]] | None = None  # for _misspelt, made when first asked
        # each year's entries with authors and their first authors' names, indexed when first asked
        self._names: dict[int | None, tuple[list[Reference], _Names]] = {}
        for ref in self.refs:
            if ref.label:
                self._labelled.setdefault(ref.label, []).append(ref)
        for ref in self.refs:
            forms = [(_forms(ref, a, i == 0), a.corporate) for i, a in enumerate(ref.authors)]
            self._authors[id(ref)] = forms
            for later, _corporate in forms[1:]:
                for form in later:
                    self._coauthors.setdefault(form, []).append(ref)
            if not forms:
                continue
            first_forms, corporate = forms[0]
            keys = set(first_forms)
            if corporate:  # 'McKinsey' for 'McKinsey Global Institute'
                keys |= {form.split()[0] for form in first_forms if form}
            for key in keys:
                self._index.setdefault(key, []).append(ref)
                self._dated.setdefault((key, ref.year), []).append(ref)

    def _matches(self, cited: str, ref: Reference, position: int) -> bool:
        forms, corporate = self._authors[id(ref)][position]
        return _form_matches(normalize(cited), forms, corporate)

    def _first_author(self, work: CitedWork, *, dated: bool = False) -> list[Reference]:
        """The entries whose first author the cited first name names (``dated``: of the cited year only)."""
        c = normalize(work.names[0])
        words = c.split() or [c]
        # the whole name, its word suffixes ('Samir Amin' -> 'amin') and prefixes ('World Bank Group' -> 'world bank')
        keys = {" ".join(words[i:]) for i in range(len(words))} | {" ".join(words[:i]) for i in range(1, len(words))}
        seen: dict[int, Reference] = {}
        if dated and (c, work.year) in self._dated:  # the name as cited is indexed: look no wider
            keys = {c}
        for key in keys:
            for ref in self._dated.get((key, work.year), ()) if dated else self._index.get(key, ()):
                seen.setdefault(id(ref), ref)
        found = [r for r in seen.values() if self._matches(work.names[0], r, 0)]
        return sorted(found, key=lambda r: self._order[id(r)])

    def _same_authors(self, work: CitedWork, ref: Reference, *, loose: bool = False) -> bool:
        """The cited names are the entry's authors; 'et al.' stands for two or more others, since every
        author-year style names both of two authors (``loose``: for one or more)."""
        if work.et_al:
            return len(ref.authors) >= (2 if loose else 3)
        if len(work.names) != len(ref.authors):
            return False
        return all(self._matches(c, ref, i) for i, c in enumerate(work.names))

    def _contains_authors(self, work: CitedWork, ref: Reference) -> bool:
        """Every cited name is among the entry's authors (a co-author was dropped)."""
        return all(any(self._matches(c, ref, j) for j in range(len(ref.authors))) for c in work.names)

    def match(self, work: CitedWork) -> Match:
        """Match one cited work; see the module docstring for the statuses."""
        if work.label:
            entries = self._labelled.get(work.label, [])
            return Match(work, EXACT, entry=entries[0]) if entries else Match(work, UNRESOLVED)
        if not work.names or work.year is None:
            by_first = self._first_author(work) if work.names else []
            undated = [r for r in by_first if r.year is None and self._same_authors(work, r, loose=True)]
            if len(undated) == 1:
                return Match(work, EXACT, entry=undated[0])  # 'Nikolov et al., n.d.' for an entry that prints no year
            return Match(work, MISDATED if by_first else UNRESOLVED, candidates=by_first)
        year = work.year  # (an int from here on, for the sort keys below)
        # Most citations name an entry of their year: look among the first author's entries of
        # that year only (an author or a corporate body may have thousands in a large corpus).
        same_year = [r for r in self._first_author(work, dated=True) if self._same_authors(work, r)]
        if work.suffix:
            lettered = [r for r in same_year if r.year_suffix == work.suffix]
            same_year = lettered or [r for r in same_year if not r.year_suffix]
        if len(same_year) == 1:
            return Match(work, EXACT, entry=same_year[0])
        if len(same_year) > 1:
            return Match(work, AMBIGUOUS, candidates=same_year)
        by_first = self._first_author(work)
        if not by_first:
            # 'Chandy et al. (2016)' for 'Zhang, Chandy and Noe (2016)': a co-author cited as the first
            # ('Chandy et al. (2014)': the co-author of an entry of another year, misdated too)
            coauthored = [
                r
                for r in self._coauthors.get(normalize(work.names[0]), ())
                if any(self._matches(work.names[0], r, j) for j in range(1, len(r.authors)))
            ]
            same_year = [r for r in coauthored if r.year == work.year]
            if same_year:
                return Match(work, AUTHOR_MISMATCH, candidates=same_year)
            if coauthored:
                return Match(work, MISDATED, candidates=coauthored)
            titled = self._titled(work)
            if len(titled) == 1:  # a work named by its title: '*The Land of Open Graves* (2015)'
                return Match(work, EXACT, entry=titled[0])
            return Match(work, UNRESOLVED, candidates=self._misspelt(work))
        same = [r for r in by_first if self._same_authors(work, r)]
        # 'Malthus 1798' for 'Malthus 1965 [1798]': a work cited by the year of its first edition
        first_edition = [r for r in same if r.fields.get("origdate") == str(year)]
        if len(first_edition) == 1:
            return Match(work, EXACT, entry=first_edition[0])
        superset = [r for r in by_first if r.year == work.year and self._contains_authors(work, r)]
        if superset:
            return Match(work, AUTHOR_MISMATCH, candidates=superset)
        if same:
            return Match(work, MISDATED, candidates=sorted(same, key=lambda r: abs((r.year or 0) - year)))
        first_year = [r for r in by_first if r.year == work.year]
        if first_year:
            return Match(work, AUTHOR_MISMATCH, candidates=first_year)
        return Match(work, MISDATED, candidates=sorted(by_first, key=lambda r: abs((r.year or 0) - year)))

    def _year_index(self) -> dict[int | None, list[Reference]]:
        if self._by_year is None:
            self._by_year = {}
            for ref in self.refs:
                self._by_year.setdefault(ref.year, []).append(ref)
        return self._by_year

    def _titled(self, work: CitedWork) -> list[Reference]:
        """The entries of the cited year whose title opens with the cited 'name' (three words or more)."""
        cited = normalize(work.names[0])
        if len(work.names) != 1 or len(cited.split()) < 3:
            return []
        return [r for r in self._year_index().get(work.year, ()) if r.title and normalize(r.title).startswith(cited)]

    def _misspelt(self, work: CitedWork) -> list[Reference]:
        """The entries of the cited year whose first author's name is a slip of the cited one
        ('Fiining et al., 2019' for Finning, K. et al. (2019)): the work the citation means to name,
        though no entry is by that name. (A year's names are indexed when first asked: :class:`_Names`.)"""
        cited = normalize(work.names[0])
        if len(cited) < 4:
            return []
        if work.year not in self._names:
            authored = [r for r in self._year_index().get(work.year, ()) if r.authors]
            self._names[work.year] = (authored, _Names([normalize(r.authors[0].family) for r in authored]))
        entries, names = self._names[work.year]
        return [entries[i] for i in names.alike(cited)]

    def names_author(self, name: str) -> bool:
        """Is ``name`` ('the ILO', 'World Bank') the first author of some entry?"""
        name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        return bool(name) and bool(self._first_author(CitedWork(printed=name, names=(name,), year=None)))

    def match_printed(self, printed: str) -> list[Match]:
        """Parse and match every work of one printed citation (a note's number: each source it names).

        A text cites most works several times in the same words ('UNHCR (2019)'): each printed
        text is parsed and matched once per reference list, and its matches given again (the
        same :class:`Match` objects, in a new list; up to :data:`PRINTED_KEPT` texts are kept).
        """
        known = self._printed.get(printed)
        if known is None:
            out = []
            for w in parse_citation(printed):
                out.append(self.match(w))
                out += [Match(w, EXACT, entry=e) for e in self._labelled.get(w.label, [])[1:]] if w.label else []
            if len(self._printed) >= PRINTED_KEPT:
                self._printed.clear()
            known = self._printed[printed] = tuple(out)
        return list(known)
