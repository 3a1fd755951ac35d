"""Plain helpers shared by the tests (the fixtures are in ``tests/conftest.py``).

- this module: where things are (:data:`ROOT`, :data:`DATA`, :data:`FIXTURES`, :data:`CHAPTER`),
  :func:`free_port`, and :func:`bench_script` for the scripts under ``bench/``;
- :mod:`tests.helpers.serving`: a real ``forcedmig-kb serve`` process, a canary listener that
  records connections, process helpers;
- :mod:`tests.helpers.sparql_servers`: real SPARQL 1.1 servers (Oxigraph, Virtuoso);
- :mod:`tests.helpers.checking`: the check's findings on an extraction's drafts.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

#: The repository's checkout.
ROOT = Path(__file__).resolve().parents[2]
#: The chapter's knowledge base (``data/``).
DATA = ROOT / "data"
#: The tests' own corpora and fixture files (``tests/data/``).
FIXTURES = ROOT / "tests" / "data"
#: The chapter's text; it lives outside the repository, in ``../shared`` (or ``$FMKB_CHAPTER``).
CHAPTER = Path(os.environ.get("FMKB_CHAPTER", ROOT.parent / "shared" / "source" / "chapter.txt"))


def free_port(preferred: int | None = None) -> int:
    """A TCP port free on 127.0.0.1: ``preferred`` if it is, else one the system picks."""
    if preferred is not None:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@cache
def bench_script(relative: str) -> ModuleType:
    """A script under ``bench/`` (``"synth.py"``, ``"load/load.py"``) imported by its path, once.

    ``bench/`` is no package and not on ``sys.path``: the benchmarks are run by hand as scripts.
    The module is registered as ``bench_<name>`` (dataclasses and pickling look it up there).
    """
    path = ROOT / "bench" / relative
    name = "bench_" + relative.removesuffix(".py").replace("/", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
