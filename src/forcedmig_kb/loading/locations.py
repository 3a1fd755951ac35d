"""Where each node is written: the file and line of a Turtle subject or a BibTeX entry.

Reports and editor annotations name a finding's place. The lines are found by reading the files
as text (no parsing): a Turtle file's top-level subjects, a BibTeX file's entry keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..bibtex import Reference
from ..namespaces import SOURCE
from ..store import Store, Term
from ..store.protocol import LocalStore
from .corpus import file_graph, file_stat


@dataclass(slots=True)
class Location:
    """Where a node is written: file and line."""

    path: Path
    line: int


def locate(store: Store, rdf_files: list[Path], bib_files: list[Path], iris: Iterable[str]) -> dict[str, Location]:
    """Where each of ``iris`` is written (those found), reading only the files that hold them,
    each once (the store says which graph, hence which file): a million claims are not scanned
    to place the few a focused check reports."""
    iris = set(iris)
    found: dict[str, Location] = {}
    sources = {iri for iri in iris if iri.startswith(str(SOURCE))}
    for path in bib_files if sources else ():
        lines = entry_lines(path)
        for iri in sources - found.keys():
            if iri in lines:
                found[iri] = Location(path, lines[iri])
    graphs = {file_graph(path): path for path in rdf_files}
    by_file: dict[Path, list[str]] = {}
    for iri in sorted(iris - found.keys()):  # (a reference may be written in Turtle too)
        if iri.startswith("_:"):  # a blank node has no name in the file to find it by
            continue
        for graph in _graphs_of(store, iri):
            if graph in graphs:
                by_file.setdefault(graphs[graph], []).append(iri)
    for path, members in by_file.items():
        lines = _subject_lines_cached(path, tuple(file_stat(path)))
        for iri in members:
            if iri not in found and iri in lines:
                found[iri] = Location(path, lines[iri])
    return found


def all_locations(rdf_files: list[Path], references: list[Reference]) -> dict[str, Location]:
    """Where every Turtle subject and every reference entry is written (the first place wins)."""
    locations: dict[str, Location] = {}
    for path in rdf_files:
        for iri, line in subject_lines(path).items():
            locations.setdefault(iri, Location(path, line))
    for ref in references:
        if ref.path is not None and ref.line is not None:
            locations.setdefault(ref.iri, Location(ref.path, ref.line))
    return locations


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:<([^>]+)>|([\w-]*):([\w.\-]*[\w\-]))\s")


def subject_lines(path: Path) -> dict[str, int]:
    """The line where each top-level subject of a Turtle file starts (for reports and annotations)."""
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for number, line in enumerate(text.splitlines(), start=1):
        m = _PREFIX.match(line)
        if m:
            prefixes[m.group(1)] = m.group(2)
            continue
        m = _SUBJECT.match(line)
        if m:
            iri = m.group(1) or (prefixes.get(m.group(2), "\0") + m.group(3))
            if "\0" not in iri:
                lines.setdefault(iri, number)
    return lines


_ENTRY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def entry_lines(path: Path) -> dict[str, int]:
    """The line where each entry of a BibTeX file starts, by its source IRI (without parsing it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, int] = {}
    line, counted = 1, 0  # lines are counted on from the previous entry: one pass over the text
    for m in _ENTRY.finditer(text):
        at = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        line += text.count("\n", counted, at)
        counted = at
        out.setdefault(SOURCE[m.group(1)], line)
    return out


def _graphs_of(store: Store, iri: str) -> list[str]:
    if not store.remote:  # a store held here is read directly, without a query per node
        native = cast(LocalStore, store).native
        return sorted(
            {
                q.graph_name.value
                for q in native.quads_for_pattern(ox.NamedNode(iri), None, None, None)
                if isinstance(q.graph_name, ox.NamedNode)
            }
        )
    rows = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {Term('uri', iri).n3()} ?p ?o }} }}").records()
    return sorted(r["g"] for r in rows)


@lru_cache(maxsize=64)
def _subject_lines_cached(path: Path, stamp: tuple[int, ...]) -> dict[str, int]:
    """:func:`subject_lines`, remembered while the file's size and modification time stay."""
    return subject_lines(path)
