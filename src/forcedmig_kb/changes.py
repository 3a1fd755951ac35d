"""What changed in a corpus since a git revision: the nodes whose lines an edit touched.

For editors and pre-commit hooks, ``forcedmig-kb check --changed`` validates only what an edit
touched. ``git diff --unified=0 REV -- FILE`` gives the changed line ranges of each data file;
a line belongs to the Turtle subject (or BibTeX entry) written at or above it. Files git does
not know yet count as changed throughout.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .loading import entry_lines, subject_lines

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class NotInGit(InputError):
    """``--changed`` needs the data files in a git work tree."""

    hint = "run it inside a git checkout, or name the nodes with --focus IRI"


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NotInGit(f"cannot run git: {exc}", path=cwd) from exc


def changed_lines(path: Path, base: str = "HEAD") -> set[int] | None:
    """The line numbers (new side) an edit since ``base`` touched; ``None`` when git does not track the file.

    A deletion counts as touching the line after it, so the subject it was cut from is found.
    """
    path = path.resolve()
    top = _git(["rev-parse", "--show-toplevel"], path.parent)
    if top.returncode != 0:
        raise NotInGit("not in a git work tree", path=path)
    tracked = _git(["ls-files", "--error-unmatch", str(path)], path.parent)
    if tracked.returncode != 0:
        return None
    diff = _git(["diff", "--unified=0", "--no-color", base, "--", str(path)], path.parent)
    if diff.returncode != 0:
        raise NotInGit(f"git diff against {base!r} failed: {diff.stderr.strip()}", path=path)
    lines: set[int] = set()
    for m in _HUNK.finditer(diff.stdout):
        start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
        lines |= set(range(start, start + count)) if count else {max(start, 1)}
    return lines


def node_lines(path: Path) -> dict[str, int]:
    """The first line of each node written in a data file (Turtle subjects, BibTeX entries)."""
    return entry_lines(path) if path.suffix == ".bib" else subject_lines(path)


def nodes_on_lines(path: Path, lines: Iterable[int]) -> set[str]:
    """The nodes written in ``path`` whose block (from their line to the next node's) holds one of ``lines``."""
    starts = sorted((line, iri) for iri, line in node_lines(path).items())
    found: set[str] = set()
    for line in lines:
        owner = None
        for start, iri in starts:
            if start > line:
                break
            owner = iri
        if owner is not None:
            found.add(owner)
    return found


def changed_nodes(files: Iterable[Path], base: str = "HEAD") -> set[str]:
    """Every node of ``files`` that an edit since ``base`` touched (all of a file git does not track).

    Only the changed files are read."""
    found: set[str] = set()
    for path in files:
        lines = changed_lines(path, base)
        if lines is None:  # a new file: everything in it is new
            found |= set(node_lines(path))
        elif lines:
            found |= nodes_on_lines(path, lines)
    return found
