"""The module contract of docs/DESIGN.md, checked on the tree: its package table names every module there
is, the pure libraries import no Scrapy, and nothing under ``crawler/`` imports the spiders or pipelines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESIGN = ROOT / "docs" / "DESIGN.md"
# Pure: HTML, XML or stats in, values out; importable and testable without Scrapy.
PURE = (
    "crawler/extract",
    "crawler/dates",
    "crawler/discovery",
    "crawler/urls.py",
    "crawler/profiles.py",
    "crawler/items.py",
    "crawler/vocabulary.py",
    "crawler/schema",
    "crawler/sink",
    "crawler/monitoring/tally.py",
    "crawler/monitoring/drift.py",
    "crawler/monitoring/checks.py",
    "crawler/monitoring/report.py",
    "crawler/monitoring/timeline.py",
    "crawler/monitoring/svg.py",
    "crawler/monitoring/html_report.py",
    "crawler/monitoring/history.py",
)


def _table_paths() -> list[str]:
    """The paths in the first column of DESIGN.md's package table, without their trailing slash."""
    text = DESIGN.read_text(encoding="utf-8")
    table = text.split("## Packages", 1)[1].split("\n\n", 1)[0]
    return [m.group(1).rstrip("/") for m in re.finditer(r"^\| `([^`]+)` \|", table, re.MULTILINE)]


def _modules(relative: str) -> list[Path]:
    path = ROOT / relative
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_every_path_in_the_package_table_exists():
    missing = [path for path in _table_paths() if not (ROOT / path).exists()]
    assert missing == []


def test_the_package_table_names_every_module_of_the_crawler():
    listed = set(_table_paths())
    entries = [p for p in (ROOT / "crawler").iterdir() if p.name not in ("__init__.py", "__pycache__")]
    unlisted = [f"crawler/{p.name}" for p in entries if f"crawler/{p.name}" not in listed]
    assert unlisted == [], "add these to docs/DESIGN.md's package table"
    assert {"spiders", "pipelines", "demoportal", "bench"} <= listed


@pytest.mark.parametrize("relative", PURE)
def test_pure_libraries_import_no_scrapy(relative):
    for path in _modules(relative):
        scrapy = sorted(n for n in _imported(path) if n == "scrapy" or n.startswith(("scrapy.", "twisted")))
        assert scrapy == [], f"{path.relative_to(ROOT)} imports {scrapy}"


def test_nothing_under_crawler_imports_the_spiders_or_pipelines():
    for path in _modules("crawler"):
        outward = sorted(n for n in _imported(path) if n.split(".")[0] in ("spiders", "pipelines"))
        assert outward == [], f"{path.relative_to(ROOT)} imports {outward}"
