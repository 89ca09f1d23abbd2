"""Everything that lists the item's fields, generated from ``crawler.items.ArticleItem``.

The item class is the one definition: its field order, types, ``Annotated`` constraints and the docstring
under each field. From it come the JSON Schema (``crawler/schema/article.schema.json``) and the field
tables of README.md and docs/DESIGN.md (between the ``ITEM_FIELDS`` markers). Run
``python -m crawler.schema.generate`` after changing a field; ``--check`` only reports stale files, and
the tests run that check, so a field cannot change in one place only.

Field docstrings are read from the source, as Sphinx reads attribute docstrings: this runs in a checkout,
never in a crawl (the crawl reads the committed schema file).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import itertools
import json
import re
import sys
import types
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

from crawler import items
from crawler.items import (
    EXPORT_FIELDS,
    INTERNAL_FIELDS,
    SCHEMA_ID,
    SET_BEFORE_EXPORT,
    ArticleItem,
    Keywords,
)

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = Path(__file__).resolve().parent / "article.schema.json"
README = REPO / "README.md"
DESIGN = REPO / "docs" / "DESIGN.md"
SCHEMA_HEAD = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    # a name, not an address: it identifies this version of the schema and is never fetched
    "$id": SCHEMA_ID,
    "title": "Warta article",
}
_JSON_TYPES = {str: "string", int: "integer", bool: "boolean", float: "number", type(None): "null"}


# ---- reading the definition ------------------------------------------------------------------------------
@cache
def field_docs(cls: type) -> dict[str, str]:
    """The docstring under each annotated attribute of ``cls``, folded to one line."""
    tree = ast.parse(inspect.getsource(sys.modules[cls.__module__]))
    body = next(n.body for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
    docs = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = " ".join(inspect.cleandoc(after.value.value).split())
    return docs


def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(items), include_extras=True)


def _split(annotation: Any) -> tuple[Any, list[Any]]:
    """(the bare type, the ``Annotated`` metadata around it)."""
    if get_origin(annotation) is Annotated:
        inner, *extras = get_args(annotation)
        return inner, extras
    return annotation, []


def _union_members(annotation: Any) -> list[Any] | None:
    if get_origin(annotation) in (Union, types.UnionType):
        return list(get_args(annotation))
    return None


# ---- JSON Schema ---------------------------------------------------------------------------------------
def type_schema(annotation: Any) -> dict[str, Any]:
    """The JSON Schema of one annotated type: base types, ``| None``, ``list``, ``Literal``, TypedDict."""
    bare, extras = _split(annotation)
    members = _union_members(bare)
    if members is not None and SET_BEFORE_EXPORT in extras:
        members = [m for m in members if m is not type(None)]
        bare, members = (members[0], None) if len(members) == 1 else (bare, members)
    if members is not None:
        schema = _union_schema(members)
    elif get_origin(bare) is Literal:
        values = list(get_args(bare))
        schema = {"const": values[0]} if len(values) == 1 else {"enum": values}
    elif get_origin(bare) is list:
        schema = {"type": "array", "items": type_schema(get_args(bare)[0])}
    elif is_typeddict(bare):
        schema = _object_schema(bare)
    elif bare in _JSON_TYPES:
        schema = {"type": _JSON_TYPES[bare]}
    else:
        raise TypeError(f"no JSON Schema for {bare!r}")
    for extra in extras:
        if isinstance(extra, Keywords):
            schema.update(extra.pairs)
    return schema


def _union_schema(members: list[Any]) -> dict[str, Any]:
    nullable = type(None) in members
    (only,) = [m for m in members if m is not type(None)]
    schema = type_schema(only)
    if not nullable:
        return schema
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if schema.get("type") in ("string", "integer", "boolean", "number"):
        return {**schema, "type": [schema["type"], "null"]}
    return {"oneOf": [{"type": "null"}, schema]}


def _object_schema(cls: type) -> dict[str, Any]:
    hints, docs = _hints(cls), field_docs(cls)
    properties = {name: _described(type_schema(hints[name]), docs.get(name)) for name in hints}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(hints),
        "properties": properties,
    }


def _described(schema: dict[str, Any], doc: str | None) -> dict[str, Any]:
    return {**schema, "description": _plain(doc)} if doc else schema


def _plain(doc: str) -> str:
    """A docstring as schema text: reST literals unquoted."""
    return doc.replace("``", "")


def article_schema() -> dict[str, Any]:
    """The JSON Schema of one exported line, from ``ArticleItem``."""
    hints, docs = _hints(ArticleItem), field_docs(ArticleItem)
    return {
        **SCHEMA_HEAD,
        "description": "One line of a Warta JSON-lines export: one clean news article.",
        "type": "object",
        "additionalProperties": False,
        "required": list(EXPORT_FIELDS),
        "properties": {name: _described(type_schema(hints[name]), docs[name]) for name in EXPORT_FIELDS},
    }


def schema_text() -> str:
    return json.dumps(article_schema(), indent=2, ensure_ascii=False) + "\n"


# ---- Markdown tables ----------------------------------------------------------------------------------
def type_name(annotation: Any) -> str:
    """A field's type as the docs write it: ``str``, ``str or null``, ``list[str]``, ``object or null``."""
    bare, extras = _split(annotation)
    members = _union_members(bare)
    if members is not None:
        named = [type_name(m) for m in members if m is not type(None)]
        nullable = type(None) in members and SET_BEFORE_EXPORT not in extras
        return " or ".join(named + (["null"] if nullable else []))
    if get_origin(bare) is Literal:
        return type_name(type(get_args(bare)[0]))
    if get_origin(bare) is list:
        return f"list[{type_name(get_args(bare)[0])}]"
    if is_typeddict(bare):
        return "object"
    return "null" if bare is type(None) else bare.__name__


def _markdown(doc: str) -> str:
    return doc.replace("``", "`").replace("|", "\\|")


def field_table(names: list[str], *, with_type: bool) -> str:
    """The Markdown table of ``names``: field, (type,) meaning, each meaning the field's docstring."""
    hints, docs = _hints(ArticleItem), field_docs(ArticleItem)
    head = "| field | type | meaning |\n|---|---|---|\n" if with_type else "| field | meaning |\n|---|---|\n"
    rows = []
    for name in names:
        cells = [f"`{name}`", *([type_name(hints[name])] if with_type else []), _markdown(docs[name])]
        rows.append("| " + " | ".join(cells) + " |\n")
    return head + "".join(rows)


def _marked(table: str, kind: str) -> str:
    return (
        f"<!-- ITEM_FIELDS {kind}: generated from crawler/items.py by python -m crawler.schema.generate -->\n"
        f"{table}<!-- /ITEM_FIELDS {kind} -->"
    )


_MARKED = re.compile(r"<!-- ITEM_FIELDS (?P<kind>[a-z]+):.*?<!-- /ITEM_FIELDS (?P=kind) -->", re.DOTALL)


def with_tables(text: str) -> str:
    """``text`` with every marked field table regenerated: ``exported`` (field, meaning), ``typed``
    (field, type, meaning) and ``internal`` (the fields never exported)."""
    tables = {
        "exported": lambda: field_table(EXPORT_FIELDS, with_type=False),
        "typed": lambda: field_table(EXPORT_FIELDS, with_type=True),
        "internal": lambda: field_table(INTERNAL_FIELDS, with_type=True),
    }
    return _MARKED.sub(lambda m: _marked(tables[m["kind"]](), m["kind"]), text)


# ---- the command -----------------------------------------------------------------------------------------
def generated() -> dict[Path, str]:
    """Each generated file and its content as it should be."""
    return {
        SCHEMA_FILE: schema_text(),
        README: with_tables(README.read_text(encoding="utf-8")),
        DESIGN: with_tables(DESIGN.read_text(encoding="utf-8")),
    }


def stale() -> list[Path]:
    """The generated files whose committed content differs from what the item defines."""
    return [path for path, text in generated().items() if path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the schema and field tables from crawler/items.py.")
    parser.add_argument("--check", action="store_true", help="only list stale files; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        paths = stale()
        for path in paths:
            print(f"stale: {path.relative_to(REPO)}")
        return 1 if paths else 0
    for path, text in generated().items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
