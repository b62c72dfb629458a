"""The E-ARK validation data beside the repository (``<repo root>/../shared/eark``).

``validate(package)`` runs the E-ARK information-package validator (PyPI: eark-validator)
through ``shared/eark/validate.py``, which serves the CSIP vocabularies from disk, and
returns its report. ``require_eark()`` skips a test when the folder is missing, and fails
it instead when CI is set, as the LibreOffice tests do.

eark-validator 1.1.3 reports errors that no package following E-ARK SIP 2.1.0 can avoid;
``VALIDATOR_DEFECTS`` lists them with the reason, and ``unexplained_errors`` returns the
schematron errors that are not one of them.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parents[1]
EARK = PROJECT.parent / "shared" / "eark"
MISSING = f"E-ARK-valideringsdata saknas: {EARK} (validate.py, vocabularies/, ERMS.xsd)"
# make setup installs the validator in its own environment (it pins an old lxml)
EARK_PYTHON = PROJECT / ".venv-eark" / "bin" / "python"


def require_eark() -> Path:
    """Return the E-ARK data folder; skip the test when it is missing, fail it under CI."""
    if not (EARK / "validate.py").is_file() or not (EARK / "ERMS.xsd").is_file():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    return EARK


def validator_python() -> Path:
    """Return the Python that has eark-validator: .venv-eark (made by ``make test``)."""
    if EARK_PYTHON.is_file():
        return EARK_PYTHON
    message = f"E-ARK-validatorn saknas: {EARK_PYTHON} (kör make test eller make setup)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def validate(package: Path) -> dict[str, Any]:
    """Return the validator's JSON report on a package folder or zip."""
    folder = require_eark()
    done = subprocess.run(
        [str(validator_python()), str(folder / "validate.py"), str(package)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, f"{done.stdout}\n{done.stderr}"
    report: dict[str, Any] = json.loads(lines[-1])
    return report


@dataclass(frozen=True)
class Defect:
    """A schematron error of eark-validator 1.1.3 that the profile itself contradicts."""

    rule: str
    where: str  # a fragment of the reported location: which element it fires on
    reason: str


VALIDATOR_DEFECTS = (
    Defect(
        "CSIP12",
        "local-name()='agent'",
        "tests every agent with ROLE CREATOR as the software agent, but SIP15-20 (the "
        "submitting organisation) and SIP21-25 (the contact person) are CREATOR agents too",
    ),
    Defect("CSIP13", "local-name()='agent'", "as CSIP12"),
    Defect("CSIP16", "local-name()='agent'", "as CSIP12"),
    Defect(
        "CSIP63",
        "local-name()='fileGrp'",
        "its second alternative, @CONTENTINFORMATIONTYPE != 'OTHER' and "
        "not(@CONTENTINFORMATIONTYPE), can never hold, so every file group fails unless "
        "it declares OTHER",
    ),
    Defect(
        "SIP14",
        "local-name()='note'",
        "tests @NOTETYPE without the csip: namespace, which the METS schema does not allow "
        "on a note; it fires on every note of a CREATOR agent, the CSIP software version "
        "note (CSIP16) included",
    ),
)


def schematron_errors(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the schematron results of severity Error."""
    results = report["metadata"]["schematron_results"]["messages"]
    return [m for m in results if m["severity"] == "Error"]


def unexplained_errors(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the schematron errors that are not a known validator defect."""
    return [
        m
        for m in schematron_errors(report)
        if not any(m["rule_id"] == d.rule and d.where in m["location"] for d in VALIDATOR_DEFECTS)
    ]
