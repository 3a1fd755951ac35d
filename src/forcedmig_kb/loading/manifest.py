"""Fingerprints of a corpus: the manifest a persistent store records beside what it holds.

The manifest lists the content hash of every input file and of the loader's own code; a store
whose recorded manifest equals the one of the corpus asked for already holds that corpus.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..resources import ontology_dir
from .corpus import file_stat

_PACKAGE = Path(__file__).resolve().parent.parent
#: The modules whose code decides what a load writes, besides this package's own.
_LOADER_MODULES = ("bibtex.py", "citations.py", "namespaces.py")


def _loader_sources() -> list[Path]:
    """The source files of the loader: this package's modules and the ones it writes with."""
    return [*sorted(Path(__file__).resolve().parent.glob("*.py")), *(_PACKAGE / m for m in _LOADER_MODULES)]


def corpus_manifest(
    rdf_files: list[Path], bib_files: list[Path], *, vocabulary: bool = True, known: dict | None = None
) -> tuple[dict, dict[str, list[int]]]:
    """What a loaded store holds: the content hash of every input and of the loader itself; and
    the size and modification time of each input, taken before it was read (to record beside).

    An on-disk store whose recorded manifest equals this one is reopened as it is. The loader's
    own source is hashed too, so that a store built by other code (a checkout between releases)
    is rebuilt rather than trusted. ``known`` is a recorded manifest: a file whose size and
    modification time it lists unchanged keeps its recorded hash (as git does), so that a million
    claims are not read again to find the one file an editor saved. Each file is stat-ed once,
    before it is read: a file saved while it is hashed gets a newer time than the one recorded,
    so the next load reads it again.
    """
    from .. import __version__

    recorded = dict(map(tuple, ((known or {}).get("corpus") or {}).get("inputs", [])))
    known_stat = (known or {}).get("stat", {})
    stat: dict[str, list[int]] = {}

    def digest(path: Path, name: str) -> str:
        stat[name] = file_stat(path)
        if name in recorded and known_stat.get(name) == stat[name]:
            return recorded[name]
        return hashlib.sha256(path.read_bytes()).hexdigest()

    inputs = [*(sorted(ontology_dir().glob("*.ttl")) if vocabulary else []), *rdf_files, *bib_files]
    code = hashlib.sha256()
    for module in _loader_sources():
        code.update(module.read_bytes())
    return {
        "format": 1,
        "version": __version__,
        "loader": code.hexdigest(),
        "vocabulary": vocabulary,
        "inputs": [[name, digest(p, name)] for p, name in zip(inputs, _resolved(inputs))],
    }, stat


def _resolved(paths: list[Path]) -> list[str]:
    """``str(p.resolve())`` of each path, each folder resolved once (a corpus is a few folders of
    many files: see docs/performance.md)."""
    folders: dict[str, str] = {}
    out = []
    for p in paths:
        folder, name = os.path.split(os.fspath(p))
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        full = os.path.join(folders[folder], name)
        out.append(os.path.realpath(full) if os.path.islink(full) else full)
    return out
