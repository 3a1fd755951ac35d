"""A text's own reference list (author-year styles) parsed into :class:`~forcedmig_kb.bibtex.Reference` entries.

An entry starts on a line that begins with authors followed by a year (``Amin, S. (2013).``,
``Battelle (2012),``, ``ILO (International Labour Organization) (2015a).``, ``Smith J, Jones K.
2019.``, a Markdown bullet or a number in front); the lines after it until the next entry are
its continuation (a page break, a URL). From each entry the parser takes what matching a
citation needs: the authors in order (persons ``Family, Initials`` or ``Given Family``, or a
corporate body with its printed short form), the year and its letter, and a title.

>>> refs, not_understood = parse_reference_list([
...     (1, "- ILO (International Labour Organization) (2015a). *ILO global estimates*. Geneva: ILO."),
...     (2, "Foster, J. B., McChesney, R.W. & Jonna, J. (2011b), \\"The Global Reserve Army,\\" *Monthly Review*.")])
>>> [(r.key, r.authors[-1].family, r.year, r.year_suffix, r.short_author) for r in refs]
[('ilo2015a', 'International Labour Organization', 2015, 'a', 'ILO'), ('foster2011b', 'Jonna', 2011, 'b', '')]
>>> [a.family for a in parse_reference_list([(1, "Delgado Wise, R, Humberto Márquez and Héctor Rodríguez (2009), “Seis tesis”.")])[0][0].authors]
['Delgado Wise', 'Márquez', 'Rodríguez']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..bibtex import Name, Reference, new_key
from .note_sources import note_references
from .titled_entries import BACKLINKS, titled_entry

_BULLET = re.compile(r"^\s*(?:[-*+•]\s+|\[?\d{1,3}[.)\]]\s+)")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# authors, then a year: '(2013)', '(1968 [1871])', ' 2019.' (Vancouver-like), '(n.d.)'
_ENTRY = re.compile(
    r"^(?P<authors>[^\d()]*?(?:\([^()\d]*\)[^\d()]*?)?)\s*[,.]?\s*"
    r"\(?(?:(?<=\()(?:\d{1,2}\s+)?" + _MONTH + r"\.?\s+(?:\d{1,2},\s+)?)?"  # '(2 May 2016)', '(August 2020)'
    r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z]?)(?:\s*\[(?P<orig>\d{4})\])?\)?[.,:;]?\s+(?P<rest>.*)$"
)
# a web page or press entry: 'Family, Given. "Title." Outlet. December 18 2019. (https://...)' (the
# year only in the date after the title)
_DATED_LATER = re.compile(
    r"^(?P<authors>[A-ZÀ-Þ][\w'’\-]+,\s+[A-ZÀ-Þ][\w'’\-]*(?:\s+[A-ZÀ-Þ][\w'’\-.]*)*)\.\s+"
    r"(?P<rest>[\"“][^\"”]{3,300}[\"”].*?\b(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z]?)\b.*)$"
)
_GIVEN = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]+|[A-ZÀ-Þ]\.)(?:[\s\-]+(?:[A-ZÀ-Þ][a-zà-ÿ]+|[A-ZÀ-Þ]\.?)){0,3}$")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]?\.?[\s\-]*)+$")
_TRAILING_INITIALS = re.compile(r"^(?P<family>(?=.*[a-zà-ÿ]).*?[^\W\d_])\s+(?P<given>(?:[A-ZÀ-Þ]\.?\s*)+)$")
_LEADING_INITIALS = re.compile(r"^(?P<given>(?:[A-ZÀ-Þ]\.\s*)+)(?P<family>[A-ZÀ-Þ].*)$")
_SPLIT_AND = re.compile(r"\s*(?:&|\band\b)\s*")
_EXPANSION = re.compile(r"^(?P<short>[^()]+?)\s*\((?P<long>[^()]+)\)\s*$")
_QUOTED = re.compile(r"^[\"“‘'](?P<t>.+?)[,.]?[\"”’'][,.]?(?:\s|$)")
_ITALIC = re.compile(r"^\*(?P<t>[^*]+)\*")


# what an entry's authors open with: a capital, or a family name's particle ('van Sighem AI, Gras LA, ...')
_NAME_START = re.compile(r"[A-ZÀ-Þ]|(?:van|von|de|der|den|du|da|di|del|della|la|le|ten|ter)\s+[A-ZÀ-Þ]")
# the words that start a family name ('De la Garza', 'Van Dijk', 'von Braun')
_PARTICLES = {"de", "del", "della", "der", "di", "da", "das", "dos", "du", "la", "le", "van", "von", "ten", "ter"}


def _person(piece: str) -> Name | None:
    """'Amin, S.' is handled by the caller; here a single piece: 'Geiger M.', 'J. Cypher', 'Humberto Márquez'.

    >>> [(n.family, n.given) for n in map(_person, ["C. Neal Tate", "J. E. Cypher", "J. De la Garza"])]
    [('Tate', 'C. Neal'), ('Cypher', 'J. E.'), ('De la Garza', 'J.')]
    """
    piece = piece.strip().strip(",")
    m = _TRAILING_INITIALS.match(piece)
    if m:
        return Name(m.group("family").strip(), m.group("given").strip())
    m = _LEADING_INITIALS.match(piece)
    if m:
        # 'C. Neal Tate': a given name may follow the initials; the family name is the last word, or starts at
        # its particle ('J. van der Berg')
        words = m.group("family").split()
        cut = next((i for i, w in enumerate(words) if w.islower() or w.lower() in _PARTICLES), len(words) - 1)
        given = " ".join([m.group("given").strip(), *words[:cut]])
        return Name(" ".join(words[cut:]), given)
    words = piece.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return Name(words[-1], " ".join(words[:-1]))
    return None


# a lowercase word inside a name joined by '&': a body's name, not two ('Vox and Data for Progress' is two)
_BODY_WORDS = re.compile(r"\s(?:for|of|on|the|in)\s")


def parse_authors(text: str, *, given_first: bool = False) -> tuple[list[Name], str]:
    """The authors of an entry and a corporate body's printed short form.

    >>> [(a.family, a.given) for a in parse_authors("Davies, J.B., Sandström, S., Shorrocks, A. & Wolff, E.N.")[0]]
    [('Davies', 'J.B.'), ('Sandström', 'S.'), ('Shorrocks', 'A.'), ('Wolff', 'E.N.')]
    >>> [a.family for a in parse_authors("Alberti, Giorgio, and Enrique Mayer, eds.")[0]]
    ['Alberti', 'Mayer']
    >>> [(a.family, a.corporate) for a in parse_authors("World Bank")[0]]
    [('World Bank', True)]
    >>> [a.family for a in parse_authors("Simpson, A; Holliday, I; Farrelly, Nicholas")[0]]
    ['Simpson', 'Holliday', 'Farrelly']
    >>> [(a.family, a.corporate) for a in parse_authors("Institute for Economics & Peace")[0]]
    [('Institute for Economics & Peace', True)]
    """
    text = re.sub(r"(?<=[a-zà-ÿ])\.$", "", re.sub(r"\s+", " ", text).strip().rstrip(",;"))
    text = re.sub(r"\s*;\s*", ", ", text)  # 'Simpson, A; Holliday, I; Farrelly, Nicholas': ';' between names
    # editors: 'Smith, J. (eds.)', 'Alberti, Giorgio, and Enrique Mayer, eds' (Chicago)
    text = re.sub(
        r"\s*(?:\((?:eds?|coords?|comp)\.?\)|,\s*(?:eds?|coords?|comps?)\.?)\s*$", "", text, flags=re.IGNORECASE
    )
    expansion = _EXPANSION.match(text)
    if expansion and "," not in expansion.group("short"):
        return [Name(expansion.group("long").strip(), corporate=True)], expansion.group("short").strip()
    if given_first:  # 'Kalena E. Cortes', 'Zvi Eckstein, Yoram Weiss': names in their natural order
        persons = [_person(p) for p in re.split(r"\s*(?:,|,?\s+and|,?\s+&)\s*", text) if p.strip()]
        if persons and all(persons):
            return [p for p in persons if p is not None], ""
    if (
        "," not in text
        and not _TRAILING_INITIALS.match(text)
        and (not _SPLIT_AND.search(text) or " and " not in text and _BODY_WORDS.search(text))
    ):
        return [Name(text, corporate=True)], ""  # 'World Bank', 'Institute for Economics & Peace'

    names: list[Name] = []
    for chunk in _SPLIT_AND.split(text):
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            single = _person(piece)
            if nxt is not None and (
                _INITIALS.match(nxt)
                or (len(nxt.split()) == 1 and nxt[:1].isupper() and single is None)
                or (single is None and _GIVEN.match(nxt))
            ):  # Chicago: 'Ramey, Valerie A.'
                names.append(Name(piece, nxt))  # 'Family, Initials' or 'Family, Given'
                i += 2
                continue
            names.append(single or Name(piece, corporate=len(piece.split()) > 1 and not names))
            i += 1
    return names, ""


def _title(rest: str) -> tuple[str, str]:
    """The title at the start of what follows the year, and the entry type it suggests."""
    rest = rest.strip()
    m = _QUOTED.match(rest)
    if m:
        return m.group("t").strip(), "article" if "*" in rest[m.end() :] else "misc"
    m = _ITALIC.match(rest)
    if m:
        return m.group("t").strip(), "book"
    m = re.search(r"\*(?P<t>[^*]{4,})\*", rest[:120])
    title = m.group("t") if m else re.split(r"\.\s+(?=[A-Z])|\.$", rest, maxsplit=1)[0]
    return re.sub(r"[*_]", "", title).strip(" ,.;") or rest[:80], "book" if m else "misc"


# the same authors as the entry before, as Chicago prints them: '———. 2023a. “ILO Modelled Estimates ...”'
_DITTO = re.compile(r"(?:[—–]{2,}|-{3,}|_{3,})\s*(?P<sep>[.,])?\s*")


def parse_reference_list(
    lines: list[tuple[int, str]], *, path: Path | str | None = None, key_prefix: str = ""
) -> tuple[list[Reference], list[tuple[int, str]]]:
    """Parse the lines of a reference list; return the entries and the lines that start none.

    A line that is not an entry's start continues the entry before it (a URL, a page break);
    lines before the first entry are returned as not understood. An entry that opens with a rule
    ('———.') is by the authors of the entry before.

    >>> refs, _ = parse_reference_list([(1, "ILO. 1982. “Convention C158.” Geneva."), (3, "———. 2023a. “ILO Modelled Estimates.” ILOSTAT.")])
    >>> [(r.key, r.year, r.year_suffix) for r in refs]
    [('ilo1982', 1982, ''), ('ilo2023a', 2023, 'a')]
    """
    refs: list[Reference] = []
    entries: list[tuple[int, str]] = []
    orphans: list[tuple[int, str]] = []
    labels: dict[int, str] = {}
    notes: list[Reference] = []
    lines_by_number = dict(lines)
    paragraphs = _paragraph_starts(lines)
    inside = _wrapped_lines(lines)
    last_authors = ""  # of the entry before: '———. 2023a.' repeats them (Chicago)
    for number, line in lines:
        text = BACKLINKS.sub("", _BULLET.sub("", line).strip())
        ditto = _DITTO.match(text)
        if ditto is not None and last_authors:
            text = f"{last_authors}{ditto.group('sep') or '.'} {text[ditto.end() :]}"
        read = _read(line, text)
        if read is None and number in paragraphs:
            read = _loose_entry(text)  # a list set out one paragraph per entry, in no one style
        starts = (
            read is not None
            and read.authors.strip(" .,")
            and (read.titled or _NAME_START.match(read.authors.strip()))
            and number not in inside  # a hard-wrapped line of a paragraph: 'Appropriations Act, 2023, in Div. M; ...'
        )
        label = _LABEL.match(line)
        if not starts and label:  # a numbered note that names its source otherwise ('[63] https://...')
            note = note_references({label.group(1) or label.group(2): (number, text)}, key_prefix=key_prefix)
            if note:
                notes += note
                continue
        if starts:
            assert read is not None
            last_authors = read.authors.strip().rstrip(".,")
            entries.append((number, text))
            label = _LABEL.match(line)
            if label:
                labels[number] = label.group(1) or label.group(2)
        elif entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + text)
        else:
            orphans.append((number, line))
    seen: set[str] = set()
    for number, text in entries:
        read = _read(lines_by_number.get(number, ""), text) or _loose_entry(text)
        assert read is not None
        authors, short = parse_authors(read.authors, given_first=read.given_first)
        if not authors:
            orphans.append((number, text))
            continue
        year = int(read.year) if read.year else None
        suffix = read.suffix
        title, entry_type = _title(read.rest)
        fields = {"title": title}
        url = re.search(r"https?://[^\s>]+", text)
        if url:
            fields["url"] = url.group(0).rstrip(".,")
        if read.orig:
            fields["origdate"] = read.orig
        fields["note"] = "As printed: " + text[:400]
        refs.append(
            Reference(
                key=new_key(
                    short or (authors[0].family if authors else ""),
                    f"{year or ''}{suffix}",
                    seen,
                    prefix=key_prefix,
                ),
                entry_type=entry_type,
                authors=authors,
                year=year,
                year_suffix=suffix,
                title=title,
                fields=fields,
                short_author=short,
                path=Path(path) if path is not None else None,
                line=number,
                label=labels.get(number, ""),
            )
        )
    for ref in notes:
        ref.path = Path(path) if path is not None else None
    return refs + notes, orphans


# the number of an entry in a numbered list: '[12] ...', '12. ...', '12) ...'
_LABEL = re.compile(r"^\s*(?:[-*+•]\s+)?(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+")
# Vancouver-like: authors, then the title, the year later ('Smith J, Lee K. Title. Lancet. 2019;393:1-9.'), never
# the prefix of a DOI ('DOI:10.1590/S0102-311X2009000600020')
_VANCOUVER = re.compile(
    r"^(?P<authors>[^.]{2,200}?)\.\s+(?P<rest>.*\b(?<!10\.)(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z]?)\b.*)$"
)


# the year Vancouver prints before a journal's volume ('Lancet. 2005;365(9475):1961-70') or before the date it was
# cited ('Brasília (DF); 2012 [cited 2013 Jan]'): taken before any number of pages or of a DOI after it
_VANCOUVER_DATED = re.compile(
    r"^(?P<authors>[^.]{2,200}?)\.\s+(?P<rest>.*?\b(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z]?)(?=\s*;|\s*\[cited\b).*)$"
)


_TITLE_IN_AUTHORS = re.compile(r"\.\s+[A-Z][a-z]{2,}\s+\S")


def _wrapped_lines(lines: list[tuple[int, str]]) -> set[int]:
    """The lines inside a paragraph of a list whose paragraphs are hard-wrapped notes or entries (a PDF's
    endnotes: '7 The three ... were' / 'the Additional ... Act, 2022, Pub. L. No. 117-128, 136 Stat.'): lines
    that continue the paragraph before them, never start an entry. None when the list sets out an entry per
    line: most paragraphs there are one line.

    >>> _wrapped_lines([(1, "1 A note"), (2, "that goes on."), (4, "2 Another"), (5, "goes on"), (6, "and on."),
    ...                 (8, "3 A third"), (9, "ends."), (11, "4 Last"), (12, "one.")])
    {2, 5, 6, 9, 12}
    >>> _wrapped_lines([(1, "Smith, J. 2019. A."), (2, "Lee, K. 2020. B."), (4, "Ng, L. 2018. C.")])
    set()
    >>> names = ["Abel", "Baker", "Cole", "Dunn", "Ellis", "Ford", "Gray", "Hill"]
    >>> _wrapped_lines([(n, f"{a}, J. (2019). A study of migration.") for n, a in zip((1, 2, 4, 5, 7, 8, 10, 11), names)])
    set()
    """
    numbers = [n for n, _ in lines]
    starts = [i for i, (prev, n) in enumerate(zip([0, *numbers], numbers)) if i == 0 or n > prev + 1]
    sizes = [b - a for a, b in zip(starts, [*starts[1:], len(numbers)])]
    if len(starts) < 4 or sum(1 for k in sizes if k > 1) * 4 < len(starts) * 3:
        return set()
    first = {numbers[i] for i in starts}
    inside = [(n, line) for n, line in lines if n not in first]
    # groups of entries set one per line (a blank line between letters or kinds): most lines there read as
    # entries, where few lines inside a wrapped note do; a bulleted or numbered line starts an item anyway
    entries = sum(1 for _, line in inside if _BULLET.match(line) or _read(line, line.strip()) is not None)
    if entries * 3 >= len(inside):
        return set()
    return {n for n, line in inside if not _BULLET.match(line)}


def _paragraph_starts(lines: list[tuple[int, str]]) -> set[int]:
    """The lines that open a paragraph, when the list sets out its entries one paragraph each (a blank
    line between most of them); else none."""
    numbers = [n for n, _ in lines]
    starts = {n for prev, n in zip(numbers, numbers[1:]) if n > prev + 1} | set(numbers[:1])
    return starts if len(numbers) >= 4 and len(starts) * 3 >= len(numbers) else set()


# the authors of an entry in no one style, as many names as open it: 'Christian Dustmann, Ian Preston,
# Comment: ...', 'Kalena E. Cortes; Are Refugees ...', 'Chiswick, B., Miller, P. Immigrant earnings ...',
# 'Nikolov, Plamen and Salarpour Goodarzi, Leila and Titus, David, Skill Downgrading ...'
_GIVEN_FAMILY = r"[A-ZÀ-Þ][a-zà-ÿ'’\-]+(?:\s+[A-ZÀ-Þ]\.)*(?:\s+(?:van|von|de|der|da|del)?\s*[A-ZÀ-Þ][a-zà-ÿ'’\-]+){1,2}"
_FAMILY_GIVEN = r"[A-ZÀ-Þ][a-zà-ÿ'’\-]+(?:\s+[A-ZÀ-Þ][a-zà-ÿ'’\-]+)?,\s*(?:(?:[A-ZÀ-Þ]\.\s?)+|[A-ZÀ-Þ][a-zà-ÿ'’\-]+(?:\s+[A-ZÀ-Þ]\.)?)"
_SEP = r"\s*(?:,|;|,?\s+and|,?\s+&)\s*"
_LOOSE_FG = re.compile(rf"^(?P<authors>{_FAMILY_GIVEN}(?:{_SEP}{_FAMILY_GIVEN})*)\s*[,;.]?\s+(?P<rest>.*)$")
# ('Kalena E. Cortes; Are Refugees ...': after names in their natural order ';' ends the authors)
_LOOSE_GF = re.compile(
    rf"^(?P<authors>{_GIVEN_FAMILY}(?:\s*(?:,|,?\s+and|,?\s+&)\s*{_GIVEN_FAMILY})*)\s*[,;.]?\s+(?P<rest>.*)$"
)
# after names 'Family, I.', one in its natural order ('Ruiz, I., Carlos Vargas-Silva, Differences in ...')
_HYPHENATED = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)*"
_THEN_GIVEN_FIRST = re.compile(rf"(?P<name>{_HYPHENATED}(?:\s+[A-ZÀ-Þ]\.)?\s+{_HYPHENATED}),\s+(?=[A-ZÀ-Þ])")
# its year: in parentheses anywhere, else one that closes a field ('1 February 2012,', 'Statistics 2004;')
_LOOSE_YEAR = re.compile(
    r"\((?P<y1>1[5-9]\d\d|20\d\d)(?P<s1>[a-z]?)\)|(?<![\d/.\-–—])(?P<y2>1[5-9]\d\d|20\d\d)(?P<s2>[a-z]?)(?=\s*[,;.](?!\d))"
)


@dataclass(frozen=True, slots=True)
class _Loose:
    """An entry's start as read: its authors, year (None: undated), the year's letter, the rest, and the
    year of an original edition ('1965 [1798]')."""

    authors: str
    year: str | None
    suffix: str
    rest: str
    orig: str | None = None
    given_first: bool = False  # names in their natural order ('Kalena E. Cortes')
    titled: bool = False  # printed title first, its author a work or site ('_moneycontrol.com_')

    @classmethod
    def of(cls, m: re.Match[str]) -> _Loose:
        groups = m.groupdict()
        return cls(m.group("authors"), m.group("year"), groups.get("suffix") or "", m.group("rest"), groups.get("orig"))


def _read(line: str, text: str) -> _Loose | None:
    """How an entry's start reads: a numbered entry printed title first ('61. ["Title"](https://...).
    _Business Standard_. 27 July 2021.', :mod:`.titled_entries`: its stand-in author, year and title),
    else as :func:`_entry` reads it."""
    titled = titled_entry(text) if _LABEL.match(line) else None
    if titled is not None:
        work, year, title = titled
        return _Loose(work, year, "", f"“{title}.” {text}", titled=True)
    matched = _entry(line, text)
    return _Loose.of(matched) if matched is not None else None


def _loose_entry(text: str) -> _Loose | None:
    """An entry set out in no one style ('Christian Dustmann, Ian Preston, Comment: Estimating ...,
    Volume 10, Issue 1, 1 February 2012, Pages 216–223'): the names that open it, and its year in
    parentheses or closing a field outside its addresses (none printed: undated, when its names are
    inverted, 'Family, Given').

    >>> e = _loose_entry("Christian Dustmann, Ian Preston, Comment: Estimating, Volume 10, 1 February 2012, Pages 2")
    >>> e.authors, e.year
    ('Christian Dustmann, Ian Preston', '2012')
    >>> e = _loose_entry("Nikolov, Plamen and Titus, David, Skill Downgrading Among Refugees. IZA Discussion Paper")
    >>> e.authors, e.year
    ('Nikolov, Plamen and Titus, David', None)
    >>> _loose_entry("Ruiz, I., Carlos Vargas-Silva, Differences in labour market outcomes, July 2018, Pages 855").authors
    'Ruiz, I., Carlos Vargas-Silva'
    """
    first = re.split(r"[,;]", text, maxsplit=1)[0]
    given_first = len(first.split()) >= 2 and not re.search(r"\s(?:and|&)\s", first)  # 'Christian Dustmann, Ian ...'
    m = (_LOOSE_GF if given_first else _LOOSE_FG).match(text)
    if m is None:
        return None
    authors, rest = m.group("authors"), m.group("rest") or ""
    if not given_first and re.search(r"\b[A-ZÀ-Þ]\.$", authors):
        while (then := _THEN_GIVEN_FIRST.match(rest)) is not None:
            authors, rest = f"{authors}, {then.group('name')}", rest[then.end() :]
    bare = re.sub(r"(?:https?://|doi:\s*|DOI:\s*)\S+", " ", rest)
    y = _LOOSE_YEAR.search(bare)
    year = (y.group("y1") or y.group("y2")) if y else None
    suffix = (y.group("s1") or y.group("s2") or "") if y else ""
    if year is None and given_first:
        return None  # undated, and its opening words read as a name only by their capitals ('World Bank (forthcoming)')
    return _Loose(authors, year, suffix, rest, given_first=given_first)


def _entry(line: str, text: str) -> re.Match[str] | None:
    """How ``text`` (the entry's ``line`` without its bullet) reads as the start of an entry: numbered
    (Vancouver, IEEE), author-year, or dated only after its title; ``None`` when it starts none (nor
    when what would be its authors holds a question or a title's colon: 'Kalena E. Cortes; Are Refugees
    Different ...? ... Statistics 2004;')."""
    m = _numbered_entry(line, text) or _ENTRY.match(text)
    if m is not None and re.search(r"[?]|:\s", m.group("authors")):
        m = None
    return m or _DATED_LATER.match(text)


def _numbered_entry(line: str, text: str) -> re.Match[str] | None:
    """An entry of a numbered list whose year is not right after its authors (Vancouver, IEEE):
    its author-year reading would swallow the title ('UNHCR. Global Trends 2016. Geneva; 2017.')."""
    if not _LABEL.match(line):
        return None
    author_year = _ENTRY.match(text)
    if author_year is not None and not _TITLE_IN_AUTHORS.search(author_year.group("authors")):
        return None
    return _VANCOUVER_DATED.match(text) or _VANCOUVER.match(text)
