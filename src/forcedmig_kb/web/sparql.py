"""The SPARQL 1.1 Protocol query operation (https://www.w3.org/TR/sparql11-protocol/#query-operation)."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

router = APIRouter(tags=["sparql"])


@router.api_route("/sparql", methods=["GET", "POST"])
async def sparql_query(request: Request) -> Response:
    """Answer a SPARQL query with SPARQL 1.1 JSON results (or N-Triples for graphs)."""
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip()
        body = await request.body()
        if ctype == "application/sparql-query":
            query = body.decode("utf-8")
        else:
            form = await request.form()
            query = str(form.get("query") or "")
    else:
        query = request.query_params.get("query", "")
    if not query:
        return Response("missing 'query' parameter\n", status_code=400, media_type="text/plain")
    store = request.app.state.kb.store.native
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return Response(f"{exc}\n", status_code=400, media_type="text/plain")
    if isinstance(result, ox.QueryTriples):
        return Response(result.serialize(format=ox.RdfFormat.N_TRIPLES), media_type="application/n-triples")
    return Response(result.serialize(format=ox.QueryResultsFormat.JSON),
                    media_type="application/sparql-results+json")
