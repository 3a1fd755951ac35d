"""The README's researcher questions: every curl line and every SPARQL block answers, on a real server."""

import re
from pathlib import Path

import httpx
import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
QUESTIONS = README.split("### A researcher's three most useful questions", 1)[1].split("\n## ", 1)[0]
SPARQL_BLOCKS = re.findall(r"```sparql\n(.*?)```", QUESTIONS, re.S)
CURL_PATHS = re.findall(r"curl '?http://127\.0\.0\.1:8000(/[^' \n]+)'?\n", QUESTIONS)


def test_the_readme_has_three_questions_each_as_curl_and_sparql():
    assert len(SPARQL_BLOCKS) == 3 and len(CURL_PATHS) == 3


@pytest.mark.parametrize("query", SPARQL_BLOCKS)
def test_readme_sparql_answers(live, query):
    r = httpx.post(live.sparql, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"], "the README's example query finds nothing"


@pytest.mark.parametrize("path", CURL_PATHS)
def test_readme_curl_lines_answer(server, path):
    r = httpx.get(server + path)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body.get("total", 1) > 0 and (body.get("items", [1]) or body.get("claims"))


def test_api_and_sparql_agree_on_the_first_question(server, live):
    api = {c["iri"] for c in httpx.get(server + CURL_PATHS[0]).json()["claims"]}
    rows = httpx.post(live.sparql, data={"query": SPARQL_BLOCKS[0]},
                      headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert api == {row["claim"]["value"] for row in rows}
