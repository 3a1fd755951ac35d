"""A load staged for a remote store: built here in a staging store, then sent graph by graph.

A remote store cannot be built in place: the corpus is built in a local pyoxigraph store (in
memory, or in a temporary directory when large) and sent to the server one graph at a time.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..progress import progress_bar
from ..store import Store


def load_remote(
    store: Store, build: Callable[[ox.Store, bool], dict], *, on_disk: bool = True, datasets: bool = True
) -> None:
    """Build the corpus in a staging store (``on_disk``: a temporary directory, with the bulk
    loader; else in memory), then send it to a remote store graph by graph.

    One graph at a time, this process holds one graph's quads at once, never the whole corpus
    as one document (docs/performance.md). A blank node names one node only within one request,
    so when one is used in two graphs the whole dataset goes as one N-Quads document. Only a
    dataset file (``datasets``: TriG or N-Quads among the inputs) can do that: every other file is
    parsed as its own document into its own graph, its blank nodes its own, and the loader writes
    none in two graphs; so without one the staging store is not searched for them (that search
    reads every quad as a Python object).
    """
    directory = Path(tempfile.mkdtemp(prefix="fmkb-staging-")) if on_disk else None
    try:
        staging = ox.Store(str(directory)) if directory else ox.Store()
        build(staging, on_disk)
        graphs = list(staging.named_graphs())
        store.clear()
        if (datasets and _blank_nodes_shared(staging, graphs)) or any(
            True for _ in staging.quads_for_pattern(None, None, None, ox.DefaultGraph())
        ):  # (the store refuses those, saying why)
            # ``dump`` without an output returns bytes (pyoxigraph's stubs say ``bytes | None``)
            store.load(cast(bytes, staging.dump(format=ox.RdfFormat.N_QUADS)), format="application/n-quads")
        else:
            with progress_bar("loading: graphs sent to the store", total=len(graphs)) as advance:
                for graph in graphs:
                    store.load(
                        cast(bytes, staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)),
                        format="application/n-triples",
                        graph=graph.value,
                    )
                    advance(1)
        del staging
    finally:
        gc.collect()  # RocksDB closes with its last handle
        if directory:
            shutil.rmtree(directory, ignore_errors=True)


#: Inputs larger than this (bytes) are staged on disk for a remote store; below, in memory,
#: which loads faster (docs/performance.md).
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
