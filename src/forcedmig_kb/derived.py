"""What is derived from a store's whole content, saved with what it depends on, and given back while that holds.

:func:`save_beside` writes such data (the check's report, :mod:`forcedmig_kb.checks.saved_report`;
the research index, :mod:`forcedmig_kb.research.index`) beside an on-disk store
(``oxigraph:DIR``: ``DIR/<name>``), or for a remote store (``sparql:``) in a local cache
directory, one folder per server and graph prefix (``FMKB_CACHE_DIR``). It records what the data
depend on: the corpus the store holds (its manifest: every input file's digest), the shapes,
the version of forcedmig-kb and the settings the rules read. :func:`load_beside` gives the data
back only while all of these are the same; anything else (an edited file, a changed shape,
another release) and nothing is given. A store in memory records no corpus: nothing is saved
beside it; data derived from a corpus whatever its store (the report of ``check`` on a corpus
loaded in memory) are cached by the files' content instead (:func:`content_key`,
:func:`save_cached`, :func:`load_cached`), as linters keep theirs.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import write_text_atomic
from .loading import KnowledgeBase, corpus_manifest
from .resources import shapes_dir
from .settings import Settings

FORMAT = 1


def cache_dir(settings: Settings) -> Path:
    """The local cache directory: ``FMKB_CACHE_DIR``, else ``$XDG_CACHE_HOME/forcedmig-kb``, else
    ``~/.cache/forcedmig-kb``."""
    return settings.cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "forcedmig-kb"


def _saved_path(kb: KnowledgeBase, settings: Settings, name: str) -> Path | None:
    store = kb.store
    if store.location is not None:
        return store.location / name
    if store.cache_key is not None:
        return cache_dir(settings) / store.cache_key / name
    return None


def _depends_on(kb: KnowledgeBase, settings: Settings) -> dict[str, Any] | None:
    """What data derived from the store depend on, or ``None`` when the store records no corpus."""
    manifest = kb.store.manifest()
    if not manifest or "corpus" not in manifest:
        return None
    return _depends_on_corpus(manifest["corpus"], settings)


def _depends_on_corpus(corpus: dict[str, Any], settings: Settings) -> dict[str, Any]:
    shapes = hashlib.sha256()
    for path in sorted(shapes_dir().glob("*.ttl")):
        shapes.update(path.name.encode() + b"\0" + path.read_bytes())
    return {
        "format": FORMAT,
        "version": __version__,
        "corpus": hashlib.sha256(json.dumps(corpus, sort_keys=True).encode()).hexdigest(),
        "shapes": shapes.hexdigest(),
        "stale_after_years": int(settings.stale_after_years),
    }


def _code_digest() -> str:
    """A digest of this package's code and queries: data cached by content are not trusted
    across a change of the code that made them (a checkout between releases)."""
    package = Path(__file__).resolve().parent
    code = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.rq")]):
        code.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return code.hexdigest()


def content_key(rdf_files: list[Path], bib_files: list[Path], settings: Settings, **extra: Any) -> str:
    """A key for data derived from a corpus read from these files, whatever store it is loaded
    into: the files' paths and content (:func:`~forcedmig_kb.loading.corpus_manifest`), the
    shapes, the code, the settings the rules read and ``extra`` (e.g. ``strict``)."""
    corpus, _stat = corpus_manifest(rdf_files, bib_files)
    depends = {**_depends_on_corpus(corpus, settings), "code": _code_digest(), **extra}
    return hashlib.sha256(json.dumps(depends, sort_keys=True).encode()).hexdigest()


#: Entries of a kind the cache keeps (the most recently written; older ones are removed).
CACHE_KEPT = 8


def save_cached(settings: Settings, kind: str, key: str, data: dict[str, Any]) -> bool:
    """Save ``data`` in the cache directory (:func:`cache_dir`) as ``<kind>/<key>.json``, keeping the
    last :data:`CACHE_KEPT` of that kind; ``False`` when the directory cannot be written."""
    folder = cache_dir(settings) / kind
    try:
        write_text_atomic(folder / f"{key}.json", json.dumps(data, ensure_ascii=False))
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[CACHE_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def load_cached(settings: Settings, kind: str, key: str) -> dict[str, Any] | None:
    """What :func:`save_cached` saved under ``key``, or ``None``."""
    try:
        data = json.loads((cache_dir(settings) / kind / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


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
