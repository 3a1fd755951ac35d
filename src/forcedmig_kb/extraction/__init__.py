"""Draft the claims of any text: its figures, its in-text citations and its reference list.

The pipeline, one module each::

    document.py    layout: title, year, sections, body prose, footnotes, the reference list
    sentences.py   sentence boundaries (pySBD), segments and clauses
    intext.py      in-text citations in running text (author-year: parenthetical, narrative)
    figures.py     figures: quantities with unit, scale and hedge; dates and periods
    references.py  the text's own reference list -> bibtex.Reference entries
    drafting.py    all of it -> draft claims in the knowledge base's vocabulary (RDF)
    evaluation.py  drafts held against curated claims: recall, precision, citation statuses
"""
