"""CSV and XML exports write nested fields (lists, the lead image, mentioned dates) as JSON text, which
every reader can parse back, instead of Scrapy's comma-joined lists and Python ``repr`` of dicts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from lxml import etree

from crawler.exports.exporters import JsonNestedCsvExporter, JsonNestedXmlExporter

ITEM = {
    "canonicalUrl": "https://jagatbisnis.com/2022/03/15/harga-cabai-naik/",
    "headline": "Harga Cabai Naik Jelang Ramadan",
    "authors": ["Dewi Lestari", "Budi Santoso, S.E."],
    "mainImage": {"url": "https://jagatbisnis.com/wp-content/uploads/cabai.jpg", "caption": None},
    "images": [
        {"url": "https://jagatbisnis.com/wp-content/uploads/cabai.jpg", "caption": None},
        {"url": "https://jagatbisnis.com/wp-content/uploads/pasar.jpg", "caption": "Pasar Kramat Jati, 14/3"},
    ],
    "mentionedDates": [{"text": "Senin (14/3)", "date": "2022-03-14", "weekdayMatches": True}],
    "version": 1,
}
FIELDS = list(ITEM)


def test_csv_cells_of_nested_fields_are_json():
    out = io.BytesIO()
    exporter = JsonNestedCsvExporter(out, fields_to_export=FIELDS, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(ITEM)
    exporter.finish_exporting()
    row = next(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert json.loads(row["authors"]) == ["Dewi Lestari", "Budi Santoso, S.E."]
    assert json.loads(row["mainImage"]) == ITEM["mainImage"]
    assert json.loads(row["images"]) == ITEM["images"]
    assert json.loads(row["mentionedDates"]) == ITEM["mentionedDates"]
    assert row["headline"] == "Harga Cabai Naik Jelang Ramadan" and row["version"] == "1"


def test_xml_elements_of_nested_fields_hold_json():
    out = io.BytesIO()
    exporter = JsonNestedXmlExporter(out, fields_to_export=FIELDS, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(ITEM)
    exporter.finish_exporting()
    item = etree.fromstring(out.getvalue()).find("item")
    assert json.loads(item.findtext("authors")) == ITEM["authors"]
    assert json.loads(item.findtext("mainImage")) == ITEM["mainImage"]
    assert json.loads(item.findtext("images")) == ITEM["images"]
    assert json.loads(item.findtext("mentionedDates")) == ITEM["mentionedDates"]
    assert item.findtext("headline") == ITEM["headline"]


def test_an_article_with_characters_xml_cannot_hold_leaves_the_xml_export_readable():
    """A page's keyword with ``&#xFFFE;``, a body line with U+FFFE, a JSON-LD date ending in ``\\u001b``:
    the item keeps them (JSON lines write them fine), and the XML export leaves them out instead of
    writing a file no XML parser reads."""
    from crawler.extract import extract_article
    from crawler.items import EXPORT_FIELDS

    paragraph = "Harga beras di pasar induk Cipinang naik lagi pekan ini, menurut para pedagang di sana. "
    ld = {
        "@type": "NewsArticle",
        "headline": "Harga beras naik",
        "datePublished": "2023-03-15T10:00:00+07:00\x1b",
    }
    html = f"""<html><head><title>Harga beras naik</title>
<meta name="keywords" content="beras&#xFFFE;, pangan">
<script type="application/ld+json">{json.dumps(ld)}</script></head><body><h1>Harga beras naik</h1>
<article>{f"<p>{paragraph * 3}</p>" * 4}<p>Pasar&#xFFFE; ramai.</p></article></body></html>"""
    article = extract_article(html.encode(), "https://jagatbisnis.com/2023/03/15/harga-beras-naik/")
    assert article.tags[0] == "beras\ufffe" and article.datePublishedRaw.endswith("\x1b")
    out = io.BytesIO()
    exporter = JsonNestedXmlExporter(out, fields_to_export=list(EXPORT_FIELDS), encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    item = etree.fromstring(out.getvalue()).find("item")  # an XMLSyntaxError before
    assert json.loads(item.findtext("tags")) == ["beras", "pangan"]
    assert item.findtext("datePublishedRaw") == "2023-03-15T10:00:00+07:00"
    assert item.findtext("articleBody").endswith("Pasar ramai.")


def test_xml_missing_values_are_empty_and_flags_are_xml_booleans():
    """A new article has no ``duplicateOf``, a page without an edit no ``dateModified``: written as the
    text ``None`` they read as values (a consumer that skips copies skipped every article). A flag reads
    ``true``/``false``, as ``xs:boolean`` and the JSON lines have it, not Python's ``True``."""
    from crawler.extract import extract_article
    from crawler.items import EXPORT_FIELDS

    fixture = Path(__file__).parents[1] / "fixtures" / "extract" / "images_article.html"
    article = extract_article(
        fixture.read_bytes(),
        "https://www.suarapriangan.id/2025/06/18/banjir-rendam-ratusan-rumah-di-dayeuhkolot/",
    )
    article.version, article.duplicateOf, article.isAccessibleForFree = 1, None, True
    assert article.dateModified is None  # the premise: a page that was never edited
    out = io.BytesIO()
    exporter = JsonNestedXmlExporter(out, fields_to_export=list(EXPORT_FIELDS), encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    item = etree.fromstring(out.getvalue()).find("item")
    assert b">None<" not in out.getvalue()
    assert item.findtext("duplicateOf") == "" and item.findtext("dateModified") == ""
    assert item.findtext("isAccessibleForFree") == "true"
    assert item.findtext("version") == "1"
    assert item.findtext("headline") == article.headline
