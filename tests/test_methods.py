"""methods: HEAD wherever GET is, a true Allow on 405, CORS preflights for each route's methods.

The app in process checks the logic on every dynamic route; a real server and httpx check
that HEAD goes over the wire without content and with the GET's Content-Length.
"""

import httpx
import pytest

from forcedmig_kb.web.methods import allowed_methods

#: A GET of each kind of dynamic route (and the Accept it is asked with).
ROUTES = [
    ("/", "text/html"),
    ("/sparql", "text/turtle"),
    ("/sparql?query=ASK%20%7B%7D", "application/sparql-results+json"),
    ("/claim/dw2019-top500-sales-2014", "text/turtle"),
    ("/source/amin2013", "text/turtle"),
    ("/void", "text/turtle"),
    ("/context.jsonld", "*/*"),
    ("/export/kb.ttl", "*/*"),
    ("/export/claims.csv", "*/*"),
    ("/claims", "*/*"),
    ("/stats", "*/*"),
    ("/browse/claims", "text/html"),
    ("/openapi.json", "*/*"),
    ("/static/site.css", "*/*"),
]
PREFLIGHT = {"Origin": "https://yasgui.example"}


@pytest.mark.parametrize("path, accept", ROUTES)
def test_head_answers_as_get_without_content(client, path, accept):
    get = client.get(path, headers={"Accept": accept})
    head = client.head(path, headers={"Accept": accept})
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "last-modified", "cache-control", "vary"):
        assert head.headers.get(name) == get.headers.get(name), name


@pytest.mark.parametrize(
    "path, methods",
    [
        ("/sparql", ["GET", "HEAD", "POST"]),
        ("/claims", ["GET", "HEAD"]),
        ("/claim/dw2019-top500-sales-2014", ["GET", "HEAD"]),
        ("/static/site.css", ["GET", "HEAD"]),
    ],
)
def test_a_405_lists_every_method_the_route_takes(client, path, methods):
    assert allowed_methods(client.app, path) == methods
    for method in ("PUT", "DELETE", "PATCH") + (("POST",) if "POST" not in methods else ()):
        r = client.request(method, path)
        assert r.status_code == 405, method
        assert r.headers["allow"] == ", ".join(methods)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 405 and method in r.json()["detail"]


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_a_cors_preflight_succeeds_for_each_method_of_sparql(client, method):
    r = client.options("/sparql", headers={**PREFLIGHT, "Access-Control-Request-Method": method})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["access-control-allow-methods"] == "GET, HEAD, POST"


def test_a_cors_preflight_fails_for_a_method_the_route_does_not_take(client):
    assert client.options("/stats", headers={**PREFLIGHT, "Access-Control-Request-Method": "HEAD"}).status_code == 200
    refused = client.options("/stats", headers={**PREFLIGHT, "Access-Control-Request-Method": "POST"})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    assert "GET, HEAD" in refused.json()["detail"]


@pytest.mark.parametrize("path, accept", ROUTES)
def test_head_over_the_wire(server, path, accept):
    get = httpx.get(server + path, headers={"Accept": accept})
    head = httpx.head(server + path, headers={"Accept": accept})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))
    assert head.headers.get("etag") == get.headers.get("etag")


def test_allow_and_preflight_over_the_wire(server):
    assert httpx.request("DELETE", server + "/sparql").headers["allow"] == "GET, HEAD, POST"
    r = httpx.options(server + "/sparql", headers={**PREFLIGHT, "Access-Control-Request-Method": "HEAD"})
    assert r.status_code == 200 and "HEAD" in r.headers["access-control-allow-methods"]
