"""Dedup: a canonical URL or an identical body is exported once, within a run and across runs.

The state is the embedded article store (SQLite under the data folder). An article whose canonical URL
is known with a different body is a new version of it and is exported again with ``version`` + 1.
"""

from __future__ import annotations

from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.state.articles import ArticleStore
from pipelines.drops import drop


class DedupPipeline:
    """Drops second copies by canonical URL and by exact body; numbers the versions of edited articles."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: ArticleStore | None = None
        self._this_run: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        path = Path(spider.data_dir) / "state" / f"{spider.name}.sqlite"
        self.store = ArticleStore(path)

    def close_spider(self) -> None:
        if self.store is not None:
            self.stats.set_value("warta/state/articles_known", len(self.store))
            self.store.close()

    def process_item(self, item: object) -> object:
        assert self.store is not None
        adapter = ItemAdapter(item)
        canonical = adapter["canonicalUrl"]
        fingerprint = adapter["fingerprint"]
        if canonical in self._this_run:
            raise drop(self.stats, "duplicate_url", canonical)
        known = self.store.get(canonical)
        if known is not None and known.fingerprint == fingerprint:
            raise drop(self.stats, "unchanged", canonical)
        owner = self.store.body_owner(fingerprint)
        if owner is not None and owner != canonical:
            raise drop(self.stats, "duplicate_body", f"{canonical} repeats {owner}")
        version = known.version + 1 if known is not None else 1
        adapter["version"] = version
        adapter.setdefault("duplicateOf", None)
        if version > 1:
            self.stats.inc_value("warta/items/updated")
        self._this_run.add(canonical)
        self.store.record(canonical, fingerprint, version, adapter["portal"], adapter.get("dateModified"))
        return item
