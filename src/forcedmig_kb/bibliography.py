"""A reference list matched against the works of printed citations (:mod:`.citations` parses them).

Each cited work is matched to the entries of the reference list by author (accents, hyphens, case
and corporate short forms forgiven) and year. The match status is one of (ids as the check reports them):

``exact``            one entry has these authors and this year (and suffix), or the only entry of
                     the year whose title opens with the cited words ('*The Land of Open Graves* (2015)'),
                     or the only one first published that year ('Malthus 1798' for '1965 [1798]')
``misdated``         entries by these authors exist, none of this year
``ambiguous``        several entries share authors and year, no suffix tells them apart
``author-mismatch``  an entry by the same first author has this year, its authors differ; or an
                     entry of this year has the cited first author as a later author
``unresolved``       no entry by this author (candidates: entries of the cited year whose first
                     author's name differs from the cited one by a slip of the pen)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .bibtex import Name, Reference
from .citations import CitedWork, normalize, parse_citation

EXACT, MISDATED, AMBIGUOUS, AUTHOR_MISMATCH, UNRESOLVED = (
    "exact",
    "misdated",
    "ambiguous",
    "author-mismatch",
    "unresolved",
)

_SLIP = 0.8  # how alike two names must be for one to be a misspelling of the other (difflib's ratio)

_STOPWORDS = {"of", "for", "and", "on", "the", "de", "la", "del", "des", "du", "el", "y", "et", "&"}


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
