"""Extraction measured: drafts and the check on them held against hand-made truths (:mod:`.truth`)
and against the curated claims of a text (:mod:`.curated`). ``bench/extraction.py`` writes the
measures to ``docs/extraction.md``."""
