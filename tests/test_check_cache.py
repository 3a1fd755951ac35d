"""``check`` on a corpus loaded in memory caches its report by the files' content (as linters
keep theirs): an unchanged corpus is answered from the cache without loading it, and any change
to a file is checked again."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

import forcedmig_kb.loading
from forcedmig_kb.cli import app

from .helpers import DATA

runner = CliRunner()


def _check(*args, cache):
    return runner.invoke(
        app,
        ["check", "--format", "json", *map(str, args)],
        env={"FMKB_CHECK_CACHE": "1", "FMKB_CACHE_DIR": str(cache), "FMKB_STORE": "memory"},
    )


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def test_an_unchanged_corpus_is_answered_from_the_cache_without_loading_it(tmp_path, corpus, monkeypatch):
    cache = tmp_path / "cache"
    first = _check(corpus, cache=cache)
    assert first.exit_code in (0, 1), first.output
    assert len(list((cache / "reports").glob("*.json"))) == 1

    def no_load(*args, **kwargs):
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(forcedmig_kb.loading, "load_knowledge_base", no_load)
    again = _check(corpus, cache=cache)
    assert again.exit_code == first.exit_code
    assert again.stdout == first.stdout  # the same report, byte for byte


def test_a_changed_file_or_strict_check_is_not_answered_from_the_cache(tmp_path, corpus):
    cache = tmp_path / "cache"
    first = _check(corpus, cache=cache)
    strict = _check("--strict", corpus, cache=cache)  # reviews ignored: another report, another key
    assert strict.exit_code in (0, 1), strict.output
    assert len(list((cache / "reports").glob("*.json"))) == 2
    data_file = sorted(corpus.glob("*.ttl"))[0]
    data_file.write_text(data_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = _check(corpus, cache=cache)
    assert edited.exit_code == first.exit_code
    assert len(list((cache / "reports").glob("*.json"))) == 3  # checked again, and cached under its new key
