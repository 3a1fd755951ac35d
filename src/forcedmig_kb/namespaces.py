"""Every IRI and prefix of forcedmig-kb, spelled once, and how an IRI or a string is written.

The base IRI is :data:`BASE`; every resource the knowledge base mints lives under it:

>>> CLAIM["dw2019-refugees"]
'https://w3id.org/forcedmig/claim/dw2019-refugees'
>>> FM.Claim
'https://w3id.org/forcedmig/ontology/Claim'
>>> local_path("https://w3id.org/forcedmig/source/amin2013")
'/source/amin2013'
"""

from __future__ import annotations

import re
from typing import Final, overload

BASE: Final = "https://w3id.org/forcedmig/"


class Namespace:
    """An IRI prefix; ``ns.term`` and ``ns["term"]`` give full IRIs as plain strings.

    Not a ``str`` subclass on purpose: ``DCTERMS.title`` must be an IRI, not ``str.title``.
    """

    __slots__ = ("_base",)

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._base + name

    def __getitem__(self, name: str) -> str:
        return self._base + name

    def __str__(self) -> str:
        return self._base

    def __format__(self, spec: str) -> str:
        return format(self._base, spec)

    def __repr__(self) -> str:
        return f"Namespace({self._base!r})"

    def __add__(self, other: str) -> str:
        return self._base + other

    def __eq__(self, other: object) -> bool:
        return str(other) == self._base

    def __hash__(self) -> int:
        return hash(self._base)


FM: Final = Namespace(BASE + "ontology/")
ONTOLOGY_IRI: Final = BASE + "ontology"
SHAPES_IRI: Final = BASE + "shapes"
CLAIM: Final = Namespace(BASE + "claim/")
CITATION: Final = Namespace(BASE + "citation/")
SOURCE: Final = Namespace(BASE + "source/")
DOC: Final = Namespace(BASE + "doc/")
TOPIC: Final = Namespace(BASE + "topic/")
AREA: Final = Namespace(BASE + "area/")
GRAPH: Final = Namespace(BASE + "graph/")
FINDING: Final = Namespace(BASE + "finding/")

RDF: Final = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS: Final = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD: Final = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL: Final = Namespace("http://www.w3.org/2002/07/owl#")
SKOS: Final = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS: Final = Namespace("http://purl.org/dc/terms/")
DCAT: Final = Namespace("http://www.w3.org/ns/dcat#")
FOAF: Final = Namespace("http://xmlns.com/foaf/0.1/")
PROV: Final = Namespace("http://www.w3.org/ns/prov#")
CITO: Final = Namespace("http://purl.org/spar/cito/")
FABIO: Final = Namespace("http://purl.org/spar/fabio/")
DOCO: Final = Namespace("http://purl.org/spar/doco/")
BIBO: Final = Namespace("http://purl.org/ontology/bibo/")
OA: Final = Namespace("http://www.w3.org/ns/oa#")
QUDT: Final = Namespace("http://qudt.org/schema/qudt/")
UNIT: Final = Namespace("http://qudt.org/vocab/unit/")
CUR: Final = Namespace("http://qudt.org/vocab/currency/")
SDMX_ATTRIBUTE: Final = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIMENSION: Final = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SH: Final = Namespace("http://www.w3.org/ns/shacl#")
VOID: Final = Namespace("http://rdfs.org/ns/void#")
SD: Final = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: Prefixes used in Turtle output, SPARQL queries and the JSON-LD context.
PREFIXES: Final[dict[str, str]] = {
    k: str(v)
    for k, v in {
        "fm": FM,
        "claim": CLAIM,
        "cite": CITATION,
        "src": SOURCE,
        "doc": DOC,
        "topic": TOPIC,
        "area": AREA,
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "owl": OWL,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "dcat": DCAT,
        "foaf": FOAF,
        "prov": PROV,
        "cito": CITO,
        "fabio": FABIO,
        "doco": DOCO,
        "bibo": BIBO,
        "oa": OA,
        "qudt": QUDT,
        "unit": UNIT,
        "cur": CUR,
        "sdmx-attribute": SDMX_ATTRIBUTE,
        "sdmx-dimension": SDMX_DIMENSION,
        "sh": SH,
        "void": VOID,
    }.items()
}

#: Named graphs the loader fills.
ONTOLOGY_GRAPH: Final = GRAPH.ontology
REFERENCES_GRAPH: Final = GRAPH.references
CLAIMS_GRAPH: Final = GRAPH.claims
CITATIONS_GRAPH: Final = GRAPH.citations  # computed: parsed and matched citations


def sparql_prologue(*names: str) -> str:
    """``PREFIX`` lines for the given prefix names (all when none given)."""
    chosen = names or tuple(PREFIXES)
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in chosen)


def local_path(iri: str) -> str | None:
    """The server path of an IRI minted under :data:`BASE`, or ``None`` for a foreign IRI."""
    if not iri.startswith(BASE):
        return None
    return "/" + iri[len(BASE) :]


def expand_curie(name: str) -> str:
    """An IRI from a prefixed name of :data:`PREFIXES` (an IRI, or ``<IRI>``, is returned as it is).

    >>> expand_curie("claim:dw2019-refugees")
    'https://w3id.org/forcedmig/claim/dw2019-refugees'
    """
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name


@overload
def local_name(iri: str) -> str: ...


@overload
def local_name(iri: None) -> None: ...


def local_name(iri: str | None) -> str | None:
    """The last segment of an IRI, after its last ``/`` or ``#`` (a trailing ``/`` ignored);
    ``None`` for ``None``.

    >>> local_name(CLAIM["dw2019-refugees"]), local_name(SH.datatype), local_name(str(UNIT))
    ('dw2019-refugees', 'datatype', 'unit')
    """
    if iri is None:
        return None
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


#: What an ``IRIREF`` may not hold (the N-Triples, Turtle and SPARQL grammars agree).
_NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri_ref(iri: str) -> str:
    r"""An IRI as N-Triples, Turtle and SPARQL write it, ``<iri>``; a character an ``IRIREF`` may
    not hold (controls, space, ``<>"{}|^`\``) is percent-encoded, so no value leaves the brackets.

    >>> iri_ref(SOURCE.amin2013)
    '<https://w3id.org/forcedmig/source/amin2013>'
    >>> iri_ref('http://127.0.0.1:8000/sparql?a="b"')
    '<http://127.0.0.1:8000/sparql?a=%22b%22>'
    """
    if _NOT_IN_IRIREF.search(iri):
        iri = _NOT_IN_IRIREF.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), iri)
    return f"<{iri}>"


def string_literal(text: str) -> str:
    r"""A string as a quoted N-Triples, Turtle and SPARQL literal (``\``, ``"``, CR and LF escaped).

    >>> print(string_literal('a "b"\n\\'))
    "a \"b\"\n\\"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
