"""Storage behind one small protocol; one adapter per backend."""

from __future__ import annotations

from .oxigraph import OxigraphStore
from .protocol import Store, Table, Term, Triple

__all__ = ["OxigraphStore", "Store", "Table", "Term", "Triple", "open_store"]


def open_store(spec: str | None = None) -> Store:
    """A store from a spec: ``memory`` (default) or ``oxigraph:DIR``."""
    if spec in (None, "", "memory", "oxigraph", "oxigraph:"):
        return OxigraphStore()
    kind, _, where = spec.partition(":")
    if kind == "oxigraph":
        return OxigraphStore(where)
    from ..errors import StoreError

    raise StoreError(f"unknown store {spec!r}", hint="use 'memory' or 'oxigraph:DIR'")
