"""Content negotiation: which media types the service writes, and which one a client gets.

The format tables are data: one entry per media type, saying what it can carry (SPARQL
results, an RDF graph, an RDF dataset, a page) and its W3C format IRI (used by the service
description, https://www.w3.org/ns/formats/). :func:`acceptable` ranks the offered types by
an ``Accept`` header as RFC 9110 section 12.5.1 says (quality values, ``type/*`` and ``*/*``
ranges, the most specific range deciding); ties keep the server's order, so the first entry
of a table is the default.

>>> acceptable("text/csv;q=0.5, application/sparql-results+json", RESULT_TYPES)[:2]
['application/sparql-results+json', 'text/csv']
>>> acceptable("*/*", GRAPH_TYPES)[0]
'text/turtle'
>>> acceptable("image/png", GRAPH_TYPES)
[]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Carries = Literal["results", "graph", "dataset", "page", "table", "bibliography"]
FORMATS_NS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True, slots=True)
class Format:
    """One media type the service writes."""

    media_type: str
    carries: Carries
    label: str
    extension: str
    w3c: str | None = None  # the W3C format IRI, where there is one

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (text formats say their charset)."""
        textual = self.media_type.startswith("text/") and self.media_type != "text/html"
        return self.media_type + ("; charset=utf-8" if textual else "")


FORMATS: tuple[Format, ...] = (
    # SELECT and ASK results (https://www.w3.org/TR/sparql11-protocol/#query-success)
    Format(
        "application/sparql-results+json", "results", "SPARQL results JSON", "srj", FORMATS_NS + "SPARQL_Results_JSON"
    ),
    Format("application/sparql-results+xml", "results", "SPARQL results XML", "srx", FORMATS_NS + "SPARQL_Results_XML"),
    Format("text/csv", "results", "SPARQL results CSV", "csv", FORMATS_NS + "SPARQL_Results_CSV"),
    Format("text/tab-separated-values", "results", "SPARQL results TSV", "tsv", FORMATS_NS + "SPARQL_Results_TSV"),
    # CONSTRUCT and DESCRIBE results, resources
    Format("text/turtle", "graph", "Turtle", "ttl", FORMATS_NS + "Turtle"),
    Format("application/n-triples", "graph", "N-Triples", "nt", FORMATS_NS + "N-Triples"),
    Format("application/ld+json", "graph", "JSON-LD", "jsonld", FORMATS_NS + "JSON-LD"),
    Format("application/rdf+xml", "graph", "RDF/XML", "rdf", FORMATS_NS + "RDF_XML"),
    # whole datasets (exports)
    Format("application/n-quads", "dataset", "N-Quads", "nq", FORMATS_NS + "N-Quads"),
    Format("application/trig", "dataset", "TriG", "trig", FORMATS_NS + "TriG"),
    # people
    Format("text/html", "page", "HTML", "html"),
)

#: Media type -> format, for every type the service writes.
BY_MEDIA_TYPE: dict[str, Format] = {f.media_type: f for f in FORMATS}
RESULT_TYPES: tuple[str, ...] = tuple(f.media_type for f in FORMATS if f.carries == "results")
GRAPH_TYPES: tuple[str, ...] = tuple(f.media_type for f in FORMATS if f.carries == "graph")
DATASET_TYPES: tuple[str, ...] = tuple(f.media_type for f in FORMATS if f.carries == "dataset")
#: Aliases clients send for a type we write (SPARQLWrapper's JSON asks for application/json too).
ALIASES: dict[str, str] = {"application/json": "application/sparql-results+json", "application/x-turtle": "text/turtle"}
#: Where the knowledge base's JSON-LD context is served (:mod:`.linked_data`).
CONTEXT_PATH = "/context.jsonld"
#: Header fields a negotiated answer carries besides ``Content-Type``: every one varies on
#: ``Accept`` (RFC 9110 section 12.5.5); JSON-LD links its context
#: (https://www.w3.org/TR/json-ld11/#interpreting-json-as-json-ld).
ANSWER_HEADERS: dict[str, dict[str, str]] = {
    "application/ld+json": {"Link": f'<{CONTEXT_PATH}>; rel="http://www.w3.org/ns/json-ld#context"'},
}


def answer_headers(media_type: str) -> dict[str, str]:
    """The header fields of a negotiated answer in ``media_type`` (besides ``Content-Type``).

    >>> answer_headers("text/turtle")
    {'Vary': 'Accept'}
    """
    return {"Vary": "Accept", **ANSWER_HEADERS.get(media_type, {})}


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One media range of an ``Accept`` header: ``type/subtype``, its parameters (other than
    ``q``, names lower-cased, values unquoted) and its weight."""

    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...] = ()

    def matches(self, media_type: str) -> int:
        """How specifically this range matches ``media_type`` (RFC 9110 section 12.5.1): 3 exact,
        2 exact but for the range's parameters, 1 ``type/*``, 0 ``*/*``, -1 not at all.

        The service writes no media type parameters of its own: a range with parameters (a
        JSON-LD ``profile``, ``text/plain;format=flowed``) stands for its bare type, less
        specifically than the bare type's own range and more than ``type/*``.
        """
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        if self.subtype != s:
            return -1
        return 2 if self.params else 3


# RFC 9110 section 5.6.2 (token), 5.6.4 (quoted-string, quoted-pair), 5.6.6 (parameters)
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PARAM = re.compile(rf"\s*;\s*({_TOKEN})\s*=\s*({_TOKEN}|{_QUOTED})", re.ASCII)
_RANGE = re.compile(rf"\s*({_TOKEN})/({_TOKEN})(?=\s|;|$)", re.ASCII)
_WEIGHT = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")  # RFC 9110 section 12.4.2


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value[1:-1]) if value.startswith('"') else value


def _elements(header: str) -> list[str]:
    """The comma-separated list elements of a header field (RFC 9110 section 5.6.1), commas inside
    a quoted string kept.

    >>> _elements('a/b;p="x,y", c/d')
    ['a/b;p="x,y"', ' c/d']
    """
    parts, start, quoted, escaped = [], 0, False, False
    for i, ch in enumerate(header):
        if escaped:
            escaped = False
        elif quoted and ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            parts.append(header[start:i])
            start = i + 1
    parts.append(header[start:])
    return parts


def _media_range(element: str) -> MediaRange | None:
    """One element of an ``Accept`` header as a media range, or ``None`` when it is not one."""
    found = _RANGE.match(element)
    if found is None:
        return None
    t, s = found.group(1).lower(), found.group(2).lower()
    t, _, s = ALIASES.get(f"{t}/{s}", f"{t}/{s}").partition("/")
    params: list[tuple[str, str]] = []
    q = 1.0
    param = _PARAM.match(element, found.end())
    while param is not None:
        name, value = param.group(1).lower(), _unquote(param.group(2))
        if name == "q":  # the weight ends the media range (RFC 9110 section 12.5.1)
            q = float(value) if _WEIGHT.fullmatch(value) else 0.0
            break
        params.append((name, value))
        param = _PARAM.match(element, param.end())
    if t == "*" and s != "*":
        return None
    return MediaRange(t, s, q, tuple(params))


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header, RFC 9110 section 12.5.1 (a missing, empty or
    unusable header accepts anything). A parameter's quoted string may hold commas and
    semicolons; ``q`` is a weight of at most three decimals (a malformed one counts as 0), and
    parameters after it (accept extensions) are ignored. A bare ``*`` (old clients) is ``*/*``.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.3, text/turtle")]
    [('text', '*', 0.3), ('text', 'turtle', 1.0)]
    >>> [(r.subtype, r.params, r.q) for r in parse_accept('application/ld+json;profile="a#x,b#y";q=0.1')]
    [('ld+json', (('profile', 'a#x,b#y'),), 0.1)]
    """
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges = []
    for element in _elements(header):
        if element.strip().split(";", 1)[0].strip() == "*":
            element = "*/*" + element.strip()[1:]
        found = _media_range(element)
        if found is not None:
            ranges.append(found)
    return ranges or [MediaRange("*", "*", 1.0)]  # nothing usable: as if there were no header


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The quality a client gives ``media_type``: that of the most specific range matching it
    (the higher weight where equally specific ranges both match)."""
    best, q = -1, 0.0
    for r in ranges:
        m = r.matches(media_type)
        if m > best or (m == best and m >= 0 and r.q > q):
            best, q = m, r.q
    return q if best >= 0 else 0.0


def acceptable(header: str | None, offered: Sequence[str]) -> list[str]:
    """The offered media types the client accepts, best first (server order breaks ties)."""
    return list(_acceptable(header, tuple(offered)))


@lru_cache(maxsize=512)  # clients send the same few headers again and again
def _acceptable(header: str | None, offered: tuple[str, ...]) -> tuple[str, ...]:
    ranges = parse_accept(header)
    scored = [(quality(ranges, t), -i, t) for i, t in enumerate(offered)]
    return tuple(t for q, _, t in sorted(scored, reverse=True) if q > 0)


def best(header: str | None, offered: Sequence[str]) -> str | None:
    """The one media type to answer with, or ``None`` (then the answer is 406)."""
    found = acceptable(header, offered)
    return found[0] if found else None


def prefers_html(header: str | None, machine_types: Sequence[str]) -> bool:
    """True when a client (a browser) ranks ``text/html`` above every machine format.

    >>> prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", GRAPH_TYPES)
    True
    >>> prefers_html("*/*", GRAPH_TYPES), prefers_html(None, GRAPH_TYPES)
    (False, False)
    """
    return best(header, (*machine_types, "text/html")) == "text/html"
