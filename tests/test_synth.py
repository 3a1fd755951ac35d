"""synth: a corpus with seeded defects; the check finds every one of them and nothing else."""

import json
from collections import Counter

import pytest

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.checks import run_check

from .helpers.synth import SEEDED_RULES, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "corpus.ttl"
    manifest = write_corpus(out, claims=2500, seed=7, rate=0.06)
    return out, manifest


def test_every_rule_is_seeded(corpus):
    _, manifest = corpus
    seeded = Counter(d["rule"] for d in manifest["defects"])
    assert set(SEEDED_RULES) <= set(seeded), set(SEEDED_RULES) - set(seeded)


def test_recall_and_precision_are_total(corpus):
    out, manifest = corpus
    kb = load_knowledge_base([out, out.with_suffix(".bib")])
    found = {(f.rule, f.focus) for f in run_check(kb)}
    seeded = {(d["rule"], d["focus"]) for d in manifest["defects"]}
    assert seeded - found == set(), "missed"
    assert found - seeded == set(), "false alarms"


def test_same_seed_same_corpus(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    write_corpus(a, claims=300, seed=3)
    write_corpus(b, claims=300, seed=3)
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.with_suffix(".defects.json").read_text())["claims"] >= 300


def test_split_corpus_loads_like_the_single_file(tmp_path):
    one, many = tmp_path / "one" / "c.ttl", tmp_path / "many" / "c.ttl"
    one.parent.mkdir()
    many.parent.mkdir()
    write_corpus(one, claims=900, seed=5)
    manifest = write_corpus(many, claims=900, seed=5, documents_per_file=2)
    assert len(manifest["files"]) == 3 and not many.exists()
    a = load_knowledge_base([one.parent]).counts
    b = load_knowledge_base([many.parent]).counts
    assert a == b


def test_the_same_seed_gives_the_same_corpus_whatever_python_s_hash_seed(tmp_path):
    """The benchmarks and the check's before/after comparison rest on it (tests/test_checks.py)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "bench" / "synth.py"
    for hash_seed in ("1", "2"):
        (tmp_path / hash_seed).mkdir()
        subprocess.run(
            [sys.executable, str(script), "--claims", "300", "--out", str(tmp_path / hash_seed / "c.ttl")],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
    for suffix in (".ttl", ".bib"):
        assert (tmp_path / "1" / f"c{suffix}").read_bytes() == (tmp_path / "2" / f"c{suffix}").read_bytes()
