"""``-o FILE`` on scheduled runs appends each run's articles to the same file. JSON lines and CSV can take
that; a CSV gets its header line once, at the top. An XML or JSON file holds one document, so a feed
that would append a second one to it refuses to start, naming the fix, instead of leaving a file no
reader takes after a run that exited 0."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from lxml import etree
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.test import get_crawler

from crawler.exports.delivery import DeliveringFeedExporter, FeedUnavailable
from crawler.exports.exporters import JsonNestedCsvExporter, JsonNestedXmlExporter
from crawler.extract import extract_article

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
URL = "https://www.suarapriangan.id/2025/06/18/banjir-rendam-ratusan-rumah-di-dayeuhkolot/"


def _run(path: Path, exporter_class: type, item: object) -> None:
    """One scheduled run's feed: the file opened as Scrapy's local storage opens it for ``-o``."""
    storage = FileFeedStorage(str(path), feed_options={"overwrite": False})
    file = storage.open(None)
    exporter = exporter_class(file, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()
    file.close()


def test_a_csv_appended_to_by_a_second_run_has_one_header_line(tmp_path: Path) -> None:
    item = extract_article((FIXTURES / "images_article.html").read_bytes(), URL)
    out = tmp_path / "articles.csv"
    _run(out, JsonNestedCsvExporter, item)
    _run(out, JsonNestedCsvExporter, item)
    text = out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2  # the second header line was read as a third article
    assert [row["canonicalUrl"] for row in rows] == [item.canonicalUrl] * 2
    assert text.count("url,canonicalUrl,") == 1


def test_an_appended_xml_would_hold_two_documents(tmp_path: Path) -> None:
    """The premise of the refusal below: appended, Scrapy's XML export is not XML any more."""
    item = extract_article((FIXTURES / "images_article.html").read_bytes(), URL)
    out = tmp_path / "articles.xml"
    _run(out, JsonNestedXmlExporter, item)
    etree.parse(str(out))
    _run(out, JsonNestedXmlExporter, item)
    with pytest.raises(etree.XMLSyntaxError):
        etree.parse(str(out))


def _exporter(feeds: dict) -> DeliveringFeedExporter:
    return DeliveringFeedExporter(get_crawler(settings_dict={"FEEDS": feeds}))


@pytest.mark.parametrize(("name", "format_"), [("articles.xml", "xml"), ("articles.json", "json")])
def test_a_feed_that_would_append_a_second_document_refuses_to_start(
    tmp_path: Path, name: str, format_: str
) -> None:
    out = tmp_path / name
    out.write_text("<?xml version='1.0'?>\n<items></items>" if format_ == "xml" else "[]", encoding="utf-8")
    with pytest.raises(FeedUnavailable, match=rf"the feed .*{name} cannot be appended to: .* use -O"):
        _exporter({str(out): {"format": format_}})
    # Overwritten, a file of its own per run, or not there yet: each run writes one whole document.
    _exporter({str(out): {"format": format_, "overwrite": True}})
    _exporter({str(tmp_path / f"articles-%(time)s.{format_}"): {"format": format_}})
    _exporter({str(tmp_path / f"new.{format_}"): {"format": format_}})
    # JSON lines and CSV append well.
    for other in ("jsonlines", "csv"):
        (tmp_path / f"old.{other}").write_text("x\n", encoding="utf-8")
        _exporter({str(tmp_path / f"old.{other}"): {"format": other}})


def test_a_csv_feed_whose_file_has_other_columns_refuses_to_start(tmp_path: Path) -> None:
    """An upgrade that adds a field (``schemaVersion``, say) appended rows one column longer under the
    old header: every reader takes the new rows' values under the wrong names, and nothing says so."""
    from crawler.items import EXPORT_FIELDS

    item = extract_article((FIXTURES / "images_article.html").read_bytes(), URL)
    out = tmp_path / "articles.csv"
    older = [name for name in EXPORT_FIELDS if name != "schemaVersion"]
    file = FileFeedStorage(str(out), feed_options={"overwrite": False}).open(None)
    exporter = JsonNestedCsvExporter(file, encoding="utf-8", fields_to_export=older)
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()
    file.close()

    feed = {"format": "csv", "fields": list(EXPORT_FIELDS)}
    with pytest.raises(FeedUnavailable, match=r"articles\.csv cannot be appended to: its header line names"):
        _exporter({str(out): feed})
    _exporter({str(out): {**feed, "fields": older}})  # the same columns: appended under its header
    _exporter({str(out): {**feed, "overwrite": True}})
