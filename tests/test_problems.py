"""problems: every error, on every route, is RFC 9457 problem details (HTML to a browser that asks)."""

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MEMBERS = {"type", "title", "status", "detail", "instance"}
ERRORS = [
    ("GET", "/claims/no-such-claim", {}, 404),
    ("GET", "/claims?limit=0", {}, 422),
    ("GET", "/claim/no-such-claim", {"Accept": "text/turtle"}, 404),
    ("GET", "/void", {"Accept": "image/png"}, 406),
    ("GET", "/export/kb.zip", {}, 404),
    ("GET", "/no/such/path", {}, 404),
    ("GET", "/sparql?query=ASK%20%7B", {}, 400),
    ("GET", "/sparql?query=ASK%20%7B%7D", {"Accept": "text/turtle"}, 406),
    ("GET", "/sparql?update=CLEAR%20ALL", {}, 403),
    ("GET", "/sparql?graph=https://w3id.org/forcedmig/graph/x", {}, 400),
    ("GET", "/sparql?default", {}, 400),
    ("PUT", "/sparql", {}, 405),
    ("POST", "/sparql", {"Content-Type": "text/plain"}, 415),
]


@pytest.mark.parametrize("method, path, headers, status", ERRORS)
def test_every_error_is_problem_details(client, method, path, headers, status):
    r = client.request(method, path, headers=headers)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    assert "Accept" in r.headers["vary"]
    body = r.json()
    assert MEMBERS <= set(body) and body["status"] == status and body["type"] == "about:blank"
    assert body["detail"] and body["instance"].startswith(path.split("?")[0])


def test_a_validation_error_keeps_its_list_as_an_extension_member(client):
    body = client.get("/claims", params={"limit": 0}).json()
    assert body["detail"].startswith("query.limit") and body["errors"][0]["loc"] == ["query", "limit"]


def test_a_browser_gets_an_html_error_page(client):
    r = client.get("/claim/no-such-claim", headers={"Accept": BROWSER})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "404 Not Found" in r.text and "no-such-claim" in r.text


def test_the_openapi_document_describes_errors_as_problem_details(client):
    document = client.get("/openapi.json").json()
    for item in document["paths"].values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (status, operation)
    assert {"type", "title", "status", "detail"} <= set(document["components"]["schemas"]["Problem"]["properties"])


def test_errors_over_the_wire_and_to_sparql_clients(server):
    r = httpx.get(server + "/sparql", params={"query": "ASK {"})
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert "does not parse" in r.json()["detail"]
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery("ASK {")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="does not parse"):
        client.query()
