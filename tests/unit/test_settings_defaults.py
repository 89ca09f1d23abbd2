"""Each ``WARTA_*`` default lives once, in ``crawler/settings.py``, as Scrapy keeps its own in
``default_settings.py``: components read the setting with no inline fallback, and nothing outside the
settings module reads a ``WARTA_*`` environment variable."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import crawler.settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("crawler", "spiders", "pipelines")
SETTINGS_MODULE = ROOT / "crawler" / "settings.py"
_GETTERS = {"get", "getint", "getfloat", "getbool", "getlist", "getdict", "getdictorlist", "getwithbase"}
_NAME = re.compile(r"^WARTA_[A-Z0-9_]+$")
# Environment variables that only the settings module reads, to fill a Scrapy setting of another name, and
# a retired setting that is read only to warn whoever still sets it.
NOT_SETTINGS = {"WARTA_USER_AGENT", "WARTA_LOG_LEVEL", "WARTA_REDIS_URL", "WARTA_MONITOR_MAX_GENERIC_RATE"}


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path != SETTINGS_MODULE:
                yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _calls(tree: ast.Module) -> Iterator[tuple[ast.Call, str]]:
    """Calls whose first argument is a ``WARTA_*`` string literal, with the called attribute's name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and _NAME.match(first.value):
                yield node, node.func.attr


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_no_component_carries_its_own_default_for_a_warta_setting():
    inline = [
        f"{_where(path, call)} {ast.unparse(call)}"
        for path, tree in _sources()
        for call, attr in _calls(tree)
        if attr in _GETTERS and (len(call.args) > 1 or any(k.arg == "default" for k in call.keywords))
    ]
    assert inline == [], "defaults belong in crawler/settings.py:\n" + "\n".join(inline)


def _is_constant(node: ast.expr) -> bool:
    """A literal or a module constant (``DEFAULT_X``): what an inline fallback looks like (``or None``
    only turns an empty value into None)."""
    if isinstance(node, ast.Constant):
        return node.value is not None
    return isinstance(node, ast.Name) and node.id.isupper()


def test_no_component_falls_back_with_or_to_a_default_of_its_own():
    fallbacks = [
        f"{_where(path, node)} {ast.unparse(node)}"
        for path, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.BoolOp)
        and isinstance(node.op, ast.Or)
        and any(call is node.values[0] for call, _ in _calls(ast.Module(body=[ast.Expr(node.values[0])])))
        and any(_is_constant(value) for value in node.values[1:])
    ]
    assert fallbacks == [], "defaults belong in crawler/settings.py:\n" + "\n".join(fallbacks)


def test_only_the_settings_module_reads_warta_environment_variables():
    readers = [
        f"{_where(path, call)} {ast.unparse(call)}"
        for path, tree in _sources()
        for call, attr in _calls(tree)
        if attr in {"get", "getenv", "__getitem__"} and "environ" in ast.unparse(call.func) + attr
    ]
    assert readers == []


def _referenced_names() -> set[str]:
    names = set()
    for _, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _NAME.match(node.value):
                names.add(node.value)
    return names


@pytest.mark.parametrize("name", sorted(_referenced_names() - NOT_SETTINGS))
def test_every_warta_setting_read_has_its_default_in_the_settings_module(name):
    assert hasattr(project_settings, name), f"{name} is read but has no default in crawler/settings.py"


@pytest.mark.parametrize("enabled", [False, True])
def test_the_remote_control_is_left_out_of_the_base_extensions_only_while_it_is_off(enabled):
    """Off, Scrapy would still import it (aiohttp's web server) at every start, only for it to decline."""
    from scrapy.utils.test import get_crawler

    from spiders.portals import JagatbisnisSpider

    crawler = get_crawler(JagatbisnisSpider, {"REMOTE_CONTROL_ENABLED": enabled})
    base = crawler.settings.getdict("EXTENSIONS_BASE")
    assert ("scrapy.extensions.remote_control.RemoteControl" in base) is enabled
    assert "scrapy.extensions.corestats.CoreStats" in base  # the rest of Scrapy's base is kept
