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

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from . import queries
from .bibtex import Reference, read_bibtex, references_from_rows, references_graph
from .citations import Bibliography, Match
from .errors import BibtexError, MissingInputError, RdfSyntaxError, StoreError
from .namespaces import (
    CITATIONS_GRAPH, CITO, FM, GRAPH, ONTOLOGY_GRAPH, RDF, REFERENCES_GRAPH, sparql_prologue,
)
from .resources import default_data_dir, ontology_dir
from .store import OxigraphStore, Store

RDF_SUFFIXES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".trig": "application/trig",
                ".nq": "application/n-quads", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}


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
    _matches: dict[str, list[Match]] | None = field(default=None, repr=False)  # citation IRI -> matches
    _locations: dict[str, Location] | None = field(default=None, repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    reused: bool = False  # True when an on-disk store already held this corpus

    @property
    def references(self) -> list[Reference]:
        """The entries of the reference lists, in file order."""
        if self._references is None:
            self._references = read_references(self.bib_files)
        return self._references

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
        return self.locations.get(iri)


def corpus_files(paths: Iterable[Path | str] | None) -> tuple[list[Path], list[Path]]:
    """The RDF and BibTeX files of the given files and folders (folders: their top level)."""
    chosen = [Path(p) for p in paths] if paths else [default_data_dir()]
    rdf, bib = [], []
    for p in chosen:
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file())
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


def parse_rdf_file(path: Path, graph: str) -> list[ox.Quad]:
    """Parse one RDF file into quads of ``graph``; :class:`RdfSyntaxError` with line and column on error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RdfSyntaxError(f"cannot read: {exc.strerror}", path=path) from exc
    fmt = ox.RdfFormat.from_media_type(RDF_SUFFIXES[path.suffix])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RdfSyntaxError("not UTF-8 text", path=path, line=data[: exc.start].count(b"\n") + 1) from exc
    target = ox.NamedNode(graph)
    try:
        return [ox.Quad(q.subject, q.predicate, q.object, target)
                for q in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())]
    except SyntaxError as exc:
        reason = str(exc.msg)
        if reason.startswith("Parser error") and ": " in reason:
            reason = reason.split(": ", 1)[1]
        raise RdfSyntaxError(reason, path=path, line=exc.lineno, column=exc.offset) from exc


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


def vocabulary_quads() -> list[ox.Quad]:
    """The ontology and its concept schemes."""
    quads: list[ox.Quad] = []
    for path in sorted(ontology_dir().glob("*.ttl")):
        quads += parse_rdf_file(path, ONTOLOGY_GRAPH)
    return quads


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


def corpus_manifest(rdf_files: list[Path], bib_files: list[Path], *, vocabulary: bool = True) -> dict:
    """What a loaded store holds: the content hash of every input and of the loader itself.

    An on-disk store whose recorded manifest equals this one is reopened as it is. The loader's
    own source is hashed too, so that a store built by other code (a checkout between releases)
    is rebuilt rather than trusted.
    """
    from . import __version__

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    inputs = [*(sorted(ontology_dir().glob("*.ttl")) if vocabulary else []), *rdf_files, *bib_files]
    code = hashlib.sha256()
    for module in _LOADER_MODULES:
        code.update((Path(__file__).parent / module).read_bytes())
    return {"format": 1, "version": __version__, "loader": code.hexdigest(), "vocabulary": vocabulary,
            "inputs": [[str(p.resolve()), digest(p)] for p in inputs]}


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

    An on-disk Oxigraph store (``oxigraph:DIR``) that already holds this corpus, by the manifest
    it recorded (:func:`corpus_manifest`), is used as it is, without parsing anything
    (``kb.reused``); one opened read-only must hold it. Otherwise the store's whole content is
    replaced: atomically on disk, graph by graph over HTTP on a remote store.
    """
    rdf_files, bib_files = corpus_files(paths)
    if store is None:
        store = OxigraphStore()
    on_disk = isinstance(store, OxigraphStore) and store.path is not None
    manifest = corpus_manifest(rdf_files, bib_files, vocabulary=vocabulary) if on_disk else None
    if on_disk:
        recorded = store.manifest()  # type: ignore[union-attr]
        if recorded is not None and recorded.get("corpus") == manifest:
            return KnowledgeBase(store=store, rdf_files=rdf_files, bib_files=bib_files,
                                 counts=dict(recorded["counts"]), reused=True)
        if store.read_only:  # type: ignore[union-attr]
            raise StoreError(f"the store at {store.path} (open read-only) does not hold this corpus",  # type: ignore[union-attr]
                             hint="load it once with a writable store (forcedmig-kb check --store oxigraph:DIR DATA)")

    quads: list[ox.Quad] = vocabulary_quads() if vocabulary else []
    described: list[ox.Quad] = []
    for path in rdf_files:
        described += parse_rdf_file(path, file_graph(path))
    references = read_references(bib_files)
    if references:
        nt = references_graph(references).serialize(format="nt", encoding="utf-8")
        target = ox.NamedNode(REFERENCES_GRAPH)
        quads += [ox.Quad(q.subject, q.predicate, q.object, target)
                  for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
    from_bib = {ref.iri for ref in references}
    bibtex_type = ox.NamedNode(FM.bibtexType)
    in_turtle = any(q.predicate == bibtex_type and q.subject.value not in from_bib for q in described)
    quads += _references_to_their_graph(described, from_bib) if in_turtle else described

    staging = OxigraphStore()
    staging.add_quads(quads)
    if in_turtle:  # a reference list written in Turtle (e.g. by `extract`): read it back as References
        references += [ref for ref in references_from_rows(staging.select(queries.load("reference-list")).records())
                       if ref.iri not in from_bib]
    matches, citation_quads = _match_citations(staging, references)
    quads += citation_quads
    staging.add_quads(citation_quads)
    counts = _counts(staging)

    if isinstance(store, OxigraphStore):
        store.replace(quads, {"corpus": manifest, "counts": counts})
    else:  # a remote store: one N-Quads document, so that a blank node stays one node across graphs
        store.clear()
        store.load(staging.dump(format="application/n-quads"), format="application/n-quads")
        counts = _counts(store)

    return KnowledgeBase(store=store, rdf_files=rdf_files, bib_files=bib_files, _references=references,
                         _matches=matches, counts=counts)


def _locations(rdf_files: list[Path], references: list[Reference]) -> dict[str, Location]:
    locations: dict[str, Location] = {}
    for path in rdf_files:
        for iri, line in subject_lines(path).items():
            locations.setdefault(iri, Location(path, line))
    for ref in references:
        if ref.path is not None and ref.line is not None:
            locations.setdefault(ref.iri, Location(ref.path, ref.line))
    return locations


def _references_to_their_graph(quads: list[ox.Quad], from_bib: set[str]) -> list[ox.Quad]:
    """Move the reference entries written in Turtle (and their blank nodes) into ``graph/references``.

    An entry whose IRI a BibTeX file already defines stays where it is: the BibTeX entry is the one matched.
    """
    bibtex_type = ox.NamedNode(FM.bibtexType)
    entries = {q.subject for q in quads if q.predicate == bibtex_type and q.subject.value not in from_bib}
    if not entries:
        return quads
    by_subject: dict[object, list[ox.Quad]] = {}
    for q in quads:
        by_subject.setdefault(q.subject, []).append(q)
    moving, todo = set(), list(entries)
    while todo:
        node = todo.pop()
        if node in moving:
            continue
        moving.add(node)
        todo += [q.object for q in by_subject.get(node, []) if isinstance(q.object, ox.BlankNode)]
    target = ox.NamedNode(REFERENCES_GRAPH)
    return [ox.Quad(q.subject, q.predicate, q.object, target) if q.subject in moving else q for q in quads]


def _match_citations(store: Store, references: list[Reference]) -> tuple[dict[str, list[Match]], list[ox.Quad]]:
    """Parse every printed citation and match it against the reference list (graph/citations)."""
    table = store.select(sparql_prologue("fm", "cito") + """
        SELECT ?citation ?printed ?citing ?kind WHERE {
          ?citation a fm:InTextCitation ; fm:asPrinted ?printed .
          OPTIONAL { ?citation cito:hasCitingEntity ?citing }
          OPTIONAL { ?citation cito:hasCitationCharacterization ?kind }
        }""")
    bibliography = Bibliography(references)
    graph = ox.NamedNode(CITATIONS_GRAPH)
    statuses = {"exact": FM.exactMatch, "misdated": FM.misdated, "ambiguous": FM.ambiguous,
                "author-mismatch": FM.authorMismatch, "unresolved": FM.unresolved}
    quads: list[ox.Quad] = []
    matches: dict[str, list[Match]] = {}

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: object) -> None:
        quads.append(ox.Quad(s, ox.NamedNode(p), o, graph))

    for row in table.terms():
        citation = row["citation"]
        if citation is None or citation.kind not in ("uri", "bnode"):
            continue
        found = bibliography.match_printed(row["printed"].value)
        matches[citation.value] = found
        subject = ox.NamedNode(citation.value) if citation.kind == "uri" else ox.BlankNode(citation.value)
        for i, m in enumerate(found, start=1):
            part = ox.NamedNode(f"{citation.value}/{i}") if citation.kind == "uri" else ox.BlankNode()
            add(subject, FM.hasPart, part)
            add(part, RDF.type, ox.NamedNode(CITO.Citation))
            add(part, FM.asPrinted, ox.Literal(m.work.printed))
            add(part, FM.citedName, ox.Literal(m.work.name_text))
            if m.work.year is not None:
                add(part, FM.citedYear, ox.Literal(m.work.printed_year))
            if m.work.locator:
                add(part, FM.locator, ox.Literal(m.work.locator))
            if row["citing"] is not None:
                add(part, CITO.hasCitingEntity, ox.NamedNode(row["citing"].value))
            if row["kind"] is not None:
                add(part, CITO.hasCitationCharacterization, ox.NamedNode(row["kind"].value))
            add(part, FM.matchStatus, ox.NamedNode(statuses[m.status]))
            if m.entry is not None:
                add(part, CITO.hasCitedEntity, ox.NamedNode(m.entry.iri))
            for ref in m.candidates:
                add(part, FM.candidate, ox.NamedNode(ref.iri))
    return matches, quads


def _counts(store: Store) -> dict[str, int]:
    row = store.select(sparql_prologue("fm", "fabio") + """
        SELECT (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?t) AS ?citations) (COUNT(DISTINCT ?r) AS ?references)
        WHERE { { ?c a fm:Claim } UNION { ?c a fm:QuantityClaim } UNION { ?c a fm:EventClaim }
                UNION { ?t a fm:InTextCitation } UNION { GRAPH <%s> { ?r a fabio:Expression } } }""" % REFERENCES_GRAPH).records()[0]
    row["triples"] = len(store)
    return row


