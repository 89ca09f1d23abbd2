"""The PostgreSQL sink's configuration, without a server: off without a DSN, and a table name that is not a
plain identifier is refused before any SQL is built (the sink against the real server:
tests/e2e/test_postgres.py)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from pipelines.postgres import PostgresPipeline


def test_without_a_dsn_the_sink_is_not_enabled(monkeypatch):
    monkeypatch.delenv("WARTA_POSTGRES_DSN", raising=False)
    with pytest.raises(NotConfigured):
        PostgresPipeline.from_crawler(get_crawler(Spider, {}))


def test_a_table_name_that_is_not_an_identifier_is_refused():
    crawler = get_crawler(
        Spider,
        {"WARTA_POSTGRES_DSN": "postgresql://x@127.0.0.1/x", "WARTA_POSTGRES_TABLE": "a; DROP TABLE b"},
    )
    with pytest.raises(ValueError, match="plain SQL identifier"):
        PostgresPipeline.from_crawler(crawler)
