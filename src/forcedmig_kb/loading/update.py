"""An on-disk store updated in place: the graphs of the data files that changed, and no more.

An edit changes a few nodes of one file; the nodes are compared by a digest of their content
(blank nodes included, their labels not), and only the changed ones are removed and added, with
the citation parts of the citations among them matched again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..bibtex import Reference
from ..namespaces import CITATIONS_GRAPH, FM, RDF
from ..resources import ontology_dir
from ..store import OxigraphStore
from ..store.protocol import LocalStore
from .corpus import RDF_SUFFIXES, file_graph, load_rdf_file, read_reference_lists
from .matching import match_citations


def update_in_place(
    store: LocalStore, recorded: dict, manifest: dict, stat: dict[str, list[int]], bib_files: list[Path]
) -> tuple[dict[str, int], list[Path]] | None:
    """Bring an on-disk store up to date when only data files in RDF changed: its new counts and
    the files it was updated with; ``None`` if it cannot.

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
    if not changed or any(
        Path(p).suffix not in RDF_SUFFIXES or Path(p).parent == vocabulary or p in recorded.get("reference_files", [])
        for p in changed
    ):
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
    references: tuple[list[Reference], dict[str, list[Reference]]] | None = None
    parts_graph = ox.NamedNode(CITATIONS_GRAPH)
    has_part = ox.NamedNode(FM.hasPart)
    for p in changed:
        graph = ox.NamedNode(file_graph(Path(p)))
        old = _file_trees(native, graph)
        new = _file_trees(staged[p], graph) if p in staged else {}
        edited = {
            key for key in old.keys() | new.keys() if old.get(key, _NO_TREE).digest != new.get(key, _NO_TREE).digest
        }
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
            references = references if references is not None else read_reference_lists(bib_files)
            _, nt = match_citations(
                OxigraphStore.wrap(staged[p]), references[0], only=set(after["cited"]), by_document=references[1]
            )
            if nt:
                native.load(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=parts_graph)
                added = nt.count("\n")
        for key in ("claims", "citations", "quads"):
            counts["triples" if key == "quads" else key] += after[key] - before[key]
        counts["triples"] += added - removed
    store.write_manifest(
        {"corpus": manifest, "counts": counts, "reference_files": recorded.get("reference_files", []), "stat": stat}
    )
    return counts, [Path(p) for p in changed]


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
        types = {
            q.object.value for q in tree.quads if q.predicate.value == RDF.type and isinstance(q.object, ox.NamedNode)
        }
        claims += bool(types & claim_types)
        if FM.InTextCitation in types:
            citations += 1
            subject = tree.top
            if isinstance(subject, ox.NamedNode):
                cited[subject.value] = tuple(
                    sorted(
                        q.object.value
                        for q in tree.quads
                        if q.subject == subject
                        and q.predicate.value == FM.asPrinted
                        and not isinstance(q.object, ox.Triple)  # (a quoted triple has no value)
                    )
                )
    return {"claims": claims, "citations": citations, "quads": quads, "cited": cited}
