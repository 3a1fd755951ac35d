"""Name the nearest terms when a value is not a term of its vocabulary.

A property shape whose values come from a vocabulary says so (``fm:vocabulary``: a concept
scheme, whose concepts are its terms, or a class, whose instances are). Its ``sh:class``
constraint reports a value that is not a term (https://www.w3.org/TR/shacl/#ClassConstraintComponent,
with the value as ``sh:value``), whichever engine runs it; :func:`name_nearest_terms` then
rewrites the message of each such finding to name the value and the terms spelled most like it
(:func:`difflib.get_close_matches`), so that a typo is one edit away from its fix. It runs
after either engine, so the store's check and pySHACL report the same messages.

>>> nearest("migrant-stoks", ["migrant-stocks", "forced-displacement", "labour"])
['migrant-stocks']
>>> unknown_term_message("unit", "percnt", ["PERCENT"], [])
"unknown unit 'percnt'; did you mean PERCENT?"
>>> unknown_term_message("hedge", "perhaps", [], ["around", "nearly"])
"unknown hedge 'perhaps'; the hedges are around, nearly"
"""

from __future__ import annotations

import difflib
from functools import cache

from rdflib import URIRef

from .. import queries
from ..namespaces import FM, PREFIXES, SH, local_name
from ..store import Store
from .findings import Finding
from .shacl import shapes_graph

#: How many terms a message names, at most.
SUGGESTIONS = 3
#: How alike (difflib's ratio, 0 to 1) a term must be to the value to be suggested.
CUTOFF = 0.6
#: How much less alike than the best term another may be and still be named.
CLOSE = 0.1


@cache
def shape_vocabularies() -> dict[str, tuple[str, str]]:
    """Each shape that names a vocabulary: shape IRI -> (vocabulary IRI, the shape's path IRI)."""
    shapes = shapes_graph()
    out = {}
    for shape, vocabulary in shapes.subject_objects(URIRef(FM.vocabulary)):
        path = shapes.value(shape, URIRef(SH + "path"))
        out[str(shape)] = (str(vocabulary), str(path) if path is not None else "")
    return out


def nearest(value: str, terms: list[str]) -> list[str]:
    """The terms spelled most like ``value`` (case ignored), best first: those about as alike as
    the best one (a clear typo names one term, a vague word several).

    >>> nearest("migrant-stoks", ["migrant-stocks", "migration"]), nearest("percnt", ["PERCENT", "NUM"])
    (['migrant-stocks'], ['PERCENT'])
    """
    by_key: dict[str, str] = {}
    for term in terms:
        by_key.setdefault(term.lower(), term)
    key = value.lower()
    matches = difflib.get_close_matches(key, list(by_key), n=SUGGESTIONS, cutoff=CUTOFF)
    ratios = {m: difflib.SequenceMatcher(None, key, m).ratio() for m in matches}
    best = max(ratios.values(), default=0.0)
    return [by_key[m] for m in matches if ratios[m] >= best - CLOSE]


def unknown_term_message(noun: str, value: str, suggestions: list[str], terms: list[str]) -> str:
    """The message for a value that is not a term: the nearest terms, or all of them when none is near."""
    if suggestions:
        return f"unknown {noun} '{value}'; did you mean {' or '.join(suggestions)}?"
    return f"unknown {noun} '{value}'; the {noun}s are {', '.join(terms)}"


def prefixed(iri: str) -> str:
    """An IRI as a prefixed name of :data:`~forcedmig_kb.namespaces.PREFIXES` (longest namespace), else ``<iri>``.

    >>> prefixed("https://w3id.org/forcedmig/topic/migrant-stocks"), prefixed("http://ex/a")
    ('topic:migrant-stocks', '<http://ex/a>')
    """
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else f"<{iri}>"


def name_nearest_terms(store: Store, findings: list[Finding]) -> None:
    """Rewrite, in place, the findings of a value outside its shape's vocabulary to name the nearest terms.

    A finding qualifies when its shape names a vocabulary (``fm:vocabulary``) and it reports a
    value (a missing or repeated value has none, and keeps its message). The terms are asked of
    the store (named query ``vocabulary-terms``), so a unit or topic declared in the data counts.
    """
    vocabularies = shape_vocabularies()
    wrong = [f for f in findings if f.shape in vocabularies and f.value and not f.value.startswith("_:")]
    if not wrong:
        return
    asked = sorted({vocabularies[f.shape][0] for f in wrong})
    terms: dict[str, list[str]] = {v: [] for v in asked}
    for row in store.select(queries.bind(queries.load("vocabulary-terms"), "vocabulary", asked)).records():
        terms[row["vocabulary"]].append(row["term"])
    for f in wrong:
        vocabulary, path = vocabularies[f.shape]
        if f.value in terms[vocabulary]:
            continue  # a term of the vocabulary that fails another way (not an instance of the class)
        by_name = {local_name(t): t for t in terms[vocabulary]}
        value = local_name(f.value) or f.value
        suggestions = nearest(value, list(by_name))
        noun = f.rule
        f.message = unknown_term_message(noun, value, suggestions, sorted(by_name, key=str.lower))
        f.evidence["term"] = value
        f.evidence["suggestions"] = [prefixed(by_name[s]) for s in suggestions]
        if suggestions:
            f.fix = f"Write {prefixed(path)} {prefixed(by_name[suggestions[0]])} if that is the {noun} meant. {f.fix}"
