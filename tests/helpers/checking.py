"""What ``forcedmig-kb check`` finds on a text's drafts, for the tests that extract a text and check it."""

from __future__ import annotations


def check_findings_of(extraction) -> list:
    """The check's findings on a text's drafts (warnings and violations), in order."""
    from forcedmig_kb.scoring.truth import check_findings

    return check_findings(extraction)


def rules_of(extraction) -> list[str]:
    """The rules of the check's findings on a text's drafts, in order."""
    return [f.rule for f in check_findings_of(extraction)]
