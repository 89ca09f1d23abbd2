"""README's Python API example runs as printed: the code block is executed and what it prints must be the
output block shown under it, so the example cannot go stale."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = re.compile(
    r"<!-- README_EXAMPLE:[^>]*-->\n```python\n(?P<code>.*?)```\n"
    r".*?```text\n(?P<output>.*?)```\n<!-- /README_EXAMPLE -->",
    re.DOTALL,
)


def test_the_readme_python_example_prints_what_the_readme_says():
    match = EXAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert match, "README.md has no README_EXAMPLE block"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(match["code"], "README.md example", "exec"), {"__name__": "readme_example"})
    assert printed.getvalue() == match["output"]
