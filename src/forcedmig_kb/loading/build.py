"""A corpus built into an empty pyoxigraph store: its files, its references, its citations matched.

The files are parsed into their graphs; the reference lists (BibTeX, and entries written in
Turtle) go into ``graph/references``, one source per key; every printed citation is matched
against its text's own reference list (a text's folder's BibTeX), or else against all of them,
and the citation parts written into ``graph/citations``.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from .. import queries
from ..bibtex import Reference
from ..namespaces import CITATIONS_GRAPH, FM, ONTOLOGY_GRAPH, REFERENCES_GRAPH, sparql_prologue
from ..progress import progress_bar
from ..reference_rdf import references_from_rows, references_ntriples
from ..store import OxigraphStore, Store
from .corpus import bulk_load_files, file_graph, load_rdf_file, read_reference_lists, vocabulary_files
from .matching import match_citations


def build_corpus(
    native: ox.Store, rdf_files: list[Path], bib_files: list[Path], *, vocabulary: bool, bulk: bool
) -> dict:
    """Fill an empty pyoxigraph store with a corpus; return its references, matches and counts.

    Raises :class:`~forcedmig_kb.errors.InputError` on the first unusable file; the caller
    throws the half-filled store away (see :meth:`~forcedmig_kb.store.OxigraphStore.rebuild`).
    """
    files = [
        *((p, ONTOLOGY_GRAPH) for p in (vocabulary_files() if vocabulary else [])),
        *((p, file_graph(p)) for p in rdf_files),
    ]

    def reference_lists() -> tuple[list[Reference], dict[str, list[Reference]], str]:
        references, by_text = read_reference_lists(bib_files)
        return references, by_text, references_ntriples(references) if references else ""

    # The reference lists are read (in Python) in a second thread while Oxigraph parses the data
    # files (without holding Python's lock): two cores, where one did both in turn. A malformed
    # data file is still reported before a malformed BibTeX file.
    with ThreadPoolExecutor(1, thread_name_prefix="fmkb-bibtex") as pool:
        bibtex = pool.submit(reference_lists)
        with progress_bar(
            "loading: parsing files (KB)", total=sum(p.stat().st_size for p, _ in files) // 1024
        ) as advance:
            if bulk:
                bulk_load_files(native, files, lambda size: advance(size // 1024))
            else:
                for path, graph in files:
                    load_rdf_file(native, path, graph)
                    advance(path.stat().st_size // 1024)
        references, by_text, ntriples = bibtex.result()
    # on disk the bulk loader writes: no transaction held in memory (docs/performance.md)
    put = native.bulk_load if bulk else native.load
    if references:
        put(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(REFERENCES_GRAPH))
    staged = OxigraphStore.wrap(native)
    from_bib = {ref.iri for ref in references}
    graphs = {file_graph(path): path for path in rdf_files}
    reference_files = sorted(
        {
            str(graphs[q.graph_name.value].resolve())
            for q in native.quads_for_pattern(None, ox.NamedNode(FM.bibtexType), None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs
        }
    )
    if _move_turtle_references(native, from_bib):  # a reference list written in Turtle (e.g. by `extract`)
        references += [
            ref
            for ref in references_from_rows(staged.select(queries.load("reference-list")).records())
            if ref.iri not in from_bib
        ]

    # The matches are written to the store in chunks and not kept: kb.matches finds them again if
    # asked. Oxigraph writes one chunk in a second thread while the next is matched in Python
    # (one chunk at most waits: the memory a chunk takes stays bounded).
    with ThreadPoolExecutor(1, thread_name_prefix="fmkb-citations") as writer:
        pending: list[Future[None]] = []

        def write(ntriples: str) -> None:
            if pending:
                pending.pop().result()
            pending.append(
                writer.submit(
                    put, ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(CITATIONS_GRAPH)
                )
            )

        with progress_bar("loading: matching citations", total=None) as advance:
            match_citations(staged, references, write=write, keep=False, advance=advance, by_document=by_text)
        for written in pending:
            written.result()
    return {
        "references": references,
        "by_text": by_text,
        "matches": None,
        "counts": corpus_counts(staged),
        "reference_files": reference_files,
    }


def _move_turtle_references(native: ox.Store, from_bib: set[str]) -> bool:
    """Move the reference entries written in Turtle (and their blank nodes) into ``graph/references``.

    An entry whose IRI a BibTeX file already defines stays where it is: the BibTeX entry is the
    one matched. Returns whether there was any such entry.
    """
    bibtex_type = ox.NamedNode(FM.bibtexType)
    references = ox.NamedNode(REFERENCES_GRAPH)
    entries = {
        q.subject
        for q in native.quads_for_pattern(None, bibtex_type, None, None)
        if q.graph_name != references and not (isinstance(q.subject, ox.NamedNode) and q.subject.value in from_bib)
    }
    if not entries:
        return False
    moving, todo = set(), list(entries)
    while todo:
        node = todo.pop()
        if node in moving:
            continue
        moving.add(node)
        todo += [
            q.object for q in native.quads_for_pattern(node, None, None, None) if isinstance(q.object, ox.BlankNode)
        ]
    quads = [
        q for node in moving for q in native.quads_for_pattern(node, None, None, None) if q.graph_name != references
    ]
    for q in quads:
        native.remove(q)
    native.extend(ox.Quad(q.subject, q.predicate, q.object, references) for q in quads)
    return True


def corpus_counts(store: Store) -> dict[str, int]:
    """Claims, in-text citations, reference entries and triples a store holds."""
    row = store.select(
        sparql_prologue("fm", "fabio")
        + """
        SELECT (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?t) AS ?citations) (COUNT(DISTINCT ?r) AS ?references)
        WHERE { { ?c a fm:Claim } UNION { ?c a fm:QuantityClaim } UNION { ?c a fm:EventClaim }
                UNION { ?t a fm:InTextCitation } UNION { GRAPH <%s> { ?r a fabio:Expression } } }"""
        % REFERENCES_GRAPH
    ).records()[0]
    row["triples"] = len(store)
    return row
