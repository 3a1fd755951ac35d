"""All settings of forcedmig-kb, in one pydantic-settings class.

Each field can be set in the environment with the prefix ``FMKB_`` (``FMKB_QUERY_TIMEOUT=5``)
or by a command-line flag; tests build their own :class:`Settings` and pass it in.

>>> Settings(query_timeout=2).query_timeout
2.0
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .namespaces import GRAPH


class Settings(BaseSettings):
    """Settings of the service, the check and the loader."""

    model_config = SettingsConfigDict(env_prefix="FMKB_", extra="ignore")

    data_dir: Path | None = Field(
        None,
        description="Folder of .ttl and .bib files to serve and check; default ./data in a checkout, else the bundled chapter.",
    )
    store: str = Field(
        "memory",
        description=(
            "Store: 'memory' (embedded Oxigraph), 'oxigraph:DIR' (embedded, on disk; reopened without "
            "reloading while DIR holds the same corpus) or 'sparql:QUERY_URL[|UPDATE_URL[|GSP_URL]]' "
            "(a SPARQL 1.1 server: Virtuoso, Oxigraph server, Fuseki, ...)."
        ),
    )
    store_update_url: str | None = Field(
        None, description="SPARQL Update endpoint of a 'sparql:' store, when not in the spec (default: the query URL)."
    )
    store_gsp_url: str | None = Field(
        None, description="Graph Store Protocol endpoint of a 'sparql:' store, used for loading when given."
    )
    store_user: str | None = Field(None, description="User name for a 'sparql:' store that asks for one.")
    store_password: SecretStr | None = Field(None, description="Password of store_user.")
    store_auth: Literal["basic", "digest"] = Field(
        "basic", description="HTTP authentication scheme of a 'sparql:' store (Virtuoso's /sparql-auth: digest)."
    )
    store_graphs: str = Field(
        str(GRAPH),
        description="A 'sparql:' store holds the named graphs under this IRI prefix, and only "
        "those are read, counted and cleared ('' for every graph on the server).",
    )
    store_timeout: float = Field(60.0, gt=0, description="Seconds to wait for a 'sparql:' store to answer.")
    store_dataset: Literal["explicit", "server"] = Field(
        "explicit",
        description="'explicit': name the store's graphs in every query (any server); 'server': rely on the "
        "server's default graph being the union of its graphs (much faster; Virtuoso, oxigraph serve --union-default-graph).",
    )
    cache_dir: Path | None = Field(
        None,
        description=(
            "Where the last full check and the research index of a 'sparql:' store are saved, to start from "
            "while the server holds the same corpus (an on-disk store keeps them beside it). "
            "Default: $XDG_CACHE_HOME/forcedmig-kb, else ~/.cache/forcedmig-kb."
        ),
    )
    check_cache: bool = Field(
        True,
        description="Cache the report of `check` on a corpus loaded in memory by its files' content (in "
        "cache_dir), and answer an unchanged corpus from it without loading it.",
    )
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port the server listens on.")
    query_timeout: float = Field(10.0, gt=0, description="Seconds a SPARQL query may run before it is stopped.")
    max_rows: int = Field(10_000, ge=1, description="Most rows (or triples) a query may return.")
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Largest request body accepted; larger gets 413.")
    body_timeout: float = Field(
        30.0, gt=0, description="Seconds a client may take to send a request body; slower gets 408."
    )
    max_header_bytes: int = Field(
        32_768, ge=1024, description="Largest request line plus header fields accepted; larger gets 431."
    )
    header_timeout: float = Field(
        10.0, gt=0, description="Seconds a client may take to send a request's line and header fields; slower gets 408."
    )
    max_connections: int = Field(
        1000, ge=1, description="Connections and requests served at once; past it a request gets 503 at once."
    )
    keep_alive_timeout: float = Field(5.0, gt=0, description="Seconds an idle keep-alive connection is kept open.")
    backlog: int = Field(
        2048, ge=1, description="Connections the operating system queues before the server accepts them."
    )
    cache_control: str = Field(
        "max-age=300, must-revalidate",
        description="Cache-Control of every successful GET answer: how long a cache may reuse it before it "
        "revalidates (ETag, Last-Modified; the data cannot change while the server runs).",
    )
    query_workers: int = Field(2, ge=1, le=64, description="Worker processes that run SPARQL queries.")
    check_workers: int = Field(
        2,
        ge=1,
        le=64,
        description="Processes that share the full check's queries on an on-disk store, threads in memory (1: none).",
    )
    check_columnar: bool = Field(
        True,
        description="On a store in memory, the full check evaluates the core constraints column-wise, "
        "each predicate's triples read once (checks/columnar.py); off: one SPARQL query per pattern.",
    )
    check_columnar_from: int = Field(
        100_000,
        ge=0,
        description="The column-wise check is used from this many triples on: below, its fixed cost (about "
        "0.4 s: the frames, the thread pool) is more than the queries' (0.04 s for the chapter).",
    )
    check_joined_up_to: int = Field(
        100_000_000,
        ge=0,
        description="On Oxigraph (embedded or server), up to this many triples, the full check joins each "
        "pattern's scans by hashing (faster; each check process held up to 1.7 GB at 40M "
        "triples); above, and on other servers, one look-up per row.",
    )
    query_copy_up_to: int = Field(
        200_000,
        ge=0,
        description="A store in memory of up to this many triples is copied into each query worker, which "
        "answers from memory; a larger one is written once on disk and shared by the workers (memory "
        "bounded, each query slower).",
    )
    query_memory: int = Field(
        1024, ge=128, description="MiB of memory a query worker may use; a query that needs more is stopped (Linux)."
    )
    access_log: bool = Field(
        False,
        description="Log a line for every request (off by default: it costs throughput under load; errors are always logged).",
    )
    table_claims: int = Field(
        500, ge=1, description="Most claims the claims page lists at once (it says how many match)."
    )
    network_claims: int = Field(
        500, ge=0, description="Largest knowledge base (claims) whose provenance network the overview draws."
    )
    stale_after_years: int = Field(
        5,
        ge=0,
        description="A figure presented as current is stale when its data are this many years older than the text.",
    )
    fail_on: Literal["violation", "warning", "info"] = Field(
        "warning", description="Lowest severity of an unreviewed finding that makes `check` exit 1."
    )


@lru_cache
def get_settings() -> Settings:
    """The settings read from the environment, once."""
    return Settings()
