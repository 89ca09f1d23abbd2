"""Items in the shape of zyte-common-items' ``Article``, for teams whose code already reads that shape:
``-o articles.jl:zyte_jsonlines`` (or a ``FEEDS`` entry with ``"format": "zyte_jsonlines"``).

The field names are those of ``zyte_common_items.Article`` (``zyte_common_items/items/article.py``) and of
its components ``Author`` (``name``, ``nameRaw``, ``email``, ``url``), ``Image`` (``url``) and
``ArticleMetadata`` (``dateDownloaded``, ``probability``); docs/schema-mapping.md maps every Warta field.
Like zyte-common-items' own item adapter, a field with no value (null, an empty list) is left out; ``url``
is always there. What Zyte's Article has no field for (tags, section, editors, dateline, ``fingerprint``,
``version`` …) stays in the Warta export: write both feeds from one run when both are wanted.

The dates keep Warta's rule: a day known without its time is written as the day (``2022-03-15``), never a
made-up midnight, where Zyte's schema describes a date-time. ``metadata.probability`` is 1.0: the
validation pipeline drops every page that is not an article before a feed sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from itemadapter import ItemAdapter
from scrapy.utils.python import to_bytes

from crawler.exports.exporters import LineAtomicJsonLinesExporter

# zyte_common_items.Article's fields, in its declaration order (the ones written here are a subset).
ZYTE_ARTICLE_FIELDS = (
    "headline",
    "datePublished",
    "datePublishedRaw",
    "dateModified",
    "dateModifiedRaw",
    "authors",
    "breadcrumbs",
    "inLanguage",
    "mainImage",
    "images",
    "description",
    "articleBody",
    "articleBodyHtml",
    "videos",
    "audios",
    "canonicalUrl",
    "url",
    "metadata",
)
# Warta fields copied under the same name.
_SAME_NAME = (
    "headline",
    "datePublished",
    "datePublishedRaw",
    "dateModified",
    "dateModifiedRaw",
    "inLanguage",
    "description",
    "articleBody",
    "canonicalUrl",
    "url",
)


def zyte_article(item: Mapping[str, Any]) -> dict[str, Any]:
    """The Zyte ``Article`` of one Warta item (a mapping of its fields), empty values left out."""
    out: dict[str, Any] = {name: item.get(name) for name in _SAME_NAME}
    # people first, then organisational credits: Zyte's Article has one list of every author
    names = [*(item.get("authors") or []), *(item.get("authorsOrg") or [])]
    out["authors"] = [{"name": name} for name in dict.fromkeys(names)]
    lead = item.get("mainImage")
    out["mainImage"] = {"url": lead["url"]} if isinstance(lead, Mapping) and lead.get("url") else None
    out["images"] = [{"url": image["url"]} for image in item.get("images") or [] if image.get("url")]
    out["metadata"] = {"dateDownloaded": item.get("crawledAt"), "probability": 1.0}
    if out["metadata"]["dateDownloaded"] is None:
        del out["metadata"]["dateDownloaded"]
    return {name: out[name] for name in ZYTE_ARTICLE_FIELDS if name in out and not _empty(out[name])}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | tuple | dict) and not value)


class ZyteArticleJsonLinesExporter(LineAtomicJsonLinesExporter):
    """JSON lines of Zyte ``Article`` objects, each line whole (``LineAtomicJsonLinesExporter``).

    The feed's ``fields`` (``FEED_EXPORT_FIELDS``) name Warta's fields and do not apply here: every line
    has the Zyte shape."""

    def export_item(self, item: Any) -> None:
        data = zyte_article(ItemAdapter(item))
        self.file.write(to_bytes(self.encoder.encode(data) + "\n", self.encoding))
        self.file.flush()
