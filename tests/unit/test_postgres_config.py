"""The PostgreSQL sink without a server: off without a DSN, a table name that is not a plain identifier
refused before any SQL is built, a DSN that is no connection string refused at start, the retry wait, an
item that cannot be a row (the sink against a real server: tests/e2e/test_postgres.py and
test_postgres_outage.py)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from crawler.sink.outbox import Counts, Outbox
from pipelines.postgres import PostgresPipeline, backoff
from spiders.portals import JagatbisnisSpider


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


@pytest.mark.parametrize("dsn", ["notadsn", "postgresql://warta:s3cret@db.internal/berita extra"])
def test_a_dsn_that_is_no_connection_string_is_refused_without_repeating_it(dsn):
    """A configuration error stops the crawl at start; the message does not quote the DSN, which may
    hold a password (psycopg's own quotes it). A server that refuses a good DSN is an outage instead."""
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_POSTGRES_DSN": dsn})
    with pytest.raises(ValueError, match="is not a PostgreSQL connection string") as refused:
        PostgresPipeline.from_crawler(crawler)
    assert "s3cret" not in str(refused.value) and refused.value.__cause__ is None


@pytest.mark.parametrize("dsn", ["postgresql://warta@127.0.0.1:5432/berita", "host=127.0.0.1 dbname=berita"])
def test_a_connection_string_is_taken_as_given(dsn):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_POSTGRES_DSN": dsn})
    assert PostgresPipeline.from_crawler(crawler).dsn == dsn


def test_the_retry_wait_doubles_up_to_its_bound():
    assert [backoff(n, 0.5, 10.0) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_an_item_that_cannot_be_a_row_is_counted_and_goes_on_without_entering_the_outbox(tmp_path):
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_POSTGRES_DSN": "postgresql://x@127.0.0.1/x"})
    pipeline = PostgresPipeline.from_crawler(crawler)
    pipeline.outbox = Outbox(tmp_path / "outbox.sqlite")
    broken = {"headline": "Tanpa URL kanonik", "version": 1}
    assert pipeline.process_item(broken) is broken
    assert crawler.stats.get_value("warta/sink/unstorable") == 1
    assert pipeline.outbox.counts() == Counts(waiting=0, refused=0)
