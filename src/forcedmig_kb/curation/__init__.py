"""Curation: a text's drafts reviewed in a spreadsheet and imported into the knowledge base.

:mod:`.sheet` owns the curation sheet (its columns, CSV and XLSX read and write, a draft as a
row); :mod:`.importing` turns a reviewed sheet into a text's own folder of the knowledge base
(``claims.ttl``, ``references.bib``, ``reviews.ttl`` and the reviewed ``sheet.csv``), validated
whole before anything is written: :mod:`.validation` checks every row against the text and the
vocabulary, :mod:`.turtle` writes the validated claims.
"""
