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

import json
from typing import Any

from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter, XmlItemExporter


class LineAtomicJsonLinesExporter(JsonLinesItemExporter):
    """``JsonLinesItemExporter`` that hands every line to the OS whole, as soon as it is exported."""

    def export_item(self, item: Any) -> None:
        super().export_item(item)
        self.file.flush()


def nested_as_json(value: Any) -> Any:
    """A list or dict as JSON text (UTF-8 kept readable); any other value as it is."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class JsonNestedCsvExporter(CsvItemExporter):
    """``CsvItemExporter`` whose list and dict fields are JSON text."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return super().serialize_field(field, name, nested_as_json(value))


class JsonNestedXmlExporter(XmlItemExporter):
    """``XmlItemExporter`` whose list and dict fields are one element holding JSON text."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return super().serialize_field(field, name, nested_as_json(value))
