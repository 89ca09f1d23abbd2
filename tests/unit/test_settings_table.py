"""README's settings table lists every ``WARTA_*`` setting and environment variable of
``crawler/settings.py``, each with the default the settings module gives it and a meaning, and nothing else.

The defaults are read from the settings module's source, so a variable set in the test's environment
cannot change what the table is compared with: ``os.environ.get("WARTA_X", default)`` counts as
``default``, a plain assignment as the module's value.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import crawler.settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "crawler" / "settings.py"
TABLE = re.compile(r"<!-- WARTA_SETTINGS:[^>]*-->\n(?P<table>.*?)<!-- /WARTA_SETTINGS -->", re.DOTALL)
ROW = re.compile(r"^\| `(?P<name>WARTA_[A-Z0-9_]+)` \| `(?P<default>.*)` \| (?P<meaning>.+) \|$")


def _is_environment_read(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and ast.unparse(node.func) == "os.environ.get"


def settings_defaults() -> dict[str, Any]:
    """Each ``WARTA_*`` name the settings module defines or reads from the environment, with its default."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    defaults: dict[str, Any] = {}
    for node in ast.walk(tree):
        if _is_environment_read(node):
            name = node.args[0].value
            if name.startswith("WARTA_"):
                defaults[name] = ast.literal_eval(node.args[1]) if len(node.args) > 1 else None
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if (
            isinstance(target, ast.Name)
            and target.id.startswith("WARTA_")
            and not _is_environment_read(node.value)
        ):
            defaults[target.id] = getattr(project_settings, target.id)
    return defaults


def readme_rows() -> dict[str, tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = TABLE.search(text)
    assert match, "README.md has no WARTA_SETTINGS table"
    rows: dict[str, tuple[str, str]] = {}
    for line in match["table"].splitlines()[2:]:
        row = ROW.match(line)
        assert row, f"not a settings row: {line}"
        assert row["name"] not in rows, f"{row['name']} is listed twice"
        rows[row["name"]] = (row["default"], row["meaning"].strip())
    return rows


def test_the_table_lists_every_setting_and_no_other():
    assert sorted(readme_rows()) == sorted(settings_defaults())


def test_each_default_in_the_table_is_the_settings_modules():
    rows = readme_rows()
    wrong = {
        name: (rows[name][0], repr(value))
        for name, value in settings_defaults().items()
        if rows[name][0] != repr(value)
    }
    assert wrong == {}, "README default vs crawler/settings.py"


def test_each_setting_says_what_it_does():
    assert [name for name, (_, meaning) in readme_rows().items() if len(meaning.split()) < 3] == []
