"""The article store as a crawl component: one per crawl, chosen by a setting, none for foreign spiders."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.state.articles import ArticleStore, SqliteArticleStore, state_file
from crawler.state.component import ArticleState
from pipelines.dedup import DedupPipeline
from spiders.portals import JagatbisnisSpider


class MemoryStore(SqliteArticleStore):
    """Another store named by the setting (an in-memory SQLite file)."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(":memory:")


def test_one_store_per_crawl_shared_by_spider_and_pipeline(tmp_path):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path)})
    crawler.spider = crawler._create_spider()
    pipeline = DedupPipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.store is crawler.spider.store is ArticleState.from_crawler(crawler).store
    assert isinstance(pipeline.store, ArticleStore)
    assert pipeline.store.path == tmp_path.resolve() / "state" / "jagatbisnis.sqlite"
    pipeline.close_spider()
    pipeline.state.close()


def test_the_setting_chooses_the_store(tmp_path):
    store_path = f"{__name__}.MemoryStore"
    crawler = get_crawler(
        JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), "WARTA_ARTICLE_STORE": store_path}
    )
    state = ArticleState.from_crawler(crawler)
    assert type(state.store) is MemoryStore
    state.close()
    assert not (tmp_path / "state").exists()


def test_foreign_spiders_keep_no_article_state(tmp_path):
    crawler = get_crawler(Spider, {"WARTA_DATA_DIR": str(tmp_path)})
    with pytest.raises(NotConfigured):
        ArticleState.from_crawler(crawler)
    with pytest.raises(NotConfigured):
        DedupPipeline.from_crawler(crawler)


@pytest.mark.parametrize("name", ["../escaped", "../../escaped", "/tmp/escaped-abs"])
def test_a_spider_name_cannot_put_the_state_outside_the_data_folder(tmp_path, name):
    with pytest.raises(ValueError, match="outside"):
        state_file(tmp_path, name)
    assert state_file(tmp_path, "kompas") == tmp_path.resolve() / "state" / "kompas.sqlite"
