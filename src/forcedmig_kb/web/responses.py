"""What each route may answer, as the OpenAPI document (``/openapi.json``, shown at ``/docs``) says it.

A route that writes something other than JSON names its media types, and every error status a
route may give is listed with the body it carries, so that a client generated from the
document (and the API fuzzing test, which holds every response against it) meets no
surprise. Errors of the research API and of linked data are JSON (:class:`Problem`);
errors of the SPARQL protocol are plain text, as SPARQL clients show them.

>>> sorted(answers(["text/csv"], 404)[200]["content"])
['text/csv']
>>> sorted(answers(["text/csv"], 404)[404]["content"])
['application/json']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from . import negotiation as neg


class Problem(BaseModel):
    """An error: what is wrong and how to fix it."""

    detail: str


TEXT_ERROR = {"text/plain": {"schema": {"type": "string"}}}
PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
#: Each error status, and what it means on any route that gives it.
WHY = {
    400: "the request is malformed (the query does not parse, a parameter is wrong)",
    403: "refused: an update, SERVICE, or a graph that is not one of the knowledge base's own",
    404: "nothing of that name here",
    406: "none of the media types the Accept header (or ?format=) asks for is offered",
    408: "the request body came too slowly",
    413: "the request body, the result (row cap) or the query's memory is too large",
    415: "the body's media type or charset is not accepted",
    503: "the query ran past its deadline, its worker ended, or the server is at its concurrency limit; try again",
}


def _any(media_types: Iterable[str]) -> dict[str, Any]:
    return {media_type: {"schema": {}} for media_type in media_types}  # a document in that format


def answers(
    media_types: Iterable[str], *errors: int, text_errors: bool = False, description: str = "the answer"
) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route that answers 200 in ``media_types`` and may give ``errors``."""
    documented: dict[int | str, dict[str, Any]] = {200: {"description": description, "content": _any(media_types)}}
    for status in errors:
        documented[status] = {"description": WHY[status], "content": TEXT_ERROR if text_errors else PROBLEM}
    return documented


#: Everything the SPARQL endpoint may answer with: results, graphs, the service description, the page.
SPARQL_MEDIA_TYPES = (*neg.RESULT_TYPES, *neg.GRAPH_TYPES, "text/html")
SPARQL_ERRORS = (400, 403, 406, 408, 413, 415, 503)
_GRAPH_URIS = {"type": "array", "items": {"type": "string"}}
#: The SPARQL 1.1 Protocol's parameters (https://www.w3.org/TR/sparql11-protocol/#query-operation).
SPARQL_GET: dict[str, Any] = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "a SPARQL 1.1 query; without it, the service description (machines) or the query page (browsers)",
        },
        {
            "name": "default-graph-uri",
            "in": "query",
            "required": False,
            "schema": _GRAPH_URIS,
            "style": "form",
            "explode": True,
            "description": "a graph of the knowledge base to use as the default graph",
        },
        {
            "name": "named-graph-uri",
            "in": "query",
            "required": False,
            "schema": _GRAPH_URIS,
            "style": "form",
            "explode": True,
            "description": "a graph of the knowledge base to use as a named graph",
        },
        {
            "name": "name",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "the query page only: open this named query",
        },
    ]
}
SPARQL_POST: dict[str, Any] = {
    "parameters": SPARQL_GET["parameters"][1:3],
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": _GRAPH_URIS,
                        "named-graph-uri": _GRAPH_URIS,
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string"}},
        },
    },
}
