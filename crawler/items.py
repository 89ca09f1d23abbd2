"""The article item: one stable schema for every portal.

The field names follow schema.org's NewsArticle where one exists. ``EXPORT_FIELDS`` is the exported
order; ``crawler/schema/article.schema.json`` describes each field for consumers of the JSON lines.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import scrapy

# Read through importlib.resources, so the schema loads from a zipped egg (scrapyd) as from a checkout.
SCHEMA_PATH = files("crawler") / "schema" / "article.schema.json"

EXPORT_FIELDS = [
    "url",
    "canonicalUrl",
    "portal",
    "headline",
    "description",
    "articleBody",
    "authors",
    "reporterCodes",
    "datePublished",
    "datePublishedRaw",
    "datePublishedSource",
    "dateModified",
    "dateModifiedRaw",
    "section",
    "tags",
    "mainImage",
    "inLanguage",
    "dateline",
    "mentionedDates",
    "source",
    "extractedBy",
    "crawledAt",
    "fingerprint",
    "version",
    "duplicateOf",
]

# Fields the pipelines use but consumers never see.
INTERNAL_FIELDS = ["pageType", "profileMisses", "dateDisagreements"]


class ArticleItem(scrapy.Item):
    """An extracted article; unknown keys raise, so a typo cannot silently add a column."""

    locals().update({name: scrapy.Field() for name in EXPORT_FIELDS + INTERNAL_FIELDS})


@cache
def article_schema() -> dict:
    """The JSON Schema of one exported line."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
