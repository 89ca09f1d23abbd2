"""The ``zyte_jsonlines`` feed format: each article in zyte-common-items' ``Article`` shape (field names as
that package defines them; docs/schema-mapping.md), written through Scrapy's feed-export machinery."""

from __future__ import annotations

import io
import json
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.utils.misc import load_object

from crawler import settings
from crawler.exports.zyte import ZYTE_ARTICLE_FIELDS, ZyteArticleJsonLinesExporter, zyte_article
from crawler.extract import extract_article

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
URL = "https://www.suarapriangan.id/2025/06/18/banjir-rendam-ratusan-rumah-di-dayeuhkolot/"


def stamped_item():
    """The images page's item as the crawl exports it (crawledAt, version set)."""
    item = extract_article((FIXTURES / "images_article.html").read_bytes(), URL)
    ItemAdapter(item).update(crawledAt="2026-11-28T11:47:05Z", version=1)
    return item


def export(items: list) -> list[dict]:
    out = io.BytesIO()
    exporter = ZyteArticleJsonLinesExporter(
        out, encoding="utf-8", fields_to_export=settings.FEED_EXPORT_FIELDS
    )
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    text = out.getvalue().decode("utf-8")
    assert text.endswith("\n") and "\\u" not in text  # whole lines, UTF-8 kept readable
    return [json.loads(line) for line in text.splitlines()]


def test_the_feed_format_is_registered_with_scrapy() -> None:
    assert load_object(settings.FEED_EXPORTERS["zyte_jsonlines"]) is ZyteArticleJsonLinesExporter


def test_an_article_in_the_zyte_shape() -> None:
    item = stamped_item()
    (line,) = export([item])
    assert list(line) == [name for name in ZYTE_ARTICLE_FIELDS if name in line]  # Zyte's field order
    assert line == {
        "headline": "Banjir Rendam Ratusan Rumah di Dayeuhkolot",
        "datePublished": item.datePublished,
        "datePublishedRaw": item.datePublishedRaw,
        "authors": [{"name": "Rina Marlina"}],
        "inLanguage": "id",
        "mainImage": {"url": item.mainImage["url"]},
        "images": [{"url": image["url"]} for image in item.images],
        "description": item.description,
        "articleBody": item.articleBody,
        "canonicalUrl": item.canonicalUrl,
        "url": URL,
        "metadata": {"dateDownloaded": "2026-11-28T11:47:05Z", "probability": 1.0},
    }
    assert len(line["images"]) == 3 and line["datePublished"] == "2025-06-18T09:15:00+07:00"


def test_empty_fields_are_left_out_and_organisations_are_authors_too() -> None:
    data = dict(ItemAdapter(stamped_item()))
    data.update(
        authors=["Rina Marlina"],
        authorsOrg=["Tim Suara Priangan"],
        dateModified=None,
        description=None,
        mainImage=None,
        images=[],
        datePublished="2025-06-18",  # a day alone stays a day: no made-up midnight
    )
    zyte = zyte_article(data)
    assert zyte["authors"] == [{"name": "Rina Marlina"}, {"name": "Tim Suara Priangan"}]
    assert zyte["datePublished"] == "2025-06-18"
    for gone in ("dateModified", "dateModifiedRaw", "description", "mainImage", "images"):
        assert gone not in zyte, gone
    # Warta's own fields have no place in Zyte's Article
    assert set(zyte) <= set(ZYTE_ARTICLE_FIELDS)
    assert not {"tags", "section", "editors", "fingerprint", "version", "publisher"} & set(zyte)


def test_an_item_not_yet_stamped_has_no_download_date() -> None:
    item = extract_article((FIXTURES / "images_article.html").read_bytes(), URL)
    assert zyte_article(ItemAdapter(item))["metadata"] == {"probability": 1.0}
