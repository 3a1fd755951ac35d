"""serve: a real uvicorn process answers the home page and /sparql."""

import httpx


def test_home_and_sparql(server):
    home = httpx.get(server + "/")
    assert home.status_code == 200 and "56 claims" in home.text
    r = httpx.get(
        server + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/forcedmig/ontology/QuantityClaim> }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "46"
