"""Draft the claims of any text: its figures, its in-text citations and its reference list.

The pipeline, one module each::

    document.py    layout: title, year, sections, body prose, footnotes, the reference list
    text.py        whitespace-collapsed views with offsets back into the original; reading a text file
    markup.py      HTML tags and inline notes inside prose
    sentences.py   sentence boundaries (pySBD), segments and clauses
    numbers.py     numbers as printed: digits, words, sign, scale, currency
    dates.py       dates and periods: years, months, quarters, decades, ranges, windows
    nonfigures.py  numbers that are not figures (addresses, markers, labels, math)
    units.py       units as printed: currencies and measures, and their ISO 4217 / QUDT codes
    hedges.py      hedges ('about', 'more than') and the interval each allows
    shares.py      shares, ratios and multiples as printed ('one in five', 'doubled')
    figures.py     figures: quantities with unit, scale and hedge
    counted.py     which number words count things ('four municipalities', not 'three reasons')
    intext.py      in-text citations in running text (author-year: parenthetical, narrative)
    prose_sources.py  sources named in prose ('calculates a researcher at ...'), and when 'According to X' cites the list
    notes.py       footnotes and endnotes that hold sources, and their markers
    note_parts.py  where a note's sources are: the parts that may each name one
    note_sources.py   the references a note names
    laws.py        laws, bills and codes as sources
    references.py  the text's own reference list -> bibtex.Reference entries
    titled_entries.py  entries printed title first, as Wikipedia prints a work with no author
    scope.py       which citation covers a figure; sources named in prose
    note_scope.py  what the figures a note states rest on
    roles.py       sourced figures, the text's own results, hypothetical inputs
    relations.py   parts of a whole, shares, restatements
    trends.py      rises, falls, multiples and net flows, recomputed from their endpoints
    quotes.py      the short verbatim quote that carries a figure
    periods.py     which date a figure is about, beyond its clause
    drafts.py      the draft model: figures as printed, drafts, citations, the extraction
    drafting.py    all of it -> draft claims, citations and references
    graph.py       the drafts as RDF in the knowledge base's vocabulary

How well it does is measured by :mod:`forcedmig_kb.scoring`.
"""
