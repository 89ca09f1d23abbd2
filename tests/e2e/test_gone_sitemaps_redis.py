"""The Redis article store remembers gone sitemaps like the SQLite one, kept across crawls."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

SITEMAP = "https://jagatbisnis.com/sitemap-2019-01.xml"


@pytest.fixture
def server(redis_url: str) -> Iterator:
    import redis

    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def prefix(server) -> Iterator[str]:
    name = f"wartatest-{uuid.uuid4().hex[:10]}"
    yield name
    if keys := list(server.scan_iter(f"{name}:*")):
        server.delete(*keys)


def test_the_redis_store_remembers_a_gone_sitemap_until_it_is_read_again(server, prefix) -> None:
    from crawler.discovery import FetchPolicy
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.keys import CrawlKeys

    keys = CrawlKeys(prefix, "jagatbisnis")
    store = RedisArticleStore(server, keys)
    assert store.gone_age(SITEMAP) is None
    store.mark_gone(SITEMAP)
    assert 0 <= store.gone_age(SITEMAP) < 60
    assert FetchPolicy(store, incremental=True, listing_ttl=0, gone_ttl=3600).gone(SITEMAP)
    assert keys.gone_pages not in keys.crawl_scoped()  # kept when the crawl's own keys are removed
    store.mark_page(SITEMAP)
    assert store.gone_age(SITEMAP) is None
