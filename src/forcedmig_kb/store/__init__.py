"""Storage behind one small protocol; one adapter per backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import StoreError
from .oxigraph import OxigraphStore
from .protocol import Store, Table, Term, Triple
from .remote import SparqlStore

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["OxigraphStore", "SparqlStore", "Store", "Table", "Term", "Triple", "open_store"]

_SPECS = "'memory', 'oxigraph:DIR' or 'sparql:QUERY_URL[|UPDATE_URL[|GSP_URL]]'"


def open_store(spec: str | None = None, *, settings: Settings | None = None, read_only: bool = False) -> Store:
    """The store a spec names (the ``--store`` flag, the ``FMKB_STORE`` setting).

    ``memory`` (the default) is an embedded Oxigraph store in memory; ``oxigraph:DIR`` one on
    disk in ``DIR`` (``load_knowledge_base`` reopens it without reloading while it holds the same
    corpus); ``sparql:QUERY_URL`` a SPARQL 1.1 server, optionally followed by ``|UPDATE_URL``
    and ``|GSP_URL`` (``|`` cannot occur in a URL). The remote store's update and Graph Store
    URLs, user, password, auth scheme, graph prefix and timeout not in the spec come from
    ``settings`` (``FMKB_STORE_*``).

    >>> open_store()
    OxigraphStore(None)
    >>> open_store("oxigraph:/var/lib/fmkb", read_only=True)  # doctest: +SKIP
    OxigraphStore('/var/lib/fmkb', read_only=True)
    >>> s = open_store("sparql:http://127.0.0.1:7878/query|http://127.0.0.1:7878/update")
    >>> s.query_url, s.update_url, s.graph_prefix
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'https://w3id.org/forcedmig/graph/')
    >>> open_store("sparql:http://127.0.0.1:8890/sparql").update_url
    'http://127.0.0.1:8890/sparql'
    >>> open_store("postgres:x")
    Traceback (most recent call last):
    forcedmig_kb.errors.StoreError: unknown store 'postgres:x'
      hint: use 'memory', 'oxigraph:DIR' or 'sparql:QUERY_URL[|UPDATE_URL[|GSP_URL]]'
    """
    if spec in (None, "", "memory", "oxigraph", "oxigraph:"):
        return OxigraphStore()
    kind, _, where = spec.partition(":")
    if kind == "oxigraph":
        return OxigraphStore(where, read_only=read_only)
    if kind == "sparql" and where:
        return _sparql_store(where, settings, read_only)
    raise StoreError(f"unknown store {spec!r}", hint=f"use {_SPECS}")


def _sparql_store(where: str, settings: Settings | None, read_only: bool) -> SparqlStore:
    import httpx

    from ..settings import get_settings

    settings = settings or get_settings()
    query_url, update_url, gsp_url = (where.split("|") + [None, None])[:3]
    if not query_url or not query_url.startswith(("http://", "https://")):
        raise StoreError(f"not an http(s) URL: {query_url!r}", hint=f"use {_SPECS}")
    auth: httpx.Auth | None = None
    if settings.store_user:
        password = settings.store_password.get_secret_value() if settings.store_password else ""
        auth = (
            httpx.DigestAuth(settings.store_user, password)
            if settings.store_auth == "digest"
            else httpx.BasicAuth(settings.store_user, password)
        )
    return SparqlStore(
        query_url,
        update_url or settings.store_update_url,
        gsp_url or settings.store_gsp_url,
        auth=auth,
        timeout=settings.store_timeout,
        graph_prefix=settings.store_graphs,
        read_only=read_only,
        dataset=settings.store_dataset,
    )
