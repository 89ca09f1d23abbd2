"""Which item fields a test compares with the demo portal's truth: derived from the item, never listed."""

from __future__ import annotations

from crawler.items import EXPORT_FIELDS

# What only the crawl itself can say (the fetch, the extractor's raw text and path, the state's verdicts).
CRAWL_ONLY = frozenset(
    {
        "url",
        "extractedBy",  # checked on its own where it matters
        "datePublishedRaw",
        "dateModifiedRaw",
        "crawledAt",
        "fingerprint",
        "version",
        "duplicateOf",
    }
)
# What the schema says of every line alike (checked against ``crawler.items.SCHEMA_VERSION`` on its own).
SCHEMA_ONLY = frozenset({"schemaVersion"})
# Every exported field the truth knows, in export order.
TRUTH_FIELDS = [field for field in EXPORT_FIELDS if field not in CRAWL_ONLY | SCHEMA_ONLY]
