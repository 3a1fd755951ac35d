"""Validators and conditional requests: ``ETag``, ``Last-Modified``, ``Cache-Control``, ``304``.

The knowledge base cannot change while the server runs, so every successful ``GET`` (and
``HEAD``) answer, a resource, an export, a page, a query's results, carries (RFC 9110 section
8.8, RFC 9111 section 5.2.2):

- an ``ETag``: a hash of the data's fingerprint (:func:`fingerprint`) and of what picks
  the representation: the scheme and ``Host`` (the VoID and service descriptions name the
  server), the path and query (a SPARQL query's text and dataset are its parameters) and the
  answer's ``Content-Type`` (the negotiated format). It is strong (the same bytes every time)
  except under ``weak_paths``: the SPARQL endpoint's answers come from replicas in worker
  processes (:mod:`.sparql.pool`), whose blank nodes have labels of their own, so the same
  query may be answered with other blank node labels by another worker: equivalent answers,
  not identical ones, which is what a weak tag says (RFC 9110 section 8.8.1). A route that sets
  its own tag (static files) keeps it;
- ``Last-Modified``: when this server loaded the knowledge base;
- ``Cache-Control`` from the settings (``cache_control``, default ``max-age=300,
  must-revalidate``): how long a cache may answer without asking again.

While the service still makes part of its answers at start (the check's findings,
:mod:`.startup`), a :class:`Revision` says so: its tag goes into every entity-tag, its time is
``Last-Modified``, and until it is final every answer says ``Cache-Control: no-cache`` (a cache
asks again each time, and gets the new answer once the tag has changed).

A request whose ``If-None-Match`` names the answer's entity-tag (weak comparison, RFC 9110
section 13.1.2; ``*`` names any) or, when it has no ``If-None-Match``, whose
``If-Modified-Since`` is not before ``Last-Modified`` (section 13.1.3) gets ``304 Not
Modified`` with the validators and no content (section 15.4.5). Only an answer that would
otherwise be 200 is turned into 304 (section 13.2.1): errors and ``POST`` answers pass as they
are.

Where the answer's header fields are known before it is made (``foreseen``: a SPARQL query's
answer on a local store, whose tag is made from the request alone), a request whose
``If-None-Match`` names one of the tags it could have gets its ``304`` without the answer being
made (the query is not run): only an answer that was ``200`` was ever given that tag, and the
data it was made from cannot have changed. ``*`` is not decided early: it asks whether the
answer would be ``200`` at all, which only running the query tells.

>>> matches('W/"a", "b"', '"b"'), matches('"a"', 'W/"a"'), matches('*', '"x"'), matches('"a"', '"b"')
(True, True, True, False)
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..store import Store

#: The header fields a 304 keeps (RFC 9110 section 15.4.5, and the CORS fields a browser needs).
KEPT_BY_304 = {
    b"etag",
    b"last-modified",
    b"cache-control",
    b"vary",
    b"content-location",
    b"date",
    b"expires",
    b"access-control-allow-origin",
    b"access-control-expose-headers",
}


def fingerprint(store: Store) -> str:
    """What the answers are made from, as a string that changes whenever they may.

    A store that outlives the server (on disk, on a SPARQL server) recorded its corpus's
    manifest (every input's content hash and the loader's own); answers from it are the same
    from one start to the next. A store in memory is built anew at each start, and its blank
    nodes get new labels then, so its fingerprint is that start's. The package version is part
    of it too: another version may write the same data differently.
    """
    manifest = store.manifest()
    corpus = manifest.get("corpus") if manifest else None
    data = json.dumps(corpus, sort_keys=True) if corpus else f"loaded {time.time_ns()} by {os.getpid()}"
    return hashlib.sha256(f"{__version__}\n{data}".encode()).hexdigest()


def _tags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def matches(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` by weak comparison (RFC 9110 section 13.1.2)."""
    tags = _tags(if_none_match)
    return "*" in tags or etag.removeprefix("W/") in tags


def _not_modified_since(if_modified_since: str, last_modified: float) -> bool:
    try:
        since = parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError, IndexError):
        return False  # not an HTTP-date: the field is ignored (RFC 9110 section 13.1.3)
    return int(last_modified) <= since


@dataclass(frozen=True, slots=True)
class Revision:
    """What the answers are made from besides the store, while the service may still change it."""

    tag: str  # part of every entity-tag
    since: float  # Last-Modified
    final: bool = True  # False: the answers will change (Cache-Control: no-cache)


class Validators:
    """ASGI middleware: validators on every successful ``GET``, and ``304`` where they match."""

    def __init__(
        self,
        app: ASGIApp,
        fingerprint: str,
        loaded: float,
        cache_control: str,
        weak_paths: tuple[str, ...] = (),
        foreseen: Callable[[Scope], Sequence[Sequence[tuple[bytes, bytes]]]] | None = None,
        revision: Callable[[], Revision] | None = None,
    ) -> None:
        self.app = app
        self.weak_paths = weak_paths
        self.foreseen = foreseen  # the header fields a 200 to this request could have, for each form
        self.fingerprint = fingerprint
        self.revision = revision or (lambda: Revision("", loaded))
        self.cache_control = cache_control.encode()
        self._dates: dict[float, bytes] = {}

    def last_modified(self, revision: Revision) -> bytes:
        date = self._dates.get(revision.since)
        if date is None:
            date = self._dates[revision.since] = formatdate(int(revision.since), usegmt=True).encode()
        return date

    def etag(self, scope: Scope, content_type: bytes, tag: str = "") -> bytes:
        """The entity-tag of the answer to ``scope`` written as ``content_type`` (and ``tag``, a :class:`Revision`'s)."""
        host = next((v for k, v in scope["headers"] if k == b"host"), b"")
        key = b"\n".join(
            (
                self.fingerprint.encode() + tag.encode(),
                scope.get("scheme", "http").encode(),
                host,
                scope.get("root_path", "").encode(),
                scope["path"].encode(),
                scope.get("query_string", b""),
                content_type,
            )
        )
        weak = b"W/" if scope["path"] in self.weak_paths else b""
        return weak + b'"' + hashlib.sha256(key).hexdigest()[:40].encode() + b'"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        conditions = {
            k.decode(): v.decode("latin-1")
            for k, v in scope["headers"]
            if k in (b"if-none-match", b"if-modified-since")
        }
        revision = self.revision()
        if self.foreseen is not None and "if-none-match" in conditions:
            kept = self._not_modified(scope, conditions["if-none-match"], revision)
            if kept is not None:
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
        not_modified = False

        async def validated(message: Message) -> None:
            nonlocal not_modified
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = list(message.get("headers", ()))
                names = {k.lower() for k, _ in headers}
                etag = next((v for k, v in headers if k.lower() == b"etag"), None)
                if etag is None:
                    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                    etag = self.etag(scope, content_type, revision.tag)
                    headers.append((b"etag", etag))
                if b"last-modified" not in names:
                    headers.append((b"last-modified", self.last_modified(revision)))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", self.cache_control if revision.final else b"no-cache"))
                if "if-none-match" in conditions:
                    not_modified = matches(conditions["if-none-match"], etag.decode("latin-1"))
                elif "if-modified-since" in conditions:
                    last_modified = next(v for k, v in headers if k.lower() == b"last-modified").decode("latin-1")
                    not_modified = _not_modified_since(conditions["if-modified-since"], _seconds(last_modified))
                if not_modified:
                    kept = [(k, v) for k, v in headers if k.lower() in KEPT_BY_304]
                    message = {"type": "http.response.start", "status": 304, "headers": kept}
                else:
                    message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and not_modified:
                if message.get("more_body", False):
                    return  # the 200's content, dropped
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, validated)

    def _not_modified(self, scope: Scope, if_none_match: str, revision: Revision) -> list[tuple[bytes, bytes]] | None:
        """The header fields of a ``304`` decided before the answer is made, or ``None``."""
        tags = _tags(if_none_match)
        if "*" in tags:
            return None
        assert self.foreseen is not None
        for headers in self.foreseen(scope):
            content_type = next((v for k, v in headers if k == b"content-type"), b"")
            etag = self.etag(scope, content_type, revision.tag)
            if etag.decode("latin-1").removeprefix("W/") in tags:
                found = [(k, v) for k, v in headers if k in KEPT_BY_304]
                return [
                    *found,
                    (b"etag", etag),
                    (b"last-modified", self.last_modified(revision)),
                    (b"cache-control", self.cache_control if revision.final else b"no-cache"),
                ]
        return None


def _seconds(http_date: str) -> float:
    try:
        return parsedate_to_datetime(http_date).timestamp()
    except (TypeError, ValueError, IndexError):
        return float("inf")  # a route's own Last-Modified that does not parse: never "not modified"
