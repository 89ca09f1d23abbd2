"""A JSON-lines exporter that never leaves half an article in the file.

Scrapy's exporter writes into a buffered file, which the operating system sees in buffer-sized pieces: a
process killed mid-crawl can leave a cut line. This one flushes after every item, so each line reaches the
file in one write, before the item counts as exported in the state store.
"""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter


class LineAtomicJsonLinesExporter(JsonLinesItemExporter):
    """``JsonLinesItemExporter`` that hands every line to the OS whole, as soon as it is exported."""

    def export_item(self, item: Any) -> None:
        super().export_item(item)
        self.file.flush()
