"""The project's exporters: JSON lines that never leave half an article, CSV and XML with nested fields
as JSON.

Scrapy's exporter writes into a buffered file, which the operating system sees in buffer-sized pieces: a
process killed mid-crawl can leave a cut line. The JSON-lines one flushes after every item, so each line
reaches the file in one write, before the item counts as exported in the state store.

Scrapy's CSV exporter writes a list as its items joined by commas and a dict as Python's ``repr``
(``{'url': 'https://…', 'caption': None}``), which no other program reads back: ``authors``,
``mainImage``, ``images`` and ``mentionedDates`` are written as JSON text instead, in CSV cells and XML
elements alike, so a reader parses every nested field the same way.

The same articles in zyte-common-items' ``Article`` shape: ``crawler.exports.zyte``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter, XmlItemExporter


@cache
def plain_fields(item_type: type) -> frozenset[str] | None:
    """The field names of a dataclass item type none of whose fields names a ``serializer``, else None."""
    if not dataclasses.is_dataclass(item_type):
        return None
    fields = dataclasses.fields(item_type)
    if any("serializer" in field.metadata for field in fields):
        return None
    return frozenset(field.name for field in fields)


class LineAtomicJsonLinesExporter(JsonLinesItemExporter):
    """``JsonLinesItemExporter`` that hands every line to the OS whole, as soon as it is exported."""

    def export_item(self, item: Any) -> None:
        super().export_item(item)
        self.file.flush()

    def get_serialized_fields(
        self, item: Any, default_value: Any = None, include_empty: bool | None = None
    ) -> Iterable[tuple[str, Any]]:
        """Scrapy's fields for an article (``FEED_EXPORT_FIELDS`` in order, each value as it is): read
        straight off the dataclass. Scrapy's loop asks itemadapter for each field's metadata and
        serializer, 28 µs an article against 1.5; any other item or option takes Scrapy's way."""
        names = plain_fields(type(item))
        wanted = self.fields_to_export
        if (
            names is None
            or include_empty is not None
            or self.export_empty_fields
            or not isinstance(wanted, list | tuple)
            or not all(isinstance(name, str) for name in wanted)
        ):
            return super().get_serialized_fields(item, default_value, include_empty)
        return [(name, getattr(item, name)) for name in wanted if name in names]


def nested_as_json(value: Any) -> Any:
    """A list or dict as JSON text (UTF-8 kept readable); any other value as it is."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def appends_to_lines(file: Any) -> bool:
    """True when ``file`` was opened to append to a file that already holds something (``-o out.csv`` on
    a scheduled run's second day): its position is past the start. Stdout and temporary files of remote
    storages say no."""
    try:
        return file.tell() > 0
    except (AttributeError, OSError, ValueError):
        return False


class JsonNestedCsvExporter(CsvItemExporter):
    """``CsvItemExporter`` whose list and dict fields are JSON text, and that writes its header line only
    at the top of the file: appended after an earlier run's rows, a second header was read as an article
    by every CSV reader."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        # without a header line the rows keep its columns: the item's fields, in their order
        kwargs.setdefault("include_headers_line", not appends_to_lines(file))
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return super().serialize_field(field, name, nested_as_json(value))


# What XML 1.0 cannot hold, even as a character reference: C0 controls but tab and line ends, surrogates,
# U+FFFE and U+FFFF. A page's text may carry them (a JSON-LD date with ``\u001b``, a keyword with
# ``&#xFFFE;``), and Scrapy's exporter writes them as they are, leaving a file no XML parser reads.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> Any:
    """A string without the characters XML 1.0 cannot hold; any other value as it is."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def xml_scalar(value: Any) -> Any:
    """A missing value as an empty element and a flag as an XML Schema boolean; Scrapy writes Python's
    ``str()``: ``<duplicateOf>None</duplicateOf>``, a text every reader takes for a value (a URL the
    article would copy), and ``True``, which ``xs:boolean`` does not accept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class JsonNestedXmlExporter(XmlItemExporter):
    """``XmlItemExporter`` whose list and dict fields are one element holding JSON text, whose missing
    values are empty elements, and whose text holds only characters XML 1.0 allows, so one article's stray
    control character cannot make the whole file unreadable."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return super().serialize_field(field, name, xml_text(xml_scalar(nested_as_json(value))))
