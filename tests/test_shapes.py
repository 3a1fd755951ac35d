"""shapes: every shape has a passing and a failing fixture; pySHACL and the store agree.

Fixtures: ``tests/data/valid/*.ttl`` must raise nothing; each ``tests/data/invalid/<Shape>-<case>.ttl``
says on its first line which rules it must raise (``# expect: rule ...``) and raises no other.
Each is loaded with ``tests/data/base`` (a document and a reference list) and, when there is
one, the ``.bib`` file of the same name.
"""

from pathlib import Path

import pytest

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.checks import run_check
from forcedmig_kb.checks.shacl import shapes_graph
from forcedmig_kb.namespaces import SH

from .helpers import FIXTURES

INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))


def expected_rules(path: Path) -> set[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} must start with '# expect: <rule> ...'"
    return set(first.split(":", 1)[1].split())


def corpus(path: Path) -> list[Path]:
    """A fixture with the base document and reference list, and its own .bib if it has one."""
    extra = path.with_suffix(".bib")
    return [FIXTURES / "base", path, *([extra] if extra.is_file() else [])]


def findings_key(report):
    return sorted((f.rule, f.severity, f.focus, f.value) for f in report)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_raises_nothing(path):
    kb = load_knowledge_base(corpus(path))
    report = run_check(kb)
    assert report.active() == []
    assert all(f.reviewed for f in report)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_raises_exactly_its_rules(path):
    kb = load_knowledge_base(corpus(path))
    report = run_check(kb)
    assert {f.rule for f in report.active()} == expected_rules(path)


@pytest.mark.slow  # pySHACL takes about half a second a fixture, twenty times the store's check
@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_gives_pyshacl_the_findings_of_the_store(path):
    kb = load_knowledge_base(corpus(path))
    assert findings_key(run_check(kb)) == findings_key(run_check(kb, engine="pyshacl"))


def test_every_shape_has_a_failing_fixture():
    """Each named shape, node or property, is the namesake of at least one failing fixture."""
    from rdflib import URIRef

    shapes = shapes_graph()
    kinds = {URIRef(SH + "NodeShape"), URIRef(SH + "PropertyShape")}
    named = {
        str(s).rsplit("/", 1)[-1]
        for s, _, o in shapes.triples((None, None, None))
        if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/forcedmig/shapes/") and o in kinds
    }
    uncovered = {n for n in named if not any(p.stem == n or p.stem.startswith(n + "-") for p in INVALID)}
    assert uncovered == set()


@pytest.mark.slow
def test_chapter_check_agrees_with_pyshacl(chapter_kb):
    assert findings_key(run_check(chapter_kb)) == findings_key(run_check(chapter_kb, engine="pyshacl"))
