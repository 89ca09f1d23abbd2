"""Checking one exported line against the item's JSON Schema: the ``WARTA_VALIDATE_SCHEMA`` pipeline and
the tests ask the same validator.

jsonschema (the reference implementation, an optional dependency: ``pip install 'warta[validate]'``) checks
types, patterns, bounds and required fields. Of the formats the schema names it checks ``date`` itself and
leaves ``date-time`` and ``uri`` to further packages; those two are checked here with the standard
library, so every format the schema states is one the validator enforces (``2022-02-30`` is no date).

jsonschema is imported when a validator is first asked for, never by importing this module.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from crawler.items import article_schema

# RFC 3339's date-time: a full date, a time with seconds, and an offset or Z
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
_NOT_IN_URI = frozenset(' <>"{}|\\^`')
MAX_REASON_CHARS = 200


def is_date_time(value: object) -> bool:
    """An RFC 3339 date-time that names a real moment (no 30 February, no hour 25)."""
    if not isinstance(value, str):
        return True  # formats constrain strings only
    if not _DATE_TIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_uri(value: object) -> bool:
    """An absolute URI: a scheme, ASCII only, nothing a URI has to escape."""
    if not isinstance(value, str):
        return True
    if not value.isascii() or not value.isprintable() or not _NOT_IN_URI.isdisjoint(value):
        return False
    try:
        return bool(urlsplit(value).scheme)
    except ValueError:
        return False


@cache
def line_validator() -> Any:
    """A Draft 2020-12 validator of ``article.schema.json`` that enforces its formats. Raises ImportError
    without jsonschema."""
    import jsonschema

    checker = jsonschema.FormatChecker()  # jsonschema's own checks (date among them) ...
    checker.checks("date-time")(is_date_time)  # ... and the two it leaves to other packages
    checker.checks("uri")(is_uri)
    schema = article_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def problem(line: dict[str, Any]) -> str | None:
    """Why ``line`` (the exported fields of one item) is not a valid line, in one short line; None when it
    is. The line is checked as the exporter writes it: through JSON, so a value JSON cannot hold is a
    problem too, not an exporter crash."""
    try:
        data = json.loads(json.dumps(line, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        return f"not JSON: {exc}"[:MAX_REASON_CHARS]
    error = next(iter(sorted(line_validator().iter_errors(data), key=_where)), None)
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "(line)"
    message = " ".join(error.message.split())
    return f"{where}: {message}"[:MAX_REASON_CHARS]


def _where(error: Any) -> tuple[str, ...]:
    """Errors sorted by where they are, so the reason named for a line is always the same one."""
    return tuple(str(part) for part in error.absolute_path)
