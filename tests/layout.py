"""How a page lays out in headless Chromium at a given window width: how wide the page
is against the window, the body's font size and any element that sticks out to the
right. A copy of the page gets a script that writes the figures into the DOM, which
``--dump-dom`` reads back (as tests/axe.py does for axe-core)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from tests.browser import run_chromium

RESULT_ID = "styrdok-layout"
_RESULT = re.compile(rf'<pre id="{RESULT_ID}">(.*?)</pre>', re.DOTALL)
SCRIPT = """
<script>
(function () {
  var width = window.innerWidth, wide = [];
  function scrolls(e) {  /* inside a frame of its own that scrolls sideways */
    for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      var x = getComputedStyle(a).overflowX;
      if (x === "auto" || x === "scroll") { return true; }
    }
    return false;
  }
  document.querySelectorAll("body *").forEach(function (e) {
    var box = e.getBoundingClientRect();
    if (box.right > width + 1 && !scrolls(e) && wide.length < 5) {
      wide.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
    }
  });
  var out = document.createElement("pre");
  out.id = "%(id)s";
  out.textContent = JSON.stringify({
    window: width,
    page: document.documentElement.scrollWidth,
    font: parseFloat(getComputedStyle(document.body).fontSize),
    wide: wide
  });
  document.body.appendChild(out);
})();
</script>
"""


def layout(page: Path, width: int = 768) -> dict[str, Any]:
    """Return the layout of ``page`` in a window ``width`` pixels wide: ``window`` and
    ``page`` widths, the body's ``font`` size in px and up to five ``wide`` elements
    that reach past the window's right edge (outside a frame that scrolls sideways)."""
    copy = page.with_name(f".layout-{page.name}")
    text = page.read_text(encoding="utf-8")
    end = text.rfind("</body>")
    copy.write_text(text[:end] + SCRIPT % {"id": RESULT_ID} + text[end:], encoding="utf-8")
    try:
        dom = run_chromium(copy, "--dump-dom", f"--window-size={width},1024").stdout
    finally:
        copy.unlink()
    match = _RESULT.search(dom)
    if match is None:
        raise AssertionError(f"the layout script wrote nothing into {page}")
    result: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return result
