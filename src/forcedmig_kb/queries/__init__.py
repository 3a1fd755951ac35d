"""Every named SPARQL question of forcedmig-kb, one ``.rq`` file each.

The REST routes, the check, the web page's example tabs, the docs and the tests all read
the same files, so a query is written once and runs as is in the query page.

>>> "finding-context" in names()
True

A query that takes parameters has a ``VALUES ?name { ... }`` block with a harmless example
(so that the file runs as is in the query page); :func:`bind` replaces it with escaped terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pyoxigraph import NamedNode

from ..namespaces import iri_ref

_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> str:
    """The text of the named query (``queries/<name>.rq``)."""
    path = _DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no named query {name!r} (known: {', '.join(names())})")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """The names of all named queries."""
    return sorted(p.stem for p in _DIR.glob("*.rq"))


def description(name: str) -> str:
    """The first comment line of a query: ``# name: what it answers``."""
    first = load(name).splitlines()[0] if load(name) else ""
    return first.lstrip("# ").split(":", 1)[-1].strip()


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> str:
    """An IRI written for SPARQL; a value that could not be an IRI raises ``ValueError``.

    >>> iri("https://w3id.org/forcedmig/source/amin2013")
    '<https://w3id.org/forcedmig/source/amin2013>'
    >>> iri("http://x/> } ; DROP ALL #")
    Traceback (most recent call last):
    ...
    ValueError: not an IRI: 'http://x/> } ; DROP ALL #'
    >>> iri("https://w3id.org/forcedmig/doc/%zz")  # what the SPARQL parser would refuse, refused here
    Traceback (most recent call last):
    ...
    ValueError: not an IRI: 'https://w3id.org/forcedmig/doc/%zz'
    """
    if not value or _IRI_FORBIDDEN.search(value) or ":" not in value:
        raise ValueError(f"not an IRI: {value!r}")
    try:  # the whole RFC 3987 grammar (code points, percent-encoding), as the query parser applies it
        NamedNode(value)
    except ValueError:
        raise ValueError(f"not an IRI: {value!r}") from None
    return iri_ref(value)


def bind(text: str, variable: str, iris: Iterable[str]) -> str:
    """The query ``text`` with its ``VALUES ?variable { ... }`` block holding ``iris`` instead.

    >>> bind("SELECT * { VALUES ?s { <http://ex/a> } ?s ?p ?o }", "s", ["http://ex/b", "http://ex/c"])
    'SELECT * { VALUES ?s { <http://ex/b> <http://ex/c> } ?s ?p ?o }'
    """
    return _fill(
        text,
        r"VALUES\s+\?" + re.escape(variable) + r"\s*\{[^}]*\}",
        variable,
        iris,
        f"'VALUES ?{variable} {{ ... }}' block to bind",
    )


def restrict(text: str, variable: str, iris: Iterable[str]) -> str:
    """The query ``text`` answering only for ``iris``: its comment line ``# VALUES ?variable { }``
    (the file answers for everything as it is) becomes ``VALUES ?variable { ... }``.

    A comment, not an empty ``VALUES`` in an ``OPTIONAL``: every store reads a comment alike.

    >>> restrict("SELECT * {\\n  # VALUES ?c { }  (restricted here)\\n  ?c a ?k }", "c", ["http://ex/a"])
    'SELECT * {\\n  VALUES ?c { <http://ex/a> }\\n  ?c a ?k }'
    """
    return _fill(
        text,
        r"#[ \t]*VALUES\s+\?" + re.escape(variable) + r"\s*\{\s*\}[^\n]*",
        variable,
        iris,
        f"'# VALUES ?{variable} {{ }}' line to restrict",
    )


def _fill(text: str, pattern: str, variable: str, iris: Iterable[str], what: str) -> str:
    """``text`` with the first match of ``pattern`` replaced by ``VALUES ?variable { iris }``."""
    block = re.compile(pattern)
    if not block.search(text):
        raise KeyError(f"the query has no {what}")
    terms = " ".join(iri(v) for v in iris)
    return block.sub(lambda _: f"VALUES ?{variable} {{ {terms} }}", text, count=1)
