"""``warta state forget|reexport`` end to end in-process: the command changes the spider's SQLite state,
the next run's dedup pipeline exports what it should under the version it should, and export recovery
does not undo the operator's change from an export line written before it."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.cli.main import main
from crawler.exports.recovery import ExportRecovery
from crawler.extract.article import fingerprint as fingerprint_of
from crawler.state.articles import FORGET, REEXPORT, SqliteArticleStore, state_file
from pipelines.dedup import DedupPipeline
from spiders.portals import JagatbisnisSpider
from tests.unit.test_dedup_pipeline import OTHER, STORY

URL = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
SECOND = "https://jagatbisnis.com/2023/03/17/timnas-menang/"


def _item(url: str, body: str) -> dict:
    return {
        "canonicalUrl": url,
        "url": url,
        "portal": "jagatbisnis",
        "articleBody": body,
        "fingerprint": fingerprint_of(body),
        "dateModified": None,
        "datePublished": "2023-03-16T10:00:00+07:00",
    }


class Run:
    """One crawl's dedup pipeline over the data folder's state (a new run id each time)."""

    def __init__(self, data_dir) -> None:
        crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(data_dir)})
        crawler.spider = crawler._create_spider()
        self.pipe = DedupPipeline.from_crawler(crawler)
        self.pipe.open_spider()

    def export(self, item: dict) -> dict:
        out = self.pipe.process_item(item)
        self.pipe.item_delivered(out, response=None)
        return out

    def stat(self, name: str) -> int:
        return self.pipe.stats.get_value(name, 0)

    def close(self) -> None:
        self.pipe.close_spider()
        self.pipe.state.close()


@pytest.fixture
def data_dir(tmp_path):
    run = Run(tmp_path)
    run.export(_item(URL, STORY))
    run.export(_item(SECOND, OTHER))
    run.close()
    return tmp_path


def _state(data_dir) -> SqliteArticleStore:
    return SqliteArticleStore(state_file(data_dir, "jagatbisnis"))


def _warta(data_dir, *args: str) -> int:
    return main(["state", *args, "--spider", "jagatbisnis", "--data-dir", str(data_dir)])


def test_reexport_exports_an_unchanged_article_again_under_the_version_it_had(data_dir, capsys):
    assert _warta(data_dir, "reexport", "--url", URL) == 0
    assert "1 URLs of jagatbisnis marked for re-export" in capsys.readouterr().out
    store = _state(data_dir)
    assert store.get(URL).reexport and store.fetched_signal(URL) == (False, None)  # fetched again
    assert not store.get(SECOND).reexport and store.fetched_signal(SECOND)[0]
    store.close()

    run = Run(data_dir)
    assert run.export(_item(URL, STORY))["version"] == 1
    assert run.stat("warta/items/reexported") == 1 and run.stat("warta/items/updated") == 0
    with pytest.raises(DropItem, match="unchanged"):  # the other article was not marked
        run.pipe.process_item(_item(SECOND, OTHER))
    run.close()

    later = Run(data_dir)  # the mark is spent once the article is exported
    with pytest.raises(DropItem, match="unchanged"):
        later.pipe.process_item(_item(URL, STORY))
    later.close()


def test_a_marked_article_whose_body_changed_gets_the_next_version(data_dir):
    assert _warta(data_dir, "reexport", "--url", URL) == 0
    run = Run(data_dir)
    edited = STORY.replace("Kamis sore", "Kamis petang")
    assert run.export(_item(URL, edited))["version"] == 2
    assert run.stat("warta/items/updated") == 1
    run.close()


def test_forget_makes_the_next_run_export_the_article_as_new(data_dir, capsys):
    assert _warta(data_dir, "forget", "--url", URL + "?utm_source=share") == 0  # canonical form found
    assert "1 URLs of jagatbisnis forgotten" in capsys.readouterr().out
    store = _state(data_dir)
    assert store.get(URL) is None and store.fetched_signal(URL) == (False, None)
    assert store.body_owner(fingerprint_of(STORY)) is None and store.mark_of(URL).kind == FORGET
    store.close()
    run = Run(data_dir)
    assert run.export(_item(URL, STORY))["version"] == 1
    run.close()
    store = _state(data_dir)
    assert store.mark_of(URL) is None and store.get(URL).version == 1
    store.close()


def test_forget_also_reaches_a_page_that_was_fetched_and_dropped(tmp_path):
    store = _state(tmp_path)
    dropped = "https://jagatbisnis.com/2023/03/18/kosong/"
    store.mark_fetched(dropped, None)  # an empty page dropped while the profile was broken
    store.close()
    assert _warta(tmp_path, "reexport", "--url", dropped) == 0  # never exported: nothing to re-export
    store = _state(tmp_path)
    assert store.fetched_signal(dropped)[0] and store.mark_of(dropped) is None
    store.close()
    assert _warta(tmp_path, "forget", "--url", dropped) == 0
    store = _state(tmp_path)
    assert store.fetched_signal(dropped) == (False, None)
    store.close()


def test_a_window_selects_what_was_exported_on_those_utc_days(data_dir, capsys):
    today = datetime.now(UTC).date().isoformat()
    assert _warta(data_dir, "reexport", "--until", "2001-01-01") == 0
    assert "0 URLs" in capsys.readouterr().out
    assert _warta(data_dir, "reexport", "--since", today, "--dry-run") == 0
    assert capsys.readouterr().out.splitlines()[1:] == [f"  {URL}", f"  {SECOND}"]
    assert not _state(data_dir).get(URL).reexport  # a dry run changes nothing
    assert _warta(data_dir, "reexport", "--since", today, "--until", today) == 0
    store = _state(data_dir)
    assert store.get(URL).reexport and store.get(SECOND).reexport
    store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["reexport", "--url", URL, "--since", "2023-01-01"], "not both"),
        (["reexport"], "select articles"),
        (["forget", "--since", "2023-02-01", "--until", "2023-01-01"], "after --until"),
        (["forget", "--since", "1 Jan"], "YYYY-MM-DD"),
        (["forget", "--url", "https://jagatbisnis.com/never/"], "none of"),
    ],
)
def test_bad_selections_are_refused_with_a_reason(data_dir, capsys, args, message):
    assert _warta(data_dir, *args) == 1
    assert message in capsys.readouterr().err


def test_a_spider_never_crawled_has_no_state_to_change(tmp_path, capsys):
    assert _warta(tmp_path, "forget", "--url", URL) == 1
    assert "no state for jagatbisnis" in capsys.readouterr().err
    assert not state_file(tmp_path, "jagatbisnis").exists()  # nothing created


def _line(url: str, body: str, version: int, crawled: float) -> dict:
    stamp = datetime.fromtimestamp(crawled, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {**_item(url, body), "version": version, "crawledAt": stamp}


def test_export_recovery_leaves_a_forgotten_article_forgotten(data_dir):
    before = time.time() - 60  # the line a run exported before the operator forgot the article
    assert _warta(data_dir, "forget", "--url", URL) == 0
    store = _state(data_dir)
    assert ExportRecovery._record_missing(store, _line(URL, STORY, 1, before)) is False
    assert store.get(URL) is None
    # A line crawled after the forget is the article's new export, killed before it was recorded.
    assert ExportRecovery._record_missing(store, _line(URL, STORY, 1, time.time() + 1)) is True
    assert store.get(URL).version == 1 and store.mark_of(URL) is None
    store.close()


def test_export_recovery_keeps_a_reexport_mark_until_the_new_line(data_dir):
    assert _warta(data_dir, "reexport", "--url", URL) == 0
    store = _state(data_dir)
    assert ExportRecovery._record_missing(store, _line(URL, STORY, 1, time.time() - 60)) is False
    assert store.mark_of(URL).kind == REEXPORT
    assert ExportRecovery._record_missing(store, _line(URL, STORY, 1, time.time() + 1)) is True
    assert store.mark_of(URL) is None and not store.get(URL).reexport
    store.close()


def test_the_state_of_a_running_crawl_is_left_alone(data_dir, capsys):
    """A crawl of the spider holds its run lock: the command refuses instead of changing (and settling)
    the state under it."""
    from crawler.state.lock import RunLock

    running = RunLock(state_file(data_dir, "jagatbisnis", ".lock"), "jagatbisnis")
    try:
        assert _warta(data_dir, "forget", "--url", URL) == 1
    finally:
        running.release()
    assert "jagatbisnis is already running" in capsys.readouterr().err
    assert _state(data_dir).get(URL) is not None
