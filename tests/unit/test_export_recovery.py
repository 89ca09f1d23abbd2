"""Export recovery on its own: a cut last line is removed and the whole lines before it are kept, and the
last lines a commit group may have left unrecorded are found (the SIGKILLed crawls that need it are
tests/e2e/test_resume.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crawler.exports import recovery
from crawler.exports.recovery import (
    TAIL_LINES,
    cut_unterminated_tail,
    feed_candidates,
    last_lines,
    readable_feed,
    taken_by_every_feed,
)


def test_cut_tail_is_removed_and_whole_lines_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    whole = b'{"canonicalUrl": "https://x.test/1/"}\n{"canonicalUrl": "https://x.test/2/"}\n'
    path.write_bytes(whole + b'{"canonicalUrl": "https://x.te')
    assert cut_unterminated_tail(path) == len(b'{"canonicalUrl": "https://x.te')
    assert path.read_bytes() == whole
    assert cut_unterminated_tail(path) == 0
    assert [i["canonicalUrl"] for i in last_lines(path)] == ["https://x.test/1/", "https://x.test/2/"]


def test_a_file_that_is_one_cut_line_becomes_empty(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"canonicalUrl": "https://x.test/1/", "headl')
    assert cut_unterminated_tail(path) > 0
    assert path.read_bytes() == b""
    assert last_lines(path) == []


def _line(n: int, body: str = "") -> bytes:
    return json.dumps({"canonicalUrl": f"https://x.test/{n}/", "articleBody": body}).encode() + b"\n"


def test_lines_longer_than_a_read_piece_are_found_whole(tmp_path, monkeypatch):
    """The tail is read backwards a piece at a time: lines longer than a piece (bodies reach 500k
    characters) are all found, and a cut line longer than a piece is removed without the lines before."""
    monkeypatch.setattr(recovery, "TAIL_BYTES", 64)
    path = tmp_path / "a.jsonl"
    whole = b"".join(_line(n, "kata " * 40) for n in range(1, 41))
    path.write_bytes(whole + _line(41, "kata " * 60)[:250])
    assert cut_unterminated_tail(path) == 250
    assert path.read_bytes() == whole
    urls = [item["canonicalUrl"] for item in last_lines(path)]
    assert urls == [f"https://x.test/{n}/" for n in range(41 - TAIL_LINES, 41)]


def test_a_feed_in_batches_is_read_from_as_many_newest_files_as_hold_its_last_lines(tmp_path):
    """A commit group may span several batch files (``%(batch_id)s``): the newest ones together holding
    TAIL_LINES lines are checked, oldest first."""
    paths = []
    for batch in range(1, 21):
        path = tmp_path / f"feed-{batch}.jsonl"
        path.write_bytes(b"".join(_line(batch * 10 + n) for n in range(5)))
        os.utime(path, (1_000_000 + batch, 1_000_000 + batch))
        paths.append(path)
    found = feed_candidates(str(tmp_path / "feed-%(batch_id)s.jsonl"), {})
    newest = -(-TAIL_LINES // 5)
    assert found == paths[-newest:]


def _own(n: int, crawled: str = "2026-12-06T03:00:00+00:00") -> dict:
    return {
        "canonicalUrl": f"https://x.test/{n}/",
        "crawledAt": crawled,
        "fingerprint": f"f{n}",
        "version": 1,
    }


def _zyte(n: int, crawled: str = "2026-12-06T03:00:00+00:00") -> dict:
    return {
        "url": f"https://x.test/{n}/",
        "canonicalUrl": f"https://x.test/{n}/",
        "metadata": {"dateDownloaded": crawled},
    }


def test_only_lines_every_feed_holds_are_recorded():
    """A kill between two feeds' writes: the last article is in the first feed only, and an older export
    of article 2 (another crawl time) in the second does not stand for this one."""
    own = [_own(1), _own(2, "2026-12-06T03:00:09+00:00"), _own(3)]
    zyte = [_zyte(1), _zyte(2)]
    assert [item["canonicalUrl"] for item in taken_by_every_feed([zyte, own])] == ["https://x.test/1/"]
    assert taken_by_every_feed([own]) == own
    assert taken_by_every_feed([zyte]) == []  # no fingerprint or version to record


def test_feeds_read_back_are_local_json_lines_files():
    from scrapy.settings import Settings

    from crawler import settings as project

    exporters = Settings({"FEED_EXPORTERS": project.FEED_EXPORTERS}).getwithbase("FEED_EXPORTERS")
    assert readable_feed("/tmp/a.jsonl", {"format": "jsonlines"}, exporters)
    assert readable_feed("file:///tmp/a.jl", {"format": "jl"}, exporters)
    assert readable_feed("/tmp/z.jl", {"format": "zyte_jsonlines"}, exporters)
    assert not readable_feed("/tmp/a.csv", {"format": "csv"}, exporters)
    assert not readable_feed("stdout:", {"format": "jsonlines"}, exporters)
    assert not readable_feed("ftp://u:p@127.0.0.1/a.jsonl", {"format": "jsonlines"}, exporters)


def test_a_json_lines_feed_without_the_fields_a_line_is_recorded_on_is_not_read_back():
    """Its lines hold no fingerprint or version to record, nor the crawl time a line is matched on."""
    from scrapy.settings import Settings

    from crawler import settings as project

    exporters = Settings({"FEED_EXPORTERS": project.FEED_EXPORTERS}).getwithbase("FEED_EXPORTERS")
    jsonl = {"format": "jsonlines"}
    text_only = ["url", "canonicalUrl", "headline", "articleBody"]
    assert not readable_feed("/tmp/a.jsonl", jsonl, exporters, text_only)  # FEED_EXPORT_FIELDS
    assert not readable_feed("/tmp/a.jsonl", {**jsonl, "fields": text_only}, exporters)
    kept = [*text_only, "crawledAt", "fingerprint", "version"]
    assert readable_feed("/tmp/a.jsonl", jsonl, exporters, kept)
    assert readable_feed("/tmp/a.jsonl", {**jsonl, "fields": kept}, exporters, text_only)  # the feed's own
    renamed = {name: name for name in kept} | {"fingerprint": "hash"}
    assert not readable_feed("/tmp/a.jsonl", {**jsonl, "fields": renamed}, exporters)


@pytest.mark.parametrize("piece", [None, 5, 64])
def test_an_overwritten_xml_export_a_kill_left_open_is_kept_closed_after_its_last_whole_item(
    tmp_path, monkeypatch, piece
):
    """A killed ``-O out.xml`` run's file has no closing root tag: no XML reader took it, though the
    state counts its articles as delivered. Kept aside, it is closed after its last whole item (the cut
    one was never recorded: the next run exports it). The file is read from its end a piece at a time
    (``piece``: pieces smaller than the tags, so one is cut between two pieces), never whole."""
    if piece is not None:
        monkeypatch.setattr(recovery, "TAIL_BYTES", piece)
    import io

    from lxml import etree
    from scrapy.utils.test import get_crawler

    from crawler.exports.exporters import JsonNestedXmlExporter
    from crawler.exports.recovery import ExportRecovery, incomplete_mark
    from crawler.extract import extract_article
    from crawler.state.component import ArticleState
    from spiders.portals import JagatbisnisSpider

    fixture = Path(__file__).parents[1] / "fixtures" / "extract" / "images_article.html"
    url = "https://www.suarapriangan.id/2025/06/18/banjir-rendam-ratusan-rumah-di-dayeuhkolot/"
    article = extract_article(fixture.read_bytes(), url)
    written = io.BytesIO()
    exporter = JsonNestedXmlExporter(written, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.export_item(article)
    whole = written.getvalue()  # the kill came before finish_exporting, in the middle of the second item
    out = tmp_path / "out.xml"
    out.write_bytes(whole[: whole.index(b"</item>") + 7] + b"<item><url>https://www.suarapri")
    incomplete_mark(out).write_text("", encoding="utf-8")  # the killed run never got to write a reason

    settings = {"WARTA_DATA_DIR": str(tmp_path), "FEEDS": {str(out): {"format": "xml", "overwrite": True}}}
    crawler = get_crawler(JagatbisnisSpider, settings)
    try:
        ExportRecovery(crawler)
    finally:
        ArticleState.from_crawler(crawler).close()
    (kept,) = tmp_path.glob("out.killed-*.xml")
    items = etree.parse(str(kept)).getroot().findall("item")  # an XMLSyntaxError before
    assert [item.findtext("canonicalUrl") for item in items] == [article.canonicalUrl]
    assert not out.exists()
