"""The report of the last full check of a store, saved beside it (:mod:`forcedmig_kb.derived`).

``check`` and ``serve`` save the report of a full check of an on-disk or remote store as
:data:`REPORT`; a later start that finds the same corpus, shapes, version and settings is given
the saved report instead of checking again (the service needs it at start: ``/findings``,
``/stats``, each claim's findings). Findings name their file relative to the working directory;
the saved report records that directory, so it reads the same from anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..derived import load_beside, save_beside
from ..loading import KnowledgeBase
from ..settings import Settings
from .findings import Finding, Report

REPORT = "fmkb-report.json"


def save_report(kb: KnowledgeBase, settings: Settings, report: Report) -> bool:
    """Save ``report`` (a full, non-strict check of ``kb``) beside its store; ``False`` when
    ``kb`` is in memory or the directory cannot be written (a read-only mount)."""
    return save_beside(
        kb, settings, REPORT, {"cwd": os.getcwd(), "checked": report.checked, "findings": [f.as_dict() for f in report]}
    )


def load_report(kb: KnowledgeBase, settings: Settings) -> Report | None:
    """The report saved for ``kb`` if it still holds (same corpus, shapes, version, settings)."""
    data = load_beside(kb, settings, REPORT)
    if data is None:
        return None
    saved_at, here = Path(data["cwd"]), Path.cwd()
    findings = []
    for row in data["findings"]:
        finding = Finding(**row)
        if finding.file and saved_at != here and not Path(finding.file).is_absolute():
            finding.file = _relative(saved_at / finding.file, here)
        findings.append(finding)
    return Report(findings, checked=data["checked"], files=[*kb.rdf_files, *kb.bib_files])


def _relative(path: Path, to: Path) -> str:
    try:
        return str(path.resolve().relative_to(to))
    except ValueError:
        return str(path)
