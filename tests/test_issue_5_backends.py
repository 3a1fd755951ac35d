"""Issue 5: the service and the check answer the same on every store.

A real ``forcedmig-kb serve`` runs on each backend: the embedded store in memory (the
reference), an on-disk store (its query workers open it read-only instead of copying it), a
real Oxigraph server and a real Virtuoso; the research API's main routes and a SPARQL query
must give the same answers.
"""

import httpx
import pytest

from conftest import DATA

ROUTES = ["/stats", "/claims?limit=100", "/claims/dw2019-refugees", "/sources", "/sources/unhcr2015",
          "/sources/freeman2006/claims", "/findings"]
QUERY = """PREFIX fm: <https://w3id.org/forcedmig/ontology/>
SELECT ?status (COUNT(?part) AS ?n) WHERE { ?part fm:matchStatus ?status } GROUP BY ?status ORDER BY ?status"""


def answers(url: str) -> dict:
    out = {route: httpx.get(url + route, timeout=60).json() for route in ROUTES}
    r = httpx.post(url + "/sparql", data={"query": QUERY}, headers={"Accept": "application/sparql-results+json"},
                   timeout=60)
    assert r.status_code == 200, r.text
    out["sparql"] = r.json()["results"]["bindings"]
    return out


@pytest.fixture(scope="module")
def reference(serve):
    return answers(serve(DATA).url)


@pytest.fixture(scope="module")
def serve(request):
    from conftest import start_server, stop_server

    started = []

    def start(data, env=None):
        started.append(start_server(data, env))
        return started[-1]

    yield start
    for server in started:
        stop_server(server)


def test_on_disk_store_workers_share_it(reference, serve, tmp_path_factory):
    where = tmp_path_factory.mktemp("disk") / "store"
    server = serve(DATA, {"FMKB_STORE": f"oxigraph:{where}"})
    assert answers(server.url) == reference
    assert (where / "fmkb-manifest.json").is_file()


@pytest.mark.parametrize("name", ["oxigraph-server", "virtuoso"])
def test_remote_servers_answer_as_the_embedded_store(reference, serve, name, request):
    sparql_server = request.getfixturevalue({"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}[name])
    server = serve(DATA, sparql_server.env())
    assert answers(server.url) == reference
