"""BibTeX reference lists (parsed with bibtexparser v2): read as :class:`Reference` entries, indexed
by key in their files (:class:`BibtexEntries`) and written back (:func:`write_bibtex`); their RDF is
:mod:`.reference_rdf`'s. Corporate authors are written in double braces, ``{{World Bank}}``;
biblatex's ``shortauthor`` gives their printed short form (``ILO``).

>>> refs = parse_bibtex('@book{amin2013, author={Amin, S.}, year={2013}, title={The Implosion of Capitalism}}')
>>> refs[0].key, refs[0].year, refs[0].authors[0].family
('amin2013', 2013, 'Amin')
>>> parse_bibtex('@book{x, author={{UN}}, year={2017a}, title={T}}')[0].year_suffix
'a'

"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser import model

from .errors import BibtexError
from .namespaces import SOURCE

_YEAR = re.compile(r"^\s*(\d{3,4})\s*([a-z]?)\s*$")
_LATEX = [("\\&", "&"), ("\\%", "%"), ("\\_", "_"), ("\\$", "$"), ("\\#", "#"), ("---", "—"), ("--", "–"), ("~", " ")]

# bibtexparser logs every failed block itself; we report them as BibtexError instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def delatex(value: str) -> str:
    """Undo the light LaTeX of a field value: braces, escaped specials, dashes.

    >>> delatex("{R\\\\&D} 5--34")
    'R&D 5–34'
    """
    for src, dst in _LATEX:
        value = value.replace(src, dst)
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


@dataclass(frozen=True, slots=True)
class Name:
    """One author: a person (family and given names) or a corporate body."""

    family: str
    given: str = ""
    corporate: bool = False
    von: str = ""

    @property
    def display(self) -> str:
        if self.corporate or not self.given:
            return " ".join(p for p in (self.von, self.family) if p)
        return f"{' '.join(p for p in (self.von, self.family) if p)}, {self.given}"


@dataclass(slots=True)
class Reference:
    """One entry of a reference list, with where it was read from."""

    key: str
    entry_type: str
    authors: list[Name]
    year: int | None
    year_suffix: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    short_author: str = ""
    path: Path | None = None
    line: int | None = None
    label: str = ""  # its number in a numbered reference list ('12' for '[12] Smith, J. ...')

    @property
    def iri(self) -> str:
        return SOURCE[self.key]

    @property
    def printed_year(self) -> str:
        return f"{self.year}{self.year_suffix}" if self.year is not None else "n.d."

    def citation_text(self) -> str:
        """An author-year reference line for display."""
        names = [a.display for a in self.authors]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1] if names else "Anon."
        parts = [f"{who} ({self.printed_year}). {self.title}."]
        container = self.fields.get("journal") or self.fields.get("booktitle")
        if container:
            parts.append(f"{container}.")
        place = ": ".join(
            p for p in (self.fields.get("address"), self.fields.get("publisher") or self.fields.get("institution")) if p
        )
        if place:
            parts.append(f"{place}.")
        return " ".join(parts)


def _library(text: str) -> bibtexparser.Library:
    """BibTeX text parsed by bibtexparser, with each entry's authors split into names."""
    return bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors(), mw.SplitNameParts()])


def parse_bibtex(text: str, path: Path | str | None = None) -> list[Reference]:
    """Parse BibTeX text into references; raise :class:`BibtexError` with file and line on bad input."""
    library = _library(text)
    for block in library.failed_blocks:
        raise _failure(block, path)
    refs = [_reference(entry, path) for entry in library.entries]
    if not refs and text.strip():
        raise BibtexError("no BibTeX entry found", path=path, line=1)
    return refs


def read_bibtex(path: Path) -> list[Reference]:
    """Read and parse one ``.bib`` file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise BibtexError("not UTF-8 text", path=path, line=line) from exc
    except OSError as exc:
        raise BibtexError(f"cannot read: {exc.strerror}", path=path) from exc
    return parse_bibtex(text, path)


def _line(block: model.Block) -> int | None:
    """The line a parsed block starts on, counted from 1 (bibtexparser leaves it unset only on
    blocks built by hand)."""
    return block.start_line + 1 if block.start_line is not None else None


def _raw(block: model.Block) -> str:
    """A parsed block's text as written (bibtexparser leaves it unset only on blocks built by hand)."""
    return (block.raw or "").strip()


def _failure(block: model.ParsingFailedBlock, path: Path | str | None) -> BibtexError:
    line = _line(block)
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return BibtexError(f"duplicate entry key {block.key!r}", path=path, line=line)
    if isinstance(block, model.DuplicateFieldKeyBlock):
        # this block has no .key of its own: the entry it failed on carries it
        entry = block.ignore_error_block
        key = entry.key if isinstance(entry, model.Entry) else "?"
        return BibtexError(
            f"entry {key!r} repeats a field: {', '.join(sorted(block.duplicate_keys))}", path=path, line=line
        )
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    raw = block.raw or ""
    first = raw.splitlines()[0][:60] if raw else ""
    return BibtexError(f"cannot parse the entry starting {first!r}: {reason.strip()}", path=path, line=line)


def _names(entry: model.Entry) -> list[Name]:
    value = entry.fields_dict.get("author") or entry.fields_dict.get("editor")
    if value is None:
        return []
    names = []
    for part in value.value if isinstance(value.value, list) else [value.value]:
        if isinstance(part, mw.NameParts):
            last = " ".join(part.last)
            if not part.first and not part.von and last.startswith("{") and last.endswith("}"):
                names.append(Name(delatex(last), corporate=True))
            else:
                names.append(Name(delatex(last), delatex(" ".join(part.first)), von=delatex(" ".join(part.von))))
        else:
            names.append(Name(delatex(str(part)), corporate=True))
    return names


def _reference(entry: model.Entry, path: Path | str | None) -> Reference:
    line = _line(entry)
    fields = {f.key.lower(): delatex(f.value) for f in entry.fields if isinstance(f.value, str)}
    authors = _names(entry)
    if not authors:
        raise BibtexError(
            f"entry {entry.key!r} has no author (use {{{{Corporate Name}}}} for a body)", path=path, line=line
        )
    title = fields.get("title", "")
    if not title:
        raise BibtexError(f"entry {entry.key!r} has no title", path=path, line=line)
    raw_year = fields.get("year", "")
    if not raw_year:
        raise BibtexError(f"entry {entry.key!r} has no year", path=path, line=line)
    match = _YEAR.match(raw_year)
    if not match:
        raise BibtexError(f"entry {entry.key!r} has a year that is not a year: {raw_year!r}", path=path, line=line)
    year = int(match.group(1))
    suffix = fields.get("yearsuffix", "") or match.group(2)
    return Reference(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        authors=authors,
        year=year,
        year_suffix=suffix,
        title=title,
        fields=fields,
        short_author=fields.get("shortauthor", ""),
        path=Path(path) if path is not None else None,
        line=line,
        label=fields.get("label", ""),
    )


def new_key(name: str, year: str, seen: set[str], *, prefix: str = "", fallback: str = "anon") -> str:
    """A readable key, unique among ``seen`` (which it joins), for an entry read from a text.

    >>> seen = set(); new_key("Márquez", "2009", seen), new_key("Márquez", "2009", seen)
    ('marquez2009', 'marquez2009-2')
    """
    base = re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())
    key = first = f"{prefix}{base[:24] or fallback}{year}"
    n = 2
    while key in seen:
        key, n = f"{first}-{n}", n + 1
    seen.add(key)
    return key


def raw_entries(paths: list[Path]) -> dict[str, str]:
    """Each entry's BibTeX exactly as written in the files, by key (for exports: nothing is lost).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.bib"
    >>> _ = p.write_text("% list\\n@book{amin2013, author={Amin, S.}, year={2013}, title={T}}\\n", encoding="utf-8")
    >>> raw_entries([p])
    {'amin2013': '@book{amin2013, author={Amin, S.}, year={2013}, title={T}}'}
    """
    entries: dict[str, str] = {}
    for path in paths:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        for entry in library.entries:
            entries.setdefault(entry.key, _raw(entry))
    return entries


#: Where a BibTeX block starts: ``@type{key,`` or ``@type(key,`` (the key is empty for @string,
#: @preamble and @comment blocks).
_BLOCK = re.compile(rb"(?<![\w.@])@[ \t]*(\w+)[ \t\r\n]*[{(][ \t\r\n]*([^\s,{}()=]*)")
_NOT_ENTRIES = {b"string", b"preamble", b"comment"}


class BibtexEntries:
    """The entries of BibTeX files by key, each parsed when asked.

    Where each entry starts is found once with a scan of the files' bytes (no parse); an entry
    asked for is read from its file and parsed alone (with the file's ``@string`` definitions), so
    that a service over a reference list of 200,000 entries neither parses it at start nor keeps
    it parsed. An entry the scan cannot cut out cleanly (an ``@`` inside a field that reads like
    a block) is taken from its whole file, parsed once. A file changed since the scan is scanned
    again. The first of two entries with one key is the one given (as :func:`raw_entries`).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.bib"
    >>> _ = p.write_text("% list\\n@book{amin2013, author={Amin, S.}, year={2013}, title={T}}\\n"
    ...                  "@misc{un2017, author={{UN}}, year={2017}, title={W}}\\n", encoding="utf-8")
    >>> entries = BibtexEntries([p])
    >>> entries.raw("un2017"), entries.reference("amin2013").line, entries.raw("nope")
    ('@misc{un2017, author={{UN}}, year={2017}, title={W}}', 2, None)
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self._paths = [Path(p) for p in paths]
        self._stamps: list[tuple[int, int]] = []
        self._spans: dict[str, tuple[int, int, int, int]] = {}  # key -> (file, start, end, line)
        self._strings: list[bytes] = []  # each file's @string blocks
        self._entry = lru_cache(maxsize=1024)(self._read)
        self._whole = lru_cache(maxsize=4)(self._parse_file)
        self._scan()

    def raw(self, key: str) -> str | None:
        """The entry as written, or ``None`` when no file has it."""
        found = self._get(key)
        return found[0] if found else None

    def reference(self, key: str) -> Reference | None:
        found = self._get(key)
        return found[1] if found else None

    def _get(self, key: str) -> tuple[str, Reference] | None:
        if self._stamps != [_stamp(p) for p in self._paths]:
            self._scan()
        return self._entry(key) if key in self._spans else None

    def _scan(self) -> None:
        self._entry.cache_clear()
        self._whole.cache_clear()
        self._stamps, self._spans, self._strings = [_stamp(p) for p in self._paths], {}, []
        for n, path in enumerate(self._paths):
            data = path.read_bytes()
            blocks = list(_BLOCK.finditer(data))
            strings, line, last = [], 1, 0
            for i, block in enumerate(blocks):
                start = block.start()
                end = blocks[i + 1].start() if i + 1 < len(blocks) else len(data)
                line += data.count(b"\n", last, start)
                last = start
                kind = block.group(1).lower()
                if kind == b"string":
                    strings.append(data[start:end])
                elif kind not in _NOT_ENTRIES and block.group(2):
                    self._spans.setdefault(block.group(2).decode("utf-8", "replace"), (n, start, end, line))
            self._strings.append(b"\n".join(strings))

    def _read(self, key: str) -> tuple[str, Reference] | None:
        n, start, end, line = self._spans[key]
        path = self._paths[n]
        with path.open("rb") as f:
            f.seek(start)
            text = f.read(end - start).decode("utf-8")
        strings = self._strings[n].decode("utf-8")
        library = _library(f"{strings}\n{text}" if strings else text)
        entries = [e for e in library.entries if e.key == key]
        if len(entries) != 1 or library.failed_blocks:
            return self._whole(n).get(key)  # not cut out cleanly (or not an entry): the whole file says
        try:
            ref = _reference(entries[0], path)
        except BibtexError:
            return self._whole(n).get(key)  # raises the same error, placed in the file
        return _raw(entries[0]), replace(ref, line=line)

    def _parse_file(self, n: int) -> dict[str, tuple[str, Reference]]:
        path = self._paths[n]
        library = _library(path.read_text(encoding="utf-8"))
        whole: dict[str, tuple[str, Reference]] = {}
        for entry in library.entries:
            if entry.key not in whole:
                whole[entry.key] = (_raw(entry), _reference(entry, path))
        return whole


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


_ESCAPE = str.maketrans({"&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "", "}": ""})


def _field(value: str) -> str:
    return value.translate(_ESCAPE)


def _author_field(names: list[Name]) -> str:
    """Authors as BibTeX writes them: 'von Family, Given', a corporate body in braces, joined by 'and'."""
    out = []
    for n in names:
        family = _field(" ".join(p for p in (n.von, n.family) if p))
        out.append(f"{{{family}}}" if n.corporate else f"{family}, {_field(n.given)}" if n.given else family)
    return " and ".join(out)


def bibtex_can_hold(ref: Reference) -> bool:
    """Whether a reference has what a BibTeX entry of the knowledge base needs: authors, title and year."""
    return bool(ref.authors and ref.title and ref.year is not None)


def write_bibtex(refs: Iterable[Reference]) -> str:
    """References as BibTeX that :func:`parse_bibtex` reads back to the same references.

    A reference without an author, a title or a year cannot be written (:func:`parse_bibtex`
    refuses such an entry; :func:`bibtex_can_hold` tells): callers keep those elsewhere.

    >>> refs = parse_bibtex("@report{ilo2017, author={{ILO}}, year={2017a}, title={Profits \\\\& Poverty}, shortauthor={ILO}}")
    >>> text = write_bibtex(refs); print(text)
    @report{ilo2017,
      author = {{ILO}},
      title = {Profits \\& Poverty},
      year = {2017a},
      shortauthor = {ILO},
    }
    <BLANKLINE>
    >>> [replace(r, path=None, line=None) for r in parse_bibtex(text)] == [replace(r, path=None, line=None) for r in refs]
    True
    """
    entries = []
    for ref in refs:
        if not bibtex_can_hold(ref):
            raise ValueError(f"reference {ref.key!r} lacks an author, a title or a year: BibTeX cannot hold it")
        lines = [f"@{ref.entry_type}{{{ref.key},"]
        lines.append(f"  author = {{{_author_field(ref.authors)}}},")
        lines.append(f"  title = {{{_field(ref.title)}}},")
        lines.append(f"  year = {{{ref.printed_year}}},")
        for name, value in ref.fields.items():
            if name in ("author", "editor", "title", "year") or not value:
                continue
            lines.append(f"  {name} = {{{_field(value)}}},")
        if ref.label and "label" not in ref.fields:  # biblatex's label: its number in a numbered list
            lines.append(f"  label = {{{_field(ref.label)}}},")
        if ref.short_author and "shortauthor" not in ref.fields:
            lines.append(f"  shortauthor = {{{_field(ref.short_author)}}},")
        entries.append("\n".join(lines) + "\n}\n")
    return "\n".join(entries)
