"""Automated accessibility checks with axe-core in headless Chromium, without Playwright.

A copy of the page gets axe.min.js and a small script that runs ``axe.run()`` and writes the
result as JSON into a ``<pre>`` in the DOM; Chromium's ``--dump-dom`` with a virtual time
budget reads it back. axe-core comes from the npm registry: ``.ci/run`` installs it into
``.ci/node`` (``npm install --no-save --prefix .ci/node axe-core@4``).

    from tests.axe import assert_no_serious, run_axe

    def test_page_is_accessible(page: Path, tmp_path: Path) -> None:
        assert_no_serious(run_axe(page, tmp_path))

Without Chromium or axe-core the calling test is skipped, or fails when CI is set.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, run_chromium

PROJECT = Path(__file__).resolve().parents[1]
AXE_JS = PROJECT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = "npm install --no-save --prefix .ci/node axe-core@4 (or run .ci/run)"
SERIOUS = ("serious", "critical")
RESULT_ID = "styrdok-axe-result"
VIRTUAL_TIME = 10_000  # ms of virtual time Chromium gives the page before dumping the DOM
_RESULT = re.compile(rf'<pre id="{RESULT_ID}">(.*?)</pre>', re.DOTALL)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
RUNNER = """
<script>
(function () {
  function report(data) {
    var out = document.createElement("pre");
    out.id = "%(id)s";
    out.textContent = JSON.stringify(data);
    document.body.appendChild(out);
  }
  axe.run(document, { resultTypes: ["violations"] }).then(function (result) {
    report({
      version: axe.version,
      violations: result.violations.map(function (v) {
        return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                 targets: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); }) };
      })
    });
  }, function (error) { report({ error: String(error) }); });
})();
</script>
"""


def unavailable_reason() -> str | None:
    """Return why axe cannot run here (no Chromium, no axe-core), or None when it can."""
    if CHROMIUM is None:
        return "headless Chromium is not installed (apt-get install chromium)"
    if not AXE_JS.is_file():
        return f"axe-core is not installed in {AXE_JS.parent}: {INSTALL}"
    return None


def require_axe() -> None:
    """Skip the calling test when Chromium or axe-core is missing; fail it when CI is set."""
    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def instrumented(page: str) -> str:
    """Return the HTML of a page with axe-core and the runner script before ``</body>``."""
    scripts = (
        "<script>\n"
        + AXE_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
        + "\n</script>\n"
        + RUNNER % {"id": RESULT_ID}
    )
    found = list(_BODY_END.finditer(page))
    if not found:
        return page + scripts
    end = found[-1].start()
    return page[:end] + scripts + page[end:]


def run_axe(html_path: Path, tmp: Path) -> list[dict[str, Any]]:
    """Return axe-core's violations on the page at ``html_path``, each a dict with ``id``,
    ``impact``, ``help``, ``nodes`` (how many elements) and ``targets`` (up to five CSS
    selectors). The instrumented copy is written to ``tmp``; the original is not touched."""
    require_axe()
    tmp.mkdir(parents=True, exist_ok=True)
    copy = tmp / f"axe-{html_path.stem}.html"
    copy.write_text(instrumented(html_path.read_text(encoding="utf-8")), encoding="utf-8")
    dom = run_chromium(copy, "--dump-dom", f"--virtual-time-budget={VIRTUAL_TIME}").stdout
    match = _RESULT.search(dom)
    if match is None:
        raise AssertionError(f"axe-core wrote no result into {copy} (did the page load?)")
    data = json.loads(html.unescape(match.group(1)))
    if "error" in data:
        raise AssertionError(f"axe-core failed on {html_path}: {data['error']}")
    violations: list[dict[str, Any]] = data["violations"]
    return violations


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the violations with impact serious or critical."""
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    """Return violations as readable lines: impact, rule id, help, how many nodes, where."""
    return "\n".join(
        f"{v.get('impact')}: {v['id']} – {v['help']} ({v['nodes']} element: "
        f"{', '.join(v.get('targets', []))})"
        for v in violations
    )


def assert_no_serious(violations: list[dict[str, Any]]) -> None:
    """Fail with a readable list when any violation is serious or critical."""
    found = serious(violations)
    assert not found, "axe-core found serious accessibility problems:\n" + describe(found)
