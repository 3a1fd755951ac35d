"""The README's researcher questions: every curl line and every SPARQL block answers (the app in process)."""

import re

import pytest

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUESTIONS = README.split("### A researcher's three most useful questions", 1)[1].split("\n## ", 1)[0]
SPARQL_BLOCKS = re.findall(r"```sparql\n(.*?)```", QUESTIONS, re.S)
CURL_PATHS = re.findall(r"curl '?http://127\.0\.0\.1:8000(/[^' \n]+)'?\n", QUESTIONS)


def test_the_readme_has_three_questions_each_as_curl_and_sparql():
    assert len(SPARQL_BLOCKS) == 3 and len(CURL_PATHS) == 3


@pytest.mark.parametrize("query", SPARQL_BLOCKS)
def test_readme_sparql_answers(client, query):
    r = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"], "the README's example query finds nothing"


@pytest.mark.parametrize("path", CURL_PATHS)
def test_readme_curl_lines_answer(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body.get("total", 1) > 0 and (body.get("items", [1]) or body.get("claims"))


def test_api_and_sparql_agree_on_the_first_question(client):
    api = {c["iri"] for c in client.get(CURL_PATHS[0]).json()["claims"]}
    rows = client.post(
        "/sparql", data={"query": SPARQL_BLOCKS[0]}, headers={"Accept": "application/sparql-results+json"}
    ).json()["results"]["bindings"]
    assert api == {row["claim"]["value"] for row in rows}
