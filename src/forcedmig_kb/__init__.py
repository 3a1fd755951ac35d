"""forcedmig-kb: which figure in a text rests on which source, and whether that holds.

A claim-and-figure provenance knowledge base. Every empirical claim of a text (its value,
unit, period, scope, verbatim quote, citation as printed and the reference it resolves to)
is RDF; a reference list in BibTeX is loaded beside it; SHACL shapes say what every claim
must satisfy; the check reports uncited, mis-dated and inconsistent figures.

>>> from forcedmig_kb import load_knowledge_base
>>> kb = load_knowledge_base()
>>> kb.counts["claims"] > 50
True
"""

__version__ = "0.1.0"

from .errors import (
    BibtexError,
    FmkbError,
    InputError,
    MissingInputError,
    QueryError,
    QueryInterrupted,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    RdfSyntaxError,
    ResultNotAcceptable,
    StoreError,
    UnknownTextError,
)
from .loading import KnowledgeBase, load_knowledge_base
from .settings import Settings, get_settings
from .store import OxigraphStore, SparqlStore, Store, Table, Term, open_store

__all__ = [
    "__version__",
    "BibtexError",
    "FmkbError",
    "InputError",
    "KnowledgeBase",
    "MissingInputError",
    "OxigraphStore",
    "QueryError",
    "QueryInterrupted",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryTooLarge",
    "RdfSyntaxError",
    "ResultNotAcceptable",
    "Settings",
    "SparqlStore",
    "Store",
    "StoreError",
    "Table",
    "Term",
    "UnknownTextError",
    "get_settings",
    "load_knowledge_base",
    "open_store",
]
