"""An on-disk store directory's lifecycle: its manifest, its lock, and repairs after a crash.

A store directory ``DIR`` is rebuilt beside itself (``DIR.tmp-<pid>``) and swapped in by two
renames (the previous one moved to ``DIR.old-<pid>``); ``DIR.lock`` serialises rebuilds and
repairs across processes, and :func:`recover` finishes or undoes a swap a crash interrupted. The
manifest (``DIR/fmkb-manifest.json``) records what the directory holds.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..atomic import write_text_atomic

MANIFEST = "fmkb-manifest.json"  # not "MANIFEST-*": RocksDB owns those names


def read_manifest(path: Path) -> dict | None:
    """The manifest recorded in the store directory ``path``, or ``None``."""
    try:
        return json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_manifest(path: Path, manifest: dict) -> None:
    """Record ``manifest`` in the store directory ``path``, atomically.

    On one line: ``indent`` makes json encode in Python, which a large manifest pays on every
    update in place (docs/performance.md); ``python -m json.tool`` shows it indented.
    """
    write_text_atomic(path / MANIFEST, json.dumps(manifest, sort_keys=True) + "\n")


def sibling(path: Path, kind: str, pid: int | None = None) -> Path:
    return path.with_name(f"{path.name}.{kind}-{os.getpid() if pid is None else pid}")


@contextmanager
def directory_lock(path: Path) -> Iterator[None]:
    """Serialise rebuilds and repairs of one store directory across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(path: Path) -> None:
    """Repair a swap that stopped between its two renames; remove what dead builds left.

    ``DIR`` missing while a finished build (``DIR.tmp-PID`` with its manifest) exists: that build
    was being swapped in, so finish the swap; else put the previous store (``DIR.old-PID``) back.
    """
    stem = glob.escape(path.name)
    leftovers = sorted(
        [*path.parent.glob(f"{stem}.tmp-*"), *path.parent.glob(f"{stem}.old-*")],
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    if not path.exists():
        finished = [p for p in leftovers if ".tmp-" in p.name and (p / MANIFEST).is_file()]
        previous = [p for p in leftovers if ".old-" in p.name]
        for candidate in finished + previous:
            os.rename(candidate, path)
            leftovers.remove(candidate)
            break
    for p in leftovers:
        pid = p.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(p, ignore_errors=True)
