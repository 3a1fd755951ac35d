"""The API fuzzed with schemathesis against the OpenAPI document of the real server.

Every route of ``/openapi.json`` (the research API, linked data, exports and the SPARQL
endpoint) gets generated requests, from the document's examples, its boundary values and
random data; every answer must be no 5xx, a documented status, a documented media type and,
where a schema is given, match it. Bounded for CI: ``FMKB_FUZZ_EXAMPLES`` examples per route
(default 25), derandomized so that a run is reproducible; set it higher for a longer hunt:

    FMKB_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/test_api_fuzzing.py
"""

from __future__ import annotations

import os

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.fuzzing, pytest.mark.server]

EXAMPLES = int(os.environ.get("FMKB_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


#: Every operation of the OpenAPI document (a test below holds this list against the document).
OPERATIONS = [
    ("GET", "/sparql"),
    ("POST", "/sparql"),
    ("GET", "/documents"),
    ("GET", "/documents/{document_id}"),
    ("GET", "/claims"),
    ("GET", "/claims/{claim_id}"),
    ("GET", "/sources"),
    ("GET", "/sources/{key}"),
    ("GET", "/sources/{key}/claims"),
    ("GET", "/findings"),
    ("GET", "/stats"),
    ("GET", "/void"),
    ("GET", "/context.jsonld"),
    ("GET", "/export/kb.{extension}"),
    ("GET", "/export/claims.csv"),
    ("GET", "/export/sources.bib"),
    ("GET", "/export/sources.json"),
    ("GET", "/ontology"),
    ("GET", "/{kind}/{rest}"),
]


@pytest.fixture(scope="module")
def api_schema(service):
    return schemathesis.openapi.from_url(service.url + "/openapi.json")


# schemathesis' own pytest integration (schema.parametrize with from_fixture) does not run on
# pytest 9; its Hypothesis strategies do, one test per operation and generation mode.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_route_answers_as_its_openapi_document_says(api_schema, service, method, path, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def answers_as_documented(case):
        case.call_and_validate(base_url=service.url, checks=CHECKS, timeout=30)

    try:
        answers_as_documented()
    except Unsatisfiable:
        # Negative mode found no request that breaks the schema: true only of a route whose
        # every parameter is a free string and which takes no body. Hold the route to that.
        assert mode is GenerationMode.NEGATIVE
        document = httpx.get(service.url + "/openapi.json").json()
        described = document["paths"][path][method.lower()]
        assert "requestBody" not in described, f"{method} {path}: a body schema, yet no invalid request"
        constrained = [p["name"] for p in described.get("parameters", []) if not _free_string(p["schema"])]
        assert not constrained, f"{method} {path}: {constrained} constrained, yet no invalid request"


_ANNOTATIONS = {"title", "description", "examples", "default"}


def _free_string(schema: dict) -> bool:
    """A parameter schema that any string satisfies (optionally null): nothing to violate in a URL."""
    if "anyOf" in schema:
        return all(_free_string(s) for s in schema["anyOf"]) and not (set(schema) - _ANNOTATIONS - {"anyOf"})
    return schema.get("type") in ("string", "null") and not (set(schema) - _ANNOTATIONS - {"type"})


def test_the_document_lists_every_route_and_the_errors_each_may_give(service):
    document = httpx.get(service.url + "/openapi.json").json()
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert documented == set(OPERATIONS)  # the fuzzing above covers every route
    sparql = document["paths"]["/sparql"]
    assert {"400", "403", "406", "413", "415", "503"} <= set(sparql["get"]["responses"]) & set(
        sparql["post"]["responses"]
    )
    assert "application/sparql-query" in sparql["post"]["requestBody"]["content"]
    assert "404" in document["paths"]["/claims"]["get"]["responses"]  # ?source= naming no source


# Cases the fuzzing found, kept as plain tests that say what must hold.


def test_a_405_on_sparql_lists_both_get_and_post_in_allow(service):
    """Found by schemathesis: Starlette's 405 named only the first /sparql route's method (Allow: GET)."""
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        r = httpx.request(method, service.sparql)
        assert r.status_code == 405 and {m.strip() for m in r.headers["allow"].split(",")} >= {"GET", "POST"}
    preflight = httpx.options(
        service.sparql, headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 200  # CORS preflight still answered by the middleware


@pytest.mark.parametrize(
    "path, media_type",
    [
        ("/context.jsonld", "application/ld+json"),
        ("/export/claims.csv", "text/csv"),
        ("/export/sources.bib", "application/x-bibtex"),
        ("/export/sources.json", "application/vnd.citationstyles.csl+json"),
    ],
)
def test_non_json_routes_document_their_media_type(service, path, media_type):
    """Found by schemathesis: these routes were documented as application/json."""
    document = httpx.get(service.url + "/openapi.json").json()
    assert list(document["paths"][path]["get"]["responses"]["200"]["content"]) == [media_type]
    assert httpx.get(service.url + path).headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize("path", ["/doc/%C2%9C", "/claim/%zz", "/source/a%7Fb", "/topic/%EF%BF%BE"])
def test_a_path_that_makes_no_iri_is_404_not_500(service, path):
    """Found by schemathesis: /doc/%C2%9C (a C1 control character) became an IRI the SPARQL parser refused, a 500."""
    for accept in ("text/turtle", "text/html", "application/x-bibtex"):
        assert httpx.get(service.url + path, headers={"Accept": accept}).status_code == 404


@pytest.mark.parametrize("host", ["x%zz", "a b", "a>b", "ex{ample}", "a\\\\b"])
def test_a_malformed_host_header_is_400_not_500(service, host):
    """Found by schemathesis: the server writes its own IRIs from Host; 'x%zz' made VoID and the
    service description invalid RDF (500)."""
    for path, accept in (("/void", "application/n-triples"), ("/sparql", "application/ld+json"), ("/claims", "")):
        r = httpx.get(service.url + path, headers={"Host": host, "Accept": accept})
        assert r.status_code == 400 and "Host" in r.text
    assert (
        httpx.get(service.url + "/void", headers={"Host": "kb.example.org:8443", "Accept": "text/turtle"}).status_code
        == 200
    )
