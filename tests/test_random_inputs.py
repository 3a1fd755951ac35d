"""Property tests (Hypothesis) of the citation parser, the SPARQL endpoint and the loaders.

- the citation parser and matcher never raise, whatever the text, and give back the names,
  year, letter and locator of every form they support;
- the endpoint, sent random text and mutations of the named queries through the real server,
  answers only 2xx or 4xx (or 503 at its deadline) and never past the deadline plus a margin;
- the loaders and ``forcedmig-kb check``, given mutations of the real ``data/claims.ttl`` and
  ``data/references.bib`` (byte flips, truncations, deleted braces, bytes that are not UTF-8),
  load, or fail with an :class:`~forcedmig_kb.errors.InputError` that names the file and line
  (exit 2, ``FILE:LINE``, no traceback), and leave no partial result: the store they were
  loading into, and an existing ``--output`` file, are untouched.

Bounded for CI: derandomized, with small numbers of examples; ``FMKB_PROPERTY_EXAMPLES=N``
multiplies them for a longer hunt (N=1 is the default):

    FMKB_PROPERTY_EXAMPLES=20 .venv/bin/python -m pytest tests/test_random_inputs.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcedmig_kb import queries
from forcedmig_kb.bibliography import Bibliography
from forcedmig_kb.bibtex import read_bibtex
from forcedmig_kb.citations import parse_citation
from forcedmig_kb.errors import InputError
from forcedmig_kb.loading import load_knowledge_base
from forcedmig_kb.store import OxigraphStore

from .helpers import DATA

pytestmark = pytest.mark.fuzzing

SCALE = int(os.environ.get("FMKB_PROPERTY_EXAMPLES", "1"))


def bounded(examples: int):
    """Hypothesis settings for CI: a fixed number of examples, derandomized, no example database."""
    return settings(
        max_examples=examples * SCALE,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    )


# ------------------------------------------------------------------ citations


@pytest.fixture(scope="module")
def bibliography():
    return Bibliography(read_bibtex(DATA / "references.bib"))


@bounded(300)
@given(text=st.text(max_size=200))
def test_parse_citation_never_raises_on_any_text(text):
    for work in parse_citation(text):
        assert work.names and all(isinstance(n, str) for n in work.names)
        assert work.year is None or 0 <= work.year <= 9999


@bounded(200)
@given(
    text=st.one_of(
        st.text(max_size=120),
        st.from_regex(
            r"\(?(see |e\.g\., )?[A-Z][a-zé]{0,8}( et al\.| & [A-Z][a-z]{0,6}|, [A-Z][a-z]{0,6})?,? \(?[12]\d{3}[a-c]?"
            r"(: [0-9ivx]{1,3}(-\d{1,3})?| \[1\d{3}\])?\)?(; [A-Z][a-z]{1,8},? [12]\d{3})*\)?",
            fullmatch=True,
        ),
    )
)
def test_matching_never_raises_and_every_status_is_known(bibliography, text):
    for match in bibliography.match_printed(text):
        assert match.status in {"exact", "misdated", "ambiguous", "author-mismatch", "unresolved"}
        assert (match.entry is not None) == (match.status == "exact")


NAME = st.from_regex(r"[A-Z][a-z]{1,10}( [A-Z][a-z]{1,10})?", fullmatch=True).filter(
    lambda n: not re.search(r"\b(?:And|See|Cf|Et)\b", n)
)
WORK = st.fixed_dictionaries(
    {
        "names": st.lists(NAME, min_size=1, max_size=3),
        "year": st.integers(1800, 2099),
        "suffix": st.sampled_from(["", "a", "b"]),
        "locator": st.sampled_from(["", "18", "12-15", "iv"]),
        "form": st.sampled_from(["comma", "space", "parenthesis"]),
        "et_al": st.booleans(),
    }
)


def printed(work: dict) -> str:
    names = work["names"]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
    if work["et_al"]:
        who = names[0] + " et al."
    when = f"{work['year']}{work['suffix']}"
    if work["form"] == "parenthesis":
        return f"{who} ({when}{', p. ' + work['locator'] if work['locator'] else ''})"
    separator = ", " if work["form"] == "comma" else " "
    return f"{who}{separator}{when}{': ' + work['locator'] if work['locator'] else ''}"


@bounded(200)
@given(works=st.lists(WORK, min_size=1, max_size=3))
def test_supported_forms_round_trip(works):
    text = "; ".join(printed(w) for w in works)
    parsed = parse_citation(text)
    assert len(parsed) == len(works), text
    for got, want in zip(parsed, works):
        names = tuple(want["names"][:1]) if want["et_al"] else tuple(want["names"])
        assert (got.names, got.year, got.suffix, got.locator, got.et_al) == (
            names,
            want["year"],
            want["suffix"],
            want["locator"],
            want["et_al"],
        ), text


# ------------------------------------------------------------------ the endpoint

NAMED = {name: queries.load(name) for name in queries.names()}
DEADLINE, MARGIN = 2.0, 6.0
TOKENS = [
    "{",
    "}",
    "(",
    ")",
    ".",
    ";",
    ",",
    "*",
    "?x",
    "<urn:x>",
    "SELECT",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "GRAPH",
    "SERVICE <http://127.0.0.1:9/>",
    "LIMIT 1",
    "ORDER BY",
    "+",
    "/",
    "|",
    "^",
    "!",
    "'",
    '"',
    "\\",
    "#",
    "\n",
    "\x00",
    "\ud7ff",
    "é",
    "VALUES ?x { 1 2 }",
    "FROM <urn:g>",
    "INSERT DATA { <a:a> <a:a> <a:a> }",
    "COUNT(*)",
    "GROUP BY ?x",
    "BIND(1 AS ?x)",
    "REGEX(?x, '(a+)+$')",
    "}" * 50,
    "{" * 50,
    "(" * 200,
]


@st.composite
def mutated_query(draw) -> str:
    text = draw(st.sampled_from(sorted(NAMED.values())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "insert":
            text = text[:at] + " " + draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5))) + " " + text[at:]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(1, 40))] * 2 + text[at:]
        else:
            text = text[:at]
    return text


@bounded(30)
@given(
    query=st.one_of(mutated_query(), st.text(max_size=300), st.sampled_from(sorted(NAMED.values()))),
    method=st.sampled_from(["get", "form", "body"]),
    accept=st.sampled_from(
        [
            "application/sparql-results+json",
            "text/csv",
            "text/turtle",
            "*/*",
            "image/png",
            "application/sparql-results+xml;q=0.5, application/ld+json",
        ]
    ),
)
def test_the_endpoint_answers_random_and_mutated_queries_with_2xx_or_4xx_within_the_deadline(
    live, query, method, accept
):
    headers = {"Accept": accept}
    started = time.monotonic()
    if method == "get":
        r = httpx.get(live.sparql, params={"query": query}, headers=headers, timeout=30)
    elif method == "form":
        r = httpx.post(live.sparql, data={"query": query}, headers=headers, timeout=30)
    else:
        r = httpx.post(
            live.sparql,
            content=query.encode("utf-8", "surrogatepass"),
            headers={**headers, "Content-Type": "application/sparql-query"},
            timeout=30,
        )
    seconds = time.monotonic() - started
    assert seconds < DEADLINE + MARGIN, (seconds, query)
    assert r.status_code < 500 or (r.status_code == 503 and ("deadline" in r.text or "busy" in r.text)), (
        r.status_code,
        r.text[:300],
        query,
    )


# ------------------------------------------------------------------ the loaders and the check


@st.composite
def mutated_bytes(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "delete-brace", "not-utf8", "delete", "insert"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "delete-brace":
            braces = [i for i, b in enumerate(data) if b in b'{}[]()<>".']
            if braces:
                del data[braces[draw(st.integers(0, len(braces) - 1))]]
        elif kind == "not-utf8":
            data[at:at] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\x80\x80"]))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.binary(max_size=8))
    return bytes(data)


def corpus_with(tmp: Path, name: str, data: bytes) -> Path:
    folder = tmp / "data"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA, folder)
    (folder / name).write_bytes(data)
    return folder


def loads_or_names_file_and_line(folder: Path, name: str) -> bool:
    """Load ``folder`` into a store that already holds a marker; True if it loaded."""
    store = OxigraphStore()
    marker = ox.Quad(
        ox.NamedNode("urn:x-test:marker"),
        ox.NamedNode("urn:x-test:p"),
        ox.Literal("before"),
        ox.NamedNode("urn:x-test:g"),
    )
    store.add_quads([marker])
    try:
        load_knowledge_base([folder], store=store)
    except InputError as exc:
        assert exc.path is not None and exc.path.name == name, str(exc)
        assert exc.line is not None and exc.line >= 1, str(exc)
        assert str(exc).startswith(f"{exc.path}:{exc.line}"), str(exc)
        assert len(store) == 1 and store.named_graphs() == ["urn:x-test:g"], "a failed load changed the store"
        return False
    return True


@bounded(25)
@given(data=mutated_bytes((DATA / "claims.ttl").read_bytes()))
def test_mutated_turtle_loads_or_names_file_and_line_and_leaves_the_store_as_it_was(tmp_path_factory, data):
    loads_or_names_file_and_line(corpus_with(tmp_path_factory.mktemp("ttl"), "claims.ttl", data), "claims.ttl")


@bounded(25)
@given(data=mutated_bytes((DATA / "references.bib").read_bytes()))
def test_mutated_bibtex_loads_or_names_file_and_line_and_leaves_the_store_as_it_was(tmp_path_factory, data):
    loads_or_names_file_and_line(corpus_with(tmp_path_factory.mktemp("bib"), "references.bib", data), "references.bib")


@bounded(4)
@given(name=st.sampled_from(["claims.ttl", "references.bib"]), data=st.data())
def test_check_on_mutated_data_exits_2_with_file_and_line_or_0_1_and_keeps_output_whole(tmp_path_factory, name, data):
    mutated = data.draw(mutated_bytes((DATA / name).read_bytes()))
    tmp = tmp_path_factory.mktemp("check")
    folder = corpus_with(tmp, name, mutated)
    output = tmp / "report.json"
    output.write_text("the previous report\n")
    result = subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", str(folder), "--format", "json", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp,
    )
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode in (0, 1, 2), result.stderr
    if result.returncode == 2:
        assert re.search(rf"{re.escape(str(folder / name))}:\d+", result.stderr), result.stderr
        assert output.read_text() == "the previous report\n", "a failed check touched --output"
    else:
        assert output.read_text().startswith("["), "the report was not written"
    assert sorted(p.name for p in tmp.iterdir()) == ["data", "report.json"], "a temporary file was left behind"


def test_truncated_turtle_in_the_middle_of_a_claim_is_exit_2_with_file_and_line(tmp_path):
    """One fixed example of the properties above, readable on its own."""
    text = (DATA / "claims.ttl").read_bytes()
    folder = corpus_with(tmp_path, "claims.ttl", text[: len(text) // 2])
    result = subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", str(folder)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(rf"{re.escape(str(folder / 'claims.ttl'))}:\d+:", result.stderr), result.stderr


def test_a_bibtex_entry_that_repeats_a_field_is_exit_2_with_file_and_line(tmp_path):
    """Found by the BibTeX mutation property: bibtexparser's DuplicateFieldKeyBlock has no .key, so
    reporting the error raised AttributeError, a traceback instead of FILE:LINE."""
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@book{a, author={A, B}, year={2000}, title={T}}\n\n@book{b, author={C, D}, year={2001},\n"
        "  title={U}, year={2002}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_knowledge_base([bib])
    assert str(caught.value).startswith(f"{bib}:3: entry 'b' repeats a field: year")
    result = subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", str(bib)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and f"{bib}:3:" in result.stderr and "Traceback" not in result.stderr
