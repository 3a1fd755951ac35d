"""The report of the last full check of a store, saved beside it (:mod:`forcedmig_kb.derived`).

``check`` and ``serve`` save the report of a full check of an on-disk or remote store as
:data:`REPORT`; a later start that finds the same corpus, shapes, version and settings is given
the saved report instead of checking again (the service needs it at start: ``/findings``,
``/stats``, each claim's findings). Findings name their file relative to the working directory;
the saved report records that directory, so it reads the same from anywhere.

``check`` on a corpus loaded in memory (no store to save beside) caches its report by the
files' content instead (:func:`report_key`, :func:`save_cached_report`, :func:`load_cached_report`):
an unchanged corpus checked again is answered from the cache without loading anything, and
``serve`` on it in memory starts from that report (``check_cache`` turns both off).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..derived import content_key, load_beside, load_cached, save_beside, save_cached
from ..loading import KnowledgeBase
from ..settings import Settings
from .findings import Finding, Report

REPORT = "fmkb-report.json"


def save_report(kb: KnowledgeBase, settings: Settings, report: Report) -> bool:
    """Save ``report`` (a full, non-strict check of ``kb``) beside its store; for a store in
    memory, in the cache by the files' content (:func:`save_cached_report`, unless
    ``check_cache`` is off). ``False`` when it cannot be saved (a read-only mount)."""
    if _in_memory(kb):
        if not settings.check_cache:
            return False
        return save_cached_report(settings, report_key(kb.rdf_files, kb.bib_files, settings, strict=False), report)
    return save_beside(
        kb, settings, REPORT, {"cwd": os.getcwd(), "checked": report.checked, "findings": [f.as_dict() for f in report]}
    )


def load_report(kb: KnowledgeBase, settings: Settings) -> Report | None:
    """The report saved for ``kb`` if it still holds (same corpus, shapes, version, settings):
    beside its store, or for a store in memory the report cached for the same files' content
    (by ``check`` or an earlier start of ``serve``)."""
    files = [*kb.rdf_files, *kb.bib_files]
    if _in_memory(kb):
        if not settings.check_cache:
            return None
        return load_cached_report(settings, report_key(kb.rdf_files, kb.bib_files, settings, strict=False), files)
    data = load_beside(kb, settings, REPORT)
    return _report(data, files) if data is not None else None


def _in_memory(kb: KnowledgeBase) -> bool:
    return kb.store.location is None and not kb.store.remote


def _report(data: dict, files: list[Path]) -> Report:
    saved_at, here = Path(data["cwd"]), Path.cwd()
    findings = []
    for row in data["findings"]:
        finding = Finding(**row)
        if finding.file and saved_at != here and not Path(finding.file).is_absolute():
            finding.file = _relative(saved_at / finding.file, here)
        findings.append(finding)
    return Report(findings, checked=data["checked"], files=files)


#: The cache directory's folder of reports by content (:func:`~forcedmig_kb.derived.save_cached`).
CACHED_REPORTS = "reports"


def report_key(rdf_files: list[Path], bib_files: list[Path], settings: Settings, *, strict: bool) -> str:
    """The cache key of the full check of a corpus: its files' paths and content, the shapes, the
    code and the settings (:func:`~forcedmig_kb.derived.content_key`)."""
    return content_key(rdf_files, bib_files, settings, strict=strict)


def save_cached_report(settings: Settings, key: str, report: Report) -> bool:
    """Cache the report of a full check (of a corpus in memory) under ``key`` (see :func:`report_key`)."""
    return save_cached(
        settings,
        CACHED_REPORTS,
        key,
        {"cwd": os.getcwd(), "checked": report.checked, "findings": [f.as_dict() for f in report]},
    )


def load_cached_report(settings: Settings, key: str, files: list[Path]) -> Report | None:
    """The report cached under ``key``, read as the check would make it, or ``None``."""
    data = load_cached(settings, CACHED_REPORTS, key)
    try:
        return _report(data, files) if data is not None else None
    except (KeyError, TypeError):  # written by another version of the report's fields
        return None


def _relative(path: Path, to: Path) -> str:
    try:
        return str(path.resolve().relative_to(to))
    except ValueError:
        return str(path)
