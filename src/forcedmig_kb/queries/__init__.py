"""Every named SPARQL question of forcedmig-kb, one ``.rq`` file each.

The REST routes, the check, the web page's example tabs, the docs and the tests all read
the same files, so a query is written once and runs as is in the query page.

>>> "finding-context" in names()
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> str:
    """The text of the named query (``queries/<name>.rq``)."""
    path = _DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no named query {name!r} (known: {', '.join(names())})")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """The names of all named queries."""
    return sorted(p.stem for p in _DIR.glob("*.rq"))


def description(name: str) -> str:
    """The first comment line of a query: ``# name: what it answers``."""
    first = load(name).splitlines()[0] if load(name) else ""
    return first.lstrip("# ").split(":", 1)[-1].strip()
