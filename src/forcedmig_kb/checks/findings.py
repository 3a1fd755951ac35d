"""The one vocabulary of the check's results: a :class:`Finding` per problem, in a :class:`Report`.

Every rule, whether a SHACL shape run by pySHACL, a SPARQL query on the store or a check
written in Python, produces findings in this form; every output format renders them.
A finding mirrors a SHACL ``sh:ValidationResult`` (https://www.w3.org/TR/shacl/#results-validation-result)
plus what a person needs to act on it: the quote, the citation as printed, where the node is
written, and how to fix it.

>>> f = Finding(rule="uncited", severity="violation", focus="https://w3id.org/forcedmig/claim/x", message="m")
>>> Report([f]).counts()
{'violation': 1, 'warning': 0, 'info': 0}
>>> Report([f]).fails("warning"), Report([f.reviewed_as("known")]).fails("warning")
(True, False)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

Severity = Literal["violation", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"violation": 3, "warning": 2, "info": 1}
SH = "http://www.w3.org/ns/shacl#"
SEVERITY_OF_SH: dict[str, Severity] = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
#: A field the research API leaves out of its answers and of its OpenAPI schema (the SHACL shape
#: and path: what the report formats and the saved report keep).
_NotInApi = Annotated[str, Field(exclude=True), SkipJsonSchema()]


# The research API answers with these objects as they are (``/findings``, a claim's and a
# source's findings): pydantic reads the dataclass, and its docstring describes it in OpenAPI.
@dataclass(slots=True)
class Finding:
    """One problem the check found, on one focus node, by one rule."""

    rule: str
    severity: Severity
    focus: str
    message: str
    fix: str = ""
    label: str = ""
    quote: str = ""
    citation: str = ""
    shape: _NotInApi = ""
    path: _NotInApi = ""
    value: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int | None = None
    reviewed: bool = False
    review_reason: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a finding across runs: rule, focus and the offending value."""
        return (self.rule, self.focus, self.value)

    def reviewed_as(self, reason: str) -> Finding:
        return replace(self, reviewed=True, review_reason=reason)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = dict(self.evidence)
        return data


@dataclass(slots=True)
class Report:
    """All findings of one run, sorted, with what was checked."""

    findings: list[Finding]
    checked: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.rule, f.file, f.line or 0, f.focus, f.value))

    def __iter__(self):
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def active(self) -> list[Finding]:
        """The findings not marked as reviewed."""
        return [f for f in self.findings if not f.reviewed]

    def counts(self, *, include_reviewed: bool = True) -> dict[str, int]:
        out = {"violation": 0, "warning": 0, "info": 0}
        for f in self.findings if include_reviewed else self.active():
            out[f.severity] += 1
        return out

    def fails(self, fail_on: str = "warning") -> bool:
        """True when an unreviewed finding is at least as severe as ``fail_on``."""
        floor = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] >= floor for f in self.active())

    def by_rule(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.rule, []).append(f)
        return out
