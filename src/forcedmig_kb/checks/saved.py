"""What is derived from a store's whole content, saved beside it: the last full check.

:func:`save_beside` and :func:`load_beside` keep any such derived data (the research API's
index too, :mod:`forcedmig_kb.web.research`) with what it depends on, and give it back only
while that still holds.

A full check of a million claims takes most of an hour (``docs/performance.md``); the service
needs its report at start (``/findings``, ``/stats``, each claim's findings). ``check`` and
``serve`` save the report of a full check of an on-disk store (``oxigraph:DIR``) as
``DIR/fmkb-report.json``, with what it depends on: the corpus the store holds (its manifest:
every input file's digest), the shapes, the version of forcedmig-kb and the settings the rules
read. A later start that finds the same is given the saved report; anything else (an edited
file, a changed shape, another release) and the report is not used. A remote store (``sparql:``)
records its corpus in the server too (:meth:`~forcedmig_kb.store.remote.SparqlStore.manifest`);
what is derived from it is saved in a local cache directory, one folder per server and graph
prefix (``FMKB_CACHE_DIR``).

Findings name their file relative to the working directory; the saved report records that
directory, so it reads the same from anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..atomic import write_text_atomic
from ..loading import KnowledgeBase
from ..settings import Settings
from .findings import Finding, Report
from .shacl import shapes_dir

REPORT = "fmkb-report.json"
FORMAT = 1


def _saved_path(kb: KnowledgeBase, settings: Settings, name: str) -> Path | None:
    store = kb.store
    if store.location is not None:
        return store.location / name
    if store.cache_key is not None:
        cache = settings.cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "forcedmig-kb"
        return cache / store.cache_key / name
    return None


def _depends_on(kb: KnowledgeBase, settings: Settings) -> dict[str, Any] | None:
    """What the report of a full check depends on, or ``None`` when the store records no corpus."""
    manifest = kb.store.manifest()
    if not manifest or "corpus" not in manifest:
        return None
    shapes = hashlib.sha256()
    for path in sorted(shapes_dir().glob("*.ttl")):
        shapes.update(path.name.encode() + b"\0" + path.read_bytes())
    corpus = hashlib.sha256(json.dumps(manifest["corpus"], sort_keys=True).encode()).hexdigest()
    return {"format": FORMAT, "version": __version__, "corpus": corpus, "shapes": shapes.hexdigest(),
            "stale_after_years": int(settings.stale_after_years)}


def save_beside(kb: KnowledgeBase, settings: Settings, name: str, data: dict[str, Any]) -> bool:
    """Save ``data`` (derived from the store's content) as ``name`` beside an on-disk store (or in
    the cache directory of a remote one), with what it depends on; ``False`` when ``kb`` is in
    memory or the directory cannot be written."""
    path = _saved_path(kb, settings, name)
    depends = _depends_on(kb, settings) if path is not None else None
    if path is None or depends is None:
        return False
    try:
        write_text_atomic(path, json.dumps({"depends_on": depends, **data}, ensure_ascii=False))
    except OSError:
        return False
    return True


def load_beside(kb: KnowledgeBase, settings: Settings, name: str) -> dict[str, Any] | None:
    """What :func:`save_beside` saved as ``name``, if it still holds (same corpus, shapes, version, settings)."""
    path = _saved_path(kb, settings, name)
    if path is None or not path.is_file():
        return None
    depends = _depends_on(kb, settings)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if depends is None or not isinstance(data, dict) or data.get("depends_on") != depends:
        return None
    return data


def save_report(kb: KnowledgeBase, settings: Settings, report: Report) -> bool:
    """Save ``report`` (a full, non-strict check of ``kb``) beside its store; ``False`` when
    ``kb`` is in memory or the directory cannot be written (a read-only mount)."""
    return save_beside(kb, settings, REPORT, {"cwd": os.getcwd(), "checked": report.checked,
                                              "findings": [f.as_dict() for f in report]})


def load_report(kb: KnowledgeBase, settings: Settings) -> Report | None:
    """The report saved for ``kb`` if it still holds (same corpus, shapes, version, settings)."""
    data = load_beside(kb, settings, REPORT)
    if data is None:
        return None
    saved_at, here = Path(data["cwd"]), Path.cwd()
    findings = []
    for row in data["findings"]:
        finding = Finding(**row)
        if finding.file and saved_at != here and not Path(finding.file).is_absolute():
            finding.file = _relative(saved_at / finding.file, here)
        findings.append(finding)
    return Report(findings, checked=data["checked"], files=[*kb.rdf_files, *kb.bib_files])


def _relative(path: Path, to: Path) -> str:
    try:
        return str(path.resolve().relative_to(to))
    except ValueError:
        return str(path)
