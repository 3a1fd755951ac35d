"""Build the knowledge base: vocabulary, reference lists and claims, into a store.

One function, :func:`load_knowledge_base`, reads a corpus (a folder, or files: ``*.ttl`` claims
and ``*.bib`` reference lists), parses everything first and only then writes to the store,
so a malformed file leaves the store as it was. The data files are only ever read.

Named graphs: the ontology and concept schemes (``graph/ontology``), each Turtle file
(``graph/file/<name>``), the reference lists (``graph/references``) and the citations
parsed and matched at load time (``graph/citations``).

A reference list may be BibTeX or Turtle (FaBiO, as :func:`~forcedmig_kb.bibtex.references_graph`
writes it: a resource with ``fm:bibtexType``); either way its entries end up in
``graph/references`` and printed citations are matched against all of them, so a drafts file
of ``forcedmig-kb extract`` that carries its bibliography is checked on its own.
"""

from __future__ import annotations

import codecs
import gc
import hashlib
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from . import queries
from .bibtex import BibtexEntries, Reference, read_bibtex, references_from_rows, references_ntriples
from .citations import Bibliography, Match
from .errors import BibtexError, MissingInputError, RdfSyntaxError, StoreError
from .namespaces import (
    CITATIONS_GRAPH, CITO, FM, GRAPH, ONTOLOGY_GRAPH, RDF, REFERENCES_GRAPH, SOURCE, sparql_prologue,
)
from .progress import progress_bar
from .resources import default_data_dir, ontology_dir
from .store import OxigraphStore, SparqlStore, Store, Term
from .store.oxigraph import term_of

RDF_SUFFIXES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".trig": "application/trig",
                ".nq": "application/n-quads", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}
#: The files that name their own graphs (the others go into a graph of their own).
DATASET_SUFFIXES = (".trig", ".nq")


@dataclass(slots=True)
class Location:
    """Where a node is written: file and line."""

    path: Path
    line: int


@dataclass
class KnowledgeBase:
    """A loaded corpus: its store, what was read, and where each node is written.

    ``references``, ``matches`` and ``locations`` are read from the files when first asked
    for, when the store was reopened rather than loaded (``reused``).
    """

    store: Store
    rdf_files: list[Path]
    bib_files: list[Path]
    _references: list[Reference] | None = field(default=None, repr=False)
    _entries: BibtexEntries | None = field(default=None, repr=False)
    _matches: dict[str, list[Match]] | None = field(default=None, repr=False)  # citation IRI -> matches
    _locations: dict[str, Location] | None = field(default=None, repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    reused: bool = False  # True when an on-disk store already held this corpus
    updated: list[Path] = field(default_factory=list)  # the files an on-disk store was updated with in place

    @property
    def references(self) -> list[Reference]:
        """The entries of the reference lists, in file order."""
        if self._references is None:
            self._references = read_references(self.bib_files)
        return self._references

    @property
    def entries(self) -> BibtexEntries:
        """The entries of the BibTeX files by key, each read and parsed when asked (one source's
        BibTeX or CSL-JSON without parsing the whole list)."""
        if self._entries is None:
            self._entries = BibtexEntries(self.bib_files)
        return self._entries

    @property
    def matches(self) -> dict[str, list[Match]]:
        """Each in-text citation's printed works, matched against the reference lists."""
        if self._matches is None:
            self._matches, _ = _match_citations(self.store, self.references)
        return self._matches

    @property
    def locations(self) -> dict[str, Location]:
        """Where each node is written: the file and line of a Turtle subject or a BibTeX entry."""
        if self._locations is None:
            self._locations = _locations(self.rdf_files, self.references)
        return self._locations

    def location(self, iri: str) -> Location | None:
        """Where ``iri`` is written (see :meth:`locate`)."""
        return self.locate([iri]).get(iri)

    def locate(self, iris: Iterable[str]) -> dict[str, Location]:
        """Where each of ``iris`` is written (those found). Without the whole index at hand, only
        the files that hold them are read, each once (the store says which graph, hence which
        file): a million claims are not scanned to place the few a focused check reports."""
        iris = set(iris)
        if self._locations is not None:
            return {iri: self._locations[iri] for iri in iris if iri in self._locations}
        found: dict[str, Location] = {}
        sources = {iri for iri in iris if iri.startswith(str(SOURCE))}
        for path in self.bib_files if sources else ():
            lines = entry_lines(path)
            for iri in sources - found.keys():
                if iri in lines:
                    found[iri] = Location(path, lines[iri])
        graphs = {file_graph(path): path for path in self.rdf_files}
        by_file: dict[Path, list[str]] = {}
        for iri in sorted(iris - found.keys()):  # (a reference may be written in Turtle too)
            if iri.startswith("_:"):  # a blank node has no name in the file to find it by
                continue
            for graph in _graphs_of(self.store, iri):
                if graph in graphs:
                    by_file.setdefault(graphs[graph], []).append(iri)
        for path, members in by_file.items():
            lines = _subject_lines_cached(path, tuple(_stat(path)))
            for iri in members:
                if iri not in found and iri in lines:
                    found[iri] = Location(path, lines[iri])
        return found


def corpus_files(paths: Iterable[Path | str] | None) -> tuple[list[Path], list[Path]]:
    """The RDF and BibTeX files of the given files and folders (folders: their top level)."""
    chosen = [Path(p) for p in paths] if paths else [default_data_dir()]
    rdf, bib = [], []
    for p in chosen:
        if p.is_dir():  # (scandir: a folder of 5,000 texts is listed without a stat per file)
            with os.scandir(p) as entries:
                found = [p / name for name in sorted(e.name for e in entries if e.is_file())]
            rdf += [q for q in found if q.suffix in RDF_SUFFIXES]
            bib += [q for q in found if q.suffix == ".bib"]
        elif p.is_file():
            if p.suffix == ".bib":
                bib.append(p)
            elif p.suffix in RDF_SUFFIXES:
                rdf.append(p)
            else:
                raise MissingInputError(f"not a data file (expected .ttl or .bib): {p.suffix or 'no suffix'}", path=p)
        else:
            raise MissingInputError("no such file or folder", path=p)
    if not rdf and not bib:
        raise MissingInputError("no .ttl or .bib file to load", path=chosen[0])
    return rdf, bib


def load_rdf_file(native: ox.Store, path: Path, graph: str) -> None:
    """Parse one RDF file straight into ``graph`` of a pyoxigraph store (a dataset file keeps its
    own graphs); :class:`RdfSyntaxError` with file, line and column on error.

    The parse happens in Oxigraph, never as Python objects: a million claims are ~30 million
    triples. (A fresh on-disk store takes all its files at once: :func:`bulk_load_files`.)
    """
    fmt, target = _format_and_graph(path, graph)
    _check_utf8(path)  # Oxigraph skips comments unchecked; a data file must be UTF-8 throughout
    try:
        native.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), to_graph=target)
    except (OSError, SyntaxError) as exc:
        raise _input_error(exc, path) from exc


def bulk_load_files(native: ox.Store, files: list[tuple[Path, str]],
                    advance: Callable[[int], None] | None = None) -> None:
    """Load RDF files (each with its graph, as :func:`load_rdf_file`) into a fresh on-disk store
    with one call of Oxigraph's bulk loader for all of them (``advance(bytes)`` after each file).

    One call per file wrote at least two small sorted files (SST) each time: 11,740 of them at a
    million claims (5,000 files), which RocksDB then opens on every start. One call writes a few
    large ones (300 files: 16 SST files instead of 1,208) and took 20 % less time. The files are
    still parsed by Oxigraph, each as its own document (its blank nodes its own); the loader
    takes the quads as they come, so a file is never held whole.
    """
    def quads():
        for path, graph in files:
            fmt, target = _format_and_graph(path, graph)
            _check_utf8(path)
            try:
                parsed = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
                if target is None:
                    yield from parsed
                else:
                    for q in parsed:
                        yield ox.Quad(q.subject, q.predicate, q.object, target)
            except (OSError, SyntaxError) as exc:
                raise _input_error(exc, path) from exc
            if advance is not None:
                advance(path.stat().st_size)

    native.bulk_extend(quads())


def _format_and_graph(path: Path, graph: str) -> tuple[ox.RdfFormat, ox.NamedNode | None]:
    fmt = ox.RdfFormat.from_media_type(RDF_SUFFIXES[path.suffix])
    # TriG and N-Quads name their graphs; everything else (JSON-LD included) goes into the file's graph
    return fmt, None if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) else ox.NamedNode(graph)


def _input_error(exc: OSError | SyntaxError, path: Path) -> RdfSyntaxError:
    """The error of Oxigraph's parser as :class:`RdfSyntaxError`, with the file, line and column."""
    if isinstance(exc, OSError):
        return RdfSyntaxError(f"cannot read: {exc.strerror or exc}", path=path)
    reason = str(exc.msg)
    if reason.startswith("Parser error") and ": " in reason:
        reason = reason.split(": ", 1)[1]
    reason = re.sub(r"\s*\([^()]*, line \d+\)$", "", reason)
    if "Invalid UTF-8" in reason:
        reason = "not UTF-8 text"
    return RdfSyntaxError(reason, path=path, line=exc.lineno, column=exc.offset)


def _check_utf8(path: Path, chunk: int = 1 << 24) -> None:
    """:class:`RdfSyntaxError` with the line of the first byte that is not UTF-8 (read in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    try:
        with path.open("rb") as handle:
            while block := handle.read(chunk):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    raise RdfSyntaxError("not UTF-8 text", path=path,
                                         line=lines + block[: max(exc.start, 0)].count(b"\n")) from exc
                lines += block.count(b"\n")
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise RdfSyntaxError("not UTF-8 text (it ends inside a character)", path=path, line=lines) from exc
    except OSError as exc:
        raise RdfSyntaxError(f"cannot read: {exc.strerror or exc}", path=path) from exc


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


def vocabulary_files() -> list[Path]:
    """The ontology and its concept schemes."""
    return sorted(ontology_dir().glob("*.ttl"))


def file_graph(path: Path) -> str:
    """The named graph that holds one data file."""
    return GRAPH["file/" + path.name]


def read_references(bib_files: list[Path]) -> list[Reference]:
    """The entries of the BibTeX files; a key used twice is a :class:`BibtexError`."""
    references: list[Reference] = []
    seen: dict[str, Reference] = {}
    for path in bib_files:
        for ref in read_bibtex(path):
            if ref.key in seen:
                first = seen[ref.key]
                raise BibtexError(f"entry key {ref.key!r} is also used at {first.path}:{first.line}",
                                  path=path, line=ref.line)
            seen[ref.key] = ref
            references.append(ref)
    return references


def corpus_manifest(rdf_files: list[Path], bib_files: list[Path], *, vocabulary: bool = True,
                    known: dict | None = None) -> tuple[dict, dict[str, list[int]]]:
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
    from . import __version__

    recorded = dict(map(tuple, ((known or {}).get("corpus") or {}).get("inputs", [])))
    known_stat = (known or {}).get("stat", {})
    stat: dict[str, list[int]] = {}

    def digest(path: Path, name: str) -> str:
        stat[name] = _stat(path)
        if name in recorded and known_stat.get(name) == stat[name]:
            return recorded[name]
        return hashlib.sha256(path.read_bytes()).hexdigest()

    inputs = [*(sorted(ontology_dir().glob("*.ttl")) if vocabulary else []), *rdf_files, *bib_files]
    code = hashlib.sha256()
    for module in _LOADER_MODULES:
        code.update((Path(__file__).parent / module).read_bytes())
    return {"format": 1, "version": __version__, "loader": code.hexdigest(), "vocabulary": vocabulary,
            "inputs": [[name, digest(p, name)] for p, name in zip(inputs, _resolved(inputs))]}, stat


def _resolved(paths: list[Path]) -> list[str]:
    """``str(p.resolve())`` of each path, each folder resolved once: 5,000 files of one folder
    (a million claims) took 0.25 s resolved one by one, a quarter of an editor's update."""
    folders: dict[str, str] = {}
    out = []
    for p in paths:
        folder, name = os.path.split(os.fspath(p))
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        full = os.path.join(folders[folder], name)
        out.append(os.path.realpath(full) if os.path.islink(full) else full)
    return out


def _stat(path: Path | str) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


_LOADER_MODULES = ("loading.py", "bibtex.py", "citations.py", "namespaces.py")


def load_knowledge_base(
    paths: Iterable[Path | str] | None = None,
    *,
    store: Store | None = None,
    vocabulary: bool = True,
) -> KnowledgeBase:
    """Load a corpus (default: ``./data`` in a checkout, else the bundled chapter) into a store.

    Everything is parsed before anything is written; on a malformed file an
    :class:`~forcedmig_kb.errors.InputError` names the file and line and the store is untouched.

    An on-disk Oxigraph store (``oxigraph:DIR``) or a remote store that already holds this
    corpus, by the manifest it recorded (:func:`corpus_manifest`), is used as it is, without
    parsing anything (``kb.reused``); one opened read-only must hold it. When only Turtle data
    files changed since, an on-disk store's graphs are replaced in place (``kb.updated``, see
    :func:`_update_in_place`). Otherwise the store's whole content is replaced: atomically on
    disk, graph by graph over HTTP on a remote store (whose manifest goes with its graphs when
    they are cleared, so that a load stopped half-way is done again).
    """
    rdf_files, bib_files = corpus_files(paths)
    if store is None:
        store = OxigraphStore()
    on_disk = isinstance(store, OxigraphStore) and store.path is not None
    remote = isinstance(store, SparqlStore)
    kept = on_disk or remote  # the store outlives this process, and records what it holds
    recorded = store.manifest() if kept else None  # type: ignore[union-attr]
    manifest, stat = corpus_manifest(rdf_files, bib_files, vocabulary=vocabulary, known=recorded) if kept else (None, {})
    if kept:
        if recorded is not None and recorded.get("corpus") == manifest:
            if recorded.get("stat") != stat and not store.read_only:  # type: ignore[union-attr]
                store.write_manifest({**recorded, "stat": stat})  # type: ignore[union-attr]  # touched, not changed: hash once
            return KnowledgeBase(store=store, rdf_files=rdf_files, bib_files=bib_files,
                                 counts=dict(recorded["counts"]), reused=True)
        if on_disk and recorded is not None and recorded.get("corpus") and not store.read_only:  # type: ignore[union-attr]
            kb = _update_in_place(store, recorded, manifest, stat, rdf_files, bib_files)  # type: ignore[arg-type]
            if kb is not None:
                return kb
        if store.read_only:  # type: ignore[union-attr]
            where = store.path if on_disk else store.query_url  # type: ignore[union-attr]
            raise StoreError(f"the store at {where} (open read-only) does not hold this corpus",
                             hint="load it once with a writable store (forcedmig-kb check --store oxigraph:DIR DATA)")

    built: dict = {}

    def build(native: ox.Store, bulk: bool) -> dict:
        built.update(_build(native, rdf_files, bib_files, vocabulary=vocabulary, bulk=bulk))
        return {"corpus": manifest, "counts": built["counts"], "reference_files": built["reference_files"],
                "stat": stat}

    if isinstance(store, OxigraphStore):
        store.rebuild(build)
        counts = built["counts"]
    else:
        size = sum(p.stat().st_size for p in (*rdf_files, *bib_files))
        _load_remote(store, build, on_disk=size > STAGE_ON_DISK_ABOVE,
                     datasets=any(p.suffix in DATASET_SUFFIXES for p in rdf_files))
        counts = _counts(store)
        if remote:
            store.write_manifest({"corpus": manifest, "counts": counts,  # type: ignore[union-attr]
                                  "reference_files": built["reference_files"], "stat": stat})
    references, matches = built["references"], built["matches"]

    return KnowledgeBase(store=store, rdf_files=rdf_files, bib_files=bib_files, _references=references,
                         _matches=matches, counts=counts)


def _load_remote(store: Store, build: Callable[[ox.Store, bool], dict], *, on_disk: bool = True,
                 datasets: bool = True) -> None:
    """Build the corpus in a staging store (``on_disk``: a temporary directory, with the bulk
    loader; else in memory), then send it to a remote store graph by graph.

    Staged in memory and sent as one N-Quads document, a corpus of 100,000 claims took 4.2 GB in
    this process (the staging store, the document, its quads as Python objects): a million would
    not fit. One graph at a time, the process holds one graph's quads at once, and staged on disk
    not the corpus either. A blank node names one node only within one request, so when one is
    used in two graphs the whole dataset goes as one document, as before. Only a dataset file
    (``datasets``: TriG or N-Quads among the inputs) can do that: every other file is parsed as
    its own document into its own graph, its blank nodes its own, and the loader writes none in
    two graphs; so without one the staging store is not searched for them (40 million quads at a
    million claims, read as Python objects).
    """
    directory = Path(tempfile.mkdtemp(prefix="fmkb-staging-")) if on_disk else None
    try:
        staging = ox.Store(str(directory)) if directory else ox.Store()
        build(staging, on_disk)
        graphs = list(staging.named_graphs())
        store.clear()
        if (datasets and _blank_nodes_shared(staging, graphs)) or any(True for _ in staging.quads_for_pattern(
                None, None, None, ox.DefaultGraph())):  # (the store refuses those, saying why)
            store.load(staging.dump(format=ox.RdfFormat.N_QUADS), format="application/n-quads")
        else:
            with progress_bar("loading: graphs sent to the store", total=len(graphs)) as advance:
                for graph in graphs:
                    store.load(staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph),
                               format="application/n-triples", graph=graph.value)
                    advance(1)
        del staging
    finally:
        gc.collect()  # RocksDB closes with its last handle
        if directory:
            shutil.rmtree(directory, ignore_errors=True)


#: Inputs larger than this (bytes) are staged on disk for a remote store: about 60,000 claims of
#: the synthetic corpus. Below, in memory (15 to 19 KB per claim), which loads faster.
STAGE_ON_DISK_ABOVE = 64 * 2**20


def _blank_nodes_shared(staging: ox.Store, graphs: list) -> bool:
    """Whether a blank node of ``staging`` is used in more than one of its graphs."""
    seen: dict[str, object] = {}
    for graph in graphs:
        for quad in staging.quads_for_pattern(None, None, None, graph):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.BlankNode) and seen.setdefault(term.value, graph) != graph:
                    return True
    return False


def _update_in_place(store: OxigraphStore, recorded: dict, manifest: dict, stat: dict[str, list[int]],
                     rdf_files: list[Path], bib_files: list[Path]) -> KnowledgeBase | None:
    """Bring an on-disk store up to date when only data files in RDF changed; ``None`` if it cannot.

    An editor's save touches one text's file of a corpus of hundreds: its graph is replaced and
    the citation parts of the citations it changed are matched again, while the rest of a million
    claims stays where it is. The new files are parsed before anything is written; the manifest
    says "updating" while the store is written, so that a crash half-way makes the next run rebuild.
    A change to the vocabulary, a reference list or the loader's code needs a full rebuild.
    """
    old_corpus = recorded["corpus"]
    if {k: v for k, v in old_corpus.items() if k != "inputs"} != {k: v for k, v in manifest.items() if k != "inputs"}:
        return None
    old, new = dict(map(tuple, old_corpus["inputs"])), dict(map(tuple, manifest["inputs"]))
    changed = sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))
    vocabulary = ontology_dir().resolve()
    if not changed or any(Path(p).suffix not in RDF_SUFFIXES or Path(p).parent == vocabulary
                          or p in recorded.get("reference_files", []) for p in changed):
        return None
    staged: dict[str, ox.Store] = {}
    for p in changed:
        if p in new:
            staged[p] = ox.Store()
            load_rdf_file(staged[p], Path(p), file_graph(Path(p)))
            if next(iter(staged[p].quads_for_pattern(None, ox.NamedNode(FM.bibtexType), None, None)), None):
                return None  # a reference list written in Turtle: its entries live in graph/references
    native = store.native
    store.write_manifest({"updating": changed})
    counts = dict(recorded["counts"])
    references: list[Reference] | None = None
    parts_graph = ox.NamedNode(CITATIONS_GRAPH)
    has_part = ox.NamedNode(FM.hasPart)
    for p in changed:
        graph = ox.NamedNode(file_graph(Path(p)))
        old = _file_trees(native, graph)
        new = _file_trees(staged[p], graph) if p in staged else {}
        edited = {key for key in old.keys() | new.keys() if old.get(key, _NO_TREE).digest != new.get(key, _NO_TREE).digest}
        before = _census(old[key] for key in edited if key in old)
        after = _census(new[key] for key in edited if key in new)
        removed = 0
        for citation in before["cited"]:  # its parts were matched for what it printed before
            node = ox.NamedNode(citation)
            for part in [q.object for q in native.quads_for_pattern(node, has_part, None, parts_graph)]:
                for q in list(native.quads_for_pattern(part, None, None, parts_graph)):
                    native.remove(q)
                    removed += 1
                native.remove(ox.Quad(node, has_part, part, parts_graph))
                removed += 1
        for key in edited:  # only the nodes the edit touched are rewritten, with their blank nodes
            for q in old.get(key, _NO_TREE).quads:
                native.remove(q)
        native.extend(q for key in edited for q in new.get(key, _NO_TREE).quads)
        added = 0
        if after["cited"]:
            references = references if references is not None else read_references(bib_files)
            _, nt = _match_citations(OxigraphStore.wrap(staged[p]), references, only=set(after["cited"]))
            if nt:
                native.load(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=parts_graph)
                added = nt.count("\n")
        for key in ("claims", "citations", "quads"):
            counts["triples" if key == "quads" else key] += after[key] - before[key]
        counts["triples"] += added - removed
    store.write_manifest({"corpus": manifest, "counts": counts, "reference_files": recorded.get("reference_files", []),
                          "stat": stat})
    return KnowledgeBase(store=store, rdf_files=rdf_files, bib_files=bib_files, counts=counts,
                         updated=[Path(p) for p in changed])


@dataclass(frozen=True, slots=True)
class _Tree:
    """A top-level node of a file graph, the quads of it and of the blank nodes under it, and a
    digest of that content which does not depend on blank node labels."""

    digest: str
    quads: tuple[ox.Quad, ...]
    top: object = None


_NO_TREE = _Tree("", ())


def _file_trees(native: ox.Store, graph: ox.NamedNode) -> dict[str, _Tree]:
    """The trees of one file's graph, keyed by their top node (a blank node top by its digest)."""
    quads = list(native.quads_for_pattern(None, None, None, graph))
    by_subject: dict[object, list[ox.Quad]] = {}
    parent: dict[object, object] = {}
    for q in quads:
        by_subject.setdefault(q.subject, []).append(q)
        if isinstance(q.object, ox.BlankNode):
            parent[q.object] = q.subject
    memo: dict[object, str] = {}

    def digest(node: object) -> str:
        if not isinstance(node, ox.BlankNode):
            return str(node)
        if node not in memo:
            memo[node] = "(cycle)"
            content = sorted(f"{q.predicate} {digest(q.object)}" for q in by_subject.get(node, ()))
            memo[node] = "_:" + hashlib.sha1("\n".join(content).encode()).hexdigest()
        return memo[node]

    def top(node: object) -> object:
        seen = set()
        while isinstance(node, ox.BlankNode) and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        return node

    trees: dict[object, list[ox.Quad]] = {}
    for q in quads:
        trees.setdefault(top(q.subject), []).append(q)
    out = {}
    for node, members in trees.items():
        own = sorted(f"{q.predicate} {digest(q.object)}" for q in by_subject.get(node, ()))
        key = node.value if isinstance(node, ox.NamedNode) else digest(node)
        out[key] = _Tree(hashlib.sha1("\n".join(own).encode()).hexdigest(), tuple(members), node)
    return out


def _census(trees: Iterable[_Tree]) -> dict:
    """Claims, in-text citations (IRI -> as printed) and quads among some trees."""
    claim_types = {FM.QuantityClaim, FM.EventClaim, FM.Claim}
    claims = citations = quads = 0
    cited: dict[str, tuple[str, ...]] = {}
    for tree in trees:
        quads += len(tree.quads)
        types = {q.object.value for q in tree.quads if q.predicate.value == RDF.type and isinstance(q.object, ox.NamedNode)}
        claims += bool(types & claim_types)
        if FM.InTextCitation in types:
            citations += 1
            subject = tree.top
            if isinstance(subject, ox.NamedNode):
                cited[subject.value] = tuple(sorted(q.object.value for q in tree.quads
                                                    if q.subject == subject and q.predicate.value == FM.asPrinted))
    return {"claims": claims, "citations": citations, "quads": quads, "cited": cited}


def _build(native: ox.Store, rdf_files: list[Path], bib_files: list[Path], *, vocabulary: bool, bulk: bool) -> dict:
    """Fill an empty pyoxigraph store with a corpus; return its references, matches and counts.

    Raises :class:`~forcedmig_kb.errors.InputError` on the first unusable file; the caller
    throws the half-filled store away (see :meth:`~forcedmig_kb.store.OxigraphStore.rebuild`).
    """
    files = [*((p, ONTOLOGY_GRAPH) for p in (vocabulary_files() if vocabulary else [])),
             *((p, file_graph(p)) for p in rdf_files)]
    with progress_bar("loading: parsing files (KB)", total=sum(p.stat().st_size for p, _ in files) // 1024) as advance:
        if bulk:
            bulk_load_files(native, files, lambda size: advance(size // 1024))
        else:
            for path, graph in files:
                load_rdf_file(native, path, graph)
                advance(path.stat().st_size // 1024)
    # on disk the bulk loader writes, no transaction held in memory (one took 6.5 s for the
    # 20,000 reference entries of 100k claims)
    put = native.bulk_load if bulk else native.load
    references = read_references(bib_files)
    if references:
        put(references_ntriples(references).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(REFERENCES_GRAPH))
    staged = OxigraphStore.wrap(native)
    from_bib = {ref.iri for ref in references}
    graphs = {file_graph(path): path for path in rdf_files}
    reference_files = sorted({str(graphs[q.graph_name.value].resolve())
                              for q in native.quads_for_pattern(None, ox.NamedNode(FM.bibtexType), None, None)
                              if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs})
    if _move_turtle_references(native, from_bib):  # a reference list written in Turtle (e.g. by `extract`)
        references += [ref for ref in references_from_rows(staged.select(queries.load("reference-list")).records())
                       if ref.iri not in from_bib]
    def write(ntriples: str) -> None:
        put(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(CITATIONS_GRAPH))

    # The matches are written to the store in chunks and not kept: kb.matches finds them again if asked.
    with progress_bar("loading: matching citations", total=None) as advance:
        _match_citations(staged, references, write=write, keep=False, advance=advance)
    return {"references": references, "matches": None, "counts": _counts(staged), "reference_files": reference_files}


def _graphs_of(store: Store, iri: str) -> list[str]:
    native = getattr(store, "native", None)
    if native is not None:
        return sorted({q.graph_name.value for q in native.quads_for_pattern(ox.NamedNode(iri), None, None, None)
                       if isinstance(q.graph_name, ox.NamedNode)})
    rows = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {Term('uri', iri).n3()} ?p ?o }} }}").records()
    return sorted(r["g"] for r in rows)


@lru_cache(maxsize=64)
def _subject_lines_cached(path: Path, stamp: tuple[int, ...]) -> dict[str, int]:
    """:func:`subject_lines`, remembered while the file's size and modification time stay."""
    return subject_lines(path)


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


def _locations(rdf_files: list[Path], references: list[Reference]) -> dict[str, Location]:
    locations: dict[str, Location] = {}
    for path in rdf_files:
        for iri, line in subject_lines(path).items():
            locations.setdefault(iri, Location(path, line))
    for ref in references:
        if ref.path is not None and ref.line is not None:
            locations.setdefault(ref.iri, Location(ref.path, ref.line))
    return locations


def _move_turtle_references(native: ox.Store, from_bib: set[str]) -> bool:
    """Move the reference entries written in Turtle (and their blank nodes) into ``graph/references``.

    An entry whose IRI a BibTeX file already defines stays where it is: the BibTeX entry is the
    one matched. Returns whether there was any such entry.
    """
    bibtex_type = ox.NamedNode(FM.bibtexType)
    references = ox.NamedNode(REFERENCES_GRAPH)
    entries = {q.subject for q in native.quads_for_pattern(None, bibtex_type, None, None)
               if q.graph_name != references and q.subject.value not in from_bib}
    if not entries:
        return False
    moving, todo = set(), list(entries)
    while todo:
        node = todo.pop()
        if node in moving:
            continue
        moving.add(node)
        todo += [q.object for q in native.quads_for_pattern(node, None, None, None) if isinstance(q.object, ox.BlankNode)]
    quads = [q for node in moving for q in native.quads_for_pattern(node, None, None, None) if q.graph_name != references]
    for q in quads:
        native.remove(q)
    native.extend(ox.Quad(q.subject, q.predicate, q.object, references) for q in quads)
    return True


_CITATIONS = sparql_prologue("fm", "cito") + """
    SELECT ?citation ?printed ?citing ?kind WHERE {
      ?citation a fm:InTextCitation ; fm:asPrinted ?printed .
      OPTIONAL { ?citation cito:hasCitingEntity ?citing }
      OPTIONAL { ?citation cito:hasCitationCharacterization ?kind }
    }"""


def _citation_rows(store: Store):
    """The printed in-text citations, one row at a time (an embedded store is read as it answers)."""
    native = getattr(store, "native", None)
    if native is None:
        yield from store.select(_CITATIONS).terms()
        return
    solutions = native.query(_CITATIONS, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: (term_of(solution[i]) if solution[i] is not None else None) for i, name in enumerate(names)}


def _match_citations(store: Store, references: list[Reference], only: set[str] | None = None, *,
                     write: Callable[[str], None] | None = None, keep: bool = True,
                     chunk: int = 20_000, advance: Callable[[int], None] | None = None) -> tuple[dict[str, list[Match]], str]:
    """Parse every printed citation (``only``: these) and match it against the reference list.

    Returns the matches by citation (none unless ``keep``) and the citations' parts as N-Triples;
    with ``write``, the N-Triples go to it instead, ``chunk`` citations at a time, so that a
    million citations are never held in memory at once.
    """
    bibliography = Bibliography(references)
    statuses = {"exact": FM.exactMatch, "misdated": FM.misdated, "ambiguous": FM.ambiguous,
                "author-mismatch": FM.authorMismatch, "unresolved": FM.unresolved}
    lines: list[str] = []
    matches: dict[str, list[Match]] = {}
    iri = lambda value: Term("uri", value).n3()  # noqa: E731
    lit = lambda value: Term("literal", value).n3()  # noqa: E731
    p = {name: iri(value) for name, value in (
        ("hasPart", FM.hasPart), ("type", RDF.type), ("asPrinted", FM.asPrinted), ("citedName", FM.citedName),
        ("citedYear", FM.citedYear), ("locator", FM.locator), ("citing", CITO.hasCitingEntity),
        ("kind", CITO.hasCitationCharacterization), ("status", FM.matchStatus), ("cited", CITO.hasCitedEntity),
        ("candidate", FM.candidate))}
    citation_class = iri(CITO.Citation)
    run = uuid.uuid4().hex[:10]
    written = 0
    for n, row in enumerate(_citation_rows(store)):
        citation = row["citation"]
        if citation is None or citation.kind not in ("uri", "bnode") or (only is not None and citation.value not in only):
            continue
        found = bibliography.match_printed(row["printed"].value)
        if keep:
            matches[citation.value] = found
        if write is not None and n - written >= chunk and lines:  # a citation's lines stay in one chunk
            write("\n".join(lines) + "\n")
            if advance is not None:
                advance(n - written)
            lines, written = [], n
        subject = citation.n3()
        for i, m in enumerate(found, start=1):
            part = iri(f"{citation.value}/{i}") if citation.kind == "uri" else f"_:p{run}c{n}w{i}"
            lines += [f"{subject} {p['hasPart']} {part} .", f"{part} {p['type']} {citation_class} .",
                      f"{part} {p['asPrinted']} {lit(m.work.printed)} .", f"{part} {p['citedName']} {lit(m.work.name_text)} ."]
            if m.work.year is not None:
                lines.append(f"{part} {p['citedYear']} {lit(m.work.printed_year)} .")
            if m.work.locator:
                lines.append(f"{part} {p['locator']} {lit(m.work.locator)} .")
            if row["citing"] is not None:
                lines.append(f"{part} {p['citing']} {row['citing'].n3()} .")
            if row["kind"] is not None:
                lines.append(f"{part} {p['kind']} {row['kind'].n3()} .")
            lines.append(f"{part} {p['status']} {iri(statuses[m.status])} .")
            if m.entry is not None:
                lines.append(f"{part} {p['cited']} {iri(m.entry.iri)} .")
            lines += [f"{part} {p['candidate']} {iri(ref.iri)} ." for ref in m.candidates]
    text = "\n".join(lines) + ("\n" if lines else "")
    if write is not None:
        if text:
            write(text)
        text = ""
    return matches, text


def _counts(store: Store) -> dict[str, int]:
    row = store.select(sparql_prologue("fm", "fabio") + """
        SELECT (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?t) AS ?citations) (COUNT(DISTINCT ?r) AS ?references)
        WHERE { { ?c a fm:Claim } UNION { ?c a fm:QuantityClaim } UNION { ?c a fm:EventClaim }
                UNION { ?t a fm:InTextCitation } UNION { GRAPH <%s> { ?r a fabio:Expression } } }""" % REFERENCES_GRAPH).records()[0]
    row["triples"] = len(store)
    return row


