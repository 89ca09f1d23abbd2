"""The dedup pipeline on its own: exact copies, near copies within and across portals, versions."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.extract.article import fingerprint as fingerprint_of
from pipelines.dedup import DedupPipeline
from spiders.portals import JagatbisnisSpider

STORY = (
    "Bank Indonesia menaikkan suku bunga acuan sebesar 25 basis poin menjadi 5,75 persen dalam rapat dewan "
    "gubernur yang berakhir Kamis sore. Gubernur Bank Indonesia mengatakan kenaikan itu untuk menjaga "
    "stabilitas nilai tukar rupiah di tengah ketidakpastian pasar keuangan global yang masih tinggi. "
    "Menurut dia, inflasi inti diperkirakan tetap terkendali dalam kisaran sasaran tiga persen plus minus "
    "satu persen hingga akhir tahun. Para ekonom menilai langkah tersebut sudah diperkirakan pasar sejak "
    "awal bulan ketika data inflasi Februari diumumkan oleh Badan Pusat Statistik di Jakarta."
)
LIGHT_EDIT = STORY.replace("Kamis sore", "Kamis petang").replace("masih tinggi", "belum mereda")
OTHER = (
    "Tim nasional sepak bola Indonesia menang dua gol tanpa balas atas Vietnam dalam laga persahabatan di "
    "Stadion Utama Gelora Bung Karno pada Selasa malam. Pelatih mengatakan para pemain tampil disiplin dan "
    "mampu menjalankan instruksi dengan baik sepanjang pertandingan yang disaksikan puluhan ribu penonton. "
    "Gol pertama dicetak pada menit ke-23 melalui sundulan, sedangkan gol kedua lahir dari tendangan bebas "
    "menjelang turun minum. Pertandingan berikutnya dijadwalkan berlangsung di Surabaya bulan depan."
)


def _item(url: str, body: str, portal: str = "jagatbisnis") -> dict:
    return {
        "canonicalUrl": url,
        "url": url,
        "portal": portal,
        "articleBody": body,
        "fingerprint": fingerprint_of(body),
        "dateModified": None,
        "datePublished": "2023-03-16T10:00:00+07:00",
    }


@pytest.fixture
def pipeline(tmp_path):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path)})
    crawler.spider = crawler._create_spider()
    pipe = DedupPipeline.from_crawler(crawler)
    pipe.open_spider()
    yield pipe
    pipe.close_spider()
    pipe.state.close()


def _export(pipe: DedupPipeline, item: dict) -> dict:
    """What happens to an item that passes: the feeds write it, then ``item_delivered`` fires."""
    out = pipe.process_item(item)
    pipe.item_delivered(out, response=None)
    return out


def test_a_lightly_edited_copy_on_the_same_portal_is_dropped(pipeline):
    _export(pipeline, _item("https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/", STORY))
    with pytest.raises(DropItem, match="near_duplicate"):
        pipeline.process_item(_item("https://jagatbisnis.com/2023/03/17/bi-naikkan-bunga-lagi/", LIGHT_EDIT))
    assert pipeline.stats.get_value("warta/dropped/near_duplicate") == 1


def test_a_copy_on_another_portal_is_kept_and_points_to_the_first(pipeline):
    first = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
    _export(pipeline, _item(first, STORY))
    copy = _export(
        pipeline, _item("https://kabarnusa.id/2023/03/16/bi-naikkan-bunga/", LIGHT_EDIT, "kabarnusa")
    )
    assert copy["duplicateOf"] == first


def test_a_different_story_is_not_a_duplicate(pipeline):
    _export(pipeline, _item("https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/", STORY))
    other = _export(pipeline, _item("https://jagatbisnis.com/2023/03/16/timnas-menang/", OTHER))
    assert other["duplicateOf"] is None and other["version"] == 1


def test_an_identical_body_under_another_url_is_dropped(pipeline):
    _export(pipeline, _item("https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/", STORY))
    with pytest.raises(DropItem, match="duplicate_body"):
        pipeline.process_item(_item("https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga-2/", STORY))


def test_same_url_unchanged_is_dropped_and_changed_is_a_new_version(pipeline):
    url = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
    _export(pipeline, _item(url, STORY))
    pipeline.store.run_id = "the-next-scheduled-run"
    with pytest.raises(DropItem, match="unchanged"):
        pipeline.process_item(_item(url, STORY))
    edited = _export(pipeline, _item(url, LIGHT_EDIT))
    assert edited["version"] == 2


def test_nothing_is_remembered_before_the_export(pipeline):
    url = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
    pipeline.process_item(_item(url, STORY))  # killed before the exporter wrote it
    assert pipeline.store.get(url) is None
    assert pipeline.process_item(_item(url, STORY))["version"] == 1


def test_a_second_copy_of_a_url_in_the_same_run_is_dropped(pipeline):
    url = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
    _export(pipeline, _item(url, STORY))
    with pytest.raises(DropItem, match="duplicate_url"):
        pipeline.process_item(_item(url, LIGHT_EDIT))


@pytest.mark.parametrize(
    ("feed", "committed_at_once"),
    [
        ({"articles.jsonl": {"format": "jsonlines"}}, False),  # grouped: recovery redoes a lost group
        ({"articles.csv": {"format": "csv"}}, True),  # recovery cannot read a CSV back
        ({"articles.jsonl": {"format": "jsonlines", "fields": ["url", "headline", "articleBody"]}}, True),
    ],
)
def test_with_a_feed_recovery_cannot_read_back_each_record_is_committed(tmp_path, feed, committed_at_once):
    """A kill loses the records of an uncommitted group; export recovery redoes them from the export's
    last lines, which a CSV file or a JSON-lines file without the fingerprint cannot give back."""
    import sqlite3

    feeds = {str(tmp_path / name): options for name, options in feed.items()}
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "FEEDS": feeds})
    crawler.spider = crawler._create_spider()
    pipe = DedupPipeline.from_crawler(crawler)
    pipe.open_spider()
    try:
        url = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
        _export(pipe, _item(url, STORY))
        with sqlite3.connect(tmp_path / "state" / "jagatbisnis.sqlite") as other:  # what a kill would leave
            held = other.execute("SELECT count(*) FROM articles WHERE canonical_url = ?", (url,)).fetchone()
        assert held[0] == (1 if committed_at_once else 0)
    finally:
        pipe.close_spider()
        pipe.state.close()
