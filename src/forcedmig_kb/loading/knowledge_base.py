"""The knowledge base: a corpus loaded into a store, and what was read to load it.

:func:`load_knowledge_base` decides how a corpus reaches its store: a persistent store that
already holds it is used as it is; an on-disk store whose data files changed a little is updated
in place; otherwise the content is built anew (in the store itself, or staged and sent to a
remote one). Everything is parsed before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..bibliography import Match
from ..bibtex import BibtexEntries, Reference
from ..errors import StoreError
from ..store import OxigraphStore, Store
from ..store.protocol import LocalStore
from .build import build_corpus, corpus_counts
from .corpus import DATASET_SUFFIXES, corpus_files, read_reference_lists
from .locations import Location, all_locations, locate
from .manifest import corpus_manifest
from .matching import match_citations
from .staging import STAGE_ON_DISK_ABOVE, load_remote
from .update import update_in_place


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
    _by_text: dict[str, list[Reference]] | None = field(default=None, repr=False)
    _entries: BibtexEntries | None = field(default=None, repr=False)
    _matches: dict[str, list[Match]] | None = field(default=None, repr=False)  # citation IRI -> matches
    _locations: dict[str, Location] | None = field(default=None, repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    reused: bool = False  # True when an on-disk store already held this corpus
    updated: list[Path] = field(default_factory=list)  # the files an on-disk store was updated with in place

    @property
    def references(self) -> list[Reference]:
        """The sources of the reference lists, one per key, in file order."""
        if self._references is None:
            self._references, self._by_text = read_reference_lists(self.bib_files)
        return self._references

    @property
    def text_references(self) -> dict[str, list[Reference]]:
        """Each text folder's own reference list, by its document's IRI (see
        :func:`~forcedmig_kb.loading.corpus.read_reference_lists`)."""
        if self._by_text is None:
            self._references, self._by_text = read_reference_lists(self.bib_files)
        return self._by_text

    @property
    def entries(self) -> BibtexEntries:
        """The entries of the BibTeX files by key, each read and parsed when asked (one source's
        BibTeX or CSL-JSON without parsing the whole list)."""
        if self._entries is None:
            self._entries = BibtexEntries(self.bib_files)
        return self._entries

    @property
    def matches(self) -> dict[str, list[Match]]:
        """Each in-text citation's printed works, matched against its text's reference list."""
        if self._matches is None:
            self._matches, _ = match_citations(self.store, self.references, by_document=self.text_references)
        return self._matches

    @property
    def locations(self) -> dict[str, Location]:
        """Where each node is written: the file and line of a Turtle subject or a BibTeX entry."""
        if self._locations is None:
            self._locations = all_locations(self.rdf_files, self.references)
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
        return locate(self.store, self.rdf_files, self.bib_files, iris)


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
    :func:`~forcedmig_kb.loading.update.update_in_place`). Otherwise the store's whole content is replaced: atomically on
    disk, graph by graph over HTTP on a remote store (whose manifest goes with its graphs when
    they are cleared, so that a load stopped half-way is done again).
    """
    rdf_files, bib_files = corpus_files(paths)
    if store is None:
        store = OxigraphStore()
    on_disk = store.location is not None
    kept = on_disk or store.remote  # the store outlives this process, and records what it holds
    recorded = store.manifest() if kept else None
    manifest, stat = (
        corpus_manifest(rdf_files, bib_files, vocabulary=vocabulary, known=recorded) if kept else (None, {})
    )
    if kept:
        if recorded is not None and recorded.get("corpus") == manifest:
            if recorded.get("stat") != stat and not store.read_only:
                store.write_manifest({**recorded, "stat": stat})  # touched, not changed: hash once
            return KnowledgeBase(
                store=store, rdf_files=rdf_files, bib_files=bib_files, counts=dict(recorded["counts"]), reused=True
            )
        assert manifest is not None  # made whenever the store is kept
        if on_disk and not store.remote and recorded is not None and recorded.get("corpus") and not store.read_only:
            updated = update_in_place(cast(LocalStore, store), recorded, manifest, stat, bib_files)
            if updated is not None:
                counts, changed = updated
                return KnowledgeBase(
                    store=store, rdf_files=rdf_files, bib_files=bib_files, counts=counts, updated=changed
                )
        if store.read_only:
            raise StoreError(
                f"the store at {store.address} (open read-only) does not hold this corpus",
                hint="load it once with a writable store (forcedmig-kb check --store oxigraph:DIR DATA)",
            )

    built: dict = {}

    def build(native: ox.Store, bulk: bool) -> dict:
        built.update(build_corpus(native, rdf_files, bib_files, vocabulary=vocabulary, bulk=bulk))
        return {
            "corpus": manifest,
            "counts": built["counts"],
            "reference_files": built["reference_files"],
            "stat": stat,
        }

    if not store.remote:  # a store held here builds its content itself
        cast(LocalStore, store).rebuild(build)
        counts = built["counts"]
    else:
        size = sum(p.stat().st_size for p in (*rdf_files, *bib_files))
        load_remote(
            store,
            build,
            on_disk=size > STAGE_ON_DISK_ABOVE,
            datasets=any(p.suffix in DATASET_SUFFIXES for p in rdf_files),
        )
        counts = corpus_counts(store)
        store.write_manifest(
            {"corpus": manifest, "counts": counts, "reference_files": built["reference_files"], "stat": stat}
        )
    return KnowledgeBase(
        store=store,
        rdf_files=rdf_files,
        bib_files=bib_files,
        _references=built["references"],
        _by_text=built["by_text"],
        _matches=built["matches"],
        counts=counts,
    )
