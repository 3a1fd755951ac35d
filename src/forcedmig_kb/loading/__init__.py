"""Build the knowledge base: vocabulary, reference lists and claims, into a store.

One function, :func:`load_knowledge_base`, reads a corpus (a folder, or files: ``*.ttl`` claims
and ``*.bib`` reference lists), parses everything first and only then writes to the store,
so a malformed file leaves the store as it was. The data files are only ever read. A folder is
a knowledge base of many texts: the chapter's files at its top level, and each further text's
in ``texts/<document id>/``.

Named graphs: the ontology and concept schemes (``graph/ontology``), each Turtle file
(``graph/file/<name>``, a text's ``graph/file/texts/<document id>/<name>``), the reference
lists (``graph/references``, one source per BibTeX key across texts) and the citations parsed
and matched at load time (``graph/citations``).

A reference list may be BibTeX or Turtle (FaBiO, as :func:`~forcedmig_kb.reference_rdf.references_graph`
writes it: a resource with ``fm:bibtexType``); either way its entries end up in
``graph/references``. A text's printed citations are matched against its folder's BibTeX,
the others against all entries, so a drafts file of ``forcedmig-kb extract`` that carries its
bibliography is checked on its own.

The modules, one job each:

``corpus``          the corpus's files, the graph each goes into, parsing them
``locations``       the file and line where each node is written
``manifest``        fingerprints of a corpus, recorded by a persistent store
``build``           a corpus built into an empty pyoxigraph store
``matching``        a store's printed citations matched to its reference lists, their parts written
``update``          an on-disk store updated in place after an edit
``staging``         a load built locally and sent to a remote store
``knowledge_base``  :class:`KnowledgeBase` and :func:`load_knowledge_base`
"""

from .build import corpus_counts
from .corpus import (
    DATASET_SUFFIXES,
    RDF_SUFFIXES,
    bulk_load_files,
    corpus_files,
    file_graph,
    load_rdf_file,
    read_reference_lists,
    read_references,
    text_of,
    vocabulary_files,
)
from .knowledge_base import KnowledgeBase, load_knowledge_base
from .locations import Location, entry_lines, subject_lines
from .manifest import corpus_manifest
from .staging import STAGE_ON_DISK_ABOVE

__all__ = [
    "DATASET_SUFFIXES",
    "KnowledgeBase",
    "Location",
    "RDF_SUFFIXES",
    "STAGE_ON_DISK_ABOVE",
    "bulk_load_files",
    "corpus_counts",
    "corpus_files",
    "corpus_manifest",
    "entry_lines",
    "file_graph",
    "load_knowledge_base",
    "load_rdf_file",
    "read_reference_lists",
    "read_references",
    "subject_lines",
    "text_of",
    "vocabulary_files",
]
