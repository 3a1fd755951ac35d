"""Where the vocabulary, the shapes and the chapter's data live.

In a checkout they are the top-level ``ontology/``, ``shapes/`` and ``data/`` folders; in an
installed wheel the same folders are shipped inside the package (``forcedmig_kb/_resources``),
so ``forcedmig-kb serve`` and ``check`` work from any directory.

>>> (ontology_dir() / "forcedmig.ttl").is_file()
True
>>> (shapes_dir() / "forcedmig-shapes.ttl").is_file()
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_resources"
_CHECKOUT = _PACKAGE.parent.parent  # src/forcedmig_kb -> repository root


@cache
def _root() -> Path:
    if (_SHIPPED / "ontology").is_dir():
        return _SHIPPED
    if (_CHECKOUT / "ontology").is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT
    raise FileNotFoundError(
        f"neither {_SHIPPED} nor a checkout at {_CHECKOUT} holds ontology/, shapes/ and data/; reinstall forcedmig-kb"
    )


def ontology_dir() -> Path:
    """The folder of the ontology and its concept schemes."""
    return _root() / "ontology"


def shapes_dir() -> Path:
    """The folder of the SHACL shapes."""
    return _root() / "shapes"


def bundled_data_dir() -> Path:
    """The chapter's knowledge base that ships with the package."""
    return _root() / "data"


def default_data_dir() -> Path:
    """``./data`` when run inside a checkout that has one, else the bundled chapter."""
    here = Path.cwd() / "data"
    if here.is_dir() and any(here.glob("*.ttl")):
        return here
    return bundled_data_dir()
