"""The check as CI runs it: a new uncited figure added to data/claims.ttl turns it red (exit 1),
with a GitHub annotation on the line of the new claim."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT

# The console script runs twice in a subprocess.
pytestmark = pytest.mark.slow


NEW_CLAIM = """
claim:dw2019-new-uncited a fm:QuantityClaim ;
    rdfs:label "A new figure nobody cites" ;
    qudt:numericValue 12.0 ; fm:printedValue "12" ; qudt:unit unit:PERCENT ;
    sdmx-dimension:refPeriod [ a dcterms:PeriodOfTime ; dcat:startDate "2018"^^xsd:gYear ; dcat:endDate "2018"^^xsd:gYear ] ;
    fm:periodBasis fm:periodStated ;
    dcterms:subject topic:migrant-stocks ;
    fm:inSection sec:forced-migration ;
    prov:wasQuotedFrom doc:delgado-wise-2019 ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:delgado-wise-2019 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "12 percent of something" ] ] .
"""


def check(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", str(data), "--format", "github"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_new_uncited_figure_fails_the_check(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    assert check(data).returncode == 0
    with (data / "claims.ttl").open("a", encoding="utf-8") as f:
        f.write(NEW_CLAIM)
    result = check(data)
    assert result.returncode == 1
    line = (data / "claims.ttl").read_text(encoding="utf-8").splitlines().index(
        "claim:dw2019-new-uncited a fm:QuantityClaim ;"
    ) + 1
    assert f"line={line},title=uncited%3A claim%3Adw2019-new-uncited::" in result.stdout
    assert result.stdout.startswith("::error file=")
